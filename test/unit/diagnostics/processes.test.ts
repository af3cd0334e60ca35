import * as assert from 'node:assert/strict';
import { DiagnosticsError } from '../../../src/core/diagnostics/errors';
import { chooseProcess, DotnetProcess, parseProcessList } from '../../../src/core/diagnostics/processes';

// What `dotnet-dump ps` (10.0.750501) printed in a side container of a chiseled stand-in running a web app.
const onePs = ' 1  dotnet  /usr/share/dotnet/dotnet  dotnet DiagWeb.dll  \n\n';

describe('diagnostics: the .NET processes of the target', () => {
  it('reads a tool\'s ps: pid, name, path, command line', () => {
    assert.deepEqual(parseProcessList(onePs), [{ pid: 1, name: 'dotnet', path: '/usr/share/dotnet/dotnet', commandLine: 'dotnet DiagWeb.dll' }]);
    assert.deepEqual(parseProcessList('  7  Worker  /app/Worker\r\n 12  dotnet  /usr/bin/dotnet  dotnet a.dll --urls http://+:8080\n'), [
      { pid: 7, name: 'Worker', path: '/app/Worker', commandLine: '' },
      { pid: 12, name: 'dotnet', path: '/usr/bin/dotnet', commandLine: 'dotnet a.dll --urls http://+:8080' },
    ]);
    assert.deepEqual(parseProcessList(''), []);
    assert.deepEqual(parseProcessList('No supported .NET processes were found\n'), []);
  });

  const p = (pid: number): DotnetProcess => ({ pid, name: 'dotnet', path: '/usr/bin/dotnet', commandLine: `dotnet app${pid}.dll` });

  it('takes the only one, else PID 1, else the one asked for', () => {
    assert.equal(chooseProcess([p(12)], 'web').pid, 12);
    assert.equal(chooseProcess([p(12), p(1)], 'web').pid, 1);
    assert.equal(chooseProcess([p(12), p(1)], 'web', 12).pid, 12);
  });

  it('says plainly when nothing .NET answers, when the one asked for is not .NET, and when it must be chosen', () => {
    const says = (run: () => unknown, kind: string, message: RegExp) => {
      try {
        run();
        assert.fail('expected an error');
      } catch (error) {
        assert.ok(error instanceof DiagnosticsError);
        assert.equal(error.kind, kind);
        assert.match(error.message, message);
      }
    };
    says(() => chooseProcess([], 'web'), 'not-dotnet', /^no \.NET process answers in container "web": .*it is not a \.NET app/);
    says(() => chooseProcess([p(12)], 'web', 3), 'not-dotnet', /process 3 in container "web" is not a \.NET process.*12 \(dotnet app12\.dll\)/);
    says(() => chooseProcess([p(12), p(13)], 'web'), 'several-processes', /several \.NET processes: 12 \(dotnet app12\.dll\), 13 \(dotnet app13\.dll\); choose one with --process <pid>/);
  });
});

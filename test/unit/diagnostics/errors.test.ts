import * as assert from 'node:assert/strict';
import {
  DiagnosticsError, explainHelperFailure, explainSideContainerFailure, explainToolFailure, lastLine,
} from '../../../src/core/diagnostics/errors';

// The messages below are what engines and tools printed (docker 20.10, dotnet-dump 10.0.750501, the .NET host),
// except where a comment says otherwise.

const own = { container: 'web', image: 'shop/web:1.0', toolsImageGiven: false };
const tool = { container: 'web', tool: 'dotnet-dump', user: '1654' };

const expect = (error: DiagnosticsError, kind: string, message: RegExp) => {
  assert.equal(error.kind, kind, error.message);
  assert.match(error.message, message);
  assert.equal(error.message.split('\n').length, 1, 'one line');
};

describe('diagnostics: what went wrong, in words a user can act on', () => {
  it('an image without dotnet (self-contained, AOT, not .NET): asks for --tools-image', () => {
    const stderr = 'Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: '
      + 'exec: "dotnet": executable file not found in $PATH: unknown\nError: failed to start containers: dotnet-containers-diag-web-abc123\n';
    expect(explainSideContainerFailure(stderr, own), 'no-runtime', /^the image of "web" has no `dotnet` to run the diagnostics tools .* pass --tools-image with an image that has a \.NET 8 or later runtime/);
    expect(explainSideContainerFailure(stderr, { ...own, image: 'busybox', toolsImageGiven: true }), 'no-runtime', /^the image busybox given with --tools-image has no `dotnet`/);
  });

  it('the target stopped meanwhile', () => {
    const stderr = 'Error response from daemon: container 7a0fa48df8f5d56064c018fb94f7b2c8f2b56fb28f65d92cb5fb5546a9be65e1 is not running\nError: failed to start containers: side\n';
    expect(explainSideContainerFailure(stderr, own), 'not-running', /^container "web" is not running: start it first/);
  });

  it('an engine that refuses to share the PID namespace: says so, with the engine\'s words', () => {
    // Shapes of refusals (rootless and user-namespaced engines, policy plugins); the engine's text is kept.
    for (const stderr of [
      'Error: cannot join pid namespace of container web: operation not permitted',
      'Error response from daemon: invalid PID mode: container:web',
      'Error: invalid config provided: cannot set PID namespace with a container in a different user namespace',
      'Error response from daemon: authorization denied by plugin opa-docker-authz: sharing the pid namespace (--pid) is not allowed',
    ]) {
      const error = explainSideContainerFailure(stderr, own);
      expect(error, 'pid-sharing-refused', /^the engine does not let a side container share the process namespace of "web" \(--pid container:…\)/);
      assert.ok(error.message.endsWith(stderr.replace(/^Error( response from daemon)?:\s*/, '')), error.message);
    }
  });

  it('anything else stays the engine\'s own first line', () => {
    expect(explainSideContainerFailure('Error: No such image: sha256:1234\n', own), 'engine', /^the side container for "web" \(image shop\/web:1\.0\) did not start: No such image: sha256:1234$/);
  });

  it('a runtime older than .NET 8 in the image: the tools cannot run there', () => {
    // The .NET host's own message for a net8.0 app on a machine with 6.0 only.
    const output = 'You must install or update .NET to run this application.\n\nApp: /dotnet-containers-diagnostics/helper/dotnet-containers-diagnostics-helper.dll\n'
      + 'Architecture: x64\nFramework: \'Microsoft.NETCore.App\', version \'8.0.0\' (x64)\n.NET location: /usr/share/dotnet/\n\n'
      + 'The following frameworks were found:\n  6.0.36 at [/usr/share/dotnet/shared/Microsoft.NETCore.App]\n';
    expect(explainHelperFailure(output, own), 'no-runtime', /has a \.NET runtime older than 8\.0.*--tools-image/);
    expect(explainHelperFailure('something odd\n', own), 'engine', /stopped before it was ready: something odd$/);
  });

  it('a side container that may not look into the target\'s processes: ptrace access, with the user it runs as', () => {
    const output = 'System.UnauthorizedAccessException: Access to the path \'/proc/1/root/tmp\' is denied.\n ---> System.IO.IOException: Permission denied\n'
      + '   --- End of inner exception stack trace ---\n   at System.IO.Enumeration.FileSystemEnumerator`1.CreateDirectoryHandle(String path, Boolean ignoreNotFound)\n';
    expect(explainToolFailure(output, tool), 'ptrace-denied', /^the side container, running as user 1654, may not look into the processes of "web" \(\/proc\/1\/root is denied\)/);
    expect(explainToolFailure(output, { ...tool, user: '' }), 'ptrace-denied', /running as user root/);
  });

  it('createdump without ptrace (a seccomp profile that forbids it): says what to change', () => {
    const output = 'Writing full to /proc/57/root/dotnet-containers-diagnostics/out/dump.dmp\n[createdump] Problem suspending thread: ptrace(ATTACH, 1) FAILED Operation not permitted (1)\n[createdump] Failure took 0ms\n';
    expect(explainToolFailure(output, tool), 'ptrace-denied', /^dotnet-dump failed because the engine does not allow ptrace in "web".*--cap-add SYS_PTRACE or a seccomp profile that allows ptrace/);
  });

  it('a tool that cannot reach the runtime; other failures keep the tool\'s last line', () => {
    expect(explainToolFailure('Unable to connect to process 1. Error: timeout\n', tool), 'not-dotnet', /^dotnet-dump could not reach a \.NET runtime in "web"/);
    expect(explainToolFailure('Writing full to /x\nSomething else broke\n   at Foo.Bar()\n', tool), 'tool-failed', /^dotnet-dump failed in the side container of "web": Something else broke$/);
  });

  it('lastLine skips stack frames, blank lines and control characters', () => {
    assert.equal(lastLine('first\nsecond\u0007\n   at X.Y()\n\n'), 'second');
    assert.equal(lastLine(''), '');
  });
});

import * as assert from 'node:assert/strict';
import {
  checkContainerName, copyInArgv, copyOutArgv, countersCollectArgs, countersMonitorArgs, createArgv, dumpArgs, helperAssembly, inspectArgv, removeArgv,
  sideContainerName, sideOutputDir, toolAssembly, toolDuration, toolExecArgv, traceArgs,
} from '../../../src/core/diagnostics/sideContainer';
import type { DiagnosticsTarget } from '../../../src/core/diagnostics/target';

const target: DiagnosticsTarget = {
  id: '4f1c0ffee0123456789abcdef0123456789abcdef0123456789abcdef012345', name: 'shop-web-1', image: 'sha256:1234', imageName: 'shop/web:1.0', user: '1654', tempDir: '/tmp',
};

describe('diagnostics: the side container, as argv arrays', () => {
  it('is created from the target\'s own image, in its PID namespace, as its user, with no network, the helper as its main process', () => {
    assert.deepEqual(createArgv({ name: 'dotnet-containers-diag-shop-web-1-abc123', target, image: target.image, lifetimeSeconds: 910 }), [
      'create', '--name', 'dotnet-containers-diag-shop-web-1-abc123', '--label', `dotnet-containers.diagnostics=${target.id}`,
      '--pid', `container:${target.id}`, '--user', '1654', '--network', 'none',
      '--env', 'TMPDIR=/proc/1/root/tmp', '--env', 'DOTNET_EnableDiagnostics=0', '--env', 'DOTNET_CLI_TELEMETRY_OPTOUT=1',
      '--entrypoint', 'dotnet', 'sha256:1234', helperAssembly, 'wait', '910',
    ]);
  });

  it('follows the target\'s TMPDIR to its diagnostics socket; the image\'s user when the target names none; a floor on the lifetime', () => {
    const argv = createArgv({ name: 'x', target: { ...target, user: '', tempDir: '/var/app-tmp' }, image: 'mcr.microsoft.com/dotnet/runtime:10.0', lifetimeSeconds: 5 });
    assert.ok(argv.includes('TMPDIR=/proc/1/root/var/app-tmp'));
    assert.ok(!argv.includes('--user'));
    assert.equal(argv[argv.length - 1], '60');
    assert.equal(argv[argv.indexOf('dotnet') + 1], 'mcr.microsoft.com/dotnet/runtime:10.0');
    assert.ok(createArgv({ name: 'x', target: { ...target, tempDir: '/' }, image: 'i', lifetimeSeconds: 60 }).includes('TMPDIR=/proc/1/root'));
  });

  it('never needs a shell: tools run with exec as `dotnet <tool>.dll`, files move with cp (a tar stream in, a file out)', () => {
    assert.deepEqual(toolExecArgv('side', 'dotnet-dump', ['ps']), ['exec', 'side', 'dotnet', toolAssembly('dotnet-dump'), 'ps']);
    assert.deepEqual(toolExecArgv('side', 'dotnet-counters', ['monitor'], { tty: true }), ['exec', '--interactive', '--tty', 'side', 'dotnet', '/dotnet-containers-diagnostics/dotnet-counters/dotnet-counters.dll', 'monitor']);
    assert.deepEqual(copyInArgv('side'), ['cp', '-', 'side:/']);
    assert.deepEqual(copyOutArgv('side', 'dump.dmp', '/home/me/web.dmp'), ['cp', `side:${sideOutputDir}/dump.dmp`, '/home/me/web.dmp']);
    assert.throws(() => copyOutArgv('side', '../etc/passwd', '/x'), /not a plain file name/);
    assert.deepEqual(removeArgv('side'), ['rm', '--force', 'side']);
    assert.deepEqual(inspectArgv('shop-web-1'), ['inspect', '--type', 'container', 'shop-web-1']);
  });

  it('refuses a container name the CLI would read as an option, or that is no name', () => {
    for (const bad of ['-it', '--rm', '', 'a b', 'a;b', '/web', 'web:1']) assert.throws(() => checkContainerName(bad), /is not a container name or id/, bad);
    assert.equal(checkContainerName(' shop_web.1-a '), 'shop_web.1-a');
    assert.equal(checkContainerName('4f1c0ffee012'), '4f1c0ffee012');
  });

  it('names the side container after the target, with a suffix, in the characters names allow', () => {
    assert.equal(sideContainerName(target, 'a1b2c3'), 'dotnet-containers-diag-shop-web-1-a1b2c3');
    assert.equal(sideContainerName({ ...target, name: '_odd name!' }, 'z'), 'dotnet-containers-diag-odd-name--z');
    assert.equal(sideContainerName({ ...target, name: 'x'.repeat(80) }, 'z').length, 'dotnet-containers-diag-'.length + 40 + 2);
  });

  it('writes durations as the tools read them (dd:hh:mm:ss) and refuses what is not a whole positive number', () => {
    assert.equal(toolDuration(5), '00:00:00:05');
    assert.equal(toolDuration(90), '00:00:01:30');
    assert.equal(toolDuration(90061), '01:01:01:01');
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => toolDuration(bad), /whole number of seconds/);
  });

  it('has the dump written by the target\'s runtime straight into the side container, through /proc/<helper pid>/root', () => {
    assert.deepEqual(dumpArgs(1, 57, 'dump.dmp'), ['collect', '--process-id', '1', '--type', 'Full', '--output', `/proc/57/root${sideOutputDir}/dump.dmp`]);
    assert.deepEqual(dumpArgs(7, 9, 'd.dmp', 'heap').slice(3, 5), ['--type', 'Heap']);
  });

  it('traces and collects counters into the side container\'s output folder, and shows them live with monitor', () => {
    assert.deepEqual(traceArgs(1, 10, 'trace.nettrace'), ['collect', '--process-id', '1', '--duration', '00:00:00:10', '--output', `${sideOutputDir}/trace.nettrace`]);
    assert.deepEqual(traceArgs(1, 10, 't', 'gc-verbose').slice(-2), ['--profile', 'gc-verbose']);
    assert.deepEqual(countersCollectArgs(3, 2, 'counters.csv', 'csv', 'System.Runtime'), [
      'collect', '--process-id', '3', '--refresh-interval', '1', '--format', 'csv', '--output', `${sideOutputDir}/counters.csv`, '--duration', '00:00:00:02', '--counters', 'System.Runtime',
    ]);
    assert.deepEqual(countersMonitorArgs(1), ['monitor', '--process-id', '1', '--refresh-interval', '1']);
    assert.deepEqual(countersMonitorArgs(1, { seconds: 30, counters: 'System.Runtime[dotnet.gc.heap.total_allocated]' }).slice(5), ['--counters', 'System.Runtime[dotnet.gc.heap.total_allocated]', '--duration', '00:00:00:30']);
    assert.throws(() => countersMonitorArgs(1, { counters: '--output=/etc/x' }), /comma-separated list/);
    assert.throws(() => traceArgs(1, 1, 't', 'a b'), /comma-separated list/);
  });
});

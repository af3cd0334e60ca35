import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiagnosticsError } from '../../../src/core/diagnostics/errors';
import { ensureHelper, ensureTool, RunDotnet } from '../../../src/core/diagnostics/toolCache';
import { helperDir, helperName } from '../../../src/core/diagnostics/tools';
import type { ProcessResult } from '../../../src/core/process/runProcess';

/** A `dotnet` that lays out what `tool install --tool-path` and `publish -o` really leave (as seen with the 10.0.401 SDK). */
function fakeDotnet(calls: string[][], answer?: (args: readonly string[]) => ProcessResult | undefined): RunDotnet {
  return async args => {
    calls.push([...args]);
    const special = answer?.(args);
    if (special) return special;
    if (args[0] === 'tool') {
      const [, , tool, , version, , toolPath] = args as string[];
      const any = path.join(toolPath!, '.store', tool!, version!, tool!, version!, 'tools', 'net8.0', 'any');
      fs.mkdirSync(any, { recursive: true });
      fs.writeFileSync(path.join(any, `${tool}.dll`), 'MZ');
      fs.writeFileSync(path.join(toolPath!, tool!), '#!/bin/sh');
    } else if (args[0] === 'publish') {
      const out = args[args.indexOf('-o') + 1]!;
      fs.mkdirSync(out, { recursive: true });
      for (const ext of ['dll', 'runtimeconfig.json', 'deps.json']) fs.writeFileSync(path.join(out, `${helperName}.${ext}`), '{}');
    }
    return { exitCode: 0, stdout: 'ok', stderr: '' };
  };
}

describe('diagnostics: installing the tools once, building the helper once', () => {
  let cacheDir = '';
  beforeEach(() => { cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-tool-cache-')); });
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('installs a missing tool into a staging folder, moves it into <cache>/<tool>/<version>, and reuses it after', async () => {
    const calls: string[][] = [];
    const progress: string[] = [];
    const options = { cacheDir, runDotnet: fakeDotnet(calls), progress: (line: string) => progress.push(line) };
    const first = await ensureTool('dotnet-trace', options);
    assert.equal(first.version, '10.0.750501');
    assert.equal(first.assemblyDir, path.join(cacheDir, 'dotnet-trace', '10.0.750501', '.store', 'dotnet-trace', '10.0.750501', 'dotnet-trace', '10.0.750501', 'tools', 'net8.0', 'any'));
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]!.slice(0, 6), ['tool', 'install', 'dotnet-trace', '--version', '10.0.750501', '--tool-path']);
    assert.match(calls[0]![6]!, new RegExp(`^${cacheDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/dotnet-trace/\\.staging-`));
    assert.deepEqual(progress, [`installing dotnet-trace 10.0.750501 into ${path.join(cacheDir, 'dotnet-trace', '10.0.750501')} (once)`]);
    assert.deepEqual(fs.readdirSync(path.join(cacheDir, 'dotnet-trace')), ['10.0.750501'], 'no staging folder left');

    assert.deepEqual(await ensureTool('dotnet-trace', options), first);
    assert.equal(calls.length, 1, 'installed once');
    await ensureTool('dotnet-trace', { ...options, versions: { 'dotnet-trace': '9.0.661903' } });
    assert.equal(calls.length, 2, 'another version is another install');
  });

  it('a failed install says NuGet\'s last line and leaves nothing behind; no SDK is said as such', async () => {
    const calls: string[][] = [];
    const nu1101 = fakeDotnet(calls, () => ({ exitCode: 1, stdout: '', stderr: 'Tool \'dotnet-dump\' failed to install.\nerror NU1101: Unable to find package dotnet-dump. No packages exist with this id in source(s): nuget.org\n' }));
    await assert.rejects(ensureTool('dotnet-dump', { cacheDir, runDotnet: nu1101 }), (error: unknown) => {
      assert.ok(error instanceof DiagnosticsError);
      assert.equal(error.kind, 'tools');
      assert.equal(error.message, 'dotnet tool install dotnet-dump --version 10.0.750501 failed: error NU1101: Unable to find package dotnet-dump. No packages exist with this id in source(s): nuget.org');
      return true;
    });
    assert.deepEqual(fs.readdirSync(path.join(cacheDir, 'dotnet-dump')), []);
    const missing = fakeDotnet([], () => ({ exitCode: null, stdout: '', stderr: '', error: 'ENOENT' }));
    await assert.rejects(ensureTool('dotnet-dump', { cacheDir, runDotnet: missing }), /needs the \.NET SDK: `dotnet` is not on PATH/);
  });

  it('builds the helper from its source once (dotnet publish), keyed by the source', async () => {
    const calls: string[][] = [];
    const dir = await ensureHelper({ cacheDir, runDotnet: fakeDotnet(calls) });
    assert.equal(dir, helperDir(cacheDir));
    assert.ok(fs.existsSync(path.join(dir, `${helperName}.dll`)));
    assert.equal(calls.length, 1);
    assert.equal(calls[0]![0], 'publish');
    assert.ok(calls[0]![1]!.endsWith(`${helperName}.csproj`));
    assert.equal(await ensureHelper({ cacheDir, runDotnet: fakeDotnet(calls) }), dir);
    assert.equal(calls.length, 1, 'built once');
    assert.deepEqual(fs.readdirSync(path.dirname(dir)), [path.basename(dir)], 'no staging folder left');
    const broken = fakeDotnet([], () => ({ exitCode: 1, stdout: 'Program.cs(3,1): error CS1002: ; expected\n', stderr: '' }));
    fs.rmSync(dir, { recursive: true });
    await assert.rejects(ensureHelper({ cacheDir, runDotnet: broken }), /building the diagnostics helper \(dotnet publish\) failed: Program\.cs\(3,1\): error CS1002: ; expected/);
  });
});

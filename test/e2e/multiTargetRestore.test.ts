import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintDockerfile } from '../../src/core/lint/lintDockerfile';
import { skipBecause } from '../support/skip';

// dotnet/tfm-mismatch judges an SDK on the newest framework a project targets, even when `-f` picks an older one,
// because restore takes in every framework. The real SDK is the oracle: the installed one is asked to publish the
// framework it supports from a project that also targets the next major, which it does not.

const now = new Date('2026-11-23T00:00:00Z');

function dotnet(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise(resolve => execFile('dotnet', args, { cwd, timeout: 5 * 60_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } },
    (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` })));
}

describe('multi-targeting: restore takes in every framework, whatever -f says (real .NET)', function () {
  this.timeout(5 * 60_000);
  let root: string;
  let major: number;

  before(async function () {
    if (process.env.DC_DOTNET_UNAVAILABLE) skipBecause(this, process.env.DC_DOTNET_UNAVAILABLE);
    const version = await dotnet(['--version'], os.tmpdir());
    major = Number(version.output.trim().split('.')[0]);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dc multi-target '));
    fs.writeFileSync(path.join(root, 'App.csproj'), `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworks>net${major}.0;net${major + 1}.0</TargetFrameworks></PropertyGroup></Project>\n`);
    fs.writeFileSync(path.join(root, 'Program.cs'), 'System.Console.WriteLine("multi");\n');
  });
  after(() => { if (root) fs.rmSync(root, { recursive: true, force: true }); });

  it('the SDK fails with NETSDK1045 on the newer framework even when -f picks its own, and the linter says so on the SDK image', async function () {
    const publish = await dotnet(['publish', '-f', `net${major}.0`, '-o', 'out'], root);
    assert.notEqual(publish.code, 0, publish.output);
    assert.match(publish.output, new RegExp(`error NETSDK1045: .*\\.NET ${major + 1}\\.0`));

    const dockerfile = `FROM mcr.microsoft.com/dotnet/sdk:${major}.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -f net${major}.0 -o /app\n\nFROM mcr.microsoft.com/dotnet/runtime:${major}.0\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "App.dll"]\n`;
    fs.writeFileSync(path.join(root, 'Dockerfile'), dockerfile);
    const findings = lintDockerfile(dockerfile, { now, dockerfilePath: path.join(root, 'Dockerfile'), genericChecks: false }).findings.filter(f => f.rule === 'dotnet/tfm-mismatch');
    assert.equal(findings.length, 1, findings.map(f => f.message).join('\n'));
    assert.equal(findings[0]!.range.start.line, 0, 'on the SDK image');
    assert.match(findings[0]!.message, new RegExp(`App also targets net${major + 1}\\.0, which restore takes in whatever -f says.*NETSDK1045`));
  });
});

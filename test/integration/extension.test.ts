// Runs inside the real VS Code extension host (see test/integration/index.ts), against the
// extension as built into dist/. The oracles are the machine itself: `dotnet --version`, and the
// engine at DOCKER_HOST (asked through the docker CLI when there is one).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { commandIds, extensionId } from '../../src/core/ids';
import type { CheckEnvironmentResult } from '../../src/vscode/commands/checkEnvironment';
import { skipBecause } from '../support/skip';

interface CommandContribution { command: string; title: string }

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(file, args, { env: process.env, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as NodeJS.ErrnoException).code === 'number' ? Number((error as NodeJS.ErrnoException).code) : 1) : 0;
      resolve({ code: error && (error as NodeJS.ErrnoException).code === 'ENOENT' ? 127 : code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function theExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded in this host`);
  return extension;
}

describe('extension in a real VS Code host', function () {
  it(`activates (${extensionId})`, async function () {
    const extension = theExtension();
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers every command that package.json contributes', async function () {
    await theExtension().activate();
    const contributed: CommandContribution[] = theExtension().packageJSON.contributes?.commands ?? [];
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map(c => c.command).filter(id => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
    // The ids the code uses are the ids package.json declares.
    for (const id of Object.values(commandIds)) {
      assert.ok(contributed.some(c => c.command === id), `${id} is registered in code but not contributed`);
    }
  });

  describe('Check Environment in a trusted workspace', function () {
    let result: CheckEnvironmentResult | undefined;

    before(async function () {
      if (!vscode.workspace.isTrusted) return;
      this.timeout(60_000);
      result = await vscode.commands.executeCommand<CheckEnvironmentResult | undefined>(commandIds.checkEnvironment);
    });

    beforeEach(function () {
      if (!vscode.workspace.isTrusted) skipBecause(this, 'the workspace is not trusted (runner started VS Code with workspace trust on)');
    });

    it('returns the report and the lines it printed', function () {
      assert.ok(result, 'the command returned nothing');
      assert.ok(Array.isArray(result.report.engines) && result.report.engines.length > 0, 'no engine endpoints considered');
      assert.ok(Array.isArray(result.report.clis));
      assert.ok(result.lines.includes('Container engine') && result.lines.includes('.NET SDK'), `lines:\n${result.lines.join('\n')}`);
    });

    it('uses the engine at DOCKER_HOST and that engine answers', async function () {
      const dockerHost = process.env.DOCKER_HOST;
      if (!dockerHost) skipBecause(this, 'DOCKER_HOST is not set for this run: no engine to compare with');
      const report = result!.report;
      assert.equal(report.engines[0]?.host, dockerHost, 'DOCKER_HOST comes first, as the docker CLI picks it');
      assert.ok(report.activeEngine, `no engine answers; probes: ${JSON.stringify(report.engines.map(e => [e.host, e.probe]))}`);
      assert.equal(report.activeEngine.host, dockerHost);
      assert.equal(report.activeEngine.probe.reachable, true);
      assert.ok(result!.lines.some(line => line === `  → using ${dockerHost}`), 'the printed report names the engine in use');
      // Oracle: the docker CLI asking the same engine.
      const docker = report.clis.find(cli => cli.name === 'docker' && cli.path && cli.version);
      if (docker?.path) {
        const server = await run(docker.path, ['version', '--format', '{{.Server.Version}}']);
        assert.equal(server.code, 0, `docker version failed: ${server.stderr}`);
        assert.equal(report.activeEngine.probe.version, server.stdout.trim(), 'engine version, as `docker version` reports it');
      }
    });

    it('reports the .NET SDK that `dotnet --version` prints', async function () {
      const oracle = await run('dotnet', ['--version']);
      const dotnet = result!.report.dotnet;
      if (oracle.code === 127) {
        assert.equal(dotnet.version, undefined, 'no dotnet on PATH, yet a version was reported');
        assert.ok(dotnet.problem, 'a missing dotnet is reported as a problem');
        skipBecause(this, 'dotnet is not on PATH on this machine: checked that the report says so');
      }
      assert.equal(oracle.code, 0, `dotnet --version failed: ${oracle.stderr}`);
      assert.equal(dotnet.version, oracle.stdout.trim());
      assert.ok(dotnet.sdks.includes(oracle.stdout.trim()), `SDK list ${JSON.stringify(dotnet.sdks)} lacks the active SDK`);
      assert.ok(result!.lines.some(line => line.startsWith(`  ✓ dotnet ${oracle.stdout.trim()} (`)), 'the printed report shows the version');
    });
  });

  describe('Check Environment in an untrusted workspace', function () {
    beforeEach(function () {
      if (vscode.workspace.isTrusted) skipBecause(this, 'the workspace is trusted in this run (the runner turns trust off unless asked)');
    });

    it('runs nothing and returns no report', async function () {
      const result = await vscode.commands.executeCommand<CheckEnvironmentResult | undefined>(commandIds.checkEnvironment);
      assert.equal(result, undefined);
    });
  });
});

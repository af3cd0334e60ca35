// The Containers view and the compose commands inside the real VS Code extension host, against the engine at
// DOCKER_HOST and Debian's docker-compose: a compose file of two services is brought up by the compose file's Up
// command (the task runs this extension's CLI), the view lists them under their Compose project, Restart restarts
// one (its start time changes), Logs shows its output, Open Shell says that an image without a shell has none,
// and Down removes them. The image is tiny: FROM scratch with the host's static busybox, no base image, no network.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Context } from 'mocha';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { commandIds, extensionId } from '../../src/core/ids';
import type { ExtensionApi } from '../../src/extension';
import type { GenerateComposeResult } from '../../src/vscode/compose/composeFeature';
import type { ContainerActionResult } from '../../src/vscode/views/containerActions';
import type { ContainersTreeProvider, ContainerTreeNode } from '../../src/vscode/views/containersView';
import { skipBecause } from '../support/skip';
import { recordingMessages } from './recordingMessages';

const dockerCli = () => process.env.DC_DOCKER_CLI ?? 'docker';
const busybox = '/bin/busybox';
const settle = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function run(file: string, args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => execFile(file, args, { env: process.env, timeout: 120_000, ...(cwd ? { cwd } : {}) }, (error, stdout, stderr) =>
    resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) })));
}

function requireEngine(context: Context): void {
  if (!vscode.workspace.isTrusted) skipBecause(context, 'the workspace is not trusted in this run');
  if (process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST) skipBecause(context, process.env.DC_ENGINE_UNAVAILABLE ?? 'no test engine (DOCKER_HOST unset)');
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await settle(250);
  }
}

describe('Containers view and Compose commands (real engine, Debian\'s docker-compose)', function () {
  this.timeout(180_000);
  const id = crypto.randomBytes(3).toString('hex');
  // Compose v1 names the project after the folder, letters and digits only.
  const project = `dccv${id}`;
  const image = `dc-containers-view-${id}/tick:1`;
  let folder = '';
  let composeFile = '';
  let containers: ContainersTreeProvider;

  before(async function () {
    if (!vscode.workspace.isTrusted || !process.env.DOCKER_HOST || process.env.DC_ENGINE_UNAVAILABLE) return;
    const api = await vscode.extensions.getExtension<ExtensionApi>(extensionId)!.activate();
    containers = api.containerViews.containers;
    if (process.env.DC_DOCKER_CLI) await vscode.workspace.getConfiguration('dotnetContainers').update('containerCliPath', process.env.DC_DOCKER_CLI, vscode.ConfigurationTarget.Workspace);
    folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-containers-view-')), project);
    fs.mkdirSync(path.join(folder, 'image'), { recursive: true });
    if (fs.existsSync(busybox)) {
      fs.copyFileSync(busybox, path.join(folder, 'image', 'busybox'));
      // No /bin/sh: like a chiseled image, it has no shell to open.
      fs.writeFileSync(path.join(folder, 'image', 'Dockerfile'), 'FROM scratch\nLABEL dotnet-containers.test=containersView\nCOPY busybox /busybox\nENTRYPOINT ["/busybox"]\n');
      const built = await run(dockerCli(), ['build', '--quiet', '--tag', image, path.join(folder, 'image')]);
      assert.equal(built.code, 0, built.stderr);
    }
    const service = (marker: string) => ({ image, command: ['sh', '-c', `echo started-${marker}-${id}; while true; do echo tick-${marker}; sleep 1; done`], stop_grace_period: '1s' });
    composeFile = path.join(folder, 'compose.yaml');
    fs.writeFileSync(composeFile, `services:\n  ticker:\n${indent(service('ticker'))}\n  other:\n${indent(service('other'))}\n`);
  });

  after(async function () {
    this.timeout(60_000);
    if (!folder) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run('docker-compose', ['-f', composeFile, 'down', '--timeout', '1']);
    await run(dockerCli(), ['image', 'rm', '--force', image]);
    await vscode.workspace.getConfiguration('dotnetContainers').update('containerCliPath', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  const projectNode = async () => (await containers.getChildren()).find(node => node.kind === 'project' && node.project === project) as Extract<ContainerTreeNode, { kind: 'project' }> | undefined;
  const containerNode = async (service: string) => {
    const parent = await projectNode();
    return parent ? (await containers.getChildren(parent)).find(node => node.kind === 'container' && node.container.composeService === service) as Extract<ContainerTreeNode, { kind: 'container' }> | undefined : undefined;
  };
  const startedAt = async (container: string) => (await run(dockerCli(), ['inspect', '--format', '{{.State.StartedAt}}', container])).stdout.trim();

  it('shows Up, Down and Logs on a compose file', async function () {
    requireEngine(this);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(composeFile));
    // VS Code's own Docker language support calls compose files `dockercompose`; other setups leave them `yaml`.
    assert.ok(['dockercompose', 'yaml'].includes(document.languageId), document.languageId);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri))
      .filter(lens => lens.command?.command.startsWith('dotnetContainers.'));
    assert.deepEqual(lenses.map(lens => lens.command?.title), ['Up', 'Down', 'Logs']);
    assert.deepEqual(lenses.map(lens => lens.command?.command), [commandIds.composeUp, commandIds.composeDown, commandIds.composeLogs]);
    assert.equal(lenses[0]!.range.start.line, 0, 'on the services: line');
  });

  it('Up starts the services; the view lists them under their Compose project, with image and state', async function () {
    requireEngine(this);
    if (!fs.existsSync(busybox)) assert.fail(`${busybox} is needed for the tiny image (Debian's busybox-static; scripts/provision.sh installs it)`);
    const up = await vscode.commands.executeCommand<{ exitCode?: number; skipped?: string }>(commandIds.composeUp, vscode.Uri.file(composeFile));
    assert.equal(up.skipped, undefined);
    assert.equal(up.exitCode, 0, 'the Up task ends with 0');
    containers.refresh();
    const group = await until(projectNode, node => node?.containers.length === 2);
    assert.ok(group, `no ${project} in the view`);
    assert.deepEqual(group.containers.map(c => [c.composeService, c.state, c.image]), [['other', 'running', image], ['ticker', 'running', image]]);
    const item = containers.getTreeItem(group);
    assert.match(String(item.description), /Compose · 2 of 2 running/);
  });

  it('Restart restarts one service: its start time changes', async function () {
    requireEngine(this);
    const ticker = await containerNode('ticker');
    assert.ok(ticker, 'the ticker service is in the view');
    const before = await startedAt(ticker.container.id);
    const result = await vscode.commands.executeCommand<ContainerActionResult>(commandIds.restartContainer, ticker);
    assert.equal(result.done, true, result.message);
    const after = await startedAt(ticker.container.id);
    assert.notEqual(after, before, 'the container started again');
    assert.ok(Date.parse(after) > Date.parse(before));
  });

  it('Logs shows the container\'s output, the earlier lines first, then new ones', async function () {
    requireEngine(this);
    const ticker = await containerNode('ticker');
    assert.ok(ticker);
    const result = await vscode.commands.executeCommand<ContainerActionResult>(commandIds.containerLogs, ticker, { tail: 1000 });
    assert.ok(result.logs, result.skipped ?? result.message);
    const text = await result.logs.waitFor(new RegExp(`started-ticker-${id}[\\s\\S]*tick-ticker[\\s\\S]*started-ticker-${id}`), 30_000);
    assert.doesNotMatch(text, /tick-other/, 'only this container\'s lines');
    // Following: a line the container prints after the terminal opened shows up too.
    const lines = text.split('\n').length;
    await until(async () => result.logs!.text().split('\n').length, count => count > lines + 1, 10_000);
    assert.ok(result.logs.text().split('\n').length > lines + 1, 'new lines arrive while the terminal is open');
  });

  it('Open Shell on an image without a shell says so, and offers the diagnostics instead', async function () {
    requireEngine(this);
    const ticker = await containerNode('ticker');
    assert.ok(ticker);
    const opened = new Set(vscode.window.terminals);
    const { result, shown } = await recordingMessages(() => vscode.commands.executeCommand<ContainerActionResult>(commandIds.containerShell, ticker),
      message => (message.buttons.includes('Collect Counters') ? 'Collect Counters' : undefined));
    assert.match(result.message ?? '', /has no shell \(bash or sh\).*Collect Counters, Collect Dump or Collect Trace/);
    assert.deepEqual(shown.map(m => [m.kind, m.buttons]), [['showInformationMessage', ['Collect Counters', 'Collect Dump', 'Collect Trace']]]);
    // The button does what it says: the counters terminal opens on this container.
    const counters = await until(async () => vscode.window.terminals.find(t => !opened.has(t) && t.name.startsWith('Counters: ')), Boolean, 10_000);
    assert.ok(counters, 'Collect Counters opened its terminal');
    counters.dispose();
  });

  it('Collect Dump on a container that runs no .NET says so, and writes nothing', async function () {
    requireEngine(this);
    const ticker = await containerNode('ticker');
    assert.ok(ticker);
    const output = path.join(path.dirname(folder), 'ticker.dmp');
    const result = await vscode.commands.executeCommand<ContainerActionResult & { exitCode?: number }>(commandIds.collectDump, ticker, { prompt: false, output });
    assert.notEqual(result.exitCode, 0, 'the collection fails');
    assert.match(result.message ?? '', /Collecting a dump from .* failed/);
    assert.equal(fs.existsSync(output), false, 'no file is left behind');
  });

  it('Down removes the services', async function () {
    requireEngine(this);
    const down = await vscode.commands.executeCommand<{ exitCode?: number }>(commandIds.composeDown, vscode.Uri.file(composeFile));
    assert.equal(down.exitCode, 0);
    containers.refresh();
    const gone = await until(projectNode, node => node === undefined);
    assert.equal(gone, undefined, 'the project is no longer listed');
    const left = await run(dockerCli(), ['ps', '--all', '--quiet', '--filter', `label=com.docker.compose.project=${project}`]);
    assert.equal(left.stdout.trim(), '');
  });

  it('Up with a service whose build fails puts the error in the Problems panel, on the Dockerfile line', async function () {
    requireEngine(this);
    const broken = path.join(path.dirname(folder), 'broken');
    fs.mkdirSync(path.join(broken, 'api'), { recursive: true });
    const dockerfile = path.join(broken, 'api', 'Dockerfile');
    fs.writeFileSync(dockerfile, 'FROM scratch\nCOPY Dockerfile /\nFROBNICATE now\n');
    const file = path.join(broken, 'compose.yaml');
    fs.writeFileSync(file, `services:\n  api:\n    image: dc-containers-view-${id}/broken:1\n    build: ./api\n`);
    const up = await vscode.commands.executeCommand<{ exitCode?: number }>(commandIds.composeUp, vscode.Uri.file(file));
    assert.notEqual(up.exitCode, 0, 'the Up task fails');
    const deadline = Date.now() + 20_000;
    let problem: vscode.Diagnostic | undefined;
    while (!problem && Date.now() < deadline) {
      problem = vscode.languages.getDiagnostics(vscode.Uri.file(dockerfile)).find(d => d.source === 'docker build');
      if (!problem) await settle(250);
    }
    assert.ok(problem, `no docker build problem on ${dockerfile}`);
    assert.equal(problem.range.start.line, 2);
    assert.match(problem.message, /unknown instruction: FROBNICATE/i);
  });

  it('Generate Compose File on the StockKube solution writes compose.yaml with StockWeb pointed at StockData, and keeps an existing one', async function () {
    if (!vscode.workspace.isTrusted) skipBecause(this, 'the workspace is not trusted in this run');
    const copy = path.join(path.dirname(folder || fs.mkdtempSync(path.join(os.tmpdir(), 'dc-compose-gen-'))), 'StockKube');
    const sample = path.resolve(__dirname, '..', '..', '..', 'samples', 'StockKube');
    fs.cpSync(sample, copy, { recursive: true, filter: src => !/[\\/](bin|obj)$/.test(src) && !/[\\/](Dockerfile|\.dockerignore|compose\.yaml)$/.test(src) });
    const solution = vscode.Uri.file(path.join(copy, 'StockKube.sln'));
    // Both apps chosen without the quick pick (it offers them, both picked).
    const projects = [path.join(copy, 'StockData', 'StockData.csproj'), path.join(copy, 'StockWeb', 'StockWeb.csproj')];
    const result = await vscode.commands.executeCommand<GenerateComposeResult>(commandIds.generateCompose, solution, { projects });
    assert.equal(result.skipped, undefined);
    assert.ok(result.written.includes(path.join(copy, 'compose.yaml')));
    const compose = parse(fs.readFileSync(path.join(copy, 'compose.yaml'), 'utf8'));
    assert.deepEqual(compose.services.stockweb.environment, { StockData__Address: 'http://stockdata:8080' });
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(copy, 'compose.yaml'), 'the compose file is opened');
    fs.writeFileSync(path.join(copy, 'compose.yaml'), 'services: {}\n');
    const kept = await vscode.commands.executeCommand<GenerateComposeResult>(commandIds.generateCompose, solution, { projects, overwrite: 'never' });
    assert.match(kept.skipped ?? '', /differs from the generated compose file and was kept/);
    assert.equal(fs.readFileSync(path.join(copy, 'compose.yaml'), 'utf8'), 'services: {}\n');
  });
});

function indent(service: Record<string, unknown>): string {
  return Object.entries(service).map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`).join('\n');
}

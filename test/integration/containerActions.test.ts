// Build image / Run container / Push… inside the real VS Code extension host, against the engine at
// DOCKER_HOST and the registry at DC_REGISTRY that the runner started. The CodeLens is asked for through
// `vscode.executeCodeLensProvider`, and its commands run real `dotnet-container` tasks through the Tasks API.
// Builds that need no base image (FROM scratch) run in every trusted run; the C# error case needs the
// stand-in sdk image (DC_STANDIN_DOTNET), which the runner prepares when the e2e layer runs too.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'mocha';
import * as vscode from 'vscode';
import { planGeneration } from '../../src/core/generate/planGeneration';
import { commandIds, extensionId } from '../../src/core/ids';
import type { BuildImageResult, PushImageResult, RunContainerResult } from '../../src/vscode/containers/containerCommandHandlers';
import { importEsm } from '../support/importEsm';
import { skipBecause } from '../support/skip';
import { recordingMessages } from './recordingMessages';

/** The repository root, from out/test/integration/. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const workspaceRoot = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const dockerCli = () => process.env.DC_DOCKER_CLI ?? 'docker';
const testLabel = 'dotnet-containers.test=containerActions';

function docker(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => execFile(dockerCli(), args, { env: process.env, timeout: 120_000 }, (error, stdout, stderr) =>
    resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) })));
}

function httpGet(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers, timeout: 5000 }, response => {
      let body = '';
      response.on('data', chunk => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    }).on('error', reject);
  });
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Problems the build task's matchers reported for `file`, polled until `wanted` finds one. */
async function problemsIn(file: string, wanted: (d: vscode.Diagnostic) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = vscode.languages.getDiagnostics(vscode.Uri.file(file));
    if (found.some(wanted) || Date.now() > deadline) return found;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

function requireEngine(context: Context): void {
  if (process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST) skipBecause(context, process.env.DC_ENGINE_UNAVAILABLE ?? 'no test engine (DOCKER_HOST unset)');
}

describe('Build / Run / Push CodeLens and tasks', function () {
  this.timeout(120_000);
  const id = crypto.randomBytes(3).toString('hex');
  const images = new Set<string>();
  let casesRoot = '';

  before(async function () {
    if (!vscode.workspace.isTrusted) return;
    await vscode.extensions.getExtension(extensionId)!.activate();
    casesRoot = path.join(workspaceRoot(), `lens-test-${id}`);
    fs.mkdirSync(casesRoot, { recursive: true });
    // The runner's 20.10 client builds with BuildKit; the machine's newer client on PATH has no buildx.
    if (process.env.DC_DOCKER_CLI) await vscode.workspace.getConfiguration('dotnetContainers').update('containerCliPath', process.env.DC_DOCKER_CLI, vscode.ConfigurationTarget.Workspace);
  });

  beforeEach(function () {
    if (!vscode.workspace.isTrusted) skipBecause(this, 'the workspace is not trusted in this run');
  });

  after(async function () {
    this.timeout(60_000);
    if (!vscode.workspace.isTrusted) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('dotnetContainers').update('containerCliPath', undefined, vscode.ConfigurationTarget.Workspace);
    for (const image of images) await docker(['image', 'rm', '--force', image]);
    if (casesRoot) fs.rmSync(casesRoot, { recursive: true, force: true });
  });

  it('offers Build image, Run container and Push… at the top of a generated StockWeb Dockerfile, and Build stage on its build stage', async function () {
    // A copy of the sample, so that the Generate Dockerfile tests still find StockWeb without a Dockerfile.
    const sample = path.join(casesRoot, 'StockKube');
    for (const entry of ['StockKube.sln', 'Directory.Build.props', 'Directory.Packages.props', 'StockWeb', 'StockData']) {
      fs.cpSync(path.join(workspaceRoot(), entry), path.join(sample, entry), { recursive: true, filter: src => !/[\\/](bin|obj|Dockerfile)$/.test(src) });
    }
    const plan = planGeneration(path.join(sample, 'StockWeb', 'StockWeb.csproj'), { now: new Date() });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    write(plan.dockerfile.path, plan.dockerfile.content);
    const uri = vscode.Uri.file(plan.dockerfile.path);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'dockerfile');

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const ours = lenses.filter(lens => lens.command?.command.startsWith('dotnetContainers.'));
    const buildStageLine = plan.dockerfile.content.split('\n').findIndex(line => /^FROM .* AS build$/.test(line));
    assert.deepEqual(ours.map(lens => [lens.range.start.line, lens.command!.title, lens.command!.command]), [
      [0, 'Build image', commandIds.buildImage],
      [0, 'Run container', commandIds.runContainer],
      [0, 'Push…', commandIds.pushImage],
      [buildStageLine, 'Build stage build', commandIds.buildImage],
    ]);
    for (const lens of ours.slice(0, 3)) assert.deepEqual(lens.command!.arguments!.map(String), [uri.toString()]);
    const [stageUri, stageOptions] = ours[3]!.command!.arguments!;
    assert.equal((stageUri as vscode.Uri).fsPath, uri.fsPath);
    assert.deepEqual(stageOptions, { target: 'build' });
  });

  it('the tasks it runs are ProcessExecutions (argv, no shell): a build runs `dotnet-containers build` with the chosen CLI, which decides the builder when it runs; they appear in fetchTasks', async function () {
    requireEngine(this);
    const dockerfile = path.join(casesRoot, 'listed', 'Dockerfile');
    write(dockerfile, 'FROM scratch\nCOPY Dockerfile /\n');
    const tasks = await vscode.tasks.fetchTasks({ type: 'dotnet-container' });
    const build = tasks.find(task => task.definition.action === 'build' && task.definition.dockerfile === dockerfile);
    assert.ok(build, `no build task for ${dockerfile} among ${tasks.map(t => t.name).join(', ')}`);
    const execution = build.execution as vscode.ProcessExecution;
    assert.ok(execution instanceof vscode.ProcessExecution, 'a ProcessExecution, not a shell command line');
    assert.equal(execution.process, process.execPath, "VS Code's own runtime runs the CLI");
    assert.equal(execution.args[0], path.join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'dist', 'cli.js'));
    const cli = execution.args[execution.args.indexOf('--cli') + 1]!;
    assert.deepEqual(execution.args.slice(1), ['build', dockerfile, '--tag', 'listed:latest', '--context', path.dirname(dockerfile), '--cli', cli]);
    assert.equal(path.basename(cli), 'docker');
    assert.equal(execution.options?.env?.ELECTRON_RUN_AS_NODE, '1');
    const run = tasks.find(task => task.definition.action === 'run' && task.definition.dockerfile === dockerfile);
    assert.ok(run);
    assert.equal((run.execution as vscode.ProcessExecution).process, cli, 'a run is the container CLI itself, in a terminal');
  });

  it('Build image runs a dotnet-container task through the Tasks API and the image exists afterwards', async function () {
    requireEngine(this);
    const dockerfile = path.join(casesRoot, 'scratch app', 'Dockerfile');
    write(path.join(path.dirname(dockerfile), 'hello.txt'), 'hello\n');
    write(dockerfile, `FROM scratch\nLABEL ${testLabel}\nCOPY hello.txt /hello.txt\n`);
    const image = `dc-lens-${id}:build`;
    const result = await vscode.commands.executeCommand<BuildImageResult>(commandIds.buildImage, vscode.Uri.file(dockerfile), { image, prompt: false });
    images.add(image);
    assert.equal(result.exitCode, 0, JSON.stringify(result));
    assert.equal(result.task?.definition.type, 'dotnet-container');
    const execution = result.task!.execution as vscode.ProcessExecution;
    assert.deepEqual([execution.process, ...execution.args], result.commandLine);
    assert.equal(result.context, path.dirname(dockerfile));
    const inspect = await docker(['image', 'inspect', '--format', '{{index .Config.Labels "dotnet-containers.test"}}', image]);
    assert.equal(inspect.code, 0, inspect.stderr);
    assert.equal(inspect.stdout.trim(), 'containerActions');
  });

  it('a bad Dockerfile instruction shows in the Problems panel at its line', async function () {
    requireEngine(this);
    const dockerfile = path.join(casesRoot, 'bad instruction', 'Dockerfile');
    write(dockerfile, 'FROM scratch\nCOPY Dockerfile /\nFROBNICATE yes\n');
    const { result, shown } = await recordingMessages(() => vscode.commands.executeCommand<BuildImageResult>(commandIds.buildImage, vscode.Uri.file(dockerfile), { image: `dc-lens-${id}:bad`, prompt: false }));
    assert.notEqual(result.exitCode, 0);
    assert.equal(result.problemsShown, true);
    assert.match(shown.find(m => m.kind === 'showErrorMessage')?.message ?? '', /The Problems panel shows where/);
    const problems = await problemsIn(dockerfile, d => d.source === 'docker build');
    const problem = problems.find(d => d.source === 'docker build');
    assert.ok(problem, `no docker build problem for ${dockerfile}: ${JSON.stringify(problems)}; all: ${JSON.stringify(vscode.languages.getDiagnostics().filter(([, d]) => d.length).map(([u, d]) => [u.toString(), d.map(x => [x.source, x.message, x.range.start.line])]))}`);
    assert.equal(problem.range.start.line, 2);
    assert.match(problem.message, /unknown instruction: FROBNICATE/i);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
  });

  it('a failed build that names no place in a file says to look at the terminal, not at an empty Problems panel', async function () {
    requireEngine(this);
    const dockerfile = path.join(casesRoot, 'no such network', 'Dockerfile');
    write(dockerfile, 'FROM scratch\nCOPY Dockerfile /\n');
    const { result, shown } = await recordingMessages(() => vscode.commands.executeCommand<BuildImageResult>(commandIds.buildImage, vscode.Uri.file(dockerfile), { image: `dc-lens-${id}:nonet`, network: `dc-no-such-network-${id}`, prompt: false }));
    assert.notEqual(result.exitCode, 0);
    assert.equal(result.problemsShown, false);
    const error = shown.find(m => m.kind === 'showErrorMessage')?.message ?? '';
    assert.match(error, /The terminal shows why/);
    assert.doesNotMatch(error, /Problems/);
  });

  it("puts each build's problems in its own Dockerfile, however its task was started and in whatever order", async function () {
    requireEngine(this);
    const dockerfiles = ['one', 'two'].map(name => path.join(casesRoot, `order ${name}`, 'Dockerfile'));
    dockerfiles.forEach((file, index) => write(file, `FROM scratch\n${'\n'.repeat(index)}BOGUS${index} x\n`));
    const provided = await vscode.tasks.fetchTasks({ type: 'dotnet-container' });
    const [first, second] = dockerfiles.map(file => provided.find(task => task.definition.action === 'build' && task.definition.dockerfile === file)!);
    assert.ok(first && second, 'both Dockerfiles have a provided build task');
    const runToEnd = async (task: vscode.Task) => {
      const ended = new Promise<void>(resolve => {
        const listener = vscode.tasks.onDidEndTask(event => { if (event.execution.task.name === task.name) { listener.dispose(); resolve(); } });
      });
      await vscode.tasks.executeTask(task);
      await ended;
    };
    // The second build starts after the first was provided; then the first runs again, from the same task object.
    await runToEnd(second);
    await runToEnd(first);
    for (const [index, file] of dockerfiles.entries()) {
      if (index === 1) await runToEnd(second);
      const problems = await problemsIn(file, d => d.message.includes(`BOGUS${index}`));
      assert.deepEqual(problems.filter(d => d.source === 'docker build').map(d => [d.range.start.line, d.message]), [[1 + index, `unknown instruction: BOGUS${index}`]], file);
    }
  });

  it('a C# syntax error in `dotnet publish` inside the build shows at the source file and line in the build context', async function () {
    requireEngine(this);
    if (!process.env.DC_STANDIN_DOTNET) skipBecause(this, process.env.DC_STANDIN_UNAVAILABLE ?? 'no stand-in .NET images (DC_STANDIN_DOTNET unset)');
    this.timeout(6 * 60_000);
    const root = path.join(casesRoot, 'csharp error');
    write(path.join(root, 'Directory.Build.props'), '<Project />\n');
    write(path.join(root, 'Directory.Packages.props'), '<Project />\n');
    write(path.join(root, 'App', 'App.csproj'), '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n');
    const source = path.join(root, 'App', 'Program.cs');
    write(source, 'System.Console.WriteLine("hello")\nSystem.Console.WriteLine("world");\n');
    const dockerfile = path.join(root, 'App', 'Dockerfile');
    write(dockerfile, `FROM mcr.microsoft.com/dotnet/sdk:${process.env.DC_STANDIN_DOTNET} AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish App/App.csproj -c Release -o /app\n`);
    const result = await vscode.commands.executeCommand<BuildImageResult>(commandIds.buildImage, vscode.Uri.file(dockerfile), { image: `dc-lens-${id}:csharp`, prompt: false });
    assert.equal(result.context, root, 'the context is the folder the COPY sources are in');
    assert.notEqual(result.exitCode, 0);
    const problems = await problemsIn(source, d => d.code === 'CS1002');
    const problem = problems.find(d => d.code === 'CS1002');
    assert.ok(problem, `no CS1002 for ${source}: ${JSON.stringify(problems)}`);
    assert.equal(problem.range.start.line, 0);
    assert.equal(problem.range.start.character, 33);
    assert.equal(problem.source, 'dotnet');
  });

  it('Run container runs the built web app in a task with its port published; it answers HTTP, and terminating the task stops it', async function () {
    requireEngine(this);
    if (!process.env.DC_STANDIN_DOTNET) skipBecause(this, process.env.DC_STANDIN_UNAVAILABLE ?? 'no stand-in .NET images (DC_STANDIN_DOTNET unset)');
    this.timeout(8 * 60_000);
    const root = path.join(casesRoot, 'web app');
    write(path.join(root, 'Directory.Build.props'), '<Project />\n');
    write(path.join(root, 'Directory.Packages.props'), '<Project />\n');
    write(path.join(root, 'Hello', 'Hello.csproj'), '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n</Project>\n');
    write(path.join(root, 'Hello', 'Program.cs'), `var app = WebApplication.Create(args);\napp.MapGet("/", () => "hello from the run lens ${id}");\napp.Run();\n`);
    const plan = planGeneration(path.join(root, 'Hello', 'Hello.csproj'), { now: new Date() });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    write(plan.dockerfile.path, plan.dockerfile.content);
    write(plan.dockerignore.path, plan.dockerignore.content);
    const uri = vscode.Uri.file(plan.dockerfile.path);
    const image = `dc-lens-${id}/hello:run`;
    const built = await vscode.commands.executeCommand<BuildImageResult>(commandIds.buildImage, uri, { image, prompt: false });
    images.add(image);
    assert.equal(built.exitCode, 0, 'the build failed: see the terminal output in the log');

    const hostPort = await new Promise<number>(resolve => {
      const server = http.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const run = await vscode.commands.executeCommand<RunContainerResult>(commandIds.runContainer, uri, { image, hostPort, prompt: false, openBrowser: 'never' });
    try {
      const name = run.commandLine![run.commandLine!.indexOf('--name') + 1];
      assert.match(name ?? '', /^hello-[0-9a-f]{6}$/);
      assert.deepEqual(run.commandLine?.slice(1), ['run', '--rm', '--interactive', '--tty', '--name', name, '--publish', `${hostPort}:8080`, image]);
      assert.equal(run.url, `http://localhost:${hostPort}/`);
      assert.equal(await run.answered, true, 'the app did not answer on the published port');
      const page = await httpGet(`http://127.0.0.1:${hostPort}/`);
      assert.equal(page.status, 200);
      assert.equal(page.body, `hello from the run lens ${id}`);
    } finally {
      run.execution?.terminate();
    }
    await Promise.race([run.ended, new Promise(resolve => setTimeout(resolve, 30_000))]);
    const gone = await docker(['ps', '--all', '--filter', `ancestor=${image}`, '--format', '{{.ID}}']);
    assert.equal(gone.stdout.trim(), '', 'the container is gone with its task, stopped or not');
  });

  it('Push… tags and pushes to the registry, returns the digest the registry lists, and Verify pulls it back', async function () {
    requireEngine(this);
    if (process.env.DC_REGISTRY_UNAVAILABLE || !process.env.DC_REGISTRY) skipBecause(this, process.env.DC_REGISTRY_UNAVAILABLE ?? 'no test registry (DC_REGISTRY unset)');
    const dockerfile = path.join(casesRoot, 'pushed', 'Dockerfile');
    write(path.join(path.dirname(dockerfile), 'hello.txt'), `pushed ${id}\n`);
    write(dockerfile, `FROM scratch\nLABEL ${testLabel}\nCOPY hello.txt /hello.txt\n`);
    const image = `dc-lens-${id}/pushed:1.0.${id.length}`;
    const built = await vscode.commands.executeCommand<BuildImageResult>(commandIds.buildImage, vscode.Uri.file(dockerfile), { image, prompt: false });
    images.add(image);
    assert.equal(built.exitCode, 0);

    const registry = process.env.DC_REGISTRY!;
    const result = await vscode.commands.executeCommand<PushImageResult>(commandIds.pushImage, vscode.Uri.file(dockerfile), { image, registry, verify: true, prompt: false });
    images.add(result.remoteImage ?? '');
    assert.equal(result.exitCode, 0, JSON.stringify(result));
    assert.equal(result.remoteImage, `${registry}/${image}`);
    assert.match(result.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(result.commandLines?.tag.slice(1), ['tag', image, `${registry}/${image}`]);
    assert.deepEqual(result.commandLines?.push.slice(1), ['push', `${registry}/${image}`]);
    const tags = await httpGet(`http://${registry}/v2/dc-lens-${id}/pushed/tags/list`);
    assert.deepEqual(JSON.parse(tags.body), { name: `dc-lens-${id}/pushed`, tags: [`1.0.${id.length}`] });
    const manifest = await httpGet(`http://${registry}/v2/dc-lens-${id}/pushed/manifests/1.0.${id.length}`, { accept: 'application/vnd.docker.distribution.manifest.v2+json' });
    assert.equal(manifest.headers['docker-content-digest'], result.digest, 'the digest shown is the one the registry has');
    assert.deepEqual(result.verify, { untagExitCode: 0, pullExitCode: 0 });
    const pulled = await docker(['image', 'inspect', '--format', '{{json .RepoDigests}}', `${registry}/${image}`]);
    assert.ok((JSON.parse(pulled.stdout) as string[]).includes(`${registry}/dc-lens-${id}/pushed@${result.digest}`));
  });

  it('Push… to a registry that wants a login says so, and offers docker login rather than failing silently', async function () {
    requireEngine(this);
    if (process.env.DC_REGISTRY_UNAVAILABLE) skipBecause(this, process.env.DC_REGISTRY_UNAVAILABLE);
    const { startRegistry } = await importEsm(pathToFileURL(path.join(repoRoot, 'test', 'hosts', 'registry.mjs')).href);
    const registry: { address: string; stop(): Promise<void> } = await startRegistry({ htpasswd: { user: 'dc-lens', password: `secret ${id}` } });
    try {
      const dockerfile = path.join(casesRoot, 'locked', 'Dockerfile');
      write(dockerfile, `FROM scratch\nLABEL ${testLabel}\nCOPY Dockerfile /\n`);
      const image = `dc-lens-${id}:locked`;
      const built = await vscode.commands.executeCommand<BuildImageResult>(commandIds.buildImage, vscode.Uri.file(dockerfile), { image, prompt: false });
      images.add(image);
      assert.equal(built.exitCode, 0);
      const result = await vscode.commands.executeCommand<PushImageResult>(commandIds.pushImage, vscode.Uri.file(dockerfile), { image, registry: registry.address, prompt: false });
      images.add(`${registry.address}/${image}`);
      assert.notEqual(result.exitCode, 0);
      assert.equal(result.loginOffered, true, 'the registry answered 401: a docker login is what is missing');
      assert.equal(result.loggedIn, false, 'no prompt, so no login was run');
      assert.equal(result.digest, undefined);
    } finally {
      await registry.stop();
    }
  });

  it('Run container says first that the image does not exist, offers Build Image, and asks for no port', async function () {
    requireEngine(this);
    const dockerfile = path.join(casesRoot, 'never built', 'Dockerfile');
    write(dockerfile, 'FROM scratch\nEXPOSE 8080\nCOPY Dockerfile /\n');
    const image = `dc-lens-${id}-never-built:1`;
    const inputBoxes: string[] = [];
    const window = vscode.window as unknown as { showInputBox: (options?: vscode.InputBoxOptions) => Thenable<string | undefined> };
    const showInputBox = window.showInputBox;
    window.showInputBox = async options => { inputBoxes.push(options?.prompt ?? options?.title ?? ''); return undefined; };
    try {
      const { result, shown } = await recordingMessages(() => vscode.commands.executeCommand<RunContainerResult>(commandIds.runContainer, vscode.Uri.file(dockerfile), { image }));
      assert.match(result.skipped ?? '', /there is no image dc-lens-.*-never-built:1 yet/);
      assert.deepEqual(inputBoxes, [], 'no host port is asked for an image that is not there');
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.equal(shown[0]!.kind, 'showWarningMessage');
      assert.match(shown[0]!.message, /no image .* yet/);
    } finally {
      window.showInputBox = showInputBox;
    }
  });

  describe('every Run path leaves no container behind once its task is terminated', function () {
    let sleeper = '';

    before(async function () {
      if (!vscode.workspace.isTrusted || process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST || !process.env.DC_STANDIN_DOTNET) return;
      // An app that keeps running in its terminal until stopped, as a web app does.
      const dir = path.join(casesRoot, 'sleeper');
      write(path.join(dir, 'Dockerfile'), `FROM mcr.microsoft.com/dotnet/runtime-deps:${process.env.DC_STANDIN_DOTNET}\nLABEL ${testLabel}\nCMD ["sleep", "3600"]\n`);
      sleeper = `dc-lens-${id}/sleeper:1`;
      const built = await docker(['build', '--quiet', '--tag', sleeper, dir]);
      images.add(sleeper);
      assert.equal(built.code, 0, built.stderr);
    });

    beforeEach(function () {
      requireEngine(this);
      if (!process.env.DC_STANDIN_DOTNET) skipBecause(this, process.env.DC_STANDIN_UNAVAILABLE ?? 'no stand-in .NET images (DC_STANDIN_DOTNET unset)');
    });

    /**
     * Finds the running task that runs `image` and the name it gave the container, waits until that container
     * runs, terminates the task, and waits until `docker ps -a` no longer lists the container.
     */
    async function terminateAndCheckGone(image: string): Promise<string> {
      const containersOf = async (all: boolean) => (await docker(['ps', ...(all ? ['--all'] : []), '--filter', `ancestor=${image}`, '--format', '{{.Names}}'])).stdout.trim();
      const argsOf = (running: vscode.TaskExecution) => (running.task.execution as vscode.ProcessExecution | undefined)?.args ?? [];
      let deadline = Date.now() + 60_000;
      let name = '';
      while (!(name = await containersOf(false)) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 250));
      assert.match(name, /^sleeper-[0-9a-f]{6}$/, 'the run names its container');
      const execution = vscode.tasks.taskExecutions.find(running => argsOf(running).includes(image));
      assert.ok(execution, `a task runs ${image}`);
      execution.terminate();
      deadline = Date.now() + 30_000;
      while (await containersOf(true) !== '' && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 250));
      assert.equal(await containersOf(true), '', `docker ps -a no longer shows ${name}`);
      return name;
    }

    it('Run from the Images view', async function () {
      this.timeout(120_000);
      const api = await vscode.extensions.getExtension<{ containerViews: { images: { getChildren(node?: unknown): Promise<Array<Record<string, unknown>>> } } }>(extensionId)!.activate();
      const tree = api.containerViews.images;
      await vscode.commands.executeCommand(commandIds.refreshImages);
      const repository = (await tree.getChildren()).find(node => node.kind === 'repository' && node.repository === `dc-lens-${id}/sleeper`);
      assert.ok(repository, 'the Images view lists the image');
      const tag = (await tree.getChildren(repository)).find(node => node.kind === 'tag');
      assert.ok(tag);
      const result = await vscode.commands.executeCommand<{ commandLine?: readonly string[] }>(commandIds.runImage, tag);
      const name = await terminateAndCheckGone(sleeper);
      assert.ok(result.commandLine?.includes(name), 'the container is the one the Images view started');
    });

    it('a tasks.json run task', async function () {
      this.timeout(120_000);
      const tasksJson = path.join(workspaceRoot(), '.vscode', 'tasks.json');
      const previous = fs.existsSync(tasksJson) ? fs.readFileSync(tasksJson, 'utf8') : undefined;
      write(tasksJson, JSON.stringify({ version: '2.0.0', tasks: [{ label: `dc run ${id}`, type: 'dotnet-container', action: 'run', image: sleeper }] }, null, 2));
      try {
        let task: vscode.Task | undefined;
        const deadline = Date.now() + 20_000;
        while (!task && Date.now() < deadline) {
          task = (await vscode.tasks.fetchTasks({ type: 'dotnet-container' })).find(t => t.name === `dc run ${id}`);
          if (!task) await new Promise(resolve => setTimeout(resolve, 500));
        }
        assert.ok(task, 'the tasks.json entry is offered');
        // Running it resolves it again (a fresh container name each run).
        await vscode.tasks.executeTask(task);
        await terminateAndCheckGone(sleeper);
      } finally {
        if (previous === undefined) fs.rmSync(tasksJson, { force: true });
        else fs.writeFileSync(tasksJson, previous);
      }
    });
  });

  it('runs a tasks.json entry of type dotnet-container through its resolveTask', async function () {
    requireEngine(this);
    const dockerfile = path.join(casesRoot, 'from tasks json', 'Dockerfile');
    write(dockerfile, `FROM scratch\nLABEL ${testLabel}\nCOPY Dockerfile /\n`);
    const image = `dc-lens-${id}:tasks-json`;
    const tasksJson = path.join(workspaceRoot(), '.vscode', 'tasks.json');
    const previous = fs.existsSync(tasksJson) ? fs.readFileSync(tasksJson, 'utf8') : undefined;
    write(tasksJson, JSON.stringify({ version: '2.0.0', tasks: [{ label: `dc test build ${id}`, type: 'dotnet-container', action: 'build', dockerfile: path.relative(workspaceRoot(), dockerfile), image }] }, null, 2));
    try {
      let task: vscode.Task | undefined;
      const deadline = Date.now() + 20_000;
      while (!task && Date.now() < deadline) {
        task = (await vscode.tasks.fetchTasks({ type: 'dotnet-container' })).find(t => t.name === `dc test build ${id}`);
        if (!task) await new Promise(resolve => setTimeout(resolve, 500));
      }
      assert.ok(task, 'the tasks.json entry was not offered');
      const execution = task.execution as vscode.ProcessExecution;
      assert.ok(execution instanceof vscode.ProcessExecution);
      assert.deepEqual(execution.args.slice(1, 5), ['build', dockerfile, '--tag', image]);
      const ended = new Promise<number | undefined>(resolve => {
        const listener = vscode.tasks.onDidEndTaskProcess(event => {
          if (event.execution.task.name === task!.name) { listener.dispose(); resolve(event.exitCode); }
        });
      });
      await vscode.tasks.executeTask(task);
      images.add(image);
      assert.equal(await ended, 0);
      assert.equal((await docker(['image', 'inspect', image])).code, 0);
    } finally {
      if (previous === undefined) fs.rmSync(tasksJson, { force: true });
      else fs.writeFileSync(tasksJson, previous);
    }
  });
});

describe('Build / Run / Push in an untrusted workspace', function () {
  beforeEach(function () {
    if (vscode.workspace.isTrusted) skipBecause(this, 'the workspace is trusted in this run');
  });

  it('shows one lens that says why, and the commands start nothing', async function () {
    await vscode.extensions.getExtension(extensionId)!.activate();
    const dockerfile = path.join(workspaceRoot(), `untrusted-${crypto.randomBytes(3).toString('hex')}`, 'Dockerfile');
    write(dockerfile, 'FROM scratch\nCOPY Dockerfile /\n');
    try {
      const uri = vscode.Uri.file(dockerfile);
      await vscode.workspace.openTextDocument(uri);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const ours = lenses.filter(lens => lens.command?.command === 'workbench.trust.manage' || lens.command?.command.startsWith('dotnetContainers.'));
      assert.deepEqual(ours.map(lens => lens.command!.title), ['Build, run and push need a trusted workspace']);
      const result = await vscode.commands.executeCommand<BuildImageResult>(commandIds.buildImage, uri, { prompt: false });
      assert.match(result.skipped ?? '', /trusted workspace/);
      assert.equal(result.exitCode, undefined);
    } finally {
      fs.rmSync(path.dirname(dockerfile), { recursive: true, force: true });
    }
  });
});

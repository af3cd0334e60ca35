import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planGeneration } from '../../src/core/generate/planGeneration';
import { docker, dockerCli, dockerOk, waitForHttp } from '../support/docker';
import { withForwardDrop } from '../support/forwardPolicy';
import { layouts } from '../support/layouts';
import { freePort } from '../support/net';
import { requireHosts } from '../support/skip';

// The generator's promise, kept for real: projects made by `dotnet new` (and edited the way people
// edit them) → `dotnet-containers generate` (the CLI, as a user or CI runs it) → `docker build` with the
// argv the generator computed → `docker run` → HTTP 200 (a console app: exit 0 and its output).
// The engine's containers reach no network here, so builds that restore NuGet packages run with
// `--network host`: the build then reaches this machine's NuGet mirror; the Dockerfile is unchanged.

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const testLabel = 'dotnet-containers.test=generateBuilds';

function exec(file: string, args: string[], cwd: string, timeoutMs = 5 * 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => execFile(file, args, {
    cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })));
}

async function dotnet(args: string[], cwd: string): Promise<void> {
  const result = await exec('dotnet', args, cwd);
  if (result.code !== 0) throw new Error(`dotnet ${args.join(' ')}:\n${result.stdout}${result.stderr}`);
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe('generate → docker build → docker run, for real (stand-in .NET images, real engine)', function () {
  this.timeout(10 * 60_000);
  const id = randomBytes(3).toString('hex');
  let workDir = '';
  const images = new Set<string>();
  const containers = new Set<string>();
  const networks = new Set<string>();

  before(function () {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc generate builds '));
  });

  after(async function () {
    this.timeout(2 * 60_000);
    for (const container of containers) await docker(['rm', '--force', container]);
    for (const network of networks) await docker(['network', 'rm', network]);
    for (const image of images) await docker(['image', 'rm', '--force', image]);
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** The CLI writes the files; the build uses the generator's own argv, plus a test label, a unique tag and (for NuGet) host networking. */
  async function generateAndBuild(project: string, options: { restoresPackages?: boolean; cliArgs?: string[] } = {}): Promise<{ image: string; dockerfile: string }> {
    const generate = await exec(process.execPath, [cli, 'generate', project, ...(options.cliArgs ?? [])], workDir);
    assert.equal(generate.code, 0, `dotnet-containers generate failed:\n${generate.stderr}`);
    const plan = planGeneration(project, { now: new Date() });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    const dockerfile = fs.readFileSync(plan.dockerfile.path, 'utf8');
    assert.equal(dockerfile, plan.dockerfile.content, 'the CLI wrote what the generator plans');
    assert.ok(fs.existsSync(plan.dockerignore.path), `no .dockerignore at the build context ${plan.generated.contextDirectory}`);

    const image = `dc-gen-${id}-${path.basename(project).replace(/\.csproj$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')}:test`;
    // `dotnet-containers build`, as a user or CI runs it: the builder the runner's CLI has, on a stock engine.
    const args = [cli, 'build', plan.dockerfile.path, '--context', plan.generated.contextDirectory, '--tag', image, '--label', testLabel,
      ...(options.restoresPackages ? ['--network', 'host'] : []), '--cli', dockerCli()];
    const build = await exec(process.execPath, args, workDir, 8 * 60_000);
    images.add(image);
    assert.equal(build.code, 0, `dotnet-containers ${args.slice(1).join(' ')} failed:\n${(build.stderr + build.stdout).split('\n').slice(-40).join('\n')}\n--- Dockerfile ---\n${dockerfile}`);
    return { image, dockerfile };
  }

  async function runDetached(image: string, extra: string[] = []): Promise<{ name: string; port: number }> {
    const name = `dc-gen-${id}-${randomBytes(2).toString('hex')}`;
    const port = await freePort();
    const run = await docker(['run', '--detach', '--name', name, '--publish', `127.0.0.1:${port}:8080`, ...extra, image]);
    if (run.code === 0) containers.add(name);
    assert.equal(run.code, 0, `docker run failed: ${run.stderr}`);
    return { name, port };
  }

  async function get(container: { name: string; port: number }, urlPath: string): Promise<{ status: number; body: string }> {
    try {
      return await waitForHttp(`http://127.0.0.1:${container.port}${urlPath}`, 60_000);
    } catch (error) {
      const logs = await docker(['logs', '--tail', '30', container.name]);
      throw new Error(`${(error as Error).message}\ncontainer logs:\n${logs.stdout}${logs.stderr}`);
    }
  }

  it('a `dotnet new web` app whose folder and project name contain spaces answers 200 as the non-root app user', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const project = path.join(workDir, 'web app', 'Hello Web', 'Hello Web.csproj');
    await dotnet(['new', 'web', '--name', 'Hello Web', '--output', path.dirname(project), '--no-restore'], workDir);
    const { image, dockerfile } = await generateAndBuild(project);
    assert.match(dockerfile, /ENTRYPOINT \["dotnet", "Hello Web\.dll"\]/);
    const container = await runDetached(image);
    const response = await get(container, '/');
    assert.equal(response.status, 200);
    assert.equal(response.body, 'Hello World!');
    assert.equal(await dockerOk(['exec', container.name, 'id', '-u']), '1654');
  });

  it('a `dotnet new webapi` app (restores a NuGet package) serves /weatherforecast', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const project = path.join(workDir, 'api', 'Forecast.Api.csproj');
    await dotnet(['new', 'webapi', '--name', 'Forecast.Api', '--output', path.dirname(project), '--no-restore'], workDir);
    const { image } = await generateAndBuild(project, { restoresPackages: true });
    const response = await get(await runDetached(image), '/weatherforecast');
    assert.equal(response.status, 200);
    const forecast = JSON.parse(response.body) as Array<{ temperatureC: number }>;
    assert.equal(forecast.length, 5);
  });

  it('a `dotnet new worker` service starts on the runtime image and keeps running', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const project = path.join(workDir, 'worker', 'Pricing.Worker.csproj');
    await dotnet(['new', 'worker', '--name', 'Pricing.Worker', '--output', path.dirname(project), '--no-restore'], workDir);
    const { image, dockerfile } = await generateAndBuild(project, { restoresPackages: true });
    assert.match(dockerfile, /^FROM mcr\.microsoft\.com\/dotnet\/runtime:/m, 'a worker runs on the runtime image, not aspnet');
    const run = await docker(['run', '--detach', '--name', `dc-gen-${id}-worker`, image]);
    if (run.code === 0) containers.add(`dc-gen-${id}-worker`);
    assert.equal(run.code, 0, run.stderr);
    const deadline = Date.now() + 60_000;
    let logs = '';
    while (Date.now() < deadline && !/Worker running at/.test(logs)) {
      await new Promise(resolve => setTimeout(resolve, 500));
      const result = await docker(['logs', `dc-gen-${id}-worker`]);
      logs = result.stdout + result.stderr;
    }
    assert.match(logs, /Application started/);
    assert.match(logs, /Worker running at/);
    const [state] = JSON.parse(await dockerOk(['container', 'inspect', `dc-gen-${id}-worker`])) as Array<{ State: { Running: boolean } }>;
    assert.equal(state!.State.Running, true);
  });

  it('a console app in a solution, referencing libraries three levels deep by backslash paths, exits 0 with its output', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const root = path.join(workDir, 'layered');
    // TargetFramework comes through a property set in Directory.Build.props, as larger solutions do.
    write(path.join(root, 'Directory.Build.props'), '<Project>\n  <PropertyGroup>\n    <AppTargetFramework>net10.0</AppTargetFramework>\n    <TargetFramework>$(AppTargetFramework)</TargetFramework>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n</Project>\n');
    write(path.join(root, 'src', 'Cli', 'Cli.csproj'), '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <AssemblyName>layered-cli</AssemblyName>\n  </PropertyGroup>\n  <ItemGroup>\n    <ProjectReference Include="..\\..\\libs\\Core\\Core.csproj" />\n  </ItemGroup>\n</Project>\n');
    write(path.join(root, 'src', 'Cli', 'Program.cs'), 'Console.WriteLine($"layered: {Core.Greeter.Greet(args.Length > 0 ? args[0] : "container")}");\n');
    write(path.join(root, 'libs', 'Core', 'Core.csproj'), '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <ProjectReference Include="..\\Util\\Util.csproj" />\n  </ItemGroup>\n</Project>\n');
    write(path.join(root, 'libs', 'Core', 'Greeter.cs'), 'namespace Core;\npublic static class Greeter { public static string Greet(string who) => Util.Text.Shout($"hello {who}"); }\n');
    write(path.join(root, 'libs', 'Util', 'Util.csproj'), '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <ProjectReference Include="..\\Deep\\Deep.csproj" />\n  </ItemGroup>\n</Project>\n');
    write(path.join(root, 'libs', 'Util', 'Text.cs'), 'namespace Util;\npublic static class Text { public static string Shout(string s) => Deep.Marks.Bang(s.ToUpperInvariant()); }\n');
    write(path.join(root, 'libs', 'Deep', 'Deep.csproj'), '<Project Sdk="Microsoft.NET.Sdk" />\n');
    write(path.join(root, 'libs', 'Deep', 'Marks.cs'), 'namespace Deep;\npublic static class Marks { public static string Bang(string s) => s + "!"; }\n');
    await dotnet(['new', 'sln', '--name', 'Layered', '--format', 'sln', '--output', root], root);
    await dotnet(['sln', 'Layered.sln', 'add', 'src/Cli/Cli.csproj', 'libs/Core/Core.csproj', 'libs/Util/Util.csproj', 'libs/Deep/Deep.csproj'], root);

    const { image, dockerfile } = await generateAndBuild(path.join(root, 'src', 'Cli', 'Cli.csproj'));
    for (const copied of ['src/Cli/Cli.csproj', 'libs/Core/Core.csproj', 'libs/Util/Util.csproj', 'libs/Deep/Deep.csproj']) {
      assert.ok(dockerfile.includes(`"${copied}"`), `the restore layer copies ${copied}:\n${dockerfile}`);
    }
    assert.match(dockerfile, /ENTRYPOINT \["dotnet", "layered-cli\.dll"\]/);
    const run = await docker(['run', '--rm', image, 'from a test']);
    assert.equal(run.code, 0, `the console app failed: ${run.stderr}`);
    assert.equal(run.stdout.trim(), 'layered: HELLO FROM A TEST!');
  });

  /** Writes one of the generator's shared layouts under the work folder and returns its app project. */
  function writeLayout(name: string): string {
    const layout = layouts.find(l => l.name === name);
    assert.ok(layout, `no layout named ${name}`);
    const root = path.join(workDir, name.replace(/[^A-Za-z0-9]+/g, '-'));
    for (const [relative, text] of Object.entries(layout.files)) write(path.join(root, relative), text);
    return path.join(root, layout.app);
  }

  it('a trimmed single-file tool (globalapp-shaped) publishes self-contained and runs on runtime-deps, which has no .NET runtime', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { image, dockerfile } = await generateAndBuild(writeLayout('trimmed single-file tool'), { restoresPackages: true });
    assert.match(dockerfile, /^FROM mcr\.microsoft\.com\/dotnet\/runtime-deps:/m);
    assert.match(dockerfile, /^ENTRYPOINT \["\.\/GlobalApp"\]$/m);
    assert.doesNotMatch(dockerfile, /UseAppHost=false/, 'a single-file publish needs its apphost (NETSDK1098)');
    const run = await docker(['run', '--rm', image, 'from-e2e']);
    assert.equal(run.code, 0, `the tool failed: ${run.stderr}`);
    assert.match(run.stdout.trim(), /^globalapp: from-e2e on linux-(x64|arm64)$/);
    const noRuntime = await docker(['run', '--rm', '--entrypoint', 'sh', image, '-c', 'command -v dotnet || echo none']);
    assert.equal(noRuntime.stdout.trim(), 'none', 'runtime-deps brings no dotnet: the app carries its own runtime');
  });

  it('a worker that gets ASP.NET Core through a library it references runs on aspnet and answers HTTP', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { image, dockerfile } = await generateAndBuild(writeLayout('worker getting ASP.NET Core through a library'), { restoresPackages: true });
    assert.match(dockerfile, /^# ASP\.NET Core comes through .*Hosting\.csproj.*\nFROM mcr\.microsoft\.com\/dotnet\/aspnet:/m);
    const response = await get(await runDetached(image), '/');
    assert.equal(response.status, 200);
    assert.equal(response.body, 'status: running');
  });

  it('a console app whose target framework and package versions come from Directory.Packages.props restores, builds and runs', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { image, dockerfile } = await generateAndBuild(writeLayout('TFM from Directory.Packages.props'), { restoresPackages: true });
    const copied = dockerfile.indexOf('COPY ["Directory.Packages.props", "./"]');
    assert.ok(copied > 0 && copied < dockerfile.indexOf('RUN dotnet restore'), `Directory.Packages.props is copied before restore:\n${dockerfile}`);
    const run = await docker(['run', '--rm', image]);
    assert.equal(run.code, 0, `the console app failed: ${run.stderr}`);
    assert.equal(run.stdout.trim(), 'packages: Central Package Versions');
  });

  it('a project with packages.lock.json in locked mode gets the versions its lock file pins, not the newest its floating version would', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { image, dockerfile } = await generateAndBuild(writeLayout('packages lock file in locked mode'), { restoresPackages: true });
    const copied = dockerfile.indexOf('"packages.lock.json"');
    assert.ok(copied > 0 && copied < dockerfile.indexOf('RUN dotnet restore'), `the lock file is copied before restore:\n${dockerfile}`);
    // A restore for a runtime identifier the lock file has no section for fails in locked mode (NU1004).
    assert.doesNotMatch(dockerfile, / -a /);
    const run = await docker(['run', '--rm', image]);
    assert.equal(run.code, 0, `the console app failed: ${run.stderr}`);
    assert.equal(run.stdout.trim(), 'Locked Package Versions: Humanizer 2.14.0.0', 'Humanizer.Core 2.14.1, as locked (3.x without the lock file)');
  });

  it('a package that an Exists() condition adds where the project has a folder: publish restores again, and the app builds and runs', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { image, dockerfile } = await generateAndBuild(writeLayout('package added by an Exists() condition'), { restoresPackages: true });
    // The restore layer has Shop.csproj but not Shop/Features: there the condition is false and Humanizer is not restored.
    assert.match(dockerfile, /^RUN dotnet publish Shop\/Shop\.csproj -a \$TARGETARCH -c Release/m);
    const run = await docker(['run', '--rm', image]);
    assert.equal(run.code, 0, `the console app failed: ${run.stderr}`);
    assert.equal(run.stdout.trim(), 'features: Packages From a Condition');
  });

  it('the StockKube sample: the gRPC service and the web front end that links its .proto run together, and the page shows prices, also where another engine set the FORWARD policy to DROP', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const root = path.join(workDir, 'StockKube');
    fs.cpSync(path.join(repoRoot, 'samples', 'StockKube'), root, { recursive: true, filter: src => !/[\\/](bin|obj)$/.test(src) });
    const data = await generateAndBuild(path.join(root, 'StockData', 'StockData.csproj'), { restoresPackages: true });
    const web = await generateAndBuild(path.join(root, 'StockWeb', 'StockWeb.csproj'), { restoresPackages: true });

    // A user's machine often runs a stock dockerd or Podman beside this engine, and they set FORWARD to DROP.
    const { enforced } = await withForwardDrop(async () => {
      const network = `dc-gen-${id}-stockkube`;
      await dockerOk(['network', 'create', network]);
      networks.add(network);
      const dataName = `dc-gen-${id}-stockdata`;
      const started = await docker(['run', '--detach', '--name', dataName, '--network', network, '--network-alias', 'stockdata', data.image]);
      if (started.code === 0) containers.add(dataName);
      assert.equal(started.code, 0, started.stderr);
      const front = await runDetached(web.image, ['--network', network, '--env', 'StockData__Address=http://stockdata:8080']);

      const deadline = Date.now() + 60_000;
      let page = await get(front, '/');
      while (/Prices are unavailable/.test(page.body) && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 1000));
        page = await get(front, '/');
      }
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body, /Prices are unavailable/, `StockWeb could not reach StockData over gRPC (HTTP/2 without TLS):\n${page.body.slice(0, 800)}`);
      for (const symbol of ['MSFT', 'AAPL', 'GOOG', 'AMZN']) assert.ok(page.body.includes(symbol), `no ${symbol} on the page`);
    });
    if (!enforced && process.env.DC_REQUIRE_HOSTS === '1') assert.fail('CI runs as root with iptables: the FORWARD policy must be testable');
  });
});

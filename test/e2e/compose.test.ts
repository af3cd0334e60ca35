import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { docker, dockerCli, waitForHttp } from '../support/docker';
import { withForwardDrop } from '../support/forwardPolicy';
import { freePort } from '../support/net';
import { requireHosts, skipBecause } from '../support/skip';

// Compose for a whole solution, for real: `dotnet-containers compose` writes compose.yaml for the StockKube sample,
// `compose up` builds both images with the builder the machine's docker CLI really has and starts them with
// Debian's docker-compose (v1; there is no compose v2 plugin here) on a stock engine; the page StockWeb serves shows
// prices it fetched from StockData over gRPC through the service name the compose file wired in; `compose logs`
// shows both services; `compose down` removes them. The same with Podman and Debian's podman-compose.

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cliScript = path.join(repoRoot, 'dist', 'cli.js');

function exec(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 10 * 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => execFile(file, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env },
    (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })));
}

describe('compose for the StockKube solution: generate, up, logs, down (real engines, Debian\'s docker-compose and podman-compose)', function () {
  this.timeout(15 * 60_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dc compose '));
  const cleanups: Array<() => Promise<unknown>> = [];

  after(async function () {
    this.timeout(3 * 60_000);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** The sample's round trip with one container CLI: generate, up (through the CLI), the page, containers, logs, down. */
  async function roundTrip(engine: { cli: string; env: NodeJS.ProcessEnv; tool: RegExp; logName: (service: string) => RegExp; removeImage: (image: string) => Promise<unknown> }): Promise<void> {
    const id = randomBytes(3).toString('hex');
    const project = `dc-compose-${id}`;
    const root = path.join(work, id, 'StockKube');
    fs.cpSync(path.join(repoRoot, 'samples', 'StockKube'), root, { recursive: true, filter: src => !/[\\/](bin|obj)$/.test(src) && !/[\\/](Dockerfile|\.dockerignore|compose\.yaml)$/.test(src) });
    const composeFile = path.join(root, 'compose.yaml');
    const cli = (...args: string[]) => exec(process.execPath, [cliScript, ...args], root, engine.env);
    cleanups.push(() => cli('compose', 'down', composeFile, '--project-name', project, '--cli', engine.cli));
    for (const app of ['stockdata', 'stockweb']) cleanups.push(() => engine.removeImage(`dc-compose-${id}-${app}:latest`));

    // The test's own copy: free host ports in the launch profiles (5000 and 5001 may be taken on this machine), and
    // image names of its own, as a project sets ContainerRepository.
    const [webPort, dataPort] = [await freePort(), await freePort()];
    for (const [app, port] of [['StockWeb', webPort], ['StockData', dataPort]] as const) {
      const launch = path.join(root, app, 'Properties', 'launchSettings.json');
      fs.writeFileSync(launch, fs.readFileSync(launch, 'utf8').replace(/localhost:500[01]/, `localhost:${port}`));
      const csproj = path.join(root, app, `${app}.csproj`);
      fs.writeFileSync(csproj, fs.readFileSync(csproj, 'utf8').replace('</PropertyGroup>', `<ContainerRepository>dc-compose-${id}-${app.toLowerCase()}</ContainerRepository></PropertyGroup>`));
    }
    const web = path.join(root, 'StockWeb', 'appsettings.json');
    fs.writeFileSync(web, fs.readFileSync(web, 'utf8').replace('http://localhost:5001', `http://localhost:${dataPort}`));

    const generated = await cli('compose', root);
    assert.equal(generated.code, 0, generated.stderr);
    const compose = parse(fs.readFileSync(composeFile, 'utf8'));
    assert.deepEqual(compose.services.stockweb.environment, { StockData__Address: 'http://stockdata:8080' });
    assert.deepEqual(compose.services.stockweb.ports, [`${webPort}:8080`]);

    // The builds restore NuGet packages from this machine's mirror: their RUN steps use the host's network.
    const up = await cli('compose', 'up', composeFile, '--project-name', project, '--network', 'host', '--cli', engine.cli);
    assert.equal(up.code, 0, `compose up failed:\n${(up.stderr + up.stdout).split('\n').slice(-60).join('\n')}`);
    assert.match(up.stderr, engine.tool);

    const { enforced } = await withForwardDrop(async () => {
      const deadline = Date.now() + 90_000;
      let page = await waitForHttp(`http://127.0.0.1:${webPort}/`, 60_000);
      while (/Prices are unavailable|did not answer/.test(page.body) && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 1000));
        page = await waitForHttp(`http://127.0.0.1:${webPort}/`, 10_000);
      }
      assert.doesNotMatch(page.body, /Prices are unavailable|did not answer/, `StockWeb could not reach StockData through the compose network:\n${page.body.slice(0, 800)}`);
      for (const symbol of ['MSFT', 'AAPL', 'GOOG', 'AMZN']) assert.ok(page.body.includes(symbol), `no ${symbol} on the page`);
    });
    if (!enforced && process.env.DC_REQUIRE_HOSTS === '1') assert.fail('CI runs as root with iptables: the FORWARD policy must be testable');

    // `containers` (the Containers view's core) lists both services under their Compose project, running.
    const listed = await cli('containers', '--format', 'json');
    assert.equal(listed.code, 0, listed.stderr);
    const group = (JSON.parse(listed.stdout) as Array<{ project?: string; containers: Array<{ composeService?: string; state: string; ports: Array<{ hostPort?: number }> }> }>).find(g => g.project === project);
    assert.ok(group, `no group for ${project} in:\n${listed.stdout.slice(0, 2000)}`);
    assert.deepEqual(group.containers.map(c => [c.composeService, c.state]), [['stockdata', 'running'], ['stockweb', 'running']]);
    assert.ok(group.containers[1]!.ports.some(p => p.hostPort === webPort), 'StockWeb is published on its launch profile\'s port');

    const logs = await cli('compose', 'logs', composeFile, '--project-name', project, '--tail', '200', '--cli', engine.cli);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, engine.logName('stockdata'));
    assert.match(logs.stdout, engine.logName('stockweb'));

    const down = await cli('compose', 'down', composeFile, '--project-name', project, '--cli', engine.cli);
    assert.equal(down.code, 0, down.stderr);
    const after = await cli('containers', '--all', '--format', 'json');
    assert.equal(after.code, 0, after.stderr);
    assert.ok(!(JSON.parse(after.stdout) as Array<{ project?: string }>).some(g => g.project === project), 'compose down removed the containers');
  }

  it('a held-out solution made here with dotnet new (other names, an https address with a path, an API the front end calls): generated, up, and the front end serves what the API answers', async function () {
    requireHosts(this, 'engine', 'standins');
    if (process.env.DC_DOTNET_UNAVAILABLE) skipBecause(this, process.env.DC_DOTNET_UNAVAILABLE);
    const id = randomBytes(3).toString('hex');
    const project = `dc-holdout-${id}`;
    const root = path.join(work, `holdout-${id}`, 'Harbor');
    fs.mkdirSync(root, { recursive: true });
    const dotnet = async (...args: string[]) => {
      const result = await exec('dotnet', args, root, { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' });
      assert.equal(result.code, 0, `dotnet ${args.join(' ')}:\n${result.stdout}${result.stderr}`);
    };
    await dotnet('new', 'sln', '--name', 'Harbor');
    await dotnet('new', 'webapi', '--name', 'Harbor.Inventory', '--output', 'src/Harbor.Inventory', '--no-restore');
    await dotnet('new', 'web', '--name', 'Harbor.Storefront', '--output', 'src/Harbor.Storefront', '--no-restore');
    await dotnet('new', 'classlib', '--name', 'Harbor.Shared', '--output', 'src/Harbor.Shared', '--no-restore');
    await dotnet('sln', 'add', 'src/Harbor.Inventory', 'src/Harbor.Storefront', 'src/Harbor.Shared');
    const cleanupImages = ['harbor-inventory', 'harbor-storefront'].map(name => `dc-holdout-${id}-${name}:latest`);
    for (const image of cleanupImages) cleanups.push(() => docker(['image', 'rm', '--force', image]));
    const composeFile = path.join(root, 'compose.yaml');
    const cli = (...args: string[]) => exec(process.execPath, [cliScript, ...args], root);
    cleanups.push(() => cli('compose', 'down', composeFile, '--project-name', project, '--cli', dockerCli()));

    // The templates' launch profiles have ports of their own: free ones, so that the test never collides.
    const ports: Record<string, number> = {};
    for (const app of ['Harbor.Inventory', 'Harbor.Storefront']) {
      const dir = path.join(root, 'src', app);
      const launch = path.join(dir, 'Properties', 'launchSettings.json');
      const [http, https] = [await freePort(), await freePort()];
      ports[app] = http;
      ports[`${app}:https`] = https;
      fs.writeFileSync(launch, fs.readFileSync(launch, 'utf8').replace(/http:\/\/localhost:\d+/g, `http://localhost:${http}`).replace(/https:\/\/localhost:\d+/g, `https://localhost:${https}`));
      const csproj = path.join(dir, `${app}.csproj`);
      fs.writeFileSync(csproj, fs.readFileSync(csproj, 'utf8').replace('</PropertyGroup>', `<ContainerRepository>dc-holdout-${id}-${app.toLowerCase().replace('.', '-')}</ContainerRepository></PropertyGroup>`));
    }
    // The front end calls the API at the address its settings give: the API's https development address, with a path.
    const front = path.join(root, 'src', 'Harbor.Storefront');
    fs.writeFileSync(path.join(front, 'appsettings.json'), JSON.stringify({ Logging: { LogLevel: { Default: 'Information' } }, AllowedHosts: '*', Upstream: { Inventory: { BaseAddress: `https://localhost:${ports['Harbor.Inventory:https']}/weatherforecast` } } }, null, 2));
    fs.writeFileSync(path.join(front, 'Program.cs'), [
      'var builder = WebApplication.CreateBuilder(args);',
      'builder.Services.AddHttpClient();',
      'var app = builder.Build();',
      'app.MapGet("/", async (IConfiguration configuration, IHttpClientFactory clients) =>',
      '{',
      '    var address = configuration["Upstream:Inventory:BaseAddress"]!;',
      '    var body = await clients.CreateClient().GetStringAsync(address);',
      '    return Results.Text($"inventory at {address} says {body}");',
      '});',
      'app.Run();',
      '',
    ].join('\n'));

    const generated = await cli('compose', root);
    assert.equal(generated.code, 0, generated.stderr);
    const compose = parse(fs.readFileSync(composeFile, 'utf8'));
    assert.deepEqual(Object.keys(compose.services), ['harbor-inventory', 'harbor-storefront'], 'the library is no service');
    assert.deepEqual(compose.services['harbor-storefront'].environment, { Upstream__Inventory__BaseAddress: 'http://harbor-inventory:8080/weatherforecast' });
    assert.deepEqual(compose.services['harbor-storefront'].depends_on, ['harbor-inventory']);
    assert.deepEqual(compose.services['harbor-storefront'].ports, [`${ports['Harbor.Storefront']}:8080`]);

    const up = await cli('compose', 'up', composeFile, '--project-name', project, '--network', 'host', '--cli', dockerCli());
    assert.equal(up.code, 0, `compose up failed:\n${(up.stderr + up.stdout).split('\n').slice(-60).join('\n')}`);
    const deadline = Date.now() + 90_000;
    let page = await waitForHttp(`http://127.0.0.1:${ports['Harbor.Storefront']}/`, 60_000, () => true);
    while (page.status !== 200 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 1000));
      page = await waitForHttp(`http://127.0.0.1:${ports['Harbor.Storefront']}/`, 10_000, () => true);
    }
    assert.equal(page.status, 200, `the front end could not reach the API through the compose network:\n${page.body.slice(0, 800)}`);
    assert.match(page.body, /^inventory at http:\/\/harbor-inventory:8080\/weatherforecast says \[\{"date":/);
    const down = await cli('compose', 'down', composeFile, '--project-name', project, '--cli', dockerCli());
    assert.equal(down.code, 0, down.stderr);
  });

  it('with docker and docker-compose (v1): compose.yaml written, Up shows prices fetched over gRPC, the containers listed, Logs shows both, Down removes them', async function () {
    requireHosts(this, 'engine', 'standins');
    await roundTrip({
      cli: dockerCli(), env: process.env, tool: /compose: docker-compose 1\.29/,
      // v1 prefixes each line with the service's container (colored): `stockdata_1  | …`.
      logName: service => new RegExp(`${service}_1 +\\|`),
      removeImage: image => docker(['image', 'rm', '--force', image]),
    });
    const networks = await docker(['network', 'ls', '--format', '{{.Name}}']);
    assert.doesNotMatch(networks.stdout, /dc-compose-/, 'and its network');
  });

  it('with Podman and podman-compose: the same round trip', async function () {
    requireHosts(this, 'engine', 'standins');
    const reason = process.env.DC_PODMAN_UNAVAILABLE ?? (process.env.DC_PODMAN_SOCKET ? undefined : 'no Podman (DC_PODMAN_SOCKET unset)');
    if (reason) skipBecause(this, reason);
    const env = { ...process.env, DOCKER_HOST: process.env.DC_PODMAN_SOCKET, CONTAINERS_STORAGE_CONF: process.env.DC_PODMAN_STORAGE_CONF, CONTAINERS_CONF: process.env.DC_PODMAN_CONF };
    await roundTrip({
      cli: 'podman', env, tool: /compose: podman-compose 1\.0/,
      logName: service => new RegExp(`_${service}_1\\b`),
      removeImage: image => exec('podman', ['image', 'rm', '--force', image], work, env),
    });
  });
});

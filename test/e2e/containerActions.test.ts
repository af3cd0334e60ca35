import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chooseBuildStrategy, readBuildFacts } from '../../src/core/docker/buildStrategy';
import { cliBuildArgs, ContainerTaskDefinition, containerTaskType, planContainerTask, PlannedTask } from '../../src/core/docker/containerActions';
import { chooseContainerCli, ContainerCli } from '../../src/core/docker/containerCli';
import { runArgv } from '../../src/core/docker/dockerArgv';
import { connectEngine } from '../../src/core/engine/engineClient';
import { dockerfileTargets } from '../../src/core/docker/dockerfileTargets';
import { hasLogin, probeRegistry, readPushedDigest, wantsLogin } from '../../src/core/docker/registryAccess';
import { readDockerConfig } from '../../src/core/environment/dockerConfig';
import { planGeneration } from '../../src/core/generate/planGeneration';
import { docker, httpGet, waitForHttp } from '../support/docker';
import { importEsm } from '../support/importEsm';
import { freePort } from '../support/net';
import { requireHosts, skipBecause } from '../support/skip';

// The Build, Run and Push lenses' actions with the real engine, the real registry (open, and with Basic
// authentication) and the stand-in .NET images, on a copy of the StockKube sample, once per docker CLI a
// user has, against an engine started without BuildKit in its daemon.json (a stock engine):
//   * the machine's docker 28 CLI, which has no buildx plugin (the legacy builder);
//   * Debian's docker 20.10 CLI (BuildKit only when DOCKER_BUILDKIT=1 is set for it).
// Each step runs what the extension's task would run: the task definition a lens makes, resolved by
// planContainerTask, with the CLI chooseContainerCli picks; a build runs `dotnet-containers build` with the
// arguments the build task gives it (cliBuildArgs), which decides the builder. What differs is only what a
// terminal gives the extension: the build adds `--network host` so that restore reaches the NuGet mirror,
// and the container runs detached on 127.0.0.1 instead of `-it`.

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cliScript = path.join(repoRoot, 'dist', 'cli.js');
const testLabel = 'dotnet-containers.test=containerActions';

/** process.env with the variables a combination unsets (undefined) taken out, for code that reads env itself. */
function withoutUnset(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

/** Runs the CLI the way a task does (argv, no shell), with the task's extra environment; stdin for `login --password-stdin`. */
function run(cli: ContainerCli, argv: readonly string[], env: NodeJS.ProcessEnv = {}, input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(cli.path, [...argv], { env: { ...process.env, ...cli.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => { stdout += chunk; });
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('error', error => resolve({ code: 127, stdout, stderr: stderr + error.message }));
    child.on('close', code => resolve({ code: code ?? 1, stdout, stderr }));
    // A command that exits before it reads stdin (docker tag, fast under load) closes the pipe: EPIPE is not the
    // test's failure, the exit code is; kept in stderr so that an assertion on it shows it.
    child.stdin.on('error', error => { stderr += `\n(stdin: ${error.message})`; });
    child.stdin.end(input);
  });
}

const tail = (text: string, lines = 40) => text.trim().split('\n').slice(-lines).join('\n');

interface Combination {
  readonly name: string;
  readonly file: string;
  readonly builder: 'legacy' | 'buildkit' | 'buildah';
  readonly withLogin: boolean;
  /** Where the engine is for this user: by default DOCKER_HOST (the runner's engine). */
  readonly setup?: () => Promise<ComboSetup>;
}

interface ComboSetup {
  readonly env: NodeJS.ProcessEnv;
  readonly engineSource: string;
  /** The endpoint the Images client must find. */
  readonly engineHost: RegExp | string;
  stop(): Promise<void>;
}

/** The docker CLIs users have, each against the same stock engine (the stand-in images are shared). */
const clis: readonly Combination[] = [
  { name: "the machine's docker 28 CLI without buildx", file: '/usr/local/bin/docker', builder: 'legacy', withLogin: false },
  { name: "Debian's docker 20.10 CLI", file: '/usr/bin/docker', builder: 'buildkit', withLogin: true },
  // Debian's 20.10 CLI here: BuildKit's cache is shared with the combination above, where another legacy build
  // would copy every step of the sdk image again on the vfs driver (~20 GB).
  { name: "a docker context over SSH (Debian's docker 20.10 CLI; openssh-server on loopback, key auth)", file: '/usr/bin/docker', builder: 'buildkit', withLogin: false, setup: sshContext },
  { name: "Podman (Debian's podman 4.3, rootful, a store of its own; its API socket for the Images view)", file: '/usr/bin/podman', builder: 'buildah', withLogin: false, setup: podmanUser },
];

/** A Podman user: podman's own config files (storage, containers.conf) and its socket as the engine. */
async function podmanUser(): Promise<ComboSetup> {
  const reason = process.env.DC_PODMAN_UNAVAILABLE ?? (process.env.DC_PODMAN_SOCKET ? undefined : 'no Podman (DC_PODMAN_SOCKET unset)');
  if (reason) throw new Error(reason);
  return {
    env: { DOCKER_HOST: process.env.DC_PODMAN_SOCKET, CONTAINERS_STORAGE_CONF: process.env.DC_PODMAN_STORAGE_CONF, CONTAINERS_CONF: process.env.DC_PODMAN_CONF },
    engineSource: 'DOCKER_HOST',
    engineHost: process.env.DC_PODMAN_SOCKET!,
    stop: async () => {},
  };
}

/**
 * A user whose engine is remote: `docker context create --docker host=ssh://root@127.0.0.1:PORT` and `docker
 * context use` in a config dir of their own, no DOCKER_HOST, and ssh with its own key and known_hosts.
 */
async function sshContext(): Promise<ComboSetup> {
  const { startSshd } = await importEsm(pathToFileURL(path.join(repoRoot, 'test/hosts/sshd.mjs')).href);
  const sshd = await startSshd({ dockerHost: process.env.DOCKER_HOST });
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-ssh-context-'));
  const env: NodeJS.ProcessEnv = { DOCKER_HOST: undefined, DOCKER_CONFIG: configDir, PATH: sshd.env.PATH };
  const docker = (args: string[]) => new Promise<void>((resolve, reject) => {
    const child = spawn('/usr/bin/docker', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('close', code => (code === 0 ? resolve() : reject(new Error(`docker ${args.join(' ')}: ${stderr}`))));
  });
  await docker(['context', 'create', 'dc-ssh', '--docker', `host=${sshd.address}`]);
  await docker(['context', 'use', 'dc-ssh']);
  return { env, engineSource: 'docker context', engineHost: /^ssh:\/\/root@127\.0\.0\.1:\d+$/, stop: async () => { await sshd.stop(); fs.rmSync(configDir, { recursive: true, force: true }); } };
}

/** `Builder-Version` of the engine's /_ping: "2" only when its daemon.json switches BuildKit on (20.10 sends none otherwise). */
function builderVersion(dockerHost: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath: dockerHost.replace(/^unix:\/\//, ''), path: '/_ping' }, response => {
      response.resume();
      resolve(response.headers['builder-version'] as string | undefined);
    });
    request.on('error', reject);
  });
}

for (const combo of clis) describe(`Build, Run and Push lenses on the StockKube sample with ${combo.name}, on a stock engine (engine, registry, stand-in .NET)`, function () {
  this.timeout(15 * 60_000);
  const id = randomBytes(3).toString('hex');
  let workDir = '';
  let dockerfile = '';
  let cli: ContainerCli;
  let image = '';
  const containers = new Set<string>();
  const images = new Set<string>();

  /** The user's environment for this combination (an ssh context instead of DOCKER_HOST, …). */
  let comboEnv: NodeJS.ProcessEnv = {};
  let stopCombo: (() => Promise<void>) | undefined;
  let engineSource = 'DOCKER_HOST';
  let engineHost: RegExp | string | undefined;
  /** The CLI in the combination's environment (podman reads its store from CONTAINERS_* there). */
  const cliRun = (argv: readonly string[], env: NodeJS.ProcessEnv = {}) => run(cli, argv, { ...comboEnv, ...env });
  /** Where podman writes the pushed digest, as the Push… command asks it to. */
  let digestFile = '';
  const plan = (definition: Omit<ContainerTaskDefinition, 'type'>): PlannedTask => planContainerTask({ type: containerTaskType, ...definition }, {
    targetsOf: file => dockerfileTargets(file, fs.readFileSync(file, 'utf8'), { now: new Date() }),
    ...(cli ? { cli: cli.name } : {}),
    ...(digestFile ? { pushDigestFile: digestFile } : {}),
  });

  before(async function () {
    if (process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST) return;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc lens e2e '));
    const sample = path.join(workDir, 'StockKube');
    fs.cpSync(path.join(repoRoot, 'samples', 'StockKube'), sample, { recursive: true, filter: src => !/[\\/](bin|obj)$/.test(src) });
    const generated = planGeneration(path.join(sample, 'StockWeb', 'StockWeb.csproj'), { now: new Date() });
    assert.ok(generated.ok, generated.ok ? '' : generated.message);
    fs.writeFileSync(generated.dockerfile.path, generated.dockerfile.content);
    fs.writeFileSync(generated.dockerignore.path, generated.dockerignore.content);
    dockerfile = generated.dockerfile.path;
    if (!fs.existsSync(combo.file)) return;
    if (combo.setup) {
      let setup: ComboSetup;
      try {
        setup = await combo.setup();
      } catch (error) {
        setupProblem = (error as Error).message;
        return;
      }
      comboEnv = setup.env;
      engineSource = setup.engineSource;
      engineHost = setup.engineHost;
      stopCombo = setup.stop;
    }
    const chosen = await chooseContainerCli({ preference: 'auto', explicitPath: combo.file, env: withoutUnset({ ...process.env, ...comboEnv }) });
    assert.ok(chosen.ok, chosen.ok ? '' : chosen.message);
    cli = chosen.cli;
  });

  after(async function () {
    // vfs (the only storage driver here) stores every layer as a full copy, so removing an image deletes
    // hundreds of MB of files: on a loaded machine that alone took over two minutes. The removals run side by
    // side, and the hook gets the time the disk needs.
    this.timeout(8 * 60_000);
    // In the combination's own engine (podman has a store of its own).
    const clean = (args: string[]) => (cli ? cliRun(args) : docker(args));
    await Promise.all([...containers].map(container => clean(['rm', '--force', container])));
    await Promise.all([...images].map(name => clean(['image', 'rm', '--force', name])));
    // The legacy builder and Buildah leave other stages as untagged images: gone at once, so combinations do not add up on disk.
    await clean(['image', 'prune', '--force']);
    await stopCombo?.();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  let setupProblem: string | undefined;
  beforeEach(function () {
    if (!fs.existsSync(combo.file)) skipBecause(this, `${combo.file} is not on this machine`);
    if (setupProblem) skipBecause(this, setupProblem);
  });

  it('finds the engine the way Check Environment does', async function () {
    requireHosts(this, 'engine');
    assert.equal(cli.engine?.source, engineSource);
    const expected = engineHost ?? process.env.DOCKER_HOST!;
    if (typeof expected === 'string') assert.equal(cli.engine?.host, expected);
    else assert.match(cli.engine?.host ?? '', expected);
    assert.equal(cli.name, combo.file.endsWith('podman') ? 'podman' : 'docker');
    assert.deepEqual(cli.env, {}, 'the CLI finds DOCKER_HOST or its context by itself: nothing to add');
    // Check Environment's report (doctor), through the same endpoint, with the builder this CLI gets.
    const doctor = await run({ ...cli, path: process.execPath }, [cliScript, 'doctor', '--format', 'json'], { ...comboEnv, DOTNET_CONTAINERS_CLI: combo.file, DOCKER_BUILDKIT: undefined });
    const report = JSON.parse(doctor.stdout) as { activeEngine?: { host: string }; build: { path: string; builder: string } };
    assert.equal(report.activeEngine?.host, cli.engine?.host);
    assert.deepEqual([report.build.path, report.build.builder], [combo.file, combo.builder]);
    // The Images view's client, through the same endpoint.
    const engine = await connectEngine({ env: withoutUnset({ ...process.env, ...comboEnv }) });
    assert.ok(engine.ok, engine.ok ? '' : engine.error.message);
    assert.equal(engine.value.host, cli.engine?.host);
    const listed = await engine.value.listImages();
    assert.ok(listed.ok && listed.value.repositories.some(entry => entry.repository === 'mcr.microsoft.com/dotnet/sdk'), 'the stand-in sdk image is listed');
    engine.value.close();
  });

  it(`the engine has no BuildKit in its daemon.json, and the CLI is decided to use ${{ legacy: 'the legacy builder', buildkit: 'BuildKit with DOCKER_BUILDKIT=1', buildah: 'Buildah' }[combo.builder]}`, async function () {
    requireHosts(this, 'engine');
    assert.notEqual(await builderVersion(process.env.DOCKER_HOST!), '2', 'a stock engine: BuildKit is not its default builder');
    const strategy = chooseBuildStrategy(await readBuildFacts(cli, withoutUnset({ ...process.env, ...comboEnv, DOCKER_BUILDKIT: undefined })));
    assert.equal(strategy.kind, combo.builder, strategy.summary);
  });

  it('Build image builds StockWeb from the solution folder, named after the project, with the Dockerfile left as generated', async function () {
    requireHosts(this, 'engine', 'dotnet', 'standins');
    const planned = plan({ action: 'build', dockerfile, network: 'host' });
    assert.equal(planned.context, path.join(workDir, 'StockKube'), 'the solution folder, where the linked proto is');
    assert.equal(planned.image, 'stockweb:latest');
    image = `stockweb:lens-${id}`;
    // The same definition with the image the user typed in the prompt (a unique tag for the test).
    const build = plan({ action: 'build', dockerfile, network: 'host', image });
    const before = fs.readFileSync(dockerfile, 'utf8');
    assert.match(before, /--platform=\$BUILDPLATFORM/, 'the generated Dockerfile is the BuildKit one');
    const args = [cliScript, ...cliBuildArgs(build, cli.path), '--label', testLabel];
    const built = await run({ ...cli, path: process.execPath }, args, { ...comboEnv, DOCKER_BUILDKIT: undefined });
    images.add(image);
    assert.equal(built.code, 0, `dotnet-containers ${args.slice(1).join(' ')}:\n${tail(built.stderr + built.stdout)}`);
    assert.match(built.stderr, { legacy: /builder: docker's legacy builder/, buildkit: /builder: BuildKit of the engine/, buildah: /builder: podman build \(Buildah/ }[combo.builder]);
    assert.equal(fs.readFileSync(dockerfile, 'utf8'), before, "the user's Dockerfile is untouched");
    const inspect = await cliRun(['image', 'inspect', '--format', '{{json .Config.Entrypoint}}', image]);
    assert.deepEqual(JSON.parse(inspect.stdout), ['dotnet', 'StockWeb.dll']);
  });

  it('Run container publishes the app port the Dockerfile declares, and the app answers HTTP there', async function () {
    requireHosts(this, 'engine', 'dotnet', 'standins');
    assert.ok(image, 'needs the image from the build test');
    const hostPort = await freePort();
    const planned = plan({ action: 'run', dockerfile, image, hostPort });
    assert.equal(planned.containerPort, 8080);
    assert.deepEqual(planned.argv, ['run', '--rm', '--interactive', '--tty', '--publish', `${hostPort}:8080`, image]);
    const name = `dc-lens-${id}`;
    const detached = runArgv({ image, hostPort: planned.hostPort!, containerPort: planned.containerPort!, hostIp: '127.0.0.1', interactive: false, name });
    const started = await cliRun(detached);
    if (started.code === 0) containers.add(name);
    assert.equal(started.code, 0, started.stderr);
    let page;
    try {
      page = await waitForHttp(`http://127.0.0.1:${hostPort}/`, 90_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${(await cliRun(['logs', '--tail', '30', name])).stderr}`);
    }
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>StockKube<\/title>/);
  });

  /** Push…: tag, push, read the digest the extension shows, check the registry has it, then Verify (untag, pull). */
  async function pushAndVerify(registry: string, userEnv: NodeJS.ProcessEnv, authorization?: string): Promise<string> {
    const env = { ...comboEnv, ...userEnv };
    digestFile = path.join(workDir, `digest-${randomBytes(4).toString('hex')}`);
    const tag = plan({ action: 'tag', dockerfile, image, registry });
    const push = plan({ action: 'push', dockerfile, image, registry });
    digestFile = '';
    const remote = push.remoteImage!;
    assert.equal(remote, `${registry}/${image}`);
    images.add(remote);
    assert.equal((await run(cli, tag.argv, env)).code, 0);
    const pushed = await run(cli, push.argv, env);
    assert.equal(pushed.code, 0, tail(pushed.stderr || pushed.stdout));
    const written = push.argv.includes('--digestfile') ? push.argv[push.argv.indexOf('--digestfile') + 1] : undefined;
    assert.equal(written !== undefined, cli.name === 'podman', 'podman is asked for the pushed digest, docker prints it');
    const digest = await readPushedDigest(cli.path, remote, withoutUnset({ ...process.env, ...env }), written);
    assert.match(digest ?? '', /^sha256:[0-9a-f]{64}$/);
    if (cli.name === 'docker') assert.ok(pushed.stdout.includes(`digest: ${digest}`), `the digest shown is the one docker push printed:\n${tail(pushed.stdout, 5)}`);

    const headers = authorization ? { authorization } : {};
    const tags = await httpGet(`http://${registry}/v2/stockweb/tags/list`, 5000, headers);
    assert.equal(tags.status, 200, tags.body);
    assert.ok((JSON.parse(tags.body) as { tags: string[] }).tags.includes(`lens-${id}`));
    const manifest = await httpGet(`http://${registry}/v2/stockweb/manifests/lens-${id}`, 5000, { ...headers, accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' });
    assert.equal(manifest.headers['docker-content-digest'], digest, 'the registry has the digest that was shown');

    const untag = plan({ action: 'untag', dockerfile, image, registry });
    const pull = plan({ action: 'pull', dockerfile, image, registry });
    assert.equal((await run(cli, untag.argv, env)).code, 0);
    assert.notEqual((await run(cli, ['image', 'inspect', remote], env)).code, 0, 'the registry tag is gone locally before the pull');
    const pulled = await run(cli, pull.argv, env);
    assert.equal(pulled.code, 0, tail(pulled.stderr));
    const repoDigests = JSON.parse((await run(cli, ['image', 'inspect', '--format', '{{json .RepoDigests}}', remote], env)).stdout) as string[];
    assert.ok(repoDigests.includes(`${registry}/stockweb@${digest}`), repoDigests.join(', '));
    return digest!;
  }

  it('Push… puts the tag in the registry with the digest it shows, and Verify pulls it back', async function () {
    requireHosts(this, 'engine', 'dotnet', 'standins', 'registry');
    assert.ok(image, 'needs the image from the build test');
    const probe = await probeRegistry(process.env.DC_REGISTRY!);
    assert.deepEqual(probe, { answered: true, status: 200 }, 'an open registry: no login is offered');
    await pushAndVerify(process.env.DC_REGISTRY!, {});
  });

  if (combo.withLogin) describe('to a registry that requires Basic authentication', function () {
    const user = 'dc-lens';
    const password = `pa55 ${id};$(id)`;
    let registry: { address: string; stop(): Promise<void> } | undefined;
    let configDir = '';

    before(async function () {
      if (process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST || process.env.DC_REGISTRY_UNAVAILABLE) return;
      const { startRegistry } = await importEsm(pathToFileURL(path.join(repoRoot, 'test/hosts/registry.mjs')).href);
      registry = await startRegistry({ htpasswd: { user, password } });
      configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-lens-login-'));
    });

    after(async function () {
      await registry?.stop();
      if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
    });

    it('the push is refused, the registry asks for a login docker does not have, and after `docker login` the same flow works', async function () {
      requireHosts(this, 'engine', 'dotnet', 'standins', 'registry');
      assert.ok(image && registry, 'needs the image and the registry');
      const env = { DOCKER_CONFIG: configDir };
      const address = registry.address;
      assert.equal((await run(cli, plan({ action: 'tag', dockerfile, image, registry: address }).argv, env)).code, 0);
      images.add(`${address}/${image}`);
      const refused = await run(cli, plan({ action: 'push', dockerfile, image, registry: address }).argv, env);
      assert.notEqual(refused.code, 0, 'an anonymous push is refused');
      const probe = await probeRegistry(address);
      assert.ok(wantsLogin(probe), JSON.stringify(probe));
      assert.equal(hasLogin(await readDockerConfig(configDir), address), false, 'so the extension offers "Log In"');

      // The login task runs `docker login <host>`, where the user types; here the password goes in on stdin.
      const login = plan({ action: 'login', registry: address });
      assert.deepEqual(login.argv, ['login', address]);
      const loggedIn = await run(cli, [...login.argv, '--username', user, '--password-stdin'], env, password);
      assert.equal(loggedIn.code, 0, loggedIn.stderr);
      assert.equal(hasLogin(await readDockerConfig(configDir), address), true);

      await pushAndVerify(address, env, `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
    });
  });
});

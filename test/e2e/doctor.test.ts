import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { importEsm } from '../support/importEsm';
import { skipBecause } from '../support/skip';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist', 'cli.js');
const dockerCli = process.env.DC_DOCKER_CLI ?? 'docker';

function exec(file: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => { stdout += chunk; });
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('error', error => resolve({ code: -1, stdout, stderr: stderr + error.message }));
    child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }));
    // A command that exits before it reads stdin closes the pipe: the exit code says how it ended.
    child.stdin.on('error', error => { stderr += `\n(stdin: ${error.message})`; });
    child.stdin.end(input ?? '');
  });
}

/** `dotnet-containers doctor` as a user runs it, with the given environment. */
async function doctor(env: NodeJS.ProcessEnv, format: 'json' | 'text' = 'json') {
  const result = await exec(process.execPath, [cli, 'doctor', '--format', format], env);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

describe('doctor against the real engine', function () {
  this.timeout(60_000);
  let configDir: string;

  before(function () {
    if (process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST) skipBecause(this, process.env.DC_ENGINE_UNAVAILABLE ?? 'no test engine (DOCKER_HOST unset)');
  });
  beforeEach(async () => { configDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-doctor-')); });
  afterEach(async () => { await fs.rm(configDir, { recursive: true, force: true }); });

  it('finds the engine named by DOCKER_HOST and reports its real version', async () => {
    const env = { ...process.env, DOCKER_CONFIG: configDir };
    const report = JSON.parse(await doctor(env));
    const serverVersion = await new Promise<string>((resolve, reject) =>
      execFile(dockerCli, ['version', '--format', '{{.Server.Version}}'], { env }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))));
    assert.equal(report.activeEngine.host, process.env.DOCKER_HOST);
    assert.equal(report.activeEngine.source, 'DOCKER_HOST');
    assert.equal(report.activeEngine.probe.product, 'Docker');
    assert.equal(report.activeEngine.probe.version, serverVersion);
    const text = await doctor(env, 'text');
    assert.match(text, new RegExp(`→ using ${process.env.DOCKER_HOST!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('reports the CLI builds will really run and its builder: legacy for docker 28 without buildx, DOCKER_BUILDKIT=1 for Debian\'s 20.10', async function () {
    for (const [file, builder, summary] of [
      ['/usr/local/bin/docker', 'legacy', /builder: docker's legacy builder/],
      ['/usr/bin/docker', 'buildkit', /builder: BuildKit of the engine .*; runs with DOCKER_BUILDKIT=1/],
    ] as const) {
      if (!await fs.access(file).then(() => true, () => false)) skipBecause(this, `${file} is not on this machine`);
      const env = { ...process.env, DOCKER_CONFIG: configDir, DOTNET_CONTAINERS_CLI: file, DOCKER_BUILDKIT: undefined };
      const report = JSON.parse(await doctor(env));
      assert.equal(report.build.path, file);
      assert.equal(report.build.builder, builder, report.build.summary);
      const text = await doctor(env, 'text');
      assert.match(text, new RegExp(`tasks run ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(docker \\d+`));
      assert.match(text, summary);
      assert.match(text, /buildx plugin: not installed/);
      if (builder === 'legacy') assert.match(text, /! .*buildx/, 'how to get BuildKit');
    }
  });

  it('follows the current docker context when DOCKER_HOST is not set', async () => {
    const withConfig: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: configDir };
    const created = await exec(dockerCli, ['context', 'create', 'dc-e2e', '--docker', `host=${process.env.DOCKER_HOST}`], withConfig);
    assert.equal(created.code, 0, created.stderr);
    const used = await exec(dockerCli, ['context', 'use', 'dc-e2e'], withConfig);
    assert.equal(used.code, 0, used.stderr);
    const { DOCKER_HOST: _unset, ...withoutHost } = withConfig;
    const report = JSON.parse(await doctor(withoutHost));
    assert.equal(report.activeEngine.source, 'docker context');
    assert.equal(report.activeEngine.context, 'dc-e2e');
    assert.equal(report.activeEngine.host, process.env.DOCKER_HOST);
    assert.equal(report.dockerConfig.currentContext, 'dc-e2e');
  });
});

describe('doctor after a real docker login', function () {
  this.timeout(60_000);
  const user = 'dc-user';
  const password = 'pa55 w0rd;$(id)`x`';
  let registry: { address: string; stop(): Promise<void> } | undefined;
  let configDir: string;

  before(async function () {
    if (process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST) skipBecause(this, process.env.DC_ENGINE_UNAVAILABLE ?? 'no test engine (DOCKER_HOST unset)');
    if (process.env.DC_REGISTRY_UNAVAILABLE) skipBecause(this, process.env.DC_REGISTRY_UNAVAILABLE);
    const { startRegistry } = await importEsm(pathToFileURL(path.join(root, 'test/hosts/registry.mjs')).href);
    registry = await startRegistry({ log: () => undefined, htpasswd: { user, password } });
    configDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-login-'));
  });
  after(async () => {
    await registry?.stop();
    if (configDir) await fs.rm(configDir, { recursive: true, force: true });
  });

  it('lists the registry it logged in to and never prints the password or the stored auth', async () => {
    const env = { ...process.env, DOCKER_CONFIG: configDir };
    const login = await exec(dockerCli, ['login', registry!.address, '--username', user, '--password-stdin'], env, password);
    assert.equal(login.code, 0, login.stderr);
    const stored = JSON.parse(await fs.readFile(path.join(configDir, 'config.json'), 'utf8'));
    const storedAuth: string = stored.auths[registry!.address].auth;
    assert.ok(storedAuth, 'docker saved the login in config.json');

    const output = (await doctor(env, 'text')) + (await doctor(env, 'json'));
    assert.match(output, new RegExp(`logins for: .*${registry!.address.replace(/\./g, '\\.')}`));
    for (const secret of [password, storedAuth, Buffer.from(storedAuth, 'base64').toString('utf8')]) {
      assert.ok(!output.includes(secret), 'a credential was printed');
    }
  });
});

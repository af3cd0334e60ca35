// `npm test`: builds, provisions the real test hosts, runs the three layers and prints one closing line
// `N passed, N failed[, N skipped]` for all of them.
//   unit    plain Node, src/core only
//   vscode  inside a real VS Code 1.100.3 extension host (code-server's server + headless Chromium)
//   e2e     against a real Docker engine, a real registry and real .NET, all started here on loopback
// A host that cannot start makes its tests skip with a one-line reason; with DC_REQUIRE_HOSTS=1 (set by
// .ci/run) that is a failure instead, because CI on these machines must run everything.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const cacheDir = process.env.DOTNET_CONTAINERS_CACHE || path.join(os.homedir(), '.cache', 'dotnet-containers');
const resultsDir = path.join(root, '.test-results');
const requireHosts = process.env.DC_REQUIRE_HOSTS === '1';
const onlyLayers = (process.env.DC_LAYERS || 'unit,vscode,e2e').split(',');
// DC_GREP: a regular expression on test titles for the vscode layer (each host run adds its own filter).
// DC_E2E_FILES: which e2e test files run (a glob, default every one).
const userGrep = process.env.DC_GREP;
const log = message => process.stderr.write(`[test] ${message}\n`);
// The suite is hermetic: the .NET calendar is the bundled one in every layer (the CLI and the extension host
// inherit this), so a machine that reaches the internet does not take live release facts mid-run. The
// release-metadata tests serve their own over loopback.
process.env.DOTNET_CONTAINERS_RELEASE_METADATA_URL ??= '';

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const stops = [];

function run(command, args, options = {}) {
  return new Promise(resolve => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
    child.on('error', error => resolve({ code: 1, error }));
    child.on('exit', code => resolve({ code: code ?? 1 }));
  });
}

function addSummary(summary) {
  totals.passed += summary.passed;
  totals.failed += summary.failed;
  totals.skipped += summary.skipped;
  failures.push(...summary.failures.map(f => `[${summary.layer}] ${f.title}`));
}

/** A host problem: a skip reason normally, a counted failure when CI requires every host. */
function hostUnavailable(name, reason) {
  log(`${name} unavailable: ${reason}`);
  if (requireHosts) {
    totals.failed++;
    failures.push(`[hosts] ${name} must start in CI: ${reason}`);
  }
  return reason.split('\n')[0];
}

async function mochaLayer(layer, pattern, env, extraArgs = []) {
  const output = path.join(resultsDir, `${layer}.json`);
  fs.rmSync(output, { force: true });
  const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const result = await run(process.execPath, [mocha, '--reporter', path.join(root, 'test/support/summaryReporter.js'),
    '--reporter-option', `output=${output}`, '--reporter-option', `layer=${layer}`, '--timeout', '20000', ...extraArgs, pattern],
    { env: { ...process.env, ...env } });
  if (!fs.existsSync(output)) {
    addSummary({ layer, passed: 0, failed: 1, skipped: 0, failures: [{ title: `the ${layer} layer did not finish (exit ${result.code})` }] });
    return;
  }
  addSummary(JSON.parse(fs.readFileSync(output, 'utf8')));
}

async function main() {
  fs.mkdirSync(resultsDir, { recursive: true });

  log('building (type-check, emit tests, bundle)');
  if ((await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'])).code !== 0
    || (await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.core.json'])).code !== 0
    // src/core never loads vscode (eslint.config.mjs); --quiet: errors only.
    || (await run(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '--quiet', 'src/core'])).code !== 0
    || (await run(process.execPath, ['esbuild.mjs'])).code !== 0) {
    totals.failed++;
    failures.push('[build] the build failed; no test ran');
    return;
  }

  if (onlyLayers.includes('unit')) await mochaLayer('unit', 'out/test/unit/**/*.test.js', {});

  const needsHosts = onlyLayers.includes('vscode') || onlyLayers.includes('e2e');
  const hostEnv = {};
  if (needsHosts) {
    const provision = await run('bash', [path.join(root, 'scripts/provision.sh')], { env: { ...process.env, DOTNET_CONTAINERS_CACHE: cacheDir } });
    if (provision.code !== 0) log(`provisioning exited ${provision.code}; hosts that are missing will be reported`);
    await startHosts(hostEnv);
  }

  if (onlyLayers.includes('vscode')) await vscodeLayer(hostEnv);
  // DC_E2E_FILES: a glob of e2e test files without `.test.js` (e.g. `compose`), for a quicker local run.
  // diskGuard: prunes the engine's build cache when the disk runs low between tests (see the file).
  if (onlyLayers.includes('e2e')) await mochaLayer('e2e', `out/test/e2e/${process.env.DC_E2E_FILES || '**/*'}.test.js`, hostEnv, ['--require', path.join(root, 'test/support/diskGuard.js')]);
}

async function startHosts(hostEnv) {
  const { startEngine } = await import('./hosts/engine.mjs');
  const { startRegistry } = await import('./hosts/registry.mjs');
  const { ensureStandinImages } = await import('./hosts/standinImages.mjs');

  const dotnet = await run('dotnet', ['--version'], { stdio: 'ignore' });
  if (dotnet.code !== 0) hostEnv.DC_DOTNET_UNAVAILABLE = hostUnavailable('.NET SDK', 'no dotnet on PATH');

  let engine;
  try {
    engine = await startEngine({ cacheDir, log });
    stops.push(() => engine.stop());
    Object.assign(hostEnv, { DOCKER_HOST: engine.dockerHost, DC_DOCKER_CLI: engine.dockerCli, DC_ENGINE_DATA_ROOT: engine.dataRoot });
    if (engine.tlsHost) Object.assign(hostEnv, { DC_ENGINE_TLS_HOST: engine.tlsHost, DC_ENGINE_TLS_CERTS: engine.tlsCertDir });
    log(`engine ${engine.version} at ${engine.dockerHost}`);
  } catch (error) {
    hostEnv.DC_ENGINE_UNAVAILABLE = hostUnavailable('Docker engine', error.message);
  }

  try {
    const registry = await startRegistry({ log });
    stops.push(() => registry.stop());
    hostEnv.DC_REGISTRY = registry.address;
    log(`registry at ${registry.address}`);
  } catch (error) {
    hostEnv.DC_REGISTRY_UNAVAILABLE = hostUnavailable('registry', error.message);
  }

  // A second registry that wants a login (htpasswd, Basic): the Registries view's "Log in…" is tested on it.
  try {
    const login = { user: 'dc-tester', password: `pw-${Math.random().toString(36).slice(2)}` };
    const registry = await startRegistry({ log, htpasswd: login });
    stops.push(() => registry.stop());
    Object.assign(hostEnv, { DC_REGISTRY_AUTH: registry.address, DC_REGISTRY_AUTH_USER: login.user, DC_REGISTRY_AUTH_PASSWORD: login.password });
  } catch (error) {
    hostEnv.DC_REGISTRY_AUTH_UNAVAILABLE = hostUnavailable('registry with htpasswd', error.message);
  }

  if (!onlyLayers.includes('e2e') && process.env.DC_STANDINS !== '1') {
    // Only the e2e layer builds FROM the stand-ins; a vscode-only run need not build them into a fresh data-root
    // (DC_STANDINS=1 asks for them anyway, for the in-host tests that run .NET images).
    hostEnv.DC_STANDIN_UNAVAILABLE = 'stand-in images are only prepared when the e2e layer runs';
  } else if (!engine) {
    hostEnv.DC_STANDIN_UNAVAILABLE = 'no Docker engine to build the stand-in .NET images';
  } else if (hostEnv.DC_DOTNET_UNAVAILABLE) {
    hostEnv.DC_STANDIN_UNAVAILABLE = hostUnavailable('stand-in .NET images', 'no .NET SDK on this machine to put in them');
  } else {
    try {
      const standins = await ensureStandinImages({ dockerHost: engine.dockerHost, dockerCli: engine.dockerCli, cacheDir, log });
      hostEnv.DC_STANDIN_DOTNET = standins.dotnetVersion;
    } catch (error) {
      hostEnv.DC_STANDIN_UNAVAILABLE = hostUnavailable('stand-in .NET images', error.message);
    }
  }

  // Podman with a store of its own, holding the stand-ins an ASP.NET app builds from (e2e only).
  if (onlyLayers.includes('e2e') && hostEnv.DC_STANDIN_DOTNET) {
    try {
      const { startPodman } = await import('./hosts/podman.mjs');
      const images = ['sdk', 'aspnet'].map(kind => `mcr.microsoft.com/dotnet/${kind}:${hostEnv.DC_STANDIN_DOTNET}`);
      const podman = await startPodman({ cacheDir, dockerHost: engine.dockerHost, dockerCli: engine.dockerCli, images, log });
      stops.push(() => podman.stop());
      Object.assign(hostEnv, { DC_PODMAN_SOCKET: podman.socket, DC_PODMAN_STORAGE_CONF: podman.env.CONTAINERS_STORAGE_CONF, DC_PODMAN_CONF: podman.env.CONTAINERS_CONF });
    } catch (error) {
      hostEnv.DC_PODMAN_UNAVAILABLE = hostUnavailable('Podman', error.message);
    }
  }
}

async function vscodeLayer(hostEnv) {
  const { runExtensionTests, outputPanelCheck, overwritePromptCheck, dockerfileCommandsCheck, containersViewCheck } = await import('./hosts/codeServer.mjs');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-workspace-'));
  stops.push(async () => fs.rmSync(workspace, { recursive: true, force: true }));
  const sample = path.join(root, 'samples', 'StockKube');
  if (fs.existsSync(sample)) fs.cpSync(sample, workspace, { recursive: true, filter: src => !/[\\/](bin|obj)$/.test(src) });
  const common = { cacheDir, extensionPath: root, testsPath: path.join(root, 'out/test/integration/index.js'), workspace, log, timeoutMs: 10 * 60_000 };
  // Two hosts: a trusted workspace for everything, and an untrusted one for what must not run there.
  const runs = [
    {
      name: 'trusted',
      workspaceTrust: false,
      resultsFile: path.join(resultsDir, 'vscode.json'),
      screenshotPath: path.join(resultsDir, 'workbench.png'),
      uiChecks: [outputPanelCheck({ channel: '.NET Containers', contains: ['Container engine', 'Builds', 'builder: ', '.NET SDK', 'Docker config', ...(hostEnv.DOCKER_HOST ? [`  → using ${hostEnv.DOCKER_HOST}`] : [])] }), overwritePromptCheck({ workspace, project: 'StockWeb/StockWeb.csproj', marker: '# edited by the in-host test' }), dockerfileCommandsCheck({ folder: 'StockWeb' }),
        ...(hostEnv.DOCKER_HOST && !hostEnv.DC_ENGINE_UNAVAILABLE ? [containersViewCheck({ dockerCli: hostEnv.DC_DOCKER_CLI ?? 'docker', env: { ...process.env, ...hostEnv }, screenshotPath: path.join(resultsDir, 'containers-view.png') })] : [])],
      env: { ...process.env, ...hostEnv, DC_GREP: onlyTitles('^(?!.*(?:untrusted workspace|cold host))') },
    },
    {
      name: 'untrusted',
      workspaceTrust: true,
      resultsFile: path.join(resultsDir, 'vscode-untrusted.json'),
      env: { ...process.env, ...hostEnv, DC_GREP: onlyTitles('^(?=.*untrusted workspace)') },
    },
    {
      // Nothing but a tasks.json task may activate the extension here (onTaskType:dotnet-container).
      name: 'cold',
      workspaceTrust: false,
      workspace: coldTaskWorkspace(),
      resultsFile: path.join(resultsDir, 'vscode-cold.json'),
      env: { ...process.env, ...hostEnv, DC_GREP: onlyTitles('^(?=.*cold host)') },
    },
  ];
  const { countHostTests, hostRunOutcome } = require(path.join(root, 'test/support/countHostTests.cjs'));
  for (const { name, ...options } of runs) {
    let summary;
    let error;
    try {
      summary = await runExtensionTests({ ...common, ...options });
    } catch (thrown) {
      error = thrown;
    }
    // A host that cannot start, or dies, counts every test it would have run, by count.
    const count = () => countHostTests(path.join(root, 'out/test/integration'), options.env.DC_GREP) + (options.uiChecks?.length ?? 0);
    const outcome = hostRunOutcome({ summary, error, count: error || summary?.passed === 0 ? count() : 0, requireHosts });
    if (!outcome.problem) {
      addSummary(summary);
      continue;
    }
    log(`VS Code host (${name}) unavailable: ${outcome.problem}`);
    totals.failed += outcome.failed;
    totals.skipped += outcome.skipped;
    if (outcome.failed) failures.push(`[hosts] VS Code host (${name}) must run in CI: ${outcome.problem} (${outcome.failed} tests did not run)`);
    else log(`skipped the ${outcome.skipped} tests of the ${name} vscode run`);
    // The host's own logs, for finding out why.
    for (const failure of summary?.failures ?? []) log(String(failure.error));
  }
}

/** A run's own title filter (a regex prefix), narrowed by the user's DC_GREP when set. */
function onlyTitles(prefix) {
  return `${prefix}.*${userGrep ? `(?:${userGrep})` : ''}`;
}

/** A workspace with one Dockerfile and a tasks.json that builds it (test/integration/coldTaskActivation.test.ts). */
function coldTaskWorkspace() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-cold-'));
  stops.push(async () => fs.rmSync(workspace, { recursive: true, force: true }));
  fs.writeFileSync(path.join(workspace, 'hello.txt'), 'hello\n');
  fs.writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM scratch\nLABEL dotnet-containers.test=cold\nCOPY hello.txt /hello.txt\n');
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.writeFileSync(path.join(workspace, '.vscode', 'tasks.json'), JSON.stringify({
    version: '2.0.0',
    tasks: [{ label: 'build the cold image', type: 'dotnet-container', action: 'build', dockerfile: 'Dockerfile', image: 'dc-cold-task:test' }],
  }, null, 2));
  return workspace;
}

async function stopAll() {
  while (stops.length) {
    const stop = stops.pop();
    try { await stop(); } catch (error) { log(`cleanup: ${error.message}`); }
  }
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: stopping the hosts this run started`);
    stopAll().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  totals.failed++;
  failures.push(`[runner] ${error.stack ?? error}`);
} finally {
  await stopAll();
}
if (failures.length) {
  process.stdout.write('\nFailures:\n' + failures.map(f => `  ${f}`).join('\n') + '\n');
}
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
process.exitCode = totals.failed ? 1 : 0;

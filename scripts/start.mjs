// `npm start`: the real VS Code (1.100, web) with this extension installed, on the sample solution.
// Installs what it needs (scripts/provision.sh, idempotent), builds, serves on 127.0.0.1:$PORT
// (default 8080) and runs until Ctrl+C. Open the printed URL in a browser on this machine.
//
// `node scripts/start.mjs --screenshot [file]` instead drives that VS Code in headless Chromium as a
// user would (trust the folder, open a project file, run ".NET Containers: Check Environment"),
// saves the workbench as a PNG (default media/screenshot.png, the README's picture) and stops.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, chromiumPath, defaultCacheDir, outputPanelCheck, serveWorkbench } from '../test/hosts/codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT || 8080);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`PORT=${process.env.PORT} is not a port number`);
  process.exit(2);
}

const step = text => console.log(`[start] ${text}`);
const screenshotAt = process.argv.indexOf('--screenshot');
const screenshotFile = screenshotAt < 0 ? undefined
  : path.resolve(process.argv[screenshotAt + 1] && !process.argv[screenshotAt + 1].startsWith('--') ? process.argv[screenshotAt + 1] : path.join(root, 'media', 'screenshot.png'));

if (process.env.DC_SKIP_PROVISION !== '1') {
  step('provisioning (scripts/provision.sh; quick when everything is there)');
  const provision = spawnSync('bash', [path.join(root, 'scripts', 'provision.sh')], { cwd: root, stdio: 'inherit' });
  if (provision.status !== 0) {
    console.error('[start] scripts/provision.sh failed: see above');
    process.exit(provision.status ?? 1);
  }
}

step('building (npm run build)');
try {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('[start] the build failed: see above');
  process.exit(1);
}

// An engine for the whole flow (Build → Run → Push): the user's when one answers (DOCKER_HOST, the docker
// context, the usual sockets), else the test engine with the stand-in .NET images, plus a loopback registry
// that the Registries view shows. What this starts, it stops on Ctrl+C.
const started = [];
const hostEnv = {};
const machineSettings = {};
if (!screenshotFile) await prepareEngine();

const sample = [path.join(root, 'samples', 'StockKube'), path.join(root, 'samples')].find(dir => fs.existsSync(dir)) ?? root;
step(`serving VS Code on ${sample}`);
let server;
try {
  server = await serveWorkbench({
    extensionPath: root,
    workspace: sample,
    port,
    env: hostEnv,
    log: line => console.log(`[start] ${line}`),
    // The server's machine settings: the loopback registry in the Registries view, as a user would add it.
    ...(Object.keys(machineSettings).length ? { machineSettings } : {}),
  });
} catch (error) {
  console.error(`[start] ${error.message}`);
  await stopStarted();
  process.exit(1);
}
if (screenshotFile) {
  let code = 0;
  try {
    await takeScreenshot(server.url, sample, screenshotFile);
    step(`saved ${path.relative(process.cwd(), screenshotFile)}`);
  } catch (error) {
    console.error(`[start] screenshot failed: ${error?.stack ?? error}\n${server.logTail(30)}`);
    code = 1;
  }
  await server.stop();
  process.exit(code);
}
step('the extension is installed in this VS Code (linked to this checkout: rebuild with `npm run build`, then reload the page)');
step('trust the folder when VS Code asks: in Restricted Mode the extension runs no docker or dotnet process');
step('try: F1 → ".NET Containers: Check Environment"; on StockWeb/StockWeb.csproj: Generate Dockerfile, then the lenses Build image → Run container → Push…');
step('Ctrl+C to stop');

let stopping = false;
const stop = async signal => {
  if (stopping) return;
  stopping = true;
  step(`${signal}: stopping`);
  await server.stop();
  await stopStarted();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// Runs while the server does.
server.exited.then(async exit => {
  if (stopping) return;
  console.error(`[start] the VS Code server stopped by itself (${JSON.stringify(exit)}):\n${server.logTail(40)}`);
  await server.stop();
  await stopStarted();
  process.exit(1);
});

/** Uses the engine that answers, or starts the test engine, the stand-in images and a registry. */
async function prepareEngine() {
  const doctor = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'doctor', '--format', 'json'], { cwd: root, encoding: 'utf8' });
  let active;
  try {
    active = JSON.parse(doctor.stdout).activeEngine;
  } catch {
    active = undefined;
  }
  if (process.env.DOCKER_HOST || active) {
    step(`using the engine at ${active?.host ?? process.env.DOCKER_HOST}${active ? ` (${active.probe.product} ${active.probe.version})` : ' (DOCKER_HOST; it does not answer yet)'}`);
    return;
  }
  const cacheDir = process.env.DOTNET_CONTAINERS_CACHE || defaultCacheDir();
  const log = line => console.log(`[start] ${line}`);
  step('no container engine answers: starting the test engine (Debian\'s dockerd, no BuildKit in daemon.json, containers reach out through NAT), the stand-in .NET images and a loopback registry');
  try {
    const { startEngine } = await import('../test/hosts/engine.mjs');
    const { ensureStandinImages } = await import('../test/hosts/standinImages.mjs');
    const { startRegistry } = await import('../test/hosts/registry.mjs');
    const engine = await startEngine({ cacheDir, log, tls: false, outbound: true });
    started.push({ name: `engine ${engine.dockerHost}`, stop: () => engine.stop() });
    hostEnv.DOCKER_HOST = engine.dockerHost;
    const standins = await ensureStandinImages({ dockerHost: engine.dockerHost, dockerCli: engine.dockerCli, cacheDir, log });
    const registry = await startRegistry({ log });
    started.push({ name: `registry ${registry.address}`, stop: () => registry.stop() });
    machineSettings['dotnetContainers.registries'] = [registry.address];
    step(`started: Docker engine at ${engine.dockerHost} (stand-ins mcr.microsoft.com/dotnet/{sdk,aspnet,runtime,runtime-deps}:${standins.dotnetVersion}), registry at ${registry.address} (in the Registries view)`);
  } catch (error) {
    console.error(`[start] could not start the test engine: ${error.message}`);
    console.error('[start] VS Code still starts: the views and lenses will say that no engine answers');
  }
}

async function stopStarted() {
  while (started.length) {
    const host = started.pop();
    try {
      await host.stop();
      step(`stopped the ${host.name}`);
    } catch (error) {
      console.error(`[start] stopping the ${host.name}: ${error.message}`);
    }
  }
}

/** What a user does after opening the URL, then a PNG of the workbench. */
async function takeScreenshot(url, folder, file) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const command = async title => {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible' });
      await page.keyboard.type(title);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
    };
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const trust = page.getByRole('button', { name: /Yes, I trust the authors/ });
    await trust.waitFor({ timeout: 20_000 }).then(() => trust.click(), () => step('no workspace-trust prompt'));
    await page.waitForTimeout(1500);
    await command('View: Close All Editors');
    const project = findFirst(folder, name => name.endsWith('.csproj'));
    if (project) {
      await page.keyboard.press('Control+P');
      await page.keyboard.type(path.basename(project));
      await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(project) }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.locator('.editor-instance .view-lines').first().waitFor();
    }
    await command('.NET Containers: Check Environment');
    await outputPanelCheck({ channel: '.NET Containers', contains: ['Container engine', '.NET SDK', 'Docker config'] }).run(page);
    await command('Notifications: Clear All Notifications');
    // A taller panel, so the whole report shows: drag the sash above it.
    const panel = await page.locator('.part.panel').boundingBox();
    if (panel) {
      await page.mouse.move(panel.x + panel.width / 2, panel.y - 1);
      await page.mouse.down();
      await page.mouse.move(panel.x + panel.width / 2, panel.y - 130, { steps: 5 });
      await page.mouse.up();
    }
    // Scroll the report to its first line (a click would leave a cursor and a word highlight).
    const output = await page.locator('.part.panel .monaco-editor .view-lines').first().boundingBox();
    if (output) {
      await page.mouse.move(output.x + 200, output.y + 40);
      await page.mouse.wheel(0, -2000);
    }
    await page.mouse.move(0, 0);
    await page.waitForTimeout(800);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
  } finally {
    await browser.close();
  }
}

function findFirst(dir, test) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'bin' || entry.name === 'obj' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isFile() && test(entry.name)) return full;
    if (entry.isDirectory()) {
      const found = findFirst(full, test);
      if (found) return found;
    }
  }
  return undefined;
}

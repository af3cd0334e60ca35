// Runs the real VS Code (the server and web workbench inside code-server's npm package, cached by
// scripts/provision-code-server.sh) and drives it with headless Chromium through playwright-core.
// Used by the integration tests, the activation benchmark and `npm start`.
//
// Everything listens on 127.0.0.1 only. Each server gets fresh temporary user, server and
// extension folders; stop() ends the whole process tree it started and removes them.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { freePort } from './net.mjs';
import * as os from 'node:os';
import * as path from 'node:path';

export const codeServerVersion = process.env.CODE_SERVER_VERSION || '4.100.3';
export const chromiumPath = process.env.DC_CHROMIUM || '/usr/bin/chromium';
/** Chromium flags that keep a headless browser quiet on a machine without internet. */
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Only loopback exists here: resolve no other name, so nothing leaves the machine (not even DNS).
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export function defaultCacheDir() {
  return process.env.DOTNET_CONTAINERS_CACHE || path.join(os.homedir(), '.cache', 'dotnet-containers');
}

/** The cached VS Code (`lib/vscode` of code-server) inside the cache folder. */
export function codeServerDir(cacheDir = defaultCacheDir()) {
  return path.join(cacheDir, `code-server-${codeServerVersion}`, 'node_modules', 'code-server', 'lib', 'vscode');
}

/** Whether provisioning finished (scripts/provision-code-server.sh writes `.complete` last). */
export function codeServerReady(cacheDir = defaultCacheDir()) {
  return fs.existsSync(path.join(cacheDir, `code-server-${codeServerVersion}`, '.complete'))
    && fs.existsSync(path.join(codeServerDir(cacheDir), 'out', 'server-main.js'));
}

/**
 * Starts `node out/server-main.js` on a free (or the given) loopback port and waits until it answers.
 * @param {object} options
 * @param {string} [options.cacheDir]
 * @param {Record<string, string|undefined>} [options.env] added to process.env (undefined removes a variable); the extension host inherits it.
 * @param {(line: string) => void} [options.log] receives the server's output lines.
 * @param {number} [options.port] default: a free port.
 * @param {boolean} [options.workspaceTrust] false (default): `--disable-workspace-trust`, every folder trusted. true: VS Code's normal trust flow, a fresh folder starts untrusted.
 * @param {boolean} [options.userEnv] false (default): `--force-disable-user-env`, the extension host gets exactly this env and no login-shell env.
 * @param {string[]} [options.extraArgs]
 * @param {number} [options.startTimeoutMs]
 * @param {(dirs: { root: string, userData: string, serverData: string, extensions: string }) => void | Promise<void>} [options.beforeStart] prepares the fresh folders (e.g. puts an extension into `extensions`).
 * @returns {Promise<{ port: number, url: string, dirs: { root: string, userData: string, serverData: string, extensions: string }, logTail: (lines?: number) => string, exited: Promise<{ code: number|null, signal: string|null }>, stop: () => Promise<void> }>}
 */
export async function startVsCodeServer({
  cacheDir = defaultCacheDir(), env = {}, log = () => {}, port, workspaceTrust = false, userEnv = false,
  extraArgs = [], startTimeoutMs = 60_000, beforeStart,
} = {}) {
  const vscodeDir = codeServerDir(cacheDir);
  if (!fs.existsSync(path.join(vscodeDir, 'out', 'server-main.js'))) {
    throw new Error(`VS Code server not found in ${vscodeDir}: run \`bash scripts/provision.sh\` first`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-vscode-'));
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    serverData: path.join(root, 'server-data'),
    extensions: path.join(root, 'extensions'),
  };
  for (const dir of [dirs.userData, dirs.serverData, dirs.extensions]) fs.mkdirSync(dir, { recursive: true });
  if (beforeStart) await beforeStart(dirs);
  const chosenPort = port ?? await freePort();
  const args = [
    'out/server-main.js',
    '--host', '127.0.0.1', '--port', String(chosenPort),
    '--without-connection-token', '--accept-server-license-terms',
    '--user-data-dir', dirs.userData, '--server-data-dir', dirs.serverData, '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(userEnv ? [] : ['--force-disable-user-env']),
    ...extraArgs,
  ];
  // code-server's VS Code reads its extension gallery from EXTENSIONS_GALLERY (default: open-vsx.org).
  // An empty one turns the gallery off, so the server never tries the network.
  const childEnv = mergeEnv(process.env, { EXTENSIONS_GALLERY: '{}', ...env });
  const tail = new LineTail(400);
  const child = spawn(process.execPath, args, { cwd: vscodeDir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const onLine = line => { tail.push(line); log(line); };
  pipeLines(child.stdout, onLine);
  pipeLines(child.stderr, onLine);
  let exited = null;
  let resolveExit;
  const exitPromise = new Promise(resolve => { resolveExit = resolve; });
  child.once('exit', (code, signal) => { exited = { code, signal }; resolveExit(exited); });
  child.once('error', error => { exited = { code: null, signal: null, error: error.message }; resolveExit(exited); });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killTree(child.pid, exitPromise);
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };

  const url = `http://127.0.0.1:${chosenPort}/`;
  const deadline = Date.now() + startTimeoutMs;
  try {
    for (;;) {
      if (exited) throw new Error(`VS Code server exited early (${JSON.stringify(exited)}):\n${tail.text(40)}`);
      if (await answers(url)) break;
      if (Date.now() > deadline) throw new Error(`VS Code server did not answer on ${url} within ${startTimeoutMs} ms:\n${tail.text(40)}`);
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { port: chosenPort, url, dirs, logTail: (lines = 60) => tail.text(lines), exited: exitPromise, stop };
}

/**
 * The workbench URL that opens `workspace` with `extensionPath` as a development extension and, if
 * given, runs the extension tests at `testsPath` (paths on the server's file system, absolute).
 */
export function workbenchUrl({ port, workspace, extensionPath, testsPath }) {
  const authority = `127.0.0.1:${port}`;
  const remote = p => `vscode-remote://${authority}${encodePathForUri(path.resolve(p))}`;
  const payload = [];
  if (extensionPath) payload.push(['extensionDevelopmentPath', remote(extensionPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams();
  if (workspace) query.set('folder', path.resolve(workspace));
  query.set('payload', JSON.stringify(payload));
  return `http://${authority}/?${query.toString()}`;
}

/**
 * Runs the extension tests at `testsPath` inside a real VS Code extension host: a fresh server, a
 * headless Chromium page on the workbench, then waits for the test module to write `resultsFile`
 * (the server's env carries DC_RESULTS_FILE; the module also writes `<resultsFile>.lines` as it goes,
 * echoed to `log`). Never hangs: on a timeout or a crash it returns a failed summary with log tails.
 *
 * @param {object} options
 * @param {string} [options.cacheDir]
 * @param {string} options.extensionPath folder with the extension's package.json
 * @param {string} options.testsPath the compiled module exporting run()
 * @param {string} options.workspace folder to open
 * @param {string} options.resultsFile where the summary JSON appears
 * @param {Record<string, string|undefined>} [options.env] extra env for the server and so the extension host
 * @param {string} [options.screenshotPath] PNG of the workbench once the tests finished
 * @param {(line: string) => void} [options.log]
 * @param {number} [options.timeoutMs] for the whole run from page load (default 180 s)
 * @param {boolean} [options.workspaceTrust] see startVsCodeServer; default false (trusted)
 * @param {Array<{ title: string, run: (page: import('playwright-core').Page) => Promise<void> }>} [options.uiChecks]
 *        run in the workbench page after the tests, while the extension host is still up; each
 *        becomes a test in the summary (title prefixed "ui: ").
 * @param {{ width: number, height: number }} [options.viewport]
 * @returns {Promise<{ layer: string, passed: number, failed: number, skipped: number, failures: Array<{title: string, error: string}>, skips: Array<{title: string, reason: string}>, timings: object }>}
 */
export async function runExtensionTests({
  cacheDir = defaultCacheDir(), extensionPath, testsPath, workspace, resultsFile, env = {}, screenshotPath,
  log = line => process.stdout.write(line + '\n'), timeoutMs = 180_000, workspaceTrust = false, uiChecks = [],
  viewport = { width: 1440, height: 900 }, serverLog,
}) {
  for (const [name, value] of Object.entries({ extensionPath, testsPath, workspace, resultsFile })) {
    if (!value) throw new Error(`runExtensionTests: ${name} is required`);
  }
  resultsFile = path.resolve(resultsFile);
  const linesFile = `${resultsFile}.lines`;
  const releaseFile = `${resultsFile}.release`;
  for (const file of [resultsFile, linesFile, releaseFile]) fs.rmSync(file, { force: true });
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });

  const timings = {};
  const started = Date.now();
  const browserLog = new LineTail(200);
  let server;
  let browser;
  let linesSeen = 0;
  const echoNewLines = () => {
    let text;
    try { text = fs.readFileSync(linesFile, 'utf8'); } catch { return; }
    const lines = text.split('\n');
    const complete = lines.slice(0, -1);
    for (const line of complete.slice(linesSeen)) log(line);
    linesSeen = complete.length;
  };
  const failWith = (title, error) => ({
    layer: 'vscode', passed: 0, failed: 1, skipped: 0,
    failures: [{ title, error: [String(error?.stack || error), '--- server log (tail) ---', server?.logTail(60) ?? '(no server)', '--- extension host log (tail) ---', server ? extensionHostLogTail(server.dirs.serverData, 60) : '', '--- browser console (tail) ---', browserLog.text(40)].join('\n') }],
    skips: [], timings,
  });

  try {
    server = await startVsCodeServer({
      cacheDir, log: serverLog ?? (() => {}), workspaceTrust,
      env: { ...env, DC_RESULTS_FILE: resultsFile, DC_RESULTS_RELEASE: releaseFile, DC_LAYER: 'vscode' },
    });
    timings.serverStartMs = Date.now() - started;

    const { chromium } = await import('playwright-core');
    const browserProfile = path.join(server.dirs.root, 'chromium');
    browser = await chromium.launchPersistentContext(browserProfile, {
      executablePath: chromiumPath, headless: true, args: chromiumArgs, viewport,
    });
    const page = browser.pages()[0] ?? await browser.newPage();
    page.on('console', message => browserLog.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', error => browserLog.push(`[pageerror] ${error.message}`));
    page.on('requestfailed', request => {
      if (!/^(https?|wss?):\/\/(127\.0\.0\.1|localhost)[:/]/.test(request.url())) browserLog.push(`[blocked] ${request.url()}`);
    });
    let hostExitCode;
    await page.exposeFunction('__dcAutomationExit', code => { hostExitCode = code; });
    // The workbench calls window.codeAutomationExit(code) when the extension tests finish.
    await page.addInitScript(() => { window.codeAutomationExit = code => window.__dcAutomationExit(code); });

    const loadStarted = Date.now();
    const url = workbenchUrl({ port: server.port, workspace, extensionPath, testsPath });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    timings.workbenchMs = Date.now() - loadStarted;

    const deadline = loadStarted + timeoutMs;
    let summary;
    for (;;) {
      echoNewLines();
      summary = readJson(resultsFile);
      if (summary) break;
      if (hostExitCode !== undefined) {
        await sleep(500); // the results file is written before the host reports its exit
        summary = readJson(resultsFile);
        if (summary) break;
        echoNewLines();
        return failWith('extension host', new Error(`the extension host ended the test run (exit code ${hostExitCode}) without writing ${resultsFile}`));
      }
      if (Date.now() > deadline) {
        return failWith('extension host', new Error(`no results in ${resultsFile} within ${timeoutMs} ms of loading the workbench`));
      }
      await sleep(200);
    }
    echoNewLines();
    timings.pageToResultsMs = Date.now() - loadStarted;

    summary.skips ??= [];
    summary.failures ??= [];
    for (const check of uiChecks) {
      const title = `ui: ${check.title}`;
      const checkStarted = Date.now();
      try {
        await check.run(page);
        summary.passed++;
        log(`  ✓ [${summary.layer}] ${title} (${Date.now() - checkStarted} ms)`);
      } catch (error) {
        summary.failed++;
        summary.failures.push({ title, error: String(error?.stack || error) });
        log(`  ✗ [${summary.layer}] ${title}\n${String(error?.message || error).split('\n').map(l => '      ' + l).join('\n')}`);
      }
    }
    if (screenshotPath) {
      fs.mkdirSync(path.dirname(path.resolve(screenshotPath)), { recursive: true });
      await page.screenshot({ path: screenshotPath });
    }
    fs.writeFileSync(releaseFile, 'done\n');
    timings.totalMs = Date.now() - started;
    summary.timings = timings;
    return summary;
  } catch (error) {
    return failWith('VS Code test host', error);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop().catch(() => {});
    for (const file of [linesFile, releaseFile]) fs.rmSync(file, { force: true });
  }
}

/**
 * `npm start`: the real VS Code in the browser with the extension loaded, on `workspace`.
 * The extension is installed into the server's fresh extensions folder as a symbolic link to
 * `extensionPath`, so it is there for any browser tab that opens the printed URL, like an installed
 * extension, while still running the freshly built dist/. Workspace trust works as for a user.
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void>, logTail: (lines?: number) => string, exited: Promise<object> }>}
 */
export async function serveWorkbench({
  cacheDir = defaultCacheDir(), extensionPath, workspace, port = 8080, env = {}, log = line => process.stdout.write(line + '\n'),
  workspaceTrust = true, serverLog, machineSettings,
}) {
  if (!(await portIsFree(port))) throw new Error(`port ${port} on 127.0.0.1 is in use: set PORT to another one`);
  // The link must be in the extensions folder before the server first scans it.
  const server = await startVsCodeServer({
    cacheDir, env, port, workspaceTrust, userEnv: true, log: serverLog ?? (() => {}),
    beforeStart: dirs => {
      linkExtension(dirs.extensions, extensionPath);
      // The remote's machine settings (under the server's --user-data-dir), read for window- and resource-scoped settings.
      if (machineSettings) {
        const file = path.join(dirs.userData, 'Machine', 'settings.json');
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify(machineSettings, null, 2));
      }
    },
  });
  const url = `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(path.resolve(workspace))}`;
  log(`VS Code ${vscodeVersion(cacheDir)} with ${extensionLabel(extensionPath)} on ${path.resolve(workspace)}`);
  log(`Open ${url}`);
  return { url, port: server.port, stop: server.stop, logTail: server.logTail, exited: server.exited };
}

/**
 * A uiCheck for runExtensionTests: the workbench's Output panel shows `channel` and its visible text
 * contains every string of `contains` (what a user sees, read from the rendered editor).
 */
export function outputPanelCheck({ channel, contains = [], title }) {
  return {
    title: title ?? `the Output panel shows "${channel}" with ${contains.map(t => JSON.stringify(t)).join(', ')}`,
    async run(page) {
      const panel = page.locator('.part.panel');
      await panel.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 15_000 });
      const selected = await panel.locator('select.monaco-select-box').first().evaluate(select => select.options[select.selectedIndex]?.text ?? '')
        .catch(() => '');
      if (selected !== channel) throw new Error(`the Output panel shows channel "${selected}", not "${channel}"`);
      // The editor renders only the lines in view: read at the end (where output goes) and at the top.
      const view = panel.locator('.monaco-editor .view-lines').first();
      const read = async () => (await view.innerText()).replace(/\u00a0/g, ' ');
      const deadline = Date.now() + 10_000;
      for (;;) {
        let text = await read();
        if (contains.some(t => !text.includes(t))) {
          // Click inside the visible editor (a long output's lines layer reaches above the panel), then page through.
          await panel.locator('.monaco-editor').first().click({ position: { x: 40, y: 8 } });
          await page.keyboard.press('Control+Home');
          await sleep(150);
          text += '\n' + await read();
          for (let pages = 0; pages < 50 && contains.some(t => !text.includes(t)); pages++) {
            await page.keyboard.press('PageDown');
            await sleep(100);
            text += '\n' + await read();
          }
          await page.keyboard.press('Control+End');
          await sleep(150);
        }
        const missing = contains.filter(t => !text.includes(t));
        if (missing.length === 0) return;
        if (Date.now() > deadline) throw new Error(`the Output panel lacks ${missing.map(t => JSON.stringify(t)).join(', ')}; it shows:\n${text}`);
        await sleep(300);
      }
    },
  };
}

/**
 * A uiCheck for runExtensionTests: ".NET Containers: Generate Dockerfile" from the command palette, on a
 * project (`project`, relative to `workspace`) whose Dockerfile already exists and differs (the in-host
 * tests leave it so, with the line `marker` in it). The modal must say the Dockerfile exists and offer
 * Overwrite and Compare; Compare must open a diff editor; declining must leave the file as it was.
 * VS Code refuses modal dialogs in a window that runs extension tests, so this opens a second workbench
 * window on the same server and folder with the extension but without the tests, as a user has it.
 */
export function overwritePromptCheck({ workspace, project, marker, title }) {
  const dockerfile = path.join(workspace, path.dirname(project), 'Dockerfile');
  const shownName = `${path.dirname(project)}/Dockerfile`;
  return {
    title: title ?? `Generate Dockerfile asks before overwriting the edited ${shownName}; Compare opens a diff; declining keeps it`,
    async run(testPage) {
      const before = fs.existsSync(dockerfile) ? fs.readFileSync(dockerfile, 'utf8') : undefined;
      if (before === undefined || (marker && !before.includes(marker))) {
        throw new Error(`${dockerfile} should exist with the line ${JSON.stringify(marker)}: the in-host StockWeb test leaves it so`);
      }
      const url = new URL(testPage.url());
      const payload = JSON.parse(url.searchParams.get('payload') ?? '[]').filter(([key]) => key !== 'extensionTestsPath');
      url.searchParams.set('payload', JSON.stringify(payload));
      const page = await testPage.context().newPage();
      try {
        await page.goto(url.toString(), { waitUntil: 'domcontentloaded', timeout: 60_000 });
        await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
        const input = page.locator('.quick-input-widget .quick-input-box input');
        const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
        await paletteListing(page, '>.NET Containers: Generate Dockerfile', listed => listed.some(row => row.includes('Generate Dockerfile') && !row.includes('Options')));
        // The exact command, not "… with Options…", which the same words also match.
        const command = rows.filter({ hasText: 'Generate Dockerfile' }).filter({ hasNotText: 'Options' }).first();
        await command.click();

        // The workspace has several projects: pick this one by its relative path.
        await input.waitFor({ state: 'visible', timeout: 20_000 });
        await input.fill(project);
        const projectRow = rows.filter({ hasText: project }).first();
        await projectRow.waitFor({ state: 'visible', timeout: 10_000 });
        await projectRow.click();

        const dialog = page.locator('.monaco-dialog-box');
        await dialog.waitFor({ state: 'visible', timeout: 20_000 });
        const text = (await dialog.innerText()).replace(/\u00a0/g, ' ');
        if (!text.includes(`${shownName} already exists`)) throw new Error(`the dialog does not say that ${shownName} exists; it says:\n${text}`);
        const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map(b => b.trim());
        for (const expected of ['Overwrite', 'Compare', 'Cancel']) {
          if (!buttons.includes(expected)) throw new Error(`the dialog has no "${expected}" button; it has ${JSON.stringify(buttons)}`);
        }
        await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Compare' }).click();

        await page.locator('.editor-group-container .monaco-diff-editor').first().waitFor({ state: 'visible', timeout: 15_000 });
        const tabTitle = (await page.locator('.tabs-container .tab.active').first().innerText().catch(() => '')).trim();
        if (!/Dockerfile/.test(tabTitle) || !/generated/.test(tabTitle)) throw new Error(`the active tab is "${tabTitle}", not the Dockerfile comparison`);

        // Then the question again, in a notification: keep the user's file.
        const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `Overwrite ${shownName}` }).first();
        await toast.waitFor({ state: 'visible', timeout: 10_000 });
        await toast.locator('.monaco-button', { hasText: 'Keep Mine' }).click();
        await toast.waitFor({ state: 'hidden', timeout: 10_000 });
        await sleep(500);
        if (fs.readFileSync(dockerfile, 'utf8') !== before) throw new Error(`${dockerfile} changed although the user declined`);
      } finally {
        await page.close().catch(() => {});
      }
    },
  };
}

/**
 * A uiCheck for runExtensionTests: in a second window on the same folder (extension loaded, no tests), as a
 * user has it, Build Image, Run Container and Push Image… are in the command palette of a trusted workspace,
 * and Build Image and Run Container are in the context menu of a Dockerfile, in the Explorer and in its editor.
 */
export function dockerfileCommandsCheck({ folder, dockerfile = 'Dockerfile', title }) {
  const commands = ['Build Image', 'Run Container', 'Push Image…'];
  const inMenus = ['Build Image', 'Run Container'];
  return {
    title: title ?? `the palette offers ${commands.join(', ')}; ${folder}/${dockerfile} offers ${inMenus.join(' and ')} in the Explorer's and the editor's context menus`,
    async run(testPage) {
      const url = new URL(testPage.url());
      const payload = JSON.parse(url.searchParams.get('payload') ?? '[]').filter(([key]) => key !== 'extensionTestsPath');
      url.searchParams.set('payload', JSON.stringify(payload));
      const page = await testPage.context().newPage();
      // Right-clicks `target` and returns the context menu's items. On a loaded machine a right-click can land
      // while the row or the editor is being re-rendered, and no menu opens: a user would right-click again, and
      // so does this, until a menu shows (30 s at most).
      const contextMenuOf = async (target, clickOptions) => {
        const menu = page.locator('.context-view .monaco-menu').first();
        const deadline = Date.now() + 30_000;
        for (;;) {
          // A click Playwright cannot land (another element over the point while the layout settles) is tried
          // again from the top, the target found afresh, rather than waited on for Playwright's 30 s.
          const clicked = await target.click({ button: 'right', timeout: 5_000, ...clickOptions }).then(() => true, () => false);
          const shown = clicked && await menu.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
          if (shown) break;
          if (Date.now() > deadline) throw new Error('no context menu opened on a right-click within 30 s');
          await page.keyboard.press('Escape');
        }
        const items = (await menu.locator('.action-label').allInnerTexts()).map(text => text.trim()).filter(Boolean);
        await page.keyboard.press('Escape');
        return items;
      };
      try {
        await page.goto(url.toString(), { waitUntil: 'domcontentloaded', timeout: 60_000 });
        await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
        const listed = await paletteListing(page, '>.NET Containers: ', rows => commands.every(command => rows.some(row => row.includes(`.NET Containers: ${command}`))));
        const missing = commands.filter(command => !listed.some(row => row.includes(`.NET Containers: ${command}`)));
        if (missing.length) throw new Error(`the command palette lacks ${missing.join(', ')}; it lists:\n${listed.join('\n')}`);
        await page.keyboard.press('Escape');

        // The Explorer: expand the folder, right-click the Dockerfile.
        await page.keyboard.press('Control+Shift+E');
        const explorerRow = label => page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${label}"]`).first();
        await explorerRow(folder).waitFor({ state: 'visible', timeout: 15_000 });
        if ((await explorerRow(folder).getAttribute('aria-expanded')) !== 'true') await explorerRow(folder).click();
        await explorerRow(dockerfile).waitFor({ state: 'visible', timeout: 10_000 });
        const explorerMenu = await contextMenuOf(explorerRow(dockerfile));
        const notInExplorer = inMenus.filter(item => !explorerMenu.includes(item));
        if (notInExplorer.length) throw new Error(`the Explorer's context menu of ${dockerfile} lacks ${notInExplorer.join(', ')}; it has ${JSON.stringify(explorerMenu)}`);

        // The editor: open it, right-click in the text.
        await explorerRow(dockerfile).dblclick();
        const editor = page.locator('.editor-group-container .monaco-editor .view-lines').first();
        await editor.waitFor({ state: 'visible', timeout: 15_000 });
        // The text is in: the editor is the Dockerfile's, not a placeholder still loading it.
        const fromLine = editor.locator('.view-line', { hasText: 'FROM' }).first();
        await fromLine.waitFor({ state: 'visible', timeout: 15_000 });
        // On the FROM keyword itself (the middle of its token), not the editor's top left, where the CodeLens above
        // the first line would take the click, nor a line's top edge, where the scroll shadow of a scrolled editor lies.
        const fromWord = fromLine.locator('span > span', { hasText: 'FROM' }).first();
        const editorMenu = await contextMenuOf(fromWord);
        const notInEditor = inMenus.filter(item => !editorMenu.includes(item));
        if (notInEditor.length) throw new Error(`the editor's context menu of ${dockerfile} lacks ${notInEditor.join(', ')}; it has ${JSON.stringify(editorMenu)}`);
      } finally {
        await page.close().catch(() => {});
      }
    },
  };
}

/**
 * Opens the command palette on `query` and returns its rows (text) once `done(rows)` holds, or the last rows
 * after 60 s. The palette lists what is registered, with the context keys of the moment it opens: in a window
 * still loading (a busy machine), an extension's commands, or a when-clause's key, can come a little later. So
 * it first waits for the extension's own activity-bar entry (its contributions are in), and opens the palette
 * again while the list is not complete, as a user would press F1 again.
 */
/**
 * A uiCheck for runExtensionTests: the Containers view, as a user opens it from the activity bar, lists the services
 * of a Compose project (two small stand-in services: busybox's httpd in a FROM-scratch image, labelled as Compose
 * labels them) under the project; a screenshot of the workbench then goes to `screenshotPath` (the README's picture
 * of the view is one of these).
 */
export function containersViewCheck({ dockerCli = 'docker', env = process.env, screenshotPath, title }) {
  const project = 'stockkube';
  const services = ['stockdata', 'stockweb'];
  const image = 'dc-ui-containers/httpd:1';
  const docker = args => new Promise(resolve => execFile(dockerCli, args, { env, timeout: 120_000 }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout: String(stdout), stderr: String(stderr) })));
  return {
    title: title ?? `the Containers view lists the services of a Compose project under it (${services.join(', ')})`,
    async run(testPage) {
      // A window of its own, with the extension but without the tests: the test window's extension host has ended.
      const url = new URL(testPage.url());
      const payload = JSON.parse(url.searchParams.get('payload') ?? '[]').filter(([key]) => key !== 'extensionTestsPath');
      url.searchParams.set('payload', JSON.stringify(payload));
      const page = await testPage.context().newPage();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-ui-containers-'));
      const names = services.map(service => `${project}-${service}-1`);
      try {
        fs.copyFileSync('/bin/busybox', path.join(dir, 'busybox'));
        fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nLABEL dotnet-containers.test=ui\nCOPY busybox /busybox\nENTRYPOINT ["/busybox"]\n');
        const built = await docker(['build', '--quiet', '--tag', image, dir]);
        if (built.code !== 0) throw new Error(`could not build the stand-in image: ${built.stderr}`);
        for (const [index, service] of services.entries()) {
          await docker(['rm', '--force', names[index]]);
          const started = await docker(['run', '--detach', '--name', names[index], '--label', `com.docker.compose.project=${project}`, '--label', `com.docker.compose.service=${service}`,
            '--publish', '127.0.0.1::8080', image, 'httpd', '-f', '-p', '8080']);
          if (started.code !== 0) throw new Error(`could not start ${names[index]}: ${started.stderr}`);
        }
        await page.goto(url.toString(), { waitUntil: 'domcontentloaded', timeout: 60_000 });
        await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
        // The activity bar's item opens the view container; a click on it when it is open would close it.
        const sidebarTitle = page.locator('.part.sidebar .composite.title', { hasText: /Containers \(\.NET\)/i }).first();
        if (!(await sidebarTitle.isVisible().catch(() => false))) {
          const viewContainer = page.locator('.activitybar .action-item', { has: page.locator('[aria-label^="Containers (.NET)"]') }).first();
          await viewContainer.click();
          await sidebarTitle.waitFor({ state: 'visible', timeout: 15_000 });
        }
        // The Containers section open (the sidebar can remember it collapsed).
        const section = page.locator('.part.sidebar .pane-header[aria-label^="Containers"]').first();
        await section.waitFor({ state: 'visible', timeout: 15_000 });
        if ((await section.getAttribute('aria-expanded')) !== 'true') await section.click();
        const row = text => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
        // The view refreshes from the engine's events; a project row, then its services.
        await row(project).waitFor({ state: 'visible', timeout: 30_000 });
        for (const service of services) await row(service).waitFor({ state: 'visible', timeout: 30_000 });
        if (screenshotPath) {
          fs.mkdirSync(path.dirname(path.resolve(screenshotPath)), { recursive: true });
          await page.screenshot({ path: screenshotPath });
        }
      } finally {
        await page.close().catch(() => {});
        for (const name of names) await docker(['rm', '--force', name]);
        await docker(['image', 'rm', '--force', image]);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function paletteListing(page, query, done, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  await page.locator('.activitybar .action-item [aria-label^="Containers (.NET)"]').first().waitFor({ state: 'attached', timeout: timeoutMs });
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  for (;;) {
    for (let attempt = 0; !(await input.isVisible()); attempt++) {
      if (attempt === 60) throw new Error('the command palette did not open on F1');
      await page.keyboard.press('F1');
      await sleep(500);
    }
    await input.fill(query);
    await rows.first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
    await sleep(300);
    const listed = (await rows.allInnerTexts()).map(text => text.replace(/\s+/g, ' '));
    if (done(listed) || Date.now() > deadline) return listed;
    await page.keyboard.press('Escape');
    await sleep(1000);
  }
}

function linkExtension(extensionsDir, extensionPath) {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.symlinkSync(path.resolve(extensionPath), target, 'dir');
}

function extensionLabel(extensionPath) {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
    return `${manifest.publisher}.${manifest.name} ${manifest.version}`;
  } catch {
    return extensionPath;
  }
}

export function vscodeVersion(cacheDir = defaultCacheDir()) {
  try {
    return JSON.parse(fs.readFileSync(path.join(codeServerDir(cacheDir), 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** Last lines of the remote extension host's log (where an extension's crash shows up). */
export function extensionHostLogTail(serverDataDir, lines = 60) {
  const found = [];
  const walk = dir => {
    let entries;
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'remoteexthost.log' || entry.name === 'remoteagent.log') found.push(full);
    }
  };
  walk(serverDataDir);
  return found.map(file => `# ${path.relative(serverDataDir, file)}\n${tailOf(fs.readFileSync(file, 'utf8'), lines)}`).join('\n');
}

// --- helpers -------------------------------------------------------------------------------------

function mergeEnv(base, extra) {
  const merged = { ...base };
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (value === undefined || value === null) delete merged[key];
    else merged[key] = String(value);
  }
  // A runner started from a VS Code terminal must not hand that VS Code's IPC hooks to this server.
  for (const key of Object.keys(merged)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete merged[key];
  }
  return merged;
}

function encodePathForUri(p) {
  return p.split('/').map(encodeURIComponent).join('/');
}

function portIsFree(port) {
  return new Promise(resolve => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function answers(url) {
  return new Promise(resolve => {
    const request = http.get(url, { timeout: 2000 }, response => {
      response.resume();
      resolve(response.statusCode !== undefined && response.statusCode < 500);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve(false));
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined; // not there yet, or caught mid-write
  }
}

function pipeLines(stream, onLine) {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', chunk => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => { if (buffered) onLine(buffered); });
}

class LineTail {
  constructor(max) { this.max = max; this.lines = []; }
  push(line) { this.lines.push(line); if (this.lines.length > this.max) this.lines.shift(); }
  text(count = this.max) { return this.lines.slice(-count).join('\n'); }
}

function tailOf(text, lines) {
  return text.split('\n').slice(-lines).join('\n');
}

/** All descendants of pid (Linux /proc), children before grandchildren. */
function descendants(pid) {
  const childrenOf = new Map();
  let entries = [];
  try { entries = fs.readdirSync('/proc'); } catch { return []; }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!childrenOf.has(ppid)) childrenOf.set(ppid, []);
      childrenOf.get(ppid).push(Number(entry));
    } catch { /* gone */ }
  }
  const result = [];
  const queue = [pid];
  while (queue.length) {
    const next = queue.shift();
    for (const child of childrenOf.get(next) ?? []) { result.push(child); queue.push(child); }
  }
  return result;
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** SIGTERM the process group and every descendant (some leave the group), then SIGKILL what is left. */
async function killTree(pid, exitPromise) {
  if (!pid) return;
  const tree = [pid, ...descendants(pid)];
  const signal = sig => {
    try { process.kill(-pid, sig); } catch { /* group gone */ }
    for (const p of tree) { try { process.kill(p, sig); } catch { /* gone */ } }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 5000;
  await Promise.race([exitPromise, sleep(5000)]);
  while (Date.now() < deadline && tree.some(alive)) await sleep(100);
  if (tree.some(alive)) signal('SIGKILL');
  const killDeadline = Date.now() + 2000;
  while (Date.now() < killDeadline && tree.some(alive)) await sleep(50);
}

function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

export { freePort };

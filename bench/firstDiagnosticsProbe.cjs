// Loaded by the VS Code extension host as `extensionTestsPath` (see bench/activation.mjs): with the extension
// not yet active, opens a Dockerfile as a user does and times open → our diagnostics published for it. Opening
// the Dockerfile is what activates the extension (onLanguage:dockerfile), so the figure includes activation,
// reading the project and the first lint.
'use strict';
const fs = require('node:fs');
const vscode = require('vscode');

/** `diagnostic.source` of what the extension publishes (src/vscode/lint/dockerfileLinter.ts). */
const ourSource = 'dotnet-containers';

exports.run = async function run() {
  const resultsFile = process.env.DC_RESULTS_FILE;
  const file = process.env.DC_BENCH_DOCKERFILE;
  const id = process.env.DC_BENCH_EXTENSION_ID;
  const result = { layer: 'bench', passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
  try {
    await new Promise(resolve => setTimeout(resolve, Number(process.env.DC_BENCH_SETTLE_MS ?? 2000)));
    const extension = vscode.extensions.getExtension(id);
    if (!extension) throw new Error(`extension ${id} is not loaded`);
    const wasActive = extension.isActive;
    const uri = vscode.Uri.file(file);
    const ours = () => vscode.languages.getDiagnostics(uri).filter(d => d.source === ourSource);
    const started = performance.now();
    const published = new Promise((resolve, reject) => {
      const timer = setTimeout(() => { listener.dispose(); reject(new Error(`no diagnostics from ${ourSource} within 30 s`)); }, 30_000);
      const listener = vscode.languages.onDidChangeDiagnostics(event => {
        if (!event.uris.some(changed => changed.toString() === uri.toString()) || ours().length === 0) return;
        clearTimeout(timer);
        listener.dispose();
        resolve(performance.now());
      });
    });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const firstDiagnosticsMs = (await published) - started;
    Object.assign(result, { passed: 1, wasActive, firstDiagnosticsMs, findings: ours().length });
  } catch (error) {
    result.failed = 1;
    result.failures.push({ title: `first diagnostics of ${file}`, error: String(error && error.stack || error) });
  }
  fs.writeFileSync(resultsFile, JSON.stringify(result, null, 2));
};

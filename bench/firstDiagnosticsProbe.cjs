// Loaded by the VS Code extension host as `extensionTestsPath` (see bench/activation.mjs): with the extension
// not yet active, opens a Dockerfile as a user does and times open → our diagnostics published for it. Opening
// the Dockerfile is what activates the extension (onLanguage:dockerfile), so the figure includes activation,
// reading the project and the first lint.
'use strict';
const vscode = require('vscode');
const { runProbe } = require('./support/probeHost.cjs');

/** `diagnostic.source` of what the extension publishes (src/vscode/lint/dockerfileLinter.ts). */
const ourSource = 'dotnet-containers';

exports.run = () => runProbe(`first diagnostics of ${process.env.DC_BENCH_DOCKERFILE}`, async () => {
  const uri = vscode.Uri.file(process.env.DC_BENCH_DOCKERFILE);
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
  return { firstDiagnosticsMs: (await published) - started, findings: ours().length };
});

// Loaded by the VS Code extension host as `extensionTestsPath` (see bench/activation.mjs): with the extension
// not yet active, opens a Dockerfile as a user does and times open → our diagnostics published for it. Opening
// the Dockerfile is what activates the extension (onLanguage:dockerfile), so the figure includes activation,
// reading the project and the first lint. It returns the diagnostics too, and the extension's files loaded by then.
'use strict';
const vscode = require('vscode');
const { cachedModules, loadedFiles, runProbe } = require('./support/probeHost.cjs');

/** `diagnostic.source` of what the extension publishes (src/vscode/lint/dockerfileLinter.ts). */
const ourSource = 'dotnet-containers';
/** vscode.DiagnosticSeverity's values, as the CLI names them. */
const severities = ['error', 'warning', 'info', 'hint'];

exports.run = () => runProbe(`first diagnostics of ${process.env.DC_BENCH_DOCKERFILE}`, async extension => {
  const uri = vscode.Uri.file(process.env.DC_BENCH_DOCKERFILE);
  const ours = () => vscode.languages.getDiagnostics(uri).filter(d => d.source === ourSource);
  const before = cachedModules();
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
  // As the CLI's `lint --format json` has them (1-based), for the runner to compare.
  const diagnostics = ours().map(d => `${d.code} ${severities[d.severity]} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`);
  // With the bundles that opening a Dockerfile loaded by then (the linter's, and the CodeLens' if it was asked).
  return { firstDiagnosticsMs, findings: diagnostics.length, diagnostics, loaded: loadedFiles(extension, before) };
});

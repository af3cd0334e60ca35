// Loaded by the VS Code extension host as `extensionTestsPath` (see bench/activation.mjs): with the extension
// not yet active, opens a Dockerfile as a user does and times open → our diagnostics published for it. Opening
// the Dockerfile is what activates the extension (onLanguage:dockerfile), so the figure includes activation,
// reading the project and the first lint. It returns the diagnostics too, and the extension's files loaded by then,
// and splits the figure: open → the host calls activate() (its willActivateExtension mark: showing the editor and
// making the extension's context are the host's), activate() → our diagnostics are in the host's collection (seen by
// a 1 ms poll, which waits while the linter runs), and → the change event, which the host sends 50 ms debounced.
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
  let setAt;
  const poll = setInterval(() => { if (setAt === undefined && ours().length) setAt = performance.now(); }, 1);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const publishedAt = await published;
  clearInterval(poll);
  const firstDiagnosticsMs = publishedAt - started;
  const willActivate = (globalThis.MonacoPerformanceMarks?.getMarks?.() ?? []).find(m => m.name === `code/extHost/willActivateExtension/${extension.id}`)?.startTime;
  const split = willActivate !== undefined && setAt !== undefined
    // The host's marks are in Date.now() time (ms since 1970), ours since this process began.
    ? { untilActivateMs: willActivate - (performance.timeOrigin + started), activateToSetMs: performance.timeOrigin + setAt - willActivate, setToEventMs: publishedAt - setAt }
    : {};
  // As the CLI's `lint --format json` has them (1-based), for the runner to compare.
  const diagnostics = ours().map(d => `${d.code} ${severities[d.severity]} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`);
  // With the bundles that opening a Dockerfile loaded by then (the linter's, and the CodeLens' if it was asked).
  return { firstDiagnosticsMs, ...split, findings: diagnostics.length, diagnostics, loaded: loadedFiles(extension, before) };
});

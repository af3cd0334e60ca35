// Loaded by the VS Code extension host as `extensionTestsPath` (see bench/activation.mjs): activates
// one extension once, timed, and writes the figures where the runner waits for them, with the files of the
// extension that activation loaded.
'use strict';
const { cachedModules, loadedFiles, runProbe } = require('./support/probeHost.cjs');

exports.run = () => runProbe(`activate ${process.env.DC_BENCH_EXTENSION_ID}`, async extension => {
  const id = extension.id;
  const before = cachedModules();
  const started = performance.now();
  await extension.activate();
  const activationMs = performance.now() - started;
  // The host's own marks: willLoadExtensionCode → didLoadExtensionCode is the require() of the entry (chunks it
  // requires included), willActivate comes after loading the code and making the context, didActivate after
  // activate() resolved (Date.now() resolution).
  const marks = (globalThis.MonacoPerformanceMarks?.getMarks?.() ?? []);
  const markTime = name => marks.find(m => m.name === name)?.startTime;
  const will = markTime(`code/extHost/willActivateExtension/${id}`);
  const did = markTime(`code/extHost/didActivateExtension/${id}`);
  const willLoad = markTime(`code/extHost/willLoadExtensionCode/${id}`);
  const didLoad = markTime(`code/extHost/didLoadExtensionCode/${id}`);
  // What activation loaded: the entry, and any chunk it required; a feature's bundle only if activate() used it.
  return {
    activationMs,
    activateCallMs: will !== undefined && did !== undefined ? did - will : undefined,
    loadCodeMs: willLoad !== undefined && didLoad !== undefined ? didLoad - willLoad : undefined,
    loaded: loadedFiles(extension, before),
  };
});

// Loaded by the VS Code extension host as `extensionTestsPath` (see bench/activation.mjs): activates
// one extension once, timed, and writes the figures where the runner waits for them.
'use strict';
const { runProbe } = require('./support/probeHost.cjs');

exports.run = () => runProbe(`activate ${process.env.DC_BENCH_EXTENSION_ID}`, async extension => {
  const id = extension.id;
  const started = performance.now();
  await extension.activate();
  const activationMs = performance.now() - started;
  // The host's own marks: willActivate comes after loading the code and making the context,
  // didActivate after activate() resolved (Date.now() resolution).
  const marks = (globalThis.MonacoPerformanceMarks?.getMarks?.() ?? []);
  const markTime = name => marks.find(m => m.name === name)?.startTime;
  const will = markTime(`code/extHost/willActivateExtension/${id}`);
  const did = markTime(`code/extHost/didActivateExtension/${id}`);
  return { activationMs, activateCallMs: will !== undefined && did !== undefined ? did - will : undefined };
});

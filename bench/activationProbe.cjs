// Loaded by the VS Code extension host as `extensionTestsPath` (see bench/activation.mjs): activates
// one extension once, timed, and writes the figures where the runner waits for them.
'use strict';
const fs = require('node:fs');
const vscode = require('vscode');

exports.run = async function run() {
  const resultsFile = process.env.DC_RESULTS_FILE;
  const id = process.env.DC_BENCH_EXTENSION_ID;
  const result = { layer: 'bench', passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
  try {
    // Let the host finish its own start-up work first, as when a user opens a Dockerfile or runs a command.
    await new Promise(resolve => setTimeout(resolve, Number(process.env.DC_BENCH_SETTLE_MS ?? 2000)));
    const extension = vscode.extensions.getExtension(id);
    if (!extension) throw new Error(`extension ${id} is not loaded`);
    const wasActive = extension.isActive;
    const started = performance.now();
    await extension.activate();
    const activationMs = performance.now() - started;
    // The host's own marks: willActivate comes after loading the code and making the context,
    // didActivate after activate() resolved (Date.now() resolution).
    const marks = (globalThis.MonacoPerformanceMarks?.getMarks?.() ?? []);
    const markTime = name => marks.find(m => m.name === name)?.startTime;
    const will = markTime(`code/extHost/willActivateExtension/${id}`);
    const did = markTime(`code/extHost/didActivateExtension/${id}`);
    Object.assign(result, {
      passed: 1, wasActive, activationMs,
      activateCallMs: will !== undefined && did !== undefined ? did - will : undefined,
    });
  } catch (error) {
    result.failed = 1;
    result.failures.push({ title: `activate ${id}`, error: String(error && error.stack || error) });
  }
  fs.writeFileSync(resultsFile, JSON.stringify(result, null, 2));
};

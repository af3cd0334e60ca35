// What the bench probes share inside the VS Code extension host: the settled host, the extension under test
// (not activated by this), and the result file the runner waits for.
'use strict';
const fs = require('node:fs');
const vscode = require('vscode');

/**
 * Runs `measure(extension)` once the host has settled (as when a user opens a Dockerfile or runs a command) and
 * writes the figures it returns, or its failure, to DC_RESULTS_FILE.
 */
exports.runProbe = async function runProbe(title, measure) {
  const result = { layer: 'bench', passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
  try {
    await new Promise(resolve => setTimeout(resolve, Number(process.env.DC_BENCH_SETTLE_MS ?? 2000)));
    const id = process.env.DC_BENCH_EXTENSION_ID;
    const extension = vscode.extensions.getExtension(id);
    if (!extension) throw new Error(`extension ${id} is not loaded`);
    Object.assign(result, { passed: 1, wasActive: extension.isActive }, await measure(extension));
  } catch (error) {
    result.failed = 1;
    result.passed = 0;
    result.failures.push({ title, error: String(error && error.stack || error) });
  }
  fs.writeFileSync(process.env.DC_RESULTS_FILE, JSON.stringify(result, null, 2));
};

// What the bench probes share inside the VS Code extension host: the settled host, the extension under test
// (not activated by this), and the result file the runner waits for.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
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

/** The files in the host's module cache now (the extension host shares its module cache with this probe). */
exports.cachedModules = function cachedModules() {
  return new Set(Object.keys(require.cache));
};

/**
 * The extension's own files that the host loaded since `before` (a cachedModules() taken then), with their sizes:
 * taken before activate() and read after it, what activation loaded; bundles required later are not there yet.
 */
exports.loadedFiles = function loadedFiles(extension, before) {
  const root = path.resolve(extension.extensionPath) + path.sep;
  return Object.keys(require.cache)
    .filter(file => file.startsWith(root) && !before.has(file))
    .map(file => ({ file: path.relative(root, file).split(path.sep).join('/'), bytes: fs.statSync(file).size }))
    .sort((a, b) => a.file.localeCompare(b.file));
};

// How many in-host tests a VS Code host run would run, counted without a host: the compiled test files are
// loaded in plain Node with a stand-in for the `vscode` module (a proxy that accepts any use at load time),
// and mocha walks the suites with the run's title filter. When a host cannot start or dies, the runner
// counts all of these as failed (CI) or skipped, instead of one line for the whole host.
// Usage: node countHostTests.cjs <dir of compiled *.test.js> [grep regex] [invert 0|1]; prints the count.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

function standIn() {
  const target = function () {};
  return new Proxy(target, {
    get: (_, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : standIn()),
    apply: () => standIn(),
    construct: () => standIn(),
  });
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: standIn() };

function findTests(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

/** The number of tests whose full title the filter selects. */
function countHostTests(dir, grep, invert = false) {
  const Mocha = require('mocha');
  const mocha = new Mocha({ ui: 'bdd' });
  const files = findTests(dir);
  // Loaded afresh each time: a cached module would define no suites the second time.
  for (const file of files) delete require.cache[require.resolve(file)];
  for (const file of files) mocha.addFile(file);
  mocha.loadFiles();
  const pattern = grep ? new RegExp(grep) : undefined;
  let count = 0;
  const walk = suite => {
    for (const test of suite.tests) {
      if (!pattern || pattern.test(test.fullTitle()) !== invert) count++;
    }
    suite.suites.forEach(walk);
  };
  walk(mocha.suite);
  return count;
}

/**
 * What a VS Code host run adds to the totals. A summary from a host that ran is taken as it is; a host that
 * could not start or died (an `error`, or a summary whose only failure is the host itself) counts all `count`
 * of its tests: failed where CI requires every host, skipped elsewhere.
 */
function hostRunOutcome({ summary, error, count, requireHosts }) {
  const died = summary?.failures?.find(failure => failure.title === 'extension host' || failure.title === 'VS Code test host');
  if (!error && summary && !(died && summary.passed === 0)) return { passed: summary.passed, failed: summary.failed, skipped: summary.skipped, problem: undefined };
  const problem = String(error?.message ?? died?.error ?? 'the host did not run').split('\n')[0];
  return requireHosts ? { passed: 0, failed: count, skipped: 0, problem } : { passed: 0, failed: 0, skipped: count, problem };
}

module.exports = { countHostTests, hostRunOutcome };

if (require.main === module) {
  const [dir, grep, invert] = process.argv.slice(2);
  process.stdout.write(`${countHostTests(path.resolve(dir), grep || undefined, invert === '1')}\n`);
}

// A mocha reporter shared by all test layers (plain Node and the VS Code extension host):
// prints one line per test and writes {passed, failed, skipped, failures} to
// reporterOptions.output (or $DC_RESULTS_FILE) so the runner can add the layers up.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Base {
  constructor(runner, options = {}) {
    super(runner, options);
    const reporterOptions = options.reporterOptions || options.reporterOption || {};
    const output = reporterOptions.output || process.env.DC_RESULTS_FILE;
    const layer = reporterOptions.layer || process.env.DC_LAYER || 'tests';
    const print = reporterOptions.print || (line => process.stdout.write(line + '\n'));
    const summary = { layer, passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
    runner.on(EVENT_TEST_PASS, test => {
      summary.passed++;
      print(`  ✓ [${layer}] ${test.fullTitle()} (${test.duration} ms)`);
    });
    runner.on(EVENT_TEST_FAIL, (test, error) => {
      summary.failed++;
      const message = (error && (error.stack || error.message)) || String(error);
      summary.failures.push({ title: test.fullTitle(), error: message });
      print(`  ✗ [${layer}] ${test.fullTitle()}\n${indent(message)}`);
    });
    runner.on(EVENT_TEST_PENDING, test => {
      summary.skipped++;
      const reason = test.skipReason || (test.ctx && test.ctx.skipReason) || 'marked pending';
      summary.skips.push({ title: test.fullTitle(), reason });
      print(`  - [${layer}] ${test.fullTitle()} (skipped: ${reason})`);
    });
    runner.once(EVENT_RUN_END, () => {
      if (output) {
        fs.mkdirSync(path.dirname(output), { recursive: true });
        fs.writeFileSync(output, JSON.stringify(summary, null, 2));
      }
    });
  }
}

function indent(text) {
  return String(text).split('\n').map(line => '      ' + line).join('\n');
}

module.exports = SummaryReporter;

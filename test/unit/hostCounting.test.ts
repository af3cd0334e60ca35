import * as assert from 'node:assert/strict';
import * as path from 'node:path';

// The runner's accounting for VS Code hosts (test/support/countHostTests.cjs): a host that cannot start or
// dies counts all its tests, not one line.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { countHostTests, hostRunOutcome } = require(path.resolve(__dirname, '..', '..', '..', 'test', 'support', 'countHostTests.cjs')) as {
  countHostTests(dir: string, grep?: string, invert?: boolean): number;
  hostRunOutcome(input: { summary?: { passed: number; failed: number; skipped: number; failures: Array<{ title: string; error: string }> }; error?: Error; count: number; requireHosts: boolean }): { passed: number; failed: number; skipped: number; problem?: string };
};

const integration = path.resolve(__dirname, '..', 'integration');

describe('VS Code host accounting', function () {
  this.timeout(30_000);

  it('counts the in-host tests of each run without a host, and the runs together cover every test once', function () {
    const all = countHostTests(integration);
    const trusted = countHostTests(integration, '^(?!.*(?:untrusted workspace|cold host)).*');
    const untrusted = countHostTests(integration, '^(?=.*untrusted workspace).*');
    const cold = countHostTests(integration, '^(?=.*cold host).*');
    assert.ok(trusted >= 60, `the trusted run has its ${trusted} tests`);
    assert.ok(untrusted >= 1 && cold === 1);
    assert.equal(trusted + untrusted + cold, all);
    assert.equal(countHostTests(integration, 'cold host', true), all - cold, 'invert');
  });

  it('a host that dies or cannot start counts every test it would have run: failed in CI, skipped elsewhere', function () {
    const died = { passed: 0, failed: 1, skipped: 0, failures: [{ title: 'extension host', error: 'the extension host ended the test run (exit code 1)\n--- log ---' }] };
    assert.deepEqual(hostRunOutcome({ summary: died, count: 66, requireHosts: false }), { passed: 0, failed: 0, skipped: 66, problem: 'the extension host ended the test run (exit code 1)' });
    assert.deepEqual(hostRunOutcome({ summary: died, count: 66, requireHosts: true }), { passed: 0, failed: 66, skipped: 0, problem: 'the extension host ended the test run (exit code 1)' });
    assert.deepEqual(hostRunOutcome({ error: new Error('VS Code server not found'), count: 5, requireHosts: false }), { passed: 0, failed: 0, skipped: 5, problem: 'VS Code server not found' });
    const ran = { passed: 60, failed: 2, skipped: 1, failures: [{ title: 'a test', error: 'x' }, { title: 'another', error: 'y' }] };
    assert.deepEqual(hostRunOutcome({ summary: ran, count: 0, requireHosts: true }), { passed: 60, failed: 2, skipped: 1, problem: undefined });
  });
});

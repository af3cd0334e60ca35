import * as assert from 'node:assert/strict';
import { engineProblem, formatWait, registryProblem } from '../../../src/core/views/problemNodes';

describe('problem nodes (failed loads in the tree views)', () => {
  it('offers Log in… only where credentials can help', () => {
    const message = 'x';
    assert.equal(registryProblem({ category: 'unauthorized', message }).canLogIn, true);
    assert.equal(registryProblem({ category: 'forbidden', message }).canLogIn, true);
    for (const category of ['not-found', 'rate-limited', 'server', 'timeout', 'malformed', 'network', 'unsupported', 'invalid', 'cancelled'] as const) {
      const node = registryProblem({ category, message: `the message for ${category}` });
      assert.equal(node.canLogIn, false, category);
      assert.equal(node.detail, `the message for ${category}`);
      assert.ok(node.label.length > 0);
    }
  });

  it('says the status and how long a rate limit asks to wait', () => {
    assert.match(registryProblem({ category: 'unauthorized', message: '' }).label, /401/);
    assert.match(registryProblem({ category: 'forbidden', message: '' }).label, /403/);
    assert.match(registryProblem({ category: 'not-found', message: '' }).label, /404/);
    assert.match(registryProblem({ category: 'server', message: '', status: 503 }).label, /HTTP 503/);
    assert.match(registryProblem({ category: 'timeout', message: '' }).label, /Timeout/);
    const limited = registryProblem({ category: 'rate-limited', message: 'limited', retryAfterSeconds: 90 });
    assert.equal(limited.label, 'Rate limited (429): retry in 90 s');
    assert.equal(limited.retryAfterSeconds, 90);
    assert.equal(registryProblem({ category: 'rate-limited', message: '' }).label, 'Rate limited (429): retry later');
    assert.deepEqual([30, 150, 3600, 10_800].map(formatWait), ['30 s', '3 min', '60 min', '3 h']);
  });

  it('tells an absent engine from a failing one', () => {
    assert.match(engineProblem({ category: 'no-engine', message: 'no container engine answers' }).label, /No container engine answers/);
    assert.match(engineProblem({ category: 'server', message: 'HTTP 500' }).label, /failed/);
    assert.equal(engineProblem({ category: 'server', message: 'HTTP 500' }).detail, 'HTTP 500');
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pingEngine } from '../../../src/core/environment/pingEngine';

// The real engine is probed in the e2e layer; these are the faults a real engine does not produce on demand.
describe('pingEngine faults', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-ping-')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('says there is no socket when the path does not exist', async () => {
    const probe = await pingEngine(`unix://${path.join(dir, 'missing.sock')}`);
    assert.deepEqual(probe, { reachable: false, reason: 'no socket at this path' });
  });

  it('gives up on a socket that accepts but never answers, within the timeout', async () => {
    const socketPath = path.join(dir, 'silent.sock');
    const server = net.createServer(() => { /* accept and stay silent */ });
    await new Promise<void>(resolve => server.listen(socketPath, resolve));
    try {
      const started = Date.now();
      const probe = await pingEngine(`unix://${socketPath}`, { timeoutMs: 200 });
      assert.equal(probe.reachable, false);
      assert.match(!probe.reachable ? probe.reason : '', /no answer within 200 ms/);
      assert.ok(Date.now() - started < 2000);
    } finally {
      server.close();
    }
  });

  it('refuses an HTTP server that is not an engine', async () => {
    const socketPath = path.join(dir, 'web.sock');
    const server = net.createServer(socket => socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    await new Promise<void>(resolve => server.listen(socketPath, resolve));
    try {
      assert.deepEqual(await pingEngine(`unix://${socketPath}`), { reachable: false, reason: '/_ping answered HTTP 404' });
    } finally {
      server.close();
    }
  });

  it('explains unsupported schemes rather than throwing', async () => {
    assert.match((await pingEngine('ssh://user@host')) .reachable ? '' : 'ssh', /ssh/);
    const probe = await pingEngine('fd://3');
    assert.deepEqual(probe, { reachable: false, reason: 'unsupported endpoint scheme in "fd://3"' });
  });
});

import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { firstFreePort, isPortFree, waitUntilAnswering } from '../../../src/core/docker/hostPorts';

function listen(server: net.Server, host = '0.0.0.0'): Promise<number> {
  return new Promise(resolve => server.listen(0, host, () => resolve((server.address() as net.AddressInfo).port)));
}

describe('host ports for Run container', function () {
  it('proposes the first free candidate, skipping a taken one, else any free port', async function () {
    const taken = net.createServer();
    const port = await listen(taken);
    try {
      assert.equal(await isPortFree(port), false);
      const free = await firstFreePort([]);
      assert.equal(await isPortFree(free), true);
      assert.equal(await firstFreePort([undefined, port, free]), free);
      const other = await firstFreePort([port]);
      assert.notEqual(other, port);
    } finally {
      taken.close();
    }
  });

  it('waits until the app answers HTTP (any status), or says no when the container ends first', async function () {
    const server = http.createServer((_request, response) => response.writeHead(404).end());
    const port = await listen(server, '127.0.0.1');
    try {
      assert.equal(await waitUntilAnswering(`http://127.0.0.1:${port}/`, new Promise(() => undefined), 5000), true);
    } finally {
      server.close();
    }
    const ended = new Promise(resolve => setTimeout(resolve, 300));
    const started = Date.now();
    assert.equal(await waitUntilAnswering(`http://127.0.0.1:${port}/`, ended, 10_000), false);
    assert.ok(Date.now() - started < 3000, 'it stops polling once the container has ended');
  });
});

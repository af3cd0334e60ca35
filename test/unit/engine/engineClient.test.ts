import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { connectEngine, EngineClient, EngineEvent } from '../../../src/core/engine';

// The Engine API client against a scripted engine on a unix socket: version negotiation, the 409
// explanation and the event stream's line splitting. The real engine is exercised in test/e2e.

describe('engine client (scripted unix-socket engine)', () => {
  let dir: string;
  let server: http.Server;
  let handler: (request: http.IncomingMessage, response: http.ServerResponse) => void;
  const paths: string[] = [];
  const json = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  let serverApiVersion = '1.41';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-engine-'));
    server = http.createServer((request, response) => {
      paths.push(`${request.method} ${request.url}`);
      if (request.url === '/version') return json(response, 200, { ApiVersion: serverApiVersion, Version: '20.10.24', Components: [{ Name: 'Engine' }] });
      handler(request, response);
    });
    await new Promise<void>(resolve => server.listen(path.join(dir, 'docker.sock'), resolve));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => { paths.length = 0; });

  const connect = async (): Promise<EngineClient> => {
    const connected = await connectEngine({ host: `unix://${path.join(dir, 'docker.sock')}` });
    assert.ok(connected.ok, connected.ok ? '' : connected.error.message);
    return connected.value;
  };

  it('speaks the older of the two API versions and prefixes every path with it', async () => {
    serverApiVersion = '1.41';
    handler = (_, response) => json(response, 200, []);
    const older = await connect();
    assert.equal(older.apiVersion, '1.41');
    assert.ok((await older.listImages()).ok);
    assert.deepEqual(paths, ['GET /version', 'GET /v1.41/images/json']);
    older.close();
    serverApiVersion = '1.52';
    const newer = await connect();
    assert.equal(newer.apiVersion, '1.47');
    assert.equal(newer.serverApiVersion, '1.52');
    newer.close();
    serverApiVersion = '1.41';
  });

  it('says which engine endpoints it tried when none answers', async () => {
    const result = await connectEngine({ host: `unix://${path.join(dir, 'missing.sock')}`, probeTimeoutMs: 500 });
    assert.ok(!result.ok);
    assert.equal(result.error.category, 'no-engine');
    assert.match(result.error.message, /missing\.sock: no socket at this path/);
  });

  it('explains a 409 on removal with the container that uses the image, by name', async () => {
    const id = 'f'.repeat(64);
    handler = (request, response) => {
      if (request.method === 'DELETE') return json(response, 409, { message: `conflict: unable to remove repository reference "app:1" (must force) - container ${id.slice(0, 12)} is using its referenced image 0123456789ab` });
      if (request.url === `/v1.41/containers/${id.slice(0, 12)}/json`) return json(response, 200, { Name: '/busy-one', State: { Running: false } });
      json(response, 404, { message: 'nope' });
    };
    const client = await connect();
    const removed = await client.removeImage('localhost:5000/app:1', { force: false });
    client.close();
    assert.ok(!removed.ok);
    assert.equal(removed.error.category, 'conflict');
    assert.equal(removed.error.containerName, 'busy-one');
    assert.equal(removed.error.containerId, id.slice(0, 12));
    assert.match(removed.error.message, /image "localhost:5000\/app:1" is in use by container "busy-one" \(ffffffffffff\): remove the container first, or force/);
    assert.match(removed.error.engineMessage ?? '', /must force/);
    assert.ok(paths.includes('DELETE /v1.41/images/localhost:5000/app:1'), paths.join(', '));
  });

  it('maps 404 to not-found with the engine\'s message', async () => {
    handler = (_, response) => json(response, 404, { message: 'No such image: nope:1' });
    const client = await connect();
    const inspected = await client.inspectImage('nope:1');
    client.close();
    assert.ok(!inspected.ok);
    assert.equal(inspected.error.category, 'not-found');
    assert.match(inspected.error.message, /No such image: nope:1/);
  });

  it('streams events split across chunks, skips junk lines, and stops on request', async () => {
    handler = (request, response) => {
      assert.equal(new URL(request.url!, 'http://x').searchParams.get('filters'), '{"type":["image"]}');
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const first = JSON.stringify({ Type: 'image', Action: 'tag', Actor: { ID: 'sha256:1', Attributes: { name: 'app:1' } }, timeNano: 1 });
      response.write(first.slice(0, 20));
      setTimeout(() => response.write(`${first.slice(20)}\nnot json\n{"status":"untag","id":"sha256:2","Type":"image"}\n`), 20);
    };
    const client = await connect();
    const events: EngineEvent[] = [];
    const stream = client.events({ type: ['image'] }, event => {
      events.push(event);
      if (events.length === 2) stream.stop();
    });
    const done = await stream.done;
    client.close();
    assert.ok(done.ok);
    assert.deepEqual(events, [
      { type: 'image', action: 'tag', id: 'sha256:1', attributes: { name: 'app:1' }, timeNano: 1 },
      { type: 'image', action: 'untag', id: 'sha256:2', attributes: {} },
    ]);
  });

  it('reports a stream the engine closes', async () => {
    handler = (_, response) => {
      response.writeHead(200);
      setTimeout(() => response.destroy(), 20);
    };
    const client = await connect();
    const done = await client.events({}, () => {}).done;
    client.close();
    assert.ok(!done.ok);
    assert.equal(done.error.category, 'network');
  });
});

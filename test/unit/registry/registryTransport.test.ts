import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpMethod } from '../../../src/core/http/sendRequest';
import { CredentialSource } from '../../../src/core/registry/registryAuth';
import { RegistryTransport, RegistryTransportOptions } from '../../../src/core/registry/registryTransport';

// The transport's decisions, one request at a time, against two scripted loopback servers (two ports are two
// origins): which redirects it follows and where Authorization goes, and which answers it retries. Waits are
// recorded instead of slept.

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

interface Seen {
  readonly server: 'registry' | 'storage';
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
  readonly body: string;
}

describe('registry transport: redirects and retries (scripted loopback servers)', () => {
  const servers: http.Server[] = [];
  const handlers: Record<Seen['server'], Handler> = { registry: () => undefined, storage: () => undefined };
  const seen: Seen[] = [];
  const waits: number[] = [];
  let registryHost: string;
  let storageOrigin: string;
  const basic = `Basic ${Buffer.from('carol:s3cret-pw').toString('base64')}`;
  const withCredentials = async (): Promise<CredentialSource> => ({ credentials: { kind: 'basic', username: 'carol', password: 's3cret-pw' }, problems: [] });
  const noCredentials = async (): Promise<CredentialSource> => ({ problems: [] });

  const made: RegistryTransport[] = [];
  const transport = (extra: Partial<RegistryTransportOptions> = {}) => {
    const created = new RegistryTransport({
      host: registryHost,
      lookupCredentials: noCredentials,
      sleep: async ms => { waits.push(ms); },
      retry: { baseDelayMs: 100, maxDelayMs: 5_000, rateLimitRetries: 2, serverRetries: 2 },
      ...extra,
    });
    made.push(created);
    return created;
  };
  const send = (client: RegistryTransport, method: HttpMethod, path: string, extra: { body?: string; signal?: AbortSignal } = {}) => client.exchange({
    method,
    url: new URL(path, client.baseUrl),
    what: `"${path}"`,
    ...(extra.body !== undefined ? { body: Buffer.from(extra.body) } : {}),
    ...(extra.signal ? { signal: extra.signal } : {}),
  });
  const answer = (response: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders = {}, body = '{}') => {
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    response.end(body);
  };
  /** The registry asks for Basic credentials on any request without them. */
  const challengeFirst = (next: Handler): Handler => (request, response) => (request.headers.authorization === basic
    ? next(request, response)
    : answer(response, 401, { 'WWW-Authenticate': 'Basic realm="r"' }));

  before(async () => {
    for (const name of ['registry', 'storage'] as const) {
      const server = http.createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          seen.push({ server: name, method: request.method!, url: request.url!, body: Buffer.concat(chunks).toString('utf8'), ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
          handlers[name](request, response);
        });
      });
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (name === 'registry') registryHost = address;
      else storageOrigin = `http://${address}`;
    }
  });
  after(() => Promise.all(servers.map(server => new Promise<void>(resolve => server.close(() => resolve())))));
  beforeEach(() => { seen.length = 0; waits.length = 0; });
  afterEach(() => { for (const client of made.splice(0)) client.close(); });

  describe('redirects', () => {
    it('follows a blob redirect to another origin without carrying Authorization there', async () => {
      handlers.registry = challengeFirst((_, response) => answer(response, 307, { Location: `${storageOrigin}/blob?sig=x` }));
      handlers.storage = (_, response) => answer(response, 200, {}, 'layer bytes');
      const sent = await send(transport({ lookupCredentials: withCredentials }), 'GET', '/v2/app/blobs/sha256:abc');
      assert.ok(sent.ok, !sent.ok ? sent.error.message : '');
      assert.equal(sent.value.answer.body.toString(), 'layer bytes');
      assert.deepEqual(seen.map(s => [s.server, s.authorization === basic]), [['registry', false], ['registry', true], ['storage', false]]);
    });

    it('keeps Authorization on a redirect within the registry\'s own origin', async () => {
      handlers.registry = challengeFirst((request, response) => (request.url === '/v2/moved'
        ? answer(response, 200)
        : answer(response, 301, { Location: '/v2/moved' })));
      const sent = await send(transport({ lookupCredentials: withCredentials }), 'GET', '/v2/old');
      assert.ok(sent.ok);
      assert.deepEqual(seen.slice(1).map(s => [s.url, s.authorization === basic]), [['/v2/old', true], ['/v2/moved', true]]);
    });

    it('keeps HEAD a HEAD across a 303', async () => {
      handlers.registry = (request, response) => (request.url === '/v2/there' ? answer(response, 200) : answer(response, 303, { Location: '/v2/there' }));
      const sent = await send(transport(), 'HEAD', '/v2/here');
      assert.ok(sent.ok);
      assert.deepEqual(seen.map(s => [s.method, s.url]), [['HEAD', '/v2/here'], ['HEAD', '/v2/there']]);
    });

    it('does not follow a redirect answering a write: the caller gets the 3xx, and the body went once', async () => {
      handlers.registry = (request, response) => (request.url === '/v2/app/manifests/1.0' ? answer(response, 307, { Location: '/v2/elsewhere' }) : answer(response, 201));
      const client = transport();
      for (const method of ['PUT', 'DELETE'] as const) {
        seen.length = 0;
        const sent = await send(client, method, '/v2/app/manifests/1.0', method === 'PUT' ? { body: 'manifest' } : {});
        assert.ok(sent.ok);
        assert.equal(sent.value.answer.status, 307);
        assert.deepEqual(seen.map(s => [s.method, s.url, s.body]), [[method, '/v2/app/manifests/1.0', method === 'PUT' ? 'manifest' : '']]);
        const checked = await client.expectStatus(sent.value, '"app:1.0"', [201]);
        assert.ok(!checked.ok);
        assert.equal(checked.error.category, 'malformed');
        assert.match(checked.error.message, /redirect \(HTTP 307\) that cannot be followed/);
      }
    });

    it('gives up after 5 redirects, and on a Location that is not a URL', async () => {
      handlers.registry = (request, response) => answer(response, 302, { Location: `/v2/loop${seen.length}` });
      const loop = await send(transport(), 'GET', '/v2/loop');
      assert.ok(!loop.ok);
      assert.equal(loop.error.category, 'malformed');
      assert.match(loop.error.message, /redirected more than 5 times/);
      assert.equal(seen.length, 6, 'the request and its 5 redirects');

      seen.length = 0;
      handlers.registry = (_, response) => answer(response, 302, { Location: 'http://[not-a-host/' });
      const invalid = await send(transport(), 'GET', '/v2/x');
      assert.ok(!invalid.ok);
      assert.match(invalid.error.message, /redirected to an invalid URL/);
      assert.equal(seen.length, 1);
    });

    it('returns a 3xx without Location as the answer', async () => {
      handlers.registry = (_, response) => answer(response, 302);
      const sent = await send(transport(), 'GET', '/v2/x');
      assert.ok(sent.ok);
      assert.equal(sent.value.answer.status, 302);
      assert.equal(seen.length, 1);
    });
  });

  describe('retries', () => {
    // [method, the statuses answered in turn (the last one repeated), how many requests are expected, the waits]
    const table: Array<[string, HttpMethod, number[], number, number[]]> = [
      ['a read answered 503 is retried serverRetries times', 'GET', [503], 3, [100, 200]],
      ['a HEAD answered 500 then 200 is retried once', 'HEAD', [500, 200], 2, [100]],
      ['a PUT answered 500 is not retried', 'PUT', [500], 1, []],
      ['a DELETE answered 502 is not retried', 'DELETE', [502], 1, []],
      ['a 429 is retried even for a write', 'PUT', [429, 201], 2, [100]],
      ['a 429 is retried rateLimitRetries times', 'GET', [429], 3, [100, 200]],
      ['a 404 is never retried', 'GET', [404], 1, []],
    ];
    for (const [title, method, statuses, requests, expectedWaits] of table) {
      it(title, async () => {
        let calls = 0;
        handlers.registry = (_, response) => answer(response, statuses[Math.min(calls++, statuses.length - 1)]!);
        const sent = await send(transport(), method, '/v2/app/manifests/1.0');
        assert.equal(seen.length, requests);
        assert.deepEqual(waits, expectedWaits);
        if (sent.ok) assert.equal(sent.value.serverRetries, statuses[0]! >= 500 ? Math.min(requests - 1, 2) : 0);
      });
    }

    it('answers one 401 challenge, never a second', async () => {
      handlers.registry = (_, response) => answer(response, 401, { 'WWW-Authenticate': 'Basic realm="r"' });
      const client = transport({ lookupCredentials: withCredentials });
      const sent = await send(client, 'GET', '/v2/');
      assert.ok(sent.ok, 'the second 401 is the answer: expectStatus words it');
      assert.equal(sent.value.answer.status, 401);
      assert.deepEqual(seen.map(s => s.authorization === basic), [false, true]);
      const checked = await client.expectStatus(sent.value, 'the registry API', [200]);
      assert.ok(!checked.ok);
      assert.equal(checked.error.category, 'unauthorized');
      assert.match(checked.error.message, /rejected the credentials/);
      assert.ok(!JSON.stringify(checked).includes('s3cret'), 'no password in the error');
    });

    it('stops retrying when the caller cancels while it waits', async () => {
      const controller = new AbortController();
      handlers.registry = (_, response) => answer(response, 503);
      const client = transport({ sleep: async ms => { waits.push(ms); controller.abort(); } });
      const sent = await send(client, 'GET', '/v2/x', { signal: controller.signal });
      assert.ok(!sent.ok);
      assert.equal(sent.error.category, 'cancelled');
      assert.match(sent.error.message, /cancelled while waiting to retry/);
      assert.equal(seen.length, 1);
    });

    it('says timeout when no answer comes within timeoutMs, and does not retry it', async () => {
      handlers.registry = () => undefined; // never answers
      const sent = await send(transport({ timeoutMs: 200 }), 'GET', '/v2/slow');
      assert.ok(!sent.ok);
      assert.equal(sent.error.category, 'timeout');
      assert.match(sent.error.message, /^"\/v2\/slow": /);
      assert.equal(seen.length, 1);
      assert.deepEqual(waits, []);
    });
  });
});

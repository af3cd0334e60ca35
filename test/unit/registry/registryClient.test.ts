import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { createRegistryClient, RegistryClientOptions } from '../../../src/core/registry';

// The client's retry and authentication logic against a scripted loopback server, with the waits
// recorded instead of slept. The same behaviours are checked against the real registry in test/e2e.

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

describe('registry client: retries and authentication (scripted loopback server)', () => {
  let server: http.Server;
  let handler: Handler;
  let host: string;
  const seen: Array<{ method: string; url: string; authorization?: string }> = [];
  const waits: number[] = [];
  const options = (extra: RegistryClientOptions = {}): RegistryClientOptions => ({
    useDockerConfig: false,
    sleep: async ms => { waits.push(ms); },
    retry: { baseDelayMs: 100, maxDelayMs: 5_000, rateLimitRetries: 3, serverRetries: 2 },
    ...extra,
  });
  const json = (response: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) => {
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };

  before(async () => {
    server = http.createServer((request, response) => {
      seen.push({ method: request.method!, url: request.url!, ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
      handler(request, response);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>(resolve => server.close(() => resolve())));
  beforeEach(() => { seen.length = 0; waits.length = 0; });

  it('waits as long as Retry-After says, then succeeds', async () => {
    let calls = 0;
    handler = (_, response) => (++calls === 1 ? json(response, 429, {}, { 'Retry-After': '2' }) : json(response, 200, { name: 'app', tags: ['1.0'] }));
    const result = await createRegistryClient(host, options()).listTags('app');
    assert.deepEqual(result.ok && result.value.tags, ['1.0']);
    assert.deepEqual(waits, [2000]);
  });

  it('backs off exponentially without Retry-After and says how often it retried', async () => {
    handler = (_, response) => json(response, 429, { errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] });
    const result = await createRegistryClient(host, options()).listTags('app');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.category, 'rate-limited');
    assert.equal(result.error.code, 'TOOMANYREQUESTS');
    assert.match(result.error.message, /gave up after 3 retries/);
    assert.deepEqual(waits, [100, 200, 400]);
    assert.equal(seen.length, 4);
  });

  it('caps the backoff at maxDelayMs', async () => {
    handler = (_, response) => json(response, 429, {});
    await createRegistryClient(host, options({ retry: { baseDelayMs: 1000, maxDelayMs: 2500, rateLimitRetries: 4 } })).listTags('app');
    assert.deepEqual(waits, [1000, 2000, 2500, 2500]);
  });

  it('gives up at once when Retry-After is longer than the client waits, and passes it on', async () => {
    handler = (_, response) => json(response, 429, {}, { 'Retry-After': '3600' });
    const result = await createRegistryClient(host, options()).listTags('app');
    assert.ok(!result.ok);
    assert.equal(result.error.retryAfterSeconds, 3600);
    assert.match(result.error.message, /retry after 3600 s/);
    assert.deepEqual(waits, []);
  });

  it('retries a read after 5xx, but never a write', async () => {
    handler = (_, response) => json(response, 503, {});
    const read = await createRegistryClient(host, options()).listTags('app');
    assert.ok(!read.ok);
    assert.equal(read.error.category, 'server');
    assert.match(read.error.message, /HTTP 503 .*after 2 retries/);
    assert.equal(seen.length, 3);

    seen.length = 0;
    handler = (request, response) => (request.method === 'GET'
      ? json(response, 200, { schemaVersion: 2 }, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' })
      : json(response, 500, {}));
    const write = await createRegistryClient(host, options()).retag('app', '1.0', '1.1');
    assert.ok(!write.ok);
    assert.equal(write.error.category, 'server');
    assert.deepEqual(seen.map(s => s.method), ['GET', 'PUT']);
  });

  it('answers a Bearer challenge with a token fetched with Basic credentials, cached per scope until it expires', async () => {
    let clock = 1_000_000;
    let tokens = 0;
    handler = (request, response) => {
      const url = new URL(request.url!, 'http://x');
      if (url.pathname === '/token') {
        assert.equal(request.headers.authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
        assert.equal(url.searchParams.get('service'), 'test-registry');
        tokens++;
        return json(response, 200, { token: `token-${tokens}-${url.searchParams.getAll('scope').join('+')}`, expires_in: 300 });
      }
      if (!request.headers.authorization?.startsWith('Bearer token-')) {
        const repository = url.pathname.split('/')[2];
        return json(response, 401, {}, { 'WWW-Authenticate': `Bearer realm="http://${host}/token",service="test-registry",scope="repository:${repository}:pull"` });
      }
      json(response, 200, { name: 'app', tags: ['1.0'] });
    };
    const client = createRegistryClient(host, options({ credentials: async () => ({ kind: 'basic', username: 'alice', password: 's3cret' }), now: () => clock }));
    assert.ok((await client.listTags('app')).ok);
    assert.ok((await client.listTags('app')).ok);
    assert.equal(tokens, 1, 'the second call reuses the cached token');
    assert.ok((await client.listTags('other')).ok);
    assert.equal(tokens, 2, 'another scope, another token (no 401 round trip: the realm is known)');
    assert.equal(seen.filter(s => s.url.startsWith('/v2/') && !s.authorization).length, 1, 'only the very first request went without a token');
    clock += 301_000;
    assert.ok((await client.listTags('app')).ok);
    assert.equal(tokens, 3, 'an expired token is fetched again');
  });

  it('fetches one token for concurrent requests of the same scope', async () => {
    let tokens = 0;
    handler = (request, response) => {
      if (request.url!.startsWith('/token')) {
        tokens++;
        return setTimeout(() => json(response, 200, { access_token: 'shared' }), 50);
      }
      if (request.headers.authorization !== 'Bearer shared') return json(response, 401, {}, { 'WWW-Authenticate': `Bearer realm="http://${host}/token",service="s"` });
      json(response, 200, { name: 'app', tags: [] });
    };
    const client = createRegistryClient(host, options());
    assert.ok((await client.ping()).ok);
    const results = await Promise.all(Array.from({ length: 8 }, () => client.listTags('app')));
    assert.ok(results.every(r => r.ok));
    assert.equal(tokens, 2, 'one for /v2/ (no scope), one shared by the eight');
  });

  it('sends Basic credentials after a Basic challenge, then up front', async () => {
    const expected = `Basic ${Buffer.from('bob:pw').toString('base64')}`;
    handler = (request, response) => (request.headers.authorization === expected
      ? json(response, 200, { repositories: ['a'] })
      : json(response, 401, {}, { 'WWW-Authenticate': 'Basic realm="r"' }));
    const client = createRegistryClient(host, options({ credentials: async () => ({ kind: 'basic', username: 'bob', password: 'pw' }) }));
    assert.ok((await client.listRepositories()).ok);
    assert.ok((await client.listRepositories()).ok);
    assert.deepEqual(seen.map(s => s.authorization === expected), [false, true, true]);
  });

  it('says no credentials were found, or that they were rejected, without the secret', async () => {
    handler = (_, response) => json(response, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { 'WWW-Authenticate': 'Basic realm="r"' });
    const none = await createRegistryClient(host, options()).listTags('app');
    assert.ok(!none.ok);
    assert.equal(none.error.category, 'unauthorized');
    assert.match(none.error.message, /needs credentials and none were found/);

    const rejected = await createRegistryClient(host, options({ credentials: async () => ({ kind: 'basic', username: 'bob', password: 'hunter2-secret' }) })).listTags('app');
    assert.ok(!rejected.ok);
    assert.equal(rejected.error.category, 'unauthorized');
    assert.match(rejected.error.message, /rejected the credentials from the credentials you entered/);
    assert.ok(!JSON.stringify(rejected).includes('hunter2'), 'the password never appears in an error');
    assert.equal(seen.length, 1 + 2, 'without credentials no retry; with them one retry after the challenge, no more');
  });

  it('maps 403, 404 and 405 to their categories with the registry\'s code', async () => {
    const statuses: Record<string, [number, string]> = { '/v2/a/tags/list': [403, 'DENIED'], '/v2/b/tags/list': [404, 'NAME_UNKNOWN'] };
    handler = (request, response) => {
      if (request.method === 'HEAD') return json(response, 200, {}, { 'Docker-Content-Digest': `sha256:${'a'.repeat(64)}` });
      if (request.method === 'DELETE') return json(response, 405, { errors: [{ code: 'UNSUPPORTED', message: 'The operation is unsupported.' }] });
      const [status, code] = statuses[request.url!]!;
      json(response, status, { errors: [{ code, message: code.toLowerCase() }] });
    };
    const client = createRegistryClient(host, options());
    const forbidden = await client.listTags('a');
    const missing = await client.listTags('b');
    const deleted = await client.deleteTag('c', '1.0');
    assert.deepEqual([forbidden, missing, deleted].map(r => !r.ok && [r.error.category, r.error.code]), [['forbidden', 'DENIED'], ['not-found', 'NAME_UNKNOWN'], ['unsupported', 'UNSUPPORTED']]);
    assert.ok(!deleted.ok && /storage\.delete\.enabled/.test(deleted.error.message));
  });

  it('deletes one tag by name where the registry can, and by digest only when that digest was confirmed', async () => {
    const digestOf = (letter: string) => `sha256:${letter.repeat(64)}`;
    const tags: Record<string, string> = { '1.0': digestOf('a'), '1.1': digestOf('a'), '2.0': digestOf('a'), dev: digestOf('b') };
    let deletesByTag = true;
    handler = (request, response) => {
      const reference = decodeURIComponent(request.url!.split('/manifests/')[1] ?? '');
      if (request.url === '/v2/app/tags/list') return json(response, 200, { name: 'app', tags: Object.keys(tags) });
      if (request.method === 'HEAD') return tags[reference] ? json(response, 200, {}, { 'Docker-Content-Digest': tags[reference] }) : json(response, 404, {});
      if (request.method !== 'DELETE') return json(response, 400, {});
      if (reference.startsWith('sha256:')) {
        for (const [tag, digest] of Object.entries(tags)) if (digest === reference) delete tags[tag];
        return json(response, 202, {});
      }
      if (!deletesByTag) return json(response, 400, { errors: [{ code: 'DIGEST_INVALID', message: 'provided digest did not match uploaded content' }] });
      delete tags[reference];
      json(response, 202, {});
    };
    const client = createRegistryClient(host, options());

    const shared = await client.tagsSharingDigest('app', '2.0');
    assert.deepEqual(shared.ok && shared.value, { digest: digestOf('a'), tags: ['1.1', '1.0'] });

    const byTag = await client.deleteTag('app', '2.0');
    assert.deepEqual(byTag.ok && byTag.value, { digest: digestOf('a'), deleted: 'tag' });
    assert.deepEqual(seen.filter(r => r.method === 'DELETE').map(r => r.url), ['/v2/app/manifests/2.0']);
    assert.deepEqual(Object.keys(tags), ['1.0', '1.1', 'dev']);

    deletesByTag = false;
    seen.length = 0;
    const refused = await client.deleteTag('app', '1.1');
    assert.ok(!refused.ok);
    assert.deepEqual([refused.error.category, refused.error.status, refused.error.code], ['unsupported', 400, 'DIGEST_INVALID']);
    assert.match(refused.error.message, /cannot delete the tag "app:1\.1" by name .*with every tag on it.*nothing was deleted/);
    const otherDigest = await client.deleteTag('app', '1.1', { digestDeleteConfirmed: digestOf('b') });
    assert.ok(!otherDigest.ok && otherDigest.error.category === 'invalid');
    assert.deepEqual(seen.filter(r => r.method === 'DELETE').map(r => r.url), ['/v2/app/manifests/1.1', '/v2/app/manifests/1.1'], 'no delete by digest without its confirmation');
    assert.deepEqual(Object.keys(tags), ['1.0', '1.1', 'dev']);

    const confirmed = await client.deleteTag('app', '1.1', { digestDeleteConfirmed: digestOf('a') });
    assert.deepEqual(confirmed.ok && confirmed.value, { digest: digestOf('a'), deleted: 'manifest' });
    assert.equal(seen.at(-1)?.url, `/v2/app/manifests/${digestOf('a')}`);
    assert.deepEqual(Object.keys(tags), ['dev']);
  });

  it('follows Link pages, lists a name a later page repeats once, and stops when a registry links back to a page it already sent', async () => {
    handler = (request, response) => {
      const last = new URL(request.url!, 'http://x').searchParams.get('last');
      const pages: Record<string, [string[], string | undefined]> = { '': [['a', 'b'], 'b'], b: [['b', 'c'], 'c'], c: [['d', 'a'], 'b'] };
      const [tags, next] = pages[last ?? '']!;
      json(response, 200, { name: 'app', tags }, next ? { Link: `</v2/app/tags/list?n=2&last=${next}>; rel="next"` } : {});
    };
    const client = createRegistryClient(host, options());
    const first = await client.listTags('app', { pageSize: 2 });
    assert.ok(first.ok);
    assert.deepEqual(first.value.next, { url: `http://${host}/v2/app/tags/list?n=2&last=b`, last: 'b' });
    const all = await client.allTags('app');
    assert.deepEqual(all.ok && all.value, ['a', 'b', 'c', 'd']);
    assert.equal(seen.length, 1 + 3, 'the link back to page b is not followed');
  });
});

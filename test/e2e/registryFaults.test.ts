import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { createRegistryClient, RegistryClientOptions } from '../../src/core/registry';
import { FaultProxy, startFaultProxy, startRecordingHost } from '../support/faultProxy';
import { importEsm } from '../support/importEsm';
import { freePort } from '../support/net';
import { PushedImage, RegistryContent } from '../support/registryContent';
import { skipBecause } from '../support/skip';

// The registry client when the way to the real registry misbehaves: a loopback fault proxy sits in front
// of it and answers 429 with Retry-After, 500, a cut-off body, invalid JSON, a slow answer, or a redirect
// to another host. Every outcome must be a typed error (or a success after retrying), never a throw.

describe('registry client through a fault proxy in front of the real registry', function () {
  this.timeout(60_000);
  const id = randomBytes(3).toString('hex');
  const repository = `faults-${id}/app`;
  let proxy: FaultProxy;
  let image: PushedImage;
  const fast: RegistryClientOptions = { useDockerConfig: false, timeoutMs: 5_000, retry: { baseDelayMs: 50, maxDelayMs: 3_000, rateLimitRetries: 2, serverRetries: 2 } };
  const client = (options: RegistryClientOptions = {}) => createRegistryClient(proxy.address, { ...fast, ...options });
  const tagsPath = new RegExp(`^/v2/${repository}/tags/list`);

  before(async function () {
    if (process.env.DC_REGISTRY_UNAVAILABLE || !process.env.DC_REGISTRY) skipBecause(this, process.env.DC_REGISTRY_UNAVAILABLE ?? 'no test registry (DC_REGISTRY unset)');
    const content = new RegistryContent(`http://${process.env.DC_REGISTRY}`);
    image = await content.pushImage(repository, ['1.0', '2.0'], { layerText: `faults ${id}`, created: '2026-07-08T09:10:11Z' });
    proxy = await startFaultProxy(`http://${process.env.DC_REGISTRY}`);
  });
  after(async () => { await proxy?.stop(); });
  beforeEach(() => proxy?.clear());

  it('passes through untouched when nothing is injected', async () => {
    const tags = await client().allTags(repository);
    assert.deepEqual(tags.ok && [...tags.value].sort(), ['1.0', '2.0']);
  });

  it('429 with Retry-After in seconds: waits that long, then succeeds', async () => {
    proxy.inject({ path: tagsPath, times: 1, action: { kind: 'status', status: 429, headers: { 'Retry-After': '1' } } });
    const started = Date.now();
    const tags = await client().allTags(repository);
    const elapsed = Date.now() - started;
    assert.ok(tags.ok, tags.ok ? '' : tags.error.message);
    assert.ok(elapsed >= 950, `waited ${elapsed} ms`);
    assert.deepEqual(proxy.requests.map(r => r.fault ?? 'passed'), ['status', 'passed']);
  });

  it('429 with Retry-After as an HTTP-date: waits until then', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000); // whole seconds: HTTP-dates have no fraction
    proxy.inject({ path: tagsPath, times: 1, action: { kind: 'status', status: 429, headers: { 'Retry-After': at.toUTCString() } } });
    const tags = await client().allTags(repository);
    assert.ok(tags.ok, tags.ok ? '' : tags.error.message);
    assert.ok(Date.now() >= at.getTime() - 1000, 'did not retry long before the date');
  });

  it('429 every time: gives up after the allowed retries with a rate-limited error that says so', async () => {
    proxy.inject({ path: tagsPath, action: { kind: 'status', status: 429, body: '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit"}]}' } });
    const tags = await client().allTags(repository);
    assert.ok(!tags.ok);
    assert.equal(tags.error.category, 'rate-limited');
    assert.equal(tags.error.code, 'TOOMANYREQUESTS');
    assert.match(tags.error.message, /rate limiting .*pull rate limit.*gave up after 2 retries/);
    assert.equal(proxy.requests.length, 3);
  });

  it('429 asking for longer than the client waits: fails at once, passing Retry-After on', async () => {
    proxy.inject({ path: tagsPath, action: { kind: 'status', status: 429, headers: { 'Retry-After': '600' } } });
    const started = Date.now();
    const tags = await client().allTags(repository);
    assert.ok(!tags.ok);
    assert.equal(tags.error.retryAfterSeconds, 600);
    assert.ok(Date.now() - started < 2000);
  });

  it('500 on a read: retried, and succeeds when the registry recovers', async () => {
    proxy.inject({ path: tagsPath, times: 2, action: { kind: 'status', status: 500 } });
    const tags = await client().allTags(repository);
    assert.ok(tags.ok, tags.ok ? '' : tags.error.message);
    assert.deepEqual(proxy.requests.map(r => r.fault ?? 'passed'), ['status', 'status', 'passed']);
  });

  it('500 that does not go away: a server error after the retries', async () => {
    proxy.inject({ path: tagsPath, action: { kind: 'status', status: 500 } });
    const tags = await client().allTags(repository);
    assert.ok(!tags.ok);
    assert.equal(tags.error.category, 'server');
    assert.match(tags.error.message, /HTTP 500 .*after 2 retries/);
  });

  it('500 on a write (retag PUT): not retried', async () => {
    proxy.inject({ method: 'PUT', path: /\/manifests\//, action: { kind: 'status', status: 500 } });
    const retagged = await client().retag(repository, '1.0', '1.0-copy');
    assert.ok(!retagged.ok);
    assert.equal(retagged.error.category, 'server');
    assert.deepEqual(proxy.requests.map(r => r.method), ['GET', 'PUT']);
  });

  it('a body cut off half-way: a network error that says so', async () => {
    proxy.inject({ path: /\/manifests\/1\.0$/, action: { kind: 'cut-off' } });
    const details = await client().tagDetails(repository, '1.0');
    assert.ok(!details.ok);
    assert.equal(details.error.category, 'network');
    assert.match(details.error.message, /closed before the whole answer arrived \(\d+ of \d+ bytes\)/);
  });

  it('a complete answer that is not JSON: a malformed error', async () => {
    proxy.inject({ path: tagsPath, action: { kind: 'status', status: 200, body: '{"name":"app","tags":["1.0",' } });
    const tags = await client().listTags(repository);
    assert.ok(!tags.ok);
    assert.equal(tags.error.category, 'malformed');
    assert.match(tags.error.message, /not valid JSON/);
  });

  it('an answer slower than the per-request timeout: a timeout error, on time', async () => {
    proxy.inject({ path: tagsPath, action: { kind: 'delay', ms: 3_000 } });
    const started = Date.now();
    const tags = await client({ timeoutMs: 400 }).listTags(repository);
    const elapsed = Date.now() - started;
    assert.ok(!tags.ok);
    assert.equal(tags.error.category, 'timeout');
    assert.match(tags.error.message, /did not answer within 400 ms/);
    assert.ok(elapsed < 2_000, `took ${elapsed} ms`);
  });

  it('a cancelled request: a cancelled error', async () => {
    proxy.inject({ path: tagsPath, action: { kind: 'delay', ms: 3_000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const tags = await client().listTags(repository, { signal: controller.signal });
    assert.ok(!tags.ok);
    assert.equal(tags.error.category, 'cancelled');
  });

  it('nothing listening: a network error', async () => {
    const address = `127.0.0.1:${await freePort()}`; // nothing listens there
    const tags = await createRegistryClient(address, fast).listTags(repository);
    assert.ok(!tags.ok);
    assert.equal(tags.error.category, 'network');
    assert.match(tags.error.message, /connection refused/);
  });

  describe('redirects (in front of a registry with Basic auth)', () => {
    const user = 'dc-redirect';
    const password = `redirect-${id}`;
    const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    let registry: { address: string; url: string; stop(): Promise<void> } | undefined;
    let authProxy: FaultProxy;
    let configBlob: Buffer;
    let configDigest: string;

    before(async function () {
      if (!process.env.DC_REGISTRY) return;
      const { startRegistry } = await importEsm<{ startRegistry(o: object): Promise<{ address: string; url: string; stop(): Promise<void> }> }>(path.resolve(__dirname, '../../../test/hosts/registry.mjs'));
      registry = await startRegistry({ htpasswd: { user, password } });
      const content = new RegistryContent(registry.url, () => basic);
      const pushed = await content.pushImage(repository, ['1.0'], { layerText: `redirect ${id}`, created: '2026-08-09T10:11:12Z' });
      configDigest = (JSON.parse(pushed.manifest.toString('utf8')) as { config: { digest: string } }).config.digest;
      configBlob = await content.blob(repository, configDigest);
      authProxy = await startFaultProxy(registry.url);
    });
    after(async () => {
      await authProxy?.stop();
      await registry?.stop();
    });

    it('follows a blob redirect to another host without sending Authorization there', async () => {
      const cdn = await startRecordingHost('127.0.0.2');
      try {
        cdn.serve(`/blobs/${configDigest}`, configBlob);
        authProxy.inject({ method: 'GET', path: new RegExp(`/blobs/${configDigest}$`), action: { kind: 'redirect', location: `${cdn.url}/blobs/${configDigest}?signature=s3cr3t` } });
        const details = await createRegistryClient(authProxy.address, { ...fast, useDockerConfig: false, credentials: async () => ({ kind: 'basic', username: user, password }) }).tagDetails(repository, '1.0');
        assert.ok(details.ok, details.ok ? '' : details.error.message);
        assert.equal(details.value.created, '2026-08-09T10:11:12Z');
        const blobRequest = authProxy.requests.find(r => r.path.includes('/blobs/'));
        assert.equal(blobRequest?.authorization, basic, 'the registry itself got the credentials');
        assert.deepEqual(cdn.requests, [{ method: 'GET', path: `/blobs/${configDigest}` }], 'the other host got no Authorization header');
      } finally {
        await cdn.stop();
      }
    });

    it('keeps Authorization on a redirect within the registry\'s own origin', async () => {
      authProxy.clear();
      authProxy.inject({ method: 'GET', path: new RegExp(`/blobs/${configDigest}$`), times: 1, action: { kind: 'redirect', location: `/v2/${repository}/blobs/${configDigest}?moved=1`, status: 302 } });
      const details = await createRegistryClient(authProxy.address, { ...fast, useDockerConfig: false, credentials: async () => ({ kind: 'basic', username: user, password }) }).tagDetails(repository, '1.0');
      assert.ok(details.ok, details.ok ? '' : details.error.message);
      const moved = authProxy.requests.find(r => r.path.endsWith('?moved=1'));
      assert.equal(moved?.authorization, basic);
    });

    it('stops after 5 redirects with a clear error', async () => {
      authProxy.clear();
      authProxy.inject({ method: 'GET', path: /\/blobs\//, action: { kind: 'redirect', location: `/v2/${repository}/blobs/${configDigest}?loop=1` } });
      const details = await createRegistryClient(authProxy.address, { ...fast, useDockerConfig: false, credentials: async () => ({ kind: 'basic', username: user, password }) }).tagDetails(repository, '1.0');
      assert.ok(!details.ok);
      assert.equal(details.error.category, 'malformed');
      assert.match(details.error.message, /redirected more than 5 times/);
      assert.equal(authProxy.requests.filter(r => r.path.includes('/blobs/')).length, 6);
    });
  });

  it('reads the image behind the proxy like the registry itself (sanity check of the seeded content)', async () => {
    const details = await client().tagDetails(repository, '2.0');
    assert.ok(details.ok, details.ok ? '' : details.error.message);
    assert.equal(details.value.digest, image.digest);
  });
});

import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Context } from 'mocha';
import { createRegistryClient, RegistryClient, RegistryClientOptions, sortTags } from '../../src/core/registry';
import { importEsm } from '../support/importEsm';
import { PushedImage, RegistryContent } from '../support/registryContent';
import { skipBecause } from '../support/skip';
import { startTokenServer, TokenServer } from '../support/tokenServer';

// The registry client against the real registry (CNCF Distribution 2.8, Debian's docker-registry) in its
// three authentication setups: none (the runner's registry), htpasswd Basic with the credentials in
// docker's config.json, and token auth (Bearer JWTs from a token server of ours) with the credentials in a
// real credential helper. Content goes in through the registry's HTTP API; every change the client makes
// is checked with the registry's own API.

interface StartedRegistry { address: string; url: string; stop(): Promise<void> }
interface Setup {
  readonly name: string;
  readonly authentication: 'none' | 'basic' | 'bearer';
  /** Starts what the setup needs; returns the registry, how to seed it, and the client options that log in. */
  start(context: Context): Promise<{ registry: StartedRegistry; content: RegistryContent; clientOptions: RegistryClientOptions; wrongOptions?: RegistryClientOptions; cleanup(): Promise<void> }>;
}

const user = 'dc-e2e';
const password = 'pa55 w0rd:with;colon';
const startRegistry = async (options: object): Promise<StartedRegistry> => (await importEsm<{ startRegistry(o: object): Promise<StartedRegistry> }>(path.resolve(__dirname, '../../../test/hosts/registry.mjs'))).startRegistry(options);

function registryUnavailable(context: Context): void {
  if (process.env.DC_REGISTRY_UNAVAILABLE || !process.env.DC_REGISTRY) skipBecause(context, process.env.DC_REGISTRY_UNAVAILABLE ?? 'no test registry (DC_REGISTRY unset)');
}

/** A DOCKER_CONFIG folder with `config`, and a PATH that holds `docker-credential-e2e` answering `store`. */
function dockerConfig(config: unknown, store: Record<string, { Username: string; Secret: string }> = {}): { env: NodeJS.ProcessEnv; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-e2e-config-'));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  fs.writeFileSync(path.join(dir, 'store.json'), JSON.stringify(store));
  fs.writeFileSync(path.join(dir, 'docker-credential-e2e'), `#!${process.execPath}
let input = '';
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const entry = require(${JSON.stringify(path.join(dir, 'store.json'))})[input.trim()];
  if (process.argv[2] !== 'get' || !entry) { process.stdout.write('credentials not found in native keychain'); process.exit(1); }
  process.stdout.write(JSON.stringify({ ServerURL: input, ...entry }));
});
`, { mode: 0o755 });
  return { dir, env: { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}`, DOCKER_CONFIG: dir } };
}

const setups: Setup[] = [
  {
    name: 'no authentication (the runner\'s registry)',
    authentication: 'none',
    async start(context) {
      registryUnavailable(context);
      const address = process.env.DC_REGISTRY!;
      const url = `http://${address}`;
      return { registry: { address, url, stop: async () => {} }, content: new RegistryContent(url), clientOptions: { useDockerConfig: false }, cleanup: async () => {} };
    },
  },
  {
    name: 'htpasswd Basic, credentials from config.json auths',
    authentication: 'basic',
    async start(context) {
      registryUnavailable(context);
      const registry = await startRegistry({ htpasswd: { user, password } });
      const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      const good = dockerConfig({ auths: { [`http://${registry.address}/v2/`]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } });
      const wrong = dockerConfig({ auths: { [registry.address]: { username: user, password: 'not the password' } } });
      return {
        registry,
        content: new RegistryContent(registry.url, () => basic),
        clientOptions: { env: good.env },
        wrongOptions: { env: wrong.env },
        cleanup: async () => {
          await registry.stop();
          for (const dir of [good.dir, wrong.dir]) fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'token auth (Bearer JWT), credentials from a credential helper',
    authentication: 'bearer',
    async start(context) {
      registryUnavailable(context);
      const tokens: TokenServer = await startTokenServer({ user, password, expiresIn: 300, refreshToken: `refresh-${user}` });
      tokenServer = tokens;
      const registry = await startRegistry({ token: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootcertbundle: tokens.rootcertbundle } });
      const mint = (scope: string) => {
        const [type, name, actions] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1, scope.lastIndexOf(':')), scope.slice(scope.lastIndexOf(':') + 1)];
        return `Bearer ${tokens.mint([{ type, name, actions: actions.split(',') }])}`;
      };
      const good = dockerConfig({ auths: { [registry.address]: {} }, credsStore: 'e2e' }, { [registry.address]: { Username: user, Secret: password } });
      const wrong = dockerConfig({ credHelpers: { [registry.address]: 'e2e' } }, { [registry.address]: { Username: user, Secret: 'wrong' } });
      return {
        registry,
        content: new RegistryContent(registry.url, mint),
        clientOptions: { env: good.env },
        wrongOptions: { env: wrong.env },
        cleanup: async () => {
          await registry.stop();
          await tokens.stop();
          for (const dir of [good.dir, wrong.dir]) fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

let tokenServer: TokenServer | undefined;

for (const setup of setups) {
  describe(`registry client against the real registry: ${setup.name}`, function () {
    this.timeout(60_000);
    const id = randomBytes(3).toString('hex');
    const repository = `e2e-${id}/app`;
    const otherRepositories = [`e2e-${id}/api`, `e2e-${id}/worker`];
    const tagsOfFirst = ['1.0', '1.10', '1.2', 'latest'];
    let started: Awaited<ReturnType<Setup['start']>> | undefined;
    let client: RegistryClient;
    let first: PushedImage;
    let alpine: PushedImage;
    let arm: PushedImage;
    let devDigest: string;

    before(async function () {
      this.timeout(120_000);
      started = await setup.start(this);
      const { content } = started;
      first = await content.pushImage(repository, tagsOfFirst, { layerText: `first ${id}`, created: '2026-03-04T05:06:07Z' });
      alpine = await content.pushImage(repository, ['2.0-alpine'], { layerText: `alpine ${id}`, format: 'docker', created: '2026-05-06T07:08:09Z' });
      arm = await content.pushImage(repository, ['2.0-arm64'], { layerText: `arm ${id}`, architecture: 'arm64' });
      devDigest = (await content.pushImage(repository, ['dev'], { layerText: `dev ${id}` })).digest;
      await content.pushIndex(repository, '2.0', [first, arm]);
      for (const other of otherRepositories) await content.pushImage(other, ['1.0'], { layerText: `${other} ${id}` });
      client = createRegistryClient(started.registry.address, started.clientOptions);
    });
    after(async () => {
      client?.close();
      await started?.cleanup();
      tokenServer = undefined;
    });

    it(`pings /v2/ and learns the scheme (${setup.authentication})`, async () => {
      const ping = await client.ping();
      assert.ok(ping.ok, ping.ok ? '' : ping.error.message);
      assert.equal(ping.value.authentication, setup.authentication);
    });

    it('lists every tag, as the registry\'s own tags/list does, and sorts them newest first', async () => {
      const all = await client.allTags(repository);
      assert.ok(all.ok, all.ok ? '' : all.error.message);
      const expected = await started!.content.tags(repository);
      assert.deepEqual([...all.value].sort(), [...expected].sort());
      assert.deepEqual(sortTags(all.value), ['latest', '2.0', '2.0-alpine', '2.0-arm64', '1.10', '1.2', '1.0', 'dev']);
    });

    it('returns one tag page; distribution 2.8 ignores n and answers every tag without a next link', async () => {
      const page = await client.listTags(repository, { pageSize: 2 });
      assert.ok(page.ok, page.ok ? '' : page.error.message);
      assert.equal(page.value.repository, repository);
      assert.equal(page.value.tags.length, 8);
      assert.equal(page.value.next, undefined);
    });

    it('pages the catalog with n and the relative Link header, and follows it to the end', async () => {
      const firstPage = await client.listRepositories({ pageSize: 1 });
      assert.ok(firstPage.ok, firstPage.ok ? '' : firstPage.error.message);
      assert.equal(firstPage.value.repositories.length, 1);
      assert.ok(firstPage.value.next, 'a next page');
      assert.equal(firstPage.value.next.last, firstPage.value.repositories[0]);
      const secondPage = await client.listRepositories({ from: firstPage.value.next });
      assert.ok(secondPage.ok && secondPage.value.repositories.length === 1 && secondPage.value.repositories[0]! > firstPage.value.repositories[0]!);
      const all = await client.allRepositories({ pageSize: 2 });
      assert.ok(all.ok, all.ok ? '' : all.error.message);
      assert.deepEqual(all.value, await started!.content.catalog());
      for (const name of [repository, ...otherRepositories]) assert.ok(all.value.includes(name), name);
    });

    it('reads a tag\'s digest by HEAD, equal to the registry\'s', async () => {
      const head = await client.tagDigest(repository, '1.0');
      assert.ok(head.ok, head.ok ? '' : head.error.message);
      assert.equal(head.value.digest, first.digest);
      assert.equal(head.value.digest, await started!.content.digestOf(repository, '1.0'));
      assert.equal(head.value.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    });

    it('details an OCI image and a Docker v2 image: created, size, platform from the config blob', async () => {
      const oci = await client.tagDetails(repository, '1.10');
      assert.ok(oci.ok, oci.ok ? '' : oci.error.message);
      assert.deepEqual(
        { kind: oci.value.kind, digest: oci.value.digest, created: oci.value.created, size: oci.value.size, os: oci.value.os, architecture: oci.value.architecture, layers: oci.value.layerCount },
        { kind: 'image', digest: first.digest, created: '2026-03-04T05:06:07Z', size: first.size, os: 'linux', architecture: 'amd64', layers: 1 },
      );
      const docker = await client.tagDetails(repository, '2.0-alpine');
      assert.ok(docker.ok, docker.ok ? '' : docker.error.message);
      assert.equal(docker.value.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
      assert.equal(docker.value.digest, alpine.digest, 'the full Accept list keeps the v2 digest (no schema1 conversion)');
      assert.equal(docker.value.created, '2026-05-06T07:08:09Z');
    });

    it('details an index by its platforms, without the attestation entry, and each platform on demand', async () => {
      const index = await client.tagDetails(repository, '2.0');
      assert.ok(index.ok, index.ok ? '' : index.error.message);
      assert.equal(index.value.kind, 'index');
      assert.equal(index.value.digest, await started!.content.digestOf(repository, '2.0'));
      assert.deepEqual(index.value.platforms, [
        { os: 'linux', architecture: 'amd64', digest: first.digest },
        { os: 'linux', architecture: 'arm64', variant: 'v8', digest: arm.digest },
      ]);
      const armDetails = await client.tagDetails(repository, arm.digest);
      assert.ok(armDetails.ok && armDetails.value.architecture === 'arm64' && armDetails.value.size === arm.size);
    });

    it('retags without pulling: the new tag has the same digest in the registry', async () => {
      const retagged = await client.retag(repository, '2.0-alpine', '2.0-alpine-copy');
      assert.ok(retagged.ok, retagged.ok ? '' : retagged.error.message);
      assert.equal(retagged.value.digest, alpine.digest);
      assert.equal(await started!.content.digestOf(repository, '2.0-alpine-copy'), alpine.digest);
      const indexCopy = await client.retag(repository, '2.0', '2.0-copy');
      assert.ok(indexCopy.ok, indexCopy.ok ? '' : indexCopy.error.message);
      assert.equal(await started!.content.digestOf(repository, '2.0-copy'), await started!.content.digestOf(repository, '2.0'));
    });

    it('deletes a tag no other tag shares by its digest, once that digest is confirmed; the registry keeps the others', async () => {
      const shared = await client.tagsSharingDigest(repository, 'dev');
      assert.ok(shared.ok, shared.ok ? '' : shared.error.message);
      assert.deepEqual(shared.value, { digest: devDigest, tags: [] });
      const deleted = await client.deleteTag(repository, 'dev', { digestDeleteConfirmed: shared.value.digest });
      assert.ok(deleted.ok, deleted.ok ? '' : deleted.error.message);
      assert.deepEqual(deleted.value, { digest: devDigest, deleted: 'manifest' });
      assert.equal(await started!.content.digestOf(repository, 'dev'), undefined);
      const remaining = await started!.content.tags(repository);
      assert.ok(!remaining.includes('dev'));
      for (const tag of tagsOfFirst) assert.ok(remaining.includes(tag), tag);
    });

    it('names the tags on the same manifest, and deletes none of them until that digest is confirmed (distribution deletes only by digest)', async () => {
      const { content } = started!;
      const shared = await content.pushImage(repository, ['3.0', '3.1'], { layerText: `shared ${id}` });
      // The reported case: 3.1 retagged as 4.0, then 4.0 deleted.
      const retagged = await client.retag(repository, '3.1', '4.0');
      assert.ok(retagged.ok, retagged.ok ? '' : retagged.error.message);
      const sharing = await client.tagsSharingDigest(repository, '4.0');
      assert.ok(sharing.ok, sharing.ok ? '' : sharing.error.message);
      assert.deepEqual(sharing.value, { digest: shared.digest, tags: ['3.1', '3.0'] });

      const refused = await client.deleteTag(repository, '4.0');
      assert.ok(!refused.ok, 'distribution 2.8 cannot delete one tag by name');
      assert.deepEqual([refused.error.category, refused.error.status, refused.error.code], ['unsupported', 400, 'DIGEST_INVALID']);
      assert.match(refused.error.message, /cannot delete the tag .*by name.*nothing was deleted/);
      for (const tag of ['3.0', '3.1', '4.0']) assert.equal(await content.digestOf(repository, tag), shared.digest, `${tag} is still there`);

      const stale = await client.deleteTag(repository, '4.0', { digestDeleteConfirmed: devDigest });
      assert.ok(!stale.ok && stale.error.category === 'invalid', 'a digest the tag no longer points at deletes nothing');
      assert.equal(await content.digestOf(repository, '4.0'), shared.digest);

      const deleted = await client.deleteTag(repository, '4.0', { digestDeleteConfirmed: sharing.value.digest });
      assert.ok(deleted.ok, deleted.ok ? '' : deleted.error.message);
      assert.deepEqual(deleted.value, { digest: shared.digest, deleted: 'manifest' });
      const remaining = await content.tags(repository);
      for (const tag of ['3.0', '3.1', '4.0']) assert.ok(!remaining.includes(tag), `${tag} went with the manifest`);
      for (const tag of tagsOfFirst) assert.ok(remaining.includes(tag), tag);
    });

    it('reports an unknown tag and an unknown repository as not-found, with the registry\'s code', async () => {
      const tag = await client.tagDetails(repository, 'no-such-tag');
      assert.ok(!tag.ok);
      assert.deepEqual([tag.error.category, tag.error.code], ['not-found', 'MANIFEST_UNKNOWN']);
      const repo = await client.listTags(`e2e-${id}/nothing-here`);
      assert.ok(!repo.ok);
      assert.equal(repo.error.category, 'not-found');
      assert.match(repo.error.message, /nothing-here/);
    });

    if (setup.authentication !== 'none') {
      it('says credentials are missing when docker\'s config has none', async () => {
        const anonymous = createRegistryClient(started!.registry.address, { env: { PATH: '', DOCKER_CONFIG: path.join(os.tmpdir(), `dc-no-config-${id}`) } });
        const result = await anonymous.listTags(repository);
        anonymous.close();
        assert.ok(!result.ok);
        assert.equal(result.error.category, 'unauthorized');
        assert.match(result.error.message, /needs credentials and none were found .*docker login/);
      });

      it('says the credentials were rejected, naming where they came from but not the secret', async () => {
        const wrong = createRegistryClient(started!.registry.address, started!.wrongOptions!);
        const result = await wrong.listTags(repository);
        wrong.close();
        assert.ok(!result.ok);
        assert.equal(result.error.category, 'unauthorized');
        assert.match(result.error.message, setup.authentication === 'basic' ? /rejected the credentials from config\.json auths/ : /rejected the credentials from docker-credential-e2e/);
        assert.ok(!JSON.stringify(result).includes('not the password') && !JSON.stringify(result).includes(password));
      });

      it('falls back to the credentials callback when docker\'s config has nothing', async () => {
        const entered = createRegistryClient(started!.registry.address, { useDockerConfig: false, credentials: async host => (host === started!.registry.address ? { kind: 'basic', username: user, password } : undefined) });
        const result = await entered.allTags(repository);
        entered.close();
        assert.ok(result.ok, result.ok ? '' : result.error.message);
      });
    }

    if (setup.authentication === 'bearer') {
      it('exchanges an identity token from config.json through the OAuth2 refresh-token grant', async () => {
        const config = dockerConfig({ auths: { [started!.registry.address]: { identitytoken: `refresh-${user}` } } });
        try {
          const tokens = tokenServer!;
          const before = tokens.requests.length;
          const withIdentity = createRegistryClient(started!.registry.address, { env: config.env });
          const tags = await withIdentity.allTags(repository);
          withIdentity.close();
          assert.ok(tags.ok, tags.ok ? '' : tags.error.message);
          assert.deepEqual(tokens.requests.slice(before).map(r => [r.method, r.credentials, r.scopes.join(' ')]), [['POST', 'valid', `repository:${repository}:pull`]]);
        } finally {
          fs.rmSync(config.dir, { recursive: true, force: true });
        }
      });

      it('fetches one token per scope and reuses it for later requests', async () => {
        const tokens = tokenServer!;
        const fresh = createRegistryClient(started!.registry.address, started!.clientOptions);
        const before = tokens.requests.length;
        for (let i = 0; i < 3; i++) assert.ok((await fresh.listTags(repository)).ok);
        assert.ok((await fresh.tagDigest(repository, '1.0')).ok, 'same scope');
        assert.ok((await fresh.listTags(otherRepositories[0]!)).ok);
        fresh.close();
        const asked = tokens.requests.slice(before);
        assert.deepEqual(asked.map(r => r.scopes.join(' ')), [`repository:${repository}:pull`, `repository:${otherRepositories[0]}:pull`]);
        assert.ok(asked.every(r => r.credentials === 'valid' && r.service === tokens.service));
      });
    }
  });
}

describe('registry client against a real registry that does not allow deletes', function () {
  this.timeout(60_000);
  let registry: StartedRegistry | undefined;

  before(async function () {
    registryUnavailable(this);
    registry = await startRegistry({ deleteEnabled: false });
  });
  after(async () => { await registry?.stop(); });

  it('explains the 405: deleting is not enabled there, and the tag stays', async () => {
    const content = new RegistryContent(registry!.url);
    const pushed = await content.pushImage('kept/app', ['1.0'], { layerText: 'kept' });
    const client = createRegistryClient(registry!.address);
    const byTag = await client.deleteTag('kept/app', '1.0');
    const byDigest = await client.deleteTag('kept/app', '1.0', { digestDeleteConfirmed: pushed.digest });
    client.close();
    for (const deleted of [byTag, byDigest]) {
      assert.ok(!deleted.ok);
      assert.deepEqual([deleted.error.category, deleted.error.status, deleted.error.code], ['unsupported', 405, 'UNSUPPORTED']);
      assert.match(deleted.error.message, /deleting is (probably )?not enabled( at all)? \(distribution: storage\.delete\.enabled: true\)/);
    }
    assert.equal(await content.digestOf('kept/app', '1.0'), pushed.digest);
  });
});

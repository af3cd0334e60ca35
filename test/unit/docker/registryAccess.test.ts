import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { configuredDestinations, digestFor, hasLogin, knownRegistries, loggedInRegistries, probeRegistry, readPushedDigest, wantsLogin } from '../../../src/core/docker/registryAccess';
import { DockerConfigSummary, readDockerConfig } from '../../../src/core/environment/dockerConfig';
import { removeTree, writeTree } from '../../support/fileTree';

const digest = `sha256:${'ab'.repeat(32)}`;
const other = `sha256:${'cd'.repeat(32)}`;

function config(extra: Partial<DockerConfigSummary> = {}): DockerConfigSummary {
  return { path: '/x/config.json', exists: true, authHosts: [], credHelpers: {}, ...extra };
}

/** A loopback HTTP server answering `GET /v2/` with `status` (and a Basic challenge on 401). */
async function fakeRegistry(status: number): Promise<{ address: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (status === 401) response.setHeader('www-authenticate', 'Basic realm="test"');
    response.writeHead(request.url === '/v2/' ? status : 404).end('{}');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { address: `127.0.0.1:${port}`, close: () => new Promise(resolve => server.close(() => resolve())) };
}

describe('registry access for Push', function () {
  let tree = '';
  afterEach(() => { if (tree) removeTree(tree); tree = ''; });

  it('knows the registries docker has logins or helpers for, by host, without reading a credential', async function () {
    tree = writeTree({ 'config.json': JSON.stringify({
      auths: { 'https://index.docker.io/v1/': { auth: 'c2VjcmV0OnNlY3JldA==' }, 'http://localhost:5000': {}, 'Registry.Example.com:443': {} },
      credHelpers: { 'ghcr.io': 'gh' }, credsStore: 'pass',
    }) });
    const summary = await readDockerConfig(tree);
    assert.deepEqual(loggedInRegistries(summary).sort(), ['docker.io', 'ghcr.io', 'localhost:5000', 'registry.example.com']);
    assert.equal(hasLogin(summary, 'localhost:5000'), true);
    assert.equal(hasLogin(summary, 'ghcr.io/contoso'), true, 'the namespace is not part of the login');
    assert.equal(hasLogin(summary, 'index.docker.io'), true);
    assert.equal(hasLogin(summary, 'localhost:5001'), false);
    assert.ok(!JSON.stringify(loggedInRegistries(summary)).includes('c2VjcmV0'));
  });

  it('offers recent destinations first, then the setting, then docker logins; once each, and only valid ones', function () {
    const known = knownRegistries({
      recent: ['localhost:5000', 'ghcr.io/contoso', 'not a registry'],
      configured: ['ghcr.io/contoso', 'myreg.azurecr.io', '-oops'],
      config: config({ authHosts: ['https://index.docker.io/v1/', 'myreg.azurecr.io'], credHelpers: { 'ghcr.io': 'gh' } }),
    });
    assert.deepEqual(known, [
      { destination: 'localhost:5000', source: 'recent' },
      { destination: 'ghcr.io/contoso', source: 'recent' },
      { destination: 'myreg.azurecr.io', source: 'setting' },
      { destination: 'docker.io', source: 'docker login' },
      { destination: 'ghcr.io', source: 'docker login' },
    ]);
  });

  it('takes the registries setting as destinations: strings as written, objects of the Registries view by their host', function () {
    assert.deepEqual(configuredDestinations(['ghcr.io/contoso', { host: 'localhost:5000', repositories: ['app'] }, { repositories: [] }, 42]), ['ghcr.io/contoso', 'localhost:5000']);
    assert.deepEqual(configuredDestinations(undefined), []);
  });

  it('probes /v2/ over plain HTTP on loopback: 401 wants a login, 200 does not, no answer is said so', async function () {
    const locked = await fakeRegistry(401);
    const open = await fakeRegistry(200);
    try {
      const asked = await probeRegistry(locked.address);
      assert.deepEqual(asked, { answered: true, status: 401, scheme: 'Basic' });
      assert.equal(wantsLogin(asked), true);
      const answered = await probeRegistry(`${open.address}/some/namespace`);
      assert.deepEqual(answered, { answered: true, status: 200 });
      assert.equal(wantsLogin(answered), false);
    } finally {
      await locked.close();
      await open.close();
    }
    const gone = await probeRegistry(locked.address, { timeoutMs: 2000 });
    assert.equal(gone.answered, false);
    assert.equal(wantsLogin(gone), false);
  });

  it("finds the pushed image's digest among RepoDigests, whatever way Docker Hub is written", function () {
    const repoDigests = [`127.0.0.1:5000/other@${other}`, `127.0.0.1:5000/shop/web@${digest}`, 'garbage', `user/app@${other}`, `nginx@${digest}`];
    assert.equal(digestFor('127.0.0.1:5000/shop/web:1.0', repoDigests), digest);
    assert.equal(digestFor('docker.io/user/app:2', repoDigests), other);
    assert.equal(digestFor('docker.io/library/nginx:latest', repoDigests), digest);
    assert.equal(digestFor('localhost:5000/shop/web:1.0', repoDigests), undefined, 'another registry');
  });

  it('reads the digest with `image inspect --format {{json .RepoDigests}}` from the CLI', async function () {
    tree = writeTree({ 'fake-docker': `#!/usr/bin/env node\nconst argv = process.argv.slice(2);\nif (argv.join(' ') !== 'image inspect --format {{json .RepoDigests}} 127.0.0.1:5000/web:1') process.exit(1);\nconsole.log(JSON.stringify(["127.0.0.1:5000/web@${digest}"]));\n` });
    const fake = path.join(tree, 'fake-docker');
    fs.chmodSync(fake, 0o755);
    assert.equal(await readPushedDigest(fake, '127.0.0.1:5000/web:1', process.env), digest);
    assert.equal(await readPushedDigest(fake, '127.0.0.1:5000/other:1', process.env), undefined, 'the CLI failed');
    assert.equal(await readPushedDigest(path.join(tree, 'missing'), '127.0.0.1:5000/web:1', process.env), undefined);
  });
});

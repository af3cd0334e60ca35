import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { engineEndpoints } from '../../../src/core/environment/engineEndpoints';

describe('engineEndpoints', () => {
  let configDir: string;
  beforeEach(async () => { configDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-config-')); });
  afterEach(async () => { await fs.rm(configDir, { recursive: true, force: true }); });

  async function writeContext(name: string, host: string) {
    const dir = path.join(configDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  }

  it('puts DOCKER_HOST first and ignores the current context, as the docker CLI does', async () => {
    await writeContext('remote', 'tcp://10.0.0.5:2375');
    const endpoints = await engineEndpoints({ env: { DOCKER_HOST: 'unix:///tmp/x.sock' }, home: '/home/u', platform: 'linux', configDir, currentContext: 'remote' });
    assert.deepEqual(endpoints[0], { host: 'unix:///tmp/x.sock', source: 'DOCKER_HOST' });
    assert.ok(!endpoints.some(e => e.source === 'docker context'));
  });

  it('follows config.json currentContext to the context endpoint', async () => {
    await writeContext('desktop-linux', 'unix:///home/u/.docker/desktop/docker.sock');
    const endpoints = await engineEndpoints({ env: {}, home: '/home/u', platform: 'linux', configDir, currentContext: 'desktop-linux' });
    assert.deepEqual(endpoints[0], { host: 'unix:///home/u/.docker/desktop/docker.sock', source: 'docker context', context: 'desktop-linux' });
  });

  it('lets DOCKER_CONTEXT override currentContext', async () => {
    await writeContext('a', 'unix:///a.sock');
    await writeContext('b name with spaces', 'unix:///b.sock');
    const endpoints = await engineEndpoints({ env: { DOCKER_CONTEXT: 'b name with spaces' }, home: '/h', platform: 'linux', configDir, currentContext: 'a' });
    assert.equal(endpoints[0]?.host, 'unix:///b.sock');
  });

  it('skips a context whose metadata is missing or broken, falling back to default sockets', async () => {
    const dir = path.join(configDir, 'contexts', 'meta', createHash('sha256').update('broken').digest('hex'));
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'meta.json'), '{ not json');
    const endpoints = await engineEndpoints({ env: {}, home: '/h', platform: 'linux', configDir, currentContext: 'broken' });
    assert.equal(endpoints[0]?.host, 'unix:///var/run/docker.sock');
    const missing = await engineEndpoints({ env: {}, home: '/h', platform: 'linux', configDir, currentContext: 'nowhere' });
    assert.equal(missing[0]?.source, 'default socket');
  });

  it('lists Docker, rootless, Docker Desktop and Podman sockets on Linux without duplicates', async () => {
    const endpoints = await engineEndpoints({ env: { XDG_RUNTIME_DIR: '/run/user/1000', DOCKER_HOST: 'unix:///var/run/docker.sock' }, home: '/home/u', platform: 'linux', configDir });
    assert.deepEqual(endpoints.map(e => e.host), [
      'unix:///var/run/docker.sock',
      'unix:///run/user/1000/docker.sock',
      'unix:///home/u/.docker/run/docker.sock',
      'unix:///run/user/1000/podman/podman.sock',
      'unix:///run/podman/podman.sock',
    ]);
    assert.equal(endpoints[0]?.source, 'DOCKER_HOST');
  });

  it('uses named pipes on Windows', async () => {
    const endpoints = await engineEndpoints({ env: {}, home: 'C:\\Users\\u', platform: 'win32', configDir });
    assert.equal(endpoints[0]?.host, 'npipe:////./pipe/docker_engine');
  });
});

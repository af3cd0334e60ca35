import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { dockerConfigDir, readDockerConfig } from '../../../src/core/environment/dockerConfig';
import { checkEnvironment } from '../../../src/core/environment/checkEnvironment';
import { formatEnvironmentReport } from '../../../src/core/environment/formatEnvironmentReport';

const secretAuth = Buffer.from('alice:s3cr3t-Pa55').toString('base64');
const secretToken = 'eyJhbGciOi.identity-token-value';

describe('docker config.json', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-docker-config-')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('honours DOCKER_CONFIG, else ~/.docker', () => {
    assert.equal(dockerConfigDir({ DOCKER_CONFIG: '/etc/dc' }, '/home/u'), '/etc/dc');
    assert.equal(dockerConfigDir({}, '/home/u'), path.join('/home/u', '.docker'));
  });

  it('keeps hosts, store and helpers but never a credential', async () => {
    await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({
      auths: { 'registry.example.com:5000': { auth: secretAuth }, 'ghcr.io': { identitytoken: secretToken } },
      credsStore: 'pass',
      credHelpers: { '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' },
      currentContext: 'default',
    }));
    const summary = await readDockerConfig(dir);
    assert.deepEqual(summary.authHosts, ['ghcr.io', 'registry.example.com:5000']);
    assert.equal(summary.credsStore, 'pass');
    assert.deepEqual(summary.credHelpers, { '123.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' });
    const serialized = JSON.stringify(summary);
    assert.ok(!serialized.includes(secretAuth) && !serialized.includes('s3cr3t') && !serialized.includes(secretToken));
  });

  it('reports a malformed config.json instead of throwing', async () => {
    await fs.writeFile(path.join(dir, 'config.json'), '{"auths": {');
    const summary = await readDockerConfig(dir);
    assert.equal(summary.exists, true);
    assert.match(summary.problem ?? '', /not valid JSON/);
  });

  it('the whole report, text and JSON, never prints a credential', async () => {
    await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ auths: { 'r.example': { auth: secretAuth, identitytoken: secretToken, password: 'hunter2' } } }));
    const report = await checkEnvironment({ env: { DOCKER_CONFIG: dir, PATH: '' , DOCKER_HOST: `unix://${path.join(dir, 'none.sock')}` }, home: dir, timeoutMs: 300 });
    const text = formatEnvironmentReport(report).join('\n') + JSON.stringify(report);
    for (const secret of [secretAuth, secretToken, 'hunter2', 's3cr3t']) assert.ok(!text.includes(secret), `leaked ${secret}`);
    assert.match(text, /logins for: r\.example/);
  });
});

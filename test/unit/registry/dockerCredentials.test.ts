import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentialHelperGet, dockerConfigCredentials } from '../../../src/core/registry/dockerCredentials';

// A real credential helper on PATH: `docker-credential-test get` reads the server URL from stdin and
// answers from store.json beside it, as docker-credential-* helpers do (errors on stdout, non-zero exit).
const helperSource = (node: string) => `#!${node}
const fs = require('node:fs');
const path = require('node:path');
const action = process.argv[2];
let input = '';
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  fs.appendFileSync(path.join(__dirname, 'calls.log'), action + ' ' + input + '\\n');
  const store = JSON.parse(fs.readFileSync(path.join(__dirname, 'store.json'), 'utf8'));
  const entry = store[input];
  if (action !== 'get') { process.stdout.write('unknown action'); process.exit(1); }
  if (!entry) { process.stdout.write('credentials not found in native keychain'); process.exit(1); }
  process.stdout.write(JSON.stringify({ ServerURL: input, Username: entry.user, Secret: entry.secret }));
});
`;

describe('credentials from docker config.json and credential helpers', () => {
  let home: string;
  let configDir: string;
  let binDir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-creds-'));
    configDir = path.join(home, 'docker-config');
    binDir = path.join(home, 'bin');
    await fs.mkdir(configDir);
    await fs.mkdir(binDir);
    await fs.writeFile(path.join(binDir, 'docker-credential-test'), helperSource(process.execPath), { mode: 0o755 });
    await fs.writeFile(path.join(binDir, 'docker-credential-broken'), `#!${process.execPath}\nprocess.stdout.write('the keyring is locked');\nprocess.exit(3);\n`, { mode: 0o755 });
    await fs.writeFile(path.join(binDir, 'store.json'), JSON.stringify({
      'store.example': { user: 'from-store', secret: 'store-secret' },
      'https://helped.example:5000': { user: 'from-helper', secret: 'helper-secret' },
      'https://index.docker.io/v1/': { user: 'hub-user', secret: 'hub-secret' },
      'token.example': { user: '<token>', secret: 'refresh-token-value' },
    }));
    env = { PATH: binDir, DOCKER_CONFIG: configDir };
  });
  afterEach(async () => { await fs.rm(home, { recursive: true, force: true }); });

  const writeConfig = (config: unknown) => fs.writeFile(path.join(configDir, 'config.json'), JSON.stringify(config));
  const lookup = (host: string, extraEnv: NodeJS.ProcessEnv = {}) => dockerConfigCredentials(host, { env: { ...env, ...extraEnv }, home });
  const calls = async () => (await fs.readFile(path.join(binDir, 'calls.log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);

  it('decodes auths[host].auth and splits at the first colon', async () => {
    await writeConfig({ auths: { 'reg.example:5000': { auth: Buffer.from('alice:pa:ss').toString('base64') } } });
    const found = await lookup('reg.example:5000');
    assert.deepEqual(found.credentials, { kind: 'basic', username: 'alice', password: 'pa:ss' });
    assert.equal(found.source, 'config.json auths');
  });

  it('matches keys written as URLs, and https://index.docker.io/v1/ for Docker Hub', async () => {
    await writeConfig({ auths: {
      'https://index.docker.io/v1/': { username: 'hubber', password: 'hub-pass' },
      'http://reg.example:5000/v2/': { identitytoken: 'id-token' },
      'bearer.example': { registrytoken: 'raw-bearer' },
    } });
    assert.deepEqual((await lookup('docker.io')).credentials, { kind: 'basic', username: 'hubber', password: 'hub-pass' });
    assert.deepEqual((await lookup('index.docker.io')).credentials, { kind: 'basic', username: 'hubber', password: 'hub-pass' });
    assert.deepEqual((await lookup('reg.example:5000')).credentials, { kind: 'identity-token', token: 'id-token' });
    assert.deepEqual((await lookup('bearer.example')).credentials, { kind: 'registry-token', token: 'raw-bearer' });
  });

  it('asks credsStore through the real helper protocol when auths has only a marker', async () => {
    await writeConfig({ auths: { 'store.example': {} }, credsStore: 'test' });
    const found = await lookup('store.example');
    assert.deepEqual(found.credentials, { kind: 'basic', username: 'from-store', password: 'store-secret' });
    assert.equal(found.source, 'docker-credential-test');
    assert.deepEqual(await calls(), ['get store.example']);
  });

  it('asks the store for Docker Hub under https://index.docker.io/v1/', async () => {
    await writeConfig({ credsStore: 'test' });
    assert.deepEqual((await lookup('docker.io')).credentials, { kind: 'basic', username: 'hub-user', password: 'hub-secret' });
    assert.deepEqual(await calls(), ['get https://index.docker.io/v1/']);
  });

  it('uses credHelpers[host], trying the bare host and then https://host', async () => {
    await writeConfig({ credHelpers: { 'helped.example:5000': 'test' }, credsStore: 'broken' });
    const found = await lookup('helped.example:5000');
    assert.deepEqual(found.credentials, { kind: 'basic', username: 'from-helper', password: 'helper-secret' });
    assert.deepEqual(await calls(), ['get helped.example:5000', 'get https://helped.example:5000']);
  });

  it('reads a <token> user as an identity token', async () => {
    await writeConfig({ credsStore: 'test' });
    assert.deepEqual((await lookup('token.example')).credentials, { kind: 'identity-token', token: 'refresh-token-value' });
  });

  it('"credentials not found" is no credentials, not a problem', async () => {
    await writeConfig({ credsStore: 'test' });
    const found = await lookup('unknown.example');
    assert.equal(found.credentials, undefined);
    assert.deepEqual(found.problems, []);
  });

  it('reports a missing or failing helper without its secret and without throwing', async () => {
    await writeConfig({ credHelpers: { 'a.example': 'missing' }, credsStore: 'broken' });
    const found = await lookup('a.example');
    assert.equal(found.credentials, undefined);
    assert.match(found.problems[0]!, /docker-credential-missing is not on PATH/);
    assert.match(found.problems[1]!, /docker-credential-broken get failed \(exit 3\): the keyring is locked/);
  });

  it('refuses a helper name that is a path', async () => {
    const answer = await credentialHelperGet('../../bin/sh', 'x', { env, home });
    assert.match(answer.problem ?? '', /invalid credential helper/);
  });

  it('kills a helper that does not answer in time', async () => {
    await fs.writeFile(path.join(binDir, 'docker-credential-slow'), `#!${process.execPath}\nsetTimeout(() => {}, 10000);\n`, { mode: 0o755 });
    const started = Date.now();
    const answer = await credentialHelperGet('slow', 'x', { env, home, helperTimeoutMs: 300 });
    assert.match(answer.problem ?? '', /did not answer within 300 ms/);
    assert.ok(Date.now() - started < 5000);
  });

  it('falls back to ~/.docker without DOCKER_CONFIG, and answers nothing without a config', async () => {
    assert.deepEqual(await lookup('reg.example'), { problems: [] });
    await fs.mkdir(path.join(home, '.docker'));
    await fs.writeFile(path.join(home, '.docker', 'config.json'), JSON.stringify({ auths: { 'reg.example': { auth: Buffer.from('u:p').toString('base64') } } }));
    const found = await dockerConfigCredentials('reg.example', { env: { PATH: binDir }, home });
    assert.deepEqual(found.credentials, { kind: 'basic', username: 'u', password: 'p' });
  });

  it('reports a broken config.json as a problem', async () => {
    await fs.writeFile(path.join(configDir, 'config.json'), '{"auths": {');
    const found = await lookup('reg.example');
    assert.equal(found.credentials, undefined);
    assert.match(found.problems[0]!, /not valid JSON/);
  });
});

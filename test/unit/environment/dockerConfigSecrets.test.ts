import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { checkEnvironment } from '../../../src/core/environment/checkEnvironment';
import { jsonErrorOffset, parseConfigJson, readDockerConfig } from '../../../src/core/environment/dockerConfig';
import { formatEnvironmentReport } from '../../../src/core/environment/formatEnvironmentReport';
import { credentialHelperGet, dockerConfigCredentials } from '../../../src/core/registry/dockerCredentials';

// config.json holds logins. When it is malformed, JSON.parse's message quotes the text around the mistake (a test
// once saw `"auth":dXNlcjpzM2` in the report), so nothing may show that message: only "line L, column C".

const password = 'Sup3r-S3cret-Pa55w0rd';
const auth = Buffer.from(`alice:${password}`).toString('base64');
const identityToken = 'eyJhbGciOiJSUzI1NiJ9.aWRlbnRpdHktdG9rZW4tdmFsdWU';
const secrets = [auth, identityToken, password];

/** Any 6 characters in a row of a secret: a message quoting part of it leaks it too. */
function leakIn(text: string): string | undefined {
  for (const secret of secrets) {
    for (let i = 0; i + 6 <= secret.length; i++) {
      if (text.includes(secret.slice(i, i + 6))) return secret.slice(i, i + 6);
    }
  }
  return undefined;
}

const valid = JSON.stringify({ auths: { 'r.example': { auth }, 'ghcr.io': { identitytoken: identityToken } }, credsStore: 'pass' }, null, 2);

/** Malformed files, each with a secret near (or at) the place JSON.parse stops. */
const malformed: Record<string, string | Buffer> = {
  'an unquoted auth value': `{"auths":{"r.example":{"auth":${auth}}}}`,
  'an unquoted identity token': `{"auths":{"r.example":{"identitytoken":${identityToken}}}}`,
  'a stray character right after the secret': `{"auths":{"r.example":{"auth":"${auth}"x}}}`,
  'the secret at the error position': `{"auths":{"r.example":{"auth":"${auth}" "${identityToken}"}}}`,
  'a raw newline inside the secret': `{"auths":{"r.example":{"auth":"${auth.slice(0, 8)}\n${auth.slice(8)}"}}}`,
  'a file cut inside the secret': valid.slice(0, valid.indexOf(auth) + 10),
  'a file cut right after the secret': valid.slice(0, valid.indexOf(identityToken) + identityToken.length + 1),
  'a missing comma after the secret': `{"auths":{"r.example":{"auth":"${auth}"}\n"ghcr.io":{"identitytoken":"${identityToken}"}}}`,
  'non-UTF-8 junk before the secret': Buffer.concat([Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(`{"auths":{"r":{"auth":"${auth}"}}}`)]),
  'non-UTF-8 junk inside the secret': Buffer.concat([Buffer.from(`{"auths":{"r":{"auth":"${auth}`), Buffer.from([0xc3, 0x28, 0x00, 0xa0]), Buffer.from(`${password}"}}}`)]),
  'UTF-16': Buffer.from(`\ufeff{"auths":{"r":{"auth":"${auth}"}}}`, 'utf16le'),
  'a byte order mark': `\ufeff{"auths":{"r":{"auth":"${auth}"}}}`,
  'a trailing comma': `{"auths":{"r":{"identitytoken":"${identityToken}",}}}`,
  'a single-quoted secret': `{"auths":{"r":{"auth":'${auth}'}}}`,
};

describe('a malformed docker config.json never shows a secret', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-config-secrets-')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('says only where: "not valid JSON at line L, column C"', async () => {
    await fs.writeFile(path.join(dir, 'config.json'), `{\n  "auths": {\n    "r.example": { "auth": ${auth} }\n  }\n}\n`);
    const summary = await readDockerConfig(dir);
    assert.equal(summary.problem, 'not valid JSON at line 3, column 28');
    assert.deepEqual(summary.authHosts, []);
  });

  for (const [name, content] of Object.entries(malformed)) {
    it(`${name}: not in the summary, doctor's text and JSON, the report, or a credential lookup`, async () => {
      await fs.writeFile(path.join(dir, 'config.json'), content);
      const summary = await readDockerConfig(dir);
      assert.match(summary.problem ?? '', /^not valid JSON at line \d+, column \d+$/);

      const env = { DOCKER_CONFIG: dir, PATH: '', HOME: dir, DOCKER_HOST: `unix://${path.join(dir, 'none.sock')}` };
      const report = await checkEnvironment({ env, home: dir, timeoutMs: 300 });
      const lookup = await dockerConfigCredentials('r.example', { env, home: dir });
      assert.equal(lookup.credentials, undefined);
      assert.match(lookup.problems.join('\n'), /not valid JSON at line \d+, column \d+/);

      const outputs = [JSON.stringify(summary), formatEnvironmentReport(report).join('\n'), JSON.stringify(report), JSON.stringify(lookup)];
      for (const format of ['text', 'json']) {
        const saved = process.env;
        process.env = env;
        try {
          const lines: string[] = [];
          assert.equal(await main(['doctor', '--format', format], text => lines.push(text), text => lines.push(text)), 0);
          outputs.push(lines.join('\n'));
        } finally {
          process.env = saved;
        }
      }
      const all = outputs.join('\n');
      assert.match(all, /config\.json: not valid JSON at line \d+, column \d+/);
      assert.equal(leakIn(all), undefined, `a piece of a secret was shown:\n${all}`);
    });
  }

  it('reads a config.json that is a folder as a problem, not as "no logins"', async () => {
    await fs.mkdir(path.join(dir, 'config.json'));
    const summary = await readDockerConfig(dir);
    assert.equal(summary.exists, true);
    assert.equal(summary.problem, 'cannot be read (it is a folder)');
  });

  it('does not repeat a failing credential helper\'s output when it looks like an answer', async () => {
    const bin = path.join(dir, 'bin');
    await fs.mkdir(bin);
    const helper = (name: string, output: string) => fs.writeFile(path.join(bin, `docker-credential-${name}`), `#!${process.execPath}\nprocess.stdout.write(${JSON.stringify(output)});\nprocess.exit(1);\n`, { mode: 0o755 });
    await helper('leaky', JSON.stringify({ ServerURL: 'r.example', Username: 'alice', Secret: password }));
    await helper('token', `token ${identityToken} expired`);
    await helper('locked', 'the keyring is locked');
    const options = { env: { PATH: bin }, home: dir };
    for (const name of ['leaky', 'token']) {
      const answer = await credentialHelperGet(name, 'r.example', options);
      assert.match(answer.problem ?? '', /get failed \(exit 1\): its message is not shown/);
      assert.equal(leakIn(answer.problem ?? ''), undefined);
    }
    assert.match((await credentialHelperGet('locked', 'r.example', options)).problem ?? '', /the keyring is locked/);
  });
});

describe('jsonErrorOffset', () => {
  it('finds where the text breaks, as V8 does when it says so', () => {
    const cases: [string, number | undefined][] = [
      ['{}', undefined], [' [1, -0.5e+10, "x\\u00e9", true, false, null, {"a": [{}]}] ', undefined],
      ['', 0], ['{"a":1,}', 7], ['{"a":tru}', 8], ['{"a":01}', 6], ['{"a" 1}', 5], ['[1,2', 4], ['{"a":"x\ny"}', 7],
      ['{"a":"\\u12g4"}', 10], ['{"a":1}}', 7], ['\ufeff{}', 0], ['1e', 2], ['"\\', 2], ['['.repeat(100_000), 100_000],
    ];
    for (const [text, offset] of cases) assert.equal(jsonErrorOffset(text), offset, JSON.stringify(text.slice(0, 30)));
  });

  it('agrees with JSON.parse on 20,000 mangled config files, and never quotes them', () => {
    let seed = 42;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const pieces = ['{', '}', '[', ']', '"', ',', ':', ' ', '\n', '\\', 'u', '0', '-', '.', 'e', 'true', 'null', '\u0001', '\ufffd'];
    for (let n = 0; n < 20_000; n++) {
      let text = valid;
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length + 1);
        const kind = random(3);
        text = kind === 0 ? text.slice(0, at) : kind === 1 ? text.slice(0, at) + text.slice(at + 1 + random(4)) : text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at);
      }
      let parses = true;
      let v8Position: number | undefined;
      try {
        JSON.parse(text);
      } catch (error) {
        parses = false;
        const match = / at position (\d+)/.exec((error as Error).message);
        v8Position = match ? Number(match[1]) : undefined;
      }
      const offset = jsonErrorOffset(text);
      assert.equal(offset === undefined, parses, JSON.stringify(text));
      if (v8Position !== undefined) assert.equal(offset, v8Position, JSON.stringify(text));
      const result = parseConfigJson(text);
      if (!result.ok) {
        assert.match(result.problem, /^not valid JSON at line \d+, column \d+$/);
      }
    }
  });
});

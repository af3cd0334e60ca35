import * as assert from 'node:assert/strict';
import { buildArgv, DockerArgumentError, parseImageName, pushPlan, runArgv } from '../../../src/core/docker/dockerArgv';
import { ImageReferenceErrorCode, parseImageReference, parseWrittenImageReference } from '../../../src/core/images/imageReference';
import { main } from '../../../src/cli/main';

// One way to read an image name: the linter (parseImageReference), the CLI, the tasks and the views
// (parseImageName) all follow Docker's grammar (distribution/reference) and refuse with the same words.

const sha256 = `sha256:${'0123456789abcdef'.repeat(4)}`;
const sha512 = `sha512:${'0123456789abcdef'.repeat(8)}`;

/** What Docker reads in a valid name, as written (no docker.io/library/ added). */
const valid: { text: string; registry?: string; repository: string; tag?: string; digest?: string }[] = [
  { text: 'app', repository: 'app' },
  { text: 'app:1.0', repository: 'app', tag: '1.0' },
  { text: `app@${sha256}`, repository: 'app', digest: sha256 },
  { text: `app:1.0@${sha256}`, repository: 'app', tag: '1.0', digest: sha256 },
  { text: 'team/app', repository: 'team/app' },
  { text: 'a/b/c/d:e', repository: 'a/b/c/d', tag: 'e' },
  { text: 'a-----b.c__d_e', repository: 'a-----b.c__d_e' },
  { text: 'app:5000', repository: 'app', tag: '5000' },
  { text: 'localhost/app', registry: 'localhost', repository: 'app' },
  { text: 'localhost:5000/app:dev', registry: 'localhost:5000', repository: 'app', tag: 'dev' },
  { text: '127.0.0.1:5000/x/y', registry: '127.0.0.1:5000', repository: 'x/y' },
  { text: '[::1]:5000/app:1', registry: '[::1]:5000', repository: 'app', tag: '1' },
  { text: '[2001:db8::1]/app', registry: '[2001:db8::1]', repository: 'app' },
  { text: 'registry.example.com:443/a__b/c-d/e.f_g:v1', registry: 'registry.example.com:443', repository: 'a__b/c-d/e.f_g', tag: 'v1' },
  { text: `example.com:5000/app@${sha512}`, registry: 'example.com:5000', repository: 'app', digest: sha512 },
  { text: 'docker.io/library/app', registry: 'docker.io', repository: 'library/app' },
  // An uppercase host is a registry (Docker's rule), and hosts may be uppercase; only the repository may not.
  { text: 'MyReg/app:1', registry: 'MyReg', repository: 'app', tag: '1' },
  { text: 'MyRegistry.AzureCR.io/team/api:2024.11.1', registry: 'MyRegistry.AzureCR.io', repository: 'team/api', tag: '2024.11.1' },
  { text: 'LOCALHOST:5000/app', registry: 'LOCALHOST:5000', repository: 'app' },
  // Tags may be uppercase and up to 128 characters.
  { text: 'app:V1_RC', repository: 'app', tag: 'V1_RC' },
  { text: `app:${'t'.repeat(128)}`, repository: 'app', tag: 't'.repeat(128) },
  { text: `${'a'.repeat(255)}`, repository: 'a'.repeat(255) },
];

const invalid: { text: string; code: ImageReferenceErrorCode; says?: RegExp }[] = [
  { text: '', code: 'empty' },
  { text: 'App', code: 'uppercase', says: /must be lowercase; use "app"/ },
  { text: 'MyReg/App:1', code: 'uppercase', says: /must be lowercase; use "MyReg\/app:1"/ },
  { text: 'reg.io/Team/app', code: 'uppercase' },
  { text: 'my app', code: 'invalid-format', says: /no spaces/ },
  { text: '-app', code: 'invalid-format', says: /cannot start with "-"/ },
  { text: 'app-', code: 'invalid-format' },
  { text: '_app', code: 'invalid-format' },
  { text: 'a..b', code: 'invalid-format' },
  { text: 'a___b', code: 'invalid-format' },
  { text: 'a//b', code: 'invalid-format' },
  { text: 'reg.io/', code: 'invalid-format' },
  { text: ':1.0', code: 'invalid-format' },
  { text: '-reg.io/app', code: 'invalid-format', says: /cannot start with "-"/ },
  { text: 'reg_io.example/app', code: 'invalid-format', says: /not a registry/ },
  { text: 'localhost:port/app', code: 'invalid-format', says: /not a registry/ },
  { text: '[::1/app', code: 'invalid-format', says: /not a registry/ },
  { text: '0123456789abcdef'.repeat(4), code: 'invalid-format', says: /image ID/ },
  { text: 'a'.repeat(256), code: 'name-too-long' },
  { text: `reg.io/${'a'.repeat(249)}`, code: 'name-too-long' },
  { text: 'app:', code: 'invalid-tag' },
  { text: 'app:-x', code: 'invalid-tag' },
  { text: 'app:.x', code: 'invalid-tag' },
  { text: 'app:1:2', code: 'invalid-tag' },
  { text: `app:${'t'.repeat(129)}`, code: 'invalid-tag' },
  { text: 'app@', code: 'invalid-digest' },
  { text: 'app@sha256:abc', code: 'invalid-digest', says: /64 lowercase hex digits/ },
  { text: `app@sha256:${'A'.repeat(64)}`, code: 'invalid-digest' },
  { text: `app@md5:${'a'.repeat(32)}`, code: 'invalid-digest', says: /sha256, sha384 or sha512/ },
  { text: `app@${sha256}@${sha256}`, code: 'invalid-digest' },
];

describe('one image name grammar for the linter, the CLI, the tasks and the views', () => {
  for (const c of valid) {
    it(`reads ${c.text.length > 60 ? `${c.text.slice(0, 60)}…` : c.text} the same way everywhere`, () => {
      const written = parseWrittenImageReference(c.text);
      assert.ok(written.ok, written.ok ? '' : written.message);
      assert.deepEqual({ registry: written.registry, repository: written.repository, tag: written.tag, digest: written.digest },
        { registry: c.registry, repository: c.repository, tag: c.tag, digest: c.digest });

      const normalized = parseImageReference(c.text);
      assert.ok(normalized.ok, normalized.ok ? '' : normalized.message);
      assert.equal(normalized.tag, c.tag);
      assert.equal(normalized.digest, c.digest);
      assert.ok(normalized.repository.endsWith(c.repository));

      // The CLI and the tasks: the tag Docker uses (latest unless pinned by digest alone).
      const tag = c.tag ?? (c.digest ? undefined : 'latest');
      assert.deepEqual(parseImageName(c.text), {
        ...(c.registry ? { registry: c.registry } : {}),
        repository: c.repository,
        ...(tag ? { tag } : {}),
        ...(c.digest ? { digest: c.digest } : {}),
      });
    });
  }

  for (const c of invalid) {
    it(`refuses ${JSON.stringify(c.text.length > 40 ? `${c.text.slice(0, 40)}…` : c.text)} (${c.code}) with the same words everywhere`, () => {
      const result = parseImageReference(c.text);
      assert.ok(!result.ok, `accepted ${c.text}`);
      assert.equal(result.code, c.code, result.message);
      assert.match(result.message, /^".*" is not a valid image reference: /);
      if (c.says) assert.match(result.message, c.says);
      assert.ok(result.message.length < 400, 'a long input is cut short in the message');
      assert.throws(() => parseImageName(c.text), (error: unknown) => error instanceof DockerArgumentError && error.message === result.message);
    });
  }

  it('runs an image pinned by digest, and refuses a digest where a tag is made', () => {
    assert.deepEqual(runArgv({ image: `app@${sha256}` }), ['run', '--rm', '--interactive', '--tty', `app@${sha256}`]);
    assert.deepEqual(runArgv({ image: `app:1@${sha256}` }), ['run', '--rm', '--interactive', '--tty', `app:1@${sha256}`]);
    assert.throws(() => buildArgv({ dockerfile: '/s/Dockerfile', context: '/s', image: `app@${sha256}` }), /pinned by digest.*needs a tag/);
    assert.throws(() => pushPlan(`app@${sha256}`, 'localhost:5000'), /pinned by digest.*needs a tag/);
    assert.deepEqual(pushPlan(`app:1@${sha256}`, 'localhost:5000').tag, ['tag', `app:1@${sha256}`, 'localhost:5000/app:1']);
  });

  it('the CLI runs app@sha256:… and MyReg/app:1, as Docker would', async () => {
    for (const image of [`app@${sha256}`, 'MyReg/app:1']) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['run', image, '--cli', 'docker', '--dry-run'], text => out.push(text), text => err.push(text));
      assert.equal(code, 0, err.join('\n'));
      assert.deepEqual(JSON.parse(out[0]!), ['docker', 'run', '--rm', '--interactive', '--tty', image]);
    }
  });
});

import * as assert from 'node:assert/strict';
import { effectiveTag, formatImageReference, ImageReferenceErrorCode, parseImageReference } from '../../../src/core/images/imageReference';

const sha = 'sha256:' + 'a1b2c3d4'.repeat(8);

describe('parseImageReference', () => {
  const valid: { text: string; registry: string; repository: string; tag?: string; digest?: string }[] = [
    { text: 'nginx', registry: 'docker.io', repository: 'library/nginx' },
    { text: 'nginx:1.27-alpine', registry: 'docker.io', repository: 'library/nginx', tag: '1.27-alpine' },
    { text: 'docker.io/nginx', registry: 'docker.io', repository: 'library/nginx' },
    { text: 'index.docker.io/library/nginx:latest', registry: 'docker.io', repository: 'library/nginx', tag: 'latest' },
    { text: 'index.docker.io/microsoft/dotnet:2.1-sdk', registry: 'docker.io', repository: 'microsoft/dotnet', tag: '2.1-sdk' },
    { text: 'microsoft/aspnetcore-build:2.0', registry: 'docker.io', repository: 'microsoft/aspnetcore-build', tag: '2.0' },
    { text: 'mcr.microsoft.com/dotnet/sdk:10.0-alpine', registry: 'mcr.microsoft.com', repository: 'dotnet/sdk', tag: '10.0-alpine' },
    { text: 'mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra', registry: 'mcr.microsoft.com', repository: 'dotnet/aspnet', tag: '10.0-noble-chiseled-extra' },
    { text: 'mcr.microsoft.com/dotnet/runtime-deps:9.0-bookworm-slim-arm64v8', registry: 'mcr.microsoft.com', repository: 'dotnet/runtime-deps', tag: '9.0-bookworm-slim-arm64v8' },
    { text: 'mcr.microsoft.com/dotnet/core/sdk:3.1', registry: 'mcr.microsoft.com', repository: 'dotnet/core/sdk', tag: '3.1' },
    { text: `mcr.microsoft.com/dotnet/aspnet@${sha}`, registry: 'mcr.microsoft.com', repository: 'dotnet/aspnet', digest: sha },
    { text: `mcr.microsoft.com/dotnet/aspnet:10.0@${sha}`, registry: 'mcr.microsoft.com', repository: 'dotnet/aspnet', tag: '10.0', digest: sha },
    { text: 'localhost:5000/app:1.0', registry: 'localhost:5000', repository: 'app', tag: '1.0' },
    { text: 'localhost/app', registry: 'localhost', repository: 'app' },
    { text: 'myregistry.azurecr.io/team/api:2024.11.1', registry: 'myregistry.azurecr.io', repository: 'team/api', tag: '2024.11.1' },
    { text: '127.0.0.1:5000/x/y', registry: '127.0.0.1:5000', repository: 'x/y' },
    { text: '[::1]:5000/app', registry: '[::1]:5000', repository: 'app' },
    { text: 'ghcr.io/owner/my_app__x/sub-dir:v1_RC', registry: 'ghcr.io', repository: 'owner/my_app__x/sub-dir', tag: 'v1_RC' },
    // An uppercase first component is a registry host, not a repository (docker's rule).
    { text: 'MyHost/app', registry: 'MyHost', repository: 'app' },
    { text: '  nginx:1  ', registry: 'docker.io', repository: 'library/nginx', tag: '1' },
  ];
  for (const c of valid) {
    it(`parses ${c.text.trim()}`, () => {
      const result = parseImageReference(c.text);
      assert.ok(result.ok, result.ok ? '' : result.message);
      assert.equal(result.registry, c.registry);
      assert.equal(result.repository, c.repository);
      assert.equal(result.tag, c.tag);
      assert.equal(result.digest, c.digest);
      assert.equal(result.original, c.text);
    });
  }

  const invalid: { text: string; code: ImageReferenceErrorCode }[] = [
    { text: '', code: 'empty' },
    { text: '   ', code: 'empty' },
    { text: 'Ubuntu', code: 'uppercase' },
    { text: 'mcr.microsoft.com/dotnet/SDK:8.0', code: 'uppercase' },
    { text: 'nginx:', code: 'invalid-tag' },
    { text: 'nginx:-bad', code: 'invalid-tag' },
    { text: `nginx:${'x'.repeat(129)}`, code: 'invalid-tag' },
    { text: 'nginx@sha256:abc', code: 'invalid-digest' },
    { text: `nginx@sha256:${'A'.repeat(64)}`, code: 'invalid-digest' },
    { text: `nginx@md5:${'a'.repeat(32)}`, code: 'invalid-digest' },
    { text: 'nginx@', code: 'invalid-digest' },
    { text: ':8.0', code: 'invalid-format' },
    { text: 'a//b', code: 'invalid-format' },
    { text: '-app', code: 'invalid-format' },
    { text: 'app-', code: 'invalid-format' },
    { text: 'my app', code: 'invalid-format' },
    { text: 'mcr.microsoft.com/', code: 'invalid-format' },
    { text: 'a'.repeat(64).replace(/a/g, 'f'), code: 'invalid-format' },
    { text: `${'a'.repeat(256)}`, code: 'name-too-long' },
  ];
  for (const c of invalid) {
    it(`rejects ${JSON.stringify(c.text.length > 40 ? `${c.text.slice(0, 40)}…` : c.text)} as ${c.code} without throwing`, () => {
      const result = parseImageReference(c.text);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.code, c.code, result.message);
      assert.ok(result.message.length > 0);
      assert.equal(result.original, c.text);
    });
  }

  it('says "unresolved variable" for $VAR and ${VAR} and names the variables', () => {
    const cases: [string, string[]][] = [
      ['${BASE}', ['BASE']],
      ['$BASE', ['BASE']],
      ['${REGISTRY}/dotnet/sdk:${VERSION}', ['REGISTRY', 'VERSION']],
      ['${IMAGE:-mcr.microsoft.com/dotnet/aspnet:8.0}', ['IMAGE']],
      ['mcr.microsoft.com/dotnet/sdk:$VER-alpine', ['VER']],
    ];
    for (const [text, variables] of cases) {
      const result = parseImageReference(text);
      assert.equal(result.ok, false, text);
      if (result.ok) continue;
      assert.equal(result.code, 'unresolved-variable', text);
      assert.deepEqual(result.variables, variables, text);
      assert.match(result.message, /unresolved variable/);
    }
  });

  it('keeps the repository when only the tag or digest is a variable', () => {
    const tagged = parseImageReference('mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble');
    assert.ok(!tagged.ok);
    assert.deepEqual(tagged.partial, { registry: 'mcr.microsoft.com', repository: 'dotnet/sdk' });
    const digested = parseImageReference('nginx@${DIGEST}');
    assert.ok(!digested.ok);
    assert.deepEqual(digested.partial, { registry: 'docker.io', repository: 'library/nginx' });
    for (const text of ['${REGISTRY}/dotnet/sdk:8.0', 'localhost:$PORT/app', '$IMAGE']) {
      const result = parseImageReference(text);
      assert.ok(!result.ok);
      assert.equal(result.partial, undefined, text);
    }
  });

  it('rejects a lone "$" as an unresolved variable without names', () => {
    const result = parseImageReference('nginx:$');
    assert.ok(!result.ok);
    assert.equal(result.code, 'unresolved-variable');
    assert.deepEqual(result.variables, []);
  });
});

describe('formatImageReference', () => {
  it('round-trips normalized references', () => {
    for (const text of ['mcr.microsoft.com/dotnet/sdk:10.0-alpine', `mcr.microsoft.com/dotnet/aspnet:10.0@${sha}`, 'localhost:5000/app:1.0', 'docker.io/library/nginx']) {
      const parsed = parseImageReference(text);
      assert.ok(parsed.ok);
      assert.equal(formatImageReference(parsed), text);
    }
  });

  it('writes the canonical form, or the familiar one docker prints', () => {
    const nginx = parseImageReference('nginx:1.27');
    const user = parseImageReference('index.docker.io/someone/app');
    assert.ok(nginx.ok && user.ok);
    assert.equal(formatImageReference(nginx), 'docker.io/library/nginx:1.27');
    assert.equal(formatImageReference(nginx, { familiar: true }), 'nginx:1.27');
    assert.equal(formatImageReference(user, { familiar: true }), 'someone/app');
    assert.equal(formatImageReference({ registry: 'mcr.microsoft.com', repository: 'dotnet/sdk' }, { familiar: true }), 'mcr.microsoft.com/dotnet/sdk');
  });
});

describe('effectiveTag', () => {
  it('defaults to latest unless pinned by digest', () => {
    assert.equal(effectiveTag({ tag: '8.0' }), '8.0');
    assert.equal(effectiveTag({}), 'latest');
    assert.equal(effectiveTag({ digest: sha }), undefined);
    assert.equal(effectiveTag({ tag: '8.0', digest: sha }), '8.0');
  });
});

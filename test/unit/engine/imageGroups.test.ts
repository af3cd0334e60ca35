import * as assert from 'node:assert/strict';
import { debounce } from '../../../src/core/engine/debounce';
import { compareApiVersions } from '../../../src/core/engine/engineClient';
import { formatAge, formatImageSize, groupImages, splitReference } from '../../../src/core/engine/imageGroups';

describe('local image groups', () => {
  const created = (iso: string) => Date.parse(iso) / 1000;

  it('groups repository:tag entries by repository, tags newest first, one entry per tag', () => {
    const images = groupImages([
      { Id: 'sha256:aaa', RepoTags: ['mcr.microsoft.com/dotnet/aspnet:9.0', 'mcr.microsoft.com/dotnet/aspnet:10.0'], Created: created('2026-01-01T00:00:00Z'), Size: 1000, Labels: { a: 'b' } },
      { Id: 'sha256:bbb', RepoTags: ['localhost:5000/app:1.0', 'mcr.microsoft.com/dotnet/aspnet:10.0-alpine'], Created: created('2026-02-01T00:00:00Z'), Size: 2000, Labels: null },
    ]);
    assert.deepEqual(images.repositories.map(r => r.repository), ['localhost:5000/app', 'mcr.microsoft.com/dotnet/aspnet']);
    const aspnet = images.repositories[1]!;
    assert.deepEqual(aspnet.tags.map(t => t.tag), ['10.0', '10.0-alpine', '9.0']);
    assert.deepEqual(aspnet.tags[0], {
      repository: 'mcr.microsoft.com/dotnet/aspnet', tag: '10.0', reference: 'mcr.microsoft.com/dotnet/aspnet:10.0',
      id: 'sha256:aaa', created: '2026-01-01T00:00:00.000Z', size: 1000, labels: { a: 'b' },
    });
    assert.equal(images.repositories[0]!.tags[0]!.repository, 'localhost:5000/app', 'the registry port is not a tag');
    assert.deepEqual(images.untagged, []);
  });

  it('keeps untagged images apart, old (<none>:<none>) and new (empty list) style, newest first', () => {
    const images = groupImages([
      { Id: 'sha256:old', RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'], Created: created('2025-01-01T00:00:00Z'), Size: 1 },
      { Id: 'sha256:new', RepoTags: [], RepoDigests: ['registry.example/app@sha256:ddd'], Created: created('2026-01-01T00:00:00Z'), Size: 2 },
      { Id: 'sha256:none', Created: created('2024-01-01T00:00:00Z'), Size: 3 },
    ]);
    assert.deepEqual(images.repositories, []);
    assert.deepEqual(images.untagged.map(i => [i.id, i.repository]), [['sha256:new', 'registry.example/app'], ['sha256:old', undefined], ['sha256:none', undefined]]);
    assert.deepEqual(images.untagged[1]!.digests, []);
  });

  it('splits references at the last colon after the last slash', () => {
    assert.deepEqual(splitReference('localhost:5000/app:1.0'), { repository: 'localhost:5000/app', tag: '1.0' });
    assert.deepEqual(splitReference('localhost:5000/app'), { repository: 'localhost:5000/app' });
    assert.deepEqual(splitReference('app@sha256:abc'), { repository: 'app' });
  });

  it('formats sizes as docker does (decimal units) and ages in the largest unit', () => {
    assert.deepEqual([0, 999, 5_600_000, 216_000_000, 1_234_000_000].map(formatImageSize), ['0B', '999B', '5.6MB', '216MB', '1.23GB']);
    const now = new Date('2026-11-23T12:00:00Z');
    assert.equal(formatAge('2026-11-23T11:59:30Z', now), 'just now');
    assert.equal(formatAge('2026-11-23T11:00:00Z', now), '1 hour ago');
    assert.equal(formatAge('2026-11-20T12:00:00Z', now), '3 days ago');
    assert.equal(formatAge('2024-11-01T12:00:00Z', now), '2 years ago');
    assert.equal(formatAge('', now), 'unknown');
  });

  it('negotiates API versions numerically (1.9 < 1.41 < 1.47)', () => {
    assert.ok(compareApiVersions('1.41', '1.47') < 0);
    assert.ok(compareApiVersions('1.9', '1.41') < 0);
    assert.equal(compareApiVersions('1.47', '1.47'), 0);
    assert.ok(compareApiVersions('2.0', '1.99') > 0);
  });

  it('debounces a burst into one call; flush runs it now, cancel drops it', async () => {
    let calls = 0;
    const refresh = debounce(() => { calls++; }, 30);
    for (let i = 0; i < 10; i++) refresh();
    await new Promise(resolve => setTimeout(resolve, 80));
    assert.equal(calls, 1);
    refresh();
    refresh.flush();
    assert.equal(calls, 2);
    refresh();
    refresh.cancel();
    await new Promise(resolve => setTimeout(resolve, 60));
    assert.equal(calls, 2);
  });
});

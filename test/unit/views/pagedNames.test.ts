import * as assert from 'node:assert/strict';
import { sortTags, filterTags, RegistryResult } from '../../../src/core/registry';
import { FetchNamePage, NamePage, PagedNames } from '../../../src/core/views/pagedNames';

/** A registry's tag list served `n` at a time (lexical, as the spec says), with Link-style cursors. */
function pagingRegistry(all: readonly string[], honoursPageSize = true) {
  const requests: string[] = [];
  const fetch: FetchNamePage = async ({ from, pageSize }) => {
    const start = from ? Number(new URL(from.url).searchParams.get('start')) : 0;
    requests.push(`${start}+${pageSize}`);
    const size = honoursPageSize ? pageSize : all.length;
    const names = all.slice(start, start + size);
    const nextStart = start + size;
    const page: NamePage = nextStart < all.length ? { names, next: { url: `http://r/v2/app/tags/list?start=${nextStart}`, last: names.at(-1)! } } : { names };
    return { ok: true, value: page };
  };
  return { fetch, requests };
}

const versions = Array.from({ length: 120 }, (_, i) => `1.${Math.floor(i / 10)}.${i % 10}`).sort();

describe('paged names (tags and catalogs behind "Load more…")', () => {
  it('shows the first page sorted, then a page more per Load more, fetching only when needed', async () => {
    const registry = pagingRegistry(versions);
    const list = new PagedNames(registry.fetch, sortTags, 50);
    assert.deepEqual(await list.start(), { ok: true, value: undefined });
    let view = list.view();
    assert.equal(view.names.length, 50);
    assert.equal(view.more, true);
    assert.deepEqual(view.names, sortTags(versions.slice(0, 50)));
    await list.showMore();
    view = list.view();
    assert.equal(view.names.length, 100);
    await list.showMore();
    view = list.view();
    assert.equal(view.names.length, 120);
    assert.equal(view.more, false);
    assert.deepEqual(view.names, sortTags(versions));
    assert.deepEqual(registry.requests, ['0+50', '50+50', '100+50']);
  });

  it('pages on its own what a registry sent all at once (distribution 2.8 ignores n for tags)', async () => {
    const registry = pagingRegistry(versions, false);
    const list = new PagedNames(registry.fetch, sortTags, 50);
    await list.start();
    assert.deepEqual(list.view(), { names: sortTags(versions).slice(0, 50), more: true, hiddenCount: 70 });
    await list.showMore();
    assert.equal(list.view().hiddenCount, 20);
    await list.showMore();
    assert.deepEqual(list.view(), { names: sortTags(versions), more: false, hiddenCount: 0 });
    assert.deepEqual(registry.requests, ['0+50']);
  });

  it('a search loads every page first, and the filter applies to the whole list', async () => {
    const registry = pagingRegistry([...versions, 'latest', 'dev']);
    const list = new PagedNames(registry.fetch, sortTags, 50);
    await list.loadAll();
    const filter = (names: readonly string[]) => filterTags(names, '1.11.');
    assert.deepEqual(list.view(filter), { names: sortTags(versions.filter(v => v.startsWith('1.11.'))), more: false, hiddenCount: 0 });
    assert.equal(list.loaded.length, 122);
  });

  it('takes a retagged name without fetching, and starts over after reset', async () => {
    const registry = pagingRegistry(['1.0', '2.0']);
    const list = new PagedNames(registry.fetch, sortTags, 50);
    await list.start();
    await list.start();
    list.insert('3.0');
    list.insert('2.0');
    assert.deepEqual(list.view().names, ['3.0', '2.0', '1.0']);
    list.reset();
    assert.equal(list.isLoaded, false);
    await list.start();
    assert.deepEqual(list.view().names, ['2.0', '1.0']);
    assert.equal(registry.requests.length, 2);
  });

  it('shares the first page between callers that come while it loads (the view and a hover)', async () => {
    const registry = pagingRegistry(['1.0']);
    const list = new PagedNames(registry.fetch, sortTags, 50);
    await Promise.all([list.start(), list.start(), list.loadAll()]);
    assert.deepEqual(registry.requests, ['0+50']);
  });

  it('passes a failure on and stays unloaded, so that Retry fetches again', async () => {
    let fail = true;
    const list = new PagedNames(async () => (fail
      ? { ok: false, error: { category: 'network', message: 'connection refused' } } as RegistryResult<NamePage>
      : { ok: true, value: { names: ['a'] } }), names => [...names], 50);
    const first = await list.start();
    assert.equal(first.ok, false);
    assert.equal(list.isLoaded, false);
    fail = false;
    assert.equal((await list.start()).ok, true);
    assert.deepEqual(list.view().names, ['a']);
  });

  it('ends a walk on a registry that links back to the page it just sent', async () => {
    let calls = 0;
    const list = new PagedNames(async () => {
      calls++;
      return { ok: true, value: { names: [`n${calls}`], next: { url: 'http://r/loop' } } };
    }, names => [...names], 1);
    await list.loadAll();
    assert.ok(calls <= 3, `${calls} calls`);
  });
});

import * as assert from 'node:assert/strict';
import { compareTags, filterTags, sortTags } from '../../../src/core/registry/tagOrder';

describe('tag order', () => {
  it('puts newer versions first, number by number (not lexically)', () => {
    assert.deepEqual(sortTags(['8.0.2', '9.0', '10.0', '8.0.10', '1.0']), ['10.0', '9.0', '8.0.10', '8.0.2', '1.0']);
  });

  it('10.0.1 > 10.0 > 9.0: at an equal prefix the more specific tag first', () => {
    assert.deepEqual(sortTags(['9.0', '10.0', '10.0.1', '10', '10.0.0']), ['10.0.1', '10.0.0', '10.0', '10', '9.0']);
    assert.ok(compareTags('10.0.1', '10.0') < 0);
    assert.ok(compareTags('10.0', '9.0') < 0);
  });

  it('groups variants right after their version, A→Z, bare version first', () => {
    assert.deepEqual(
      sortTags(['9.0-alpine', '10.0-noble', '10.0', '9.0', '10.0-alpine', '10.0-bookworm-slim', '10.0.1-alpine', '10.0.1']),
      ['10.0.1', '10.0.1-alpine', '10.0', '10.0-alpine', '10.0-bookworm-slim', '10.0-noble', '9.0', '9.0-alpine'],
    );
  });

  it('orders variant numbers naturally (alpine3.9 before alpine3.20)', () => {
    assert.deepEqual(sortTags(['8.0-alpine3.20', '8.0-alpine3.9']), ['8.0-alpine3.9', '8.0-alpine3.20']);
  });

  it('puts a release before its previews, newest preview first', () => {
    assert.deepEqual(
      sortTags(['10.0.0-preview.7', '10.0.0-rc.1', '10.0.0', '10.0.0-rc.2', '10.0.0-preview.7-noble', '9.0.5']),
      ['10.0.0', '10.0.0-rc.2', '10.0.0-rc.1', '10.0.0-preview.7', '10.0.0-preview.7-noble', '9.0.5'],
    );
  });

  it('latest first, other names last A→Z, and a v prefix reads as a version', () => {
    assert.deepEqual(sortTags(['dev', 'v1.2', '1.10', 'latest', 'main', 'sha-1a2b3c', '2.0']), ['latest', '2.0', '1.10', 'v1.2', 'dev', 'main', 'sha-1a2b3c']);
  });

  it('does not change the input and keeps duplicates stable', () => {
    const tags = ['1.0', '2.0'];
    assert.deepEqual(sortTags(tags), ['2.0', '1.0']);
    assert.deepEqual(tags, ['1.0', '2.0']);
    assert.deepEqual(sortTags([]), []);
  });

  it('sorts 10,000 tags as compareTags orders each pair (speed is in npm run bench)', () => {
    const tags = Array.from({ length: 10_000 }, (_, i) => `${i % 13}.${i % 7}.${i}${i % 3 ? '-alpine' : ''}${i % 11 ? '' : '-rc.2'}`);
    const sorted = sortTags(tags);
    assert.equal(sorted.length, 10_000);
    assert.deepEqual([...sorted].sort(), [...tags].sort());
    for (let i = 1; i < sorted.length; i++) assert.ok(compareTags(sorted[i - 1]!, sorted[i]!) < 0, `${sorted[i - 1]} before ${sorted[i]}`);
  });

  it('sorts as compareTags orders each pair for every shape: huge numbers, four parts, V and v, prereleases, odd punctuation', () => {
    // sortTags orders by a packed number first and compares only its ties: any tag where the two disagree shows here.
    // The key's fields hold 16,384 values (first number), 32,768 (second) and, for this many tags (12 bits of index), 524,288 (third).
    const parts = ['0', '1', '9', '10', '007', '16382', '16383', '16384', '32766', '32767', '32768', '524286', '524287', '524288', '999999', '20240101', '99999999999999999999'];
    const tails = ['', '-alpine', '-rc.1', '-rc.2-noble', '-preview.7', '.', '..1', '_x', '+build', 'a', '-alpha', '-b2', '.0-x',
      '-', '_', '+', '-A', '-RC.1', '-a.1', '-b', '-pre', '-alpha1', '-Preview', '-rcx', '-rc.1x', '-rc\n', '\nx', '-alpine\u2028', '-noble-chiseled', '-A1-x'];
    let seed = 7;
    const pick = <T>(list: readonly T[]): T => list[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % list.length]!;
    const tags = ['latest', 'Latest', 'v', 'V1', 'v1.2', 'V1.2.3', 'dev', '', '.1', '-1', '1'];
    for (let i = 0; i < 4000; i++) {
      const numbers = Array.from({ length: 1 + (i % 5) }, () => pick(parts)).join('.');
      tags.push(`${pick(['', '', 'v', 'V', 'x'])}${numbers}${pick(tails)}`);
    }
    const sorted = sortTags(tags);
    assert.deepEqual([...sorted].sort(), [...tags].sort(), 'the same tags');
    for (let i = 1; i < sorted.length; i++) assert.ok(compareTags(sorted[i - 1]!, sorted[i]!) <= 0, `${sorted[i - 1]} before ${sorted[i]}`);
  });

  it('filters by substring, ignoring case, keeping the order', () => {
    const tags = ['10.0-Alpine', '10.0', '9.0-alpine', 'latest'];
    assert.deepEqual(filterTags(tags, 'ALPINE'), ['10.0-Alpine', '9.0-alpine']);
    assert.deepEqual(filterTags(tags, ' 10.0 '), ['10.0-Alpine', '10.0']);
    assert.deepEqual(filterTags(tags, ''), tags);
    assert.deepEqual(filterTags(tags, 'nothing'), []);
  });
});

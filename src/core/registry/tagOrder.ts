// Tag order for people, not for ASCII: registries list tags lexically (`10.0` before `9.0` only by luck,
// `8.0.10` before `8.0.2`) or, like distribution 2.8, in storage order. This one is newest first:
//
//   latest                        the default tag, first: it is what `docker pull name` gets
//   10.0.1, 10.0.1-alpine         versions, highest first, compared number by number;
//   10.0.0, 10.0.0-rc.2           at an equal prefix the more specific one first (10.0.1 before 10.0);
//   10.0, 10.0-alpine, 10.0-noble a release before its previews (10.0.0 > 10.0.0-rc.2 > 10.0.0-preview.7);
//   9.0 …                         the bare version, then its variants A→Z right after it
//   dev, main, sha-1a2b3c         every other name last, A→Z (a leading `v` counts as a version: v1.2)

interface TagKey {
  readonly tag: string;
  /** 0: `latest`; 1: a version; 2: any other name. */
  readonly group: 0 | 1 | 2;
  readonly numbers: readonly number[];
  /** Undefined for a release; for a prerelease its label's rank and numbers (rc.2 → [3, 2]). */
  readonly prerelease: readonly number[] | undefined;
  /** The variant, or for other names the whole tag. */
  readonly variant: string;
  /** naturalKey(variant), made on the first comparison that needs it: most are settled by the numbers. */
  natural: readonly (string | number)[] | undefined;
}

const prereleaseRanks: Record<string, number> = { alpha: 0, a: 0, beta: 1, b: 1, pre: 2, preview: 2, rc: 3 };

function tagKey(tag: string): TagKey {
  if (tag === 'latest') return { tag, group: 0, numbers: [], prerelease: undefined, variant: '', natural: undefined };
  // `s`: whatever follows the numbers is the rest, line breaks too (sortTags' packed key reads it so).
  const version = /^v?(\d+(?:\.\d+)*)(.*)$/is.exec(tag);
  if (!version) return { tag, group: 2, numbers: [], prerelease: undefined, variant: tag, natural: undefined };
  const numbers = version[1]!.split('.').map(Number);
  let rest = version[2] ?? '';
  let prerelease: number[] | undefined;
  const pre = /^-(alpha|beta|preview|pre|rc|a|b)((?:\.?\d+)*)(?=$|[-_.+])/i.exec(rest);
  if (pre) {
    prerelease = [prereleaseRanks[pre[1]!.toLowerCase()]!, ...(pre[2] ?? '').split('.').filter(Boolean).map(Number)];
    rest = rest.slice(pre[0].length);
  }
  return { tag, group: 1, numbers, prerelease, variant: rest.replace(/^[-_.+]/, ''), natural: undefined };
}

/** Descending by number; at an equal prefix the longer (more specific) list first. */
function compareNumbersDescending(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return b[i]! - a[i]!;
  }
  return b.length - a.length;
}

/** `alpine3.20` → ['alpine', 3, '.', 20]: numbers compare as numbers. (Intl.Collator would too, but costs a cold CLI ~20 ms to load.) */
function naturalKey(text: string): (string | number)[] {
  return (text.toLowerCase().match(/\d+|\D+/g) ?? []).map(run => (/^\d/.test(run) ? Number(run) : run));
}

function naturalOf(key: TagKey): readonly (string | number)[] {
  return (key.natural ??= naturalKey(key.variant));
}

function compareNatural(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1; // digits sort before letters, as in ASCII
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: TagKey, b: TagKey): number {
  if (a.group !== b.group) return a.group - b.group;
  if (a.group === 2) return compareNatural(naturalOf(a), naturalOf(b)) || compareText(a.tag, b.tag);
  const byNumbers = compareNumbersDescending(a.numbers, b.numbers);
  if (byNumbers) return byNumbers;
  if (!a.prerelease !== !b.prerelease) return a.prerelease ? 1 : -1; // the release is newer than its previews
  if (a.prerelease && b.prerelease) {
    const byPrerelease = compareNumbersDescending(a.prerelease, b.prerelease);
    if (byPrerelease) return byPrerelease;
  }
  if (!a.variant !== !b.variant) return a.variant ? 1 : -1; // the bare version before its variants
  return compareNatural(naturalOf(a), naturalOf(b)) || compareText(a.tag, b.tag);
}

/** Compares two tags in the order of sortTags (for one-off comparisons; sortTags is faster for lists). */
export function compareTags(a: string, b: string): number {
  return compareKeys(tagKey(a), tagKey(b));
}

/** A new array with the tags newest first (see the order at the top of this file). */
export function sortTags(tags: readonly string[]): string[] {
  // By a sort key first, which orders the tags as compareKeys does as far as it goes, with the tag's index in its
  // low bits: the keys sort natively, with no comparator to call. compareKeys only settles runs of equal keys
  // (10.0 and 10.0-alpine). A CLI listing 10,000 tags sorts once, cold, before V8 has compiled any of this:
  // compareKeys called ~130,000 times, a key object per tag, and doubles (each a heap object until V8 compiles the
  // code that makes it) were most of its run.
  const count = tags.length;
  const indexBits = Math.max(1, Math.ceil(Math.log2(count + 1)));
  if (indexBits > MAX_INDEX_BITS) return tags.map(tagKey).sort(compareKeys).map(key => key.tag);
  // Each key is a double written as two 31-bit words, small integers to V8: a positive double's bits order as its
  // value, and a high word under 2^31 is never NaN or infinite.
  const keys = new Float64Array(count);
  const words = new Uint32Array(keys.buffer);
  const thirdSize = 2 ** (31 - indexBits);
  for (let i = 0; i < count; i++) writeSortKey(tags[i]!, words, i, indexBits, thirdSize);
  keys.sort();
  // In sorted order; a run of equal keys, already in the input's order, is settled by compareKeys.
  const sorted = new Array<string>(count);
  const indexMask = 2 ** indexBits - 1;
  let runStart = 0;
  let runHigh = -1;
  let runLow = -1;
  for (let at = 0; at <= count; at++) {
    let high = -1;
    let low = -1;
    if (at < count) {
      high = words[2 * at + HIGH_WORD]!;
      const word = words[2 * at + LOW_WORD]!;
      low = word >>> indexBits;
      sorted[at] = tags[word & indexMask]!;
    }
    if (high === runHigh && low === runLow) continue;
    if (at - runStart > 1) {
      const run = sorted.slice(runStart, at).map(tagKey).sort(compareKeys);
      for (let offset = 0; offset < run.length; offset++) sorted[runStart + offset] = run[offset]!.tag;
    }
    runStart = at;
    runHigh = high;
    runLow = low;
  }
  return sorted;
}

/** tagKey's /^v?(\d+(?:\.\d+)*)/i as far as the sort key reads it: its first three numbers. */
const leadingNumbers = /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?/;
/** The key's high word: the group in 2 bits, the first number in 14, the second in 15; the low word: the third, then the index. */
const GROUP_SHIFT = 29;
const SECOND_BITS = 15;
const FIRST_SIZE = 2 ** (GROUP_SHIFT - SECOND_BITS);
const SECOND_SIZE = 2 ** SECOND_BITS;
/** Beyond this many tags (2^27) the third number would have little room: every key is compared. */
const MAX_INDEX_BITS = 27;
/** Where each word of a key is in its two Uint32Array entries: the low word first on little-endian machines. */
const [LOW_WORD, HIGH_WORD] = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? [0, 1] : [1, 0];

/**
 * Writes the key of tag number `index` into `words`: its group (as tagKey reads it), then its first three numbers,
 * each in a field of its own and descending (size - 2 - number; one that is not there size - 1, after 0: 10.0.1,
 * 10.0, 9.0), then the index. Where the key cannot tell (other names, a fourth number, prereleases, variants, a
 * number too large for its field, which makes it and every field after it 0) the keys are equal, and compareKeys
 * decides. The numbers are read by one regular expression (native code), in a small function V8 compiles early.
 */
function writeSortKey(tag: string, words: Uint32Array, index: number, indexBits: number, thirdSize: number): void {
  let high = 0; // group 0: latest
  let third = 0;
  const numbers = tag === 'latest' ? undefined : leadingNumbers.exec(tag);
  if (numbers === null) high = 2 << GROUP_SHIFT; // another name
  else if (numbers !== undefined) {
    const major = Number(numbers[1]);
    const first = major >= FIRST_SIZE - 2 ? 0 : FIRST_SIZE - 2 - major;
    const minor = numbers[2];
    const second = first === 0 ? 0 : minor === undefined ? SECOND_SIZE - 1 : Math.max(SECOND_SIZE - 2 - Number(minor), 0);
    const patch = numbers[3];
    third = second === 0 ? 0 : patch === undefined ? thirdSize - 1 : Math.max(thirdSize - 2 - Number(patch), 0);
    high = (1 << GROUP_SHIFT) | (first << SECOND_BITS) | second;
  }
  words[2 * index + HIGH_WORD] = high;
  words[2 * index + LOW_WORD] = (third << indexBits) | index;
}

/** The tags that contain `text`, ignoring case; every tag for empty text. Keeps the given order. */
export function filterTags(tags: readonly string[], text: string): string[] {
  const needle = text.trim().toLowerCase();
  return needle ? tags.filter(tag => tag.toLowerCase().includes(needle)) : [...tags];
}

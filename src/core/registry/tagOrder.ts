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
  // By a packed number first, which orders the tags as compareKeys does as far as it goes and is read from the
  // text with one regular expression (no key object per tag), with the tag's index in its low bits: the numbers sort natively, with no comparator
  // to call. compareKeys only settles runs of equal keys (10.0 and 10.0-alpine). A CLI listing 10,000 tags sorts
  // once, cold: compareKeys called ~130,000 times before V8 compiled it, and the keys' garbage, were most of its run.
  const count = tags.length;
  const indexBits = Math.max(1, Math.ceil(Math.log2(count + 1)));
  const indexes = 2 ** indexBits;
  // What is left of a double's 53 exact bits, under the group's 2, for three version numbers.
  const slot = 2 ** Math.floor((53 - 2 - indexBits) / PACKED_NUMBERS);
  const packed = new Float64Array(count);
  const groupBase = slot ** PACKED_NUMBERS;
  for (let i = 0; i < count; i++) packed[i] = packedKey(tags[i]!, slot, groupBase) * indexes + i;
  packed.sort();
  // In sorted order, each entry read once (a double read or computed before V8 compiles this is a heap object);
  // a run of equal keys, already in the input's order, is then settled by compareKeys.
  const sorted = new Array<string>(count);
  let runStart = 0;
  let runKey = -1;
  for (let at = 0; at <= count; at++) {
    let key = -1;
    if (at < count) {
      const entry = packed[at]!;
      const index = entry % indexes;
      key = entry - index;
      sorted[at] = tags[index]!;
    }
    if (key === runKey) continue;
    if (at - runStart > 1) {
      const run = sorted.slice(runStart, at).map(tagKey).sort(compareKeys);
      for (let offset = 0; offset < run.length; offset++) sorted[runStart + offset] = run[offset]!.tag;
    }
    runStart = at;
    runKey = key;
  }
  return sorted;
}

/** Version numbers in a packed key. */
const PACKED_NUMBERS = 3;
/** tagKey's /^v?(\d+(?:\.\d+)*)/i as far as the packed key reads it: its first three numbers. */
const leadingNumbers = /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?/;

/**
 * A number whose ascending order is compareKeys' order wherever two tags' first three version numbers (or groups)
 * differ: the group (as tagKey reads it), then the numbers descending, each in `slot` values, a missing one after
 * 0 (10.0.1, 10.0, 9.0). Where it cannot tell (other names, a fourth number, prereleases, variants, a number too
 * large for its slot) the keys are equal, and compareKeys decides. The numbers are read by one regular expression
 * (native code) rather than character by character: a CLI sorts once, before V8 has compiled this function.
 */
function packedKey(tag: string, slot: number, groupBase: number): number {
  if (tag === 'latest') return 0; // group 0
  const numbers = leadingNumbers.exec(tag);
  if (!numbers) return 2 * groupBase;
  let packed = 1;
  let clamped = false;
  for (let number = 1; number <= PACKED_NUMBERS; number++) {
    const digits = numbers[number];
    let part = 0;
    if (clamped) {
      part = 0; // after a number too large for its slot, equal to every other such number: the slots after it must not decide
    } else if (digits === undefined) {
      part = slot - 1; // the numbers have ended: after every tag that has one here
    } else {
      part = slot - 1 - Math.min(Math.min(Number(digits), slot) + 1, slot - 1);
      clamped = part === 0;
    }
    packed = packed * slot + part;
  }
  return packed;
}

/** The tags that contain `text`, ignoring case; every tag for empty text. Keeps the given order. */
export function filterTags(tags: readonly string[], text: string): string[] {
  const needle = text.trim().toLowerCase();
  return needle ? tags.filter(tag => tag.toLowerCase().includes(needle)) : [...tags];
}

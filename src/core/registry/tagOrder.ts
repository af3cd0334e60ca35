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
  const version = /^v?(\d+(?:\.\d+)*)(.*)$/i.exec(tag);
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
  return tags.map(tagKey).sort(compareKeys).map(key => key.tag);
}

/** The tags that contain `text`, ignoring case; every tag for empty text. Keeps the given order. */
export function filterTags(tags: readonly string[], text: string): string[] {
  const needle = text.trim().toLowerCase();
  return needle ? tags.filter(tag => tag.toLowerCase().includes(needle)) : [...tags];
}

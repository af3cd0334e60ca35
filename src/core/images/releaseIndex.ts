/**
 * The official .NET release metadata index (`releases-index.json`, schema `dotnet-releases-index.json` in
 * dotnet/core `release-notes/schemas/`), read as untrusted input: bounded in size, checked field by field,
 * and merged so that it can add and update what is known but never take anything away.
 */
import type { DotnetVersionInfo } from './dotnetSupport';

export type SupportPhase = 'preview' | 'go-live' | 'active' | 'maintenance' | 'eol';

/** One channel (`major.minor`) of the index, as far as this tool uses it. */
export interface ReleaseChannel {
  /** `major.minor`. */
  readonly version: string;
  readonly product?: '.NET' | '.NET Core';
  readonly phase: SupportPhase;
  readonly releaseType: 'lts' | 'sts';
  /** YYYY-MM-DD; absent for previews (and, in some published copies, for active channels too). */
  readonly eolDate?: string;
  /** `10.0.1`, `11.0.0-preview.7`. */
  readonly latestRelease?: string;
  readonly latestReleaseDate?: string;
}

export type ParsedReleaseIndex =
  | { readonly ok: true; readonly channels: readonly ReleaseChannel[]; readonly skipped: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** The real index is about 10 KB; anything near this is not the index. */
export const maxReleaseIndexBytes = 1024 * 1024;
const maxChannels = 200;

const phases: readonly SupportPhase[] = ['preview', 'go-live', 'active', 'maintenance', 'eol'];

/** Parses and checks the bytes of a releases-index.json. */
export function parseReleaseIndexText(text: string | Buffer): ParsedReleaseIndex {
  const size = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  if (size > maxReleaseIndexBytes) return { ok: false, reason: `the document is larger than ${maxReleaseIndexBytes / 1024} KiB (${size} bytes)` };
  let document: unknown;
  try {
    document = JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message.slice(0, 120)})` };
  }
  return parseReleaseIndex(document);
}

/**
 * Checks a parsed releases-index.json: `{ "releases-index": [channel, …] }`. A channel needs a `major.minor`
 * `channel-version`, a known `support-phase` and `release-type`; dates must be real YYYY-MM-DD days. A bad
 * channel is skipped (and said in `skipped`), the rest is kept; a document without one good channel is refused.
 */
export function parseReleaseIndex(document: unknown): ParsedReleaseIndex {
  if (!isObject(document)) return { ok: false, reason: 'the document is not a JSON object' };
  const list = document['releases-index'];
  if (!Array.isArray(list)) return { ok: false, reason: 'the document has no "releases-index" array' };
  if (list.length > maxChannels) return { ok: false, reason: `"releases-index" has ${list.length} channels, more than ${maxChannels}` };
  const channels: ReleaseChannel[] = [];
  const skipped: string[] = [];
  list.forEach((item, index) => {
    const checked = parseChannel(item);
    const name = isObject(item) && typeof item['channel-version'] === 'string' ? `channel ${item['channel-version'].slice(0, 20)}` : `channel #${index + 1}`;
    if (typeof checked === 'string') skipped.push(`${name}: ${checked}`);
    else if (channels.some(c => c.version === checked.version)) skipped.push(`${name}: listed twice`);
    else channels.push(checked);
  });
  if (!channels.length) return { ok: false, reason: `no usable channel${skipped.length ? ` (${skipped.slice(0, 3).join('; ')})` : ''}` };
  return { ok: true, channels, skipped };
}

function parseChannel(item: unknown): ReleaseChannel | string {
  if (!isObject(item)) return 'not an object';
  const version = item['channel-version'];
  if (typeof version !== 'string' || !/^\d{1,3}\.\d{1,3}$/.test(version)) return '"channel-version" is not major.minor';
  const phase = item['support-phase'];
  if (typeof phase !== 'string' || !(phases as readonly string[]).includes(phase)) return `"support-phase" is not one of ${phases.join(', ')}`;
  const releaseType = item['release-type'];
  if (releaseType !== 'lts' && releaseType !== 'sts') return '"release-type" is not lts or sts';
  const eolDate = item['eol-date'];
  if (eolDate !== undefined && eolDate !== null && !isDay(eolDate)) return '"eol-date" is not a YYYY-MM-DD day';
  const latestRelease = item['latest-release'];
  if (latestRelease !== undefined && (typeof latestRelease !== 'string' || !new RegExp(`^${version.replace('.', '\\.')}\\.\\d{1,4}(-[0-9A-Za-z.]{1,40})?$`).test(latestRelease))) {
    return `"latest-release" is not a ${version}.x version`;
  }
  const latestReleaseDate = item['latest-release-date'];
  if (latestReleaseDate !== undefined && latestReleaseDate !== null && !isDay(latestReleaseDate)) return '"latest-release-date" is not a YYYY-MM-DD day';
  const product = item.product;
  return {
    version,
    ...(product === '.NET' || product === '.NET Core' ? { product } : {}),
    phase: phase as SupportPhase,
    releaseType,
    ...(typeof eolDate === 'string' ? { eolDate } : {}),
    ...(typeof latestRelease === 'string' ? { latestRelease } : {}),
    ...(typeof latestReleaseDate === 'string' ? { latestReleaseDate } : {}),
  };
}

/**
 * The versions `base` knows with `channels` applied over them:
 * - support type and end-of-support day come from the channel (an absent `eol-date` keeps the known day);
 * - the phase only moves forward, so a preview that went GA loses `-preview` in its tags, and a stale copy
 *   saying an earlier phase changes nothing;
 * - the GA day is kept when known, else taken from a channel whose latest release is `major.minor.0`;
 * - a channel not in `base` becomes known when it is at most one major version past the newest known one
 *   (a real index never skips a release; a far-off number is a broken or hostile document).
 * Versions not named by the channels are kept as they are. `ignored` says which channels were not taken.
 */
export function mergeReleaseChannels(base: readonly DotnetVersionInfo[], channels: readonly ReleaseChannel[]): { versions: DotnetVersionInfo[]; ignored: string[] } {
  const known = new Map(base.map(v => [v.version, v]));
  const ignored: string[] = [];
  const ordered = [...channels].sort((a, b) => majorMinor(a.version) - majorMinor(b.version));
  for (const channel of ordered) {
    const before = known.get(channel.version);
    if (!before) {
      const newestMajor = Math.max(...[...known.keys()].map(v => Number(v.split('.')[0])));
      if (Number(channel.version.split('.')[0]) > newestMajor + 1) {
        ignored.push(`channel ${channel.version}: more than one major version past ${newestMajor}`);
        continue;
      }
    }
    known.set(channel.version, mergeChannel(before, channel));
  }
  return { versions: [...known.values()].sort((a, b) => majorMinor(a.version) - majorMinor(b.version)), ignored };
}

function mergeChannel(before: DotnetVersionInfo | undefined, channel: ReleaseChannel): DotnetVersionInfo {
  const { version } = channel;
  const phase = before && phases.indexOf(before.phase) > phases.indexOf(channel.phase) ? before.phase : channel.phase;
  const preview = phase === 'preview' || phase === 'go-live';
  const gaFromChannel = !preview && channel.latestRelease === `${version}.0` ? channel.latestReleaseDate : undefined;
  const ga = before?.ga ?? gaFromChannel;
  const endOfSupport = channel.eolDate ?? before?.endOfSupport;
  return {
    version,
    product: channel.product ?? before?.product ?? '.NET',
    support: channel.releaseType === 'lts' ? 'LTS' : 'STS',
    phase,
    ...(ga ? { ga } : {}),
    ...(endOfSupport ? { endOfSupport } : {}),
    preview,
    // Floating tags carry `-preview` only before the release candidates (dotnet-docker's tag lifecycle).
    tagVersion: phase === 'preview' ? `${version}-preview` : version,
  };
}

function majorMinor(version: string): number {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major * 1000 + minor;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

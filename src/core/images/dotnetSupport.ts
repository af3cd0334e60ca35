/**
 * The .NET calendar: which versions exist, their support phase, GA and end-of-support days. It starts from
 * the bundled facts (the image scan's versions with the bundled releases-index applied over them) and takes
 * newer official release metadata when it arrives ({@link useReleaseIndex}); the same merge serves both.
 * Image facts (tags, variants, OS) live in dotnetCatalog.ts. Every clock is injected.
 */
import { bundledReleaseIndex, bundledReleaseIndexAsOf } from './bundledReleaseIndex';
import { catalogVersions } from './catalogData';
import { mergeReleaseChannels, parseReleaseIndex, ReleaseChannel, SupportPhase } from './releaseIndex';

/** A .NET (Core) version and its lifecycle. */
export interface DotnetVersionInfo {
  /** `major.minor`. */
  readonly version: string;
  readonly product: '.NET' | '.NET Core';
  readonly support: 'LTS' | 'STS';
  /** Where the version is in its life, as the release metadata says (`preview`, `go-live` (RC), `active`…). */
  readonly phase: SupportPhase;
  /** GA day, YYYY-MM-DD (absent for previews, for 1.0/1.1, and when the metadata does not give it). */
  readonly ga?: string;
  /** Last day of support, YYYY-MM-DD; from this day on the version is out of support. Absent when unannounced. */
  readonly endOfSupport?: string;
  /** Not released yet (preview or release candidate): only prerelease images exist. */
  readonly preview: boolean;
  /** The version part of floating tags: `10.0`, or `11.0-preview` for a preview (RCs drop `-preview`). */
  readonly tagVersion: string;
}

/** Support status of a version, tag or image at a given date. */
export type SupportStatus =
  | {
      readonly status: 'supported';
      /** Absent for `latest`. */
      readonly version?: string;
      readonly endOfSupport?: string;
      readonly preview?: boolean;
      /** A better tag for the same version: a newer OS release, or the documented tag behind an alias. */
      readonly suggestedTag?: string;
      readonly suggestion?: 'newer-os' | 'documented-tag';
    }
  | { readonly status: 'end-of-support'; readonly version: string; readonly endOfSupport: string }
  | {
      readonly status: 'stale-tag';
      /** Absent only for a retired repository's `latest`. */
      readonly version?: string;
      /** Month (YYYY-MM) the tag was last updated, when known (not for retired repositories). */
      readonly lastUpdated?: string;
      /** The current tag to move to, for the same version. */
      readonly replacementTag?: string;
      readonly reason: string;
    }
  | { readonly status: 'unknown'; readonly version?: string; readonly reason: string };

/** Where the facts in use come from. */
export interface ReleaseFactsSource {
  readonly kind: 'bundled' | 'cache' | 'live';
  /** The day the facts were fetched (cache, live) or the bundled copy was made (YYYY-MM-DD). */
  readonly asOf: string;
  /** The URL they were read from (cache, live). */
  readonly url?: string;
}

/** The versions the image scan knows, before any release metadata: the base every merge starts from. */
const scannedVersions: readonly DotnetVersionInfo[] = catalogVersions.map(v => ({
  version: v.version,
  product: v.product,
  support: v.support,
  phase: v.preview ? 'preview' : 'active',
  ...(v.ga ? { ga: v.ga } : {}),
  ...(v.eol ? { endOfSupport: v.eol } : {}),
  preview: v.preview === true,
  tagVersion: v.preview ? `${v.version}-preview` : v.version,
}));

const bundledChannels: readonly ReleaseChannel[] = (() => {
  const parsed = parseReleaseIndex(bundledReleaseIndex);
  // The bundled copy is checked by the unit tests; a broken one must not break the extension.
  return parsed.ok ? parsed.channels : [];
})();

const bundledSource: ReleaseFactsSource = { kind: 'bundled', asOf: bundledReleaseIndexAsOf };

const bundledVersions = mergeReleaseChannels(scannedVersions, bundledChannels).versions;

let versions: ReadonlyMap<string, DotnetVersionInfo> = toMap(bundledVersions);
let source: ReleaseFactsSource = bundledSource;
let generation = 0;
const listeners = new Set<() => void>();

/**
 * Takes release metadata channels (already validated by {@link parseReleaseIndex}) over the bundled facts.
 * The merge only adds and updates: a version, a GA day or an end-of-support day the bundled facts know is
 * never removed, and a phase never goes back (a GA'd version does not become a preview again). Listeners
 * hear about it when the facts changed.
 */
export function useReleaseIndex(channels: readonly ReleaseChannel[], from: ReleaseFactsSource): { readonly ignored: readonly string[] } {
  const { versions: list, ignored } = mergeReleaseChannels(bundledVersions, channels);
  const merged = toMap(list);
  const changed = !sameVersions(merged, versions);
  versions = merged;
  source = from;
  if (changed) {
    generation++;
    for (const listener of [...listeners]) listener();
  }
  return { ignored };
}

/** Back to the bundled facts only (for tests, and when the user turns the metadata off). */
export function useBundledReleaseFacts(): void {
  void useReleaseIndex([], bundledSource);
}

/** Where the facts in use come from. */
export function releaseFactsSource(): ReleaseFactsSource {
  return source;
}

/** Grows by one each time the facts change, for callers that cache what they derive from them. */
export function releaseFactsGeneration(): number {
  return generation;
}

/** Calls `listener` whenever newer facts change what is known (to re-lint open Dockerfiles). Returns the unsubscribe. */
export function onReleaseFactsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The `major.minor` .NET version of a version, TFM or tag version: `10.0`, `10`, `10.0.1`, `net10.0`,
 * `net8.0-windows`, `netcoreapp3.1`, `11.0-preview` → `10.0`/`8.0`/`3.1`/`11.0`. Undefined for .NET Framework
 * and .NET Standard monikers (`net48`, `netstandard2.0`) and anything else.
 */
export function dotnetVersionOf(text: string): string | undefined {
  const s = text.trim().toLowerCase();
  let m = /^netcoreapp(\d+)\.(\d+)$/.exec(s);
  if (m) return `${m[1]}.${m[2]}`;
  m = /^net(\d+)\.(\d+)(?:-[a-z]+[\d.]*)?$/.exec(s);
  if (m) return Number(m[1]) >= 5 ? `${m[1]}.${m[2]}` : undefined;
  m = /^(\d+)(?:\.(\d+))?(?:\.\d+)?(?:-[\w.]+)?$/.exec(s);
  return m ? `${m[1]}.${m[2] ?? '0'}` : undefined;
}

/** All versions known, oldest first (1.0 … 11.0, and any newer channel the release metadata named). */
export function dotnetVersions(): readonly DotnetVersionInfo[] {
  return [...versions.values()];
}

/** Lifecycle of a version (`10.0`, `net10.0`, `10.0.1`…); undefined when unknown. */
export function versionInfo(version: string): DotnetVersionInfo | undefined {
  const v = dotnetVersionOf(version);
  return v ? versions.get(v) : undefined;
}

/** The newest version known, preview or not. */
export function newestKnownVersion(): DotnetVersionInfo | undefined {
  return dotnetVersions().at(-1);
}

/** GA versions still in support on `now`, newest first. Previews and release candidates are not included. */
export function supportedVersions(now: Date): readonly DotnetVersionInfo[] {
  const today = isoDay(now);
  return dotnetVersions()
    // A GA day the metadata did not give counts as past: the version is released.
    .filter(v => !v.preview && (v.ga === undefined || v.ga <= today))
    // The day decides (`now` may be in the past); the phase only where the metadata gives no day.
    .filter(v => (v.endOfSupport === undefined ? v.phase !== 'eol' : today < v.endOfSupport))
    .reverse();
}

/**
 * The version to move to from one past its end of support: of the supported released versions, the one
 * supported longest. An STS ends in the same month as the LTS released a year before it, so on a tie the LTS
 * wins, then the older version (the smaller move).
 */
export function recommendedVersion(now: Date): DotnetVersionInfo | undefined {
  const endMonth = (v: DotnetVersionInfo) => v.endOfSupport?.slice(0, 7) ?? '9999-99';
  const numbers = (v: DotnetVersionInfo) => v.version.split('.').map(Number);
  return [...supportedVersions(now)].sort((a, b) =>
    endMonth(b).localeCompare(endMonth(a))
    || (a.support === b.support ? 0 : a.support === 'LTS' ? -1 : 1)
    || numbers(a)[0]! - numbers(b)[0]! || numbers(a)[1]! - numbers(b)[1]!)[0];
}

/**
 * Why a version is not known, in words a user can act on: a version newer than any known one is said to be
 * so (its images and tags are not known yet, so none is made up), anything else is just unknown.
 */
export function unknownVersionReason(version: string): string {
  const newest = newestKnownVersion();
  const asOf = source.kind === 'bundled' ? `the bundled facts of ${source.asOf}` : `the release metadata of ${source.asOf}`;
  if (newest && compareVersions(version, newest.version) > 0) {
    return `.NET ${version} is newer than any .NET version known to ${asOf} (the newest is ${newest.version}); its image tags are not known yet`;
  }
  return `.NET ${version} is not a known version`;
}

/** The support status of a `major.minor` version on `now` (compared as a UTC day). */
export function versionSupportStatus(version: string, now: Date): SupportStatus {
  const info = versions.get(version);
  if (!info) return { status: 'unknown', version, reason: unknownVersionReason(version) };
  if (info.endOfSupport && isoDay(now) >= info.endOfSupport) {
    return { status: 'end-of-support', version, endOfSupport: info.endOfSupport };
  }
  return {
    status: 'supported',
    version,
    ...(info.endOfSupport ? { endOfSupport: info.endOfSupport } : {}),
    ...(info.preview ? { preview: true } : {}),
  };
}

/** `10.0` vs `9.0` as numbers. */
export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function toMap(list: readonly DotnetVersionInfo[]): ReadonlyMap<string, DotnetVersionInfo> {
  return new Map([...list].sort((a, b) => compareVersions(a.version, b.version)).map(v => [v.version, v]));
}

function sameVersions(a: ReadonlyMap<string, DotnetVersionInfo>, b: ReadonlyMap<string, DotnetVersionInfo>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => JSON.stringify(v) === JSON.stringify(b.get(k)));
}

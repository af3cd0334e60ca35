/**
 * Keeps the .NET calendar current from the official release metadata without ever waiting for it: what is at
 * hand (a day cache, else the bundled facts) is used at once, a refresh runs in the background, and its facts
 * are taken when they arrive. Failures are notes, never exceptions: the bundled facts are always there.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sendRequest } from '../http/sendRequest';
import { userCacheDir } from '../environment/userCache';
import { bundledReleaseIndexAsOf } from './bundledReleaseIndex';
import { releaseFactsSource, useBundledReleaseFacts, useReleaseIndex } from './dotnetSupport';
import { maxReleaseIndexBytes, ParsedReleaseIndex, parseReleaseIndex, parseReleaseIndexText } from './releaseIndex';

/** Where Microsoft publishes the index (dotnet-release-metadata.md). */
export const defaultReleaseMetadataUrl = 'https://builds.dotnet.microsoft.com/dotnet/release-metadata/releases-index.json';
/** The CLI's override: a URL (a mirror, a test server), or empty for no network at all. */
export const releaseMetadataUrlVariable = 'DOTNET_CONTAINERS_RELEASE_METADATA_URL';

const dayMs = 24 * 60 * 60 * 1000;
/** After a failed attempt, the next one waits this long: an offline machine is not asked again on every run. */
const retryAfterFailureMs = 60 * 60 * 1000;
const defaultTimeoutMs = 5000;
const cacheFormat = 1;

export interface ReleaseMetadataOptions {
  /** The index URL; `''` means offline (bundled facts only). */
  readonly url: string;
  /** The day cache; without one every start fetches. */
  readonly cacheFile?: string;
  readonly now: () => Date;
  /** Where quiet notes go (the output channel, `doctor`): a fetch that failed, a document that was refused. */
  readonly note: (text: string) => void;
  readonly timeoutMs?: number;
}

/** What the cache file holds. */
interface CacheRecord {
  readonly format: number;
  readonly url: string;
  /** When the document was fetched (ISO). */
  readonly fetchedAt?: string;
  readonly document?: unknown;
  /** The last failed attempt (ISO) and why, kept beside the last good document. */
  readonly failedAt?: string;
  readonly failure?: string;
}

export type RefreshOutcome =
  | { readonly kind: 'updated'; readonly skipped: readonly string[] }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'offline' }
  | { readonly kind: 'not-due' };

/** The CLI's cache file, in the per-user cache folder (userCacheDir). */
export function cliReleaseMetadataCacheFile(env: NodeJS.ProcessEnv, home = os.homedir(), platform: NodeJS.Platform = process.platform): string {
  return (platform === 'win32' ? path.win32.join : path.posix.join)(userCacheDir(env, home, platform), 'release-metadata.json');
}

/** The URL the CLI uses: the environment variable when set (empty: offline), else Microsoft's. */
export function cliReleaseMetadataUrl(env: NodeJS.ProcessEnv): string {
  const value = env[releaseMetadataUrlVariable];
  return value === undefined ? defaultReleaseMetadataUrl : value.trim();
}

/**
 * Applies what is at hand, synchronously: the cached document for this URL when there is one (even a stale
 * one beats the bundled facts), else the bundled facts. Says whether a refresh is due: no cache, a cache
 * older than a day or for another URL, and no failed attempt in the last hour.
 */
export function applyCachedReleaseMetadata(options: ReleaseMetadataOptions): { readonly refreshDue: boolean; readonly lastFailure?: string } {
  if (options.url === '') {
    useBundledReleaseFacts();
    return { refreshDue: false };
  }
  const cached = readCache(options);
  const now = options.now().getTime();
  const usable = cached?.url === options.url ? cached : undefined;
  let applied = false;
  if (usable?.document !== undefined && usable.fetchedAt) {
    const parsed = parseReleaseIndex(usable.document);
    if (parsed.ok) {
      apply(parsed, { kind: 'cache', asOf: usable.fetchedAt.slice(0, 10), url: usable.url }, options);
      applied = true;
    } else {
      options.note(`.NET release metadata: ignored the cached copy in ${options.cacheFile}: ${parsed.reason}.`);
    }
  }
  if (!applied) useBundledReleaseFacts();
  const fetchedAt = applied && usable?.fetchedAt ? Date.parse(usable.fetchedAt) : NaN;
  // A fetch time in the future (a clock that moved back) counts as stale.
  const fresh = Number.isFinite(fetchedAt) && fetchedAt <= now && now - fetchedAt < dayMs;
  const failedAt = usable?.failedAt ? Date.parse(usable.failedAt) : NaN;
  const recentlyFailed = Number.isFinite(failedAt) && failedAt <= now && now - failedAt < retryAfterFailureMs;
  // A failure after the last good fetch is worth saying (doctor); an older one was made good since.
  const failureCurrent = Number.isFinite(failedAt) && !(Number.isFinite(fetchedAt) && fetchedAt > failedAt);
  const lastFailure = failureCurrent && usable?.failure ? `the last attempt, ${usable.failedAt}, failed: ${String(usable.failure).slice(0, 300)}` : undefined;
  return { refreshDue: !fresh && !recentlyFailed, ...(lastFailure ? { lastFailure } : {}) };
}

/**
 * Fetches the index, checks it, caches it and applies it. Never throws: an unreachable server, an HTTP error,
 * a malformed, wrongly shaped or oversized document each leave the facts in use as they were and come back as
 * `failed` with a note that says which facts are used instead.
 */
export async function refreshReleaseMetadata(options: ReleaseMetadataOptions): Promise<RefreshOutcome> {
  if (options.url === '') return { kind: 'offline' };
  let url: URL;
  try {
    url = new URL(options.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not an http(s) URL');
  } catch {
    return failed(options, `"${options.url}" is not an http(s) URL`);
  }
  const sent = await sendRequest({
    method: 'GET',
    url,
    headers: { Accept: 'application/json' },
    timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
    maxBodyBytes: maxReleaseIndexBytes,
  });
  if (!sent.ok) return failed(options, sent.failure.kind === 'too-large' ? `the answer is larger than ${maxReleaseIndexBytes / 1024} KiB` : sent.failure.message);
  if (sent.answer.status !== 200) return failed(options, `HTTP ${sent.answer.status} from ${url.host}${url.pathname}`);
  const parsed = parseReleaseIndexText(sent.answer.body);
  if (!parsed.ok) return failed(options, `the document was refused: ${parsed.reason}`);
  const fetchedAt = options.now().toISOString();
  writeCache(options, { format: cacheFormat, url: options.url, fetchedAt, document: JSON.parse(sent.answer.body.toString('utf8')) });
  apply(parsed, { kind: 'live', asOf: fetchedAt.slice(0, 10), url: options.url }, options);
  return { kind: 'updated', skipped: parsed.skipped };
}

/**
 * Both steps: what is at hand now, and the refresh in the background when due. The caller never waits;
 * `refreshed` settles (never rejects) when the background work is done.
 */
export function startReleaseMetadata(options: ReleaseMetadataOptions): { readonly refreshed: Promise<RefreshOutcome> } {
  const { refreshDue } = applyCachedReleaseMetadata(options);
  if (!refreshDue) return { refreshed: Promise.resolve(options.url === '' ? { kind: 'offline' } : { kind: 'not-due' }) };
  return { refreshed: refreshReleaseMetadata(options).catch(error => failed(options, (error as Error).message)) };
}

/** One line on where the facts in use come from, for reports. */
export function describeReleaseFacts(): string {
  const source = releaseFactsSource();
  switch (source.kind) {
    case 'bundled': return `bundled facts of ${bundledReleaseIndexAsOf}`;
    case 'cache': return `release metadata fetched ${source.asOf} (cached) from ${source.url}`;
    case 'live': return `release metadata fetched ${source.asOf} from ${source.url}`;
  }
}

function apply(parsed: ParsedReleaseIndex & { ok: true }, from: Parameters<typeof useReleaseIndex>[1], options: ReleaseMetadataOptions): void {
  const { ignored } = useReleaseIndex(parsed.channels, from);
  const left = [...parsed.skipped, ...ignored];
  if (left.length) options.note(`.NET release metadata from ${from.url}: left out ${left.join('; ')}.`);
}

function failed(options: ReleaseMetadataOptions, message: string): RefreshOutcome {
  options.note(`.NET release metadata: ${options.url} was not used (${message}); using the ${describeReleaseFacts()}.`);
  const cached = readCache({ ...options, note: () => undefined });
  const keep = cached?.url === options.url ? cached : { format: cacheFormat, url: options.url };
  writeCache(options, { ...keep, failedAt: options.now().toISOString(), failure: message });
  return { kind: 'failed', message };
}

function readCache(options: ReleaseMetadataOptions): CacheRecord | undefined {
  if (!options.cacheFile) return undefined;
  let text: string;
  try {
    const stat = fs.statSync(options.cacheFile);
    // The cache holds one index and a few fields; a larger file is not ours.
    if (stat.size > maxReleaseIndexBytes * 2) throw new Error(`it is larger than ${maxReleaseIndexBytes * 2} bytes`);
    text = fs.readFileSync(options.cacheFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') options.note(`.NET release metadata: cannot read the cache ${options.cacheFile} (${code ?? (error as Error).message}); it is ignored.`);
    return undefined;
  }
  try {
    const record = JSON.parse(text) as unknown;
    if (typeof record !== 'object' || record === null || (record as CacheRecord).format !== cacheFormat || typeof (record as CacheRecord).url !== 'string') {
      throw new Error('not a cache record');
    }
    return record as CacheRecord;
  } catch (error) {
    options.note(`.NET release metadata: the cache ${options.cacheFile} is corrupt (${(error as Error).message.slice(0, 100)}); it is ignored.`);
    return undefined;
  }
}

function writeCache(options: ReleaseMetadataOptions, record: CacheRecord): void {
  if (!options.cacheFile) return;
  const temporary = `${options.cacheFile}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(options.cacheFile), { recursive: true });
    // Written aside and renamed, so that a reader never sees half a file.
    fs.writeFileSync(temporary, JSON.stringify(record));
    fs.renameSync(temporary, options.cacheFile);
  } catch (error) {
    try { fs.rmSync(temporary, { force: true }); } catch { /* the note below says the cache was not written */ }
    options.note(`.NET release metadata: cannot write the cache ${options.cacheFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

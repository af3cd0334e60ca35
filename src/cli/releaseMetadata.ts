import {
  applyCachedReleaseMetadata, cliReleaseMetadataCacheFile, cliReleaseMetadataUrl, describeReleaseFacts, RefreshOutcome, ReleaseMetadataOptions, startReleaseMetadata,
} from '../core/images/releaseMetadata';

import { readsCalendar } from './calendarCommands';

// The CLI's side of the .NET calendar: the day cache under $XDG_CACHE_HOME (or ~/.cache), the URL from
// DOTNET_CONTAINERS_RELEASE_METADATA_URL. A run uses what is cached at once; a due refresh runs in the background
// and serves the next run. Its notes are quiet: `doctor` shows them (DOTNET_CONTAINERS_DEBUG=1: stderr too).

/** A short wait: the answer is already written when the refresh may still hold the process. */
const cliTimeoutMs = 3000;

const notes: string[] = [];

/**
 * Applies the cached facts for `command`, and starts the background refresh for generate, compose and lint (the
 * returned promise, which the CLI does not wait for).
 */
export function startCliReleaseMetadata(command: string | undefined, env: NodeJS.ProcessEnv, now: () => Date, debug: (text: string) => void): Promise<RefreshOutcome> | undefined {
  if (!readsCalendar(command)) return undefined;
  // One run's notes: the previous run's are in the cache's last failure.
  notes.length = 0;
  const options: ReleaseMetadataOptions = {
    url: cliReleaseMetadataUrl(env),
    cacheFile: cliReleaseMetadataCacheFile(env),
    now,
    timeoutMs: cliTimeoutMs,
    note: text => {
      notes.push(text);
      if (env.DOTNET_CONTAINERS_DEBUG === '1') debug(text);
    },
  };
  if (command === 'doctor') {
    const { lastFailure } = applyCachedReleaseMetadata(options);
    if (lastFailure) options.note(`.NET release metadata from ${options.url}: ${lastFailure}`);
    return undefined;
  }
  return startReleaseMetadata(options).refreshed;
}

/** Where the facts in use come from, and the notes of this run, for `doctor`. */
export function releaseFactsReport(): { readonly source: string; readonly notes: readonly string[] } {
  return { source: describeReleaseFacts(), notes: [...notes] };
}

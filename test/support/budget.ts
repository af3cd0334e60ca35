import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import { performance } from 'node:perf_hooks';

/**
 * What one call costs: the time it held the calling thread, and what it allocated. Allocation is measured with V8's sampling heap
 * profiler told to keep the samples of objects the garbage collector has already freed, so garbage counts too
 * (a heap-size difference would miss whatever a collection took back during the call), plus the ArrayBuffers
 * (file bytes) the call left behind. Sampling every 16 KB makes it an estimate good to well under a megabyte.
 */
export interface Cost {
  readonly ms: number;
  readonly allocatedBytes: number;
}

let session: inspector.Session | undefined;

/** The in-process inspector answers synchronously: the callback has run when post returns. */
function post<T>(method: string, params?: object): T {
  session ??= (() => { const opened = new inspector.Session(); opened.connect(); return opened; })();
  let failure: Error | null = null;
  let answer: T | undefined;
  session.post(method, params, (error, result) => { failure = error; answer = result as T; });
  if (failure) throw failure;
  return answer as T;
}

interface SamplingProfile { profile: { samples: Array<{ size: number }> } }

/** Bytes allocated by `action`, garbage included. */
export function allocatedBy(action: () => unknown): number {
  post('HeapProfiler.enable');
  const buffersBefore = process.memoryUsage().arrayBuffers;
  post('HeapProfiler.startSampling', { samplingInterval: 16 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  try {
    action();
  } finally {
    const { profile } = post<SamplingProfile>('HeapProfiler.stopSampling');
    const buffers = Math.max(0, process.memoryUsage().arrayBuffers - buffersBefore);
    post('HeapProfiler.disable');
    lastHeapBytes = profile.samples.reduce((sum, sample) => sum + sample.size, 0) + buffers;
  }
  return lastHeapBytes;
}
let lastHeapBytes = 0;

/**
 * The cost of `action`: the least of `runs` calls' time holding the calling thread (the extension host's, in the
 * product), and the allocation of one more call. That is the wall time less the time the thread sat runnable
 * waiting for a core (Linux's schedstat run delay): on a machine other work shares (the stress run's stress-ng),
 * wall time alone counts that wait, while CPU time alone would miss a call that blocks the thread (a synchronous
 * read or wait), which holds the host as surely as computing does. Without schedstat, wall time.
 */
export function costOf(action: () => unknown, runs = 3): Cost {
  let ms = Infinity;
  for (let run = 0; run < runs; run++) ms = Math.min(ms, timed(action).ms);
  return { ms, allocatedBytes: allocatedBy(action) };
}

/** `action`'s value and the time it held this thread (see {@link costOf}): wall time less the run-queue wait. */
export function timed<T>(action: () => T): { readonly value: T; readonly ms: number } {
  const waitedBefore = runQueueWaitMs();
  const started = performance.now();
  const value = action();
  const wall = performance.now() - started;
  const waited = waitedBefore === undefined ? 0 : (runQueueWaitMs() ?? waitedBefore) - waitedBefore;
  return { value, ms: wall - waited };
}

/** How long this (main) thread has waited runnable for a core, in ms: the second field of its schedstat. */
function runQueueWaitMs(): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    const nanoseconds = Number(fields[1]);
    return Number.isFinite(nanoseconds) ? nanoseconds / 1e6 : undefined;
  } catch {
    return undefined; // not Linux, or no schedstat: wall time
  }
}

export const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

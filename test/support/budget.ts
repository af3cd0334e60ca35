import * as inspector from 'node:inspector';
import { performance } from 'node:perf_hooks';

/**
 * What one call costs: its wall time, and what it allocated. Allocation is measured with V8's sampling heap
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
 * The cost of `action`: the fastest of `runs` timed calls (a collection or a busy machine can only slow a
 * call down, never speed it up, so the fastest is the call's own cost), and the allocation of one more call.
 */
export function costOf(action: () => unknown, runs = 3): Cost {
  let ms = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    action();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, allocatedBytes: allocatedBy(action) };
}

export const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

import * as inspector from 'node:inspector';

/**
 * What one call costs: the CPU time the process spent on it, and what it allocated. Allocation is measured with V8's sampling heap
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
 * The cost of `action`: the least CPU time (user and system, every thread of the process: the garbage
 * collector's and the compiler's helpers count too) of `runs` calls, and the allocation of one more call. CPU time,
 * not wall time: what the budget limits is how long the call keeps the extension host busy, and on a machine that
 * other work shares (the stress run's stress-ng) wall time also counts the time the call waited for a core.
 */
export function costOf(action: () => unknown, runs = 3): Cost {
  let ms = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = process.cpuUsage();
    action();
    const { user, system } = process.cpuUsage(started);
    ms = Math.min(ms, (user + system) / 1000);
  }
  return { ms, allocatedBytes: allocatedBy(action) };
}

export const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

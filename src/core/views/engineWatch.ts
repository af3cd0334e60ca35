import { debounce } from '../engine/debounce';
import type { EngineError, EngineEvent, EngineResult } from '../engine/engineTypes';
import type { EventStream } from '../engine/engineClient';

// Keeps a view in step with the engine: follows `GET /events`, calls onChange once per burst (a build or a
// prune sends dozens of events), and when the engine goes away reconnects with a growing pause, so a
// stopped Docker costs a probe now and then rather than a busy loop.

export interface EventSource {
  events(filters: Readonly<Record<string, readonly string[]>>, onEvent: (event: EngineEvent) => void): EventStream;
}

export interface EngineWatchOptions {
  /** Connects (again); a failure is retried after the backoff. */
  readonly connect: () => Promise<EngineResult<EventSource>>;
  readonly filters: Readonly<Record<string, readonly string[]>>;
  /** The view should load again: events arrived, or the engine went away or came back. */
  readonly onChange: () => void;
  /** Told on each connection, and once per loss of the engine (for logs and tests). */
  readonly onConnection?: (connected: boolean, error?: EngineError) => void;
  readonly debounceMs?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export interface EngineWatch {
  /** Ends the stream and any pending pause or change; nothing is called afterwards. */
  stop(): void;
}

export function watchEngine(options: EngineWatchOptions): EngineWatch {
  const initialBackoffMs = options.initialBackoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  let stopped = false;
  let stream: EventStream | undefined;
  let pause: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  const changed = debounce(() => { if (!stopped) options.onChange(); }, options.debounceMs ?? 500);

  const wait = (ms: number) => new Promise<void>(resolve => {
    pause = { timer: setTimeout(resolve, ms), resolve };
  });

  const loop = async () => {
    let backoffMs = initialBackoffMs;
    // The view loaded before the watch started: only a reconnection after a loss means "load again".
    let lostEngine = false;
    while (!stopped) {
      const connected = await options.connect();
      if (stopped) break;
      if (!connected.ok) {
        if (!lostEngine) options.onConnection?.(false, connected.error);
        lostEngine = true;
        await wait(backoffMs);
        backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
        continue;
      }
      options.onConnection?.(true);
      if (lostEngine) changed();
      lostEngine = false;
      const startedAt = Date.now();
      stream = connected.value.events(options.filters, () => changed());
      const ended = await stream.done;
      stream = undefined;
      if (stopped) break;
      lostEngine = true;
      options.onConnection?.(false, ended.ok ? undefined : ended.error);
      changed();
      // A stream that the engine keeps refusing at once must not become a loop of reconnections.
      backoffMs = Date.now() - startedAt > maxBackoffMs ? initialBackoffMs : Math.min(maxBackoffMs, backoffMs * 2);
      await wait(backoffMs);
    }
  };
  void loop().catch(() => { /* connect and the stream report failures as values; nothing else can throw here */ });

  return {
    stop: () => {
      stopped = true;
      changed.cancel();
      stream?.stop();
      if (pause) {
        clearTimeout(pause.timer);
        pause.resolve();
      }
    },
  };
}

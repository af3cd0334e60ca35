import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { GenericFindings, genericFindings } from './genericChecks';

/**
 * Generic checks under way for one text: `result()` gives their findings, waiting for them if they still run.
 * lintDockerfile starts them before its own rules and asks for them after, so that the two can overlap.
 */
export interface StartedGenericChecks {
  result(): GenericFindings;
}

/** Where dockerfile-utils' generic checks run: on the linting thread (inline) or on a worker thread. */
export interface GenericChecksRunner {
  start(text: string): StartedGenericChecks;
}

/** The generic checks on the caller's thread, when their result is asked for (the CLI, tests). */
export const inlineGenericChecks: GenericChecksRunner = {
  start: text => ({ result: () => genericFindings(text) }),
};

/** A job for the worker (genericChecksWorker.ts), and its answer. */
export interface GenericChecksJob {
  readonly id: number;
  readonly text: string;
}

export type GenericChecksAnswer =
  | { readonly id: number; readonly findings: GenericFindings['findings'] }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

/** The worker's start-up data: its end of the job channel and the flags both threads share. */
export interface GenericChecksWorkerData {
  readonly port: MessagePort;
  /** [the id of the last job answered, 1 once the worker has loaded dockerfile-utils]. */
  readonly flags: Int32Array;
}

export const ANSWERED = 0;
export const READY = 1;

/** How long a lint may wait for the generic checks, counted from when they were started (issue 11's budget is 200 ms a lint). */
const DEFAULT_BUDGET_MS = 150;
/** A worker that fails this many times in a row is not started again: the checks stay inline for the session. */
const MAX_FAILURES = 3;

/**
 * dockerfile-utils' generic checks on a worker thread, so that they run while the linting thread runs our rules:
 * they parse the text themselves (validate takes no parsed Dockerfile), and on the editor's thread that parse and
 * their checks came on top of ours on every keystroke. The wait for them is synchronous (Atomics.wait, then
 * receiveMessageOnPort), so lintDockerfile stays a plain call. A worker that does not answer within the budget
 * (a hostile file, a crash) is stopped and the lint says so; until a worker has loaded, and after repeated
 * failures, the checks run inline. Start-up failures and give-ups go to `log`.
 */
export class GenericChecksThread implements GenericChecksRunner {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private flags: Int32Array | undefined;
  private nextId = 0;
  private failures = 0;
  /** Why the current worker ended, when it ended on its own (reported by the wait that was cut short). */
  private ended: Error | undefined;

  constructor(
    private readonly workerScript: string,
    private readonly log: (line: string) => void,
    private readonly budgetMs = DEFAULT_BUDGET_MS,
  ) {}

  start(text: string): StartedGenericChecks {
    if (!this.ready()) return inlineGenericChecks.start(text);
    const id = ++this.nextId;
    const startedAt = Date.now();
    this.port!.postMessage({ id, text } satisfies GenericChecksJob);
    return { result: () => this.answer(id, startedAt) };
  }

  /** Stops the worker (the extension's deactivation). */
  dispose(): void {
    this.failures = MAX_FAILURES;
    this.stop();
  }

  /**
   * Whether a loaded worker takes jobs; starts one when there is none (and it has not failed too often). Lints
   * never wait for it; a bench or a test may, to measure or check the worker itself.
   */
  ready(): boolean {
    if (!this.worker) {
      if (this.failures >= MAX_FAILURES) return false;
      this.spawn();
      return false;
    }
    return Atomics.load(this.flags!, READY) === 1;
  }

  private spawn(): void {
    const { port1, port2 } = new MessageChannel();
    const flags = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
    let worker: Worker;
    try {
      worker = new Worker(this.workerScript, {
        workerData: { port: port2, flags } satisfies GenericChecksWorkerData,
        transferList: [port2],
        // A file that makes the checks allocate without end ends the worker, not the editor's process.
        resourceLimits: { maxOldGenerationSizeMb: 128 },
      });
    } catch (error) {
      this.failed(`could not start (${(error as Error).message})`);
      return;
    }
    // Neither keeps a CLI or a test process alive.
    worker.unref();
    port1.unref();
    worker.on('error', error => { if (this.worker === worker) this.ended = error; });
    worker.on('exit', code => {
      if (this.worker !== worker) return;
      this.failed(`ended (${this.ended?.message ?? `exit code ${code}`})`);
      this.worker = undefined;
    });
    this.worker = worker;
    this.port = port1;
    this.flags = flags;
    this.ended = undefined;
  }

  private answer(id: number, startedAt: number): GenericFindings {
    const flags = this.flags!;
    const port = this.port!;
    for (let answered = Atomics.load(flags, ANSWERED); answered < id; answered = Atomics.load(flags, ANSWERED)) {
      const left = startedAt + this.budgetMs - Date.now();
      if (left <= 0 || !this.worker) return this.stopped(id);
      Atomics.wait(flags, ANSWERED, answered, left);
    }
    // The worker posts its answer before it raises the flag; earlier jobs' answers (a lint that threw before it
    // asked for them) are passed over.
    for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
      const answer = received.message as GenericChecksAnswer;
      if (answer.id !== id) continue;
      this.failures = 0;
      return 'error' in answer ? { findings: [], error: Object.assign(new Error(answer.error.message), answer.error) } : { findings: answer.findings };
    }
    return this.stopped(id);
  }

  /** No answer in time: the worker is stopped (a new one starts on the next lint) and this lint says why. */
  private stopped(id: number): GenericFindings {
    const why = this.ended ?? new Error(`the generic checks gave no answer within ${this.budgetMs} ms on this Dockerfile and were stopped`);
    this.failed(`gave no answer to job ${id} (${why.message})`);
    this.stop();
    return { findings: [], error: why };
  }

  private failed(what: string): void {
    this.failures++;
    const next = this.failures >= MAX_FAILURES ? 'they run on the editor\'s thread from now on' : 'a new worker starts on the next lint';
    this.log(`The generic checks' worker thread ${what}; ${next}.`);
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.port?.close();
    void worker?.terminate();
  }
}

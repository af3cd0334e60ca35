import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * How a lint asks the real disk about a path: every question it puts to the disk (does it exist, is it a folder,
 * has a listing or a file changed since it was last read) is a stat. Directly by default (the CLI); the
 * extension keeps the answers between lints with a {@link WatchedDisk}.
 */
export interface DiskStats {
  /** The path's stat (links followed), or undefined when there is nothing there or it cannot be reached. */
  stat(file: string): fs.Stats | undefined;
}

export const directDisk: DiskStats = { stat: statOnDisk };

function statOnDisk(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Whether two stats are of the same version of a file or folder (or both of nothing): an edit changes its size
 * or times, a replacement its inode. A kept answer is the same object, which says so at once.
 */
export function sameVersion(a: fs.Stats | undefined, b: fs.Stats | undefined): boolean {
  if (a === b) return true;
  return a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

interface Answer {
  readonly stat: fs.Stats | undefined;
  readonly at: number;
}

/** How long an answer is trusted without an event: the bound on staleness when the watcher misses something. */
export const WATCHED_ANSWER_MS = 2000;
const ANSWERS_SIZE = 4096;

/**
 * Stats of paths inside the folders an editor's file watcher watches, kept until the watcher reports a change
 * there ({@link changed}) or `maxAgeMs` has passed. The editor lints on every pause in typing while the files
 * around the Dockerfile stay as they were; a lint asks the disk about a hundred questions (the build context's
 * probes, the folders up to the repository, the stamps of every file the project read), each a system call, and
 * on a machine busy with a build each call can wait for the CPU. Paths outside the watched folders are asked
 * every time. A watcher can miss changes (an exclusion, a watch limit, a link), so no answer is kept longer than
 * `maxAgeMs`, which is also the clock's only use.
 */
export class WatchedDisk implements DiskStats {
  private readonly answers = new Map<string, Answer>();
  private roots: readonly string[] = [];
  private readonly caseless: boolean;

  constructor(private readonly clock: () => number, private readonly maxAgeMs = WATCHED_ANSWER_MS, platform: NodeJS.Platform = process.platform) {
    // Windows and macOS match paths without regard to case by default: an event may spell a path otherwise.
    this.caseless = platform === 'win32' || platform === 'darwin';
  }

  /** The watched folders (the workspace folders); answers outside the new set are dropped. */
  watch(roots: readonly string[]): void {
    this.roots = roots.map(root => path.resolve(root));
    for (const file of [...this.answers.keys()]) if (!this.watches(file)) this.answers.delete(file);
  }

  stat(file: string): fs.Stats | undefined {
    const now = this.clock();
    const known = this.answers.get(file);
    if (known && now - known.at < this.maxAgeMs) return known.stat;
    const stat = statOnDisk(file);
    if (this.watches(file)) {
      this.answers.delete(file);
      if (this.answers.size >= ANSWERS_SIZE) this.answers.delete(this.answers.keys().next().value!);
      this.answers.set(file, { stat, at: now });
    }
    return stat;
  }

  /**
   * The watcher saw `file` created, changed or deleted: its answer, the answers below it (a folder deleted or
   * renamed) and its folder's (whose listing changed) are dropped. Returns whether anything was dropped, that
   * is, whether a lint may have used an answer that no longer holds.
   */
  changed(file: string): boolean {
    const changed = this.key(path.resolve(file));
    const folder = this.key(path.dirname(path.resolve(file)));
    let dropped = false;
    for (const known of [...this.answers.keys()]) {
      const key = this.key(known);
      if (key === changed || key === folder || key.startsWith(changed.endsWith(path.sep) ? changed : changed + path.sep)) {
        this.answers.delete(known);
        dropped = true;
      }
    }
    return dropped;
  }

  /** Every answer dropped (the watcher was replaced, or cannot be trusted any more). */
  forgetAll(): void {
    this.answers.clear();
  }

  private watches(file: string): boolean {
    const key = this.key(file);
    return this.roots.some(root => {
      const rootKey = this.key(root);
      return key === rootKey || key.startsWith(rootKey.endsWith(path.sep) ? rootKey : rootKey + path.sep);
    });
  }

  private key(file: string): string {
    return this.caseless ? file.toLowerCase() : file;
  }
}

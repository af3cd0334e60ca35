import { childProcessModule } from '../lazyBuiltins';

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the process could not start or was killed by the timeout. */
  readonly error?: string;
}

/** Runs an executable with an argv array (never through a shell) and collects its output; never throws. */
export function runProcess(file: string, args: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<ProcessResult> {
  return new Promise(resolve => {
    childProcessModule().execFile(file, [...args], { timeout: options.timeoutMs ?? 10_000, env: options.env, cwd: options.cwd, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      const reason = error && (error.killed ? `timed out after ${options.timeoutMs ?? 10_000} ms` : typeof error.code === 'string' ? error.code : undefined);
      resolve({ exitCode, stdout: String(stdout), stderr: String(stderr), ...(reason ? { error: reason } : {}) });
    });
  });
}

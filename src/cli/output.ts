// What every command writes to and reads from: passed in, so a command runs in a test without a process.

export type Print = (text: string) => void;

export interface CommandIo {
  /** One line (or block) of the command's answer, on stdout. */
  readonly out: Print;
  /** Errors, warnings and progress, on stderr. */
  readonly err: Print;
  /** The time of the run: the .NET calendar's "today". */
  readonly now: Date;
  readonly env: NodeJS.ProcessEnv;
}

/** Exit codes, the same for every command. */
export const exitCode = {
  ok: 0,
  /** lint: a finding is an error; images, tags: the engine or registry failed; generate: a different Dockerfile is kept. */
  findings: 1,
  /** A bad argument, or a file that cannot be read or written. */
  usage: 2,
} as const;

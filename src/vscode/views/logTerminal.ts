import { ChildProcess, spawn } from 'node:child_process';
import * as vscode from 'vscode';

// A terminal that shows a process's output as it comes (`docker logs --follow …`): the process is ours, started
// with an argv (never a shell string), stopped when the terminal closes. What it printed is kept (the last part) so
// that the caller, and the in-host tests, can read what the user sees.

/** How much of the output is kept for `text()`. */
const keptCharacters = 256 * 1024;

export class LogTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private child: ChildProcess | undefined;
  private kept = '';
  private exit: Promise<number | null> | undefined;

  constructor(private readonly file: string, private readonly argv: readonly string[], private readonly env: NodeJS.ProcessEnv) {}

  open(): void {
    const child = spawn(this.file, [...this.argv], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const show = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.kept = (this.kept + text).slice(-keptCharacters);
      this.written.fire(text.replace(/\r?\n/g, '\r\n'));
    };
    child.stdout?.on('data', show);
    child.stderr?.on('data', show);
    this.exit = new Promise(resolve => {
      child.on('error', error => {
        show(Buffer.from(`${vscode.l10n.t('Could not start {0}: {1}', this.file, error.message)}\n`));
        resolve(null);
      });
      child.on('close', code => {
        this.written.fire(`\r\n${vscode.l10n.t('[the process ended with exit code {0}]', code ?? '?')}\r\n`);
        resolve(code);
      });
    });
  }

  close(): void {
    if (this.child && this.child.exitCode === null) this.child.kill();
  }

  /** What the process has printed so far (the last 256 KB). */
  text(): string {
    return this.kept;
  }

  /** Resolves when `text()` holds `expected`, or rejects after `timeoutMs` with what it holds. */
  async waitFor(expected: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!expected.test(this.kept)) {
      if (Date.now() > deadline) throw new Error(`the log terminal did not show ${expected} within ${timeoutMs} ms; it shows:\n${this.kept.slice(-2000)}`);
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    return this.kept;
  }

  /** The process's exit code, once it ended (null when it could not start). */
  ended(): Promise<number | null> | undefined {
    return this.exit;
  }
}

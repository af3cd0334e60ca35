import { spawn } from 'node:child_process';
import type { Argv } from './sideContainer';
import type { CliResult, ContainerCliRunner } from './session';

// The container CLI (docker or podman, by path) run as a process with an argv array, never a shell.

const keep = 4 * 1024 * 1024;
const tail = (text: string) => (text.length > keep ? text.slice(-keep) : text);

/**
 * A runner for `diagnose`: `cli` is the executable, `env` its whole environment (DOCKER_HOST and the like come
 * from there). Children still running when `signal` aborts are stopped.
 */
export function containerCliRunner(cli: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): ContainerCliRunner {
  return {
    run(argv: Argv, options = {}) {
      return new Promise<CliResult>(resolve => {
        if (signal?.aborted && argv[0] !== 'rm') return resolve({ code: 130, stdout: '', stderr: 'interrupted' });
        const child = spawn(cli, [...argv], { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
        let stdout = '';
        let stderr = '';
        let settled = false;
        const finish = (result: CliResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        };
        const onAbort = () => { if (argv[0] !== 'rm') child.kill('SIGTERM'); };
        signal?.addEventListener('abort', onAbort);
        const timer = setTimeout(() => {
          stderr += `\ntimed out after ${Math.round((options.timeoutMs ?? 0) / 1000)} s`;
          child.kill('SIGKILL');
        }, options.timeoutMs ?? 10 * 60_000);
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout = tail(stdout + chunk); });
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = tail(stderr + chunk); });
        child.stdin.on('error', () => { /* the CLI may exit before it reads its input; its exit code says why */ });
        child.on('error', error => finish({ code: 127, stdout, stderr: `${stderr}${(error as NodeJS.ErrnoException).code === 'ENOENT' ? `${cli}: not found` : error.message}` }));
        child.on('close', code => finish({ code: code ?? 1, stdout, stderr }));
        if (options.input) {
          options.input(child.stdin).catch(error => {
            stderr += `\n${(error as Error).message}`;
            child.stdin.destroy();
          });
        } else {
          child.stdin.end();
        }
      });
    },
    interactive(argv: Argv) {
      return new Promise<number>(resolve => {
        const child = spawn(cli, [...argv], { env, stdio: 'inherit' });
        child.on('error', () => resolve(127));
        child.on('close', code => resolve(code ?? 1));
      });
    },
  };
}

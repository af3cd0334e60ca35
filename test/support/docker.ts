import { execFile } from 'node:child_process';
import * as http from 'node:http';

export interface DockerResult { code: number; stdout: string; stderr: string }

export interface DockerOptions {
  /** Working directory of the client. */
  cwd?: string;
  /** Added to process.env (DOCKER_HOST comes from there: the test engine the runner started). */
  env?: NodeJS.ProcessEnv;
  /** Written to the client's stdin (e.g. a Dockerfile for `build -f -`). */
  input?: string;
  /** Kills the client after this long (default 10 minutes: builds on vfs are slow). */
  timeoutMs?: number;
}

/** The docker client the runner chose (DC_DOCKER_CLI, Debian's 20.10 with BuildKit), else `docker` on PATH. */
export const dockerCli = (): string => process.env.DC_DOCKER_CLI ?? 'docker';

/**
 * Runs the docker client with an argv array (never through a shell). Resolves with the exit code and
 * output even when the command fails; a client that cannot start gives code 127.
 */
export function docker(args: readonly string[], opts: DockerOptions = {}): Promise<DockerResult> {
  return new Promise(resolve => {
    const child = execFile(dockerCli(), [...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      timeout: opts.timeoutMs ?? 10 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      if (!error) return resolve({ code: 0, stdout, stderr });
      const code = typeof error.code === 'number' ? error.code : error.code === 'ENOENT' ? 127 : 1;
      const reason = error.killed ? `killed after ${opts.timeoutMs ?? 600_000} ms` : '';
      resolve({ code, stdout, stderr: [stderr, reason, typeof error.code === 'string' ? error.message : ''].filter(Boolean).join('\n') });
    });
    child.stdin?.on('error', () => { /* the client may exit before reading stdin */ });
    child.stdin?.end(opts.input ?? '');
  });
}

/** Like docker(), but rejects (with the command and its stderr) unless it exits 0; resolves with trimmed stdout. */
export async function dockerOk(args: readonly string[], opts: DockerOptions = {}): Promise<string> {
  const result = await docker(args, opts);
  if (result.code !== 0) {
    throw new Error(`docker ${args.join(' ')} exited ${result.code}:\n${(result.stderr || result.stdout).trim().split('\n').slice(-30).join('\n')}`);
  }
  return result.stdout.trim();
}

export interface HttpResponse { status: number; headers: http.IncomingHttpHeaders; body: string }

/**
 * Polls `url` (plain HTTP, e.g. a published container port on 127.0.0.1) until it answers with a status
 * `accept` allows (default: any 2xx), or rejects after timeoutMs with the last status or error seen.
 */
export async function waitForHttp(url: string, timeoutMs: number, accept: (status: number) => boolean = s => s >= 200 && s < 300): Promise<HttpResponse> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt';
  for (;;) {
    try {
      const response = await httpGet(url, Math.max(1000, Math.min(5000, deadline - Date.now())));
      if (accept(response.status)) return response;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() >= deadline) throw new Error(`${url} did not answer as expected within ${timeoutMs} ms (last: ${last})`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/** One GET; resolves with status, headers and body (up to a few MB). */
export function httpGet(url: string, timeoutMs = 5000, headers: http.OutgoingHttpHeaders = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: timeoutMs, headers }, response => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', chunk => { if (body.length < 4 * 1024 * 1024) body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

import type { ChildProcess } from 'node:child_process';
import { Duplex } from 'node:stream';
import { childProcessModule } from '../lazyBuiltins';

/**
 * An engine behind `ssh://[user@]host[:port]` (a docker context or DOCKER_HOST), reached the way the docker
 * CLI reaches it: `ssh … host docker system dial-stdio`, whose stdin and stdout are the engine's socket.
 * ssh reads the user's own ssh config, keys, agent and known_hosts; nothing is asked interactively
 * (BatchMode), so a missing key fails with ssh's own message instead of a hidden prompt.
 */
export interface SshTarget {
  readonly user?: string;
  readonly hostname: string;
  readonly port?: number;
}

/** `ssh://user@host:port` → its parts; a path or query is refused, as the docker CLI refuses it. */
export function parseSshHost(host: string): { ok: true; value: SshTarget } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return { ok: false, error: `"${host}" is not an ssh://[user@]host[:port] address` };
  }
  if (url.protocol !== 'ssh:' || !url.hostname) return { ok: false, error: `"${host}" is not an ssh://[user@]host[:port] address` };
  if ((url.pathname && url.pathname !== '/') || url.search || url.password) return { ok: false, error: `"${host}": an ssh engine address has no path, query or password` };
  // The values become single argv elements after options; a leading "-" would still read as an option to ssh.
  const user = decodeURIComponent(url.username);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (user.startsWith('-') || hostname.startsWith('-')) return { ok: false, error: `"${host}": a user or host cannot start with "-"` };
  return { ok: true, value: { ...(user ? { user } : {}), hostname, ...(url.port ? { port: Number(url.port) } : {}) } };
}

/** The ssh argv (after `ssh`) for one connection to the remote engine. */
export function sshDialArgs(target: SshTarget): string[] {
  return [
    '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30', '-T',
    ...(target.user ? ['-l', target.user] : []),
    ...(target.port ? ['-p', String(target.port)] : []),
    '--', target.hostname, 'docker', 'system', 'dial-stdio',
  ];
}

/**
 * A socket-like stream to the remote engine, for http.request's `createConnection`. Each connection is one
 * ssh process; closing the stream ends it. ssh's own error text (auth, host key, no docker there) becomes the
 * stream's error when it exits before the exchange is over.
 */
export function dialSsh(target: SshTarget, env: NodeJS.ProcessEnv): Duplex {
  const child: ChildProcess = childProcessModule().spawn('ssh', sshDialArgs(target), { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { if (stderr.length < 4096) stderr += chunk.toString('utf8'); });
  const stream = new SshStream(child);
  child.on('error', error => stream.destroy(new Error(`cannot start ssh: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no ssh on PATH' : error.message}`)));
  // 'close': after ssh's stdout and stderr ended, so its last words are in; the stream ends only then.
  child.on('close', code => {
    const said = stderr.trim().split(/\r?\n/).filter(Boolean).pop();
    if (code !== 0 && !stream.destroyed) stream.destroy(new Error(`ssh ${target.user ? `${target.user}@` : ''}${target.hostname} exited with ${code}${said ? `: ${said}` : ''}`));
    else stream.push(null);
  });
  return stream;
}

/** A Duplex over the ssh process's stdio, with the socket methods http calls on its connections. */
class SshStream extends Duplex {
  constructor(private readonly child: ChildProcess) {
    super();
    child.stdout!.on('data', (chunk: Buffer) => { if (!this.push(chunk)) child.stdout!.pause(); });
    child.stdin!.on('error', () => { /* the process ended; its exit says why */ });
  }

  override _read(): void {
    this.child.stdout!.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // A write into an ssh that already gave up fails with EPIPE; its exit, just after, says why in ssh's words.
    this.child.stdin!.write(chunk, encoding, () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.child.stdin!.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.child.exitCode === null) this.child.kill();
    callback(error);
  }

  setTimeout(): this { return this; }
  setNoDelay(): this { return this; }
  setKeepAlive(): this { return this; }
  ref(): this { return this; }
  unref(): this { return this; }
}

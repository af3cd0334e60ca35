import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duplex } from 'node:stream';
import { homeDirectory } from '../lazyBuiltins';
import { dialSsh, parseSshHost } from './sshDialer';

/** How to reach one engine endpoint: a unix socket / named pipe, HTTP(S) with the docker CLI's TLS files, or ssh. */
export interface EngineTransport {
  readonly socketPath?: string;
  readonly origin: URL;
  readonly tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean };
  /** ssh:// engines: each connection is an `ssh … docker system dial-stdio` process. */
  readonly connect?: () => Duplex;
}

/** TLS material of a docker context (`contexts/tls/<id>/docker/`), which takes the place of DOCKER_CERT_PATH. */
export interface EndpointTls {
  readonly dir: string;
  readonly skipVerify: boolean;
}

/** The endpoint → how to reach it. */
export function engineTransport(host: string, env: NodeJS.ProcessEnv, contextTls?: EndpointTls): { ok: true; value: EngineTransport } | { ok: false; error: string } {
  const origin = new URL('http://docker');
  if (host.startsWith('unix://')) return { ok: true, value: { socketPath: host.slice('unix://'.length), origin } };
  if (host.startsWith('npipe://')) return { ok: true, value: { socketPath: host.slice('npipe://'.length).replace(/\//g, '\\'), origin } };
  if (/^(tcp|http|https):\/\//.test(host)) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    const set = (name: string) => env[name] !== undefined && env[name] !== '' && env[name] !== '0';
    // As the docker CLI: DOCKER_TLS_VERIFY verifies the engine's certificate, DOCKER_TLS only encrypts.
    const verify = contextTls ? !contextTls.skipVerify : set('DOCKER_TLS_VERIFY');
    const tls = host.startsWith('https://') || verify || set('DOCKER_TLS') || contextTls !== undefined;
    const port = url.port || (tls ? '2376' : '2375');
    const base = new URL(`${tls ? 'https' : 'http'}://${url.hostname}:${port}`);
    if (!tls) return { ok: true, value: { origin: base } };
    const certDir = contextTls?.dir ?? (env.DOCKER_CERT_PATH || path.join(homeDirectory(), '.docker'));
    const read = (name: string) => {
      try { return fs.readFileSync(path.join(certDir, name)); } catch { return undefined; }
    };
    const material: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean } = verify ? {} : { rejectUnauthorized: false };
    for (const name of ['ca', 'cert', 'key'] as const) {
      const content = read(`${name}.pem`);
      if (content) material[name] = content;
    }
    return { ok: true, value: { origin: base, tls: material } };
  }
  if (host.startsWith('ssh://')) {
    const target = parseSshHost(host);
    if (!target.ok) return target;
    return { ok: true, value: { origin, connect: () => dialSsh(target.value, env) } };
  }
  return { ok: false, error: `unsupported endpoint scheme in "${host}"` };
}

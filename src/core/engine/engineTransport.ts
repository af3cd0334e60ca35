import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** How to reach one engine endpoint: a unix socket / named pipe, or HTTP(S) with the docker CLI's TLS files. */
export interface EngineTransport {
  readonly socketPath?: string;
  readonly origin: URL;
  readonly tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
}

/** The endpoint → how to reach it. ssh:// endpoints go through the docker CLI, which this client does not start. */
export function engineTransport(host: string, env: NodeJS.ProcessEnv): { ok: true; value: EngineTransport } | { ok: false; error: string } {
  const origin = new URL('http://docker');
  if (host.startsWith('unix://')) return { ok: true, value: { socketPath: host.slice('unix://'.length), origin } };
  if (host.startsWith('npipe://')) return { ok: true, value: { socketPath: host.slice('npipe://'.length).replace(/\//g, '\\'), origin } };
  if (/^(tcp|http|https):\/\//.test(host)) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
    const tls = host.startsWith('https://') || verify;
    const port = url.port || (tls ? '2376' : '2375');
    const base = new URL(`${tls ? 'https' : 'http'}://${url.hostname}:${port}`);
    if (!tls) return { ok: true, value: { origin: base } };
    const certDir = env.DOCKER_CERT_PATH || path.join(os.homedir(), '.docker');
    const read = (name: string) => {
      try { return fs.readFileSync(path.join(certDir, name)); } catch { return undefined; }
    };
    const material: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
    for (const name of ['ca', 'cert', 'key'] as const) {
      const content = read(`${name}.pem`);
      if (content) material[name] = content;
    }
    return { ok: true, value: { origin: base, tls: material } };
  }
  if (host.startsWith('ssh://')) return { ok: false, error: 'ssh endpoints are reached through the docker CLI, not this client' };
  return { ok: false, error: `unsupported endpoint scheme in "${host}"` };
}

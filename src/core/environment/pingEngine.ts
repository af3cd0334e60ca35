import * as http from 'node:http';
import { plainHttpOptions } from '../http/plainHttp';
import { httpsModule } from '../lazyBuiltins';
import type * as Https from 'node:https';
import type { Socket } from 'node:net';
import { EndpointTls, EngineTransport, engineTransport } from '../engine/engineTransport';
import { isRecord } from './dockerConfig';

/** The answer of one engine endpoint. */
export type EngineProbe =
  | { readonly reachable: true; readonly product: 'Docker' | 'Podman'; readonly version: string; readonly apiVersion: string; readonly os: string; readonly arch: string }
  | { readonly reachable: false; readonly reason: string };

export interface PingOptions {
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** A docker context's TLS material. */
  readonly tls?: EndpointTls;
}

/** Asks an engine endpoint `GET /_ping` then `GET /version`, with a short timeout; never throws. */
export async function pingEngine(host: string, options: PingOptions = {}): Promise<EngineProbe> {
  // An ssh engine starts an ssh process and a remote docker first: give it longer.
  const timeoutMs = options.timeoutMs ?? (host.startsWith('ssh://') ? 15_000 : 1500);
  let target: RequestTarget;
  try {
    target = requestTarget(host, options.env ?? {}, options.tls);
  } catch (error) {
    return { reachable: false, reason: (error as Error).message };
  }
  try {
    const ping = await getText(target, '/_ping', timeoutMs);
    if (ping.status !== 200) return { reachable: false, reason: `/_ping answered HTTP ${ping.status}` };
    const version = await getText(target, '/version', timeoutMs);
    const info: unknown = JSON.parse(version.body);
    if (!isRecord(info)) return { reachable: false, reason: '/version did not answer a JSON object' };
    const components = Array.isArray(info.Components) ? info.Components : [];
    const isPodman = components.some(c => isRecord(c) && typeof c.Name === 'string' && /podman/i.test(c.Name))
      || (isRecord(info.Platform) && typeof info.Platform.Name === 'string' && /podman/i.test(info.Platform.Name));
    return {
      reachable: true,
      product: isPodman ? 'Podman' : 'Docker',
      version: String(info.Version ?? 'unknown'),
      apiVersion: String(info.ApiVersion ?? ping.apiVersion ?? 'unknown'),
      os: String(info.Os ?? 'unknown'),
      arch: String(info.Arch ?? 'unknown'),
    };
  } catch (error) {
    return { reachable: false, reason: describeConnectionError(error) };
  }
}

interface RequestTarget {
  readonly socketPath?: string;
  readonly hostname?: string;
  readonly port?: number;
  readonly tls?: EngineTransport['tls'];
  readonly connect?: EngineTransport['connect'];
}

/** The same endpoint reading as the Engine API client (sockets, tcp/https with TLS files, ssh). */
function requestTarget(host: string, env: NodeJS.ProcessEnv, contextTls?: EndpointTls): RequestTarget {
  const transport = engineTransport(host, env, contextTls);
  if (!transport.ok) throw new Error(transport.error);
  const { socketPath, origin, tls, connect } = transport.value;
  if (connect) return { connect };
  if (socketPath) return { socketPath };
  return { hostname: origin.hostname, port: Number(origin.port), ...(tls ? { tls } : {}) };
}

function getText(target: RequestTarget, urlPath: string, timeoutMs: number): Promise<{ status: number; body: string; apiVersion?: string }> {
  return new Promise((resolve, reject) => {
    // Host: docker as the docker CLI sends it over sockets; over TCP the real host stays, since TLS checks the certificate against it.
    const local = target.socketPath !== undefined || target.connect !== undefined;
    const options: Https.RequestOptions = { method: 'GET', path: urlPath, timeout: timeoutMs, headers: local ? { Host: 'docker' } : {} };
    if (target.connect) options.createConnection = target.connect as unknown as () => Socket;
    else if (target.socketPath) options.socketPath = target.socketPath;
    else {
      options.hostname = target.hostname;
      options.port = target.port;
    }
    const request = target.tls ? httpsModule().request({ ...options, ...target.tls }) : http.request(plainHttpOptions(options));
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.on('response', response => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const apiVersion = response.headers['api-version'];
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ...(typeof apiVersion === 'string' ? { apiVersion } : {}) });
      });
    });
    request.end();
  });
}

function describeConnectionError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return 'no socket at this path';
    case 'ECONNREFUSED': return 'connection refused (engine not running)';
    case 'EACCES': return 'permission denied (is your user in the docker group?)';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE': case 'SELF_SIGNED_CERT_IN_CHAIN': case 'DEPTH_ZERO_SELF_SIGNED_CERT': case 'CERT_HAS_EXPIRED': case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the engine's TLS certificate is not trusted (${code}): set DOCKER_CERT_PATH to the folder with its ca.pem, cert.pem and key.pem`;
    default: return (error as Error)?.message ?? String(error);
  }
}

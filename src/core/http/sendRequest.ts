import * as http from 'node:http';
import type * as Https from 'node:https';
import { httpsModule } from '../lazyBuiltins';
import { plainHttpOptions } from './plainHttp';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

// One HTTP exchange over Node's own http/https (no dependency), shared by the registry and the engine
// clients. It never throws and never rejects: every way a request can fail comes back as a value.

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

export interface OutgoingRequest {
  readonly method: HttpMethod;
  /** An absolute http(s) URL; with `socketPath`, only its path and query are used. */
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  /** The whole exchange, headers and body, must finish within this time. */
  readonly timeoutMs: number;
  /** Larger answers are refused rather than buffered (default 32 MiB). */
  readonly maxBodyBytes?: number;
  readonly signal?: AbortSignal;
  /** A unix socket or named pipe (the container engine). */
  readonly socketPath?: string;
  readonly agent?: http.Agent;
  /** Client certificate and CA for TLS engines (`DOCKER_CERT_PATH`); rejectUnauthorized false for DOCKER_TLS without verify. */
  readonly tls?: { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer; readonly rejectUnauthorized?: boolean };
  /** A connection made by the caller (an ssh engine's dial-stdio) instead of a socket. */
  readonly connect?: () => Duplex;
}

export interface IncomingAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Why no complete answer arrived. */
export type TransportFailureKind = 'timeout' | 'network' | 'cut-off' | 'too-large' | 'cancelled';

export interface TransportFailure {
  readonly kind: TransportFailureKind;
  readonly message: string;
  /** The system error code, e.g. `ECONNREFUSED`. */
  readonly code?: string;
}

export type SendOutcome = { readonly ok: true; readonly answer: IncomingAnswer } | { readonly ok: false; readonly failure: TransportFailure };

const defaultMaxBodyBytes = 32 * 1024 * 1024;

/** Where a request goes, for messages: host and path only. Query strings may hold signed URLs, so they are left out. */
export function describeTarget(method: string, url: URL, socketPath?: string): string {
  return socketPath ? `${method} ${url.pathname}` : `${method} ${url.host}${url.pathname}`;
}

export function sendRequest(request: OutgoingRequest): Promise<SendOutcome> {
  return new Promise(resolve => {
    const { url, method } = request;
    const target = describeTarget(method, url, request.socketPath);
    const maxBodyBytes = request.maxBodyBytes ?? defaultMaxBodyBytes;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(outcome);
    };
    const fail = (kind: TransportFailureKind, message: string, code?: string) => finish({ ok: false, failure: { kind, message, ...(code ? { code } : {}) } });

    if (request.signal?.aborted) return fail('cancelled', `${target} was cancelled`);
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
    const headers: Record<string, string> = { ...request.headers };
    if (body) headers['Content-Length'] = String(body.length);
    const options: Https.RequestOptions = {
      method,
      path: url.pathname + url.search,
      headers,
      ...(request.agent ? { agent: request.agent } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    };
    if (request.connect) {
      const connect = request.connect;
      options.createConnection = () => connect() as unknown as Socket;
    } else if (request.socketPath) options.socketPath = request.socketPath;
    else {
      // URL keeps IPv6 literals in brackets; the socket layer wants them bare.
      options.hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
      options.port = url.port || (url.protocol === 'https:' ? 443 : 80);
    }
    const isTls = url.protocol === 'https:';
    let outgoing: http.ClientRequest;
    try {
      outgoing = isTls ? httpsModule().request({ ...options, ...request.tls }) : http.request(plainHttpOptions(options));
    } catch (error) {
      return fail('network', `${target}: ${(error as Error).message}`);
    }
    timer = setTimeout(() => {
      fail('timeout', `${target} did not answer within ${request.timeoutMs} ms`);
      outgoing.destroy();
    }, request.timeoutMs);

    outgoing.on('error', error => {
      const code = (error as NodeJS.ErrnoException).code;
      if (error.name === 'AbortError' || code === 'ABORT_ERR') return fail('cancelled', `${target} was cancelled`);
      fail('network', `${target}: ${describeNetworkError(error, isTls)}`, code);
    });
    outgoing.on('response', response => {
      const chunks: Buffer[] = [];
      let received = 0;
      const expected = Number(response.headers['content-length']);
      const cutOff = () => (request.signal?.aborted ? fail('cancelled', `${target} was cancelled`) : fail('cut-off', `${target}: the connection closed before the whole answer arrived`
        + ` (${received}${Number.isFinite(expected) && method !== 'HEAD' ? ` of ${expected}` : ''} bytes)`));
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBodyBytes) {
          fail('too-large', `${target}: the answer is larger than ${Math.round(maxBodyBytes / 1024 / 1024)} MiB`);
          outgoing.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('aborted', cutOff);
      response.on('error', cutOff);
      response.on('end', () => {
        if (!response.complete) return cutOff();
        finish({ ok: true, answer: { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) } });
      });
      response.on('close', () => { if (!response.complete) cutOff(); });
    });
    outgoing.end(body);
  });
}

function describeNetworkError(error: Error, isTls: boolean): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ECONNREFUSED': return 'connection refused (nothing listens there)';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'the host name does not resolve';
    case 'ECONNRESET': return 'the connection was reset';
    case 'ENOENT': return 'no socket at this path';
    case 'EACCES': return 'permission denied';
    case 'EHOSTUNREACH': case 'ENETUNREACH': return 'the host is unreachable';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT': case 'SELF_SIGNED_CERT_IN_CHAIN': case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE': case 'CERT_HAS_EXPIRED': case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate is not trusted (${code})`;
    default:
      // A plain-HTTP server answering a TLS hello shows up as a protocol error.
      if (isTls && (code === 'EPROTO' || /wrong version number|packet length too long/i.test(error.message))) return 'it does not speak HTTPS (a plain-HTTP registry?)';
      return error.message;
  }
}

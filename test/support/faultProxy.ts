import * as http from 'node:http';
import { AddressInfo } from 'node:net';

// A loopback HTTP proxy in front of a real registry that misbehaves on request: it answers with a
// status of our choosing (429 + Retry-After, 500), cuts a body off half-way, answers too slowly, sends
// invalid JSON, or redirects to another host. Everything else passes through to the registry unchanged,
// and every request is recorded (method, path, whether it carried Authorization).

export type FaultAction =
  | { readonly kind: 'status'; readonly status: number; readonly headers?: http.OutgoingHttpHeaders; readonly body?: string }
  /** Forwards, then sends the registry's headers and only half of its body before closing the socket. */
  | { readonly kind: 'cut-off' }
  /** Forwards after this long. */
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'redirect'; readonly location: string; readonly status?: 301 | 302 | 303 | 307 | 308 };

export interface Fault {
  readonly method?: string;
  /** Matched against the path with its query. */
  readonly path: RegExp;
  /** How many requests it applies to (default: every matching one). */
  readonly times?: number;
  readonly action: FaultAction;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  /** The fault applied, if any. */
  readonly fault?: FaultAction['kind'];
}

export interface FaultProxy {
  /** `127.0.0.1:PORT`, as a registry address. */
  readonly address: string;
  readonly url: string;
  readonly requests: RecordedRequest[];
  inject(fault: Fault): void;
  clear(): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(upstreamUrl: string, host = '127.0.0.1'): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  const faults: Array<Fault & { remaining: number }> = [];
  const requests: RecordedRequest[] = [];
  const agent = new http.Agent({ keepAlive: true });

  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    const method = request.method ?? 'GET';
    const fault = faults.find(f => f.remaining > 0 && (!f.method || f.method === method) && f.path.test(path));
    if (fault) fault.remaining--;
    requests.push({ method, path, ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}), ...(fault ? { fault: fault.action.kind } : {}) });
    const action = fault?.action;
    if (action?.kind === 'status') {
      request.resume();
      response.writeHead(action.status, { 'Content-Type': 'application/json', ...action.headers });
      response.end(action.body ?? '{"errors":[{"code":"INJECTED","message":"injected by the fault proxy"}]}');
      return;
    }
    if (action?.kind === 'redirect') {
      request.resume();
      response.writeHead(action.status ?? 307, { Location: action.location });
      response.end();
      return;
    }
    const forward = () => {
      const outgoing = http.request({
        hostname: upstream.hostname, port: upstream.port, method, path, agent,
        headers: { ...request.headers, host: upstream.host },
      }, answer => {
        if (action?.kind !== 'cut-off') {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          // The full Content-Length is promised, half is sent, then the connection drops.
          response.writeHead(answer.statusCode ?? 200, { ...answer.headers, 'content-length': String(body.length), connection: 'close' });
          response.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => response.socket?.destroy(), 20));
        });
      });
      outgoing.on('error', error => {
        if (!response.headersSent) response.writeHead(502);
        response.end(error.message);
      });
      request.pipe(outgoing);
    };
    if (action?.kind === 'delay') {
      const timer = setTimeout(forward, action.ms);
      response.on('close', () => clearTimeout(timer));
    } else {
      forward();
    }
  });
  await new Promise<void>(resolve => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address: `${host}:${port}`,
    url: `http://${host}:${port}`,
    requests,
    inject: fault => { faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY }); },
    clear: () => { faults.length = 0; requests.length = 0; },
    stop: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

export interface RecordingHost {
  readonly url: string;
  readonly requests: Array<{ method: string; path: string; authorization?: string }>;
  /** Serves `body` at `path`. */
  serve(path: string, body: Buffer): void;
  stop(): Promise<void>;
}

/** Another host on loopback (127.0.0.2, another origin), standing in for a blob CDN: it records what arrives. */
export async function startRecordingHost(host = '127.0.0.2'): Promise<RecordingHost> {
  const bodies = new Map<string, Buffer>();
  const requests: RecordingHost['requests'] = [];
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    requests.push({ method: request.method ?? '', path, ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
    const body = bodies.get(path);
    response.writeHead(body ? 200 : 404, { 'Content-Type': 'application/octet-stream' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>(resolve => server.listen(0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    requests,
    serve: (path, body) => { bodies.set(path, body); },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

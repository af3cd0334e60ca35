import * as http from 'node:http';
import * as net from 'node:net';
import { plainHttpOptions } from '../http/plainHttp';

/** Whether nothing listens on `port` on any address (where `docker run -p port:…` publishes by default). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port of `candidates` (the remembered one, the container's own), else one the system hands out. */
export async function firstFreePort(candidates: ReadonlyArray<number | undefined>): Promise<number> {
  for (const port of candidates) if (port !== undefined && await isPortFree(port)) return port;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '0.0.0.0' }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `url` until anything answers over HTTP (any status: the app is up), or `stopped` settles (the
 * container ended), or `timeoutMs` passes. Resolves true when it answered.
 */
export async function waitUntilAnswering(url: string, stopped: Promise<unknown>, timeoutMs = 120_000): Promise<boolean> {
  let ended = false;
  void stopped.then(() => { ended = true; }, () => { ended = true; });
  const deadline = Date.now() + timeoutMs;
  while (!ended && Date.now() < deadline) {
    if (await answers(url)) return true;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  return false;
}

function answers(url: string): Promise<boolean> {
  return new Promise(resolve => {
    const request = http.get(url, plainHttpOptions({ timeout: 2000 }), response => {
      response.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

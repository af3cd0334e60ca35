import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import net = require('node:net');
import { connectEngine } from '../../../src/core/engine/engineClient';
import { sendRequest } from '../../../src/core/http/sendRequest';

/** The texts http.Agent (which calls the public net.isIP) asked about while `action` ran. */
async function isIpQuestions(action: () => Promise<unknown>): Promise<string[]> {
  const asked: string[] = [];
  const original = net.isIP;
  (net as { isIP: (text: string) => number }).isIP = text => { asked.push(text); return original(text); };
  try {
    await action();
  } finally {
    (net as { isIP: (text: string) => number }).isIP = original;
  }
  return asked;
}

describe('plain HTTP says it has no TLS server name', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-plain-http-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // http.Agent otherwise asks net.isIP about the Host header; its first IPv6 check compiles a large regular
  // expression, ~5 ms of a short CLI command such as `images`.
  it('over a unix socket, neither sendRequest nor the engine client makes http.Agent ask net.isIP', async function () {
    if (process.platform === 'win32') this.skip(); // unix sockets
    const socketPath = path.join(dir, 'engine.sock');
    const server = http.createServer((request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': '1.43' });
      response.end(request.url?.endsWith('/version') ? JSON.stringify({ Version: '24.0.7', ApiVersion: '1.43' }) : '[]');
    });
    await new Promise<void>(resolve => server.listen(socketPath, resolve));
    try {
      const asked = await isIpQuestions(async () => {
        const sent = await sendRequest({ method: 'GET', url: new URL('http://localhost/_ping'), socketPath, timeoutMs: 5000 });
        assert.ok(sent.ok && sent.answer.status === 200);
        const engine = await connectEngine({ host: `unix://${socketPath}` });
        assert.ok(engine.ok, engine.ok ? '' : engine.error.message);
        const images = await engine.value.listImages();
        engine.value.close();
        assert.ok(images.ok, images.ok ? '' : images.error.message);
      });
      assert.deepEqual(asked, []);
    } finally {
      server.close();
    }
  });

  it('HTTPS still sends the host name (SNI)', async () => {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    const seen: Array<string | false | null> = [];
    const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (request, response) => {
      seen.push((request.socket as TLSSocket).servername);
      response.end('{}');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const sent = await sendRequest({ method: 'GET', url: new URL(`https://localhost:${port}/v2/`), timeoutMs: 10_000, tls: { ca: fs.readFileSync(cert) } });
      assert.ok(sent.ok, sent.ok ? '' : sent.failure.message);
      assert.deepEqual(seen, ['localhost']);
    } finally {
      server.close();
    }
  });
});

// Small network helpers the test hosts share.
import * as http from 'node:http';
import * as net from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now (another process may still take it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether an engine's API answers `GET /_ping` with 200 on this unix socket (2 s at most). */
export function pingSocket(socketPath) {
  return new Promise(resolve => {
    const request = http.get({ socketPath, path: '/_ping', timeout: 2000 }, response => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

import * as net from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now (for `docker run -p 127.0.0.1:PORT:…`). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

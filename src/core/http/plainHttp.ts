import type * as http from 'node:http';

/**
 * http.request's options for plain HTTP (TCP or a unix socket), saying that there is no TLS server name. Without
 * it http.Agent works one out from the Host header with net.isIP, whose first call compiles a large regular
 * expression: ~5 ms of a short CLI command against the engine's socket. Never for HTTPS, where it would turn SNI off.
 */
export function plainHttpOptions<T extends http.RequestOptions>(options: T): T {
  return { ...options, servername: '' };
}

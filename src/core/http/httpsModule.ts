import type * as Https from 'node:https';

let loaded: typeof Https | undefined;

/**
 * node:https, loaded on first use: with it comes node:tls, a few milliseconds of a short CLI command that talks
 * plain HTTP (a loopback registry) or to a unix socket (the engine) and never needs them.
 */
export function httpsModule(): typeof Https {
  return (loaded ??= require('node:https') as typeof Https);
}

import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import * as fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import type * as Https from 'node:https';

// Node built-ins that a short CLI command seldom needs, loaded on first use. A fresh process pays for each one it
// loads, more than a command such as `tags` spends on its own work: node:https brings node:tls, node:crypto its
// whole API, node:child_process brings node:dgram and node:os, node:fs/promises brings node:readline, and node:os
// (~0.3 ms) is mostly wanted for the home folder.

let https: typeof Https | undefined;
let childProcess: typeof ChildProcess | undefined;
let crypto: typeof Crypto | undefined;
let fsPromises: typeof FsPromises | undefined;

/** node:https, for TLS registries and engines; plain HTTP and unix sockets never need it. */
export function httpsModule(): typeof Https {
  return (https ??= require('node:https') as typeof Https);
}

/** node:child_process, for credential helpers, ssh and the CLIs the product runs. */
export function childProcessModule(): typeof ChildProcess {
  return (childProcess ??= require('node:child_process') as typeof ChildProcess);
}

/** node:crypto, for digests and random names. */
export function cryptoModule(): typeof Crypto {
  return (crypto ??= require('node:crypto') as typeof Crypto);
}

/** node:fs/promises, for what runs seldom (a docker context's files, a search of PATH). */
export function fsPromisesModule(): typeof FsPromises {
  return (fsPromises ??= require('node:fs/promises') as typeof FsPromises);
}

/** os.homedir(), which is $HOME where it is set outside Windows: node:os is loaded only where it is not. */
export function homeDirectory(): string {
  return (process.platform !== 'win32' && process.env.HOME) || (require('node:os') as typeof import('node:os')).homedir();
}

/** fs.promises.readFile(file, 'utf8') through node:fs (which every process has loaded) instead of node:fs/promises. */
export function readTextFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => fs.readFile(file, 'utf8', (error, text) => (error ? reject(error) : resolve(text))));
}

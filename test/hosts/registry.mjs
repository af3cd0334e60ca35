// A real container registry for the tests: Debian's docker-registry (CNCF Distribution 2.8) on a free
// loopback port, with filesystem storage in a private temp dir and deletes enabled. Optional Basic auth
// through an htpasswd file made by apache2-utils' htpasswd (bcrypt, as Distribution requires).
// The daemon trusts 127.0.0.0/8 registries over plain HTTP, so no TLS is needed for push/pull.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './net.mjs';

const REGISTRY = '/usr/bin/docker-registry';
const HTPASSWD = '/usr/bin/htpasswd';
const START_TIMEOUT_MS = 30_000;

/**
 * Starts `docker-registry serve CONFIG.yml` on 127.0.0.1 and waits until `GET /v2/` answers (200, or 401 with auth).
 * @param {object} [options]
 * @param {(line: string) => void} [options.log]
 * @param {{ user: string, password: string }} [options.htpasswd] enables Basic auth for this one user.
 * @param {{ realm: string, service: string, issuer: string, rootcertbundle: string }} [options.token] enables
 *   token (Bearer) auth: JWTs from `realm`, issued by `issuer` for `service`, signed by a key whose certificate
 *   chain ends in `rootcertbundle` (a PEM file). The token server itself is the caller's.
 * @param {boolean} [options.deleteEnabled] default true; false starts a registry that refuses deletes (405), as
 *   distribution does by default.
 * @returns {Promise<{ address: string, url: string, dir: string, logTail: (lines?: number) => string, stop: () => Promise<void> }>}
 *   address is `127.0.0.1:PORT` (for image references), url is `http://127.0.0.1:PORT`.
 */
export async function startRegistry({ log = () => {}, htpasswd, token, deleteEnabled = true } = {}) {
  if (!isExecutable(REGISTRY)) throw new Error(`docker-registry not found at ${REGISTRY}: install Debian's docker-registry (scripts/provision.sh)`);
  if (htpasswd && !isExecutable(HTPASSWD)) throw new Error(`htpasswd not found at ${HTPASSWD}: install Debian's apache2-utils (scripts/provision.sh)`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-registry-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  try {
    const storage = path.join(dir, 'storage');
    fs.mkdirSync(storage);
    let auth;
    if (htpasswd) {
      const file = path.join(dir, 'htpasswd');
      fs.writeFileSync(file, await htpasswdLine(htpasswd.user, htpasswd.password), { mode: 0o600 });
      auth = { htpasswd: { realm: 'dotnet-containers-test', path: file } };
    }
    if (token) {
      if (htpasswd) throw new Error('startRegistry: the registry takes one auth provider, htpasswd or token');
      const { realm, service, issuer, rootcertbundle } = token;
      auth = { token: { realm, service, issuer, rootcertbundle } };
    }
    // A port can be taken between choosing and binding it: retry with another one.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        const registry = await serve({ dir, storage, port, auth, deleteEnabled, log });
        return { ...registry, dir, stop: async () => { await registry.stop(); cleanup(); } };
      } catch (error) {
        if (attempt >= 3 || !/address already in use/i.test(error.message)) throw error;
      }
    }
  } catch (error) {
    cleanup();
    throw error;
  }
}

async function serve({ dir, storage, port, auth, deleteEnabled = true, log }) {
  const address = `127.0.0.1:${port}`;
  // YAML is a superset of JSON: write the config as JSON rather than assembling YAML text.
  const config = {
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true }, fields: { service: 'registry' } },
    storage: { filesystem: { rootdirectory: storage }, delete: { enabled: deleteEnabled }, cache: { blobdescriptor: 'inmemory' } },
    http: { addr: address, secret: randomBytes(16).toString('hex'), headers: { 'X-Content-Type-Options': ['nosniff'] } },
    health: { storagedriver: { enabled: false } },
    ...(auth ? { auth } : {}),
  };
  const configFile = path.join(dir, 'config.yml');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const logFile = path.join(dir, `registry-${port}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(REGISTRY, ['serve', configFile], { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  child.on('error', error => { exited = { error: error.message }; });
  // If the runner exits without stop(), do not leave a registry listening behind.
  const onExit = () => { if (!exited) child.kill('SIGKILL'); };
  process.once('exit', onExit);
  const logTail = (lines = 20) => readText(logFile).trimEnd().split('\n').slice(-lines).join('\n');
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (exited) return;
    child.kill('SIGTERM');
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) child.kill('SIGKILL');
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
  };

  const url = `http://${address}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`docker-registry exited during start (${JSON.stringify(exited)}): ${oneLine(logTail(5))}`);
    }
    const status = await statusOf(`${url}/v2/`);
    if (status === 200 || status === 401) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer ${url}/v2/ within ${START_TIMEOUT_MS / 1000} s: ${oneLine(logTail(5))}`);
    }
    await sleep(100);
  }
  log(`registry: docker-registry ${child.pid} at ${address}${auth?.htpasswd ? ' (Basic auth)' : auth?.token ? ' (token auth)' : ''}`);
  return { address, url, logTail, stop };
}

/** One bcrypt htpasswd line; the password goes through stdin (-i), not the argv other users can read. */
function htpasswdLine(user, password) {
  return new Promise((resolve, reject) => {
    const child = execFile(HTPASSWD, ['-B', '-i', '-n', user], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`htpasswd failed: ${(stderr || error.message).trim()}`));
      resolve(stdout.trim() + '\n');
    });
    // htpasswd failing before it reads the password closes the pipe: its exit, above, says why.
    child.stdin.on('error', () => {});
    child.stdin.end(password);
  });
}

function statusOf(url) {
  return new Promise(resolve => {
    const request = http.get(url, { timeout: 2000 }, response => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

function isExecutable(file) {
  try { fs.accessSync(file, fs.constants.X_OK); return true; } catch { return false; }
}

function readText(file) {
  try { return fs.readFileSync(file, 'utf8'); } catch { return ''; }
}

const oneLine = text => text.replace(/\s*\n\s*/g, ' | ');
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

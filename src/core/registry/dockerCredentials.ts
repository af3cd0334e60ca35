import * as path from 'node:path';
import { dockerConfigDir, isRecord, parseConfigJson } from '../environment/dockerConfig';
import { childProcessModule, readTextFile } from '../lazyBuiltins';
import { dockerHub, normalizeRegistryHost } from './registryHost';
import { RegistryCredentials } from './registryTypes';

// The credentials `docker login` left for a registry, read the way the docker CLI reads them: config.json
// `auths`, a per-registry `credHelpers` entry, the default `credsStore`, each through the real
// `docker-credential-<name> get` protocol. Secrets stay in the returned value; nothing here logs them.

export interface CredentialLookup {
  readonly credentials?: RegistryCredentials;
  /** Where they came from, for messages: `config.json auths`, `docker-credential-pass`. Never the secret. */
  readonly source?: string;
  /** What went wrong on the way (a helper missing or failing); the lookup still answers. */
  readonly problems: readonly string[];
}

export interface DockerCredentialOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  /** Kills a credential helper that does not answer (default 10 s: keychains may prompt). */
  readonly helperTimeoutMs?: number;
}

/** Docker Hub's key in config.json and in credential stores. */
const dockerHubServerUrl = 'https://index.docker.io/v1/';

/**
 * Looks up credentials for `host` (`host[:port]`, `docker.io` for Docker Hub):
 * 1. an inline `auths[host]` entry (`auth`, `username`+`password`, `identitytoken`, `registrytoken`);
 * 2. `credHelpers[host]`: a helper named for this registry overrides the default store, as in docker;
 * 3. `credsStore`, the default store.
 * Keys may be URLs with scheme and path (`https://index.docker.io/v1/`); they are compared as host names.
 */
export async function dockerConfigCredentials(host: string, options: DockerCredentialOptions): Promise<CredentialLookup> {
  const wanted = normalizeRegistryHost(host);
  const config = await readConfig(dockerConfigDir(options.env, options.home));
  if (!config.ok) return { problems: config.problem ? [config.problem] : [] };
  const problems: string[] = [];

  const auths = isRecord(config.value.auths) ? config.value.auths : {};
  for (const [key, entry] of Object.entries(auths)) {
    if (normalizeRegistryHost(key) !== wanted || !isRecord(entry)) continue;
    const inline = inlineCredentials(entry);
    if (inline) return { credentials: inline, source: 'config.json auths', problems };
  }

  const helpers = isRecord(config.value.credHelpers) ? config.value.credHelpers : {};
  const helperKey = Object.keys(helpers).find(key => normalizeRegistryHost(key) === wanted);
  const storeNames = [
    ...(helperKey && typeof helpers[helperKey] === 'string' ? [helpers[helperKey] as string] : []),
    ...(typeof config.value.credsStore === 'string' && config.value.credsStore ? [config.value.credsStore] : []),
  ];
  for (const helper of storeNames) {
    for (const serverUrl of helperServerUrls(wanted)) {
      const answer = await credentialHelperGet(helper, serverUrl, options);
      if (answer.found) return { credentials: answer.found, source: `docker-credential-${helper}`, problems };
      if (answer.problem) {
        problems.push(answer.problem);
        break; // a failing helper fails the same way for the other spelling
      }
    }
  }
  return { problems };
}

/** The server URLs a store may hold the registry under: the exact key docker uses first, then with a scheme. */
function helperServerUrls(host: string): string[] {
  return host === dockerHub ? [dockerHubServerUrl] : [host, `https://${host}`];
}

function inlineCredentials(entry: Record<string, unknown>): RegistryCredentials | undefined {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const identityToken = text(entry.identitytoken);
  if (identityToken) return { kind: 'identity-token', token: identityToken };
  const registryToken = text(entry.registrytoken);
  if (registryToken) return { kind: 'registry-token', token: registryToken };
  const encoded = text(entry.auth);
  if (encoded) {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  const username = text(entry.username);
  const password = text(entry.password);
  return username && password ? { kind: 'basic', username, password } : undefined;
}

type ConfigRead = { ok: true; value: Record<string, unknown> } | { ok: false; problem?: string };

async function readConfig(configDir: string): Promise<ConfigRead> {
  const file = path.join(configDir, 'config.json');
  let text: string;
  try {
    text = await readTextFile(file);
  } catch {
    return { ok: false }; // no config.json: no credentials, and nothing wrong
  }
  // It holds the secrets: a problem says where, never what (parseConfigJson).
  const parsed = parseConfigJson(text);
  if (!parsed.ok) return { ok: false, problem: `${file}: ${parsed.problem}` };
  return isRecord(parsed.value) ? { ok: true, value: parsed.value } : { ok: false, problem: `${file} is not a JSON object` };
}

export type HelperAnswer = { readonly found?: RegistryCredentials; readonly problem?: string };

/**
 * `docker-credential-<helper> get`: the server URL on stdin, `{"ServerURL","Username","Secret"}` on stdout.
 * A `<token>` username means the secret is an identity token. "credentials not found" is an answer
 * (nothing stored), not a problem. Runs with an argv array and a timeout; output is never logged.
 */
export function credentialHelperGet(helper: string, serverUrl: string, options: DockerCredentialOptions): Promise<HelperAnswer> {
  const program = `docker-credential-${helper}`;
  // A name from config.json becomes an executable name: no paths, no surprises.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper)) return Promise.resolve({ problem: `config.json names an invalid credential helper "${helper}"` });
  const timeoutMs = options.helperTimeoutMs ?? 10_000;
  return new Promise(resolve => {
    const child = childProcessModule().execFile(program, ['get'], { env: options.env, timeout: timeoutMs, maxBuffer: 1024 * 1024, windowsHide: true }, (error, stdout) => {
      const output = String(stdout);
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return resolve({ problem: `${program} is not on PATH (named by config.json)` });
        if (error.killed) return resolve({ problem: `${program} did not answer within ${timeoutMs} ms` });
        if (/credentials not found/i.test(output)) return resolve({});
        // Helpers write their error text to stdout; keep one short line of it, unless it could be an answer.
        return resolve({ problem: `${program} get failed (exit ${typeof code === 'number' ? code : '?'}): ${helperMessage(output)}` });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(output);
      } catch {
        return resolve({ problem: `${program} get did not answer JSON` });
      }
      if (!isRecord(parsed) || typeof parsed.Secret !== 'string' || !parsed.Secret) return resolve({});
      const username = typeof parsed.Username === 'string' ? parsed.Username : '';
      resolve({ found: username === '<token>' ? { kind: 'identity-token', token: parsed.Secret } : { kind: 'basic', username, password: parsed.Secret } });
    });
    child.stdin?.on('error', () => { /* the helper may exit before reading stdin */ });
    child.stdin?.end(serverUrl);
  });
}

/**
 * One short line of a failing helper's text. A broken helper may still print its JSON answer, or a token, before
 * it fails: a line that looks like one is not shown.
 */
function helperMessage(output: string): string {
  const line = (output.trim().split('\n')[0] ?? '').slice(0, 200);
  if (!line) return 'no message';
  if (/[{}]|secret|password|token|username/i.test(line)) return 'its message is not shown, as it may hold a credential';
  return line.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

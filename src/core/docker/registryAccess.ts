import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import { plainHttpOptions } from '../http/plainHttp';
import { httpsModule } from '../lazyBuiltins';
import { DockerConfigSummary, isRecord } from '../environment/dockerConfig';
import { runProcess } from '../process/runProcess';
import { normalizeRegistryHost, registryBaseUrl, repositoryPath } from '../registry/registryHost';
import { parseImageName, parsePushDestination, repoDigestsArgv } from './dockerArgv';

/** Registries docker has a login or a credential helper for (hosts only: the credentials are never read). */
export function loggedInRegistries(config: DockerConfigSummary): string[] {
  return unique([...config.authHosts, ...Object.keys(config.credHelpers)].map(normalizeRegistryHost));
}

export function hasLogin(config: DockerConfigSummary, registry: string): boolean {
  return loggedInRegistries(config).includes(normalizeRegistryHost(parsePushDestination(registry).registry));
}

export interface KnownRegistry {
  /** `host[:port][/namespace]`, as the user picks or typed it. */
  readonly destination: string;
  readonly source: 'recent' | 'setting' | 'docker login';
}

/** `dotnetContainers.registries` as push destinations: strings as written (with a namespace), `{ host }` entries by their host. */
export function configuredDestinations(setting: unknown): string[] {
  return (Array.isArray(setting) ? setting : []).flatMap(entry => typeof entry === 'string' ? [entry] : isRecord(entry) && typeof entry.host === 'string' ? [entry.host] : []);
}

/** What Push offers: recent destinations first, then the `dotnetContainers.registries` setting, then docker's logins. */
export function knownRegistries(inputs: { recent: readonly string[]; configured: readonly string[]; config: DockerConfigSummary }): KnownRegistry[] {
  const found: KnownRegistry[] = [];
  const add = (destination: string, source: KnownRegistry['source']) => {
    try {
      parsePushDestination(destination);
    } catch {
      return; // an entry Docker could not use is not offered
    }
    if (!found.some(known => known.destination === destination)) found.push({ destination, source });
  };
  for (const destination of inputs.recent) add(destination, 'recent');
  for (const destination of inputs.configured) add(destination, 'setting');
  for (const host of loggedInRegistries(inputs.config)) add(host, 'docker login');
  return found;
}

export type RegistryProbe =
  | { readonly answered: true; readonly status: number; readonly scheme?: string }
  | { readonly answered: false; readonly reason: string };

/**
 * `GET /v2/` without credentials. 401 means the registry wants a login (anonymous pushes then fail);
 * 200 means it is open. Never throws.
 */
export function probeRegistry(registry: string, options: { timeoutMs?: number } = {}): Promise<RegistryProbe> {
  // Plain HTTP for loopback registries, as the docker daemon does; HTTPS for every other one.
  const url = new URL('/v2/', registryBaseUrl(parsePushDestination(registry).registry));
  const tls = url.protocol === 'https:';
  const requestOptions = { timeout: options.timeoutMs ?? 5000 };
  return new Promise(resolve => {
    const request = (tls ? httpsModule().get : http.get)(url, tls ? requestOptions : plainHttpOptions(requestOptions), response => {
      response.resume();
      const challenge = response.headers['www-authenticate'];
      const scheme = typeof challenge === 'string' ? challenge.split(' ')[0] : undefined;
      resolve({ answered: true, status: response.statusCode ?? 0, ...(scheme ? { scheme } : {}) });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs ?? 5000} ms`)));
    request.on('error', error => resolve({ answered: false, reason: error.message }));
  });
}

/** Whether a failed push is worth a `docker login`: the registry asks for credentials. */
export function wantsLogin(probe: RegistryProbe): boolean {
  return probe.answered && probe.status === 401;
}

/**
 * The digest the registry gave `remoteImage`, from `RepoDigests` (`host/repo@sha256:…`), which `docker push`
 * records locally. Undefined when the image has none for that repository.
 */
export function digestFor(remoteImage: string, repoDigests: readonly string[]): string | undefined {
  const wanted = comparableRepository(remoteImage);
  for (const entry of repoDigests) {
    const at = entry.lastIndexOf('@');
    if (at > 0 && sameRepository(entry.slice(0, at), wanted)) return entry.slice(at + 1);
  }
  return undefined;
}

function sameRepository(name: string, wanted: string): boolean {
  try {
    return comparableRepository(name) === wanted;
  } catch {
    return false; // not an image name: not the one we look for
  }
}

/** `docker.io/library/app` and `app` are the same repository to Docker. */
function comparableRepository(name: string): string {
  const { registry, repository } = parseImageName(name.replace(/@.*$/, ''));
  const host = normalizeRegistryHost(registry ?? 'docker.io');
  return `${host}/${repositoryPath(host, repository)}`;
}

/** Asks the CLI which digest the pushed image got (argv `image inspect --format {{json .RepoDigests}}`). */
export async function readPushedDigest(cli: string, remoteImage: string, env: NodeJS.ProcessEnv, digestFile?: string): Promise<string | undefined> {
  if (digestFile) {
    // What podman push wrote (--digestfile): the registry's digest, which its RepoDigests may not be.
    try {
      const written = (await fs.readFile(digestFile, 'utf8')).trim();
      if (/^sha256:[0-9a-f]{64}$/.test(written)) return written;
    } catch {
      // not written: fall back to what the CLI recorded
    } finally {
      await fs.rm(digestFile, { force: true });
    }
  }
  const result = await runProcess(cli, repoDigestsArgv(remoteImage), { env, timeoutMs: 30_000 });
  if (result.exitCode !== 0) return undefined;
  try {
    const digests: unknown = JSON.parse(result.stdout.trim() || '[]');
    return Array.isArray(digests) ? digestFor(remoteImage, digests.filter((d): d is string => typeof d === 'string')) : undefined;
  } catch {
    return undefined;
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

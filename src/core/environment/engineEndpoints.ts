import * as path from 'node:path';
import type { EndpointTls } from '../engine/engineTransport';
import { cryptoModule, fsPromisesModule, readTextFile } from '../lazyBuiltins';
import { isRecord } from './dockerConfig';

/** Where a container engine might answer, and why we think so. */
export interface EngineEndpoint {
  /** `unix:///path`, `tcp://host:port`, `npipe:////./pipe/name` or `ssh://…` as docker writes it. */
  readonly host: string;
  readonly source: 'DOCKER_HOST' | 'docker context' | 'default socket' | 'rootless socket' | 'Docker Desktop socket' | 'Podman socket';
  /** Context name when the source is a docker context. */
  readonly context?: string;
  /** The context's own TLS material (`docker context create --docker "host=tcp://…,ca=…,cert=…,key=…"`). */
  readonly tls?: EndpointTls;
}

export interface EndpointInputs {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly platform: NodeJS.Platform;
  readonly configDir: string;
  /** `currentContext` from config.json, if any. */
  readonly currentContext?: string;
}

/**
 * The endpoints to try, in the order the docker CLI would pick them: `DOCKER_HOST` wins and forces the
 * default context; else `DOCKER_CONTEXT` or config.json's `currentContext`; then the usual sockets of
 * Docker, rootless Docker, Docker Desktop and Podman. Duplicates are dropped.
 */
export async function engineEndpoints(inputs: EndpointInputs): Promise<EngineEndpoint[]> {
  const found: EngineEndpoint[] = [];
  const add = (endpoint: EngineEndpoint) => {
    if (!found.some(e => e.host === endpoint.host)) found.push(endpoint);
  };
  const { env, home, platform } = inputs;
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) {
    add({ host: dockerHost, source: 'DOCKER_HOST' });
  } else {
    const contextName = env.DOCKER_CONTEXT?.trim() || inputs.currentContext;
    if (contextName && contextName !== 'default') {
      const endpoint = await contextEndpoint(inputs.configDir, contextName);
      if (endpoint) add({ host: endpoint.host, source: 'docker context', context: contextName, ...(endpoint.tls ? { tls: endpoint.tls } : {}) });
    }
  }
  if (platform === 'win32') {
    add({ host: 'npipe:////./pipe/docker_engine', source: 'default socket' });
    add({ host: 'npipe:////./pipe/podman-machine-default', source: 'Podman socket' });
    return found;
  }
  add({ host: 'unix:///var/run/docker.sock', source: 'default socket' });
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
  if (runtimeDir) add({ host: `unix://${path.join(runtimeDir, 'docker.sock')}`, source: 'rootless socket' });
  add({ host: `unix://${path.join(home, '.docker', 'run', 'docker.sock')}`, source: 'Docker Desktop socket' });
  if (runtimeDir) add({ host: `unix://${path.join(runtimeDir, 'podman', 'podman.sock')}`, source: 'Podman socket' });
  add({ host: 'unix:///run/podman/podman.sock', source: 'Podman socket' });
  return found;
}

/**
 * A context's docker endpoint, from `contexts/meta/<sha256(name)>/meta.json`, with its TLS material from
 * `contexts/tls/<sha256(name)>/docker/` when the context has some.
 */
export async function contextEndpoint(configDir: string, contextName: string): Promise<{ host: string; tls?: EndpointTls } | undefined> {
  const id = cryptoModule().createHash('sha256').update(contextName).digest('hex');
  try {
    const meta: unknown = JSON.parse(await readTextFile(path.join(configDir, 'contexts', 'meta', id, 'meta.json')));
    if (isRecord(meta) && isRecord(meta.Endpoints) && isRecord(meta.Endpoints.docker)) {
      const docker = meta.Endpoints.docker;
      const host = docker.Host;
      if (typeof host !== 'string' || !host) return undefined;
      const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
      const hasTls = (await fsPromisesModule().readdir(tlsDir).catch(() => [] as string[])).some(file => /^(ca|cert|key)\.pem$/.test(file));
      return { host, ...(hasTls ? { tls: { dir: tlsDir, skipVerify: docker.SkipTLSVerify === true } } : {}) };
    }
  } catch {
    // A missing or broken context is reported as "no endpoint" by the caller.
  }
  return undefined;
}

/** A context's docker endpoint address only. */
export async function contextHost(configDir: string, contextName: string): Promise<string | undefined> {
  return (await contextEndpoint(configDir, contextName))?.host;
}

import * as http from 'node:http';
import { plainHttpOptions } from '../http/plainHttp';
import { homeDirectory, httpsModule } from '../lazyBuiltins';
import type * as Https from 'node:https';
import type { Socket } from 'node:net';
import { dockerConfigDir, isRecord, readDockerConfig } from '../environment/dockerConfig';
import { engineEndpoints } from '../environment/engineEndpoints';
import { HttpMethod, IncomingAnswer, sendRequest, TransportFailure } from '../http/sendRequest';
import {
  EngineError, EngineEvent, EngineResult, ImageInspection, LocalImages, RemovedImageEntry,
} from './engineTypes';
import { EndpointTls, EngineTransport, engineTransport } from './engineTransport';
import { containerSummary, ContainerSummary } from './containerGroups';
import { groupImages, ImageSummary, splitReference, stringRecord } from './imageGroups';

// A Docker Engine API client over the engine's own socket (unix socket, named pipe, or tcp with TLS from
// DOCKER_HOST/DOCKER_CERT_PATH). Podman's Docker-compatible service answers the same calls.

/** The newest API version this client is written against; older engines are spoken to in their own version. */
export const clientApiVersion = '1.47';

export interface EngineConnectOptions {
  /** `unix:///…`, `tcp://host:port`, `npipe:////./pipe/…`. Default: DOCKER_HOST, the docker context, the usual sockets. */
  readonly host?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly home?: string;
  readonly platform?: NodeJS.Platform;
  /** Per request (default 30 s; image removal can take a while on slow storage). */
  readonly timeoutMs?: number;
  /** For trying each candidate endpoint (default 2 s). */
  readonly probeTimeoutMs?: number;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Where requests go: a socket path, or an http(s) origin with its TLS material. */

/**
 * Finds the engine the docker CLI would use (engineEndpoints: DOCKER_HOST → docker context → default
 * sockets → Podman), asks its `/version`, and speaks min(clientApiVersion, the engine's ApiVersion).
 */
export async function connectEngine(options: EngineConnectOptions = {}): Promise<EngineResult<EngineClient>> {
  const env = options.env ?? process.env;
  const home = options.home ?? homeDirectory();
  let candidates: Array<{ host: string; tls?: EndpointTls }>;
  if (options.host) {
    candidates = [{ host: options.host }];
  } else {
    const configDir = dockerConfigDir(env, home);
    const config = await readDockerConfig(configDir);
    const endpoints = await engineEndpoints({ env, home, platform: options.platform ?? process.platform, configDir, ...(config.currentContext ? { currentContext: config.currentContext } : {}) });
    // DOCKER_HOST or a context is what the user chose: when it does not answer, say so rather than use another engine.
    const chosen = endpoints.find(endpoint => endpoint.source === 'DOCKER_HOST' || endpoint.source === 'docker context');
    candidates = chosen ? [chosen] : endpoints;
  }
  const reasons: string[] = [];
  for (const { host, tls } of candidates) {
    const transport = engineTransport(host, env, tls);
    if (!transport.ok) {
      reasons.push(`${host}: ${transport.error}`);
      continue;
    }
    const version = await sendRequest({ ...requestTarget(transport.value, '/version'), method: 'GET', headers: { Accept: 'application/json' }, timeoutMs: options.probeTimeoutMs ?? 2_000 });
    if (!version.ok) {
      reasons.push(version.failure.message.replace(/^GET \S+: /, `${host}: `));
      continue;
    }
    if (version.answer.status !== 200) {
      reasons.push(`${host}: /version answered HTTP ${version.answer.status}`);
      continue;
    }
    let info: unknown;
    try {
      info = JSON.parse(version.answer.body.toString('utf8'));
    } catch {
      reasons.push(`${host}: /version did not answer JSON`);
      continue;
    }
    const serverApiVersion = isRecord(info) && typeof info.ApiVersion === 'string' ? info.ApiVersion : '1.24';
    const apiVersion = compareApiVersions(serverApiVersion, clientApiVersion) < 0 ? serverApiVersion : clientApiVersion;
    const product = isRecord(info) && Array.isArray(info.Components) && info.Components.some(c => isRecord(c) && typeof c.Name === 'string' && /podman/i.test(c.Name)) ? 'Podman' : 'Docker';
    return { ok: true, value: new EngineClient(host, transport.value, apiVersion, serverApiVersion, product, options.timeoutMs ?? 30_000) };
  }
  return { ok: false, error: { category: 'no-engine', message: `no container engine answers (${reasons.join('; ') || 'no endpoint to try'})` } };
}

export class EngineClient {
  /** Keep-alive connections; none for ssh engines, whose connections are ssh processes of their own. */
  private readonly agent: http.Agent | undefined;

  constructor(
    /** The endpoint, as DOCKER_HOST writes it. */
    readonly host: string,
    private readonly transport: EngineTransport,
    /** The version this client speaks: min(clientApiVersion, the engine's). */
    readonly apiVersion: string,
    readonly serverApiVersion: string,
    readonly product: 'Docker' | 'Podman',
    private readonly timeoutMs: number,
  ) {
    this.agent = transport.connect ? undefined : transport.origin.protocol === 'https:' ? new (httpsModule().Agent)({ keepAlive: true, ...transport.tls }) : new http.Agent({ keepAlive: true });
  }

  /** Tagged images grouped by repository (tags newest first) and untagged ones apart: what `docker image ls` lists. */
  async listImages(options: CallOptions = {}): Promise<EngineResult<LocalImages>> {
    const answer = await this.call('GET', '/images/json', 'the image list', options);
    if (!answer.ok) return answer;
    const json = parseJson(answer.value);
    if (!Array.isArray(json)) return malformed('the image list', 'not a JSON array');
    return { ok: true, value: groupImages(json.filter(isRecord) as ImageSummary[]) };
  }

  async inspectImage(reference: string, options: CallOptions = {}): Promise<EngineResult<ImageInspection>> {
    const what = `image "${reference}"`;
    const answer = await this.call('GET', `/images/${pathSegment(reference)}/json`, what, options);
    if (!answer.ok) return answer;
    const raw = parseJson(answer.value);
    if (!isRecord(raw)) return malformed(what, 'not a JSON object');
    const config = isRecord(raw.Config) ? raw.Config : {};
    const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
    return {
      ok: true,
      value: {
        id: String(raw.Id ?? ''),
        repoTags: strings(raw.RepoTags),
        repoDigests: strings(raw.RepoDigests),
        created: String(raw.Created ?? ''),
        size: typeof raw.Size === 'number' ? raw.Size : 0,
        os: String(raw.Os ?? ''),
        architecture: String(raw.Architecture ?? ''),
        ...(typeof config.User === 'string' && config.User ? { user: config.User } : {}),
        ...(Array.isArray(config.Entrypoint) ? { entrypoint: strings(config.Entrypoint) } : {}),
        ...(Array.isArray(config.Cmd) ? { cmd: strings(config.Cmd) } : {}),
        env: strings(config.Env),
        exposedPorts: isRecord(config.ExposedPorts) ? Object.keys(config.ExposedPorts) : [],
        labels: stringRecord(config.Labels),
        raw,
      },
    };
  }

  /**
   * `docker image rm`. A 409 says why the engine refuses, e.g. a container uses the image: the error then
   * names that container (id and name) so the UI can offer to remove it, or to force.
   */
  async removeImage(reference: string, options: CallOptions & { readonly force?: boolean; readonly noPrune?: boolean } = {}): Promise<EngineResult<RemovedImageEntry[]>> {
    const query = new URLSearchParams();
    if (options.force) query.set('force', 'true');
    if (options.noPrune) query.set('noprune', 'true');
    const what = `image "${reference}"`;
    const answer = await this.call('DELETE', `/images/${pathSegment(reference)}${query.toString() ? `?${query}` : ''}`, what, options);
    if (!answer.ok) {
      if (answer.error.category !== 'conflict') return answer;
      return { ok: false, error: await this.explainConflict(reference, answer.error) };
    }
    const json = parseJson(answer.value);
    const entries = Array.isArray(json) ? json.filter(isRecord) : [];
    return {
      ok: true,
      value: entries.map(entry => ({
        ...(typeof entry.Untagged === 'string' ? { untagged: entry.Untagged } : {}),
        ...(typeof entry.Deleted === 'string' ? { deleted: entry.Deleted } : {}),
      })),
    };
  }

  /** Containers, running ones only unless `all`: what `docker ps [-a]` lists. */
  async listContainers(options: CallOptions & { readonly all?: boolean } = {}): Promise<EngineResult<ContainerSummary[]>> {
    const answer = await this.call('GET', `/containers/json${options.all ? '?all=true' : ''}`, 'the container list', options);
    if (!answer.ok) return answer;
    const json = parseJson(answer.value);
    if (!Array.isArray(json)) return malformed('the container list', 'not a JSON array');
    return { ok: true, value: json.filter(isRecord).flatMap(raw => containerSummary(raw) ?? []) };
  }

  /** `docker start|stop|restart` of one container (by id or name). */
  async containerLifecycle(container: string, action: 'start' | 'stop' | 'restart', options: CallOptions = {}): Promise<EngineResult<void>> {
    const answer = await this.call('POST', `/containers/${encodeURIComponent(container)}/${action}`, `container "${container}"`, options);
    return answer.ok ? { ok: true, value: undefined } : answer;
  }

  /** `docker rm [--force]`. */
  async removeContainer(container: string, options: CallOptions & { readonly force?: boolean } = {}): Promise<EngineResult<void>> {
    const answer = await this.call('DELETE', `/containers/${encodeURIComponent(container)}${options.force ? '?force=true' : ''}`, `container "${container}"`, options);
    return answer.ok ? { ok: true, value: undefined } : answer;
  }

  /** `docker inspect` of a container: the engine's JSON as it is (shown to the user), and when it last started. */
  async inspectContainer(container: string, options: CallOptions = {}): Promise<EngineResult<{ readonly raw: Record<string, unknown>; readonly startedAt?: string; readonly pid?: number }>> {
    const what = `container "${container}"`;
    const answer = await this.call('GET', `/containers/${encodeURIComponent(container)}/json`, what, options);
    if (!answer.ok) return answer;
    const raw = parseJson(answer.value);
    if (!isRecord(raw)) return malformed(what, 'not a JSON object');
    const state = isRecord(raw.State) ? raw.State : {};
    return { ok: true, value: { raw, ...(typeof state.StartedAt === 'string' ? { startedAt: state.StartedAt } : {}), ...(typeof state.Pid === 'number' && state.Pid > 0 ? { pid: state.Pid } : {}) } };
  }

  /** `docker tag source repository:tag` (`target` may omit the tag: `latest`). */
  async tagImage(source: string, target: string, options: CallOptions = {}): Promise<EngineResult<void>> {
    const { repository, tag } = splitReference(target);
    const query = new URLSearchParams({ repo: repository, tag: tag ?? 'latest' });
    const answer = await this.call('POST', `/images/${pathSegment(source)}/tag?${query}`, `image "${source}"`, options);
    return answer.ok ? { ok: true, value: undefined } : answer;
  }

  /**
   * Streams `GET /events` (JSON lines) to `onEvent` until stop() or until the engine goes away; `done`
   * says which. `filters` as the API takes them, e.g. `{ type: ['image'] }`. Debouncing is the caller's
   * job (see debounce.ts): a build or a prune sends dozens of events.
   */
  events(filters: Readonly<Record<string, readonly string[]>>, onEvent: (event: EngineEvent) => void): EventStream {
    const controller = new AbortController();
    let resolveDone!: (result: EngineResult<void>) => void;
    const done = new Promise<EngineResult<void>>(resolve => { resolveDone = resolve; });
    let settled = false;
    const settle = (result: EngineResult<void>) => {
      if (settled) return;
      settled = true;
      resolveDone(result);
    };
    const query = Object.keys(filters).length ? `?filters=${encodeURIComponent(JSON.stringify(filters))}` : '';
    const target = requestTarget(this.transport, this.apiPath(`/events${query}`));
    const options: Https.RequestOptions = {
      method: 'GET',
      path: target.url.pathname + target.url.search,
      headers: { Accept: 'application/json' },
      signal: controller.signal,
      ...(target.connect ? { createConnection: target.connect as unknown as () => Socket } : target.socketPath ? { socketPath: target.socketPath } : { hostname: target.url.hostname, port: target.url.port }),
    };
    const request = target.url.protocol === 'https:' ? httpsModule().request({ ...options, ...this.transport.tls }) : http.request(plainHttpOptions(options));
    request.on('error', error => {
      settle(controller.signal.aborted ? { ok: true, value: undefined } : { ok: false, error: { category: 'network', message: `the event stream of ${this.host} failed: ${error.message}` } });
    });
    request.on('response', response => {
      if (response.statusCode !== 200) {
        response.resume();
        settle({ ok: false, error: { category: response.statusCode === 400 ? 'invalid' : 'server', message: `the engine refused the event stream (HTTP ${response.statusCode})`, status: response.statusCode ?? 0 } });
        return;
      }
      let buffered = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          const event = line ? parseEvent(line) : undefined;
          if (event) {
            try {
              onEvent(event);
            } catch {
              // A failing listener must not end the stream for the others.
            }
          }
        }
      });
      response.on('error', () => { /* reported by close */ });
      response.on('close', () => {
        settle(controller.signal.aborted ? { ok: true, value: undefined } : { ok: false, error: { category: 'network', message: `the event stream of ${this.host} ended (engine stopped?)` } });
      });
    });
    request.end();
    return {
      stop: () => {
        controller.abort();
        settle({ ok: true, value: undefined });
      },
      done,
    };
  }

  /** Closes idle keep-alive connections; the client stays usable. */
  close(): void {
    this.agent?.destroy();
  }

  private apiPath(pathAndQuery: string): string {
    return `/v${this.apiVersion}${pathAndQuery}`;
  }

  private async call(method: HttpMethod, pathAndQuery: string, what: string, options: CallOptions): Promise<EngineResult<IncomingAnswer>> {
    const sent = await sendRequest({
      ...requestTarget(this.transport, this.apiPath(pathAndQuery)),
      method,
      headers: { Accept: 'application/json' },
      timeoutMs: this.timeoutMs,
      ...(this.agent ? { agent: this.agent } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!sent.ok) return { ok: false, error: transportError(sent.failure) };
    const { status } = sent.answer;
    if (status >= 200 && status < 300) return { ok: true, value: sent.answer };
    const engineMessage = errorMessage(sent.answer.body);
    const said = engineMessage ? `: ${engineMessage}` : '';
    const category = status === 404 ? 'not-found' : status === 409 ? 'conflict' : status >= 500 ? 'server' : 'invalid';
    const message = status === 404 ? `${what} not found${said}` : `the engine refused ${method} for ${what} (HTTP ${status})${said}`;
    return { ok: false, error: { category, message, status, ...(engineMessage ? { engineMessage } : {}) } };
  }

  /** Names the container behind a 409 (the engine gives its id; its name is one inspect away). */
  private async explainConflict(reference: string, error: EngineError): Promise<EngineError> {
    const id = /\bcontainer ([0-9a-f]{12,64})\b/.exec(error.engineMessage ?? '')?.[1];
    if (!id) return { ...error, message: `cannot remove image "${reference}": ${error.engineMessage ?? 'the engine refused (HTTP 409)'}` };
    const inspected = await this.call('GET', `/containers/${id}/json`, `container ${id}`, {});
    const container = inspected.ok ? parseJson(inspected.value) : undefined;
    const name = isRecord(container) && typeof container.Name === 'string' ? container.Name.replace(/^\//, '') : undefined;
    const running = isRecord(container) && isRecord(container.State) && container.State.Running === true;
    const who = name ? `container "${name}" (${id.slice(0, 12)})` : `container ${id.slice(0, 12)}`;
    const advice = running ? 'stop and remove the container first' : 'remove the container first, or force';
    return { ...error, message: `image "${reference}" is in use by ${who}: ${advice}`, containerId: id, ...(name ? { containerName: name } : {}) };
  }
}

export interface EventStream {
  /** Ends the stream; `done` then resolves ok. */
  stop(): void;
  /** Resolves when the stream ends: ok after stop(), an error when the engine closed it or could not be reached. */
  readonly done: Promise<EngineResult<void>>;
}

function requestTarget(transport: EngineTransport, pathAndQuery: string): { url: URL; socketPath?: string; tls?: EngineTransport['tls']; connect?: EngineTransport['connect'] } {
  return {
    url: new URL(pathAndQuery, transport.origin),
    ...(transport.socketPath ? { socketPath: transport.socketPath } : {}),
    ...(transport.tls ? { tls: transport.tls } : {}),
    ...(transport.connect ? { connect: transport.connect } : {}),
  };
}

/** An image reference as one path segment: `/` and `:` stay (the engine routes `{name:.*}`), the rest is escaped. */
function pathSegment(reference: string): string {
  return reference.split('/').map(part => encodeURIComponent(part).replace(/%3A/gi, ':').replace(/%40/g, '@')).join('/');
}

/** Compares `1.41` and `1.47` numerically. */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

function parseEvent(line: string): EngineEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(json)) return undefined;
  const actor = isRecord(json.Actor) ? json.Actor : {};
  const type = typeof json.Type === 'string' ? json.Type : typeof json.type === 'string' ? json.type : '';
  const action = typeof json.Action === 'string' ? json.Action : typeof json.status === 'string' ? json.status : '';
  const id = typeof actor.ID === 'string' ? actor.ID : typeof json.id === 'string' ? json.id : '';
  return { type, action, id, attributes: stringRecord(actor.Attributes), ...(typeof json.timeNano === 'number' ? { timeNano: json.timeNano } : {}) };
}

function parseJson(answer: IncomingAnswer): unknown {
  try {
    return JSON.parse(answer.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function errorMessage(body: Buffer): string | undefined {
  const text = body.toString('utf8').trim();
  try {
    const json: unknown = JSON.parse(text);
    if (isRecord(json) && typeof json.message === 'string') return json.message;
  } catch {
    // Some proxies answer plain text.
  }
  return text ? text.split('\n')[0]!.slice(0, 300) : undefined;
}

function malformed<T>(what: string, why: string): EngineResult<T> {
  return { ok: false, error: { category: 'malformed', message: `the engine sent an unusable answer for ${what}: ${why}` } };
}

function transportError(failure: TransportFailure): EngineError {
  const category = failure.kind === 'timeout' ? 'timeout' : failure.kind === 'cancelled' ? 'cancelled' : failure.kind === 'too-large' ? 'malformed' : 'network';
  return { category, message: `the engine: ${failure.message}` };
}

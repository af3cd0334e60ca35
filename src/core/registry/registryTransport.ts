import * as http from 'node:http';
import { httpsModule } from '../lazyBuiltins';
import type * as Https from 'node:https';
import { isRecord } from '../environment/dockerConfig';
import { HttpMethod, IncomingAnswer, sendRequest, SendOutcome, TransportFailure } from '../http/sendRequest';
import { headerValue, parseAuthChallenges, parseRetryAfter } from './httpHeaders';
import { CredentialSource, RegistryAuth } from './registryAuth';
import { registryBaseUrl } from './registryHost';
import { RegistryError, RegistryResult } from './registryTypes';

// How one request reaches a registry: the Authorization it needs (the 401 challenge and token handshake
// through RegistryAuth), 429 and 5xx retries, redirects followed by hand, the per-request timeout, and
// the answer's status turned into a RegistryError. What the requests mean lives in RegistryClient.

export interface RetryPolicy {
  /** How often a 429 is retried before giving up (default 3). */
  readonly rateLimitRetries?: number;
  /** How often a GET/HEAD answered 5xx is retried (default 2). Writes are never retried. */
  readonly serverRetries?: number;
  /** The first backoff, doubled each retry (default 500 ms), when the registry gives no Retry-After. */
  readonly baseDelayMs?: number;
  /** The longest single wait (default 30 s). A Retry-After beyond it gives up at once and says how long to wait. */
  readonly maxDelayMs?: number;
}

export interface RegistryTransportOptions {
  /** `host[:port]`, already normalized (normalizeRegistryHost). */
  readonly host: string;
  /** Hosts reached over plain HTTP besides loopback. */
  readonly insecureRegistries?: readonly string[];
  /** Asked once, when the registry first wants credentials. */
  readonly lookupCredentials: () => Promise<CredentialSource>;
  /** Per request, headers and body (default 30 s). */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** For tests: how to wait between retries, and the clock. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export interface RegistryRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  /** The token scope the request needs (`repository:name:pull`); undefined for /v2/. */
  readonly scope?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly signal?: AbortSignal;
  /** What is asked for, for messages: `repository "app"`, `"app:1.0"`. */
  readonly what: string;
}

/** The final answer to a request, after its retries and redirects. */
export interface RegistryExchange {
  readonly answer: IncomingAnswer;
  /** 5xx retries spent, for the message if it still failed. */
  readonly serverRetries: number;
}

const maxRedirects = 5;
const redirectStatuses: readonly number[] = [301, 302, 303, 307, 308];
const userAgent = `dotnet-containers (${process.platform}; node ${process.versions.node})`;

export class RegistryTransport {
  readonly host: string;
  /** Where the API lives: `https://host`, or `http://` for loopback and insecure registries. */
  readonly baseUrl: URL;
  private readonly auth: RegistryAuth;
  private readonly timeoutMs: number;
  private readonly retry: Required<RetryPolicy>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  /** Made on the first https request (loading node:https and node:tls): a loopback registry never needs it. */
  private httpsAgent: Https.Agent | undefined;

  constructor(options: RegistryTransportOptions) {
    this.host = options.host;
    const insecureRegistries = options.insecureRegistries ?? [];
    this.baseUrl = registryBaseUrl(this.host, insecureRegistries);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = { rateLimitRetries: 3, serverRetries: 2, baseDelayMs: 500, maxDelayMs: 30_000, ...options.retry };
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.auth = new RegistryAuth({
      host: this.host,
      lookupCredentials: options.lookupCredentials,
      timeoutMs: this.timeoutMs,
      insecureRegistries,
      userAgent,
      now: this.now,
    });
  }

  /** The scheme the registry asked for so far (`none` until its first 401). */
  get authentication(): 'none' | 'basic' | 'bearer' {
    return this.auth.knownScheme;
  }

  /**
   * Sends one request with what the registry needs around it: the Authorization we know of, one retry
   * after a 401 challenge, 429s retried after Retry-After (or an exponential backoff), 5xx retried for
   * reads, and redirects followed by hand.
   */
  async exchange(request: RegistryRequest): Promise<RegistryResult<RegistryExchange>> {
    const idempotent = request.method === 'GET' || request.method === 'HEAD';
    const initial = await this.auth.authorization(request.scope);
    if (!initial.ok) return initial;
    let authorization = initial.value;
    let challenged = false;
    let rateLimitRetries = 0;
    let serverRetries = 0;
    for (;;) {
      const sent = await this.follow(request, authorization);
      if (!sent.ok) {
        if ('redirectProblem' in sent) return this.malformed(request.what, sent.redirectProblem);
        return { ok: false, error: transportError(request.what, sent.failure) };
      }
      const answer = sent.answer;
      if (answer.status === 401 && !challenged) {
        challenged = true;
        const next = await this.auth.answerChallenge(parseAuthChallenges(answer.headers['www-authenticate']), request.scope, authorization !== undefined);
        if (!next.ok) return next;
        authorization = next.value;
        continue;
      }
      if (answer.status === 429) {
        const retryAfter = parseRetryAfter(answer.headers['retry-after'], this.now());
        const delay = retryAfter !== undefined ? retryAfter * 1000 : this.backoff(rateLimitRetries);
        if (rateLimitRetries < this.retry.rateLimitRetries && delay <= this.retry.maxDelayMs) {
          rateLimitRetries++;
          const waited = await this.wait(delay, request);
          if (!waited.ok) return waited;
          continue;
        }
        return { ok: false, error: this.rateLimited(answer, request.what, retryAfter, rateLimitRetries) };
      }
      if (answer.status >= 500 && idempotent && serverRetries < this.retry.serverRetries) {
        const waited = await this.wait(this.backoff(serverRetries), request);
        if (!waited.ok) return waited;
        serverRetries++;
        continue;
      }
      return { ok: true, value: { answer, serverRetries } };
    }
  }

  /** Turns an answer whose status is not one of `expected` into the error a person can act on. */
  async expectStatus(sent: RegistryExchange, what: string, expected: readonly number[]): Promise<RegistryResult<void>> {
    const { status, body } = sent.answer;
    if (expected.includes(status)) return { ok: true, value: undefined };
    const { code, detail } = registryErrorBody(body);
    const said = code ? ` (${code}${detail ? `: ${detail}` : ''})` : '';
    const error = (category: RegistryError['category'], message: string): RegistryResult<void> =>
      ({ ok: false, error: { category, message, status, ...(code ? { code } : {}) } });
    if (status === 401) {
      const rejected = await this.auth.rejected();
      return { ok: false, error: { ...rejected, message: `${rejected.message} (for ${what})`, ...(code ? { code } : {}) } };
    }
    if (status === 403) return error('forbidden', `${this.host} denied access to ${what}${said}`);
    if (status === 404) return error('not-found', `${what} not found on ${this.host}${said}`);
    if (status === 405) return error('unsupported', `${this.host} does not allow this on ${what} (HTTP 405${code ? ` ${code}` : ''}): deleting is probably not enabled (distribution: storage.delete.enabled: true)`);
    if (status >= 500) {
      const retried = sent.serverRetries ? ` after ${sent.serverRetries} ${sent.serverRetries === 1 ? 'retry' : 'retries'}` : '';
      return error('server', `${this.host} answered HTTP ${status} for ${what}${retried}${said}`);
    }
    if (status >= 300 && status < 400) return error('malformed', `${this.host} answered ${what} with a redirect (HTTP ${status}) that cannot be followed`);
    return error('invalid', `${this.host} refused the request for ${what}: HTTP ${status}${said}`);
  }

  /** The error for an answer that arrived but cannot be used. */
  malformed<T>(what: string, why: string): RegistryResult<T> {
    return { ok: false, error: { category: 'malformed', message: `${this.host} sent an unusable answer for ${what}: ${why}` } };
  }

  /** Forgets cached tokens and credentials: the next request looks them up again (after a login). */
  forgetCredentials(): void {
    this.auth.reset();
  }

  /** Closes idle keep-alive connections. The transport stays usable. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent?.destroy();
  }

  /**
   * One request and its redirects (GET/HEAD only, at most 5). Authorization goes only to the registry's
   * own origin: a blob redirected to storage on another host never receives it.
   */
  private async follow(request: RegistryRequest, authorization: string | undefined): Promise<SendOutcome | { readonly ok: false; readonly redirectProblem: string }> {
    let url = request.url;
    let method = request.method;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { 'User-Agent': userAgent, ...request.headers };
      if (authorization && url.origin === request.url.origin) headers.Authorization = authorization;
      const outcome = await sendRequest({
        method,
        url,
        headers,
        ...(request.body && method === request.method ? { body: request.body } : {}),
        timeoutMs: this.timeoutMs,
        agent: url.protocol === 'https:' ? (this.httpsAgent ??= new (httpsModule().Agent)({ keepAlive: true, maxSockets: 16 })) : this.httpAgent,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      if (!outcome.ok) return outcome;
      const { status, headers: answerHeaders } = outcome.answer;
      const location = headerValue(answerHeaders.location);
      if (!redirectStatuses.includes(status) || !location || (method !== 'GET' && method !== 'HEAD')) return outcome;
      if (hop >= maxRedirects) return { ok: false, redirectProblem: `it redirected more than ${maxRedirects} times` };
      try {
        url = new URL(location, url);
      } catch {
        return { ok: false, redirectProblem: 'it redirected to an invalid URL' };
      }
      if (status === 303 && method !== 'HEAD') method = 'GET';
    }
  }

  private backoff(retry: number): number {
    return Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** retry);
  }

  private async wait(ms: number, request: RegistryRequest): Promise<RegistryResult<void>> {
    if (ms > 0) await this.sleep(ms);
    return request.signal?.aborted ? { ok: false, error: { category: 'cancelled', message: `${request.what}: cancelled while waiting to retry` } } : { ok: true, value: undefined };
  }

  private rateLimited(answer: IncomingAnswer, what: string, retryAfter: number | undefined, retries: number): RegistryError {
    const { code, detail } = registryErrorBody(answer.body);
    const parts = [`${this.host} is rate limiting requests for ${what} (HTTP 429${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''})`];
    if (retryAfter !== undefined) parts.push(`it asks to retry after ${retryAfter} s`);
    parts.push(retries ? `gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : 'not retried: the wait is longer than the client allows');
    return { category: 'rate-limited', message: parts.join('; '), status: 429, ...(code ? { code } : {}), ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}) };
  }
}

/** The first `{"errors":[{code,message,detail}]}` entry of an error body, when there is one. */
export function registryErrorBody(body: Buffer): { code?: string; detail?: string } {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const first = isRecord(parsed) && Array.isArray(parsed.errors) && isRecord(parsed.errors[0]) ? parsed.errors[0] : undefined;
    if (!first) return {};
    return {
      ...(typeof first.code === 'string' ? { code: first.code } : {}),
      ...(typeof first.message === 'string' && first.message ? { detail: first.message.slice(0, 200) } : {}),
    };
  } catch {
    return {};
  }
}

function transportError(what: string, failure: TransportFailure): RegistryError {
  const category = failure.kind === 'timeout' ? 'timeout'
    : failure.kind === 'cancelled' ? 'cancelled'
      : failure.kind === 'too-large' ? 'malformed'
        : 'network';
  const hint = /does not speak HTTPS/.test(failure.message) ? '; if it is, list it in insecureRegistries' : '';
  return { category, message: `${what}: ${failure.message}${hint}` };
}

import { sendRequest, TransportFailure } from '../http/sendRequest';
import { isRecord } from '../environment/dockerConfig';
import { AuthChallenge } from './httpHeaders';
import { usesPlainHttp } from './registryHost';
import { RegistryCredentials, RegistryError, RegistryResult } from './registryTypes';

// How one registry wants to be authenticated, learnt from its first 401, and the bearer tokens it hands
// out, cached per scope until they expire. Anonymous first: credentials are only looked up (and a
// credential helper only started) once the registry asks for them.

export interface CredentialSource {
  readonly credentials?: RegistryCredentials;
  /** For messages only: `config.json auths`, `docker-credential-pass`, `the credentials you entered`. */
  readonly source?: string;
  readonly problems: readonly string[];
}

export interface RegistryAuthOptions {
  /** The registry, `host[:port]` as normalized (for messages and the realm check). */
  readonly host: string;
  readonly lookupCredentials: () => Promise<CredentialSource>;
  readonly timeoutMs: number;
  readonly insecureRegistries: readonly string[];
  readonly userAgent: string;
  readonly now: () => number;
}

interface TokenEntry {
  readonly token: string;
  readonly expiresAt: number;
}

/** Tokens are renewed this long before they expire, so one does not run out between cache and use. */
const expiryMarginMs = 5_000;
const defaultTokenLifetimeSeconds = 60;

export class RegistryAuth {
  private scheme: 'none' | 'basic' | 'bearer' = 'none';
  private bearer?: { realm: string; service?: string };
  private credentials?: Promise<CredentialSource>;
  private readonly tokens = new Map<string, Promise<RegistryResult<TokenEntry>>>();

  constructor(private readonly options: RegistryAuthOptions) {}

  /** What the registry said it wants, once it said (for a "logged in as…" line). */
  get knownScheme(): 'none' | 'basic' | 'bearer' { return this.scheme; }

  /** The Authorization header to send before any challenge, from what earlier answers taught us. */
  async authorization(scope: string | undefined): Promise<RegistryResult<string | undefined>> {
    if (this.scheme === 'basic') {
      const { credentials } = await this.resolveCredentials();
      return { ok: true, value: credentials ? credentialHeader(credentials) : undefined };
    }
    if (this.scheme === 'bearer' && this.bearer) {
      const found = await this.registryTokenHeader();
      if (found) return { ok: true, value: found };
      const token = await this.token(scope ?? '');
      return token.ok ? { ok: true, value: `Bearer ${token.value.token}` } : token;
    }
    return { ok: true, value: undefined };
  }

  /**
   * After a 401: learns the scheme from the challenge and returns the header to retry with, or why
   * there is none (no credentials, rejected credentials, the token service failing).
   * `sentAuthorization` says whether the refused request already carried credentials.
   */
  async answerChallenge(challenges: readonly AuthChallenge[], scope: string | undefined, sentAuthorization: boolean): Promise<RegistryResult<string>> {
    const bearer = challenges.find(c => c.scheme === 'bearer' && c.params.realm);
    const basic = challenges.find(c => c.scheme === 'basic');
    if (bearer) {
      const realm = bearer.params.realm!;
      const service = bearer.params.service;
      const changed = this.scheme !== 'bearer' || this.bearer?.realm !== realm || this.bearer?.service !== service;
      this.scheme = 'bearer';
      this.bearer = { realm, ...(service !== undefined ? { service } : {}) };
      const registryToken = await this.registryTokenHeader();
      if (registryToken) {
        return sentAuthorization && !changed ? { ok: false, error: await this.rejected() } : { ok: true, value: registryToken };
      }
      // The challenge names the scope the registry needs; it wins over our guess (push may need pull,push).
      const wanted = bearer.params.scope ?? scope ?? '';
      if (sentAuthorization && !changed) this.tokens.delete(normalizeScope(wanted)); // that token was refused: fetch a fresh one once
      const token = await this.token(wanted);
      return token.ok ? { ok: true, value: `Bearer ${token.value.token}` } : token;
    }
    if (basic || challenges.length === 0) {
      const wasBasic = this.scheme === 'basic';
      this.scheme = 'basic';
      const { credentials } = await this.resolveCredentials();
      if (!credentials || (sentAuthorization && wasBasic)) return { ok: false, error: await this.rejected() };
      const header = credentialHeader(credentials);
      if (!header) return { ok: false, error: { category: 'unauthorized', message: `${this.options.host} wants a user name and password; an identity token cannot be used there` } };
      return { ok: true, value: header };
    }
    return { ok: false, error: { category: 'unauthorized', message: `${this.options.host} asks for an authentication scheme this client does not speak (${challenges.map(c => c.scheme).join(', ')})` } };
  }

  /** The message for "we have nothing the registry accepts". */
  async rejected(): Promise<RegistryError> {
    const { credentials, source, problems } = await this.resolveCredentials();
    const host = this.options.host;
    const trouble = problems.length ? ` (${problems.join('; ')})` : '';
    const message = credentials
      ? `${host} rejected the credentials from ${source ?? 'the credential store'}${trouble}`
      : `${host} needs credentials and none were found in docker's config.json${trouble}; log in with \`docker login ${host}\``;
    return { category: 'unauthorized', message, status: 401 };
  }

  /** Forgets tokens and looked-up credentials (after a login or logout). */
  reset(): void {
    this.credentials = undefined;
    this.tokens.clear();
  }

  private resolveCredentials(): Promise<CredentialSource> {
    this.credentials ??= this.options.lookupCredentials().catch(error => ({ problems: [`reading credentials failed: ${(error as Error).message}`] }));
    return this.credentials;
  }

  private async registryTokenHeader(): Promise<string | undefined> {
    const { credentials } = await this.resolveCredentials();
    return credentials?.kind === 'registry-token' ? `Bearer ${credentials.token}` : undefined;
  }

  /** A token for `scope` from the cache, or one fetched once for every concurrent caller. */
  private token(scope: string): Promise<RegistryResult<TokenEntry>> {
    const key = normalizeScope(scope);
    const cached = this.tokens.get(key);
    if (cached) {
      return cached.then(result => {
        if (result.ok && result.value.expiresAt > this.options.now()) return result;
        if (this.tokens.get(key) === cached) this.tokens.delete(key);
        return this.token(scope);
      });
    }
    const fetching = this.fetchToken(key);
    this.tokens.set(key, fetching);
    // A failure is not cached: the next call asks again.
    void fetching.then(result => { if (!result.ok && this.tokens.get(key) === fetching) this.tokens.delete(key); });
    return fetching;
  }

  private async fetchToken(scope: string): Promise<RegistryResult<TokenEntry>> {
    const { realm, service } = this.bearer!;
    const host = this.options.host;
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      return { ok: false, error: { category: 'malformed', message: `${host} names a token service that is not a URL` } };
    }
    const { credentials, source } = await this.resolveCredentials();
    // Credentials go to the realm only over TLS, unless the realm itself is loopback or listed as insecure.
    const mayCarrySecrets = url.protocol === 'https:' || usesPlainHttp(url.host, this.options.insecureRegistries);
    const usable = mayCarrySecrets ? credentials : undefined;
    const headers: Record<string, string> = { 'User-Agent': this.options.userAgent, Accept: 'application/json' };
    let outcome;
    if (usable?.kind === 'identity-token') {
      // docker's OAuth2 refresh-token grant, the form an identity token (ACR, Docker Hub SSO) is used with.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: usable.token, client_id: 'dotnet-containers', ...(service ? { service } : {}) });
      for (const single of scope.split(' ').filter(Boolean)) form.append('scope', single);
      outcome = await sendRequest({ method: 'POST', url, headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(), timeoutMs: this.options.timeoutMs });
    } else {
      if (service) url.searchParams.set('service', service);
      for (const single of scope.split(' ').filter(Boolean)) url.searchParams.append('scope', single);
      const basic = usable ? credentialHeader(usable) : undefined;
      outcome = await sendRequest({ method: 'GET', url, headers: basic ? { ...headers, Authorization: basic } : headers, timeoutMs: this.options.timeoutMs });
    }
    if (!outcome.ok) return { ok: false, error: tokenTransportError(host, outcome.failure) };
    const { status, body } = outcome.answer;
    if (status === 401 || status === 403) {
      const message = usable
        ? `${host}'s token service rejected the credentials from ${source ?? 'the credential store'}`
        : credentials && !mayCarrySecrets
          ? `${host}'s token service is plain HTTP; credentials are not sent there (list it in insecureRegistries to allow it)`
          : `${host}'s token service wants credentials and none were found in docker's config.json; log in with \`docker login ${host}\``;
      return { ok: false, error: { category: status === 401 ? 'unauthorized' : 'forbidden', message, status } };
    }
    if (status === 429) return { ok: false, error: { category: 'rate-limited', message: `${host}'s token service is rate limiting requests`, status } };
    if (status < 200 || status >= 300) return { ok: false, error: { category: status >= 500 ? 'server' : 'invalid', message: `${host}'s token service answered HTTP ${status}`, status } };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return { ok: false, error: { category: 'malformed', message: `${host}'s token service did not answer JSON` } };
    }
    const token = isRecord(parsed) ? (typeof parsed.token === 'string' && parsed.token) || (typeof parsed.access_token === 'string' && parsed.access_token) : undefined;
    if (!token || !isRecord(parsed)) return { ok: false, error: { category: 'malformed', message: `${host}'s token service answered without a token` } };
    const lifetime = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : defaultTokenLifetimeSeconds;
    const issuedAt = typeof parsed.issued_at === 'string' ? Date.parse(parsed.issued_at) : NaN;
    // Trust our clock over the server's issued_at unless the latter is sane: a skewed clock must not make every token look expired.
    const start = Number.isFinite(issuedAt) && Math.abs(issuedAt - this.options.now()) < 60_000 ? issuedAt : this.options.now();
    return { ok: true, value: { token, expiresAt: start + lifetime * 1000 - Math.min(expiryMarginMs, lifetime * 500) } };
  }
}

/** The header for credentials that can be sent directly: Basic for a password, Bearer for a registry token. */
function credentialHeader(credentials: RegistryCredentials): string | undefined {
  switch (credentials.kind) {
    case 'basic': return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    case 'registry-token': return `Bearer ${credentials.token}`;
    default: return undefined;
  }
}

/** Scopes are a space-separated set; the same set in another order is the same token. */
function normalizeScope(scope: string): string {
  return [...new Set(scope.split(' ').filter(Boolean))].sort().join(' ');
}

function tokenTransportError(host: string, failure: TransportFailure): RegistryError {
  const category = failure.kind === 'timeout' ? 'timeout' : failure.kind === 'cancelled' ? 'cancelled' : failure.kind === 'too-large' ? 'malformed' : 'network';
  return { category, message: `${host}'s token service: ${failure.message}` };
}

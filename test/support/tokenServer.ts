import { execFile } from 'node:child_process';
import { createSign, randomBytes, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

// A token service for distribution's `auth.token` on loopback: Basic credentials in, an RS256 JWT out,
// signed by a key whose self-signed certificate is the registry's rootcertbundle and travels in the
// JWT's `x5c` header (distribution verifies that chain). The key and certificate come from the openssl
// CLI (node:crypto cannot make X.509 certificates).

export interface TokenAccess {
  readonly type: string;
  readonly name: string;
  readonly actions: readonly string[];
}

export interface TokenRequestRecord {
  readonly method: string;
  readonly scopes: readonly string[];
  readonly service?: string;
  /** `valid`: the right user and password (or refresh token); `wrong`: others; `none`: anonymous. */
  readonly credentials: 'valid' | 'wrong' | 'none';
}

export interface TokenServer {
  /** The realm URL, `http://127.0.0.1:PORT/token`. */
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** The certificate PEM file for the registry's `rootcertbundle`. */
  readonly rootcertbundle: string;
  readonly requests: TokenRequestRecord[];
  /** A token for the given access, for seeding content through the registry API directly. */
  mint(access: readonly TokenAccess[]): string;
  stop(): Promise<void>;
}

export interface TokenServerOptions {
  readonly user: string;
  readonly password: string;
  readonly service?: string;
  readonly issuer?: string;
  /** Seconds; omitted from the answer when undefined (clients must then assume 60). */
  readonly expiresIn?: number;
  /** Accepted as an OAuth2 refresh token (`POST` with grant_type=refresh_token), as an identity token is used. */
  readonly refreshToken?: string;
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-token-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=dotnet-containers test token issuer']);
  const key = fs.readFileSync(keyFile, 'utf8');
  const certificate = new X509Certificate(fs.readFileSync(certFile));
  const service = options.service ?? 'dotnet-containers-test';
  const issuer = options.issuer ?? 'dotnet-containers-test-issuer';
  const requests: TokenRequestRecord[] = [];
  const expected = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;

  const mint = (access: readonly TokenAccess[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', x5c: [certificate.raw.toString('base64')] };
    const claims = { iss: issuer, sub: options.user, aud: service, exp: now + (options.expiresIn ?? 60), nbf: now - 5, iat: now, jti: randomBytes(8).toString('hex'), access };
    const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(key);
    return `${signingInput}.${base64Url(signature)}`;
  };

  const server = http.createServer((request, response) => {
    let form = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { form += chunk; });
    request.on('end', () => answer(request, response, form));
  });

  /** GET with Basic credentials (docker's token flow), or POST with a refresh token (OAuth2, for identity tokens). */
  const answer = (request: http.IncomingMessage, response: http.ServerResponse, form: string) => {
    const url = new URL(request.url ?? '/', 'http://token');
    const params = request.method === 'POST' ? new URLSearchParams(form) : url.searchParams;
    const scopes = params.getAll('scope').flatMap(scope => scope.split(' ')).filter(Boolean);
    const authorization = request.headers.authorization;
    const refreshed = request.method === 'POST' && params.get('grant_type') === 'refresh_token';
    const credentials = refreshed
      ? (options.refreshToken !== undefined && params.get('refresh_token') === options.refreshToken ? 'valid' : 'wrong')
      : authorization === undefined ? 'none' : authorization === expected ? 'valid' : 'wrong';
    requests.push({ method: request.method ?? '', scopes, credentials, ...(params.has('service') ? { service: params.get('service')! } : {}) });
    if (url.pathname !== '/token' || (request.method !== 'GET' && !refreshed)) {
      response.writeHead(404).end();
      return;
    }
    if (credentials === 'wrong') {
      response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"details":"wrong user name or password"}');
      return;
    }
    // Anonymous callers get a valid token with no access, as public token services do.
    const access = credentials === 'valid' ? scopes.map(parseScope).filter((a): a is TokenAccess => a !== undefined) : [];
    const token = mint(access);
    const body: Record<string, unknown> = { token, access_token: token, issued_at: new Date().toISOString() };
    if (options.expiresIn !== undefined) body.expires_in = options.expiresIn;
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    rootcertbundle: certFile,
    requests,
    mint,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `repository:samples/app:pull,push` → access entry; the name may itself contain no colon, the type none either. */
function parseScope(scope: string): TokenAccess | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

function base64Url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function openssl(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { timeout: 60_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`openssl ${args[0]}: ${stderr || error.message}`)) : resolve()));
  });
}

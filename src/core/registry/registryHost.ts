import * as net from 'node:net';

// Registry names as people and docker write them (`docker.io`, `https://index.docker.io/v1/`,
// `myreg:5000`, `127.0.0.1:5000`) and the URL the HTTP API lives at.

export const dockerHub = 'docker.io';
const dockerHubApiHost = 'registry-1.docker.io';
const dockerHubAliases = new Set([dockerHub, 'index.docker.io', dockerHubApiHost, 'registry.hub.docker.com']);

/**
 * `host[:port]` in lower case, from a bare host or a URL with scheme and path (config.json keys such as
 * `https://index.docker.io/v1/` or `http://myreg:5000/v2/`). Docker Hub's aliases all become `docker.io`.
 */
export function normalizeRegistryHost(text: string): string {
  let host = text.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = host.indexOf('/');
  if (slash >= 0) host = host.slice(0, slash);
  host = host.toLowerCase();
  if (host.endsWith(':443') && !host.startsWith('[')) host = host.slice(0, -4);
  return dockerHubAliases.has(host) ? dockerHub : host;
}

/** The host name without the port (`[::1]:5000` → `::1`). */
export function hostName(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1]!;
  if (isIPv6Literal(host)) return host;
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

/**
 * net.isIPv6, asked only of text with two colons or more (every IPv6 address has them): its first call compiles a
 * large regular expression, ~5 ms of a CLI run that names `host:port` or a registry by name.
 */
function isIPv6Literal(text: string): boolean {
  return text.indexOf(':') !== text.lastIndexOf(':') && net.isIPv6(text);
}

/** localhost, 127.0.0.0/8 and ::1: where plain HTTP is what docker itself accepts. */
export function isLoopbackHost(host: string): boolean {
  const name = hostName(normalizeRegistryHost(host));
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (net.isIPv4(name)) return name.startsWith('127.');
  if (isIPv6Literal(name)) return name === '::1' || /^::ffff:127\./i.test(name);
  return false;
}

/**
 * Whether the registry is reached over plain HTTP: loopback hosts, and the hosts listed in
 * `insecureRegistries` (an entry without a port covers every port of that host).
 */
export function usesPlainHttp(host: string, insecureRegistries: readonly string[] = []): boolean {
  const normalized = normalizeRegistryHost(host);
  if (isLoopbackHost(normalized)) return true;
  return insecureRegistries.some(entry => {
    const listed = normalizeRegistryHost(entry);
    return listed === normalized || (!/:\d+$/.test(listed) && listed === hostName(normalized));
  });
}

/** The registry API's origin: `https://host[:port]` (Docker Hub's is registry-1.docker.io), or `http://` per usesPlainHttp. */
export function registryBaseUrl(host: string, insecureRegistries: readonly string[] = []): URL {
  const normalized = normalizeRegistryHost(host);
  const apiHost = normalized === dockerHub ? dockerHubApiHost : normalized;
  return new URL(`${usesPlainHttp(normalized, insecureRegistries) ? 'http' : 'https'}://${apiHost}`);
}

/** Docker Hub's official images live under `library/`: `ubuntu` → `library/ubuntu`. Other registries keep the name. */
export function repositoryPath(host: string, repository: string): string {
  return normalizeRegistryHost(host) === dockerHub && !repository.includes('/') ? `library/${repository}` : repository;
}

/** The URL path of a repository's API, each component escaped (names are validated by the registry, not here). */
export function repositoryUrlPath(repository: string): string {
  return repository.split('/').map(encodeURIComponent).join('/');
}

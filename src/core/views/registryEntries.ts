import { checkRegistry } from '../docker/dockerArgv';
import { isValidRepositoryName } from '../docker/imageName';
import { isRecord } from '../environment/dockerConfig';
import { dockerHub, normalizeRegistryHost } from '../registry/registryHost';

// The registries of the Registries view: the `dotnetContainers.registries` setting read and written, the
// presets the "Add registry" pick offers, and what each known host allows (catalog, a web page).

/** One registry of the view: `host[:port]` normalized, and the repositories the user added by hand. */
export interface RegistryEntry {
  readonly host: string;
  readonly repositories: readonly string[];
}

/**
 * Reads the setting. Entries are `{ host, repositories? }` objects, or plain `host[:port][/namespace]`
 * strings as Push… writes them (the namespace is a push destination, not a repository: it is dropped here).
 * Entries for the same host are merged, in the order they first appear; unusable entries are skipped.
 */
export function readRegistryEntries(setting: unknown): RegistryEntry[] {
  const merged = new Map<string, string[]>();
  for (const raw of Array.isArray(setting) ? setting : []) {
    const hostText = typeof raw === 'string' ? raw : isRecord(raw) && typeof raw.host === 'string' ? raw.host : undefined;
    const host = hostText ? normalizeRegistryHost(hostText) : '';
    if (!isRegistryHost(host)) continue;
    const repositories = merged.get(host) ?? [];
    const listed = isRecord(raw) && Array.isArray(raw.repositories) ? raw.repositories : [];
    for (const repository of listed) {
      if (typeof repository === 'string' && isValidRepositoryName(repository.trim()) && !repositories.includes(repository.trim())) repositories.push(repository.trim());
    }
    merged.set(host, repositories);
  }
  return [...merged].map(([host, repositories]) => ({ host, repositories }));
}

/** The setting with `host` added (as `{ host }`), unless an entry for it is already there. */
export function withRegistry(setting: unknown, host: string, repositories: readonly string[] = []): unknown[] {
  const entries = Array.isArray(setting) ? [...setting] : [];
  const wanted = normalizeRegistryHost(host);
  if (readRegistryEntries(entries).some(entry => entry.host === wanted)) return withRepositories(entries, wanted, repositories);
  return [...entries, repositories.length ? { host: wanted, repositories: [...repositories] } : { host: wanted }];
}

/** The setting without any entry for `host` (objects and strings alike). */
export function withoutRegistry(setting: unknown, host: string): unknown[] {
  const wanted = normalizeRegistryHost(host);
  return (Array.isArray(setting) ? setting : []).filter(raw => entryHost(raw) !== wanted);
}

/**
 * The setting with `repositories` added to `host`'s object entry (made when there is only a string entry:
 * the string stays for Push…). Repositories already listed are not repeated.
 */
export function withRepositories(setting: unknown, host: string, repositories: readonly string[]): unknown[] {
  const wanted = normalizeRegistryHost(host);
  const entries = Array.isArray(setting) ? [...setting] : [];
  if (!repositories.length) return entries;
  const index = entries.findIndex(raw => isRecord(raw) && entryHost(raw) === wanted);
  const current = index >= 0 ? entries[index] as Record<string, unknown> : { host: wanted };
  const listed = Array.isArray(current.repositories) ? current.repositories.filter((r): r is string => typeof r === 'string') : [];
  const updated = { ...current, repositories: [...listed, ...repositories.filter(repository => !listed.includes(repository))] };
  if (index >= 0) entries[index] = updated;
  else entries.push(updated);
  return entries;
}

/** The setting without `repository` in `host`'s entries. */
export function withoutRepository(setting: unknown, host: string, repository: string): unknown[] {
  const wanted = normalizeRegistryHost(host);
  return (Array.isArray(setting) ? setting : []).map(raw => {
    if (!isRecord(raw) || entryHost(raw) !== wanted || !Array.isArray(raw.repositories)) return raw;
    return { ...raw, repositories: raw.repositories.filter(listed => listed !== repository) };
  });
}

function entryHost(raw: unknown): string | undefined {
  const text = typeof raw === 'string' ? raw : isRecord(raw) && typeof raw.host === 'string' ? raw.host : undefined;
  return text ? normalizeRegistryHost(text) : undefined;
}

/** `host[:port]` as docker takes a registry (dockerArgv.checkRegistry): no scheme, no path. */
export function isRegistryHost(text: string): boolean {
  try {
    return checkRegistry(text) === text;
  } catch {
    return false;
  }
}

// ---- known hosts ---------------------------------------------------------------------------------------

export type RegistryPresetId = 'docker-hub' | 'mcr' | 'ghcr' | 'acr' | 'gitlab' | 'quay' | 'generic';

export interface RegistryPreset {
  readonly id: RegistryPresetId;
  readonly label: string;
  readonly detail: string;
  /** The host, or undefined when the user must say it (ACR asks the registry name, generic the host). */
  readonly host?: string;
  /** Repositories added with the registry, so that it shows something at once. */
  readonly repositories?: readonly string[];
}

export const registryPresets: readonly RegistryPreset[] = [
  { id: 'docker-hub', label: 'Docker Hub', host: dockerHub, detail: 'docker.io: add the repositories you want to see (Docker Hub does not list them)' },
  { id: 'mcr', label: 'Microsoft Artifact Registry (MCR)', host: 'mcr.microsoft.com', repositories: ['dotnet/sdk', 'dotnet/aspnet', 'dotnet/runtime', 'dotnet/runtime-deps'], detail: 'mcr.microsoft.com, anonymous: the .NET images are added for you' },
  { id: 'ghcr', label: 'GitHub Container Registry', host: 'ghcr.io', detail: 'ghcr.io: log in with a personal access token (read:packages)' },
  { id: 'acr', label: 'Azure Container Registry', detail: '<name>.azurecr.io: asks the registry name' },
  { id: 'gitlab', label: 'GitLab Container Registry', host: 'registry.gitlab.com', detail: 'registry.gitlab.com: log in with a personal or deploy token' },
  { id: 'quay', label: 'Quay', host: 'quay.io', detail: 'quay.io' },
  { id: 'generic', label: 'Other registry (V2/OCI: Harbor, Nexus, distribution…)', detail: 'host[:port], e.g. localhost:5000 or harbor.example.com' },
];

/** `<name>.azurecr.io` from what the user typed: a bare name, or the whole host. */
export function azureRegistryHost(name: string): string | undefined {
  const host = name.trim().toLowerCase().replace(/\.azurecr\.io$/, '');
  return /^[a-z0-9]{5,50}$/.test(host) ? `${host}.azurecr.io` : undefined;
}

/** The preset a host belongs to (`generic` for any other). */
export function presetOf(host: string): RegistryPreset {
  const normalized = normalizeRegistryHost(host);
  if (normalized.endsWith('.azurecr.io')) return registryPresets.find(preset => preset.id === 'acr')!;
  return registryPresets.find(preset => preset.host === normalized) ?? registryPresets.find(preset => preset.id === 'generic')!;
}

/** Docker Hub, MCR and GHCR refuse `/v2/_catalog` to everyone: asking would only cost a round trip. */
export function offersCatalog(host: string): boolean {
  return !['docker-hub', 'mcr', 'ghcr'].includes(presetOf(host).id);
}

/** What `docker pull` takes: `host/repository:tag`, and for Docker Hub the short form docker prints. */
export function registryImageReference(host: string, repository: string, tag?: string): string {
  const normalized = normalizeRegistryHost(host);
  const name = normalized === dockerHub ? repository.replace(/^library\//, '') : `${normalized}/${repository}`;
  return tag === undefined ? name : tag.includes(':') ? `${name}@${tag}` : `${name}:${tag}`;
}

/**
 * The registry's own web page for a repository (or a tag of it), for hosts that have one. Generic
 * registries and ACR (whose page is in the Azure portal, behind a subscription) have none.
 */
export function registryWebPage(host: string, repository: string, tag?: string): string | undefined {
  const path = repository.split('/').map(encodeURIComponent).join('/');
  const query = (name: string, value: string) => `${name}=${encodeURIComponent(value)}`;
  switch (presetOf(host).id) {
    case 'docker-hub': {
      const official = /^library\/([^/]+)$/.exec(repository)?.[1] ?? (repository.includes('/') ? undefined : repository);
      const page = official ? `https://hub.docker.com/_/${encodeURIComponent(official)}` : `https://hub.docker.com/r/${path}`;
      return tag ? `${page}/tags?${query('name', tag)}` : page;
    }
    case 'ghcr':
      // ghcr.io sends browsers on to the package's page on github.com.
      return `https://ghcr.io/${path}`;
    case 'quay':
      return `https://quay.io/repository/${path}${tag ? `?tab=tags&${query('tag', tag)}` : ''}`;
    case 'mcr':
      return `https://mcr.microsoft.com/artifact/mar/${path}${tag ? '/tags' : ''}`;
    case 'gitlab': {
      // Images live at `group/project[/image]`; the page belongs to the project (the first two components).
      const project = repository.split('/').slice(0, 2).map(encodeURIComponent).join('/');
      return `https://gitlab.com/${project}/container_registry`;
    }
    default:
      return undefined;
  }
}

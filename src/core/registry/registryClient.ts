import * as http from 'node:http';
import { isValidTag } from '../docker/imageName';
import { isRecord } from '../environment/dockerConfig';
import { cryptoModule, homeDirectory } from '../lazyBuiltins';
import { dockerConfigCredentials } from './dockerCredentials';
import { headerValue, parseLinkNext } from './httpHeaders';
import { CredentialSource } from './registryAuth';
import { normalizeRegistryHost, repositoryPath, repositoryUrlPath } from './registryHost';
import { registryErrorBody, RegistryTransport, RetryPolicy } from './registryTransport';
import { sortTags } from './tagOrder';
import {
  ImagePlatform, manifestAccept, ManifestHead, manifestMediaTypes, PageCursor, PageOptions, RegistryCredentials,
  RegistryError, RegistryResult, RepositoryPage, TagDetails, TagPage,
} from './registryTypes';

// A client for one registry's HTTP API v2 / OCI distribution API: catalog, tags (paged), manifests, digests,
// deletes and retags, each over RegistryTransport (auth, retries, redirects). Every operation resolves to a
// RegistryResult: no exception and no unhandled rejection leaves it, whatever the registry or the network does.

export interface RegistryClientOptions {
  /** Hosts reached over plain HTTP besides loopback (the `dotnetContainers.insecureRegistries` setting). */
  readonly insecureRegistries?: readonly string[];
  /** For DOCKER_CONFIG and PATH (credential helpers); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly home?: string;
  /** Read docker's config.json and credential helpers (default true). */
  readonly useDockerConfig?: boolean;
  /** Asked when docker's config has nothing for this registry (the extension's SecretStorage). */
  readonly credentials?: (host: string) => Promise<RegistryCredentials | undefined>;
  /** Per request, headers and body (default 30 s). */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly helperTimeoutMs?: number;
  /** For tests: how to wait between retries, and the clock. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface DeleteTagOptions extends CallOptions {
  /**
   * The digest the caller agreed to delete with every tag on it (after naming them to the user). Used only when
   * the registry cannot delete one tag by name, and only while the tag still points at it.
   */
  readonly digestDeleteConfirmed?: string;
}

/** What a delete removed: `tag` only that tag; `manifest` the manifest by digest, with every tag on it. */
export interface DeletedTag {
  readonly digest: string;
  readonly deleted: 'tag' | 'manifest';
}

/** A tag's manifest and the repository's other tags on it. */
export interface SharedManifest {
  readonly digest: string;
  /** Newest version first (sortTags); without the tag asked about. */
  readonly tags: readonly string[];
}

const maxPages = 10_000;
/** HEADs in flight at once when every tag's digest is needed. */
const headConcurrency = 8;
const configMediaTypes: readonly string[] = ['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json'];

/** Creates a client for `host` (`host[:port]`, `docker.io`, or a URL as config.json keys are written). */
export function createRegistryClient(host: string, options: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient(host, options);
}

export class RegistryClient {
  /** `host[:port]`, normalized (`docker.io` for Docker Hub). */
  readonly host: string;
  /** Where the API lives: `https://host`, or `http://` for loopback and insecure registries. */
  readonly baseUrl: URL;
  private readonly transport: RegistryTransport;

  constructor(host: string, private readonly options: RegistryClientOptions = {}) {
    this.host = normalizeRegistryHost(host);
    this.transport = new RegistryTransport({
      host: this.host,
      insecureRegistries: options.insecureRegistries ?? [],
      lookupCredentials: () => this.lookupCredentials(),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    this.baseUrl = this.transport.baseUrl;
  }

  /** `GET /v2/`: is this a registry, and do we get in? `authentication` is what it asked for. */
  async ping(options: CallOptions = {}): Promise<RegistryResult<{ readonly authentication: 'none' | 'basic' | 'bearer' }>> {
    const sent = await this.transport.exchange({ method: 'GET', url: new URL('/v2/', this.baseUrl), signal: options.signal, what: 'the registry API (/v2/)' });
    if (!sent.ok) return sent;
    const checked = await this.transport.expectStatus(sent.value, 'the registry API (/v2/)', [200]);
    return checked.ok ? { ok: true, value: { authentication: this.transport.authentication } } : checked;
  }

  /** One page of `GET /v2/_catalog`. Not every registry offers it (Docker Hub, GHCR do not): expect `not-found` or `unauthorized`. */
  async listRepositories(options: PageOptions = {}): Promise<RegistryResult<RepositoryPage>> {
    const page = await this.page('/v2/_catalog', options, 'registry:catalog:*', 'the repository list');
    if (!page.ok) return page;
    const list = isRecord(page.value.json) ? page.value.json.repositories : undefined;
    if (list !== null && list !== undefined && !isStringArray(list)) return this.transport.malformed('the repository list', '"repositories" is not a list of names');
    return { ok: true, value: { repositories: list ?? [], ...(page.value.next ? { next: page.value.next } : {}) } };
  }

  /** Every repository, following the Link header from page to page. */
  async allRepositories(options: CallOptions & { readonly pageSize?: number } = {}): Promise<RegistryResult<string[]>> {
    return this.collect(from => this.listRepositories({ ...options, ...(from ? { from } : {}) }), page => page.repositories);
  }

  /** One page of `GET /v2/<name>/tags/list[?n=&last=]`. */
  async listTags(repository: string, options: PageOptions = {}): Promise<RegistryResult<TagPage>> {
    const name = repositoryPath(this.host, repository);
    const what = `repository "${name}"`;
    const page = await this.page(`/v2/${repositoryUrlPath(name)}/tags/list`, options, pullScope(name), what);
    if (!page.ok) return page;
    const tags = isRecord(page.value.json) ? page.value.json.tags : undefined;
    // distribution answers `"tags": null` for a repository whose tags were all deleted.
    if (tags !== null && tags !== undefined && !isStringArray(tags)) return this.transport.malformed(what, '"tags" is not a list of names');
    return { ok: true, value: { repository: name, tags: tags ?? [], ...(page.value.next ? { next: page.value.next } : {}) } };
  }

  /** Every tag of a repository, following the Link header, in the registry's order (see sortTags). */
  async allTags(repository: string, options: CallOptions & { readonly pageSize?: number } = {}): Promise<RegistryResult<string[]>> {
    return this.collect(from => this.listTags(repository, { ...options, ...(from ? { from } : {}) }), page => page.tags);
  }

  /** The digest of a tag by `HEAD` (no download; on Docker Hub not counted against the pull limit). */
  async tagDigest(repository: string, reference: string, options: CallOptions = {}): Promise<RegistryResult<ManifestHead>> {
    const name = repositoryPath(this.host, repository);
    const what = `"${name}:${reference}"`;
    const sent = await this.transport.exchange({ method: 'HEAD', url: this.manifestUrl(name, reference), scope: pullScope(name), headers: { Accept: manifestAccept }, signal: options.signal, what });
    if (!sent.ok) return sent;
    const checked = await this.transport.expectStatus(sent.value, what, [200]);
    if (!checked.ok) return checked;
    const headers = sent.value.answer.headers;
    const digest = headerValue(headers['docker-content-digest']);
    if (!digest) {
      // Some registries leave the digest out of HEAD answers: the manifest itself tells it.
      const manifest = await this.manifest(name, reference, what, options.signal);
      return manifest.ok ? { ok: true, value: { digest: manifest.value.digest, mediaType: manifest.value.mediaType, size: manifest.value.bytes.length } } : manifest;
    }
    const size = Number(headerValue(headers['content-length']));
    return { ok: true, value: { digest, mediaType: mediaTypeOf(headers) ?? '', ...(Number.isFinite(size) && size > 0 ? { size } : {}) } };
  }

  /**
   * What a tree view shows for a tag, fetched on demand: one manifest GET, and for a single image one
   * config blob GET (created, OS, architecture). An index gives its platforms instead: call again with a
   * platform's digest for that platform's created date and size.
   */
  async tagDetails(repository: string, reference: string, options: CallOptions = {}): Promise<RegistryResult<TagDetails>> {
    const name = repositoryPath(this.host, repository);
    const what = `"${name}:${reference}"`;
    const manifest = await this.manifest(name, reference, what, options.signal);
    if (!manifest.ok) return manifest;
    const { digest, mediaType, json } = manifest.value;
    const base = { repository: name, reference, digest, mediaType };
    if (!isRecord(json)) return this.transport.malformed(what, 'the manifest is not a JSON object');

    if (Array.isArray(json.manifests)) {
      const annotations = isRecord(json.annotations) ? json.annotations : {};
      const created = annotations['org.opencontainers.image.created'];
      return { ok: true, value: { ...base, kind: 'index', platforms: indexPlatforms(json.manifests), ...(typeof created === 'string' ? { created } : {}) } };
    }
    if (json.schemaVersion === 1 || mediaType.startsWith('application/vnd.docker.distribution.manifest.v1')) {
      return { ok: true, value: { ...base, kind: 'schema1', ...schema1Facts(json) } };
    }
    const config = isRecord(json.config) ? json.config : undefined;
    if (!config || typeof config.digest !== 'string') return { ok: true, value: { ...base, kind: 'other' } };
    const layers = Array.isArray(json.layers) ? json.layers.filter(isRecord) : [];
    const size = [config, ...layers].reduce((sum, part) => sum + (typeof part.size === 'number' ? part.size : 0), 0);
    const isImage = typeof config.mediaType !== 'string' || configMediaTypes.includes(config.mediaType);
    if (!isImage) return { ok: true, value: { ...base, kind: 'other', size, layerCount: layers.length } };

    const blob = await this.blob(name, config.digest, `the image config of ${what}`, options.signal);
    if (!blob.ok) return blob;
    let imageConfig: unknown;
    try {
      imageConfig = JSON.parse(blob.value.toString('utf8'));
    } catch {
      return this.transport.malformed(`the image config of ${what}`, 'it is not valid JSON');
    }
    const facts = isRecord(imageConfig) ? imageConfig : {};
    return {
      ok: true,
      value: {
        ...base,
        kind: 'image',
        size,
        layerCount: layers.length,
        ...(typeof facts.created === 'string' ? { created: facts.created } : {}),
        ...(typeof facts.os === 'string' ? { os: facts.os } : {}),
        ...(typeof facts.architecture === 'string' ? { architecture: facts.architecture } : {}),
      },
    };
  }

  /**
   * The other tags of the repository on the same manifest as `tag`: what a delete by digest takes along.
   * One HEAD per tag (nothing is downloaded); a tag deleted meanwhile is left out.
   */
  async tagsSharingDigest(repository: string, tag: string, options: CallOptions = {}): Promise<RegistryResult<SharedManifest>> {
    const name = repositoryPath(this.host, repository);
    const head = await this.tagDigest(name, tag, options);
    if (!head.ok) return head;
    const all = await this.allTags(name, options);
    if (!all.ok) return all;
    const others = all.value.filter(other => other !== tag);
    const sharing: string[] = [];
    let failure: RegistryError | undefined;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!failure && next < others.length) {
        const other = others[next++]!;
        const found = await this.tagDigest(name, other, options);
        if (found.ok) {
          if (found.value.digest === head.value.digest) sharing.push(other);
        } else if (found.error.category !== 'not-found') {
          failure = found.error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(headConcurrency, others.length) }, worker));
    if (failure) return { ok: false, error: failure };
    return { ok: true, value: { digest: head.value.digest, tags: sortTags(sharing) } };
  }

  /**
   * Deletes one tag: `DELETE /v2/<name>/manifests/<tag>` first (OCI distribution-spec 1.1), which leaves the
   * manifest and its other tags alone. A registry without that (distribution 2.8 answers 400, the spec allows
   * 400 or 405) can only delete the manifest by digest, and every tag on it goes too: that is done only when
   * `digestDeleteConfirmed` is the tag's digest, i.e. the caller named those tags and was told yes.
   * A digest given as `tag` is deleted by digest.
   */
  async deleteTag(repository: string, tag: string, options: DeleteTagOptions = {}): Promise<RegistryResult<DeletedTag>> {
    const name = repositoryPath(this.host, repository);
    const what = `"${name}:${tag}"`;
    if (isDigest(tag)) return this.deleteManifest(name, tag, what, options.signal);
    const head = await this.tagDigest(name, tag, options);
    if (!head.ok) return head;
    const digest = head.value.digest;
    const sent = await this.transport.exchange({ method: 'DELETE', url: this.manifestUrl(name, tag), scope: `repository:${name}:delete`, signal: options.signal, what });
    if (!sent.ok) return sent;
    const checked = await this.transport.expectStatus(sent.value, what, [200, 202, 204]);
    if (checked.ok) return { ok: true, value: { digest, deleted: 'tag' } };
    const status = sent.value.answer.status;
    // The HEAD just found the tag: a 404 here means the registry does not take a tag in a DELETE.
    if (![400, 404, 405].includes(status)) return checked;
    if (options.digestDeleteConfirmed === undefined) {
      const { code } = registryErrorBody(sent.value.answer.body);
      const disabled = status === 405 ? ', or deleting is not enabled at all (distribution: storage.delete.enabled: true)' : '';
      return {
        ok: false,
        error: {
          category: 'unsupported',
          message: `${this.host} cannot delete the tag ${what} by name (HTTP ${status}${code ? ` ${code}` : ''}): only its manifest ${digest.slice(0, 19)}… by digest, with every tag on it${disabled}; nothing was deleted`,
          status,
          ...(code ? { code } : {}),
        },
      };
    }
    if (options.digestDeleteConfirmed !== digest) {
      return { ok: false, error: { category: 'invalid', message: `${what} now points at ${digest.slice(0, 19)}…, not at the manifest confirmed for deletion (${options.digestDeleteConfirmed.slice(0, 19)}…); nothing was deleted` } };
    }
    return this.deleteManifest(name, digest, what, options.signal);
  }

  /**
   * Gives an existing tag's manifest a second tag, without pulling: the manifest's bytes are PUT back
   * under the new tag with the same media type, so the digest stays the same.
   */
  async retag(repository: string, sourceTag: string, targetTag: string, options: CallOptions = {}): Promise<RegistryResult<{ readonly digest: string }>> {
    const name = repositoryPath(this.host, repository);
    if (!isValidTag(targetTag)) {
      return { ok: false, error: { category: 'invalid', message: `"${targetTag}" is not a valid tag: up to 128 letters, digits, "_", "." or "-", not starting with "." or "-"` } };
    }
    const source = await this.manifest(name, sourceTag, `"${name}:${sourceTag}"`, options.signal);
    if (!source.ok) return source;
    const what = `"${name}:${targetTag}"`;
    const sent = await this.transport.exchange({
      method: 'PUT',
      url: this.manifestUrl(name, targetTag),
      scope: `repository:${name}:pull,push`,
      headers: { 'Content-Type': source.value.mediaType },
      body: source.value.bytes,
      signal: options.signal,
      what,
    });
    if (!sent.ok) return sent;
    const checked = await this.transport.expectStatus(sent.value, what, [200, 201]);
    if (!checked.ok) return checked;
    return { ok: true, value: { digest: headerValue(sent.value.answer.headers['docker-content-digest']) ?? source.value.digest } };
  }

  /** Forgets cached tokens and credentials: the next request looks them up again (after a login). */
  forgetCredentials(): void {
    this.transport.forgetCredentials();
  }

  /** Closes idle keep-alive connections. The client stays usable. */
  close(): void {
    this.transport.close();
  }

  // ---- building blocks ------------------------------------------------------------------------------

  private async lookupCredentials(): Promise<CredentialSource> {
    const env = this.options.env ?? process.env;
    const fromConfig = this.options.useDockerConfig === false
      ? { problems: [] }
      : await dockerConfigCredentials(this.host, { env, home: this.options.home ?? homeDirectory(), ...(this.options.helperTimeoutMs ? { helperTimeoutMs: this.options.helperTimeoutMs } : {}) });
    if (fromConfig.credentials || !this.options.credentials) return fromConfig;
    const entered = await this.options.credentials(this.host);
    return entered ? { credentials: entered, source: 'the credentials you entered', problems: fromConfig.problems } : fromConfig;
  }

  private manifestUrl(name: string, reference: string): URL {
    return new URL(`/v2/${repositoryUrlPath(name)}/manifests/${referenceSegment(reference)}`, this.baseUrl);
  }

  /** `DELETE /v2/<name>/manifests/<digest>`: the manifest and every tag on it. */
  private async deleteManifest(name: string, digest: string, what: string, signal?: AbortSignal): Promise<RegistryResult<DeletedTag>> {
    const sent = await this.transport.exchange({ method: 'DELETE', url: this.manifestUrl(name, digest), scope: `repository:${name}:delete`, signal, what });
    if (!sent.ok) return sent;
    const checked = await this.transport.expectStatus(sent.value, what, [200, 202, 204]);
    return checked.ok ? { ok: true, value: { digest, deleted: 'manifest' } } : checked;
  }

  /** GET a manifest: its exact bytes (for retag), media type, digest and parsed JSON. */
  private async manifest(name: string, reference: string, what: string, signal?: AbortSignal): Promise<RegistryResult<{ bytes: Buffer; mediaType: string; digest: string; json: unknown }>> {
    const sent = await this.transport.exchange({ method: 'GET', url: this.manifestUrl(name, reference), scope: pullScope(name), headers: { Accept: manifestAccept }, signal, what });
    if (!sent.ok) return sent;
    const checked = await this.transport.expectStatus(sent.value, what, [200]);
    if (!checked.ok) return checked;
    const bytes = sent.value.answer.body;
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      return this.transport.malformed(what, 'the manifest is not valid JSON');
    }
    const declared = isRecord(json) && typeof json.mediaType === 'string' ? json.mediaType : undefined;
    const mediaType = mediaTypeOf(sent.value.answer.headers) ?? declared ?? manifestMediaTypes.dockerManifest;
    const digest = headerValue(sent.value.answer.headers['docker-content-digest']) ?? `sha256:${cryptoModule().createHash('sha256').update(bytes).digest('hex')}`;
    return { ok: true, value: { bytes, mediaType, digest, json } };
  }

  /** GET a blob, following the registry's redirect to its storage, and check it against its digest. */
  private async blob(name: string, digest: string, what: string, signal?: AbortSignal): Promise<RegistryResult<Buffer>> {
    const sent = await this.transport.exchange({ method: 'GET', url: new URL(`/v2/${repositoryUrlPath(name)}/blobs/${referenceSegment(digest)}`, this.baseUrl), scope: pullScope(name), signal, what });
    if (!sent.ok) return sent;
    const checked = await this.transport.expectStatus(sent.value, what, [200]);
    if (!checked.ok) return checked;
    const bytes = sent.value.answer.body;
    if (digest.startsWith('sha256:') && `sha256:${cryptoModule().createHash('sha256').update(bytes).digest('hex')}` !== digest) {
      return this.transport.malformed(what, `its content does not match its digest ${digest.slice(0, 19)}…`);
    }
    return { ok: true, value: bytes };
  }

  private async page(path: string, options: PageOptions, scope: string, what: string): Promise<RegistryResult<{ json: unknown; next?: PageCursor }>> {
    let url: URL;
    if (options.from) {
      url = new URL(options.from.url);
      if (url.origin !== this.baseUrl.origin) return this.transport.malformed(what, 'the next page is on another host');
    } else {
      url = new URL(path, this.baseUrl);
      if (options.pageSize !== undefined) url.searchParams.set('n', String(options.pageSize));
      if (options.last !== undefined) url.searchParams.set('last', options.last);
    }
    const sent = await this.transport.exchange({ method: 'GET', url, scope, headers: { Accept: 'application/json' }, signal: options.signal, what });
    if (!sent.ok) return sent;
    const checked = await this.transport.expectStatus(sent.value, what, [200]);
    if (!checked.ok) return checked;
    let json: unknown;
    try {
      json = JSON.parse(sent.value.answer.body.toString('utf8'));
    } catch {
      return this.transport.malformed(what, `the answer is not valid JSON (${sent.value.answer.body.length} bytes)`);
    }
    const nextUrl = parseLinkNext(sent.value.answer.headers.link, url);
    if (!nextUrl) return { ok: true, value: { json } };
    if (nextUrl.origin !== this.baseUrl.origin) return this.transport.malformed(what, 'the next page is on another host');
    const last = nextUrl.searchParams.get('last');
    return { ok: true, value: { json, next: { url: nextUrl.href, ...(last !== null ? { last } : {}) } } };
  }

  /**
   * Follows `next` until the last page; a registry that links back to a page already read ends the walk. A name
   * that a later page repeats (registries that page by `last=` may) is listed once. One page, the usual answer
   * (distribution 2.8 ignores `n`), is taken as it is: a set of 10,000 names would cost a cold CLI more than the
   * rest of its work on them.
   */
  private async collect<P extends { next?: PageCursor }>(fetchPage: (from?: PageCursor) => Promise<RegistryResult<P>>, items: (page: P) => readonly string[]): Promise<RegistryResult<string[]>> {
    let firstPage: readonly string[] = [];
    let seen: Set<string> | undefined;
    const visited = new Set<string>();
    let from: PageCursor | undefined;
    for (let pages = 0; pages < maxPages; pages++) {
      const page = await fetchPage(from);
      if (!page.ok) return page;
      if (pages === 0) firstPage = items(page.value);
      else {
        seen ??= new Set(firstPage);
        for (const item of items(page.value)) seen.add(item);
      }
      from = page.value.next;
      if (!from || visited.has(from.url)) break;
      visited.add(from.url);
    }
    return { ok: true, value: seen ? [...seen] : firstPage.slice() };
  }
}

function pullScope(name: string): string {
  return `repository:${name}:pull`;
}

/** A tag or digest as a path segment; the `:` of `sha256:…` stays as registries and docker write it. */
function referenceSegment(reference: string): string {
  return encodeURIComponent(reference).replace(/%3A/gi, ':');
}

function isDigest(reference: string): boolean {
  return /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(item => typeof item === 'string');
}

function mediaTypeOf(headers: http.IncomingHttpHeaders): string | undefined {
  return headerValue(headers['content-type'])?.split(';')[0]?.trim() || undefined;
}

/** The platforms of an index, without BuildKit's attestation entries (`unknown/unknown`). */
function indexPlatforms(entries: readonly unknown[]): ImagePlatform[] {
  const platforms: ImagePlatform[] = [];
  for (const entry of entries) {
    if (!isRecord(entry) || typeof entry.digest !== 'string') continue;
    const annotations = isRecord(entry.annotations) ? entry.annotations : {};
    if (typeof annotations['vnd.docker.reference.type'] === 'string') continue;
    const platform = isRecord(entry.platform) ? entry.platform : {};
    const os = typeof platform.os === 'string' ? platform.os : 'unknown';
    const architecture = typeof platform.architecture === 'string' ? platform.architecture : 'unknown';
    if (os === 'unknown' && architecture === 'unknown') continue;
    platforms.push({
      os,
      architecture,
      digest: entry.digest,
      ...(typeof platform.variant === 'string' ? { variant: platform.variant } : {}),
      ...(typeof platform['os.version'] === 'string' ? { osVersion: platform['os.version'] } : {}),
    });
  }
  return platforms;
}

/** Created date and platform of a legacy schema1 manifest, from its newest v1Compatibility entry. */
function schema1Facts(json: Record<string, unknown>): Partial<TagDetails> {
  const history = Array.isArray(json.history) && isRecord(json.history[0]) ? json.history[0] : undefined;
  let created: unknown;
  try {
    created = typeof history?.v1Compatibility === 'string' ? (JSON.parse(history.v1Compatibility) as Record<string, unknown>).created : undefined;
  } catch {
    created = undefined;
  }
  return {
    ...(typeof created === 'string' ? { created } : {}),
    ...(typeof json.architecture === 'string' ? { architecture: json.architecture } : {}),
  };
}

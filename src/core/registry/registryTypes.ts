// The values the registry client returns. Failures are values too (`ok: false`), never exceptions, so a
// tree view can show each one on the node it belongs to.

/** What kind of failure it was; a UI picks its wording and its action ("Log in…", "Retry") from this. */
export type RegistryErrorCategory =
  | 'unauthorized' // no credentials, or the registry rejected them (401)
  | 'forbidden' // authenticated, but not allowed (403, DENIED)
  | 'not-found' // no such repository, tag or blob (404)
  | 'rate-limited' // 429, after the retries the client allows
  | 'server' // 5xx, after the retries the client allows
  | 'timeout' // no complete answer within the per-request timeout
  | 'malformed' // an answer we cannot use: invalid JSON, unexpected shape, too many redirects
  | 'network' // connection refused, reset, DNS, TLS, or a body cut off mid-way
  | 'unsupported' // the registry does not offer this (405: deletes not enabled)
  | 'invalid' // the registry refused the request itself (400: bad name, bad digest, bad page size)
  | 'cancelled'; // the caller's AbortSignal fired

export interface RegistryError {
  readonly category: RegistryErrorCategory;
  /** One line a person can act on; never contains a credential. */
  readonly message: string;
  /** The HTTP status, when an answer arrived. */
  readonly status?: number;
  /** The registry's own error code (`MANIFEST_UNKNOWN`, `DENIED`, `TOOMANYREQUESTS`…). */
  readonly code?: string;
  /** For `rate-limited`: seconds the registry asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds?: number;
}

export type RegistryResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RegistryError };

/** Credentials for one registry. Never logged, never part of an error message. */
export type RegistryCredentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** An OAuth2 refresh token (`identitytoken` in config.json, or a helper's `<token>` user). */
  | { readonly kind: 'identity-token'; readonly token: string }
  /** A bearer token sent as is (`registrytoken` in config.json). */
  | { readonly kind: 'registry-token'; readonly token: string };

/** A page of a paged list and where the next page is, when the registry said (Link header). */
export interface PageCursor {
  /** The next page's absolute URL, as the registry gave it (resolved against the request). */
  readonly url: string;
  /** The `last` parameter of that URL, if any: the last item of this page. */
  readonly last?: string;
}

export interface PageOptions {
  /** `n`: how many items to ask for. Registries may cap it or (distribution 2.8 for tags) ignore it. */
  readonly pageSize?: number;
  /** `last`: continue after this item (exclusive). */
  readonly last?: string;
  /** Continue from a previous page's `next`; wins over pageSize/last. */
  readonly from?: PageCursor;
  readonly signal?: AbortSignal;
}

export interface TagPage {
  readonly repository: string;
  /** In the registry's order (lexical per the spec; distribution 2.8 gives storage order). Sort with sortTags. */
  readonly tags: readonly string[];
  /** Absent on the last page. Registries that ignore `n` return every tag in one page and no `next`. */
  readonly next?: PageCursor;
}

export interface RepositoryPage {
  readonly repositories: readonly string[];
  readonly next?: PageCursor;
}

/** What a HEAD on a manifest tells: enough to delete or compare, without downloading anything. */
export interface ManifestHead {
  readonly digest: string;
  readonly mediaType: string;
  readonly size?: number;
}

export interface ImagePlatform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly osVersion?: string;
  /** The platform's own manifest: pass it to tagDetails for its created date and size. */
  readonly digest: string;
}

export interface TagDetails {
  readonly repository: string;
  /** The tag (or digest) that was asked for. */
  readonly reference: string;
  readonly digest: string;
  readonly mediaType: string;
  /** `index`: a multi-platform list; `image`: one image; `schema1`: a legacy manifest; `other`: an artifact. */
  readonly kind: 'index' | 'image' | 'schema1' | 'other';
  /** For an index: its platforms, attestation entries left out. */
  readonly platforms?: readonly ImagePlatform[];
  /** RFC 3339, from the image config (or the `org.opencontainers.image.created` annotation). */
  readonly created?: string;
  /** Compressed size in bytes: the config plus every layer, as pushed. */
  readonly size?: number;
  readonly os?: string;
  readonly architecture?: string;
  readonly layerCount?: number;
}

export const manifestMediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
} as const;

/**
 * The Accept header for manifests. All four current types must be listed: distribution 2.8 answers a HEAD
 * without them with a converted schema1 (another digest) or a 404 for OCI content.
 */
export const manifestAccept = [
  manifestMediaTypes.ociIndex,
  manifestMediaTypes.ociManifest,
  manifestMediaTypes.dockerList,
  manifestMediaTypes.dockerManifest,
].join(', ');

// The values the Engine API client returns. As with the registry client, failures are values.

export type EngineErrorCategory =
  | 'no-engine' // no endpoint answered (nothing at DOCKER_HOST, the context or the default sockets)
  | 'not-found' // no such image or container (404)
  | 'conflict' // 409: the image is used by a container, or has several references and needs force
  | 'invalid' // 400: a bad reference or parameter
  | 'server' // 500: the engine failed
  | 'timeout'
  | 'network' // the socket refused, reset or closed mid-answer
  | 'malformed' // an answer we cannot use
  | 'cancelled';

export interface EngineError {
  readonly category: EngineErrorCategory;
  /** One line a person can act on. */
  readonly message: string;
  readonly status?: number;
  /** The engine's own words (`{"message": …}`), when it said something. */
  readonly engineMessage?: string;
  /** For `conflict`: the container (full or short id) that uses the image, when the engine named one. */
  readonly containerId?: string;
  readonly containerName?: string;
}

export type EngineResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: EngineError };

/** One `repository:tag` of a local image. */
export interface LocalImageTag {
  readonly repository: string;
  readonly tag: string;
  /** `repository:tag`, what `docker run` takes. */
  readonly reference: string;
  /** `sha256:…`. Several tags may share it. */
  readonly id: string;
  /** RFC 3339, from the engine's Unix time. */
  readonly created: string;
  /** Bytes, as `docker image ls` counts them (shared layers included). */
  readonly size: number;
  readonly labels: Readonly<Record<string, string>>;
}

export interface LocalRepository {
  readonly repository: string;
  /** Newest version first (sortTags). */
  readonly tags: readonly LocalImageTag[];
}

/** An image without any tag: a dangling build leftover, or an image known only by digest. */
export interface UntaggedImage {
  readonly id: string;
  readonly created: string;
  readonly size: number;
  /** The repository its digest belongs to, when it has one (`repo@sha256:…`). */
  readonly repository?: string;
  readonly digests: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export interface LocalImages {
  /** A → Z by repository name. */
  readonly repositories: readonly LocalRepository[];
  /** Newest first. */
  readonly untagged: readonly UntaggedImage[];
}

/** The parts of `GET /images/{name}/json` a UI shows; `raw` has the rest. */
export interface ImageInspection {
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly created: string;
  readonly size: number;
  readonly os: string;
  readonly architecture: string;
  readonly user?: string;
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly env: readonly string[];
  readonly exposedPorts: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** One line of `docker image rm`: a reference untagged, or a layer/image deleted. */
export interface RemovedImageEntry {
  readonly untagged?: string;
  readonly deleted?: string;
}

/** One event of `GET /events`, in the shape every engine version and Podman send. */
export interface EngineEvent {
  /** `image`, `container`, `network`, `volume`… */
  readonly type: string;
  /** `tag`, `untag`, `delete`, `pull`, `create`, `start`, `die`… */
  readonly action: string;
  /** The object's id or name. */
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Unix time in nanoseconds, as the engine sent it. */
  readonly timeNano?: number;
}

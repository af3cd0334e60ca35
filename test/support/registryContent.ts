import { createHash } from 'node:crypto';
import * as http from 'node:http';

// Puts real content into a real registry through its own HTTP API (blob upload, manifest PUT), which is
// much faster than building and pushing images, and reads it back the same way to check what a client did.

/** Returns the Authorization header for a token scope (`repository:app:pull,push`), or none. */
export type Authorize = (scope: string) => string | undefined | Promise<string | undefined>;

export interface RegistryAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface PushedImage {
  readonly digest: string;
  readonly mediaType: string;
  readonly manifest: Buffer;
  readonly created: string;
  /** Config plus layers, as a registry client adds them up. */
  readonly size: number;
  readonly os: string;
  readonly architecture: string;
}

export const mediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

const manifestAccept = Object.values(mediaTypes).join(', ');

export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** One request to the registry (plain HTTP on loopback); resolves with whatever it answers. */
export function registryRequest(url: string, options: { method?: string; headers?: Record<string, string | undefined>; body?: Buffer | string; agent?: http.Agent } = {}): Promise<RegistryAnswer> {
  return new Promise((resolve, reject) => {
    const headers = Object.fromEntries(Object.entries(options.headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const request = http.request(url, { method: options.method ?? 'GET', headers, timeout: 30_000, ...(options.agent ? { agent: options.agent } : {}) }, response => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer within 30 s`)));
    request.on('error', reject);
    request.end(options.body);
  });
}

export class RegistryContent {
  constructor(
    /** `http://127.0.0.1:PORT` */
    private readonly baseUrl: string,
    private readonly authorize: Authorize = () => undefined,
  ) {}

  /** Uploads a blob monolithically (POST, then PUT with its digest) unless the repository has it. */
  async pushBlob(repository: string, bytes: Buffer): Promise<string> {
    const digest = sha256(bytes);
    const authorization = await this.authorize(`repository:${repository}:pull,push`);
    const exists = await registryRequest(`${this.baseUrl}/v2/${repository}/blobs/${digest}`, { method: 'HEAD', headers: { Authorization: authorization } });
    if (exists.status === 200) return digest;
    const started = await registryRequest(`${this.baseUrl}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers: { Authorization: authorization } });
    if (started.status !== 202) throw new Error(`blob upload to ${repository} answered ${started.status}: ${started.body}`);
    const location = new URL(String(started.headers.location), this.baseUrl);
    location.searchParams.set('digest', digest);
    const put = await registryRequest(location.href, { method: 'PUT', headers: { Authorization: authorization, 'Content-Type': 'application/octet-stream' }, body: bytes });
    if (put.status !== 201) throw new Error(`blob PUT to ${repository} answered ${put.status}: ${put.body}`);
    return digest;
  }

  async putManifest(repository: string, reference: string, manifest: Buffer, mediaType: string): Promise<string> {
    const authorization = await this.authorize(`repository:${repository}:pull,push`);
    const put = await registryRequest(`${this.baseUrl}/v2/${repository}/manifests/${reference}`, { method: 'PUT', headers: { Authorization: authorization, 'Content-Type': mediaType }, body: manifest });
    if (put.status !== 201) throw new Error(`manifest PUT ${repository}:${reference} answered ${put.status}: ${put.body}`);
    return String(put.headers['docker-content-digest']);
  }

  /**
   * A small single-platform image (a config and one layer of `layerText`) under each of `tags`. Distinct
   * `layerText` gives a distinct digest.
   */
  async pushImage(repository: string, tags: readonly string[], options: { layerText: string; created?: string; os?: string; architecture?: string; format?: 'oci' | 'docker' }): Promise<PushedImage> {
    const created = options.created ?? '2026-01-02T03:04:05Z';
    const os = options.os ?? 'linux';
    const architecture = options.architecture ?? 'amd64';
    const oci = (options.format ?? 'oci') === 'oci';
    const layer = Buffer.from(options.layerText);
    const config = Buffer.from(JSON.stringify({ created, architecture, os, config: { Labels: { 'dotnet-containers.test': 'registry' } }, rootfs: { type: 'layers', diff_ids: [sha256(layer)] }, history: [{ created }] }));
    const configDigest = await this.pushBlob(repository, config);
    const layerDigest = await this.pushBlob(repository, layer);
    const mediaType = oci ? mediaTypes.ociManifest : mediaTypes.dockerManifest;
    const manifest = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: { mediaType: oci ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: oci ? 'application/vnd.oci.image.layer.v1.tar' : 'application/vnd.docker.image.rootfs.diff.tar', digest: layerDigest, size: layer.length }],
    }));
    const digest = sha256(manifest);
    // Without a tag the manifest is stored by digest: an index can then refer to it.
    for (const reference of tags.length ? tags : [digest]) await this.putManifest(repository, reference, manifest, mediaType);
    return { digest, mediaType, manifest, created, size: config.length + layer.length, os, architecture };
  }

  /** An OCI index over already pushed images, plus a BuildKit-style attestation entry a client must skip. */
  async pushIndex(repository: string, tag: string, images: readonly PushedImage[]): Promise<string> {
    const attestation = await this.pushImage(repository, [], { layerText: `attestation for ${tag}`, os: 'unknown', architecture: 'unknown' });
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociIndex,
      manifests: [
        ...images.map(image => ({ mediaType: image.mediaType, digest: image.digest, size: image.manifest.length, platform: { os: image.os, architecture: image.architecture, ...(image.architecture === 'arm64' ? { variant: 'v8' } : {}) } })),
        { mediaType: attestation.mediaType, digest: attestation.digest, size: attestation.manifest.length, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': images[0]?.digest } },
      ],
    }));
    return this.putManifest(repository, tag, index, mediaTypes.ociIndex);
  }

  /** The registry's own tag list (distribution 2.8 returns all of them, unsorted). */
  async tags(repository: string): Promise<string[]> {
    const answer = await registryRequest(`${this.baseUrl}/v2/${repository}/tags/list`, { headers: { Authorization: await this.authorize(`repository:${repository}:pull`) } });
    if (answer.status !== 200) throw new Error(`tags/list of ${repository} answered ${answer.status}: ${answer.body}`);
    return (JSON.parse(answer.body.toString('utf8')) as { tags: string[] | null }).tags ?? [];
  }

  /** The registry's own catalog, in one request. */
  async catalog(): Promise<string[]> {
    const answer = await registryRequest(`${this.baseUrl}/v2/_catalog?n=1000`, { headers: { Authorization: await this.authorize('registry:catalog:*') } });
    if (answer.status !== 200) throw new Error(`_catalog answered ${answer.status}: ${answer.body}`);
    return (JSON.parse(answer.body.toString('utf8')) as { repositories: string[] }).repositories;
  }

  /** The digest the registry holds for a tag (HEAD with the full Accept list), or undefined when it has none. */
  async digestOf(repository: string, reference: string): Promise<string | undefined> {
    const answer = await registryRequest(`${this.baseUrl}/v2/${repository}/manifests/${reference}`, { method: 'HEAD', headers: { Accept: manifestAccept, Authorization: await this.authorize(`repository:${repository}:pull`) } });
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new Error(`HEAD ${repository}:${reference} answered ${answer.status}`);
    return String(answer.headers['docker-content-digest']);
  }

  /** A blob's bytes, straight from the registry. */
  async blob(repository: string, digest: string): Promise<Buffer> {
    const answer = await registryRequest(`${this.baseUrl}/v2/${repository}/blobs/${digest}`, { headers: { Authorization: await this.authorize(`repository:${repository}:pull`) } });
    if (answer.status !== 200) throw new Error(`blob ${digest} answered ${answer.status}`);
    return answer.body;
  }
}

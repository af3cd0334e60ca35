import { isRegistryHost, parseWrittenImageReference } from '../images/imageReference';
import { isValidRepositoryName } from './imageName';

/**
 * The docker command lines of Build, Run, Push and Verify, built once as argv arrays (never shell text)
 * and shared by the CodeLens, the VS Code tasks, the CLI and the tests. Every value a user or a project
 * supplies is validated first: it becomes exactly one argv element, or it is refused with a message that
 * says what Docker would accept. Paths are absolute, so none can be read as an option.
 */

export type Argv = readonly string[];

export class DockerArgumentError extends Error {}

/** An image name as written, read by the one parser (../images/imageReference). */
export interface ImageName {
  /** `host[:port]` when the name starts with a registry (`localhost:5000/app`), as Docker decides it. */
  readonly registry?: string;
  readonly repository: string;
  /** The tag Docker uses: as written, else `latest`; none when the name is pinned by digest alone. */
  readonly tag?: string;
  /** `sha256:…` when the name is pinned by digest (`app@sha256:…`, `app:1@sha256:…`). */
  readonly digest?: string;
}

/** Checks a registry `host[:port]` (no scheme, no path); returns it trimmed of a trailing slash. */
export function checkRegistry(text: string): string {
  const registry = text.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  if (!isRegistryHost(registry)) throw new DockerArgumentError(`"${text}" is not a registry: write host or host:port, e.g. localhost:5000 or myregistry.azurecr.io`);
  const port = /:(\d+)$/.exec(registry)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw new DockerArgumentError(`"${text}": the port must be between 1 and 65535`);
  return registry;
}

/**
 * Parses `[registry/]repository[:tag][@digest]` by Docker's grammar (parseWrittenImageReference), keeping the
 * name as written. An invalid name is refused with the parser's message, which suggests a valid one.
 */
export function parseImageName(text: string): ImageName {
  const parsed = parseWrittenImageReference(text);
  if (!parsed.ok) throw new DockerArgumentError(parsed.message);
  const tag = parsed.tag ?? (parsed.digest ? undefined : 'latest');
  return {
    ...(parsed.registry !== undefined ? { registry: parsed.registry } : {}),
    repository: parsed.repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(parsed.digest !== undefined ? { digest: parsed.digest } : {}),
  };
}

export function formatImageName(image: ImageName): string {
  return `${image.registry ? `${image.registry}/` : ''}${image.repository}${image.tag !== undefined ? `:${image.tag}` : ''}${image.digest !== undefined ? `@${image.digest}` : ''}`;
}

/** A name that can be given to an image (build --tag, docker tag): a digest names content that already exists. */
function taggableImageName(text: string, what: string): ImageName {
  const image = parseImageName(text);
  if (image.digest !== undefined) throw new DockerArgumentError(`"${text.trim()}" is pinned by digest, and ${what} needs a tag instead (e.g. ${image.repository}:1.0)`);
  return image;
}

function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DockerArgumentError(`${what} must be a whole number from 1 to 65535, not ${port}`);
  return port;
}

function checkAbsolute(file: string, what: string): string {
  if (!file.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(file)) throw new DockerArgumentError(`${what} must be an absolute path, not "${file}"`);
  return file;
}

/** A build-stage name as Docker accepts it in `--target`. */
function checkStage(stage: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(stage)) throw new DockerArgumentError(`"${stage}" is not a build stage name`);
  return stage;
}

export interface BuildOptions {
  readonly dockerfile: string;
  readonly context: string;
  readonly image: string;
  readonly target?: string;
  /** Extra `--label key=value` pairs (tests use one to find what they built). */
  readonly labels?: Readonly<Record<string, string>>;
  /** `--network` for the RUN steps, e.g. `host` where containers reach no network but the host reaches a NuGet feed. */
  readonly network?: string;
  /** `--progress plain`: one line per event, so problem matchers can read errors (only for CLIs that accept it). */
  readonly progress?: 'plain';
  /** `--build-arg NAME=value` (the platform values the legacy builder does not define). */
  readonly buildArgs?: Readonly<Record<string, string>>;
}

/** `docker build --tag <image> --file <Dockerfile> [--target <stage>] [--network <n>] [--progress plain] <context>`. */
export function buildArgv(options: BuildOptions): Argv {
  const image = formatImageName(taggableImageName(options.image, 'the image a build makes'));
  const labels = Object.entries(options.labels ?? {}).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
  return [
    'build', '--tag', image, '--file', checkAbsolute(options.dockerfile, 'The Dockerfile'),
    ...(options.target ? ['--target', checkStage(options.target)] : []),
    ...labels,
    ...(options.network ? ['--network', checkNetwork(options.network)] : []),
    ...(options.progress ? ['--progress', options.progress] : []),
    ...Object.entries(options.buildArgs ?? {}).flatMap(([name, value]) => ['--build-arg', `${checkArgName(name)}=${value}`]),
    checkAbsolute(options.context, 'The build context'),
  ];
}

function checkArgName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new DockerArgumentError(`"${name}" is not a build argument name`);
  return name;
}

/** `host`, `none`, `default` or a user-defined network's name. */
function checkNetwork(network: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(network)) throw new DockerArgumentError(`"${network}" is not a network name: letters, digits and _ . - only (e.g. host)`);
  return network;
}

export interface RunOptions {
  readonly image: string;
  readonly hostPort?: number;
  readonly containerPort?: number;
  /** Publish on this address only (tests use 127.0.0.1); default: every address, as `-p` does. */
  readonly hostIp?: string;
  /** `--rm -it` for a container the user watches in a terminal (default); `--detach` otherwise. */
  readonly interactive?: boolean;
  readonly name?: string;
}

/** `docker run --rm -it -p <host>:<container> <image>`. */
export function runArgv(options: RunOptions): Argv {
  const image = formatImageName(parseImageName(options.image));
  const publish = options.containerPort !== undefined
    ? ['--publish', `${options.hostIp ? `${checkHostIp(options.hostIp)}:` : ''}${checkPort(options.hostPort ?? options.containerPort, 'The host port')}:${checkPort(options.containerPort, 'The container port')}`]
    : [];
  const name = options.name !== undefined ? ['--name', checkContainerName(options.name)] : [];
  const mode = options.interactive === false ? ['--detach'] : ['--rm', '--interactive', '--tty'];
  return ['run', ...mode, ...name, ...publish, image];
}

function checkHostIp(ip: string): string {
  if (!/^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:]+\])$/.test(ip)) throw new DockerArgumentError(`"${ip}" is not an IP address to publish on`);
  return ip;
}

function checkContainerName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new DockerArgumentError(`"${name}" is not a valid container name: letters, digits and _ . - only`);
  return name;
}

/**
 * The image as it will be called in the registry: `<registry>/[<namespace>/]<repository>:<tag>` (the local
 * registry part is replaced). Hosted registries want a namespace (`ghcr.io/owner`, `docker.io/user`).
 */
export function remoteImageName(image: string, registry: string, namespace?: string): string {
  const local = parseImageName(image);
  const repository = namespace ? `${checkNamespace(namespace)}/${local.repository}` : local.repository;
  if (local.tag === undefined) throw new DockerArgumentError(`"${image.trim()}" is pinned by digest, and the name in the registry needs a tag instead (e.g. ${local.repository}:1.0)`);
  return formatImageName({ registry: checkRegistry(registry), repository, tag: local.tag });
}

function checkNamespace(namespace: string): string {
  if (!isValidRepositoryName(namespace)) throw new DockerArgumentError(`"${namespace}" is not a valid namespace: lowercase letters, digits and . _ - separators, joined by /`);
  return namespace;
}

export interface PushDestination {
  readonly registry: string;
  readonly namespace?: string;
}

/** Splits what a user types as the place to push to: `host[:port][/namespace…]`, e.g. `localhost:5000` or `ghcr.io/contoso`. */
export function parsePushDestination(text: string): PushDestination {
  const trimmed = text.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
  const slash = trimmed.indexOf('/');
  const registry = checkRegistry(slash < 0 ? trimmed : trimmed.slice(0, slash));
  const namespace = slash < 0 ? undefined : trimmed.slice(slash + 1);
  return namespace ? { registry, namespace: checkNamespace(namespace) } : { registry };
}

export interface PushPlan {
  readonly remoteImage: string;
  readonly tag: Argv;
  readonly push: Argv;
  /** The seeds' last step: remove the registry tag locally and pull it back. */
  readonly verify: readonly Argv[];
}

/**
 * `docker tag <image> <registry>/<repo>:<tag>`, `docker push …`, and the verify steps. `plainHttp`: podman
 * speaks HTTPS to every registry unless told (`--tls-verify=false`), where docker trusts loopback by itself.
 */
export function pushPlan(image: string, registry: string, namespace?: string, options: { readonly plainHttp?: boolean; readonly digestFile?: string } = {}): PushPlan {
  const source = formatImageName(parseImageName(image));
  const remoteImage = remoteImageName(image, registry, namespace);
  const tls = options.plainHttp ? ['--tls-verify=false'] : [];
  // podman recompresses layers on push, so its local RepoDigests do not name what the registry has: it writes that here.
  const digestFile = options.digestFile ? ['--digestfile', checkAbsolute(options.digestFile, 'The digest file')] : [];
  return {
    remoteImage,
    tag: ['tag', source, remoteImage],
    push: ['push', ...tls, ...digestFile, remoteImage],
    verify: [['image', 'rm', remoteImage], ['pull', ...tls, remoteImage]],
  };
}

/** `docker login <registry>`: the user types the password into the docker CLI, never into us. */
export function loginArgv(registry: string): Argv {
  return ['login', checkRegistry(registry)];
}

/** `docker image inspect --format {{json .RepoDigests}} <image>`: the digests the registry gave the pushed image. */
export function repoDigestsArgv(image: string): Argv {
  return ['image', 'inspect', '--format', '{{json .RepoDigests}}', formatImageName(parseImageName(image))];
}

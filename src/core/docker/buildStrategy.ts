import { runProcess } from '../process/runProcess';
import { isRecord } from '../environment/dockerConfig';

/**
 * Which builder a build will really use, decided once from what the CLI and the engine say, and what that
 * means for the command: the environment, `--progress plain`, and whether the Dockerfile must be handed over
 * as a copy with BuildKit's platform arguments filled in (the legacy builder does not define them).
 * The lens, the tasks (tasks.json too), the views, the CLI's `build` and Check Environment all use this.
 */

export type BuilderKind =
  /** docker with the buildx plugin: BuildKit. */
  | 'buildx'
  /** docker 18.09–22.x against an engine with BuildKit: `DOCKER_BUILDKIT=1`. */
  | 'buildkit'
  /** docker's legacy builder: no `$BUILDPLATFORM`/`$TARGETARCH`, so a copy with them substituted is built. */
  | 'legacy'
  /** Buildah, through `podman build` or Podman's Docker-compatible API: defines the platform arguments itself. */
  | 'buildah';

/** What the builder decision is made from: the CLI's `version` answer, its buildx plugin and the user's DOCKER_BUILDKIT. */
export interface BuildFacts {
  readonly cli: 'docker' | 'podman';
  /** The client's own version, e.g. `28.2.2` or `20.10.24+dfsg1`. */
  readonly clientVersion?: string;
  /** `docker buildx version`'s first line, when the plugin answers. */
  readonly buildx?: string;
  /** `docker compose version`'s first line, when the plugin answers (reported only). */
  readonly compose?: string;
  /** The engine as the CLI itself reaches it (context, DOCKER_HOST, ssh:// and TLS included). */
  readonly engine?: { readonly product: 'Docker' | 'Podman'; readonly version: string; readonly apiVersion: string; readonly os: string; readonly arch: string };
  /** Why the engine is unknown, when it is. */
  readonly engineProblem?: string;
  /** `DOCKER_BUILDKIT` as the user set it, if at all. */
  readonly userBuildkit?: string;
}

export interface BuildStrategy {
  readonly kind: BuilderKind;
  /** Added to the CLI's environment for the build. */
  readonly env: Readonly<Record<string, string>>;
  /** `--progress plain`: one line per event, so problem matchers see every error. */
  readonly plainProgress: boolean;
  /** For the legacy builder: the values BuildKit would give its automatic platform arguments. */
  readonly platformArgs?: Readonly<Record<string, string>>;
  /** One line for Check Environment and the output channel. */
  readonly summary: string;
  /** How to get BuildKit, or why a build will fail, when the user should know. */
  readonly advice?: string;
}

/** BuildKit's automatic platform arguments. */
export const platformArgNames = ['BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT'] as const;

const installBuildx = 'Install the buildx plugin (Debian/Ubuntu: docker-buildx, or docker-buildx-plugin from Docker\'s repository) to build with BuildKit: faster, cached, multi-platform.';

/** The decision. Pure: the same facts always give the same strategy. */
export function chooseBuildStrategy(facts: BuildFacts): BuildStrategy {
  if (facts.cli === 'podman') {
    return { kind: 'buildah', env: {}, plainProgress: false, summary: 'podman build (Buildah; defines BUILDPLATFORM/TARGETARCH itself)' };
  }
  const major = majorVersion(facts.clientVersion);
  const user = facts.userBuildkit;
  if (facts.engine?.product === 'Podman') {
    // Buildah behind Podman's Docker API builds what the classic build endpoint sends; BuildKit sessions it cannot serve.
    const env: Record<string, string> = user === undefined && facts.buildx ? { DOCKER_BUILDKIT: '0' } : {};
    return { kind: 'buildah', env, plainProgress: false, summary: `docker ${facts.clientVersion ?? ''} against Podman's Docker API: Buildah builds (defines the platform arguments itself)`.replace('  ', ' ') };
  }
  if (user !== undefined && user.trim() !== '') {
    if (isFalse(user)) return legacy(facts, 'DOCKER_BUILDKIT=0 is set, so docker uses its legacy builder; unset it to build with BuildKit.');
    if (facts.buildx) return buildkit('buildx', {}, `BuildKit through buildx (${facts.buildx}; DOCKER_BUILDKIT=${user} is set)`);
    if (major !== undefined && major >= 23) {
      return { kind: 'buildx', env: {}, plainProgress: true, summary: `DOCKER_BUILDKIT=${user} is set, but docker ${facts.clientVersion} has no buildx plugin`,
        advice: `DOCKER_BUILDKIT=${user} asks docker ${facts.clientVersion} for BuildKit, which it only has through the buildx plugin, so builds will fail. ${installBuildx} Or unset DOCKER_BUILDKIT.` };
    }
    return buildkit('buildkit', {}, `BuildKit (DOCKER_BUILDKIT=${user} is set)`);
  }
  if (facts.buildx) return buildkit('buildx', {}, `BuildKit through buildx (${facts.buildx})`);
  if (major !== undefined && major < 23 && clientHasBuildkit(facts.clientVersion) && engineHasBuildkit(facts.engine)) {
    return buildkit('buildkit', { DOCKER_BUILDKIT: '1' }, `BuildKit of the engine (docker ${facts.clientVersion} with DOCKER_BUILDKIT=1)`);
  }
  const why = major !== undefined && major >= 23 ? `docker ${facts.clientVersion} has no buildx plugin, so it uses the legacy builder.`
    : facts.engine && !engineHasBuildkit(facts.engine) ? `the engine (${facts.engine.os}, API ${facts.engine.apiVersion}) has no BuildKit, so docker uses the legacy builder.`
    : `docker ${facts.clientVersion ?? '(unknown version)'} uses the legacy builder.`;
  return legacy(facts, `${capitalize(why)} ${installBuildx}`);
}

function buildkit(kind: 'buildx' | 'buildkit', env: Record<string, string>, summary: string): BuildStrategy {
  return { kind, env, plainProgress: true, summary };
}

function legacy(facts: BuildFacts, advice: string): BuildStrategy {
  const os = facts.engine?.os && facts.engine.os !== 'unknown' ? facts.engine.os : 'linux';
  const arch = facts.engine?.arch && facts.engine.arch !== 'unknown' ? facts.engine.arch : nodeArchToDocker(process.arch);
  const platformArgs = platformArgValues(os, arch);
  return {
    kind: 'legacy', env: {}, plainProgress: false, platformArgs,
    summary: `docker's legacy builder (builds a copy of the Dockerfile with BuildKit's platform arguments set to ${platformArgs.TARGETPLATFORM})`,
    advice,
  };
}

/** The values BuildKit defines for a build on (and for) one platform. */
export function platformArgValues(os: string, arch: string): Record<(typeof platformArgNames)[number], string> {
  const variant = arch === 'arm' ? 'v7' : '';
  const platform = `${os}/${arch}${variant ? `/${variant}` : ''}`;
  return {
    BUILDPLATFORM: platform, BUILDOS: os, BUILDARCH: arch, BUILDVARIANT: variant,
    TARGETPLATFORM: platform, TARGETOS: os, TARGETARCH: arch, TARGETVARIANT: variant,
  };
}

function nodeArchToDocker(arch: string): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', s390x: 's390x', ppc64: 'ppc64le' } as Record<string, string>)[arch] ?? arch;
}

function majorVersion(version: string | undefined): number | undefined {
  const match = /^(\d+)\./.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The docker CLI knows DOCKER_BUILDKIT from 18.09 on. */
function clientHasBuildkit(version: string | undefined): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 18 || (major === 18 && minor >= 9);
}

/** BuildKit is in Linux engines from API 1.39 (Docker 18.09); an unknown engine is given the benefit of the doubt. */
function engineHasBuildkit(engine: BuildFacts['engine']): boolean {
  if (!engine) return true;
  if (engine.os !== 'linux' && engine.os !== 'unknown') return false;
  const [major, minor] = engine.apiVersion.split('.').map(Number);
  return major === undefined || minor === undefined || Number.isNaN(minor) || major > 1 || minor >= 39;
}

function isFalse(value: string): boolean {
  return ['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---- reading the facts ------------------------------------------------------------------------------

const factsCache = new Map<string, Promise<BuildFacts>>();

/**
 * Asks the CLI what it is and which engine it reaches (`docker version --format {{json .}}`, which goes the
 * same way as the build: context, DOCKER_HOST, ssh:// or TLS), and whether buildx and compose answer.
 * Cached per CLI and environment for `cacheMs` (the engine can change under a long-lived extension host).
 */
export function readBuildFacts(cli: { readonly name: 'docker' | 'podman'; readonly path: string; readonly env: Readonly<Record<string, string>> }, env: NodeJS.ProcessEnv, options: { readonly cacheMs?: number } = {}): Promise<BuildFacts> {
  const merged = { ...env, ...cli.env };
  const key = JSON.stringify([cli.path, merged.DOCKER_HOST, merged.DOCKER_CONTEXT, merged.DOCKER_CONFIG, merged.DOCKER_BUILDKIT, merged.DOCKER_TLS_VERIFY, merged.DOCKER_CERT_PATH]);
  const known = factsCache.get(key);
  if (known) return known;
  const reading = probe(cli.name, cli.path, merged);
  factsCache.set(key, reading);
  setTimeout(() => factsCache.delete(key), options.cacheMs ?? 60_000).unref?.();
  return reading;
}

async function probe(name: 'docker' | 'podman', file: string, env: NodeJS.ProcessEnv): Promise<BuildFacts> {
  const userBuildkit = env.DOCKER_BUILDKIT;
  const common = userBuildkit !== undefined ? { userBuildkit } : {};
  if (name === 'podman') {
    const version = await runProcess(file, ['--version'], { env, timeoutMs: 15_000 });
    const clientVersion = /version\s+(\S+)/i.exec(version.stdout)?.[1];
    return { cli: 'podman', ...(clientVersion ? { clientVersion } : {}), ...common };
  }
  // Plugins must not prompt or wait for a daemon; each answers on its own.
  const [version, buildx, compose] = await Promise.all([
    runProcess(file, ['version', '--format', '{{json .}}'], { env, timeoutMs: 20_000 }),
    runProcess(file, ['buildx', 'version'], { env, timeoutMs: 15_000 }),
    runProcess(file, ['compose', 'version'], { env, timeoutMs: 15_000 }),
  ]);
  const parsed = parseVersionJson(version.stdout);
  let clientVersion = parsed.clientVersion;
  if (!clientVersion) {
    const plain = await runProcess(file, ['--version'], { env, timeoutMs: 15_000 });
    clientVersion = /version\s+([^\s,]+)/i.exec(plain.stdout)?.[1];
  }
  const firstLine = (text: string) => text.split(/\r?\n/).find(line => line.trim())?.trim();
  const engineProblem = parsed.engine ? undefined : firstLine(version.stderr) ?? version.error ?? 'the engine did not answer';
  return {
    cli: 'docker',
    ...(clientVersion ? { clientVersion } : {}),
    ...(buildx.exitCode === 0 && firstLine(buildx.stdout) ? { buildx: firstLine(buildx.stdout)! } : {}),
    ...(compose.exitCode === 0 && firstLine(compose.stdout) ? { compose: firstLine(compose.stdout)! } : {}),
    ...(parsed.engine ? { engine: parsed.engine } : {}),
    ...(engineProblem ? { engineProblem } : {}),
    ...common,
  };
}

/** `docker version --format {{json .}}`: `{ Client: {Version}, Server: {Version, ApiVersion, Os, Arch, Components} }`. */
export function parseVersionJson(stdout: string): { clientVersion?: string; engine?: BuildFacts['engine'] } {
  const line = stdout.split(/\r?\n/).find(text => text.trim().startsWith('{'));
  let json: unknown;
  try {
    json = line ? JSON.parse(line) : undefined;
  } catch {
    return {};
  }
  if (!isRecord(json)) return {};
  const client = isRecord(json.Client) ? json.Client : {};
  const server = isRecord(json.Server) ? json.Server : undefined;
  const clientVersion = typeof client.Version === 'string' ? client.Version : undefined;
  if (!server || typeof server.Version !== 'string') return clientVersion ? { clientVersion } : {};
  const components = Array.isArray(server.Components) ? server.Components : [];
  const podman = components.some(c => isRecord(c) && typeof c.Name === 'string' && /podman/i.test(c.Name))
    || (isRecord(server.Platform) && typeof server.Platform.Name === 'string' && /podman/i.test(server.Platform.Name));
  const engine = {
    product: podman ? 'Podman' as const : 'Docker' as const,
    version: server.Version,
    apiVersion: typeof server.ApiVersion === 'string' ? server.ApiVersion : 'unknown',
    os: typeof server.Os === 'string' ? server.Os : 'unknown',
    arch: typeof server.Arch === 'string' ? server.Arch : 'unknown',
  };
  return { ...(clientVersion ? { clientVersion } : {}), engine };
}

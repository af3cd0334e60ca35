import * as path from 'node:path';
import { findExecutable } from '../process/findExecutable';
import { runProcess } from '../process/runProcess';

/**
 * The Compose implementation a compose file is run with, and how it names things. Compose v2 (`docker compose`)
 * where the docker CLI has the plugin, else Compose v1 (`docker-compose`, Debian's 1.29), and `podman-compose`
 * with Podman. Images are always built by dotnet-containers itself first (with the builder the CLI and engine
 * really have: BuildKit, the legacy builder on a copy with the platform arguments filled in, or Buildah), then
 * Compose starts the services with `--no-build`: v1 and podman-compose build differently from `docker build`,
 * and a stock docker without buildx cannot build `$BUILDPLATFORM` Dockerfiles at all.
 */
export interface ComposeTool {
  readonly kind: 'v2' | 'v1' | 'podman-compose';
  /** The program to run, and the words before the subcommand (`compose` for v2). */
  readonly program: string;
  readonly prefix: readonly string[];
  /** How it is named to the user: `docker compose`, `docker-compose`, `podman-compose`. */
  readonly label: string;
  /** What it reported as its version. */
  readonly version: string;
}

export interface ComposeFacts {
  readonly cli: 'docker' | 'podman';
  /** The container CLI's path, when found. */
  readonly cliPath?: string;
  /** `docker compose version`'s answer, when the plugin is there. */
  readonly plugin?: string;
  /** `docker-compose` on PATH and its `version --short`. */
  readonly v1?: { readonly path: string; readonly version: string };
  /** `podman-compose` on PATH and its version. */
  readonly podmanCompose?: { readonly path: string; readonly version: string };
}

export type ComposeChoice = { readonly ok: true; readonly tool: ComposeTool } | { readonly ok: false; readonly message: string };

/** The decision. Pure: the same facts always give the same tool. */
export function chooseComposeTool(facts: ComposeFacts): ComposeChoice {
  if (facts.cli === 'podman') {
    if (facts.podmanCompose) return { ok: true, tool: { kind: 'podman-compose', program: facts.podmanCompose.path, prefix: [], label: 'podman-compose', version: facts.podmanCompose.version } };
    return { ok: false, message: 'podman-compose is not on PATH: install it (Debian/Ubuntu: podman-compose) to run compose files with Podman.' };
  }
  if (facts.plugin && facts.cliPath) return { ok: true, tool: { kind: 'v2', program: facts.cliPath, prefix: ['compose'], label: 'docker compose', version: facts.plugin } };
  if (facts.v1) return { ok: true, tool: { kind: 'v1', program: facts.v1.path, prefix: [], label: 'docker-compose', version: facts.v1.version } };
  return { ok: false, message: 'neither `docker compose` (the compose plugin) nor docker-compose is installed: install docker-compose-plugin from Docker\'s repository, or Debian/Ubuntu\'s docker-compose.' };
}

export type ComposeAction =
  | { readonly action: 'up' }
  | { readonly action: 'down' }
  | { readonly action: 'logs'; readonly follow?: boolean; readonly tail?: number };

export interface ComposeRun {
  readonly file: string;
  /** `-p`: the project name; default: Compose's own (the file's folder). */
  readonly projectName?: string;
}

/** The argv (after the program) for one action on a compose file. */
export function composeArgv(tool: ComposeTool, run: ComposeRun, action: ComposeAction): string[] {
  const head = [...tool.prefix, '-f', run.file, ...(run.projectName ? ['-p', run.projectName] : [])];
  switch (action.action) {
    // The images are built already (see ComposeTool); --remove-orphans keeps a renamed service from lingering.
    case 'up': return [...head, 'up', '--detach', '--no-build', '--remove-orphans'];
    // podman-compose 1.0 has no --remove-orphans for down.
    case 'down': return [...head, 'down', ...(tool.kind === 'podman-compose' ? [] : ['--remove-orphans'])];
    // podman-compose names the container of each line only when asked; Compose always does.
    case 'logs': return [...head, 'logs', '--timestamps', ...(tool.kind === 'podman-compose' ? ['--names'] : []), ...(action.tail !== undefined ? [`--tail=${action.tail}`] : []), ...(action.follow ? ['--follow'] : [])];
  }
}

/**
 * The project name Compose uses when none is given: the compose file's folder, lower-cased, with the characters
 * it does not allow removed (v1 keeps letters and digits only).
 */
export function defaultProjectName(tool: ComposeTool, file: string): string {
  const folder = path.basename(path.dirname(path.resolve(file))).toLowerCase();
  return tool.kind === 'v1' || tool.kind === 'podman-compose' ? folder.replace(/[^a-z0-9]/g, '') : folder.replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

/** The image Compose names a built service that has no `image:`. */
export function defaultImageName(tool: ComposeTool, projectName: string, service: string): string {
  return `${projectName}${tool.kind === 'v2' ? '-' : '_'}${service}`;
}

/** Asks the machine: the container CLI's compose plugin, docker-compose and podman-compose on PATH. */
export async function readComposeFacts(cli: string, env: NodeJS.ProcessEnv): Promise<ComposeFacts> {
  const name = /podman[^/\\]*$/i.test(cli) ? 'podman' : 'docker';
  const cliPath = cli.includes('/') || cli.includes('\\') ? cli : await findExecutable(cli, env);
  const firstLine = (text: string) => text.trim().split('\n')[0]?.trim() ?? '';
  const version = async (file: string, args: string[]) => {
    const result = await runProcess(file, args, { env, timeoutMs: 15_000 });
    return result.exitCode === 0 ? firstLine(result.stdout || result.stderr) : undefined;
  };
  if (name === 'podman') {
    const podmanCompose = await findExecutable('podman-compose', env);
    // 1.0 prints the podman commands it runs first: the version is on the line that names podman-compose.
    const answer = podmanCompose ? await runProcess(podmanCompose, ['version'], { env, timeoutMs: 15_000 }) : undefined;
    const podmanVersion = answer ? /podman-compose(?:r)?\s+version\s+(\S+)/i.exec(`${answer.stdout}\n${answer.stderr}`)?.[1] : undefined;
    return { cli: name, ...(cliPath ? { cliPath } : {}), ...(podmanCompose ? { podmanCompose: { path: podmanCompose, version: podmanVersion ?? 'unknown version' } } : {}) };
  }
  const plugin = cliPath ? await version(cliPath, ['compose', 'version']) : undefined;
  const v1Path = plugin ? undefined : await findExecutable('docker-compose', env);
  const v1Version = v1Path ? await version(v1Path, ['version', '--short']) : undefined;
  return {
    cli: name, ...(cliPath ? { cliPath } : {}), ...(plugin ? { plugin } : {}),
    ...(v1Path ? { v1: { path: v1Path, version: v1Version ?? 'unknown version' } } : {}),
  };
}

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRecord } from '../environment/dockerConfig';
import { Argv, buildArgv, DockerArgumentError, formatImageName, loginArgv, parseImageName, parsePushDestination, pushPlan, runArgv } from './dockerArgv';
import { BuildStrategy } from './buildStrategy';
import { DockerfileTargets } from './dockerfileTargets';
import { legacyBuildInput } from './legacyDockerfile';
import { usesPlainHttp } from '../registry/registryHost';

/**
 * The Build, Run and Push actions of a Dockerfile as VS Code tasks of type `dotnet-container`: what the
 * CodeLens offers, what a `tasks.json` entry may say, and the one argv each resolves to (through the argv
 * builders of dockerArgv, shared with the CLI).
 */

export const containerTaskType = 'dotnet-container';

/**
 * package.json's problem matchers for the build tasks: the Dockerfile lines `dotnet-containers build` prints
 * for a failed build (buildOutput.ts), and MSBuild/C# errors with and without a line, whose `/src/` paths are
 * the context's. (`$dotnet-container-dockerfile` and `-parse` remain for tasks.json entries that run docker.)
 */
export const buildProblemMatchers = ['$dotnet-container-build', '$dotnet-container-msbuild', '$dotnet-container-msbuild-project'] as const;

/**
 * One process each. Push is `tag` then `push`; Verify is `untag` (remove the local registry tag) then `pull`.
 * In tasks.json, chain them with `dependsOn` and `"dependsOrder": "sequence"`.
 */
export const containerActions = ['build', 'run', 'tag', 'push', 'untag', 'pull', 'login'] as const;
export type ContainerAction = typeof containerActions[number];

/** A task definition as package.json declares it (`taskDefinitions`); paths may be relative to the workspace folder. */
export interface ContainerTaskDefinition {
  readonly type: typeof containerTaskType;
  readonly action: ContainerAction;
  readonly dockerfile?: string;
  /** The local image `name:tag`; by default the one the Dockerfile's project names. */
  readonly image?: string;
  readonly target?: string;
  readonly context?: string;
  readonly network?: string;
  readonly hostPort?: number;
  readonly containerPort?: number;
  /** `--name` of a run's container, so that it can be removed when its task is terminated. */
  readonly containerName?: string;
  /** `host[:port][/namespace]` for tag, push, untag, pull and login. */
  readonly registry?: string;
}

/** What the user chose before for one Dockerfile (kept in the `dotnetContainers.dockerfiles` setting). */
export interface RememberedChoices {
  readonly image?: string;
  readonly context?: string;
  readonly hostPort?: number;
}

export interface PlanInputs {
  /** Relative paths in a definition are relative to this folder. */
  readonly workspaceFolder?: string;
  /** Reads a Dockerfile and its project (dockerfileTargets on the file's text). */
  readonly targetsOf: (dockerfile: string) => DockerfileTargets;
  readonly remembered?: (dockerfile: string) => RememberedChoices | undefined;
  /** The builder the CLI will use (buildStrategy.ts); without it, a plain `build`. */
  readonly strategy?: BuildStrategy;
  /** For the legacy builder: where the Dockerfile's copy is built from (DockerfileCopies.pathFor). */
  readonly copyPath?: (dockerfile: string) => string;
  /** The Dockerfile's text on disk, as docker will read it (default: fs). */
  readonly readDockerfile?: (dockerfile: string) => string;
  /** The CLI the task runs: podman needs telling that a loopback or insecure registry speaks plain HTTP. */
  readonly cli?: 'docker' | 'podman';
  /** `dotnetContainers.insecureRegistries`: plain-HTTP registries besides loopback. */
  readonly insecureRegistries?: readonly string[];
  /** For a podman push: where podman writes the digest the registry has (see readPushedDigest). */
  readonly pushDigestFile?: string;
  /** A name for a run's container when the definition has none (runContainerName), so that it can be removed when its task ends. */
  readonly newContainerName?: (image: string) => string;
}

/** One task, resolved: the argv after the CLI's name, and what it works on (for titles, results and problem matchers). */
export interface PlannedTask {
  readonly definition: ContainerTaskDefinition;
  readonly argv: Argv;
  readonly label: string;
  readonly dockerfile?: string;
  readonly context?: string;
  /** The local image the action is about. */
  readonly image?: string;
  /** The image's name in the registry (tag, push, untag, pull). */
  readonly remoteImage?: string;
  readonly hostPort?: number;
  readonly containerPort?: number;
  /** Added to the CLI's environment (the builder's, e.g. DOCKER_BUILDKIT=1). */
  readonly env?: Readonly<Record<string, string>>;
  /** A copy of the Dockerfile to write before the build runs, which the argv names instead of the original. */
  readonly dockerfileCopy?: { readonly path: string; readonly text: string };
}

/** Checks a task definition from tasks.json or a lens; every problem is a DockerArgumentError with a message for the user. */
export function checkTaskDefinition(raw: unknown): ContainerTaskDefinition {
  if (!isRecord(raw) || raw.type !== containerTaskType) throw new DockerArgumentError(`not a ${containerTaskType} task`);
  if (typeof raw.action !== 'string' || !(containerActions as readonly string[]).includes(raw.action)) {
    throw new DockerArgumentError(`"action" must be one of ${containerActions.join(', ')}, not ${JSON.stringify(raw.action)}`);
  }
  for (const key of ['dockerfile', 'image', 'target', 'context', 'network', 'registry', 'containerName'] as const) {
    if (raw[key] !== undefined && (typeof raw[key] !== 'string' || raw[key] === '')) throw new DockerArgumentError(`"${key}" must be a non-empty string`);
  }
  for (const key of ['hostPort', 'containerPort'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'number') throw new DockerArgumentError(`"${key}" must be a number`);
  }
  return raw as unknown as ContainerTaskDefinition;
}

/** Resolves a definition into the argv it runs; throws DockerArgumentError when something is missing or invalid. */
export function planContainerTask(definition: ContainerTaskDefinition, inputs: PlanInputs): PlannedTask {
  const dockerfile = definition.dockerfile !== undefined ? absolute(definition.dockerfile, inputs.workspaceFolder, 'dockerfile') : undefined;
  const targets = dockerfile ? inputs.targetsOf(dockerfile) : undefined;
  const remembered = dockerfile ? inputs.remembered?.(dockerfile) : undefined;
  const image = chosenImage(definition, targets, remembered);
  const about = { definition, ...(dockerfile ? { dockerfile } : {}) };

  switch (definition.action) {
    case 'build': {
      if (!dockerfile || !targets) throw new DockerArgumentError('a build task needs "dockerfile"');
      const context = chosenContext(definition, targets, remembered, inputs.workspaceFolder);
      const localImage = formatImageName(parseImageName(image!));
      const strategy = inputs.strategy;
      const legacy = strategy?.platformArgs ? legacyBuildInput(readDockerfile(dockerfile, inputs), strategy.platformArgs) : undefined;
      if (legacy?.changed && !inputs.copyPath) throw new DockerArgumentError('this build needs a copy of the Dockerfile for the legacy builder, and no place was given for it');
      const dockerfileCopy = legacy?.changed ? { path: inputs.copyPath!(dockerfile), text: legacy.text } : undefined;
      const argv = buildArgv({
        dockerfile: dockerfileCopy?.path ?? dockerfile, context, image: localImage,
        ...(definition.target ? { target: definition.target } : {}),
        ...(definition.network ? { network: definition.network } : {}),
        ...(strategy?.plainProgress ? { progress: 'plain' } : {}),
        ...(legacy && Object.keys(legacy.buildArgs).length ? { buildArgs: legacy.buildArgs } : {}),
      });
      const stage = definition.target ? ` (stage ${definition.target})` : '';
      return {
        ...about, argv, context, image: localImage, label: `build ${localImage}${stage}`,
        ...(strategy && Object.keys(strategy.env).length ? { env: strategy.env } : {}),
        ...(dockerfileCopy ? { dockerfileCopy } : {}),
      };
    }
    case 'run': {
      const localImage = requireImage(image, 'run');
      const { containerPort, hostPort } = chosenPorts(definition, targets, remembered);
      const name = definition.containerName ?? inputs.newContainerName?.(localImage);
      const argv = runArgv({ image: localImage, ...(containerPort !== undefined ? { containerPort, hostPort } : {}), ...(name ? { name } : {}) });
      const ports = containerPort !== undefined ? ` on port ${hostPort}` : '';
      return { ...about, argv, image: localImage, label: `run ${localImage}${ports}`, ...(containerPort !== undefined ? { hostPort: hostPort!, containerPort } : {}) };
    }
    case 'login': {
      if (!definition.registry) throw new DockerArgumentError('a login task needs "registry"');
      const { registry } = parsePushDestination(definition.registry);
      return { ...about, argv: loginArgv(registry), label: `log in to ${registry}` };
    }
    default: {
      const action = definition.action;
      const localImage = requireImage(image, action);
      if (!definition.registry) throw new DockerArgumentError(`a ${action} task needs "registry" (host[:port], e.g. localhost:5000 or ghcr.io/owner)`);
      const destination = parsePushDestination(definition.registry);
      const plainHttp = inputs.cli === 'podman' && usesPlainHttp(destination.registry, inputs.insecureRegistries ?? []);
      const digestFile = inputs.cli === 'podman' && action === 'push' ? inputs.pushDigestFile : undefined;
      const plan = pushPlan(localImage, destination.registry, destination.namespace, { plainHttp, ...(digestFile ? { digestFile } : {}) });
      const argv = action === 'tag' ? plan.tag : action === 'push' ? plan.push : action === 'untag' ? plan.verify[0]! : plan.verify[1]!;
      const labels: Record<typeof action, string> = { tag: `tag ${localImage} as ${plan.remoteImage}`, push: `push ${plan.remoteImage}`, untag: `remove the local tag ${plan.remoteImage}`, pull: `pull ${plan.remoteImage}` };
      return { ...about, argv, image: localImage, remoteImage: plan.remoteImage, label: labels[action] };
    }
  }
}

function readDockerfile(dockerfile: string, inputs: PlanInputs): string {
  try {
    return (inputs.readDockerfile ?? (file => fs.readFileSync(file, 'utf8')))(dockerfile).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new DockerArgumentError(`cannot read ${dockerfile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** `stockweb-3f9a1c`: the repository's last part and a few random characters, unique among the user's containers. */
export function runContainerName(image: string): string {
  const repository = parseImageName(image).repository;
  return `${repository.split('/').pop()}-${randomBytes(3).toString('hex')}`;
}

/** The `--name` of a run's argv, which the task runner removes when the task ends (however it ends). */
export function runContainerNameOf(argv: readonly string[]): string | undefined {
  if (argv[0] !== 'run') return undefined;
  const at = argv.indexOf('--name');
  return at > 0 ? argv[at + 1] : undefined;
}

function requireImage(image: string | undefined, action: ContainerAction): string {
  if (!image) throw new DockerArgumentError(`a ${action} task needs "image" or "dockerfile"`);
  return formatImageName(parseImageName(image));
}

function absolute(file: string, workspaceFolder: string | undefined, key: string): string {
  if (path.isAbsolute(file)) return path.normalize(file);
  if (!workspaceFolder) throw new DockerArgumentError(`"${key}" is relative, but there is no workspace folder to start from`);
  return path.resolve(workspaceFolder, file);
}

// ---- Which value wins: the one decision behind the tasks, the commands (lens, palette, views) and the CLI ----
//
// Each value comes from the first place that gives it: what is said explicitly (a task definition's property,
// a command's option, a CLI flag), then the choice remembered for the Dockerfile (the `dotnetContainers.dockerfiles`
// setting), then the Dockerfile's project (dockerfileTargets).

/** What may be said explicitly about a Dockerfile's image, context and ports (a task definition has all of these). */
export interface ExplicitChoices {
  readonly image?: string;
  /** Absolute, or relative to the workspace folder. */
  readonly context?: string;
  readonly hostPort?: number;
  readonly containerPort?: number;
}

/** The project's own values: what is used when nothing is said or remembered, and what need not be remembered. */
export interface ProjectDefaults {
  readonly image: string;
  readonly context: string;
  /** The port the app listens on, published on the same host port; none for an app that listens on none. */
  readonly containerPort?: number;
}

export function projectDefaults(targets: DockerfileTargets): ProjectDefaults {
  return { image: `${targets.repository}:${targets.tag}`, context: targets.context, ...(targets.containerPort !== undefined ? { containerPort: targets.containerPort } : {}) };
}

/** The image as written (not yet checked); undefined only when there is neither an explicit image nor a Dockerfile. */
export function chosenImage(explicit: ExplicitChoices, targets: DockerfileTargets | undefined, remembered: RememberedChoices | undefined): string | undefined {
  return explicit.image ?? remembered?.image ?? (targets ? projectDefaults(targets).image : undefined);
}

/** The absolute build context; relative paths (explicit or remembered) are the workspace folder's. Throws DockerArgumentError. */
export function chosenContext(explicit: ExplicitChoices, targets: DockerfileTargets, remembered: RememberedChoices | undefined, workspaceFolder: string | undefined): string {
  if (explicit.context !== undefined) return absolute(explicit.context, workspaceFolder, 'context');
  if (remembered?.context !== undefined) return absolute(remembered.context, workspaceFolder, 'context');
  return projectDefaults(targets).context;
}

export interface ChosenPorts {
  /** The port the app listens on in the container; undefined: nothing is published. */
  readonly containerPort?: number;
  /** The host port a task publishes on (set whenever containerPort is). */
  readonly hostPort?: number;
  /**
   * The host ports to offer, in order, when the user may be asked (the first free one is proposed): the explicit
   * one alone, else the remembered one, then the container's own.
   */
  readonly hostPortCandidates: readonly number[];
}

export function chosenPorts(explicit: ExplicitChoices, targets: DockerfileTargets | undefined, remembered: RememberedChoices | undefined): ChosenPorts {
  const containerPort = explicit.containerPort ?? targets?.containerPort;
  if (containerPort === undefined) return { hostPortCandidates: [] };
  const candidates = explicit.hostPort !== undefined ? [explicit.hostPort] : [remembered?.hostPort, containerPort].filter((port): port is number => port !== undefined);
  return { containerPort, hostPort: candidates[0]!, hostPortCandidates: [...new Set(candidates)] };
}

/** Everything a command about one Dockerfile needs to know before it asks or runs anything. */
export interface DockerfileChoices extends ChosenPorts {
  readonly image: string;
  readonly context: string;
  readonly defaults: ProjectDefaults;
}

/** Throws DockerArgumentError (a relative context without a workspace folder). */
export function dockerfileChoices(explicit: ExplicitChoices, targets: DockerfileTargets, remembered: RememberedChoices | undefined, workspaceFolder: string | undefined): DockerfileChoices {
  return {
    image: chosenImage(explicit, targets, remembered)!,
    context: chosenContext(explicit, targets, remembered, workspaceFolder),
    ...chosenPorts(explicit, targets, remembered),
    defaults: projectDefaults(targets),
  };
}

/** What a user chose, as a change to the remembered choices: a value equal to the project's is forgotten (undefined). */
export type RememberedChange = { readonly [K in keyof RememberedChoices]?: RememberedChoices[K] | undefined };

/**
 * Only the keys given in `chosen` change; a context is kept relative to the workspace folder when it is inside it.
 * The host port's own default is the container port in use (explicit or the project's), as chosenPorts has it.
 */
export function rememberedChange(chosen: { readonly image?: string; readonly context?: string; readonly hostPort?: number }, choices: Pick<DockerfileChoices, 'defaults' | 'containerPort'>, workspaceFolder: string | undefined): RememberedChange {
  const defaults = choices.defaults;
  const change: { -readonly [K in keyof RememberedChoices]?: RememberedChoices[K] | undefined } = {};
  if ('image' in chosen) change.image = chosen.image === defaults.image ? undefined : chosen.image;
  if ('context' in chosen) change.context = chosen.context === undefined || chosen.context === defaults.context ? undefined : workspaceRelative(workspaceFolder, chosen.context);
  if ('hostPort' in chosen) change.hostPort = chosen.hostPort === choices.containerPort ? undefined : chosen.hostPort;
  return change;
}

/**
 * All remembered choices after a change to one Dockerfile's (keyed by rememberedKey); undefined when nothing
 * changes. A Dockerfile left with nothing to remember loses its entry.
 */
export function withRememberedChange(all: Readonly<Record<string, RememberedChoices>>, key: string, change: RememberedChange): Record<string, RememberedChoices> | undefined {
  const merged: Record<string, unknown> = { ...all[key] ?? {}, ...change };
  for (const name of Object.keys(merged)) if (merged[name] === undefined) delete merged[name];
  const next = { ...all };
  if (Object.keys(merged).length) next[key] = merged as RememberedChoices;
  else delete next[key];
  return JSON.stringify(next[key] ?? {}) === JSON.stringify(all[key] ?? {}) ? undefined : next;
}

/** The key of a Dockerfile's remembered choices: its path relative to the workspace folder, with `/`. */
export function rememberedKey(workspaceFolder: string | undefined, dockerfile: string): string {
  return workspaceRelative(workspaceFolder, dockerfile);
}

/** A path relative to the workspace folder with `/` separators when it is inside it, else as given. */
function workspaceRelative(workspaceFolder: string | undefined, file: string): string {
  if (!workspaceFolder) return file;
  const relative = path.relative(workspaceFolder, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : (relative.split(path.sep).join('/') || '.');
}

/**
 * The arguments of `dotnet-containers build` that run a planned build: the extension's build tasks run the
 * CLI, so that the builder is decided, the legacy builder's copy written and the errors placed on the
 * Dockerfile when the task runs (a re-run included), by the same code as in CI.
 */
export function cliBuildArgs(planned: PlannedTask, cliPath: string): string[] {
  const definition = planned.definition;
  if (definition.action !== 'build' || !planned.dockerfile || !planned.context || !planned.image) throw new DockerArgumentError('not a planned build');
  return [
    'build', planned.dockerfile, '--tag', planned.image, '--context', planned.context,
    ...(definition.target ? ['--target', definition.target] : []),
    ...(definition.network ? ['--network', definition.network] : []),
    '--cli', cliPath,
  ];
}

/** A CodeLens above a Dockerfile: a title and the command it runs, on a 0-based line. */
export interface DockerfileLens {
  readonly line: number;
  readonly title: string;
  readonly kind: 'build' | 'run' | 'push';
  /** For "Build stage": the stage passed as `--target`. */
  readonly target?: string;
}

/** Build, Run and Push at the top; Build stage on every named stage but the last (which a plain build already makes). */
export function dockerfileLenses(targets: Pick<DockerfileTargets, 'stages'>): DockerfileLens[] {
  return [
    { line: 0, title: 'Build image', kind: 'build' },
    { line: 0, title: 'Run container', kind: 'run' },
    { line: 0, title: 'Push…', kind: 'push' },
    ...targets.stages.map(stage => ({ line: stage.line, title: `Build stage ${stage.name}`, kind: 'build' as const, target: stage.name })),
  ];
}

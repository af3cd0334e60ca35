import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { BuildOutputReader } from './core/docker/buildOutput';
import { BuildStrategy, chooseBuildStrategy, readBuildFacts } from './core/docker/buildStrategy';
import { containerTaskType, planContainerTask } from './core/docker/containerActions';
import { Argv, DockerArgumentError, formatImageName, parseImageName, parsePushDestination, pushPlan, runArgv } from './core/docker/dockerCommands';
import { usesPlainHttp } from './core/registry/registryHost';
import { dockerfileTargets } from './core/docker/dockerfileTargets';
import { DockerfileCopies } from './core/docker/legacyDockerfile';
import { findExecutable } from './core/process/findExecutable';

// `dotnet-containers build|run|push`: the same argv builders as the CodeLens and the VS Code tasks.
// `--dry-run` prints each argv as one JSON array per line and runs nothing.

type Print = (text: string) => void;

export interface ContainerCommandIo {
  readonly out: Print;
  readonly err: Print;
  readonly now: Date;
  /** The container CLI (default `docker`; `DOTNET_CONTAINERS_CLI` or `--cli` may name podman). */
  readonly cli?: string;
}

export const containerCommandsUsage = `  build <Dockerfile> [--tag name:tag] [--target stage] [--context dir] [--network name] [--label key=value] [--dry-run]
                                Build the image from the context the generator would choose (the solution
                                folder of the linked project), named after ContainerRepository/AssemblyName,
                                with the builder this CLI and engine really have (BuildKit, or docker's
                                legacy builder on a copy with the platform filled in, or Buildah)
  run <image> [--port host:container] [--dry-run]
                                Run the image in the foreground with its port published
  push <image> --registry host[:port] [--verify] [--dry-run]
                                Tag the image for the registry and push it; --verify removes the local
                                registry tag and pulls it back`;

export async function containerCommand(command: 'build' | 'run' | 'push', args: readonly string[], io: ContainerCommandIo): Promise<number> {
  const options = parseOptions(args, { build: ['--tag', '--target', '--context', '--network', '--label', '--cli'], run: ['--port', '--cli'], push: ['--registry', '--cli'] }[command], ['--dry-run', '--verify']);
  if ('error' in options) {
    io.err(`dotnet-containers ${command}: ${options.error}`);
    return 2;
  }
  const cli = options.values['--cli'] ?? io.cli ?? process.env.DOTNET_CONTAINERS_CLI ?? 'docker';
  const copies = new DockerfileCopies();
  try {
    let steps: Step[];
    try {
      steps = command === 'build' ? [await planBuild(options, io, cli, copies)] : planCommand(command, options, cliName(cli)).map(argv => ({ argv }));
    } catch (error) {
      if (error instanceof DockerArgumentError) {
        io.err(`dotnet-containers ${command}: ${error.message}`);
        return 2;
      }
      throw error;
    }
    if (options.flags.has('--dry-run')) {
      for (const step of steps) io.out(JSON.stringify([cli, ...step.argv]));
      return 0;
    }
    const unusable = unusableCliPath(cli);
    if (unusable) {
      io.err(`dotnet-containers ${command}: ${unusable}`);
      return 2;
    }
    for (const step of steps) {
      if (step.copy) copies.write(step.copy);
      const code = step.dockerfile ? await runBuild(cli, step, io) : await runInherited(cli, step.argv, step.env ?? {});
      if (code !== 0) {
        io.err(`dotnet-containers ${command}: ${cli} ${step.argv[0]} exited with ${code}`);
        return code;
      }
    }
    return 0;
  } finally {
    copies.dispose();
  }
}

interface Step {
  readonly argv: Argv;
  readonly env?: Readonly<Record<string, string>>;
  readonly copy?: { readonly path: string; readonly text: string };
  /** A build: its Dockerfile and text, to place the errors on. */
  readonly dockerfile?: { readonly path: string; readonly text: string };
}

/**
 * The build as the Build image lens plans it (planContainerTask), with the builder this CLI and engine
 * have; what the builder means for the user (a copy for the legacy builder, how to get BuildKit) goes to stderr.
 */
async function planBuild(options: ParsedOptions, io: ContainerCommandIo, cli: string, copies: DockerfileCopies): Promise<Step> {
  const [subject, ...extra] = options.positional;
  if (!subject || extra.length) throw new DockerArgumentError('name one Dockerfile');
  const dockerfile = path.resolve(subject);
  const label = options.values['--label'];
  if (label !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.\-]*=/.test(label)) throw new DockerArgumentError(`--label wants key=value (e.g. org.opencontainers.image.source=…), not "${label}"`);
  const text = readDockerfile(dockerfile); // a missing file is said before any CLI is asked
  const strategy = await builderOf(cli);
  const planned = planContainerTask({
    type: containerTaskType, action: 'build', dockerfile,
    ...(options.values['--tag'] ? { image: options.values['--tag'] } : {}),
    ...(options.values['--target'] ? { target: options.values['--target'] } : {}),
    ...(options.values['--context'] ? { context: path.resolve(options.values['--context']) } : {}),
    ...(options.values['--network'] ? { network: options.values['--network'] } : {}),
  }, {
    targetsOf: file => dockerfileTargets(file, readDockerfile(file), { now: io.now }),
    strategy,
    copyPath: file => copies.pathFor(file),
  });
  io.err(`builder: ${strategy.summary}`);
  if (strategy.advice) io.err(strategy.advice);
  const env = planned.env ?? {};
  if (Object.keys(env).length) io.err(`environment: ${Object.entries(env).map(([key, value]) => `${key}=${value}`).join(' ')}`);
  // --label goes in front of the context, which stays the last argument.
  const argv = label === undefined ? planned.argv : [...planned.argv.slice(0, -1), '--label', label, planned.argv[planned.argv.length - 1]!];
  return { argv, env, dockerfile: { path: dockerfile, text }, ...(planned.dockerfileCopy ? { copy: planned.dockerfileCopy } : {}) };
}

/** The builder of the CLI the build will run: asked of the CLI itself, so contexts, ssh:// and TLS count. */
async function builderOf(cli: string): Promise<BuildStrategy> {
  const file = cli.includes('/') || cli.includes('\\') ? cli : await findExecutable(cli, process.env);
  const name = cliName(cli);
  if (!file) return chooseBuildStrategy({ cli: name, ...(process.env.DOCKER_BUILDKIT !== undefined ? { userBuildkit: process.env.DOCKER_BUILDKIT } : {}) });
  return chooseBuildStrategy(await readBuildFacts({ name, path: file, env: {} }, process.env));
}

/** A CLI named by its path that is no program: a bad argument, said plainly (the spawn would only say 127). */
function unusableCliPath(cli: string): string | undefined {
  if (!cli.includes('/') && !cli.includes('\\')) return undefined;
  try {
    return fs.statSync(cli).isDirectory() ? `the container CLI "${cli}" is a folder, not a program` : undefined;
  } catch {
    return `the container CLI "${cli}" does not exist`;
  }
}

function cliName(cli: string): 'docker' | 'podman' {
  return /podman[^/\\]*$/i.test(cli) ? 'podman' : 'docker';
}

function readDockerfile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new DockerArgumentError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

interface ParsedOptions { positional: string[]; values: Record<string, string>; flags: Set<string> }

function parseOptions(args: readonly string[], valued: readonly string[], flags: readonly string[]): ParsedOptions | { error: string } {
  const parsed: ParsedOptions = { positional: [], values: {}, flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) return { error: `${name} needs a value` };
      parsed.values[name] = value;
    } else if (flags.includes(name)) {
      parsed.flags.add(name);
    } else if (arg.startsWith('--')) {
      return { error: `unknown option "${arg}"` };
    } else {
      parsed.positional.push(arg);
    }
  }
  return parsed;
}

function planCommand(command: 'run' | 'push', options: ParsedOptions, cli: 'docker' | 'podman'): Argv[] {
  const [subject, ...extra] = options.positional;
  if (!subject || extra.length) throw new DockerArgumentError('name one image');
  const image = formatImageName(parseImageName(subject));
  if (command === 'run') {
    const port = options.values['--port'];
    const ports = port === undefined ? undefined : /^(\d+):(\d+)$/.exec(port) ?? /^(\d+)$/.exec(port);
    if (port !== undefined && !ports) throw new DockerArgumentError(`--port wants host:container (e.g. 8080:8080), not "${port}"`);
    const [hostPort, containerPort] = ports ? (ports.length === 3 ? [Number(ports[1]), Number(ports[2])] : [Number(ports[1]), Number(ports[1])]) : [undefined, undefined];
    return [runArgv({ image, ...(containerPort !== undefined ? { hostPort, containerPort } : {}) })];
  }
  const registry = options.values['--registry'];
  if (!registry) throw new DockerArgumentError('--registry host[:port] is required');
  // podman speaks HTTPS to a loopback registry unless told; docker trusts loopback by itself.
  const plan = pushPlan(image, registry, undefined, { plainHttp: cli === 'podman' && usesPlainHttp(parsePushDestination(registry).registry) });
  return [plan.tag, plan.push, ...(options.flags.has('--verify') ? plan.verify : [])];
}

/**
 * Runs a build with its output passed through as it comes, and read on the way: when it fails, where in the
 * Dockerfile goes to stderr as `file:line:column: error: message` (the extension's problem matcher reads it;
 * so do editors and CI annotations).
 */
function runBuild(cli: string, step: Step, io: ContainerCommandIo): Promise<number> {
  return new Promise(resolve => {
    const reader = new BuildOutputReader();
    const child = spawn(cli, [...step.argv], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...step.env } });
    child.stdout.on('data', (chunk: Buffer) => { process.stdout.write(chunk); reader.push(chunk.toString('utf8')); });
    child.stderr.on('data', (chunk: Buffer) => { process.stderr.write(chunk); reader.push(chunk.toString('utf8')); });
    child.on('error', error => {
      io.err(`dotnet-containers build: cannot start ${cli}: ${error.message}`);
      resolve(127);
    });
    child.on('close', code => {
      const exitCode = code ?? 1;
      for (const finding of reader.findings(exitCode, step.dockerfile!.text)) io.err(`${step.dockerfile!.path}:${finding.line + 1}:1: error: ${finding.message}`);
      resolve(exitCode);
    });
  });
}

/** Runs the container CLI with our stdio, so its progress and password prompts reach the user. */
function runInherited(cli: string, argv: Argv, env: Readonly<Record<string, string>>): Promise<number> {
  return new Promise(resolve => {
    const child = spawn(cli, [...argv], { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', () => resolve(127));
    child.on('exit', code => resolve(code ?? 1));
  });
}

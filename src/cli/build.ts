import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { BuildOutputReader } from '../core/docker/buildOutput';
import { BuildStrategy, chooseBuildStrategy, readBuildFacts } from '../core/docker/buildStrategy';
import { containerTaskType, planContainerTask } from '../core/docker/containerActions';
import { DockerArgumentError } from '../core/docker/dockerArgv';
import { dockerfileTargets } from '../core/docker/dockerfileTargets';
import { DockerfileCopies } from '../core/docker/legacyDockerfile';
import { findExecutable } from '../core/process/findExecutable';
import { CliCommand, ParsedArguments, stringOption } from './command';
import { cliName, containerCliOptions, runSteps, Step } from './containerCli';
import { CommandIo } from './output';

export const buildCommand: CliCommand = {
  name: 'build',
  operands: '<Dockerfile>',
  operandCount: { min: 1, max: 1, missing: 'name one Dockerfile' },
  options: {
    tag: { type: 'string', value: 'name:tag', description: 'The image name (default: ContainerRepository or the assembly name, and the version)' },
    target: { type: 'string', value: 'stage', description: 'Build this stage only' },
    context: { type: 'string', value: 'dir', description: 'The build context (default: the solution folder of the linked project)' },
    network: { type: 'string', value: 'name', description: 'The network of the RUN steps (e.g. host)' },
    label: { type: 'string', value: 'key=value', description: 'A label on the image' },
    ...containerCliOptions,
  },
  summary: 'Build the image from the context the generator would choose (the solution folder of the linked project), named '
    + 'after ContainerRepository/AssemblyName, with the builder this CLI and engine really have (BuildKit, or docker\'s legacy '
    + 'builder on a copy with the platform filled in, or Buildah). A failed build says where: file:line:column: error: message.',
  exits: '0 built, 2 a bad argument or a Dockerfile that cannot be read, else the container CLI\'s own exit code.',
  run(args, io) {
    return runSteps('build', args, io, async (cli, copies) => [await planBuild(args, io, cli, copies)], (cli, step) => runBuild(cli, step, io));
  },
};

/**
 * The build as the Build image lens plans it (planContainerTask), with the builder this CLI and engine
 * have; what the builder means for the user (a copy for the legacy builder, how to get BuildKit) goes to stderr.
 */
async function planBuild(args: ParsedArguments, io: CommandIo, cli: string, copies: DockerfileCopies): Promise<Step> {
  const [tag, target, context, network, label] = ['tag', 'target', 'context', 'network', 'label'].map(name => stringOption(args, name));
  return planBuildStep({
    dockerfile: path.resolve(args.operands[0]!),
    ...(tag ? { tag } : {}), ...(target ? { target } : {}), ...(context ? { context: path.resolve(context) } : {}),
    ...(network ? { network } : {}), ...(label !== undefined ? { label } : {}),
  }, io, cli, copies, await builderOf(cli, io.env));
}

export interface BuildRequest {
  readonly dockerfile: string;
  readonly tag?: string;
  readonly target?: string;
  readonly context?: string;
  readonly network?: string;
  readonly label?: string;
}

/** One build step, as `build` and `compose up` run it, with what the builder means said on stderr. */
export function planBuildStep(request: BuildRequest, io: CommandIo, cli: string, copies: DockerfileCopies, strategy: BuildStrategy): Step {
  const { dockerfile, label } = request;
  if (label !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.\-]*=/.test(label)) throw new DockerArgumentError(`--label wants key=value (e.g. org.opencontainers.image.source=…), not "${label}"`);
  const text = readDockerfile(dockerfile); // a missing file is said before any CLI is asked
  const planned = planContainerTask({
    type: containerTaskType, action: 'build', dockerfile,
    ...(request.tag ? { image: request.tag } : {}),
    ...(request.target ? { target: request.target } : {}),
    ...(request.context ? { context: request.context } : {}),
    ...(request.network ? { network: request.network } : {}),
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
export async function builderOf(cli: string, env: NodeJS.ProcessEnv): Promise<BuildStrategy> {
  const file = cli.includes('/') || cli.includes('\\') ? cli : await findExecutable(cli, env);
  const name = cliName(cli);
  if (!file) return chooseBuildStrategy({ cli: name, ...(env.DOCKER_BUILDKIT !== undefined ? { userBuildkit: env.DOCKER_BUILDKIT } : {}) });
  return chooseBuildStrategy(await readBuildFacts({ name, path: file, env: {} }, env));
}

function readDockerfile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new DockerArgumentError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * Runs a build with its output passed through as it comes, and read on the way: when it fails, where in the
 * Dockerfile goes to stderr as `file:line:column: error: message` (the extension's problem matcher reads it;
 * so do editors and CI annotations).
 */
export function runBuild(cli: string, step: Step, io: CommandIo): Promise<number> {
  return new Promise(resolve => {
    const reader = new BuildOutputReader();
    const child = spawn(cli, [...step.argv], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...io.env, ...step.env } });
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

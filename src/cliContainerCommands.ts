import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { Argv, buildArgv, DockerArgumentError, formatImageName, parseImageName, pushPlan, runArgv } from './core/docker/dockerCommands';
import { dockerfileTargets } from './core/docker/dockerfileTargets';

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

export const containerCommandsUsage = `  build <Dockerfile> [--tag name:tag] [--target stage] [--dry-run]
                                Build the image from the context the generator would choose (the solution
                                folder of the linked project), named after ContainerRepository/AssemblyName
  run <image> [--port host:container] [--dry-run]
                                Run the image in the foreground with its port published
  push <image> --registry host[:port] [--verify] [--dry-run]
                                Tag the image for the registry and push it; --verify removes the local
                                registry tag and pulls it back`;

export async function containerCommand(command: 'build' | 'run' | 'push', args: readonly string[], io: ContainerCommandIo): Promise<number> {
  const options = parseOptions(args, { build: ['--tag', '--target', '--cli'], run: ['--port', '--cli'], push: ['--registry', '--cli'] }[command], ['--dry-run', '--verify']);
  if ('error' in options) {
    io.err(`dotnet-containers ${command}: ${options.error}`);
    return 2;
  }
  let steps: Argv[];
  try {
    steps = planCommand(command, options, io);
  } catch (error) {
    if (error instanceof DockerArgumentError) {
      io.err(`dotnet-containers ${command}: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const cli = options.values['--cli'] ?? io.cli ?? process.env.DOTNET_CONTAINERS_CLI ?? 'docker';
  if (options.flags.has('--dry-run')) {
    for (const argv of steps) io.out(JSON.stringify([cli, ...argv]));
    return 0;
  }
  for (const argv of steps) {
    const code = await runInherited(cli, argv);
    if (code !== 0) {
      io.err(`dotnet-containers ${command}: ${cli} ${argv[0]} exited with ${code}`);
      return code;
    }
  }
  return 0;
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

function planCommand(command: 'build' | 'run' | 'push', options: ParsedOptions, io: ContainerCommandIo): Argv[] {
  const [subject, ...extra] = options.positional;
  if (!subject || extra.length) throw new DockerArgumentError(command === 'build' ? 'name one Dockerfile' : 'name one image');
  if (command === 'build') {
    const dockerfile = path.resolve(subject);
    let text: string;
    try {
      text = fs.readFileSync(dockerfile, 'utf8');
    } catch (error) {
      throw new DockerArgumentError(`cannot read ${dockerfile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const targets = dockerfileTargets(dockerfile, text, { now: io.now });
    const image = options.values['--tag'] ?? `${targets.repository}:${targets.tag}`;
    return [buildArgv({ dockerfile, context: targets.context, image, ...(options.values['--target'] ? { target: options.values['--target'] } : {}) })];
  }
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
  const plan = pushPlan(image, registry);
  return [plan.tag, plan.push, ...(options.flags.has('--verify') ? plan.verify : [])];
}

/** Runs the container CLI with our stdio, so its progress and password prompts reach the user. */
function runInherited(cli: string, argv: Argv): Promise<number> {
  return new Promise(resolve => {
    const child = spawn(cli, [...argv], { stdio: 'inherit' });
    child.on('error', () => resolve(127));
    child.on('exit', code => resolve(code ?? 1));
  });
}

import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import { DockerArgumentError } from '../core/docker/dockerArgv';
import { DockerfileCopies } from '../core/docker/legacyDockerfile';
import { OptionSpec, ParsedArguments, stringOption } from './command';
import { CommandIo, exitCode } from './output';

// What build, run and push share: the container CLI they run, `--dry-run`, and running the steps in order.
// The argv come from the same builders as the CodeLens and the VS Code tasks.

/** The options every container command takes. */
export const containerCliOptions: Readonly<Record<string, OptionSpec>> = {
  cli: { type: 'string', value: 'docker|podman|PATH', description: 'The container CLI to run (default: DOTNET_CONTAINERS_CLI, else docker)' },
  'dry-run': { type: 'boolean', description: 'Print each argv as a JSON array, one per line, and run nothing' },
};

export interface Step {
  /** Another program than the container CLI (Compose), by path. */
  readonly program?: string;
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly copy?: { readonly path: string; readonly text: string };
  /** A build: its Dockerfile and text, to place the errors on. */
  readonly dockerfile?: { readonly path: string; readonly text: string };
}

/** The CLI named by --cli, else DOTNET_CONTAINERS_CLI, else docker. */
export function containerCliOf(args: ParsedArguments, io: CommandIo): string {
  return stringOption(args, 'cli') ?? io.env.DOTNET_CONTAINERS_CLI ?? 'docker';
}

export function cliName(cli: string): 'docker' | 'podman' {
  return /podman[^/\\]*$/i.test(cli) ? 'podman' : 'docker';
}

/**
 * Plans the steps, then prints them (--dry-run) or runs them in order, stopping at the first that fails with its
 * exit code. A DockerArgumentError from the plan is a bad argument: one line, exit 2.
 */
export async function runSteps(
  command: string, args: ParsedArguments, io: CommandIo,
  plan: (cli: string, copies: DockerfileCopies) => Promise<Step[]> | Step[],
  execute: (cli: string, step: Step) => Promise<number> = (cli, step) => runInherited(step.program ?? cli, step.argv, step.env ?? {}, io.env),
): Promise<number> {
  const cli = containerCliOf(args, io);
  const copies = new DockerfileCopies();
  try {
    let steps: Step[];
    try {
      steps = await plan(cli, copies);
    } catch (error) {
      if (error instanceof DockerArgumentError) {
        io.err(`dotnet-containers ${command}: ${error.message}`);
        return exitCode.usage;
      }
      throw error;
    }
    if (args.values['dry-run'] === true) {
      for (const step of steps) io.out(JSON.stringify([step.program ?? cli, ...step.argv]));
      return exitCode.ok;
    }
    const unusable = unusableCliPath(cli);
    if (unusable) {
      io.err(`dotnet-containers ${command}: ${unusable}`);
      return exitCode.usage;
    }
    for (const step of steps) {
      if (step.copy) copies.write(step.copy);
      const code = await execute(cli, step);
      if (code !== 0) {
        io.err(`dotnet-containers ${command}: ${step.program ?? cli} ${step.argv[0]} exited with ${code}`);
        return code;
      }
    }
    return exitCode.ok;
  } finally {
    copies.dispose();
  }
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

/** Runs the container CLI with our stdio, so its progress and password prompts reach the user. */
export function runInherited(cli: string, argv: readonly string[], env: Readonly<Record<string, string>>, baseEnv: NodeJS.ProcessEnv): Promise<number> {
  return new Promise(resolve => {
    const child = spawn(cli, [...argv], { stdio: 'inherit', env: { ...baseEnv, ...env } });
    child.on('error', () => resolve(127));
    child.on('exit', code => resolve(code ?? 1));
  });
}

import { CliCommand, commandHelp, commandListEntry, parseCommandArguments, wrap } from './command';
import { describeFailure, UsageError } from './errors';
import { CommandIo, exitCode, Print } from './output';
import { readsCalendar } from './calendarCommands';
import { cliVersion } from './version';

// The command-line entry: finds the command, parses its arguments, and keeps every failure to one line. Each
// command's code is loaded when it runs (esbuild.mjs makes each a chunk of its own): a run of `tags` or `images`
// does not pay for loading the linter, the generator or the YAML parser.

const helpCommand: CliCommand = {
  name: 'help',
  operands: '[command]',
  operandCount: { min: 0, max: 1, missing: 'name one command' },
  options: {},
  summary: 'Show this help, or a command\'s (the same as dotnet-containers <command> --help).',
  exits: '0 shown, 2 an unknown command.',
  async run(args, io) {
    const name = args.operands[0];
    if (name === undefined) {
      io.out(await usage());
      return exitCode.ok;
    }
    const command = await loadCommand(name);
    if (!command) throw new UsageError(`unknown command "${name}" (dotnet-containers --help lists the commands)`);
    io.out(commandHelp(command));
    return exitCode.ok;
  },
};

/** Each command by name, in the order the usage lists them, loaded on first use. */
const commands = new Map<string, () => Promise<CliCommand>>([
  ['doctor', async () => (await import('./doctor')).doctorCommand],
  ['generate', async () => (await import('./generate')).generateCommand],
  ['compose', async () => (await import('./compose')).composeCommand],
  ['lint', async () => (await import('./lint')).lintCommand],
  ['build', async () => (await import('./build')).buildCommand],
  ['run', async () => (await import('./run')).runCommand],
  ['push', async () => (await import('./push')).pushCommand],
  ['images', async () => (await import('./images')).imagesCommand],
  ['containers', async () => (await import('./containers')).containersCommand],
  ['diagnose', async () => (await import('./diagnose')).diagnoseCommand],
  ['tags', async () => (await import('./tags')).tagsCommand],
  ['help', async () => helpCommand],
]);

async function loadCommand(name: string): Promise<CliCommand | undefined> {
  return commands.get(name)?.();
}

async function usage(): Promise<string> {
  const all = await Promise.all([...commands.values()].map(load => load()));
  return [
    'Usage: dotnet-containers <command> [options]',
    '       dotnet-containers <command> --help    the command\'s options and exit codes',
    '       dotnet-containers --version           the version of dotnet-containers',
    '',
    'Commands:',
    ...all.flatMap(commandListEntry),
    '',
    ...wrap('Exit codes: 0 done; 1 findings (lint: a finding is an error; images, tags: the engine or registry failed; generate: '
      + 'a different Dockerfile was kept); 2 a bad argument, or a file that cannot be read or written, with one line on stderr. '
      + 'DOTNET_CONTAINERS_DEBUG=1 adds the stack of an unexpected error.', 0),
  ].join('\n');
}

/** The command-line entry; returns the exit code so it can be tested without spawning. */
export async function main(argv: readonly string[], out: Print, err: Print, now: () => Date = () => new Date()): Promise<number> {
  return runCliCommand(argv, { out, err, now: now(), env: process.env });
}

/** `main` with every input given, the environment included. */
export async function runCliCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(await usage());
    return exitCode.usage;
  }
  if (name === '--help' || name === '-h') {
    io.out(await usage());
    return exitCode.ok;
  }
  if (name === '--version' && rest.length === 0) {
    io.out(`dotnet-containers ${cliVersion}`);
    return exitCode.ok;
  }
  const command = await loadCommand(name);
  if (!command) {
    io.err(`dotnet-containers: unknown ${name.startsWith('-') ? 'option' : 'command'} "${name}" (dotnet-containers --help lists the commands)`);
    return exitCode.usage;
  }
  const parsed = parseCommandArguments(command, rest);
  if ('error' in parsed) {
    io.err(`dotnet-containers ${name}: ${parsed.error}`);
    return exitCode.usage;
  }
  if ('help' in parsed) {
    io.out(commandHelp(command));
    return exitCode.ok;
  }
  try {
    return await command.run(parsed, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`dotnet-containers ${name}: ${error.message}`);
    return exitCode.usage;
  }
}

/**
 * `main`, for the command line: whatever fails (a write, a read, a bug) ends as one line on stderr and exit 2;
 * the stack only with DOTNET_CONTAINERS_DEBUG=1.
 */
export async function runCommandLine(argv: readonly string[], out: Print, err: Print, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await main(argv, out, err);
  } catch (error) {
    err(`${commandPrefix(argv)}: ${describeFailure(error)}`);
    if (env.DOTNET_CONTAINERS_DEBUG === '1' && error instanceof Error && error.stack) err(error.stack);
    return exitCode.usage;
  }
}

/** `dotnet-containers <command>` for a known command; an unknown one is not repeated. */
function commandPrefix(argv: readonly string[]): string {
  return commands.has(argv[0] ?? '') ? `dotnet-containers ${argv[0]}` : 'dotnet-containers';
}

/** Whether the arguments ask for help only: nothing to refresh for that. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some(arg => arg === '--help' || arg === '-h');
}

/** The command line of this process: runs the command, sets the exit code, and keeps every failure to one line. */
export function startCommandLine(): void {
  const argv = process.argv.slice(2);
  let failed = false;
  // Node makes process.stdout and process.stderr on first use, ~2 ms for a pipe. So stderr waits until there is
  // something to say, and stdout is made once the command has started (setImmediate, below): a command that asks
  // a registry or the engine has sent its request by then, and waits for the answer anyway.
  let stdout: NodeJS.WriteStream | undefined;
  let stderr: NodeJS.WriteStream | undefined;
  const output = (): NodeJS.WriteStream => (stdout ??= process.stdout.on('error', error => fail(error, 'cannot write the output')));
  const errors = (): NodeJS.WriteStream => (stderr ??= process.stderr.on('error', () => { process.exitCode = exitCode.usage; }));
  /** The first failure that is not the command's own answer (an output that cannot be written, a stray exception). */
  const fail = (error: unknown, what?: string) => {
    if (failed) return;
    failed = true;
    process.exitCode = exitCode.usage;
    // A reader that closed the pipe (`| head`) wants no more: nothing to say.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
    errors().write(`${commandPrefix(argv)}: ${what ? `${what}: ` : ''}${describeFailure(error)}\n`);
    if (process.env.DOTNET_CONTAINERS_DEBUG === '1' && error instanceof Error && error.stack) errors().write(`${error.stack}\n`);
  };
  // After a stray exception nothing can be trusted to finish: say it and stop.
  process.on('uncaughtException', error => { fail(error); process.exit(exitCode.usage); });
  process.on('unhandledRejection', error => { fail(error); process.exit(exitCode.usage); });
  // The cached .NET calendar before the command runs; a due refresh runs in the background for the next run.
  const calendar = readsCalendar(argv[0]) && !asksForHelp(argv.slice(1))
    ? import('./releaseMetadata').then(({ startCliReleaseMetadata }) => { void startCliReleaseMetadata(argv[0], process.env, () => new Date(), text => errors().write(`${text}\n`)); })
    : Promise.resolve();
  calendar
    .then(() => runCommandLine(argv, text => output().write(text + '\n'), text => errors().write(text + '\n')))
    .then(code => { if (!failed) process.exitCode = code; }, error => fail(error));
  setImmediate(output);
}

// Run directly (a bundle of this file alone, as the CLI's failure tests make); dist/cli.js calls startCommandLine.
if (require.main === module) startCommandLine();

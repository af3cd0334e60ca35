import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerArgumentError, parseImageName, formatImageName } from '../core/docker/dockerArgv';
import {
  checkContainerName, DiagnoseRequest, diagnose, DiagnosticsAction, diagnosticsActions, diagnosticsCacheDir, DiagnosticsError, DumpType, dumpTypes,
  ensureHelper, ensureTool, toolCacheVariable,
} from '../core/diagnostics';
import { containerCliRunner } from '../core/diagnostics/cliRunner';
import { formatImageSize } from '../core/engine';
import { CliCommand, ParsedArguments, stringOption } from './command';
import { containerCliOf, containerCliOptions } from './containerCli';
import { CommandIo, exitCode } from './output';

// `dotnet-containers diagnose <container> counters|dump|trace`: the core's session (src/core/diagnostics) with the
// container CLI run as processes. Progress goes to stderr; the file written (or the counters, as CSV) to stdout.

export const diagnoseCommand: CliCommand = {
  name: 'diagnose',
  operands: '<container> counters|dump|trace',
  operandCount: { min: 2, max: 2, missing: 'name one container and what to collect: counters, dump or trace' },
  options: {
    duration: { type: 'string', value: 'S', description: `trace, counters: how many seconds (default 10; live counters: until q or Ctrl+C)` },
    output: { type: 'string', value: 'FILE', description: 'The file to write (default: <container>-<time>.dmp|.nettrace here; counters: .csv, or .json by its name)' },
    process: { type: 'string', value: 'PID', description: 'The .NET process in the container (default: the only one, or PID 1)' },
    type: { type: 'string', value: dumpTypes.join('|'), description: 'dump: its type (default full)' },
    counters: { type: 'string', value: 'LIST', description: 'counters: the providers, e.g. System.Runtime,Microsoft.AspNetCore.Hosting' },
    profile: { type: 'string', value: 'LIST', description: 'trace: dotnet-trace profiles (default dotnet-common,dotnet-sampled-thread-time)' },
    'tools-image': { type: 'string', value: 'IMAGE', description: 'Run the tools on this image (a .NET 8+ runtime) instead of the container\'s own, e.g. for a self-contained app' },
    cli: containerCliOptions.cli!,
  },
  summary: 'Collect .NET counters (live in a terminal, else as CSV), a dump or a trace (.nettrace) from a running container, also a '
    + 'chiseled one without a shell: the tools (dotnet-counters, dotnet-dump, dotnet-trace from NuGet, installed once into '
    + `${toolCacheVariable} or the user cache) run in a side container of the container's own image that shares its process `
    + 'namespace, and nothing is left in the container.',
  exits: '0 collected, 1 the container cannot be diagnosed (not .NET, not running, the engine refuses the sharing; one line on stderr), '
    + '2 a bad argument or an output file that exists or cannot be written.',
  async run(args, io) {
    let request: DiagnoseRequest;
    try {
      request = readRequest(args, io);
    } catch (error) {
      if (!(error instanceof DockerArgumentError)) throw error;
      io.err(`dotnet-containers diagnose: ${error.message}`);
      return exitCode.usage;
    }
    const cli = containerCliOf(args, io);
    const cacheDir = diagnosticsCacheDir(io.env);
    const progress = (line: string) => io.err(`dotnet-containers diagnose: ${line}`);
    // Ctrl+C reaches the container CLI too; the session still removes its side container before we exit.
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const toolOptions = { cacheDir, env: io.env, progress };
      const result = await diagnose(request, {
        runner: containerCliRunner(cli, io.env, controller.signal),
        ensureTool: tool => ensureTool(tool, toolOptions),
        ensureHelper: () => ensureHelper(toolOptions),
        progress,
      });
      if (controller.signal.aborted) return 130;
      switch (result.kind) {
        case 'file':
          progress(`wrote ${result.path} (${formatImageSize(result.bytes)})`);
          io.out(result.path);
          return exitCode.ok;
        case 'text':
          io.out(result.text.trimEnd());
          return exitCode.ok;
        case 'live':
          // q, the duration, or Ctrl+C (130) end the live table; anything else the tool said on the terminal.
          return result.exitCode === 0 || result.exitCode === 130 ? exitCode.ok : exitCode.findings;
      }
    } catch (error) {
      if (controller.signal.aborted) {
        progress('interrupted; the side container was removed');
        return 130;
      }
      if (!(error instanceof DiagnosticsError)) throw error;
      io.err(`dotnet-containers diagnose: ${error.message}`);
      return exitCode.findings;
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  },
};

/** The request from the command line; a DockerArgumentError for anything a user must fix (exit 2). */
function readRequest(args: ParsedArguments, io: CommandIo): DiagnoseRequest {
  const [container, what] = args.operands as [string, string];
  let name: string;
  try {
    name = checkContainerName(container);
  } catch (error) {
    throw new DockerArgumentError((error as Error).message);
  }
  if (!diagnosticsActions.includes(what as DiagnosticsAction)) throw new DockerArgumentError(`collect counters, dump or trace, not "${what}"`);
  const action = what as DiagnosticsAction;
  const only = (option: string, actions: readonly DiagnosticsAction[]) => {
    if (stringOption(args, option) !== undefined && !actions.includes(action)) throw new DockerArgumentError(`--${option} is for ${actions.join(' and ')}, not ${action}`);
  };
  only('duration', ['trace', 'counters']);
  only('type', ['dump']);
  only('counters', ['counters']);
  only('profile', ['trace']);

  const duration = stringOption(args, 'duration');
  const seconds = duration === undefined ? undefined : positiveInteger(duration, '--duration', 7 * 86400);
  const processText = stringOption(args, 'process');
  const processId = processText === undefined ? undefined : positiveInteger(processText, '--process', 2 ** 31 - 1);
  const type = stringOption(args, 'type');
  if (type !== undefined && !dumpTypes.includes(type.toLowerCase() as DumpType)) throw new DockerArgumentError(`--type is one of ${dumpTypes.join(', ')}, not "${type}"`);
  const list = (option: string) => {
    const value = stringOption(args, option);
    if (value !== undefined && (!value || value.startsWith('-') || /\s/.test(value))) throw new DockerArgumentError(`--${option} wants a comma-separated list without spaces, not "${value}"`);
    return value;
  };
  const counters = list('counters');
  const profile = list('profile');
  const toolsImageText = stringOption(args, 'tools-image');
  const toolsImage = toolsImageText === undefined ? undefined : formatImageName(parseImageName(toolsImageText));

  // Counters with no file: the live table when both ends are a terminal, else CSV on stdout.
  const live = action === 'counters' && stringOption(args, 'output') === undefined && process.stdout.isTTY === true && process.stdin.isTTY === true;
  const output = outputPath(args, action, name, io.now);
  return {
    container: name, action,
    ...(seconds !== undefined ? { seconds } : {}),
    ...(output !== undefined ? { output } : {}),
    ...(live ? { live } : {}),
    ...(processId !== undefined ? { processId } : {}),
    ...(type !== undefined ? { dumpType: type.toLowerCase() as DumpType } : {}),
    ...(counters !== undefined ? { counters } : {}),
    ...(profile !== undefined ? { profile } : {}),
    ...(toolsImage !== undefined ? { toolsImage } : {}),
  };
}

function positiveInteger(text: string, option: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw new DockerArgumentError(`${option} wants a whole number from 1 to ${max}, not "${text}"`);
  return Number(text);
}

/** The file to write: --output, else `<container>-<yyyyMMdd-HHmmss>.<ext>` here (counters: none, they go to stdout). */
function outputPath(args: ParsedArguments, action: DiagnosticsAction, container: string, now: Date): string | undefined {
  const given = stringOption(args, 'output');
  if (given === undefined && action === 'counters') return undefined;
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const file = path.resolve(given ?? `${container}-${stamp}.${action === 'dump' ? 'dmp' : 'nettrace'}`);
  if (fs.existsSync(file)) throw new DockerArgumentError(`${file} exists already: choose another --output`);
  let parent: fs.Stats;
  try {
    parent = fs.statSync(path.dirname(file));
  } catch {
    throw new DockerArgumentError(`cannot write ${file}: its folder does not exist`);
  }
  if (!parent.isDirectory()) throw new DockerArgumentError(`cannot write ${file}: ${path.dirname(file)} is not a folder`);
  try {
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
  } catch {
    throw new DockerArgumentError(`cannot write ${file}: permission denied`);
  }
  return file;
}

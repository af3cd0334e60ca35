import * as fs from 'node:fs';
import * as path from 'node:path';
import { containerCommand, containerCommandsUsage } from './cliContainerCommands';
import { registryCommand, registryCommandsUsage } from './cliRegistryCommands';
import { releaseFactsReport, startCliReleaseMetadata } from './cliReleaseMetadata';
import { checkEnvironment } from './core/environment/checkEnvironment';
import { formatEnvironmentReport } from './core/environment/formatEnvironmentReport';
import { variantChoices, VariantChoice } from './core/generate/generateDockerfile';
import { planGeneration } from './core/generate/planGeneration';
import { shellWord } from './core/generate/dockerfileSyntax';
import { FileFindings, findingsAsJson, findingsAsSarif, findingsAsText } from './core/lint/formatFindings';
import { lintDockerfile } from './core/lint/lintDockerfile';
import { allRules } from './core/lint/rules';
import { nodeFileSystem } from './core/project/fileSystem';

const usage = `Usage: dotnet-containers <command> [options]

Commands:
  doctor [--format text|json]   Report the container engine, the CLI builds run and its builder, the .NET SDK
                                and docker config (always exits 0)
  generate <App.csproj | solution | folder> [--variant ${variantChoices.join('|')}] [--https] [--stdout] [--force]
                                Write a multi-stage Dockerfile next to the project and a .dockerignore at the
                                build context (merged into an existing one). --stdout prints the Dockerfile only.
                                An existing Dockerfile is kept unless --force.
  lint <Dockerfile>… [--format text|json|sarif] [--project App.csproj] [--context DIR]
                                Check Dockerfiles against the .NET images and the project they build. The project
                                and build context are found from the Dockerfile unless given. Exits 1 when a
                                finding is an error, 2 when a file (a Dockerfile, its project) cannot be read.
${containerCommandsUsage}
${registryCommandsUsage}
  help                          Show this help

A bad argument, or a file that cannot be read or written, exits 2 with one line on stderr;
DOTNET_CONTAINERS_DEBUG=1 adds the stack of an unexpected error.`;

type Print = (text: string) => void;

/** The command-line entry; returns the exit code so it can be tested without spawning. */
export async function main(argv: readonly string[], out: Print, err: Print, now: () => Date = () => new Date()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'doctor': {
      const formatGiven = rest.some(arg => arg === '--format' || arg.startsWith('--format='));
      const format = formatGiven ? optionValue(rest, '--format') ?? '' : 'text';
      if (format !== 'text' && format !== 'json') {
        err(`dotnet-containers doctor: --format must be text or json, not "${format}"`);
        return 2;
      }
      const unexpected = rest.find((arg, index) => arg !== '--format' && !arg.startsWith('--format=') && rest[index - 1] !== '--format');
      if (unexpected !== undefined) {
        err(`dotnet-containers doctor: unexpected argument "${unexpected}"`);
        return 2;
      }
      // DOTNET_CONTAINERS_CLI names the CLI the build|run|push commands run: docker, podman or a path.
      const named = process.env.DOTNET_CONTAINERS_CLI?.trim();
      const containerCli = !named ? undefined : named === 'docker' || named === 'podman' ? { preference: named } as const : { preference: 'auto', explicitPath: named } as const;
      const report = await checkEnvironment({ env: process.env, ...(containerCli ? { containerCli } : {}) });
      const facts = releaseFactsReport();
      out(format === 'json'
        ? JSON.stringify({ ...report, releaseFacts: facts }, null, 2)
        : [...formatEnvironmentReport(report), '.NET release facts', `  · ${facts.source}`, ...facts.notes.map(note => `  ! ${note}`)].join('\n'));
      return 0;
    }
    case 'generate':
      return generate(rest, out, err, now());
    case 'lint':
      return lint(rest, out, err, now());
    case 'build':
    case 'run':
    case 'push':
      return containerCommand(command, rest, { out, err, now: now() });
    case 'images':
    case 'tags':
      return registryCommand(command, rest, { out, err, now: now() });
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(usage);
      return command === undefined ? 2 : 0;
    default:
      err(`dotnet-containers: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

function generate(args: readonly string[], out: Print, err: Print, now: Date): number {
  const flags = new Set(['--https', '--stdout', '--force']);
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--variant') i++;
    else if (arg.startsWith('--variant=') || flags.has(arg)) continue;
    else if (arg.startsWith('--')) {
      err(`dotnet-containers generate: unknown option "${arg}"`);
      return 2;
    } else positional.push(arg);
  }
  if (positional.length !== 1) {
    err('dotnet-containers generate: name one project file, solution or folder');
    return 2;
  }
  const variant = optionValue(args, '--variant') ?? 'default';
  if (!(variantChoices as readonly string[]).includes(variant)) {
    err(`dotnet-containers generate: --variant must be one of ${variantChoices.join(', ')}, not "${variant}"`);
    return 2;
  }
  const plan = planGeneration(positional[0]!, { now, variant: variant as VariantChoice, https: args.includes('--https') });
  if (!plan.ok) {
    err(`dotnet-containers generate: ${plan.message}`);
    return 2;
  }
  for (const warning of plan.warnings) err(`warning: ${warning}`);
  if (args.includes('--stdout')) {
    out(plan.dockerfile.content.replace(/\n$/, ''));
    return 0;
  }
  if (plan.dockerfile.existing !== undefined && plan.dockerfile.existing !== plan.dockerfile.content && !args.includes('--force')) {
    err(`dotnet-containers generate: ${plan.dockerfile.path} exists and differs; nothing was written. Use --force to replace it, or --stdout to compare.`);
    return 1;
  }
  const write = (file: string, content: string) => {
    try {
      fs.writeFileSync(file, content);
      return true;
    } catch (error) {
      err(`dotnet-containers generate: cannot write ${file}: ${fileError(error)}`);
      return false;
    }
  };
  if (!write(plan.dockerfile.path, plan.dockerfile.content)) return 2;
  out(`wrote ${plan.dockerfile.path}`);
  if (plan.dockerignore.existing === undefined) {
    if (!write(plan.dockerignore.path, plan.dockerignore.content)) return 2;
    out(`wrote ${plan.dockerignore.path}`);
  } else if (plan.dockerignore.added?.length) {
    if (!write(plan.dockerignore.path, plan.dockerignore.content)) return 2;
    out(`added ${plan.dockerignore.added.length} patterns to ${plan.dockerignore.path}`);
  }
  // The generator's own argv, quoted for a POSIX shell so the line can be pasted as is, whatever the paths hold.
  out(`build: docker ${plan.generated.buildArgs.map(shellWord).join(' ')}`);
  return 0;
}

const lintFormats = ['text', 'json', 'sarif'] as const;

function lint(args: readonly string[], out: Print, err: Print, now: Date): number {
  const fail = (message: string) => {
    err(`dotnet-containers lint: ${message}`);
    return 2;
  };
  const options: Record<'--format' | '--project' | '--context', string | undefined> = { '--format': undefined, '--project': undefined, '--context': undefined };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (!Object.hasOwn(options, name)) return fail(`unknown option "${name}"`);
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
    if (value === undefined || value === '') return fail(`${name} needs a value`);
    options[name as keyof typeof options] = value;
  }
  const format = options['--format'] ?? 'text';
  if (!(lintFormats as readonly string[]).includes(format)) return fail(`--format must be ${lintFormats.join(', ')}, not "${format}"`);
  if (!files.length) return fail('name at least one Dockerfile');
  const projectPath = options['--project'] && path.resolve(options['--project']);
  if (projectPath && (!nodeFileSystem.exists(projectPath) || nodeFileSystem.isDirectory(projectPath))) return fail(`--project: cannot read "${options['--project']}"`);
  const contextDirectory = options['--context'] && path.resolve(options['--context']);
  if (contextDirectory && !nodeFileSystem.isDirectory(contextDirectory)) return fail(`--context: "${options['--context']}" is not a folder`);

  const texts: string[] = [];
  for (const file of files) {
    try {
      // A BOM is not part of the text an editor shows: strip it so columns on line 1 agree.
      texts.push(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      return fail(`cannot read "${file}": ${readError(error)}`);
    }
  }
  const linted = files.map(file => path.resolve(file)).map((dockerfilePath, index) => lintDockerfile(texts[index]!, {
    now,
    dockerfilePath,
    ...(projectPath ? { projectPath } : {}),
    ...(contextDirectory ? { contextDirectory } : {}),
  }));
  const results: FileFindings[] = files.map((file, index) => ({ file, findings: linted[index]!.findings }));
  if (format === 'json') out(JSON.stringify(findingsAsJson(results), null, 2));
  else if (format === 'sarif') out(JSON.stringify(findingsAsSarif(results, { rules: allRules, baseDirectory: process.cwd() }), null, 2));
  else out(findingsAsText(results).join('\n'));
  // A check that threw is a finding above; its stack goes here, where a bug report can quote it.
  linted.forEach((result, index) => {
    // One line each (a CLI shows no stack trace); DOTNET_CONTAINERS_DEBUG=1 adds the stack for a bug report.
    for (const failure of result.failures) {
      const error = failure.error as Error | undefined;
      err(`dotnet-containers lint: ${failure.rule} failed on ${files[index]}: ${error?.message ?? String(failure.error)}`);
      if (process.env.DOTNET_CONTAINERS_DEBUG === '1' && error?.stack) err(error.stack);
    }
  });
  // A project that cannot be read leaves the lint incomplete, like a Dockerfile that cannot be read: exit 2.
  const unreadable = new Map(linted.flatMap(result => result.context.projectProblem ? [[result.context.projectProblem.problem.file, result.context.projectProblem.problem] as const] : []));
  for (const { file, line, column, message } of unreadable.values()) err(`dotnet-containers lint: ${file}:${line}:${column}: cannot read the project: ${message}`);
  if (unreadable.size) return 2;
  return results.some(result => result.findings.some(finding => finding.severity === 'error')) ? 1 : 0;
}

function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a Dockerfile';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return fileError(error);
}

/** What went wrong with a file or stream, in words: one line, never the file's content. */
function fileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EISDIR: 'it is a folder, not a file',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is used up',
    EEXIST: 'it exists already',
    EMFILE: 'too many open files',
    EPIPE: 'the reading end was closed',
    EIO: 'an input/output error',
  };
  if (code && reasons[code]) return `${reasons[code]} (${code})`;
  // A SyntaxError's message quotes the text it failed on, which may be a secret (config.json): never show it.
  if (error instanceof SyntaxError) return 'unreadable data (SyntaxError)';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300) || 'an unknown error';
}

const commands = ['doctor', 'generate', 'lint', 'build', 'run', 'push', 'images', 'tags', 'help'];

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
    return 2;
  }
}

/** `dotnet-containers <command>` for a known command; an unknown one is not repeated. */
function commandPrefix(argv: readonly string[]): string {
  return commands.includes(argv[0] ?? '') ? `dotnet-containers ${argv[0]}` : 'dotnet-containers';
}

/** One line for an error nobody expected: the file and the reason for a file system error. */
export function describeFailure(error: unknown): string {
  const file = (error as NodeJS.ErrnoException).path;
  const reason = fileError(error);
  return typeof file === 'string' && (error as NodeJS.ErrnoException).code ? `${file}: ${reason}` : reason;
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.findIndex(arg => arg === name || arg.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const arg = args[index] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  let failed = false;
  /** The first failure that is not the command's own answer (an output that cannot be written, a stray exception). */
  const fail = (error: unknown, what?: string) => {
    if (failed) return;
    failed = true;
    process.exitCode = 2;
    // A reader that closed the pipe (`| head`) wants no more: nothing to say.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
    process.stderr.write(`${commandPrefix(argv)}: ${what ? `${what}: ` : ''}${describeFailure(error)}\n`);
    if (process.env.DOTNET_CONTAINERS_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  };
  process.stdout.on('error', error => fail(error, 'cannot write the output'));
  process.stderr.on('error', () => { process.exitCode = 2; });
  // After a stray exception nothing can be trusted to finish: say it and stop.
  process.on('uncaughtException', error => { fail(error); process.exit(2); });
  process.on('unhandledRejection', error => { fail(error); process.exit(2); });
  // The cached .NET calendar at once; a due refresh runs in the background for the next run.
  void startCliReleaseMetadata(argv[0], process.env, () => new Date(), text => process.stderr.write(`${text}\n`));
  runCommandLine(argv, text => process.stdout.write(text + '\n'), text => process.stderr.write(text + '\n'))
    .then(code => { if (!failed) process.exitCode = code; });
}

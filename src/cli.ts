import * as fs from 'node:fs';
import * as path from 'node:path';
import { containerCommand, containerCommandsUsage } from './cliContainerCommands';
import { registryCommand, registryCommandsUsage } from './cliRegistryCommands';
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
                                finding is an error, 2 when a file cannot be read.
${containerCommandsUsage}
${registryCommandsUsage}
  help                          Show this help`;

type Print = (text: string) => void;

/** The command-line entry; returns the exit code so it can be tested without spawning. */
export async function main(argv: readonly string[], out: Print, err: Print, now: () => Date = () => new Date()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'doctor': {
      const format = optionValue(rest, '--format') ?? 'text';
      if (format !== 'text' && format !== 'json') {
        err(`dotnet-containers doctor: --format must be text or json, not "${format}"`);
        return 2;
      }
      // DOTNET_CONTAINERS_CLI names the CLI the build|run|push commands run: docker, podman or a path.
      const named = process.env.DOTNET_CONTAINERS_CLI?.trim();
      const containerCli = !named ? undefined : named === 'docker' || named === 'podman' ? { preference: named } as const : { preference: 'auto', explicitPath: named } as const;
      const report = await checkEnvironment({ env: process.env, ...(containerCli ? { containerCli } : {}) });
      out(format === 'json' ? JSON.stringify(report, null, 2) : formatEnvironmentReport(report).join('\n'));
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
  fs.writeFileSync(plan.dockerfile.path, plan.dockerfile.content);
  out(`wrote ${plan.dockerfile.path}`);
  if (plan.dockerignore.existing === undefined) {
    fs.writeFileSync(plan.dockerignore.path, plan.dockerignore.content);
    out(`wrote ${plan.dockerignore.path}`);
  } else if (plan.dockerignore.added?.length) {
    fs.writeFileSync(plan.dockerignore.path, plan.dockerignore.content);
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
  const results: FileFindings[] = files.map((file, index) => ({
    file,
    findings: lintDockerfile(texts[index]!, {
      now,
      dockerfilePath: path.resolve(file),
      ...(projectPath ? { projectPath } : {}),
      ...(contextDirectory ? { contextDirectory } : {}),
    }).findings,
  }));
  if (format === 'json') out(JSON.stringify(findingsAsJson(results), null, 2));
  else if (format === 'sarif') out(JSON.stringify(findingsAsSarif(results, { rules: allRules, baseDirectory: process.cwd() }), null, 2));
  else out(findingsAsText(results).join('\n'));
  return results.some(result => result.findings.some(finding => finding.severity === 'error')) ? 1 : 0;
}

function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a Dockerfile';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.findIndex(arg => arg === name || arg.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const arg = args[index] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}

if (require.main === module) {
  main(process.argv.slice(2), text => process.stdout.write(text + '\n'), text => process.stderr.write(text + '\n'))
    .then(code => { process.exitCode = code; })
    .catch(error => {
      process.stderr.write(`dotnet-containers: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    });
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { composeCandidates, planCompose } from '../core/compose/planCompose';
import { variantChoices } from '../core/generate/generateDockerfile';
import { shellWord } from '../core/generate/dockerfileSyntax';
import { isVariant } from '../core/generate/generateRequest';
import { readComposeBuilds } from '../core/compose/composeFile';
import { ComposeAction, composeArgv, chooseComposeTool, defaultProjectName, readComposeFacts } from '../core/compose/composeTool';
import { DockerArgumentError } from '../core/docker/dockerArgv';
import { builderOf, planBuildStep, runBuild } from './build';
import { CliCommand, flag, ParsedArguments, stringOption } from './command';
import { containerCliOf, containerCliOptions, runInherited, runSteps, Step } from './containerCli';
import { fileError } from './errors';
import { CommandIo, exitCode } from './output';

const runActions = ['up', 'down', 'logs'] as const;
type RunAction = (typeof runActions)[number];

export const composeCommand: CliCommand = {
  name: 'compose',
  operands: '<solution | folder> | up|down|logs [compose.yaml]',
  operandCount: { min: 1, max: 2, missing: 'name one solution (.sln, .slnx) or the folder that holds it, or up, down or logs and a compose file' },
  options: {
    projects: { type: 'string', value: 'A,B', description: 'Only these apps (project names or paths, comma-separated); default: every app of the solution' },
    variant: { type: 'string', value: variantChoices.join('|'), description: 'The OS variant of generated Dockerfiles' },
    stdout: { type: 'boolean', description: 'Print compose.yaml only; write nothing' },
    force: { type: 'boolean', description: 'Replace an existing compose.yaml that differs' },
    'project-name': { type: 'string', value: 'name', description: 'up, down, logs: the Compose project (default: the compose file\'s folder)' },
    network: { type: 'string', value: 'name', description: 'up: the network of the builds\' RUN steps (e.g. host)' },
    tail: { type: 'string', value: 'N', description: 'logs: the last N lines of each service (default: all)' },
    follow: { type: 'boolean', description: 'logs: keep printing new lines' },
    ...containerCliOptions,
  },
  summary: 'Write compose.yaml at the solution folder: one service per app (Aspire AppHosts, tests and libraries left out), '
    + 'each built from its own Dockerfile (generated where there is none), published on its launch profile\'s port, and '
    + 'settings that point at another app\'s localhost port pointed at that service instead. Existing Dockerfiles are '
    + 'used as they are; an existing compose.yaml is kept unless --force. `compose up` builds each service\'s image with the '
    + 'builder the CLI and engine really have (as `build` does), then starts the services detached with docker compose, '
    + 'docker-compose or podman-compose; `down` stops and removes them; `logs` prints their output.',
  exits: '0 written or done, 1 a different compose.yaml exists and was kept, 2 a bad argument, or a solution without an app '
    + 'that can be composed; up, down and logs: else the exit code of the build or of Compose.',
  run(args, io) {
    const action = runActions.find(name => name === args.operands[0]);
    if (action) return runCompose(action, args, io);
    if (args.operands.length > 1) {
      io.err(`dotnet-containers compose: unexpected argument "${args.operands[1]}" (a second operand follows up, down or logs only)`);
      return exitCode.usage;
    }
    const fail = (message: string) => {
      io.err(`dotnet-containers compose: ${message}`);
      return exitCode.usage;
    };
    const variant = stringOption(args, 'variant');
    if (variant !== undefined && !isVariant(variant)) return fail(`--variant must be one of ${variantChoices.join(', ')}, not "${variant}"`);
    const target = args.operands[0]!;
    let projects: string[] | undefined;
    const named = stringOption(args, 'projects');
    if (named !== undefined) {
      const candidates = composeCandidates(target);
      if (!candidates.ok) return fail(candidates.message);
      projects = [];
      for (const wanted of named.split(',').map(name => name.trim()).filter(Boolean)) {
        const match = candidates.projects.find(p => p.name.toLowerCase() === wanted.toLowerCase() || p.project === path.resolve(wanted));
        if (!match) return fail(`--projects: ${wanted} is not a project of ${path.basename(candidates.solution ?? candidates.directory)} (${candidates.projects.map(p => p.name).join(', ')})`);
        if (match.leftOut) return fail(`--projects: ${match.name} cannot be a service: ${match.leftOut}`);
        projects.push(match.project);
      }
      if (!projects.length) return fail('--projects names no project');
    }
    const plan = planCompose(target, { now: io.now, ...(variant ? { variant } : {}), ...(projects ? { projects } : {}) });
    if (!plan.ok) return fail(plan.message);
    for (const warning of plan.warnings) io.err(`warning: ${warning}`);
    if (flag(args, 'stdout')) {
      io.out(plan.file.content.replace(/\n$/, ''));
      return exitCode.ok;
    }
    if (plan.file.existing !== undefined && plan.file.existing !== plan.file.content && !flag(args, 'force')) {
      io.err(`dotnet-containers compose: ${plan.file.path} exists and differs; nothing was written. Use --force to replace it, or --stdout to compare.`);
      return exitCode.findings;
    }
    for (const file of [...plan.supportFiles, plan.file]) {
      try {
        fs.writeFileSync(file.path, file.content);
      } catch (error) {
        return fail(`cannot write ${file.path}: ${fileError(error)}`);
      }
      io.out(`wrote ${file.path}`);
    }
    // Quoted for a POSIX shell, so the line can be pasted whatever the path holds.
    io.out(`up: docker compose -f ${shellWord(plan.file.path)} up --build -d`);
    return exitCode.ok;
  },
};

/**
 * `compose up|down|logs [file]`: for up, each service that builds gets the same build as `dotnet-containers build`
 * (its builder, a copy of the Dockerfile for the legacy builder, errors placed in the Dockerfile), then Compose
 * starts the services without building; see ComposeTool.
 */
async function runCompose(action: RunAction, args: ParsedArguments, io: CommandIo): Promise<number> {
  const fail = (message: string) => {
    io.err(`dotnet-containers compose ${action}: ${message}`);
    return exitCode.usage;
  };
  const file = path.resolve(args.operands[1] ?? 'compose.yaml');
  let text: string;
  try {
    if (!fs.statSync(file).isFile()) return fail(`${file} is not a file`);
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    return fail(`cannot read ${file}: ${fileError(error)}`);
  }
  const tailText = stringOption(args, 'tail');
  if (tailText !== undefined && !/^\d{1,7}$/.test(tailText)) return fail(`--tail wants a number of lines, not "${tailText}"`);
  const projectName = stringOption(args, 'project-name');
  if (projectName !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(projectName)) return fail(`--project-name must be lower-case letters, digits, - and _, starting with a letter or digit, not "${projectName}"`);
  const cli = containerCliOf(args, io);
  const choice = chooseComposeTool(await readComposeFacts(cli, io.env));
  if (!choice.ok) return fail(choice.message);
  const tool = choice.tool;
  io.err(`compose: ${tool.label} ${tool.version}`);
  const run = { file, ...(projectName ? { projectName } : {}) };
  const composeAction: ComposeAction = action === 'logs'
    ? { action, ...(tailText !== undefined ? { tail: Number(tailText) } : {}), ...(flag(args, 'follow') ? { follow: true } : {}) }
    : { action };
  const composeStep: Step = { program: tool.program, argv: composeArgv(tool, run, composeAction) };
  return runSteps(`compose ${action}`, args, io, async (cliName, copies) => {
    if (action !== 'up') return [composeStep];
    const read = readComposeBuilds(file, text, tool, projectName ?? defaultProjectName(tool, file));
    if (!read.ok) throw new DockerArgumentError(read.message);
    const strategy = read.builds.length ? await builderOf(cliName, io.env) : undefined;
    const network = stringOption(args, 'network');
    const builds = read.builds.map(build => planBuildStep({
      dockerfile: build.dockerfile, context: build.context, tag: build.image,
      ...(build.target ? { target: build.target } : {}), ...(network ? { network } : {}),
    }, io, cliName, copies, strategy!));
    return [...builds, composeStep];
  }, (cliName, step) => step.dockerfile ? runBuild(cliName, step, io) : runInherited(step.program ?? cliName, step.argv, step.env ?? {}, io.env));
}

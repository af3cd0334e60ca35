import * as fs from 'node:fs';
import { cliEvaluation, isProjectEvaluation, planWithEvaluation, projectEvaluations } from '../core/generate/evaluationStrategy';
import { variantChoices } from '../core/generate/generateDockerfile';
import { isVariant, resolveGenerateOptions } from '../core/generate/generateRequest';
import { shellWord } from '../core/generate/dockerfileSyntax';
import { CliCommand, flag, stringOption } from './command';
import { fileError } from './errors';
import { exitCode } from './output';

export const generateCommand: CliCommand = {
  name: 'generate',
  operands: '<App.csproj | solution | folder>',
  operandCount: { min: 1, max: 1, missing: 'name one project file, solution or folder' },
  options: {
    variant: { type: 'string', value: variantChoices.join('|'), description: 'The OS variant of the images (default: the .NET version\'s own)' },
    https: { type: 'boolean', description: 'Set up HTTPS as well' },
    evaluation: {
      type: 'string', value: projectEvaluations.join('|'),
      description: 'How the project is read: auto (default) confirms the static reading with MSBuild when dotnet is on PATH, '
        + 'static never runs dotnet, msbuild fails when MSBuild cannot answer',
    },
    stdout: { type: 'boolean', description: 'Print the Dockerfile only; write nothing' },
    force: { type: 'boolean', description: 'Replace an existing Dockerfile that differs' },
  },
  summary: 'Write a multi-stage Dockerfile next to the project and a .dockerignore at the build context (merged into an '
    + 'existing one). --stdout prints the Dockerfile only. An existing Dockerfile is kept unless --force. Where MSBuild '
    + 'reads the project differently from the static reading, MSBuild wins and the difference is said on stderr.',
  exits: '0 written, 1 a different Dockerfile exists and was kept, 2 a bad argument, a project that cannot be read or '
    + 'generated for, or --evaluation msbuild without an answer from MSBuild.',
  async run(args, io) {
    const fail = (message: string) => {
      io.err(`dotnet-containers generate: ${message}`);
      return exitCode.usage;
    };
    const variant = stringOption(args, 'variant');
    if (variant !== undefined && !isVariant(variant)) return fail(`--variant must be one of ${variantChoices.join(', ')}, not "${variant}"`);
    const mode = stringOption(args, 'evaluation') ?? 'auto';
    if (!isProjectEvaluation(mode)) return fail(`--evaluation must be one of ${projectEvaluations.join(', ')}, not "${mode}"`);
    // The CLI remembers nothing and has no settings: the flags, else the defaults.
    const options = resolveGenerateOptions({ given: { ...(variant !== undefined ? { variant } : {}), ...(flag(args, 'https') ? { https: true } : {}) } });
    const evaluated = await planWithEvaluation(args.operands[0]!, {
      plan: { now: io.now, variant: options.variant, https: options.https },
      evaluation: cliEvaluation(mode, io.env),
    });
    if (evaluated.failure) return fail(evaluated.failure);
    const plan = evaluated.plan;
    // A refusal stays one line; what MSBuild said matters only for the files written.
    if (!plan.ok) return fail(plan.message);
    for (const line of evaluated.log) io.err(line);
    if (evaluated.msbuild.status === 'failed') io.err('warning: the Dockerfile follows the static reading');
    for (const warning of plan.warnings) io.err(`warning: ${warning}`);
    if (flag(args, 'stdout')) {
      io.out(plan.dockerfile.content.replace(/\n$/, ''));
      return exitCode.ok;
    }
    if (plan.dockerfile.existing !== undefined && plan.dockerfile.existing !== plan.dockerfile.content && !flag(args, 'force')) {
      io.err(`dotnet-containers generate: ${plan.dockerfile.path} exists and differs; nothing was written. Use --force to replace it, or --stdout to compare.`);
      return exitCode.findings;
    }
    const write = (file: string, content: string) => {
      try {
        fs.writeFileSync(file, content);
        return true;
      } catch (error) {
        fail(`cannot write ${file}: ${fileError(error)}`);
        return false;
      }
    };
    if (!write(plan.dockerfile.path, plan.dockerfile.content)) return exitCode.usage;
    io.out(`wrote ${plan.dockerfile.path}`);
    if (plan.dockerignore.existing === undefined) {
      if (!write(plan.dockerignore.path, plan.dockerignore.content)) return exitCode.usage;
      io.out(`wrote ${plan.dockerignore.path}`);
    } else if (plan.dockerignore.added?.length) {
      if (!write(plan.dockerignore.path, plan.dockerignore.content)) return exitCode.usage;
      io.out(`added ${plan.dockerignore.added.length} patterns to ${plan.dockerignore.path}`);
    }
    // The generator's own argv, quoted for a POSIX shell so the line can be pasted as is, whatever the paths hold.
    io.out(`build: docker ${plan.generated.buildArgs.map(shellWord).join(' ')}`);
    return exitCode.ok;
  },
};

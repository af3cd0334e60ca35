import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileFindings, findingsAsJson, findingsAsSarif, findingsAsText } from '../core/lint/formatFindings';
import { lintDockerfile } from '../core/lint/lintDockerfile';
import { allRules } from '../core/lint/rules';
import { nodeFileSystem } from '../core/project/fileSystem';
import { CliCommand, stringOption } from './command';
import { readError } from './errors';
import { exitCode } from './output';

const lintFormats = ['text', 'json', 'sarif'] as const;

export const lintCommand: CliCommand = {
  name: 'lint',
  operands: '<Dockerfile>…',
  operandCount: { min: 1, max: Infinity, missing: 'name at least one Dockerfile' },
  options: {
    format: { type: 'string', value: lintFormats.join('|'), description: 'text (default), JSON with 1-based positions, or SARIF 2.1.0' },
    project: { type: 'string', value: 'App.csproj', description: 'The project the Dockerfiles build (default: found from each Dockerfile)' },
    context: { type: 'string', value: 'DIR', description: 'The build context (default: found from each Dockerfile)' },
  },
  summary: 'Check Dockerfiles against the .NET images and the project they build. The project and build context are '
    + 'found from the Dockerfile unless given.',
  exits: '0 no error found, 1 a finding is an error, 2 a bad argument or a file (a Dockerfile, its project) that cannot be read.',
  run(args, io) {
    const fail = (message: string) => {
      io.err(`dotnet-containers lint: ${message}`);
      return exitCode.usage;
    };
    const files = args.operands;
    const format = stringOption(args, 'format') ?? 'text';
    if (!(lintFormats as readonly string[]).includes(format)) return fail(`--format must be ${lintFormats.join(', ')}, not "${format}"`);
    const project = stringOption(args, 'project');
    const projectPath = project && path.resolve(project);
    if (projectPath && (!nodeFileSystem.exists(projectPath) || nodeFileSystem.isDirectory(projectPath))) return fail(`--project: cannot read "${project}"`);
    const context = stringOption(args, 'context');
    const contextDirectory = context && path.resolve(context);
    if (contextDirectory && !nodeFileSystem.isDirectory(contextDirectory)) return fail(`--context: "${context}" is not a folder`);

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
      now: io.now,
      dockerfilePath,
      ...(projectPath ? { projectPath } : {}),
      ...(contextDirectory ? { contextDirectory } : {}),
    }));
    const results: FileFindings[] = files.map((file, index) => ({ file, findings: linted[index]!.findings }));
    if (format === 'json') io.out(JSON.stringify(findingsAsJson(results), null, 2));
    else if (format === 'sarif') io.out(JSON.stringify(findingsAsSarif(results, { rules: allRules, baseDirectory: process.cwd() }), null, 2));
    else io.out(findingsAsText(results).join('\n'));
    // A check that threw is a finding above; here one line each for a bug report (a CLI shows no stack trace),
    // and the stack with DOTNET_CONTAINERS_DEBUG=1.
    linted.forEach((result, index) => {
      for (const failure of result.failures) {
        const error = failure.error as Error | undefined;
        io.err(`dotnet-containers lint: ${failure.rule} failed on ${files[index]}: ${error?.message ?? String(failure.error)}`);
        if (io.env.DOTNET_CONTAINERS_DEBUG === '1' && error?.stack) io.err(error.stack);
      }
    });
    // A project that cannot be read leaves the lint incomplete, like a Dockerfile that cannot be read: exit 2.
    const unreadable = new Map(linted.flatMap(result => result.context.projectProblem ? [[result.context.projectProblem.problem.file, result.context.projectProblem.problem] as const] : []));
    for (const { file, line, column, message } of unreadable.values()) io.err(`dotnet-containers lint: ${file}:${line}:${column}: cannot read the project: ${message}`);
    if (unreadable.size) return exitCode.usage;
    return results.some(result => result.findings.some(finding => finding.severity === 'error')) ? exitCode.findings : exitCode.ok;
  },
};

import * as path from 'node:path';
import { Instruction } from 'dockerfile-ast';
import { DotnetRepo } from '../../images/dotnetCatalog';
import { imageRange } from '../imageEdits';
import { appShape } from '../appShape';
import { appStart, builtFramework, dotnetCommands, imageEdit, isOlder, movedTag, NamedImage, namedImage, optionValue, referenceWith, shortImageName } from '../imageVersions';
import { rawArgumentsContent } from '../instructionWords';
import { lineEnding } from '../lineEdits';
import { finalStage, LintContext, Stage } from '../lintContext';
import { chainInstructions, rootStage, stageChain, workdirAt } from '../stageChain';
import { Rule } from '../rule';
import { Fix, Range, TextEdit } from '../types';

/**
 * The SDK image is the image that runs the app: it ships compilers, NuGet and usually the sources, several
 * times the size of a runtime image, with that much more to patch. Reported when the final stage (directly or
 * through `FROM <stage>`) is on the sdk and starts the app; `dotnet test`/`dotnet watch` containers, and the images
 * of test projects (which run `dotnet test` from a script as often as not), are left alone. The fixes move the app onto aspnet/runtime/runtime-deps of the same version and variant:
 * - a final stage that names the sdk and builds nothing: replace the image;
 * - `FROM build AS final`: replace `build` with the runtime image and copy the publish output from `build`;
 * - a single stage: split it after `dotnet publish -o <dir>` into a build stage and a runtime stage.
 * Each only when nothing else depends on the SDK (no dotnet in the final stage, no `dotnet run`, nothing in the
 * build stages that the runtime stage would silently lose, such as ENV or USER).
 */
export const sdkFinalStage: Rule = {
  id: 'dotnet/sdk-final-stage',
  defaultSeverity: 'warning',
  description: 'The final stage runs the app on the .NET SDK image instead of aspnet/runtime/runtime-deps.',
  usesProject: true,
  check(context) {
    const final = finalStage(context);
    const sdk = final && namedImage(rootStage(final));
    const start = final && appStart(context, final);
    if (!final || !sdk || sdk.image.catalogRepo !== 'sdk' || !start) return [];
    // A test project's image runs `dotnet test`, often from an entrypoint script: it needs the SDK (btcpayserver's BTCPayServer.Tests).
    if (context.project?.info.testProject) return [];
    const dotnetRun = start.dotnetRun;
    const fixes = dotnetRun ? [] : runtimeImageFixes(context, final, sdk);
    const through = final.baseStage ? ` through FROM ${final.writtenImage}` : '';
    const instead = fixes.length
      ? `Run the published app on ${fixes.map(fix => fix.title.replace(/^Use /, '')).join(' or ')} instead.`
      : 'Copy the dotnet publish output into a final stage on aspnet (web apps), runtime or runtime-deps (self-contained) instead.';
    return [{
      range: imageRange(final),
      message: `The final image is the .NET SDK (${sdk.stage.imageText}${through}): it ships compilers, NuGet and usually the sources, several times the size of a runtime image with that much more to patch.${dotnetRun ? ' dotnet run also compiles the app at every start.' : ''} ${instead}`,
      fixes,
    }];
  },
};

/** Runtime repos for the app, best first: from the project when known, else from hints in the Dockerfile. */
function runtimeRepos(context: LintContext, final: Stage): DotnetRepo[] {
  const app = appShape(context);
  if (app.selfContained) return ['runtime-deps'];
  if (app.aspNetCore !== undefined) return [app.aspNetCore ? 'aspnet' : 'runtime'];
  const web = chainInstructions(final, 'EXPOSE').length > 0 || chainInstructions(final, 'ENV').some(i => /\bASPNETCORE_/i.test(rawArgumentsContent(i) ?? ''));
  return web ? ['aspnet', 'runtime'] : ['runtime', 'aspnet'];
}

function runtimeImageFixes(context: LintContext, final: Stage, sdk: NamedImage): Fix[] {
  const single = context.stages.length === 1;
  // In a multi-stage file, a final stage that runs dotnet itself needs the SDK: no mechanical fix.
  if (!single && dotnetCommands(context, final).length) return [];
  const fixes: Fix[] = [];
  for (const repo of runtimeRepos(context, final)) {
    const result = single ? splitSingleStage(context, sdk, repo) : final.baseStage ? replaceBaseStage(context, final, sdk, repo) : replaceImage(context, sdk, repo);
    if (result) fixes.push({ title: `Use ${result.name}`, edits: result.edits, ...(fixes.length === 0 ? { preferred: true } : {}) });
  }
  return fixes;
}

interface Replacement {
  readonly name: string;
  readonly edits: readonly TextEdit[];
}

/**
 * The runtime image for the app: the sdk image's variant, on the version the app targets when it is known
 * (an SDK builds older frameworks too), else the SDK's own version; `latest` stays `latest`.
 */
function runtimeReference(context: LintContext, sdk: NamedImage, repo: DotnetRepo): string | undefined {
  const sdkVersion = sdk.image.version;
  const framework = builtFramework(context)?.framework.version;
  const version = sdkVersion && framework && isOlder(framework, sdkVersion) ? framework : sdkVersion;
  const tag = version ? movedTag(sdk, version, repo) : sdk.image.tag?.latest && !sdk.image.pinnedByDigest ? 'latest' : undefined;
  return tag === undefined ? undefined : referenceWith(sdk, tag, repo);
}

/** A final stage that names the sdk image and copies the app from another stage: only the image changes. */
function replaceImage(context: LintContext, sdk: NamedImage, repo: DotnetRepo): Replacement | undefined {
  const reference = runtimeReference(context, sdk, repo);
  const edit = reference ? imageEdit(context, sdk.stage, reference) : undefined;
  return reference && edit ? { name: shortImageName(reference), edits: [edit] } : undefined;
}

/**
 * `FROM build AS final`: the final stage gets the runtime image, the working directory it inherited, and the
 * publish output copied from `build`. Only when the stages it inherits from set nothing else it would lose.
 */
function replaceBaseStage(context: LintContext, final: Stage, sdk: NamedImage, repo: DotnetRepo): Replacement | undefined {
  const ancestors = stageChain(final).slice(0, -1);
  const instructions = ancestors.flatMap(stage => stage.instructions.filter(i => i.getKeyword() !== 'FROM'));
  if (instructions.some(i => !buildOnlyKeywords.has(i.getKeyword()))) return undefined;
  const output = publishOutput(context, ancestors);
  // The final stage inherits the working directory the build stages ended with.
  const workdir = ancestors.length ? workdirAt(ancestors[ancestors.length - 1]!, Number.MAX_SAFE_INTEGER) : undefined;
  const reference = runtimeReference(context, sdk, repo);
  if (!output || !workdir || !reference) return undefined;
  const eol = lineEnding(context);
  const lines = [...(workdir !== '/' ? [`WORKDIR ${workdir}`] : []), `COPY --from=${final.writtenImage} ${output.directory} ${output.directory}`];
  return {
    name: shortImageName(reference),
    edits: [
      { range: imageRange(final), newText: reference },
      { range: collapsed(final.from.getRange().end), newText: lines.map(line => `${eol}${line}`).join('') },
    ],
  };
}

/**
 * One stage that builds and runs: end it after its last `dotnet publish -o <dir>` and start a runtime stage
 * there with the same working directory and the published files; what followed the publish (ENV, EXPOSE,
 * USER, ENTRYPOINT…) now configures the runtime stage. Not when anything after the publish runs commands or
 * anything before it configures the container.
 */
function splitSingleStage(context: LintContext, sdk: NamedImage, repo: DotnetRepo): Replacement | undefined {
  const stage = sdk.stage;
  const output = publishOutput(context, [stage]);
  const reference = runtimeReference(context, sdk, repo);
  if (!output || !reference) return undefined;
  const rest = stage.instructions.filter(i => i.getKeyword() !== 'FROM');
  const at = rest.indexOf(output.instruction);
  if (rest.slice(0, at).some(i => !buildOnlyKeywords.has(i.getKeyword()))) return undefined;
  if (rest.slice(at + 1).some(i => !runtimeKeywords.has(i.getKeyword()))) return undefined;
  const name = stage.from.getBuildStage() ?? 'build';
  const eol = lineEnding(context);
  const lines = ['', `FROM ${reference}`, ...(output.workdir !== '/' ? [`WORKDIR ${output.workdir}`] : []), `COPY --from=${name} ${output.directory} ${output.directory}`];
  return {
    name: shortImageName(reference),
    edits: [
      ...(stage.from.getBuildStage() ? [] : [{ range: collapsed(stage.from.getRange().end), newText: ` AS ${name}` }]),
      { range: collapsed(output.instruction.getRange().end), newText: lines.map(line => `${eol}${line}`).join('') },
    ],
  };
}

// Instructions a build stage may hold without configuring the container that runs the app.
const buildOnlyKeywords = new Set(['ARG', 'WORKDIR', 'COPY', 'ADD', 'RUN']);
// Instructions that may follow the publish in a stage that becomes the runtime stage (no commands to run).
const runtimeKeywords = new Set(['ARG', 'ENV', 'EXPOSE', 'USER', 'LABEL', 'WORKDIR', 'COPY', 'ADD', 'ENTRYPOINT', 'CMD', 'HEALTHCHECK', 'STOPSIGNAL', 'VOLUME']);

interface PublishOutput {
  /** The `-o` directory, absolute. */
  readonly directory: string;
  readonly instruction: Instruction;
  /** The working directory at the publish. */
  readonly workdir: string;
}

/** Where the last `dotnet publish` of these stages writes. Undefined without `-o`, or when a path is not a literal. */
function publishOutput(context: LintContext, stages: readonly Stage[]): PublishOutput | undefined {
  const publishes = stages.flatMap(stage => dotnetCommands(context, stage).filter(command => command.verb === 'publish').map(command => ({ stage, command })));
  const last = publishes[publishes.length - 1];
  if (!last) return undefined;
  const output = optionValue(last.command, ['-o', '--output']);
  const workdir = workdirAt(last.stage, last.command.instruction.getRange().start.line);
  if (!output?.literal || !isLiteralPath(output.value) || workdir === undefined) return undefined;
  return { directory: path.posix.resolve(workdir, output.value), instruction: last.command.instruction, workdir };
}

// Paths written back unquoted into WORKDIR/COPY: no spaces, quotes, variables or backslashes.
function isLiteralPath(text: string): boolean {
  return text.length > 0 && !/[\s"'$`\\]/.test(text);
}

function collapsed(position: Range['start']): Range {
  return { start: position, end: position };
}

import { Instruction } from 'dockerfile-ast';
import { architectureSuffixes, closestVariant, DotnetImage, DotnetRepo, imageTag } from '../images/dotnetCatalog';
import { recommendedVersion } from '../images/dotnetSupport';
import { formatImageReference } from '../images/imageReference';
import { compareVersions, parseTargetFramework, TargetFramework } from '../project/targetFramework';
import { appShape } from './appShape';
import { commandLineWords, commandOf, containerCommand, programName, rangeText } from './commandWords';
import { imageRange } from './imageEdits';
import { dotnetBuildStages, finalStage, LintContext, safe, Stage } from './lintContext';
import { Fact, remembered, rememberedIn } from './remembered';
import { rootStage } from './stageChain';
import { Fix, Range, TextEdit } from './types';

// Shared by the "images and versions" rules: which stage names which .NET image, which target framework the
// Dockerfile builds, and how to move an image to another .NET version without losing its OS variant.

/** A stage that names one of the catalog's .NET images itself (not through `FROM <stage>`), with that image. */
export interface NamedImage {
  readonly stage: Stage;
  readonly image: DotnetImage & { readonly catalogRepo: DotnetRepo };
}

// Worked out once per lint (see remembered.ts): several rules ask for each.
const NAMED_IMAGE = new Fact<NamedImage | undefined>('named image');
const NAMED_IMAGES = new Fact<readonly NamedImage[]>('named images');
const FINAL_IMAGE = new Fact<(NamedImage & { readonly version: string }) | undefined>('final image');
const BUILD_SDK_IMAGES = new Fact<readonly NamedImage[]>('build sdk images');
const DOTNET_COMMANDS = new Fact<Map<Stage, readonly DotnetCommand[]>>('dotnet commands by stage');
const BUILD_COMMANDS = new Fact<readonly DotnetCommand[]>('build commands');
const BUILT_FRAMEWORK = new Fact<BuiltFramework | undefined>('built framework');
const APP_STARTS = new Fact<Map<Stage, { readonly dotnetRun: boolean } | undefined>>('app start by stage');

/** The stage's own .NET image when it names one of sdk/aspnet/runtime/runtime-deps. */
export function namedImage(stage: Stage): NamedImage | undefined {
  return remembered(stage, NAMED_IMAGE, () => {
    const image = stage.dotnetImage;
    if (stage.baseStage || !stage.reference || !image?.catalogRepo) return undefined;
    return { stage, image: { ...image, catalogRepo: image.catalogRepo } };
  });
}

export function namedImages(context: LintContext): readonly NamedImage[] {
  return remembered(context, NAMED_IMAGES, () => context.stages.map(namedImage).filter((named): named is NamedImage => named !== undefined));
}

/** The image the final stage runs on (following `FROM <stage>`), when it is a versioned catalog image. */
export function finalImage(context: LintContext): (NamedImage & { readonly version: string }) | undefined {
  return remembered(context, FINAL_IMAGE, () => {
    const final = finalStage(context);
    const named = final ? namedImage(rootStage(final)) : undefined;
    return named?.image.version ? { ...named, version: named.image.version } : undefined;
  });
}

/**
 * The sdk images that build the app: the images under the stages that run `dotnet restore|build|publish`,
 * or, when no stage visibly runs dotnet (a build script), every sdk image but the final one.
 */
export function buildSdkImages(context: LintContext): readonly NamedImage[] {
  return remembered(context, BUILD_SDK_IMAGES, () => {
    const final = finalStage(context);
    const finalRoot = final && rootStage(final);
    const running = dotnetBuildStages(context).map(rootStage);
    const candidates = running.length ? running : context.stages.filter(stage => stage !== finalRoot);
    return [...new Set(candidates)].map(namedImage).filter((named): named is NamedImage => named?.image.catalogRepo === 'sdk');
  });
}

/** `repo:tag` as people say it, for messages and fix titles (`aspnet:10.0-alpine`). */
export function shortImageName(reference: string): string {
  return reference.replace(/^mcr\.microsoft\.com\/dotnet\//, '');
}

export function isOlder(version: string, than: string): boolean {
  return compareVersions(version, than) < 0;
}

export function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}

/** A new image for a stage and the edit that writes it. */
export interface ImageChange {
  readonly reference: string;
  /** `aspnet:10.0-alpine`. */
  readonly name: string;
  readonly edit: TextEdit;
}

/**
 * The stage's image moved to another .NET `version` (and optionally another repo), keeping its OS variant and
 * arch when they exist there (else the closest current variant), written where the FROM names it.
 * Undefined when the version has no images, or when the change cannot be written safely: an image pinned by
 * digest (the new digest is not known here) or a FROM whose variables cannot be followed to a global ARG.
 */
export function movedImage(context: LintContext, named: NamedImage, version: string, repo: DotnetRepo = named.image.catalogRepo): ImageChange | undefined {
  const tag = movedTag(named, version, repo);
  return tag === undefined ? undefined : imageChange(context, named, tag, repo);
}

/** The tag of the named image moved to `version` of `repo` (see {@link movedImage}); undefined when it cannot be. */
export function movedTag(named: NamedImage, version: string, repo: DotnetRepo = named.image.catalogRepo): string | undefined {
  const { image } = named;
  if (image.pinnedByDigest) return undefined;
  const variant = closestVariant(version, repo, image.variant);
  if (variant === undefined) return undefined;
  const arch = image.arch && architectureSuffixes(version, variant, repo).includes(image.arch) ? image.arch : undefined;
  return imageTag({ version, variant, ...(arch ? { arch } : {}) });
}

/** The named image with another tag (and repo; a retired name moves to its replacement), as an edit. */
export function imageChange(context: LintContext, named: NamedImage, tag: string, repo: DotnetRepo = named.image.catalogRepo): ImageChange | undefined {
  const reference = referenceWith(named, tag, repo);
  const edit = reference ? imageEdit(context, named.stage, reference) : undefined;
  return reference && edit ? { reference, name: shortImageName(reference), edit } : undefined;
}

/**
 * Several image changes as the edits of one fix: stages that share one ARG share its edit. Undefined when two
 * changes would write one ARG differently, which no single fix can do.
 */
export function combinedEdits(changes: readonly ImageChange[]): TextEdit[] | undefined {
  const edits = new Map<string, TextEdit>();
  for (const { edit } of changes) {
    const key = JSON.stringify(edit.range);
    const known = edits.get(key);
    if (known && known.newText !== edit.newText) return undefined;
    edits.set(key, edit);
  }
  return [...edits.values()];
}

/** Image changes that go together: what a fix title names, and its edits. */
export interface ImageMove {
  /** `sdk:10.0 and aspnet:10.0`, in stage order. */
  readonly names: string;
  readonly edits: readonly TextEdit[];
  /** Only sdk images move: the app keeps running on the runtime it had. */
  readonly sdkOnly: boolean;
  /** False when an older build SDK could not move along: the app it builds would not start on the moved image. */
  readonly complete: boolean;
}

/**
 * The named image moved to `version` (and `repo`) so that build and final stage stay compatible, since an older
 * SDK cannot target a newer runtime (dotnet/version-mismatch's error): the final image takes older build SDKs
 * along, and a build SDK goes no lower than the runtime it builds for.
 */
export function movedWithBuild(context: LintContext, named: NamedImage, version: string, repo: DotnetRepo = named.image.catalogRepo): ImageMove | undefined {
  const final = finalImage(context);
  const needsRuntime = (r: DotnetRepo) => r === 'aspnet' || r === 'runtime';
  const runtime = final && final.stage !== named.stage && needsRuntime(final.image.catalogRepo) ? final.version : undefined;
  const to = repo === 'sdk' && runtime !== undefined && isOlder(version, runtime) ? runtime : version;
  const change = movedImage(context, named, to, repo);
  if (!change) return undefined;
  const runsTheApp = final?.stage === named.stage && needsRuntime(repo);
  const olderSdks = runsTheApp ? buildSdkImages(context).filter(sdk => sdk.stage !== named.stage && sdk.image.version !== undefined && isOlder(sdk.image.version, to)) : [];
  const along = olderSdks.map(sdk => ({ stage: sdk.stage, change: movedImage(context, sdk, to) }));
  const moved = [...along, { stage: named.stage, change }]
    .filter((m): m is { stage: Stage; change: ImageChange } => m.change !== undefined)
    .sort((a, b) => a.stage.index - b.stage.index);
  const edits = combinedEdits(moved.map(m => m.change));
  const sdkOnly = repo === 'sdk' && final?.stage !== named.stage;
  if (!edits) return { names: change.name, edits: [change.edit], sdkOnly, complete: false };
  return { names: [...new Set(moved.map(m => m.change.name))].join(' and '), edits, sdkOnly, complete: along.every(m => m.change !== undefined) };
}

/**
 * The way off a .NET version past end of support: the recommended supported one (see recommendedVersion), the build SDKs
 * along when the image is the final one. Preferred only when that leaves no SDK behind; the title says when the
 * app's runtime moves past the project's target framework, which must then be retargeted too (a newer SDK alone
 * still builds it).
 */
export function supportedVersionFix(context: LintContext, named: NamedImage): Fix | undefined {
  const newest = recommendedVersion(context.now)?.version;
  const move = newest ? movedWithBuild(context, named, newest) : undefined;
  if (!newest || !move) return undefined;
  const framework = builtFramework(context)?.framework;
  const retarget = !move.sdkOnly && framework && isOlder(framework.version, newest) ? ` (also retarget the project to net${newest})` : '';
  return { title: `Use ${move.names}${retarget}`, edits: move.edits, ...(move.complete ? { preferred: true } : {}) };
}

/** The named image's reference with another tag and repo, written with the registry the FROM used. */
export function referenceWith(named: NamedImage, tag: string, repo: DotnetRepo = named.image.catalogRepo): string | undefined {
  const { stage, image } = named;
  if (image.deprecated) return `${image.deprecated.replacementRepository.replace(/[^/]+$/, repo)}:${tag}`;
  return stage.reference && formatImageReference({ registry: stage.reference.registry, repository: stage.reference.repository.replace(/[^/]+$/, repo), tag }, { familiar: true });
}

/**
 * Writes `reference` as the stage's image: over the FROM's image, or, when the FROM takes it from one global
 * ARG (`FROM mcr.microsoft.com/dotnet/sdk:${VERSION}`), over that ARG's default, which keeps the variable.
 */
export function imageEdit(context: LintContext, stage: Stage, reference: string): TextEdit | undefined {
  const raw = stage.writtenImage;
  if (!raw.includes('$')) return { range: imageRange(stage), newText: reference };
  const variable = /^([^$]*)\$(?:\{(\w+)\}|(\w+))([^$]*)$/.exec(raw);
  const name = variable?.[2] ?? variable?.[3];
  if (!variable || !name) return undefined;
  const [, prefix = '', , , suffix = ''] = variable;
  if (!reference.startsWith(prefix) || !reference.endsWith(suffix) || reference.length <= prefix.length + suffix.length) return undefined;
  // A variable inside the tag (a version, an OS) may move every stage that shares it; one that names the
  // repository may not, since the other stages need their own repositories.
  const inTag = /:[^/]*$/.test(prefix);
  const shared = context.stages.some(other => other !== stage && new RegExp(`\\$\\{?${name}\\b`).test(other.writtenImage));
  if (shared && !inTag) return undefined;
  // The FROM sees the last global ARG of that name.
  const property = safe(() => context.dockerfile.getInitialARGs().map(arg => arg.getProperty()).filter(p => p?.getName() === name).pop(), undefined);
  const range = property && safe(() => property.getValueRange(), null);
  if (!property || !range || `${prefix}${property.getValue() ?? ''}${suffix}` !== stage.imageText) return undefined;
  return { range, newText: reference.slice(prefix.length, reference.length - suffix.length) };
}

/** One `dotnet <verb> …` command in a RUN, with its arguments unquoted; ranges cover the values, not their quotes. */
export interface DotnetCommand {
  readonly verb: string;
  readonly instruction: Instruction;
  readonly args: ReadonlyArray<{ readonly value: string; readonly range: Range; readonly literal: boolean }>;
}

const separators = /^(&&|\|\||;|\||&)$|;$/;

/** The `dotnet <verb>` commands of a stage's RUN instructions, in order. */
export function dotnetCommands(context: LintContext, stage: Stage): readonly DotnetCommand[] {
  const byStage = remembered(context, DOTNET_COMMANDS, () => new Map<Stage, readonly DotnetCommand[]>());
  return rememberedIn(byStage, stage, () => readDotnetCommands(context, stage));
}

function readDotnetCommands(context: LintContext, stage: Stage): DotnetCommand[] {
  const commands: DotnetCommand[] = [];
  for (const instruction of stage.instructions) {
    const words = instruction.getKeyword() === 'RUN' ? commandOf(instruction, context.lines)?.words ?? [] : [];
    let args: Array<DotnetCommand['args'][number]> | undefined;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (separators.test(word.value)) {
        args = undefined;
      } else if (args) {
        args.push({ value: word.value, range: valueRange(context, word.range), literal: word.literal });
      } else if (word.literal && programName(word.value) === 'dotnet' && i + 1 < words.length) {
        args = [];
        commands.push({ verb: words[++i]!.value.toLowerCase(), instruction, args });
      }
    }
  }
  return commands;
}

/** A word's range without its quotes (a JSON string's, or a quoted shell word's), for edits that replace the value. */
function valueRange(context: LintContext, range: Range): Range {
  const raw = rangeText(context.lines, range);
  if (raw.length < 2 || !/^(["']).*\1$/.test(raw)) return range;
  return { start: { ...range.start, character: range.start.character + 1 }, end: { ...range.end, character: range.end.character - 1 } };
}

/** Commands of the stages that build the app (those running `dotnet restore|build|publish`). */
export function buildCommands(context: LintContext): readonly DotnetCommand[] {
  return remembered(context, BUILD_COMMANDS, () => dotnetBuildStages(context).flatMap(stage => dotnetCommands(context, stage)).filter(command => /^(restore|build|publish)$/.test(command.verb)));
}

/** The value of an option (`-f net8.0`, `--framework=net8.0`, `-f:net8.0`), with the range of the value. */
export function optionValue(command: DotnetCommand, names: readonly string[]): { value: string; range: Range; literal: boolean } | undefined {
  let found: { value: string; range: Range; literal: boolean } | undefined;
  command.args.forEach((arg, index) => {
    const lower = arg.value.toLowerCase();
    if (names.includes(lower)) {
      const next = command.args[index + 1];
      if (next) found = next;
      return;
    }
    const name = names.find(n => lower.startsWith(`${n}=`) || lower.startsWith(`${n}:`));
    if (!name) return;
    const offset = name.length + 1;
    found = { value: arg.value.slice(offset), range: { start: { ...arg.range.start, character: arg.range.start.character + offset }, end: arg.range.end }, literal: arg.literal };
  });
  return found;
}

/** The target framework the Dockerfile builds, and the `-f` argument that chose it when there is one. */
export interface BuiltFramework {
  readonly framework: TargetFramework;
  readonly argument?: { readonly value: string; readonly range: Range };
}

/**
 * What the image is built for: the `-f`/`--framework` of the last `dotnet publish` (else build) when it
 * names a .NET (Core) framework; else the project's newest .NET (Core) target framework. Undefined when
 * neither is known, or `-f` is a variable and the project targets several frameworks.
 */
export function builtFramework(context: LintContext): BuiltFramework | undefined {
  return remembered(context, BUILT_FRAMEWORK, () => readBuiltFramework(context));
}

function readBuiltFramework(context: LintContext): BuiltFramework | undefined {
  const projectFrameworks = (context.project?.info.targetFrameworks ?? []).filter(tfm => tfm.identifier === '.NETCoreApp');
  const commands = buildCommands(context);
  const chosen = [...commands.filter(c => c.verb === 'publish'), ...commands.filter(c => c.verb === 'build')]
    .map(command => optionValue(command, ['-f', '--framework']))
    .find(argument => argument !== undefined);
  if (chosen?.literal) {
    const framework = parseTargetFramework(chosen.value);
    return framework?.identifier === '.NETCoreApp' ? { framework, argument: chosen } : undefined;
  }
  if (chosen && projectFrameworks.length !== 1) return undefined;
  // Several frameworks and no -f: the publish fails until one is chosen (dotnet/publish-framework), and the one to
  // choose is the final image's, so the other rules judge that one rather than contradict it; else the newest.
  const imageVersion = projectFrameworks.length > 1 ? finalImage(context)?.version : undefined;
  const finalImages = imageVersion === undefined ? undefined : projectFrameworks.find(tfm => tfm.version === imageVersion && !tfm.platform);
  const newest = [...projectFrameworks].sort((a, b) => compareVersions(b.version, a.version))[0];
  const framework = finalImages ?? newest;
  return framework && { framework };
}

/** Whether the app brings its own runtime (project or publish arguments), so the image's .NET version does not run it. */
export function publishesSelfContained(context: LintContext): boolean {
  return appShape(context).selfContained === true;
}

// SDK commands that use the SDK as a tool rather than run the app.
const toolVerbs = /^(test|watch|build|restore|publish|pack|format|tool|new|nuget|msbuild|vstest|sln|add|remove|list|ef|workload|dev-certs|user-secrets|--info|--version|--list-sdks|--list-runtimes)$/i;

/**
 * How the container starts the app (ENTRYPOINT and CMD, inherited through `FROM <stage>`), when it does:
 * anything but an SDK tool command (`dotnet test`, `dotnet watch`…); `dotnet run` counts and is flagged.
 */
export function appStart(context: LintContext, stage: Stage): { readonly dotnetRun: boolean } | undefined {
  const byStage = remembered(context, APP_STARTS, () => new Map<Stage, { readonly dotnetRun: boolean } | undefined>());
  return rememberedIn(byStage, stage, () => readAppStart(context, stage));
}

function readAppStart(context: LintContext, stage: Stage): { readonly dotnetRun: boolean } | undefined {
  const words = commandLineWords(containerCommand(stage, context.lines)).map(word => word.value);
  if (!words.length) return undefined;
  const dotnet = programName(words[0]!) === 'dotnet';
  if (dotnet && toolVerbs.test(words[1] ?? '--info')) return undefined;
  return { dotnetRun: dotnet && words[1] === 'run' };
}

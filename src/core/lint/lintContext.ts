import * as path from 'node:path';
import { DockerfileParser, Dockerfile, From, ImageTemplate, Instruction } from 'dockerfile-ast';
import { classifyDotnetImage, DotnetImage } from '../images/dotnetCatalog';
import { ImageReference, parseImageReference } from '../images/imageReference';
import { nodeFileSystem, ProjectFileSystem } from '../project/fileSystem';
import { XmlProblem } from '../project/msbuildXml';
import { ProjectInfo } from '../project/ProjectInfo';
import { BuildPlan, readBuildPlan } from '../project/readBuildPlan';
import * as fs from 'node:fs';
import { directDisk, DiskStats, sameVersion } from './diskStats';
import { contextProbes, findContextDirectory, findProject, FoundContext, lineNaming, searchInputs } from './contextSearch';
import { buildStageOf, flagsOf, imageOf, rawArgumentsContent, reuseWords } from './instructionWords';
import { lintFileSystem } from './lintFileSystem';
import { Fact, remembered } from './remembered';
import { Range } from './types';

/** One build stage: its FROM, what it is based on, and its instructions. */
export interface Stage {
  readonly index: number;
  readonly from: From;
  readonly template: ImageTemplate;
  /** The `AS name`, lower-cased as Docker compares it; undefined for an unnamed stage. */
  readonly name?: string;
  /** The FROM's image argument as written (`mcr.microsoft.com/dotnet/sdk:${VERSION}`); '' when it has none. */
  readonly writtenImage: string;
  /** The FROM argument with global ARG defaults substituted (`mcr.microsoft.com/dotnet/sdk:10.0`). */
  readonly imageText: string;
  /** Variables in the FROM argument that have no default: the image is not known statically. */
  readonly unresolved: boolean;
  /** The earlier stage this one is based on (`FROM build AS publish`). */
  readonly baseStage?: Stage;
  /** This FROM's own reference, when it names an image rather than a stage. */
  readonly reference?: ImageReference;
  /** The .NET image at the root of the stage chain (following `FROM <stage>`), when it is one. */
  readonly dotnetImage?: DotnetImage;
  /** The `--platform` value, as written. */
  readonly platform?: string;
  readonly instructions: readonly Instruction[];
}

export interface LintOptions {
  /** Where the Dockerfile is; without it, rules that need the project or the context stay silent. */
  readonly dockerfilePath?: string;
  /** The project the Dockerfile builds (a setting or `--project`); found from the Dockerfile otherwise. */
  readonly projectPath?: string;
  /** The build context (a setting or `--context`); found from the Dockerfile's COPY sources otherwise. */
  readonly contextDirectory?: string;
  /** The day support status is judged on (injected, never read from the clock in core). */
  readonly now: Date;
  readonly fileSystem?: ProjectFileSystem;
  /** How the real disk is asked (when `fileSystem` is the real one): directly, or from the extension's WatchedDisk. */
  readonly disk?: DiskStats;
  /** The ids of the rules this lint runs (lintDockerfile sets them); undefined: every rule. */
  readonly activeRules?: ReadonlySet<string>;
}

/**
 * Where the build context came from, strongest first: a setting or `--context`, a compose file's `build.context`
 * for this Dockerfile, the folder from which the Dockerfile's COPY sources and project paths exist, or nothing
 * (the Dockerfile's folder is assumed, and rules must not claim that something is missing there).
 */
export type ContextEvidence = 'given' | 'compose' | 'sources' | 'assumed';

/** Whether the build context is known rather than assumed. */
export function contextIsKnown(context: LintContext): boolean {
  return context.contextDirectory !== undefined && context.contextEvidence !== undefined && context.contextEvidence !== 'assumed';
}

export interface ProjectContext {
  readonly info: ProjectInfo;
  readonly plan: BuildPlan;
}

/** Why the project behind the Dockerfile could not be read: the checks that compare with it are off. */
export interface ProjectProblem {
  /** The project file (or the file it imports) and where reading it stopped. */
  readonly problem: XmlProblem;
  /** The Dockerfile line that led to the project (its `dotnet publish` or COPY); 0 when none names it. */
  readonly dockerfileLine: number;
  /** What was thrown, when reading threw rather than refused (a bug of ours): its stack is for the log. */
  readonly error?: unknown;
}

export interface LintContext {
  readonly text: string;
  readonly lines: readonly string[];
  readonly dockerfile: Dockerfile;
  readonly escapeCharacter: string;
  readonly stages: readonly Stage[];
  readonly now: Date;
  readonly fileSystem: ProjectFileSystem;
  readonly dockerfilePath?: string;
  /**
   * The build context directory: given, named by a compose file, or where the Dockerfile's COPY sources exist;
   * else the Dockerfile's folder, as a guess (see `contextEvidence`).
   */
  readonly contextDirectory?: string;
  /** What `contextDirectory` rests on; `assumed` means nothing said where the context is. */
  readonly contextEvidence?: ContextEvidence;
  /** The compose file that names the context, when that is the evidence. */
  readonly composeFile?: string;
  /** The project behind the Dockerfile, when one was found and could be read. */
  readonly project?: ProjectContext;
  /** The project behind the Dockerfile, when one was found (or given) but could not be read. */
  readonly projectProblem?: ProjectProblem;
  /** The ids of the rules this lint runs; undefined: every rule. See {@link ruleRuns}. */
  readonly activeRules?: ReadonlySet<string>;
}

/**
 * Whether this lint runs a rule: for a rule that leaves a finding to another (the same port reported once), which
 * must say it itself when the other is off.
 */
export function ruleRuns(context: LintContext, ruleId: string): boolean {
  return context.activeRules?.has(ruleId) ?? true;
}

/** The last stage: the image `docker build` produces without `--target`. */
export function finalStage(context: LintContext): Stage | undefined {
  return context.stages[context.stages.length - 1];
}

const BUILD_STAGES = new Fact<readonly Stage[]>('dotnet build stages');

/** Stages that run `dotnet restore|build|publish`: the build stages of a .NET Dockerfile. */
export function dotnetBuildStages(context: LintContext): readonly Stage[] {
  return remembered(context, BUILD_STAGES, () => context.stages.filter(stage => stage.instructions.some(i => i.getKeyword() === 'RUN' && /\bdotnet\s+(restore|build|publish)\b/.test(rawArgumentsContent(i) ?? ''))));
}

/** The range of a whole line's text (for findings that belong to a line, not a word). */
export function lineRange(context: LintContext, line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: (context.lines[line] ?? '').length } };
}

/** Parses the Dockerfile once and works out stages, context and project for every rule to share. */
export function createLintContext(text: string, options: LintOptions): LintContext {
  const given = options.fileSystem ?? nodeFileSystem;
  const disk = options.disk ?? directDisk;
  const fileSystem = lintFileSystem(given, disk);
  const dockerfile = DockerfileParser.parse(text);
  reuseWords(dockerfile.getInstructions(), dockerfile.getEscapeCharacter());
  const stages = readStages(dockerfile);
  const dockerfilePath = options.dockerfilePath ? path.resolve(options.dockerfilePath) : undefined;
  const base = { text, lines: text.split(/\r?\n/), dockerfile, escapeCharacter: dockerfile.getEscapeCharacter(), stages, now: options.now, fileSystem, ...(options.activeRules ? { activeRules: options.activeRules } : {}) };
  if (!dockerfilePath) return base;

  const inputs = searchInputs(dockerfile, stages);
  const { mentioned } = inputs;
  const found: FoundContext = options.contextDirectory
    ? { contextDirectory: path.resolve(options.contextDirectory), contextEvidence: 'given' }
    : findContextDirectory(dockerfilePath, inputs.probes ??= contextProbes(stages), fileSystem);
  const { contextDirectory } = found;
  const located = { ...base, dockerfilePath, ...found };
  const projectPath = options.projectPath ? path.resolve(options.projectPath) : findProject(dockerfilePath, contextDirectory, mentioned, fileSystem, () => (inputs.probes ??= contextProbes(stages)));
  if (!projectPath) return located;
  const read = readProjectCached(projectPath, given, fileSystem, disk);
  if ('project' in read) return { ...located, project: read.project };
  const dockerfileLine = lineNaming(projectPath, mentioned, [contextDirectory, path.dirname(dockerfilePath)]);
  return { ...located, projectProblem: { ...read, dockerfileLine } };
}

function readStages(dockerfile: Dockerfile): Stage[] {
  const stages: Stage[] = [];
  const froms = dockerfile.getFROMs();
  // dockerfile-ast opens one build stage per FROM, in order; getContainingImage would search them all for each FROM.
  const buildStages = (dockerfile as unknown as { buildStages?: ImageTemplate[] }).buildStages;
  const inOrder = Array.isArray(buildStages) && buildStages.length === froms.length ? buildStages : undefined;
  froms.forEach((from, index) => {
    const template = inOrder?.[index] ?? dockerfile.getContainingImage(from.getRange().start) ?? dockerfile;
    const name = buildStageOf(from)?.toLowerCase() ?? undefined;
    // getExpandedArguments substitutes the global ARG defaults on a FROM line (it has nothing to do without a `$`).
    const written = imageOf(from);
    const imageText = (written?.includes('$') ? safe(() => from.getExpandedArguments()[0]?.getValue(), undefined) : undefined) ?? written ?? '';
    const unresolved = /\$/.test(imageText);
    const baseStage = unresolved ? undefined : stages.find(stage => stage.name !== undefined && stage.name === imageText.toLowerCase());
    const { reference, dotnetImage: ownImage } = !baseStage && !unresolved && imageText ? imageNamed(imageText) : noImage;
    const dotnetImage = baseStage ? baseStage.dotnetImage : ownImage;
    const platform = flagsOf(from).find(flag => flag.getName().toLowerCase() === 'platform')?.getValue() ?? undefined;
    const instructions = template.getInstructions().filter(instruction => instruction.getRange().start.line >= from.getRange().start.line);
    stages.push({
      index, from, template, writtenImage: written ?? '', imageText, unresolved, instructions,
      ...(name ? { name } : {}),
      ...(baseStage ? { baseStage } : {}),
      ...(reference ? { reference } : {}),
      ...(dotnetImage ? { dotnetImage } : {}),
      ...(platform ? { platform } : {}),
    });
  });
  return stages;
}

interface ImageFacts {
  readonly reference?: ImageReference;
  readonly dotnetImage?: DotnetImage;
}

const noImage: ImageFacts = {};

/** FROM images already classified, by text: the editor lints the same few images on every keystroke. */
const imageCache = new Map<string, ImageFacts>();
const IMAGE_CACHE_SIZE = 64;

/** The image a FROM names, parsed, and classified when it is a .NET one (both only depend on the text). */
function imageNamed(imageText: string): ImageFacts {
  const cached = imageCache.get(imageText);
  if (cached) return cached;
  const parsed = parseImageReference(imageText);
  const reference = parsed.ok ? parsed : undefined;
  const dotnetImage = reference ? classifyDotnetImage(reference) : undefined;
  const image: ImageFacts = { ...(reference ? { reference } : {}), ...(dotnetImage ? { dotnetImage } : {}) };
  if (imageCache.size >= IMAGE_CACHE_SIZE) imageCache.delete(imageCache.keys().next().value!);
  imageCache.set(imageText, image);
  return image;
}

type ProjectRead = { readonly project: ProjectContext } | { readonly problem: XmlProblem; readonly error?: unknown };

function readProject(projectPath: string, fileSystem: ProjectFileSystem): ProjectRead {
  try {
    const read = readBuildPlan(projectPath, { fileSystem });
    return read.ok ? { project: { info: read.plan.app, plan: read.plan } } : { problem: read.problem };
  } catch (error) {
    // A bug of ours, not the project's fault: said on the Dockerfile, with the stack kept for the log.
    return { problem: { file: projectPath, line: 1, column: 1, message: `reading it failed (${(error as Error).message ?? error}): a bug in dotnet-containers` }, error };
  }
}

interface CachedProject {
  readonly read: ProjectRead;
  /** Every path the reading touched (read, listed, or checked for), with its stat then (undefined: nothing there). */
  readonly stats: ReadonlyMap<string, fs.Stats | undefined>;
}

/** Projects read from disk, by project path: the editor lints on every keystroke, the project rarely changes. */
const projectCache = new Map<string, CachedProject>();
const PROJECT_CACHE_SIZE = 16;

/**
 * readProject (through the lint's view of the file system) for the real file system, reused while nothing it
 * looked at has changed: a file's or folder's stat (an edit changes a file's, an added or removed file its
 * folder's), or a missing path that now exists. A
 * missing file is checked itself, not through its folder's stat: the folders above a repository (a home, /tmp)
 * change all the time, and would make the project be read again on nearly every lint.
 * Other file systems (tests, in-memory) are always read afresh.
 */
function readProjectCached(projectPath: string, given: ProjectFileSystem, view: ProjectFileSystem, disk: DiskStats): ProjectRead {
  if (given !== nodeFileSystem) return readProject(projectPath, view);
  const cached = projectCache.get(projectPath);
  if (cached && everyUnchanged(cached.stats, disk)) return cached.read;
  const touched = new Set<string>();
  // Through the lint's view: the reader and the context search share what they ask (folders up to the root, .git).
  const readBytes = view.readBytes!;
  const recording: ProjectFileSystem = {
    readText: file => (touched.add(file), view.readText(file)),
    readBytes: (file, maxBytes) => (touched.add(file), readBytes(file, maxBytes)),
    exists: file => (touched.add(file), view.exists(file)),
    isDirectory: dir => (touched.add(dir), view.isDirectory(dir)),
    list: dir => (touched.add(dir), view.list(dir)),
  };
  const read = readProject(projectPath, recording);
  projectCache.delete(projectPath);
  if (projectCache.size >= PROJECT_CACHE_SIZE) projectCache.delete(projectCache.keys().next().value!);
  projectCache.set(projectPath, { read, stats: new Map([...touched].map(file => [file, disk.stat(file)])) });
  return read;
}

function everyUnchanged(stats: ReadonlyMap<string, fs.Stats | undefined>, disk: DiskStats): boolean {
  for (const [file, stat] of stats) if (!sameVersion(disk.stat(file), stat)) return false;
  return true;
}

/** dockerfile-ast can throw on odd input (heredoc edge cases): a rule must never take the linter down. */
export function safe<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback;
  }
}

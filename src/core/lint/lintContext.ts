import * as path from 'node:path';
import { DockerfileParser, Dockerfile, From, ImageTemplate, Instruction } from 'dockerfile-ast';
import { classifyDotnetImage, DotnetImage } from '../images/dotnetCatalog';
import { ImageReference, parseImageReference } from '../images/imageReference';
import { nodeFileSystem, ProjectFileSystem } from '../project/fileSystem';
import { XmlProblem } from '../project/msbuildXml';
import { ProjectInfo } from '../project/ProjectInfo';
import { BuildPlan, readBuildPlan } from '../project/readBuildPlan';
import { composeContexts } from './composeContext';
import * as fs from 'node:fs';
import { directDisk, DiskStats, sameVersion } from './diskStats';
import { contextCopies, isPattern, normalizedContextPath } from './copyInstructions';
import { nameMatcher } from './dockerignorePatterns';
import { argumentsContent, buildStageOf, flagsOf, imageOf, rawArgumentsContent, reuseWords } from './instructionWords';
import { lintFileSystem } from './lintFileSystem';
import { Fact, remembered } from './remembered';
import { stageChain, workdirAt } from './stageChain';
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
  const projectPath = options.projectPath ? path.resolve(options.projectPath) : findProject(dockerfilePath, contextDirectory, mentioned, fileSystem);
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

/** Project files named in COPY sources and dotnet commands, as written (relative to context or WORKDIR). */
interface MentionedProjects {
  readonly named: readonly string[];
  readonly copied: readonly string[];
  /** The last line of each kind of mention: a `dotnet` command's, a COPY's. */
  readonly namedOn: ReadonlyMap<string, number>;
  readonly copiedOn: ReadonlyMap<string, number>;
}

function mentionedProjectPaths(stages: readonly Stage[]): MentionedProjects {
  const named: string[] = [];
  const copied: string[] = [];
  const namedOn = new Map<string, number>();
  const copiedOn = new Map<string, number>();
  const projectPattern = /[^\s"'[\],]+\.(?:cs|fs|vb)proj\b/gi;
  for (const stage of stages) {
    // contextCopies decodes JSON itself: dockerfile-ast's JSON strings keep their quotes and lose their spaces.
    for (const copy of contextCopies(stage)) {
      for (const source of copy.sources.filter(source => /\.(cs|fs|vb)proj$/i.test(source))) {
        copied.push(source);
        copiedOn.set(source, copy.instruction.getRange().start.line);
      }
    }
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'RUN') continue;
      const content = rawArgumentsContent(instruction) ?? '';
      for (const match of content.matchAll(/\bdotnet\s+(?:restore|build|publish)\b([^&|;\n]*)/g)) {
        for (const name of [...(match[1] ?? '').matchAll(projectPattern)].map(m => m[0])) {
          named.push(name);
          namedOn.set(name, instruction.getRange().start.line);
        }
      }
    }
  }
  // Each path once (a long file repeats them); for `named` the last mention counts, as findProject reads it.
  return { named: [...new Set([...named].reverse())].reverse(), copied: [...new Set(copied)], namedOn, copiedOn };
}

/**
 * The Dockerfile line that led to the project: the last `dotnet` command naming it, else the COPY of it, else
 * any mention of its file name; 0 when the Dockerfile never names it (found beside it, or set).
 */
function lineNaming(projectPath: string, mentioned: MentionedProjects, bases: readonly string[]): number {
  const resolvesTo = (written: string) => bases.some(base => path.resolve(base, written) === projectPath);
  const sameName = (written: string) => path.basename(written).toLowerCase() === path.basename(projectPath).toLowerCase();
  for (const matches of [resolvesTo, sameName]) {
    for (const lines of [mentioned.namedOn, mentioned.copiedOn]) {
      const line = [...lines].reverse().find(([written]) => matches(written))?.[1];
      if (line !== undefined) return line;
    }
  }
  return 0;
}

interface FoundContext {
  readonly contextDirectory: string;
  readonly contextEvidence: ContextEvidence;
  readonly composeFile?: string;
}

/** How far up a Dockerfile's context is looked for when no repository root (a folder with `.git`) bounds it. */
const CONTEXT_DEPTH_WITHOUT_REPOSITORY = 6;
/** How many paths are probed per candidate folder: a generated Dockerfile of a large solution copies hundreds. */
const MAX_PROBES = 64;

/**
 * The build context: the one compose files give this Dockerfile, else the folder (the Dockerfile's own or one
 * above it, up to the repository root) from which most of its COPY sources and project paths exist, else the
 * Dockerfile's folder, assumed.
 */
function findContextDirectory(dockerfilePath: string, { paths, patterns }: ContextProbes, fileSystem: ProjectFileSystem): FoundContext {
  const start = path.dirname(dockerfilePath);
  const folders = foldersUpward(start, fileSystem);
  const composed = composeContexts(dockerfilePath, folders, fileSystem);
  const contexts = [...new Set(composed.map(c => c.context))];
  // Two services that build this Dockerfile from different contexts leave the question open.
  if (contexts.length === 1 && composed[0]) return { contextDirectory: composed[0].context, contextEvidence: 'compose', composeFile: composed[0].composeFile };

  const probes = paths.slice(0, MAX_PROBES);
  const exists = (folder: string, probe: string) => fileSystem.exists(path.join(folder, probe));
  // `COPY *.csproj ./`: a file of the folder matches the pattern.
  const matches = (folder: string, pattern: NamePattern) => fileSystem.list(path.join(folder, pattern.folder)).some(pattern.name);
  const namePatterns = patterns.slice(0, MAX_PROBES);
  let best: { folder: string; score: number } | undefined;
  for (const folder of folders) {
    const score = probes.filter(probe => exists(folder, probe)).length + namePatterns.filter(pattern => matches(folder, pattern)).length;
    // Ties go to the nearer folder: `docker build .` beside the Dockerfile is the common case.
    if (score > (best?.score ?? 0)) best = { folder, score };
    // Where every path exists, no folder further up can do better.
    if (score === probes.length + namePatterns.length) break;
  }
  return best ? { contextDirectory: best.folder, contextEvidence: 'sources' } : { contextDirectory: start, contextEvidence: 'assumed' };
}

/** The Dockerfile's folder and the ones above it, up to the repository root (or a few levels when there is none). */
function foldersUpward(start: string, fileSystem: ProjectFileSystem): string[] {
  const folders: string[] = [];
  for (let dir = start; folders.length < 32; dir = path.dirname(dir)) {
    folders.push(dir);
    if (fileSystem.exists(path.join(dir, '.git'))) return folders;
    if (path.dirname(dir) === dir) break;
  }
  // No repository around the Dockerfile: look only a few levels up, as a context rarely sits further.
  return folders.slice(0, CONTEXT_DEPTH_WITHOUT_REPOSITORY);
}

const projectOrSolution = /[^\s"'[\],]+\.(?:(?:cs|fs|vb)proj|slnx?)\b/gi;

/**
 * Context paths the Dockerfile relies on: COPY sources (the fixed folder in front of a pattern), and the
 * projects and folders `dotnet restore|build|publish` work on, traced back through the COPY that put them at
 * their path in the image (`COPY . .` then `WORKDIR /src/src/Web` and `dotnet build Web.csproj` is
 * `src/Web/Web.csproj` in the context). A path with a variable, or one that leaves the context, is no probe.
 */
function contextProbes(stages: readonly Stage[]): ContextProbes {
  const probes = new Set<string>();
  const patterns = new Map<string, NamePattern>();
  const add = (probe: string) => {
    const normalized = normalizedContextPath(probe);
    if (!normalized || normalized.startsWith('..') || normalized.includes('$')) return;
    if (!isPattern(normalized)) {
      probes.add(normalized);
      return;
    }
    const segments = normalized.split('/');
    const fixed = segments.slice(0, segments.findIndex(isPattern)).join('/');
    if (fixed) probes.add(fixed);
    // A pattern in the last segment only (`src/Web/*.csproj`) is checked against the folder's files.
    if (segments.findIndex(isPattern) === segments.length - 1) patterns.set(normalized, { folder: fixed, name: nameMatcher(segments[segments.length - 1]!) });
  };
  for (const stage of stages) {
    for (const copy of contextCopies(stage)) copy.sources.forEach(add);
  }
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      // Most RUNs of a long file have no dotnet command: they are passed over before any more work.
      if (instruction.getKeyword() !== 'RUN' || !safe(() => rawArgumentsContent(instruction) ?? '', '').includes('dotnet')) continue;
      const content = safe(() => argumentsContent(instruction), null) ?? '';
      const line = instruction.getRange().start.line;
      const workdir = safe(() => workdirAt(stage, line), undefined);
      if (!workdir) continue;
      for (const match of content.matchAll(/\bdotnet\s+(?:restore|build|publish)\b([^&|;\n]*)/g)) {
        // `RUN cd /src/app && dotnet publish`: the last plain `cd` before the command moves it.
        const cd = [...content.slice(0, match.index).matchAll(/(?:^|[;&|(]\s*)cd\s+("[^"$]+"|'[^']+'|[^\s;&|$'"]+)/g)].pop()?.[1];
        const directory = cd ? path.posix.resolve(workdir, cd.replace(/^["']|["']$/g, '')) : workdir;
        const named = [...(match[1] ?? '').matchAll(projectOrSolution)].map(m => m[0].replace(/^["']|["']$/g, ''));
        // Without a project or solution, dotnet works on the working directory.
        const targets = named.length ? named.map(name => path.posix.resolve(directory, name.replace(/\\/g, '/'))) : [directory];
        for (const target of targets) for (const probe of contextPathsOf(stage, line, target)) add(probe);
      }
    }
  }
  return { paths: [...probes], patterns: [...patterns.values()] };
}

interface ContextProbes {
  readonly paths: readonly string[];
  readonly patterns: readonly NamePattern[];
}

/** What the context and project search take from the Dockerfile's text: the projects it names and the paths it relies on. */
interface SearchInputs {
  readonly mentioned: MentionedProjects;
  /** Worked out when the context is searched for (not when it is given). */
  probes?: ContextProbes;
}

/**
 * The search inputs of Dockerfile texts seen lately, by the instructions they come from. The editor lints on every
 * pause in typing, and most edits (a tag, a port, a label, a comment) leave these instructions as they were.
 */
const searchInputsCache = new Map<string, SearchInputs>();
const SEARCH_INPUTS_SIZE = 16;
// Instructions the search never reads: editing them keeps the inputs. Any other (a misspelt one too) is in the key.
const outsideSearch = new Set(['LABEL', 'EXPOSE', 'ENTRYPOINT', 'CMD', 'USER', 'HEALTHCHECK', 'STOPSIGNAL', 'VOLUME', 'MAINTAINER', 'SHELL']);

function searchInputs(dockerfile: Dockerfile, stages: readonly Stage[]): SearchInputs {
  // Each instruction the search may read, with its line (the mentions carry lines) and its exact text.
  let key = dockerfile.getEscapeCharacter();
  for (const instruction of dockerfile.getInstructions()) {
    if (!outsideSearch.has(instruction.getKeyword())) key += `\0${instruction.getRange().start.line}\0${instruction.getTextContent()}`;
  }
  const known = searchInputsCache.get(key);
  if (known) return known;
  const inputs: SearchInputs = { mentioned: mentionedProjectPaths(stages) };
  if (searchInputsCache.size >= SEARCH_INPUTS_SIZE) searchInputsCache.delete(searchInputsCache.keys().next().value!);
  searchInputsCache.set(key, inputs);
  return inputs;
}

/** A COPY pattern in a file name: the files of `folder` (a context path) it takes. */
interface NamePattern {
  readonly folder: string;
  readonly name: (fileName: string) => boolean;
}

// COPY sources that name a file by its kind (a folder such as `src/Shop.Web` has a dot too, but not these endings).
const namesFile = /\.(?:(?:cs|fs|vb)proj|slnx?|props|targets|json|config|xml|ya?ml|txt|md|sh|ps1|cs|fs|vb|dll)$/i;

/** Where a path of the image came from in the context: through each earlier COPY of the stage chain whose destination holds it. */
function contextPathsOf(stage: Stage, line: number, imagePath: string): string[] {
  const found: string[] = [];
  for (const chained of stageChain(stage)) {
    for (const copy of contextCopies(chained)) {
      const copyLine = copy.instruction.getRange().start.line;
      if (copyLine > line) continue;
      const workdir = safe(() => workdirAt(chained, copyLine), undefined);
      if (!workdir || copy.destination.includes('$')) continue;
      const destination = path.posix.resolve(workdir, copy.destination.replace(/\\/g, '/'));
      const relative = path.posix.relative(destination, imagePath);
      const below = !relative.startsWith('..') && !path.posix.isAbsolute(relative);
      for (const source of copy.sources) {
        if (isPattern(source)) continue;
        const from = normalizedContextPath(source);
        // A folder's contents land in the destination, so a path below it comes from the same path below the
        // source (not below a file, such as the props files copied beside the projects); a file copied to exactly
        // that path is the source itself.
        if (below && !namesFile.test(from)) found.push(from ? `${from}/${relative}` : relative);
        if (from && imagePath === destination) found.push(from);
      }
    }
  }
  return found;
}

/** The project named by `dotnet publish|build|restore` (last one wins), else the single project next to the Dockerfile. */
function findProject(dockerfilePath: string, contextDirectory: string, mentioned: MentionedProjects, fileSystem: ProjectFileSystem): string | undefined {
  const byName = (list: readonly string[]) => [...list].reverse()
    .flatMap(name => [path.join(contextDirectory, name), path.join(path.dirname(dockerfilePath), name)])
    .find(candidate => fileSystem.exists(candidate));
  const named = byName(mentioned.named);
  if (named) return named;
  const beside = fileSystem.list(path.dirname(dockerfilePath)).filter(name => /\.(cs|fs|vb)proj$/i.test(name));
  if (beside.length === 1) return path.join(path.dirname(dockerfilePath), beside[0]!);
  // A Dockerfile that names the project only in COPY (e.g. `COPY App.csproj .` then `dotnet publish`).
  const copiedNames = mentioned.copied.map(source => path.join(contextDirectory, source)).filter(candidate => fileSystem.exists(candidate));
  return copiedNames.length === 1 ? copiedNames[0] : undefined;
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

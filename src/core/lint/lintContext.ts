import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser, Dockerfile, From, ImageTemplate, Instruction } from 'dockerfile-ast';
import { classifyDotnetImage, DotnetImage } from '../images/dotnetCatalog';
import { ImageReference, parseImageReference } from '../images/imageReference';
import { nodeFileSystem, ProjectFileSystem } from '../project/fileSystem';
import { XmlProblem } from '../project/msbuildXml';
import { ProjectInfo } from '../project/ProjectInfo';
import { BuildPlan, readBuildPlan } from '../project/readBuildPlan';
import { contextCopies } from './copyInstructions';
import { flagsOf, rawArgumentsContent } from './instructionWords';
import { Fact, remembered } from './remembered';
import { Range } from './types';

/** One build stage: its FROM, what it is based on, and its instructions. */
export interface Stage {
  readonly index: number;
  readonly from: From;
  readonly template: ImageTemplate;
  /** The `AS name`, lower-cased as Docker compares it; undefined for an unnamed stage. */
  readonly name?: string;
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
  /** The build context directory, when known (given, or where the Dockerfile's COPY sources exist). */
  readonly contextDirectory?: string;
  /** The project behind the Dockerfile, when one was found and could be read. */
  readonly project?: ProjectContext;
  /** The project behind the Dockerfile, when one was found (or given) but could not be read. */
  readonly projectProblem?: ProjectProblem;
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
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const dockerfile = DockerfileParser.parse(text);
  const stages = readStages(dockerfile);
  const dockerfilePath = options.dockerfilePath ? path.resolve(options.dockerfilePath) : undefined;
  const base = { text, lines: text.split(/\r?\n/), dockerfile, escapeCharacter: dockerfile.getEscapeCharacter(), stages, now: options.now, fileSystem };
  if (!dockerfilePath) return base;

  const mentioned = mentionedProjectPaths(stages);
  const contextDirectory = options.contextDirectory ? path.resolve(options.contextDirectory) : findContextDirectory(dockerfilePath, mentioned, fileSystem);
  const projectPath = options.projectPath ? path.resolve(options.projectPath) : findProject(dockerfilePath, contextDirectory, mentioned, fileSystem);
  if (!projectPath) return { ...base, dockerfilePath, contextDirectory };
  const read = readProjectCached(projectPath, fileSystem);
  if ('project' in read) return { ...base, dockerfilePath, contextDirectory, project: read.project };
  const dockerfileLine = lineNaming(projectPath, mentioned, [contextDirectory, path.dirname(dockerfilePath)]);
  return { ...base, dockerfilePath, contextDirectory, projectProblem: { ...read, dockerfileLine } };
}

function readStages(dockerfile: Dockerfile): Stage[] {
  const stages: Stage[] = [];
  const froms = dockerfile.getFROMs();
  // dockerfile-ast opens one build stage per FROM, in order; getContainingImage would search them all for each FROM.
  const buildStages = (dockerfile as unknown as { buildStages?: ImageTemplate[] }).buildStages;
  const inOrder = Array.isArray(buildStages) && buildStages.length === froms.length ? buildStages : undefined;
  froms.forEach((from, index) => {
    const template = inOrder?.[index] ?? dockerfile.getContainingImage(from.getRange().start) ?? dockerfile;
    const name = from.getBuildStage()?.toLowerCase() ?? undefined;
    // getExpandedArguments substitutes the global ARG defaults on a FROM line (it has nothing to do without a `$`).
    const written = from.getImage();
    const imageText = (written?.includes('$') ? safe(() => from.getExpandedArguments()[0]?.getValue(), undefined) : undefined) ?? written ?? '';
    const unresolved = /\$/.test(imageText);
    const baseStage = unresolved ? undefined : stages.find(stage => stage.name !== undefined && stage.name === imageText.toLowerCase());
    const { reference, dotnetImage: ownImage } = !baseStage && !unresolved && imageText ? imageNamed(imageText) : noImage;
    const dotnetImage = baseStage ? baseStage.dotnetImage : ownImage;
    const platform = flagsOf(from).find(flag => flag.getName().toLowerCase() === 'platform')?.getValue() ?? undefined;
    const instructions = template.getInstructions().filter(instruction => instruction.getRange().start.line >= from.getRange().start.line);
    stages.push({
      index, from, template, imageText, unresolved, instructions,
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
  readonly named: string[];
  readonly copied: string[];
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

/** The folder, from the Dockerfile's own upward, where the COPY'd project files exist: that is the context. */
function findContextDirectory(dockerfilePath: string, mentioned: MentionedProjects, fileSystem: ProjectFileSystem): string {
  const start = path.dirname(dockerfilePath);
  // COPY sources are relative to the context; paths in dotnet commands may be relative to a WORKDIR, so they
  // are asked only when no COPY source is found (`dotnet build App.csproj` beside the Dockerfile proves nothing).
  for (const probes of [mentioned.copied, mentioned.named]) {
    let dir = start;
    for (let depth = 0; probes.length && depth < 6; depth++) {
      if (probes.some(probe => fileSystem.exists(path.join(dir, probe)))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return start;
}

/** The project named by `dotnet publish|build|restore` (last one wins), else the single project next to the Dockerfile. */
function findProject(dockerfilePath: string, contextDirectory: string, mentioned: MentionedProjects, fileSystem: ProjectFileSystem): string | undefined {
  const byName = (list: string[]) => [...list].reverse()
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
  /** Every path the reading touched (read, listed, or checked for), with its stat stamp then. */
  readonly stamps: ReadonlyMap<string, string | undefined>;
}

/** Projects read from disk, by project path: the editor lints on every keystroke, the project rarely changes. */
const projectCache = new Map<string, CachedProject>();
const PROJECT_CACHE_SIZE = 16;

/**
 * readProject for the real file system, reused while nothing it looked at has changed: a file's or folder's
 * stat (an edit changes a file's, an added or removed file its folder's), or a missing path that now exists.
 * Other file systems (tests, in-memory) are always read afresh.
 */
function readProjectCached(projectPath: string, fileSystem: ProjectFileSystem): ProjectRead {
  if (fileSystem !== nodeFileSystem) return readProject(projectPath, fileSystem);
  const cached = projectCache.get(projectPath);
  if (cached && [...cached.stamps].every(([file, stamp]) => statStamp(file) === stamp)) return cached.read;
  const touched = new Set<string>();
  const readBytes = nodeFileSystem.readBytes!;
  const recording: ProjectFileSystem = {
    readText: file => (touched.add(file), nodeFileSystem.readText(file)),
    readBytes: (file, maxBytes) => (touched.add(file), readBytes(file, maxBytes)),
    exists: file => (touched.add(file), nodeFileSystem.exists(file)),
    isDirectory: dir => (touched.add(dir), nodeFileSystem.isDirectory(dir)),
    list: dir => (touched.add(dir), nodeFileSystem.list(dir)),
  };
  const read = readProject(projectPath, recording);
  projectCache.delete(projectPath);
  if (projectCache.size >= PROJECT_CACHE_SIZE) projectCache.delete(projectCache.keys().next().value!);
  projectCache.set(projectPath, { read, stamps: new Map([...touched].map(file => [file, statStamp(file)])) });
  return read;
}

function statStamp(file: string): string | undefined {
  const stat = safe(() => fs.statSync(file, { throwIfNoEntry: false }), undefined);
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}` : undefined;
}

/** dockerfile-ast can throw on odd input (heredoc edge cases): a rule must never take the linter down. */
export function safe<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback;
  }
}

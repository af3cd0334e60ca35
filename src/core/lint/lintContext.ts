import * as path from 'node:path';
import { DockerfileParser, Dockerfile, From, ImageTemplate, Instruction } from 'dockerfile-ast';
import { classifyDotnetImage, DotnetImage } from '../images/dotnetCatalog';
import { ImageReference, parseImageReference } from '../images/imageReference';
import { nodeFileSystem, ProjectFileSystem } from '../project/fileSystem';
import { ProjectInfo } from '../project/ProjectInfo';
import { BuildPlan, readBuildPlan } from '../project/readBuildPlan';
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
}

/** The last stage: the image `docker build` produces without `--target`. */
export function finalStage(context: LintContext): Stage | undefined {
  return context.stages[context.stages.length - 1];
}

/** Stages that run `dotnet restore|build|publish`: the build stages of a .NET Dockerfile. */
export function dotnetBuildStages(context: LintContext): Stage[] {
  return context.stages.filter(stage => stage.instructions.some(i => i.getKeyword() === 'RUN' && /\bdotnet\s+(restore|build|publish)\b/.test(i.getRawArgumentsContent() ?? '')));
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
  const project = projectPath ? readProject(projectPath, fileSystem) : undefined;
  return { ...base, dockerfilePath, contextDirectory, ...(project ? { project } : {}) };
}

function readStages(dockerfile: Dockerfile): Stage[] {
  const stages: Stage[] = [];
  const froms = dockerfile.getFROMs();
  froms.forEach((from, index) => {
    const template = dockerfile.getContainingImage(from.getRange().start) ?? dockerfile;
    const name = from.getBuildStage()?.toLowerCase() ?? undefined;
    // getExpandedArguments substitutes the global ARG defaults on a FROM line.
    const imageText = safe(() => from.getExpandedArguments()[0]?.getValue(), undefined) ?? from.getImage() ?? '';
    const unresolved = /\$/.test(imageText);
    const baseStage = unresolved ? undefined : stages.find(stage => stage.name !== undefined && stage.name === imageText.toLowerCase());
    const parsed = !baseStage && !unresolved && imageText ? parseImageReference(imageText) : undefined;
    const reference = parsed?.ok ? parsed : undefined;
    const dotnetImage = baseStage ? baseStage.dotnetImage : reference ? classifyDotnetImage(reference) : undefined;
    const platform = from.getFlags().find(flag => flag.getName().toLowerCase() === 'platform')?.getValue() ?? undefined;
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

/** Project files named in COPY sources and dotnet commands, as written (relative to context or WORKDIR). */
function mentionedProjectPaths(stages: readonly Stage[]): { named: string[]; copied: string[] } {
  const named: string[] = [];
  const copied: string[] = [];
  const projectPattern = /[^\s"'[\],]+\.(?:cs|fs|vb)proj\b/gi;
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      const args = instruction.getArguments().map(arg => arg.getValue().replace(/^["']|["'],?$/g, ''));
      if (keyword === 'COPY' || keyword === 'ADD') {
        if (args.length < 2 || instruction.getRawArgumentsContent()?.includes('--from')) continue;
        const jsonStrings = safe(() => (instruction as unknown as { getJSONStrings?: () => Array<{ getValue(): string }> }).getJSONStrings?.() ?? [], []);
        const sources = jsonStrings.length >= 2 ? jsonStrings.slice(0, -1).map(s => s.getValue()) : args.slice(0, -1).filter(arg => !arg.startsWith('--'));
        copied.push(...sources.filter(source => /\.(cs|fs|vb)proj$/i.test(source)));
      } else if (keyword === 'RUN') {
        const content = instruction.getRawArgumentsContent() ?? '';
        for (const match of content.matchAll(/\bdotnet\s+(?:restore|build|publish)\b([^&|;\n]*)/g)) {
          named.push(...[...(match[1] ?? '').matchAll(projectPattern)].map(m => m[0]));
        }
      }
    }
  }
  return { named, copied };
}

/** The folder, from the Dockerfile's own upward, where the COPY'd project files exist: that is the context. */
function findContextDirectory(dockerfilePath: string, mentioned: { named: string[]; copied: string[] }, fileSystem: ProjectFileSystem): string {
  const start = path.dirname(dockerfilePath);
  const probes = [...mentioned.copied, ...mentioned.named];
  if (!probes.length) return start;
  let dir = start;
  for (let depth = 0; depth < 6; depth++) {
    if (probes.some(probe => fileSystem.exists(path.join(dir, probe)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return start;
}

/** The project named by `dotnet publish|build|restore` (last one wins), else the single project next to the Dockerfile. */
function findProject(dockerfilePath: string, contextDirectory: string, mentioned: { named: string[]; copied: string[] }, fileSystem: ProjectFileSystem): string | undefined {
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

function readProject(projectPath: string, fileSystem: ProjectFileSystem): ProjectContext | undefined {
  const read = safe(() => readBuildPlan(projectPath, { fileSystem }), undefined);
  return read?.ok ? { info: read.plan.app, plan: read.plan } : undefined;
}

/** dockerfile-ast can throw on odd input (heredoc edge cases): a rule must never take the linter down. */
export function safe<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback;
  }
}

import * as path from 'node:path';
import { Dockerfile, Instruction } from 'dockerfile-ast';
import { ProjectFileSystem } from '../project/fileSystem';
import { composeContexts } from './composeContext';
import { contextCopies, isPattern, normalizedContextPath } from './copyInstructions';
import { nameMatcher } from './dockerignorePatterns';
import { argumentsContent, rawArgumentsContent } from './instructionWords';
import { ContextEvidence, safe, Stage } from './lintContext';
import { stageChain, workdirAt } from './stageChain';

// Where the build context and the project are, worked out from the Dockerfile's text (the projects it names, the
// paths it relies on) and the disk: the search createLintContext runs when no setting gives them.

/** Project files named in COPY sources and dotnet commands, as written (relative to context or WORKDIR). */
interface MentionedProjects {
  readonly named: readonly string[];
  readonly copied: readonly string[];
  /** The last line of each kind of mention: a `dotnet` command's, a COPY's. */
  readonly namedOn: ReadonlyMap<string, number>;
  readonly copiedOn: ReadonlyMap<string, number>;
}

/** `dotnet restore|build|publish` and the words after it, to the end of the shell command: what the search reads of a RUN. */
const dotnetProjectCommand = /\bdotnet\s+(?:restore|build|publish)\b([^&|;\n]*)/g;

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
      for (const match of content.matchAll(dotnetProjectCommand)) {
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
export function lineNaming(projectPath: string, mentioned: MentionedProjects, bases: readonly string[]): number {
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

export interface FoundContext {
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
export function findContextDirectory(dockerfilePath: string, { paths, patterns }: ContextProbes, fileSystem: ProjectFileSystem): FoundContext {
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
export function contextProbes(stages: readonly Stage[]): ContextProbes {
  const probes = new Set<string>();
  const patterns = new Map<string, NamePattern>();
  const commandProjects: string[] = [];
  const commandFolders: string[] = [];
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
      for (const match of content.matchAll(dotnetProjectCommand)) {
        // `RUN cd /src/app && dotnet publish`: the last plain `cd` before the command moves it.
        const cd = [...content.slice(0, match.index).matchAll(/(?:^|[;&|(]\s*)cd\s+("[^"$]+"|'[^']+'|[^\s;&|$'"]+)/g)].pop()?.[1];
        const directory = cd ? path.posix.resolve(workdir, cd.replace(/^["']|["']$/g, '')) : workdir;
        const named = [...(match[1] ?? '').matchAll(projectOrSolution)].map(m => m[0].replace(/^["']|["']$/g, ''));
        // Without a project or solution, dotnet works on the working directory.
        const targets = named.length ? named.map(name => path.posix.resolve(directory, name.replace(/\\/g, '/'))) : [directory];
        for (const target of targets) {
          for (const probe of contextPathsOf(stage, line, target)) {
            add(probe);
            if (projectFile.test(probe)) commandProjects.push(normalizedContextPath(probe));
            else if (!named.length) commandFolders.push(normalizedContextPath(probe));
          }
        }
      }
    }
  }
  return { paths: [...probes], patterns: [...patterns.values()], commandProjects, commandFolders };
}

interface ContextProbes {
  readonly paths: readonly string[];
  readonly patterns: readonly NamePattern[];
  /** The context paths of the projects dotnet commands name, traced back through the COPYs, in order. */
  readonly commandProjects: readonly string[];
  /** The context paths of the folders dotnet commands that name no project run in (their WORKDIR or `cd`), in order. */
  readonly commandFolders: readonly string[];
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

export function searchInputs(dockerfile: Dockerfile, stages: readonly Stage[]): SearchInputs {
  // Each instruction the search may read, with its line (the mentions carry lines) and its exact text.
  let key = dockerfile.getEscapeCharacter();
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (outsideSearch.has(keyword)) continue;
    // A RUN only by its dotnet commands: typing in `dotnet test …` or `apt-get install …` keeps the inputs.
    key += keyword === 'RUN' ? runSearchText(instruction) : `\0${instruction.getRange().start.line}\0${instruction.getTextContent()}`;
  }
  const known = searchInputsCache.get(key);
  if (known) return known;
  const inputs: SearchInputs = { mentioned: mentionedProjectPaths(stages) };
  if (searchInputsCache.size >= SEARCH_INPUTS_SIZE) searchInputsCache.delete(searchInputsCache.keys().next().value!);
  searchInputsCache.set(key, inputs);
  return inputs;
}

/**
 * All that mentionedProjectPaths and contextProbes read of a RUN, with its line: its dotnet restore|build|publish
 * commands as written (the mentions), and its shell text up to the end of the last of them, continuations joined
 * (the probes read each command and the `cd`s before it). Empty for a RUN with none: neither reads anything of it.
 */
function runSearchText(instruction: Instruction): string {
  const raw = safe(() => rawArgumentsContent(instruction) ?? '', '');
  if (!raw.includes('dotnet')) return '';
  const written = [...raw.matchAll(dotnetProjectCommand)].map(match => match[0]);
  const content = safe(() => argumentsContent(instruction), null) ?? '';
  const last = [...content.matchAll(dotnetProjectCommand)].pop();
  if (!written.length && !last) return '';
  const upToLast = last ? content.slice(0, last.index + last[0].length) : '';
  return `\0${instruction.getRange().start.line}\0${written.join('\0')}\0\0${upToLast}`;
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

const projectFile = /\.(cs|fs|vb)proj$/i;

/**
 * The project named by `dotnet publish|build|restore` (last one wins: as written, else traced back through the COPY
 * that put it where the command names it, `COPY src/ /app/` then `dotnet publish /app/Web/Web.csproj`), else the
 * single project next to the Dockerfile, else the single one the COPYs take (`COPY App.csproj .`, or a pattern:
 * `COPY app/*.csproj app/`).
 */
export function findProject(dockerfilePath: string, contextDirectory: string, mentioned: MentionedProjects, fileSystem: ProjectFileSystem, probes: () => ContextProbes): string | undefined {
  const byName = (list: readonly string[]) => [...list].reverse()
    .flatMap(name => [path.join(contextDirectory, name), path.join(path.dirname(dockerfilePath), name)])
    .find(candidate => fileSystem.exists(candidate));
  const named = byName(mentioned.named);
  if (named) return named;
  const traced = mentioned.named.length ? [...probes().commandProjects].reverse().map(probe => path.join(contextDirectory, probe)).find(candidate => fileSystem.exists(candidate)) : undefined;
  if (traced) return traced;
  // `COPY . ./` then `WORKDIR /source/util/Server` and a bare `dotnet publish` (bitwarden/server): the one project there.
  for (const folder of [...probes().commandFolders].reverse()) {
    const inFolder = fileSystem.list(path.join(contextDirectory, folder)).filter(name => projectFile.test(name));
    if (inFolder.length === 1) return path.join(contextDirectory, folder, inFolder[0]!);
    if (inFolder.length > 1) break; // dotnet itself refuses a folder of several (MSB1011)
  }
  const beside = fileSystem.list(path.dirname(dockerfilePath)).filter(name => projectFile.test(name));
  if (beside.length === 1) return path.join(path.dirname(dockerfilePath), beside[0]!);
  // A Dockerfile that names the project only in COPY (e.g. `COPY App.csproj .` then `dotnet publish`).
  const copiedNames = mentioned.copied.map(source => path.join(contextDirectory, source)).filter(candidate => fileSystem.exists(candidate));
  if (copiedNames.length) return copiedNames.length === 1 ? copiedNames[0] : undefined;
  const matched = probes().patterns.flatMap(pattern => fileSystem.list(path.join(contextDirectory, pattern.folder))
    .filter(name => projectFile.test(name) && pattern.name(name))
    .map(name => path.join(contextDirectory, pattern.folder, name)));
  const distinct = [...new Set(matched)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

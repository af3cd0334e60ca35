import * as path from 'node:path';
import { contextPath } from '../../generate/dockerfileSyntax';
import { contextCopies, ContextCopy, copyWordRanges, isPattern, normalizedContextPath } from '../copyInstructions';
import { contextIsKnown, LintContext, lineRange } from '../lintContext';
import { Rule } from '../rule';
import { Fix, Range, RuleFinding } from '../types';

const projectFile = /\.(?:cs|fs|vb)proj$/i;
/**
 * Files a build never makes, so one the context lacks was renamed or moved rather than not built yet: projects,
 * solutions and MSBuild's and NuGet's own files. (A publish folder or a generated file may well be made by CI
 * before `docker build`: those are not judged.)
 */
const sourceFile = /\.(?:(?:cs|fs|vb)proj|slnx?|slnf|props|targets)$|(?:^|[\\/])(?:nuget\.config|global\.json)$/i;

/**
 * Docker sends only the build context to the builder: a source above it (`../Shared`) is never there, and a
 * project file the Dockerfile still names after a rename or a move fails the build with "not found". Both are
 * checked only where the context is known (a setting, a compose file, or the Dockerfile's other sources).
 */
export const copySourceMissing: Rule = {
  id: 'dotnet/copy-source-missing',
  defaultSeverity: 'error',
  description: 'A COPY source outside the build context, or a project, solution, props or NuGet file the build context does not have (renamed or moved).',
  check(context) {
    if (!contextIsKnown(context) || !context.dockerfilePath) return [];
    const findings: RuleFinding[] = [];
    for (const copy of context.stages.flatMap(contextCopies)) {
      const ranges = copyWordRanges(copy);
      copy.sources.forEach((source, index) => {
        // A variable (ARG, ENV) we do not substitute; ADD's URLs are not context paths.
        if (source.includes('$') || /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(source)) return;
        const range = ranges?.[index] ?? lineRange(context, copy.instruction.getRange().start.line);
        const finding = outsideContext(context, source, range, ranges) ?? missingProject(context, copy, index, source, range, ranges);
        if (finding) findings.push(finding);
      });
    }
    return findings;
  },
};

function outsideContext(context: LintContext, source: string, range: Range, ranges: Range[] | undefined): RuleFinding | undefined {
  const normalized = normalizedContextPath(source);
  if (normalized !== '..' && !normalized.startsWith('../')) return undefined;
  // Written relative to the Dockerfile rather than the context, it is often inside the context after all.
  const meant = path.resolve(path.dirname(context.dockerfilePath!), source.replace(/\\/g, '/'));
  const inContext = contextPath(path.relative(context.contextDirectory!, meant));
  // Without the word's place (a JSON form we could not line up) there is nothing exact to replace.
  const fixes: Fix[] = ranges && inContext && !inContext.startsWith('..') && !path.isAbsolute(inContext) && context.fileSystem.exists(meant)
    ? [replaceSource(context, range, inContext, true)]
    : [];
  return {
    range,
    message: `${source} is outside the build context (${contextDescription(context)}): Docker sends the builder nothing above the context, so this COPY fails or copies something else; move the file into the context or build from a folder that holds it.`,
    fixes,
  };
}

function missingProject(context: LintContext, copy: ContextCopy, index: number, source: string, range: Range, ranges: Range[] | undefined): RuleFinding | undefined {
  if (isPattern(source) || !sourceFile.test(source)) return undefined;
  const written = normalizedContextPath(source);
  const root = context.contextDirectory!;
  if (context.fileSystem.exists(path.join(root, written))) return undefined;
  const candidates = ranges ? replacementProjects(context, written) : [];
  const destination = ranges?.[copy.sources.length];
  const fixes = candidates.map((candidate, i) => {
    const fix = replaceSource(context, range, candidate, i === 0);
    // `COPY ["src/Old/Old.csproj", "src/Old/"]`: the destination follows the project to its folder.
    const destinationFolder = normalizedContextPath(copy.destination);
    const oldFolder = path.posix.dirname(written);
    const newFolder = path.posix.dirname(candidate);
    if (!destination || copy.sources.length !== 1 || oldFolder === newFolder || destinationFolder !== oldFolder || index !== 0) return fix;
    const trailing = /[\\/]$/.test(copy.destination) ? '/' : '';
    return { ...fix, edits: [...fix.edits, { range: destination, newText: quotedLike(context, destination, `${newFolder}${trailing}`) }] };
  });
  return {
    range,
    message: `${source} is not in the build context (${contextDescription(context)}), so the build stops at this COPY with "not found"; the ${projectFile.test(source) ? 'project' : /\.slnx?$|\.slnf$/i.test(source) ? 'solution' : 'file'} was probably renamed or moved${candidates[0] ? ` (${candidates[0]} is there)` : ''}.`,
    fixes,
  };
}

/** Project files the missing one may have become: written relative to the Dockerfile, the one project in its folder, or the same name elsewhere. */
function replacementProjects(context: LintContext, written: string): string[] {
  const root = context.contextDirectory!;
  const { fileSystem } = context;
  const found: string[] = [];
  const add = (candidate: string) => {
    if (!found.includes(candidate)) found.push(candidate);
  };
  const fromDockerfile = contextPath(path.relative(root, path.resolve(path.dirname(context.dockerfilePath!), written)));
  if (fromDockerfile && !fromDockerfile.startsWith('..') && fileSystem.exists(path.join(root, fromDockerfile))) add(fromDockerfile);
  const folder = path.posix.dirname(written);
  const extension = path.extname(written).toLowerCase();
  const beside = fileSystem.list(path.join(root, folder)).filter(name => path.extname(name).toLowerCase() === extension);
  if (beside.length === 1) add(folder === '.' ? beside[0]! : `${folder}/${beside[0]!}`);
  const sameName = projectsNamed(context, path.posix.basename(written));
  if (sameName.length === 1) add(sameName[0]!);
  return found;
}

/** Folders never worth walking for a project: build output, packages, tools' own. */
const skippedFolders = new Set(['bin', 'obj', 'node_modules', 'packages', 'artifacts', 'TestResults']);
const MAX_FOLDERS = 2000;
const MAX_DEPTH = 8;

/** Context paths of the project files with this name (case-insensitive), from a bounded walk of the context. */
function projectsNamed(context: LintContext, name: string): string[] {
  const root = context.contextDirectory!;
  const found: string[] = [];
  const queue: Array<{ readonly relative: string; readonly depth: number }> = [{ relative: '', depth: 0 }];
  for (let visited = 0; queue.length && visited < MAX_FOLDERS; visited++) {
    const { relative, depth } = queue.shift()!;
    for (const entry of context.fileSystem.list(path.join(root, relative))) {
      const child = relative ? `${relative}/${entry}` : entry;
      if (entry.toLowerCase() === name.toLowerCase()) found.push(child);
      else if (depth < MAX_DEPTH && !entry.startsWith('.') && !skippedFolders.has(entry) && !path.extname(entry) && context.fileSystem.isDirectory(path.join(root, child))) queue.push({ relative: child, depth: depth + 1 });
    }
  }
  return found;
}

/** Replaces the source word, in the quotes it had. */
function replaceSource(context: LintContext, range: Range, replacement: string, preferred: boolean): Fix {
  return { title: `Copy ${replacement} instead`, edits: [{ range, newText: quotedLike(context, range, replacement) }], preferred };
}

/** The new word in the quotes the old one had (JSON form, or a quoted shell word); plain otherwise. */
function quotedLike(context: LintContext, range: Range, word: string): string {
  const old = context.lines[range.start.line]?.slice(range.start.character, range.end.character) ?? '';
  if (old.startsWith('"')) return JSON.stringify(word);
  if (old.startsWith("'")) return `'${word}'`;
  return /[\s"'$]/.test(word) ? JSON.stringify(word) : word;
}

function contextDescription(context: LintContext): string {
  const from = path.dirname(context.dockerfilePath!);
  const relative = contextPath(path.relative(from, context.contextDirectory!));
  const folder = relative ? `${relative} from the Dockerfile` : 'the Dockerfile\'s folder';
  if (context.contextEvidence === 'compose' && context.composeFile) return `${folder}, as ${contextPath(path.relative(from, context.composeFile))} sets it`;
  return context.contextEvidence === 'given' ? `${folder}, as set` : folder;
}

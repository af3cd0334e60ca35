import * as path from 'node:path';
import { contextPath } from '../../generate/dockerfileSyntax';
import { createDockerignore, mergeDockerignore } from '../../generate/dockerignoreTemplate';
import { contextCopies, ContextCopy, holds, normalizedContextPath } from '../copyInstructions';
import { isIgnored, IgnorePattern, parseDockerignore } from '../dockerignorePatterns';
import { contextIsKnown, LintContext, lineRange } from '../lintContext';
import { Rule } from '../rule';
import { Fix } from '../types';

/** Files that stand for a project's build output: what a host build leaves in bin/ and obj/. */
const outputProbes = [{ folder: 'bin', file: 'bin/Debug/app.dll' }, { folder: 'obj', file: 'obj/project.assets.json' }];

/**
 * A COPY of a project folder also copies the host's bin/ and obj/ unless the build context's ignore file
 * leaves them out: the host's obj/project.assets.json then points the restore at host paths (NETSDK1004,
 * NETSDK1047, missing fallback folders), and stale host output can end up in the image.
 */
export const dockerignore: Rule = {
  id: 'dotnet/dockerignore',
  defaultSeverity: 'warning',
  description: 'The build context has no .dockerignore, or one that lets the host\'s bin/ and obj/ folders in.',
  usesProject: true,
  check(context) {
    const { contextDirectory, dockerfilePath } = context;
    if (!contextDirectory || !dockerfilePath) return [];
    const folders = projectFolders(context, contextDirectory, dockerfilePath);
    const copy = context.stages.flatMap(contextCopies).find(c => copiesAnyOf(c, folders));
    if (!copy) return [];
    const range = lineRange(context, copy.instruction.getRange().start.line);

    // BuildKit prefers `<Dockerfile>.dockerignore` next to the Dockerfile over the context's own `.dockerignore`.
    const specific = `${dockerfilePath}.dockerignore`;
    const ignoreFile = context.fileSystem.exists(specific) ? specific : path.join(contextDirectory, '.dockerignore');
    const read = context.fileSystem.exists(ignoreFile) ? readIgnoreFile(context, ignoreFile) : undefined;
    if (read && 'unread' in read) {
      return [{
        range,
        severity: 'info',
        message: `${path.basename(ignoreFile)} ${read.unread}, so whether it leaves the host's bin/ and obj/ out of this COPY is not checked.`,
      }];
    }
    const text = read?.text;
    if (text === undefined) {
      // Where nothing says where the context is, its .dockerignore may well be elsewhere (a compose file's, a CI script's context).
      if (!contextIsKnown(context)) return [];
      const relative = contextPath(path.relative(path.dirname(dockerfilePath), contextDirectory));
      const folder = relative ? `${relative} from the Dockerfile` : 'the Dockerfile\'s folder';
      const where = context.composeFile ? `${folder}, as ${contextPath(path.relative(path.dirname(dockerfilePath), context.composeFile))} sets it` : folder;
      return [{
        range,
        message: `The build context (${where}) has no .dockerignore, so this COPY takes the host's bin/ and obj/ folders into the image, where the host's obj/project.assets.json breaks the restore (NETSDK1004/NETSDK1047) and stale output can be published; create a .dockerignore that leaves them out.`,
        fixes: [{ title: 'Create .dockerignore', edits: [], createFiles: [{ path: ignoreFile, content: createDockerignore() }], preferred: true }],
      }];
    }

    const patterns = ignorePatterns(text);
    const leaks = outputProbes.filter(probe => folders.some(folder => !isIgnored(patterns, joinContextPath(folder, probe.file))));
    if (!leaks.length) return [];
    const name = path.basename(ignoreFile);
    const leaked = leaks.map(probe => `${probe.folder}/`).join(' and ');
    return [{
      range,
      message: `${name} ${whyLeaks(patterns, folders, leaks.map(l => l.folder))}, so this COPY takes the host's ${leaked} into the image, where the host's obj/project.assets.json breaks the restore (NETSDK1004/NETSDK1047) and stale output can be published; exclude **/bin/ and **/obj/.`,
      fixes: [addOutputFoldersFix(ignoreFile, text, folders)],
    }];
  },
};

/** An ignore file is a few hundred bytes; one larger than this is not read on every keystroke. */
export const MAX_DOCKERIGNORE_BYTES = 1024 * 1024;

/**
 * The ignore file's text, read bounded: a huge file, or one that is not a regular file (a FIFO would block the
 * read forever), is not read, and why is said instead.
 */
function readIgnoreFile(context: LintContext, file: string): { readonly text: string } | { readonly unread: string } {
  const { fileSystem } = context;
  if (!fileSystem.readBytes) {
    const text = fileSystem.readText(file);
    if (text === undefined) return { unread: 'cannot be read' };
    return text.length > MAX_DOCKERIGNORE_BYTES ? { unread: tooLarge(text.length) } : { text };
  }
  const read = fileSystem.readBytes(file, MAX_DOCKERIGNORE_BYTES);
  if ('error' in read) return { unread: `cannot be read (${read.error})` };
  if (read.size > read.bytes.length) return { unread: tooLarge(read.size) };
  return { text: new TextDecoder().decode(read.bytes) };
}

function tooLarge(size: number): string {
  return `is ${(size / (1024 * 1024)).toFixed(1)} MB, more than the ${MAX_DOCKERIGNORE_BYTES / (1024 * 1024)} MB read to check it`;
}

/** The last ignore file's patterns: it is read on every lint, and rarely changes between two. */
let lastIgnoreFile: { readonly text: string; readonly patterns: readonly IgnorePattern[] } | undefined;

function ignorePatterns(text: string): readonly IgnorePattern[] {
  if (lastIgnoreFile?.text !== text) lastIgnoreFile = { text, patterns: parseDockerignore(text) };
  return lastIgnoreFile.patterns;
}

/**
 * The folders (context paths) of the projects the build compiles. With no project found, the folders of the project
 * files the COPYs name (even one renamed since: its folder is still where a project is), else the Dockerfile's own.
 */
function projectFolders(context: LintContext, contextDirectory: string, dockerfilePath: string): string[] {
  const inContext = (dir: string) => contextPath(path.relative(contextDirectory, dir));
  const named = context.project ? [] : context.stages.flatMap(contextCopies).flatMap(copy => copy.sources)
    .map(normalizedContextPath)
    .filter(source => /\.(?:cs|fs|vb)proj$/i.test(source) && !/[*?[]/.test(source))
    .map(source => (source.includes('/') ? source.slice(0, source.lastIndexOf('/')) : ''));
  const folders = context.project
    ? context.project.plan.projects.map(p => inContext(p.directory))
    : named.length ? named : [inContext(path.dirname(dockerfilePath))];
  return [...new Set(folders.filter(dir => !dir.startsWith('..') && !path.isAbsolute(dir)))];
}

/** Whether a COPY's sources take in one of the folders: the folder itself, a parent, or a `*`/`**` pattern over it. */
function copiesAnyOf(copy: ContextCopy, folders: readonly string[]): boolean {
  return copy.sources.some(source => {
    const segments = normalizedContextPath(source).split('/');
    const firstPattern = segments.findIndex(segment => /[*?[]/.test(segment));
    if (firstPattern >= 0 && !segments.slice(firstPattern).some(segment => segment === '*' || segment === '**')) return false;
    const fixed = (firstPattern >= 0 ? segments.slice(0, firstPattern) : segments).join('/');
    return folders.some(folder => holds(fixed, folder));
  });
}

function joinContextPath(folder: string, file: string): string {
  return folder ? `${folder}/${file}` : file;
}

/** Why the ignore file lets the folders through: an exception puts them back, or no line reaches that deep. */
function whyLeaks(patterns: readonly IgnorePattern[], folders: readonly string[], leaked: readonly string[]): string {
  const exclusions = patterns.filter(p => !p.exception);
  const excludedWithoutExceptions = folders.every(folder => leaked.every(name => isIgnored(exclusions, joinContextPath(folder, `${name}/x`))));
  if (excludedWithoutExceptions) return `puts ${leaked.map(n => `${n}/`).join(' and ')} back with a ! exception`;
  const rootOnly = exclusions.some(p => leaked.includes(p.pattern)) && folders.some(folder => folder !== '');
  return rootOnly
    ? `excludes ${leaked.map(n => `${n}/`).join(' and ')} only at the root of the context (a pattern without **/ matches one place)`
    : `does not exclude ${leaked.map(n => `${n}/`).join(' and ')}`;
}

/**
 * The shared merge (the generator's patterns, added above the user's first `!` exception). When an exception
 * still puts bin/ or obj/ back, the two patterns also go last: the last matching line decides.
 */
function addOutputFoldersFix(ignoreFile: string, text: string, folders: readonly string[]): Fix {
  let content = mergeDockerignore(text).text;
  const stillLeaks = (candidate: string) => outputProbes.some(probe => folders.some(folder => !isIgnored(parseDockerignore(candidate), joinContextPath(folder, probe.file))));
  if (stillLeaks(content)) {
    const eol = content.includes('\r\n') ? '\r\n' : '\n';
    content += ['# Last, so that no exception above puts build output back:', '**/bin/', '**/obj/'].join(eol) + eol;
  }
  return { title: `Add bin/ and obj/ to ${path.basename(ignoreFile)}`, edits: [], createFiles: [{ path: ignoreFile, content, overwrite: true }], preferred: true };
}

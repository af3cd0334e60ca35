import * as path from 'node:path';
import { FolderEntry, ProjectFileSystem } from './fileSystem';

/**
 * MSBuild item wildcards (`*`, `?`, `**`) expanded the way MSBuild does it for an `Include`: relative to the project
 * folder, `**` standing for any number of folders (none included), names matched without regard to case (as MSBuild
 * matches them on Linux too), hidden folders included. Bounded: a pattern such as `/**\/*.csproj` would otherwise walk
 * a whole disk, synchronously, on every lint.
 */

/**
 * Folders one build plan (or one evaluation alone) may list for wildcards. A `Modules\**\Infrastructure\*.csproj` in a
 * real modular monolith lists a few hundred (build output and tool folders left out, see skippedByRecursion).
 */
export const maxGlobFolders = 4_000;
/** Path parts a wildcard may have; real ones have a handful, and matching recurses on them. */
export const maxGlobSegments = 128;
/** Files one wildcard may match. */
export const maxGlobMatches = 1_000;

export interface GlobBudget {
  /** Folders still allowed to be listed in this evaluation. */
  folders: number;
}

export type GlobExpansion =
  | { readonly ok: true; readonly files: readonly string[] }
  | { readonly ok: false; readonly reason: string; readonly files: readonly string[] };

export function hasWildcard(text: string): boolean {
  return /[*?]/.test(text);
}

/** The files `pattern` (already property-expanded, any separators) matches, absolute, in MSBuild's ordinal order. */
export function expandGlob(pattern: string, baseDirectory: string, fileSystem: ProjectFileSystem, budget: GlobBudget): GlobExpansion {
  const absolute = path.resolve(baseDirectory, pattern.replace(/\\/g, '/'));
  const root = path.parse(absolute).root;
  const segments = absolute.slice(root.length).split(/[\\/]+/).filter(Boolean);
  if (segments.length > maxGlobSegments) return { ok: false, reason: `it has more than ${maxGlobSegments} path parts`, files: [] };
  const firstWild = segments.findIndex(hasWildcard);
  if (firstWild < 0) return { ok: true, files: [absolute] };
  const fixed = path.join(root, ...segments.slice(0, firstWild));
  const rest = segments.slice(firstWild);
  // MSBuild refuses to enumerate a whole drive (MSB5029); so do we.
  if (fixed === root && rest.includes('**')) return { ok: false, reason: `it would list every file on the disk (${root}**)`, files: [] };

  const matches = new Set<string>();
  let refusal: string | undefined;
  const visited = new Set<string>();
  const walk = (dir: string, at: number): void => {
    if (refusal) return;
    // The same folder at the same point of the pattern is walked once (`**\**`, folders linked into themselves).
    const key = `${at}\u0000${dir}`;
    if (visited.has(key)) return;
    visited.add(key);
    const segment = rest[at]!;
    const last = at === rest.length - 1;
    if (segment === '**') {
      if (last) return collectAll(dir);
      walk(dir, at + 1);
      for (const entry of entries(dir)) if (entry.isDirectory && !skippedByRecursion(entry.name)) walk(path.join(dir, entry.name), at);
      return;
    }
    const matcher = segmentMatcher(segment);
    for (const entry of entries(dir)) {
      if (refusal || !matcher(entry.name)) continue;
      const child = path.join(dir, entry.name);
      if (last) {
        if (!entry.isDirectory) add(child);
      } else if (entry.isDirectory) walk(child, at + 1);
    }
  };
  /** A folder's entries, each listing paid for from the budget; listed once per expansion. */
  const listed = new Map<string, FolderEntry[]>();
  const entries = (dir: string): FolderEntry[] => {
    const known = listed.get(dir);
    if (known) return known;
    if (--budget.folders < 0) {
      refusal = `it lists more than ${maxGlobFolders} folders`;
      return [];
    }
    const found = (fileSystem.listEntries?.(dir) ?? fileSystem.list(dir).map(name => ({ name, isDirectory: fileSystem.isDirectory(path.join(dir, name)) })))
      .sort((a, b) => ordinal(a.name, b.name));
    listed.set(dir, found);
    return found;
  };
  const collectAll = (dir: string): void => {
    for (const entry of entries(dir)) {
      if (refusal) return;
      const child = path.join(dir, entry.name);
      if (entry.isDirectory) {
        if (!skippedByRecursion(entry.name)) collectAll(child);
      } else add(child);
    }
  };
  const add = (file: string) => {
    matches.add(file);
    if (matches.size > maxGlobMatches) refusal = `it matches more than ${maxGlobMatches} files`;
  };

  if (fileSystem.isDirectory(fixed)) walk(fixed, 0);
  const files = [...matches].sort(ordinal);
  return refusal ? { ok: false, reason: refusal, files } : { ok: true, files };
}

/** Whether `file` (absolute) is one `pattern` names, literally or by wildcard; for `Exclude` and `Remove`. */
export function globMatches(pattern: string, baseDirectory: string, file: string): boolean {
  const absolute = path.resolve(baseDirectory, pattern.replace(/\\/g, '/'));
  if (!hasWildcard(absolute)) return absolute.toLowerCase() === path.resolve(file).toLowerCase();
  const toSegments = (text: string) => text.slice(path.parse(text).root.length).split(/[\\/]+/).filter(Boolean);
  const patternSegments = toSegments(absolute);
  const fileSegments = toSegments(path.resolve(file));
  if (patternSegments.length > maxGlobSegments || fileSegments.length > maxGlobSegments) return false;
  // Remembered by position: `**\**\**…` would otherwise try every split of the path.
  const known = new Map<number, boolean>();
  const match = (p: number, f: number): boolean => {
    const key = p * (fileSegments.length + 1) + f;
    const remembered = known.get(key);
    if (remembered !== undefined) return remembered;
    let result: boolean;
    if (p === patternSegments.length) result = f === fileSegments.length;
    else if (patternSegments[p] === '**') {
      result = false;
      for (let skip = f; skip <= fileSegments.length && !result; skip++) result = match(p + 1, skip);
    } else result = f < fileSegments.length && segmentMatcher(patternSegments[p]!)(fileSegments[f]!) && match(p + 1, f + 1);
    known.set(key, result);
    return result;
  };
  return match(0, 0);
}

/**
 * Folders `**` does not descend into, where MSBuild would: build output (bin, obj) and tool folders (.git,
 * node_modules) hold thousands of folders in a built repository and never a project the build means. A pattern that
 * names one of them outright (`obj\*.csproj`) still reaches it.
 */
function skippedByRecursion(name: string): boolean {
  return /^(bin|obj|\.git|node_modules)$/i.test(name);
}

function segmentMatcher(segment: string): (name: string) => boolean {
  if (!hasWildcard(segment)) {
    const lower = segment.toLowerCase();
    return name => name.toLowerCase() === lower;
  }
  const source = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*+/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, 'is');
  return name => regex.test(name);
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

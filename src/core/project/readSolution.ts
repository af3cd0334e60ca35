import * as path from 'node:path';
import { normalizeSeparators } from './evaluateProject';
import { ProjectFileSystem } from './fileSystem';
import { attribute, parseMsbuildXml, XmlElement, XmlProblem } from './msbuildXml';
import { maxProjectFileBytes, maxSolutionFileBytes, readProjectFile } from './projectFile';

export interface SolutionFile {
  readonly file: string;
  /** Absolute paths of the projects the solution lists. */
  readonly projects: readonly string[];
}

export type SolutionRead = { readonly ok: true; readonly solution: SolutionFile } | { readonly ok: false; readonly problem: XmlProblem };

/** Reads a `.sln` (text) or `.slnx` (XML) solution; undefined when it cannot be read (`readSolutionFile` says why). */
export function readSolution(file: string, fileSystem: ProjectFileSystem): SolutionFile | undefined {
  const read = readSolutionFile(file, fileSystem);
  return read.ok ? read.solution : undefined;
}

/** Reads a `.sln` (text) or `.slnx` (XML) solution, or says where and why it cannot be read. */
export function readSolutionFile(file: string, fileSystem: ProjectFileSystem): SolutionRead {
  // Bounded like a project: solutions are read upward from every project, hostile ones included. A `.slnx` is
  // XML, with a project's limits; a `.sln` is read with a pattern, which a larger file costs little.
  const xml = file.toLowerCase().endsWith('.slnx');
  const read = readProjectFile(file, fileSystem, xml ? maxProjectFileBytes : maxSolutionFileBytes);
  if (!read.ok) return read;
  const text = read.text;
  const dir = path.dirname(file);
  const projects: string[] = [];
  if (xml) {
    const parsed = parseMsbuildXml(text, file);
    if (!parsed.ok) return parsed;
    const visit = (element: XmlElement) => {
      if (element.name === 'Project') {
        const projectPath = attribute(element, 'Path');
        if (projectPath) projects.push(path.resolve(dir, normalizeSeparators(projectPath)));
      }
      element.children.forEach(visit);
    };
    visit(parsed.root);
  } else {
    const line = /^Project\("\{[^}]+\}"\)\s*=\s*"[^"]*"\s*,\s*"([^"]+)"/gm;
    for (const match of text.matchAll(line)) {
      const projectPath = match[1]!;
      // Solution folders are listed as projects too; keep only project files.
      if (/\.(cs|fs|vb)proj$/i.test(projectPath)) projects.push(path.resolve(dir, normalizeSeparators(projectPath)));
    }
  }
  return { ok: true, solution: { file, projects } };
}

export interface SolutionSearch {
  /** The nearest solution in the project's folder or above that lists it. */
  readonly solution?: SolutionFile;
  /** Solutions met on the way that could not be read (too large, not text, a DOCTYPE…): they might have listed it. */
  readonly unread: readonly XmlProblem[];
}

/** The nearest solution in the project's folder or above that lists it, and the solutions met before it that could not be read. */
export function findSolutionFor(projectFile: string, fileSystem: ProjectFileSystem): SolutionSearch {
  const unread: XmlProblem[] = [];
  let dir = path.dirname(path.resolve(projectFile));
  for (;;) {
    const candidates = fileSystem.list(dir).filter(name => /\.slnx?$/i.test(name)).sort();
    for (const name of candidates) {
      const read = readSolutionFile(path.join(dir, name), fileSystem);
      if (!read.ok) unread.push(read.problem);
      else if (read.solution.projects.some(p => samePath(p, projectFile))) return { solution: read.solution, unread };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { unread };
    dir = parent;
  }
}

export function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

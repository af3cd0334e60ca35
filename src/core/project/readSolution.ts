import * as path from 'node:path';
import { normalizeSeparators } from './evaluateProject';
import { ProjectFileSystem } from './fileSystem';
import { attribute, parseMsbuildXml, XmlElement } from './msbuildXml';
import { maxProjectFileBytes, maxSolutionFileBytes, readProjectFile } from './projectFile';

export interface SolutionFile {
  readonly file: string;
  /** Absolute paths of the projects the solution lists. */
  readonly projects: readonly string[];
}

/** Reads a `.sln` (text) or `.slnx` (XML) solution; undefined when it cannot be read. */
export function readSolution(file: string, fileSystem: ProjectFileSystem): SolutionFile | undefined {
  // Bounded like a project: solutions are read upward from every project, hostile ones included. A `.slnx` is
  // XML, with a project's limits; a `.sln` is read with a pattern, which a larger file costs little.
  const xml = file.toLowerCase().endsWith('.slnx');
  const read = readProjectFile(file, fileSystem, xml ? maxProjectFileBytes : maxSolutionFileBytes);
  if (!read.ok) return undefined;
  const text = read.text;
  const dir = path.dirname(file);
  const projects: string[] = [];
  if (xml) {
    const parsed = parseMsbuildXml(text, file);
    if (!parsed.ok) return undefined;
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
  return { file, projects };
}

/** The nearest solution in the project's folder or above that lists it. */
export function findSolutionFor(projectFile: string, fileSystem: ProjectFileSystem): SolutionFile | undefined {
  let dir = path.dirname(path.resolve(projectFile));
  for (;;) {
    const candidates = fileSystem.list(dir).filter(name => /\.slnx?$/i.test(name)).sort();
    for (const name of candidates) {
      const solution = readSolution(path.join(dir, name), fileSystem);
      if (solution?.projects.some(p => samePath(p, projectFile))) return solution;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

import * as path from 'node:path';
import { evaluateProject, EvaluationOptions, findFileAbove } from './evaluateProject';
import { nodeFileSystem, ProjectFileSystem } from './fileSystem';
import { XmlProblem } from './msbuildXml';
import { describeProject, ProjectInfo } from './ProjectInfo';
import { findSolutionFor, samePath, SolutionFile } from './readSolution';

/** Everything a container build of one app needs: its project closure, the files around it, and the context. */
export interface BuildPlan {
  readonly app: ProjectInfo;
  /** The app first, then every project it references, transitively, each once. */
  readonly projects: readonly ProjectInfo[];
  /** Directory.Build.props/targets, Directory.Packages.props, NuGet.config, global.json that the build reads. */
  readonly supportFiles: readonly string[];
  /** Files the projects take from outside their own folders. */
  readonly externalFiles: readonly string[];
  readonly solution?: SolutionFile;
  /** The build context: the solution folder, widened to hold everything above. */
  readonly contextDirectory: string;
  /** Problems that do not stop the plan (a missing or malformed referenced project). */
  readonly warnings: readonly string[];
}

export type BuildPlanResult = { readonly ok: true; readonly plan: BuildPlan } | { readonly ok: false; readonly problem: XmlProblem };

export interface BuildPlanOptions extends EvaluationOptions {
  readonly fileSystem?: ProjectFileSystem;
  /** Facts about the app known better than a static reading can tell (MSBuild's own evaluation); they win. */
  readonly appOverrides?: Partial<ProjectInfo>;
}

/**
 * The most projects a closure is read to. Real apps reference tens, a large one a couple of hundred; past this a
 * hostile tree of tiny projects would keep the extension host busy reading them (each costs about 0.1 ms and
 * 50 KB), so the rest is left out, with a warning.
 */
export const maxClosureProjects = 500;

/** Reads the app project and its reference closure, reading only the files of that closure. */
export function readBuildPlan(appProjectFile: string, options: BuildPlanOptions = {}): BuildPlanResult {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const evaluationOptions = { ...options, fileSystem };
  const first = evaluateProject(appProjectFile, evaluationOptions);
  if (!first.ok) return first;
  const app: ProjectInfo = { ...describeProject(first.project), ...options.appOverrides };

  const projects: ProjectInfo[] = [app];
  const warnings: string[] = [];
  const queue = [...app.projectReferences];
  const seen = new Set([app.file]);
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    if (projects.length >= maxClosureProjects) {
      warnings.push(`the project references more than ${maxClosureProjects} projects (directly or through others): only the first ${maxClosureProjects} are read, ${path.basename(file)} and those after it are not`);
      break;
    }
    seen.add(file);
    if (!fileSystem.exists(file)) {
      warnings.push(`${path.basename(file)} is referenced but does not exist at ${file}`);
      continue;
    }
    const evaluated = evaluateProject(file, evaluationOptions);
    if (!evaluated.ok) {
      const { problem } = evaluated;
      warnings.push(`${problem.file}(${problem.line},${problem.column}): ${problem.message}`);
      continue;
    }
    const info = describeProject(evaluated.project);
    projects.push(info);
    queue.push(...info.projectReferences);
  }

  const solution = findSolutionFor(app.file, fileSystem);
  const boundary = repositoryRoot(app.directory, fileSystem) ?? (solution ? path.dirname(solution.file) : app.directory);
  const supportFiles = new Set<string>();
  for (const project of projects) {
    for (const imported of project.importedFiles) if (!samePath(imported, project.file)) supportFiles.add(imported);
    const packages = findFileAbove(project.directory, 'Directory.Packages.props', fileSystem);
    if (packages) supportFiles.add(packages);
    const nugetConfig = findNamedFileAbove(project.directory, 'nuget.config', boundary, fileSystem);
    if (nugetConfig) supportFiles.add(nugetConfig);
  }
  const globalJson = findNamedFileAbove(app.directory, 'global.json', boundary, fileSystem);
  if (globalJson) supportFiles.add(globalJson);
  const externalFiles = [...new Set(projects.flatMap(p => p.externalFiles))];

  const everything = [...projects.map(p => p.file), ...supportFiles, ...externalFiles];
  const contextDirectory = commonAncestor([solution ? path.dirname(solution.file) : commonAncestor(everything.map(f => path.dirname(f))), ...everything.map(f => path.dirname(f))]);
  return {
    ok: true,
    plan: {
      app,
      projects,
      supportFiles: [...supportFiles].sort(),
      externalFiles,
      ...(solution ? { solution } : {}),
      contextDirectory,
      warnings,
    },
  };
}

/** The folder holding a `.git`, which bounds searches for NuGet.config and global.json. */
function repositoryRoot(start: string, fileSystem: ProjectFileSystem): string | undefined {
  const git = findFileAbove(start, '.git', fileSystem);
  return git ? path.dirname(git) : undefined;
}

/** The nearest file named `name` (any case, as NuGet matches it), not above `boundary`. */
function findNamedFileAbove(start: string, name: string, boundary: string, fileSystem: ProjectFileSystem): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const match = fileSystem.list(dir).find(entry => entry.toLowerCase() === name);
    if (match) return path.join(dir, match);
    const parent = path.dirname(dir);
    if (parent === dir || path.relative(boundary, dir) === '' || path.relative(boundary, dir).startsWith('..')) return undefined;
    dir = parent;
  }
}

export function commonAncestor(dirs: readonly string[]): string {
  const [first, ...rest] = dirs.map(d => path.resolve(d));
  if (!first) return path.resolve('.');
  let common = first;
  for (const dir of rest) {
    while (path.relative(common, dir).startsWith('..') || path.isAbsolute(path.relative(common, dir))) {
      const parent = path.dirname(common);
      if (parent === common) return common;
      common = parent;
    }
  }
  return common;
}

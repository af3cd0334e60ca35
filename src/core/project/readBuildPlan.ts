import * as os from 'node:os';
import * as path from 'node:path';
import { EvaluatedProject, evaluateProject, EvaluationOptions, findFileAbove } from './evaluateProject';
import { nodeFileSystem, ProjectFileSystem } from './fileSystem';
import { readGlobalJson } from './globalJson';
import { ownKestrelEndpoints } from './kestrelEndpoints';
import { maxGlobFolders } from './globs';
import { ClosureProject, indirectAspNetCore } from './indirectAspNetCore';
import { XmlProblem } from './msbuildXml';
import { describeProject, ProjectInfo } from './ProjectInfo';
import { findSolutionFor, samePath, SolutionFile } from './readSolution';

/** Everything a container build of one app needs: its project closure, the files around it, and the context. */
export interface BuildPlan {
  readonly app: ProjectInfo;
  /** The app first, then every project it references, transitively, each once. */
  readonly projects: readonly ProjectInfo[];
  /**
   * Directory.Build.props/targets, Directory.Packages.props, NuGet.config, global.json and the projects'
   * packages.lock.json files that the build reads.
   */
  readonly supportFiles: readonly string[];
  /** Files the projects take from outside their own folders. */
  readonly externalFiles: readonly string[];
  /** The paths the closure's Exists() conditions found: a restore that cannot see them decides those conditions otherwise. */
  readonly conditionPaths: readonly string[];
  readonly solution?: SolutionFile;
  /**
   * The build context: the solution folder, widened to hold everything above, and the NuGet.config files and
   * global.json the build reads from folders above, unless that would take in the home folder, the file system's
   * root or more than the repository (then a warning says what to do).
   */
  readonly contextDirectory: string;
  /** Problems that do not stop the plan (a missing or malformed referenced project). */
  readonly warnings: readonly string[];
}

export type BuildPlanResult = { readonly ok: true; readonly plan: BuildPlan } | { readonly ok: false; readonly problem: XmlProblem };

export interface BuildPlanOptions extends EvaluationOptions {
  readonly fileSystem?: ProjectFileSystem;
  /** Facts about the app known better than a static reading can tell (MSBuild's own evaluation); they win. */
  readonly appOverrides?: Partial<ProjectInfo>;
  /** The NuGet global packages folder, where package nuspecs are read (default `NUGET_PACKAGES`, then `~/.nuget/packages`). */
  readonly globalPackagesFolder?: string;
  /** The user's home folder, which the build context never grows to take in (default: the real one). */
  readonly homeDirectory?: string;
}

/**
 * The most projects a closure is read to. Real apps reference tens, a large one a couple of hundred; past this a
 * hostile tree of tiny projects would keep the extension host busy reading them (each costs about 0.1 ms and
 * 50 KB), so the rest is left out, with a warning.
 */
export const maxClosureProjects = 500;

/** The most unreadable solutions a plan names in its warnings. */
const maxUnreadSolutionsNamed = 3;

/** Reads the app project and its reference closure, reading only the files of that closure. */
export function readBuildPlan(appProjectFile: string, options: BuildPlanOptions = {}): BuildPlanResult {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  // One wildcard budget for the whole closure: a tree of projects each listing the disk is bounded as one would be.
  const evaluationOptions = { ...options, fileSystem, globBudget: options.globBudget ?? { folders: maxGlobFolders } };
  const first = evaluateProject(appProjectFile, evaluationOptions);
  if (!first.ok) return first;
  let app: ProjectInfo = { ...describeProject(first.project), ...options.appOverrides };

  const projects: ProjectInfo[] = [app];
  const evaluatedProjects = new Map<string, EvaluatedProject>([[app.file, first.project]]);
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
    evaluatedProjects.set(info.file, evaluated.project);
    queue.push(...info.projectReferences);
  }

  if (!app.aspNetCore && !options.appOverrides?.aspNetCore) {
    const closure = new Map<string, ClosureProject>(projects.slice(1).map(info => [info.file, { info, evaluated: evaluatedProjects.get(info.file)! }]));
    const via = indirectAspNetCore({ info: app, evaluated: first.project }, closure, {
      fileSystem,
      ...(options.globalPackagesFolder ? { globalPackagesFolder: options.globalPackagesFolder } : {}),
    });
    // The kind stays what the project says (worker, console); the final image follows aspNetCore.
    if (via) app = { ...app, aspNetCore: true, aspNetCoreVia: via };
    projects[0] = app;
  }

  // Endpoints the app sets itself decide where it listens, whatever the Dockerfile's ports say.
  if (app.aspNetCore) {
    const ownEndpoints = ownKestrelEndpoints(app.directory, fileSystem);
    if (ownEndpoints) projects[0] = app = { ...app, ownEndpoints };
  }

  // Building the app builds its references: a step of theirs that runs npm needs Node.js in the same build stage.
  if (!app.buildRunsNode) {
    const step = projects.find(p => p.buildRunsNode)?.buildRunsNode;
    if (step) projects[0] = app = { ...app, buildRunsNode: step };
  }

  const { solution, unread } = findSolutionFor(app.file, fileSystem);
  const listing = cachedListing(fileSystem);
  const supportFiles = new Set<string>();
  for (const project of projects) {
    for (const imported of project.importedFiles) if (!samePath(imported, project.file)) supportFiles.add(imported);
    const packages = findFileAbove(project.directory, 'Directory.Packages.props', fileSystem);
    if (packages) supportFiles.add(packages);
    const lockFile = packagesLockFile(project, fileSystem);
    if (lockFile) supportFiles.add(lockFile);
  }
  const externalFiles = [...new Set(projects.flatMap(p => p.externalFiles))];
  const everything = [...projects.map(p => p.file), ...supportFiles, ...externalFiles];
  let contextDirectory = commonAncestor([solution ? path.dirname(solution.file) : commonAncestor(everything.map(f => path.dirname(f))), ...everything.map(f => path.dirname(f))]);

  // NuGet reads every NuGet.config from a project's folder up to the root; the SDK the nearest global.json. Those the
  // build reads from above the context widen it, as far as that stays reasonable.
  const limits = contextLimits(app.directory, options.homeDirectory ?? safeHomeDirectory(), fileSystem);
  const nugetConfigs = new Set<string>();
  for (const project of projects) for (const config of namedFilesAbove(project.directory, 'nuget.config', listing)) nugetConfigs.add(config);
  const globalJsonFile = namedFilesAbove(app.directory, 'global.json', listing, true)[0];
  const aboveContext = (file: string) => !isInside(contextDirectory, file);
  for (const file of [...nugetConfigs, ...(globalJsonFile ? [globalJsonFile] : [])].sort((a, b) => b.length - a.length)) {
    if (!aboveContext(file)) {
      supportFiles.add(file);
      continue;
    }
    const grown = commonAncestor([contextDirectory, path.dirname(file)]);
    const refusal = limits.refusal(grown);
    if (!refusal) {
      contextDirectory = grown;
      supportFiles.add(file);
      continue;
    }
    warnings.push(path.basename(file).toLowerCase() === 'global.json'
      ? `${file} chooses the SDK for this project, but it lies outside the build context (${contextDirectory}), which cannot grow to take it in: ${refusal}. The container build will use the sdk image's own SDK; copy global.json into ${contextDirectory} if the build needs the SDK it pins`
      : `${file} is a NuGet.config that restore reads for this project, but it lies outside the build context (${contextDirectory}), which cannot grow to take it in: ${refusal}. Restore in the container will not see its package sources or settings; copy it into ${contextDirectory} if the build needs them`);
  }

  // A solution that could not be read might have listed the app and set the context: say so rather than drop it unseen.
  // A few are named; a folder of hostile solutions must not flood the warnings.
  for (const problem of unread.slice(0, maxUnreadSolutionsNamed)) {
    warnings.push(`${problem.file}(${problem.line},${problem.column}): ${problem.message}. The solution is skipped: it may list ${path.basename(app.file)}, whose build context would then be its folder; the context was chosen without it (${contextDirectory})`);
  }

  if (unread.length > maxUnreadSolutionsNamed) warnings.push(`${unread.length - maxUnreadSolutionsNamed} more solutions in the folders above ${path.basename(app.file)} could not be read either, and were skipped`);

  if (globalJsonFile) {
    const read = readGlobalJson(globalJsonFile, fileSystem);
    if (!read.ok) warnings.push(read.warning);
    app = { ...app, globalJson: read.globalJson };
    projects[0] = app;
  }

  return {
    ok: true,
    plan: {
      app,
      projects,
      supportFiles: [...supportFiles].sort(),
      externalFiles,
      conditionPaths: [...new Set([...evaluatedProjects.values()].flatMap(evaluated => evaluated.existingConditionPaths))].sort(),
      ...(solution ? { solution } : {}),
      contextDirectory,
      warnings,
    },
  };
}

/**
 * The lock file restore takes the project's package versions from, when there is one: NuGet reads
 * `packages.<project name>.lock.json`, else `packages.lock.json`, beside the project, whether or not the project
 * sets RestorePackagesWithLockFile (https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files#locking-dependencies).
 * A NuGetLockFilePath elsewhere is not followed.
 */
function packagesLockFile(project: ProjectInfo, fileSystem: ProjectFileSystem): string | undefined {
  return [`packages.${project.name}.lock.json`, 'packages.lock.json'].map(name => path.join(project.directory, name)).find(file => fileSystem.exists(file));
}

/** Whether a file is a NuGet lock file (packages.lock.json, packages.<project>.lock.json). */
export function isPackagesLockFile(file: string): boolean {
  return /^packages(?:\..+)?\.lock\.json$/i.test(path.basename(file));
}

/** Why the build context may not grow to `directory`, or undefined when it may. */
function contextLimits(appDirectory: string, home: string | undefined, fileSystem: ProjectFileSystem): { refusal(directory: string): string | undefined } {
  const repository = repositoryRoot(appDirectory, fileSystem);
  return {
    refusal(directory) {
      if (path.dirname(directory) === directory) return `that would send the whole file system (${directory}) to the builder`;
      if (home && isInside(directory, home)) return `that would send the home folder (${home}) to the builder`;
      if (repository && !isInside(repository, directory)) return `it lies outside the repository (${repository})`;
      return undefined;
    },
  };
}

/** Whether `inner` is `outer` or lies inside it. */
function isInside(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function safeHomeDirectory(): string | undefined {
  try {
    return os.homedir() || undefined;
  } catch {
    return undefined;
  }
}

/** Folder listings, each read once per plan: every project of the closure looks up the same folders. */
function cachedListing(fileSystem: ProjectFileSystem): (dir: string) => string[] {
  const listings = new Map<string, string[]>();
  return dir => {
    let names = listings.get(dir);
    if (!names) listings.set(dir, names = fileSystem.list(dir));
    return names;
  };
}

/** The files named `name` (any case, as NuGet matches it) in `start` and every folder above it, nearest first. */
function namedFilesAbove(start: string, name: string, list: (dir: string) => string[], nearestOnly = false): string[] {
  const found: string[] = [];
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const match = list(dir).find(entry => entry.toLowerCase() === name);
    if (match) {
      found.push(path.join(dir, match));
      if (nearestOnly) return found;
    }
    if (path.dirname(dir) === dir) return found;
  }
}

/** The folder holding a `.git`, which bounds searches for NuGet.config and global.json. */
function repositoryRoot(start: string, fileSystem: ProjectFileSystem): string | undefined {
  const git = findFileAbove(start, '.git', fileSystem);
  return git ? path.dirname(git) : undefined;
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

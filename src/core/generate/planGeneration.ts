import * as path from 'node:path';
import { evaluateProject } from '../project/evaluateProject';
import { nodeFileSystem, ProjectFileSystem } from '../project/fileSystem';
import { describeProject, ProjectInfo } from '../project/ProjectInfo';
import { readBuildPlan } from '../project/readBuildPlan';
import { findSolutionFor, readSolution } from '../project/readSolution';
import { createDockerignore, mergeDockerignore } from './dockerignore';
import { generateDockerfile, GeneratedDockerfile, GenerateOptions } from './generateDockerfile';

/** A file the generator proposes, with what is there now. */
export interface ProposedFile {
  readonly path: string;
  readonly content: string;
  /** The current content, when the file exists. */
  readonly existing?: string;
  /** For `.dockerignore`: the patterns a merge adds (empty: nothing to change). */
  readonly added?: readonly string[];
}

export interface GenerationPlan {
  readonly ok: true;
  /** The app project the plan is for (a solution or folder resolves to it), as read. */
  readonly app: ProjectInfo;
  readonly generated: GeneratedDockerfile;
  readonly dockerfile: ProposedFile;
  readonly dockerignore: ProposedFile;
  readonly warnings: readonly string[];
}

/** Why nothing can be generated; `candidates` are executable projects to pick from instead. */
export interface GenerationRefusal {
  readonly ok: false;
  readonly message: string;
  readonly candidates?: readonly string[];
  /** The app project the target resolved to, when the refusal came after that. */
  readonly project?: string;
}

export interface PlanOptions extends GenerateOptions {
  readonly fileSystem?: ProjectFileSystem;
  /** Replaces what the static reading found for the app project (e.g. MSBuild's own values). */
  readonly appOverrides?: Partial<ProjectInfo>;
}

/**
 * Everything `generate` would write for a project (or a solution with one app), without writing: the
 * Dockerfile next to the project and the `.dockerignore` at the build context, merged into an existing one.
 */
export function planGeneration(target: string, options: PlanOptions): GenerationPlan | GenerationRefusal {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const resolved = resolveAppProject(path.resolve(target), fileSystem);
  if (!resolved.ok) return resolved;

  const project = resolved.project;
  const read = readBuildPlan(project, { fileSystem, ...(options.appOverrides ? { appOverrides: options.appOverrides } : {}) });
  if (!read.ok) {
    const { file, line, column, message } = read.problem;
    return { ok: false, message: `${file}(${line},${column}): ${message}`, project };
  }
  // AppHosts and Functions apps are refused (or handled) by the generator with their own explanation.
  if (read.plan.app.kind === 'library' && !read.plan.app.aspireHost && !read.plan.app.azureFunctions) {
    const candidates = executablesReferencing(read.plan.app, fileSystem);
    return {
      ok: false,
      message: `${read.plan.app.name} is a class library: a container runs an executable project.${candidates.length ? ` Projects that reference it: ${candidates.map(c => path.basename(c)).join(', ')}.` : ' No executable project in its solution references it.'}`,
      candidates,
      project,
    };
  }
  const generated = generateDockerfile(read.plan, options);
  if (!generated.ok) return { ...generated, project };

  const existingDockerfile = fileSystem.readText(generated.dockerfilePath);
  const ignorePath = path.join(generated.contextDirectory, '.dockerignore');
  const existingIgnore = fileSystem.readText(ignorePath);
  const dockerignore: ProposedFile = existingIgnore === undefined
    ? { path: ignorePath, content: createDockerignore() }
    : (() => { const merged = mergeDockerignore(existingIgnore); return { path: ignorePath, content: merged.text, existing: existingIgnore, added: merged.added }; })();
  return {
    ok: true,
    app: read.plan.app,
    generated,
    dockerfile: { path: generated.dockerfilePath, content: generated.dockerfile, ...(existingDockerfile !== undefined ? { existing: existingDockerfile } : {}) },
    dockerignore,
    warnings: generated.warnings,
  };
}

/** A `.csproj` as is; a solution or a folder with exactly one executable project gives that project. */
function resolveAppProject(target: string, fileSystem: ProjectFileSystem): { ok: true; project: string } | GenerationRefusal {
  if (/\.(cs|fs|vb)proj$/i.test(target)) {
    return fileSystem.exists(target) ? { ok: true, project: target } : { ok: false, message: `${target} does not exist.` };
  }
  let projects: string[];
  if (/\.slnx?$/i.test(target)) {
    const solution = readSolution(target, fileSystem);
    if (!solution) return { ok: false, message: `${target} cannot be read as a solution file.` };
    projects = [...solution.projects];
  } else if (fileSystem.isDirectory(target)) {
    projects = fileSystem.list(target).filter(name => /\.(cs|fs|vb)proj$/i.test(name)).map(name => path.join(target, name));
    if (!projects.length) return { ok: false, message: `${target} holds no project file: name a .csproj or a solution.` };
  } else {
    return { ok: false, message: `${target} is not a project file, a solution or a folder.` };
  }
  const apps = projects.filter(project => {
    const evaluated = evaluateProject(project, { fileSystem });
    return evaluated.ok && isContainerApp(describeProject(evaluated.project));
  });
  if (apps.length === 1) return { ok: true, project: apps[0]! };
  if (!apps.length) return { ok: false, message: `${path.basename(target)} has no executable project to containerize.`, candidates: [] };
  return { ok: false, message: `${path.basename(target)} has ${apps.length} executable projects: name the one to containerize (${apps.map(a => path.basename(a)).join(', ')}).`, candidates: apps };
}

/**
 * An executable project that is deployed as a container: not a library, not an Aspire AppHost (it orchestrates the
 * others during development), not a test project (test SDKs and runners make test projects executables).
 */
function isContainerApp(info: ProjectInfo): boolean {
  return info.kind !== 'library' && !info.aspireHost && !info.testProject;
}

/** Executable projects in the library's solution whose reference closure includes it. */
function executablesReferencing(library: ProjectInfo, fileSystem: ProjectFileSystem): string[] {
  const solution = findSolutionFor(library.file, fileSystem);
  if (!solution) return [];
  return solution.projects.filter(project => {
    if (project === library.file || !fileSystem.exists(project)) return false;
    const plan = readBuildPlan(project, { fileSystem });
    return plan.ok && isContainerApp(plan.plan.app) && plan.plan.projects.some(p => p.file === library.file);
  });
}

import * as path from 'node:path';
import { evaluateProject } from '../project/evaluateProject';
import { nodeFileSystem, ProjectFileSystem } from '../project/fileSystem';
import { describeProject, ProjectInfo } from '../project/ProjectInfo';
import { BuildPlan, readBuildPlan } from '../project/readBuildPlan';
import { findSolutionFor, readSolutionFile } from '../project/readSolution';
import { contextPath } from './dockerfileSyntax';
import { createDockerignore, mergeDockerignore } from './dockerignoreTemplate';
import { browserAppRefusal, generateDockerfile, GeneratedDockerfile, GenerateOptions } from './generateDockerfile';

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
  // A browser app is refused with the projects that serve it offered instead.
  if (read.plan.app.runsInBrowser) {
    const candidates = executablesReferencing(read.plan.app, fileSystem);
    return { ...browserAppRefusal(read.plan.app, candidates), candidates, project };
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

  const existingDockerfile = readExisting(generated.dockerfilePath, 'Dockerfile', fileSystem);
  if (!existingDockerfile.ok) return { ok: false, message: `${existingDockerfile.message}: it is not compared with the proposal or replaced. Move it away (or fix it), then generate again.`, project };
  const ignorePath = path.join(generated.contextDirectory, '.dockerignore');
  const existingIgnore = readExisting(ignorePath, '.dockerignore', fileSystem);
  if (!existingIgnore.ok) return { ok: false, message: `${existingIgnore.message}: it is not merged or replaced. Move it away (or fix it), then generate again.`, project };
  const buildOutput = buildOutputPatterns(read.plan);
  const dockerignore: ProposedFile = existingIgnore.text === undefined
    ? { path: ignorePath, content: createDockerignore('\n', buildOutput) }
    : (() => {
      const existing = existingIgnore.text;
      const merged = mergeDockerignore(existing, undefined, buildOutput);
      return { path: ignorePath, content: merged.text, existing, added: merged.added };
    })();
  return {
    ok: true,
    app: read.plan.app,
    generated,
    dockerfile: { path: generated.dockerfilePath, content: generated.dockerfile, ...(existingDockerfile.text !== undefined ? { existing: existingDockerfile.text } : {}) },
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
    const solution = readSolutionFile(target, fileSystem);
    if (!solution.ok) {
      const { line, column, message } = solution.problem;
      return { ok: false, message: `${target} cannot be read as a solution file (line ${line}, column ${column}): ${message.replace(/\.$/, '')}.` };
    }
    projects = [...solution.solution.projects];
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
  // Only browser apps: the one named gets its own explanation (and the projects that serve it).
  if (!apps.length) {
    const browserApps = projects.filter(project => {
      const evaluated = evaluateProject(project, { fileSystem });
      return evaluated.ok && describeProject(evaluated.project).runsInBrowser;
    });
    if (browserApps.length === 1) return { ok: true, project: browserApps[0]! };
  }
  if (!apps.length) return { ok: false, message: `${path.basename(target)} has no executable project to containerize.`, candidates: [] };
  return { ok: false, message: `${path.basename(target)} has ${apps.length} executable projects: name the one to containerize (${apps.map(a => path.basename(a)).join(', ')}).`, candidates: apps };
}

/**
 * An executable project that is deployed as a container: not a library, not an Aspire AppHost (it orchestrates the
 * others during development), not a test project (test SDKs and runners make test projects executables).
 */
export function isContainerApp(info: ProjectInfo): boolean {
  return info.kind !== 'library' && !info.aspireHost && !info.testProject && !info.runsInBrowser;
}

/** Executable projects in the library's solution whose reference closure includes it. */
function executablesReferencing(library: ProjectInfo, fileSystem: ProjectFileSystem): string[] {
  const { solution } = findSolutionFor(library.file, fileSystem);
  if (!solution) return [];
  return solution.projects.filter(project => {
    if (project === library.file || !fileSystem.exists(project)) return false;
    const plan = readBuildPlan(project, { fileSystem });
    return plan.ok && isContainerApp(plan.plan.app) && plan.plan.projects.some(p => p.file === library.file);
  });
}

/** The largest existing Dockerfile or `.dockerignore` read: real ones are a few KB. */
export const maxExistingFileBytes = 1024 * 1024;

/**
 * An existing file the plan would replace or merge: its text, none when it does not exist, or why it cannot be read
 * (too large, not a regular file, not text). Read bounded: a FIFO or a huge file must not stall the extension host,
 * and a file that was not read must never be treated as absent and overwritten.
 */
function readExisting(file: string, what: string, fileSystem: ProjectFileSystem): { ok: true; text?: string } | { ok: false; message: string } {
  if (!fileSystem.exists(file)) return { ok: true };
  const shown = (size: number) => (size >= 1024 * 1024 ? `${(size / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(size / 1024)} KB`);
  const tooLarge = (size: number) => ({ ok: false as const, message: `The existing ${what} at ${file} is larger than ${shown(maxExistingFileBytes)} (${shown(size)}), so it was not read` });
  let text: string | undefined;
  if (fileSystem.readBytes) {
    const read = fileSystem.readBytes(file, maxExistingFileBytes);
    if ('error' in read) {
      const why = read.error === 'it is a folder' ? 'is a folder, not a file'
        : read.error === 'it is not a regular file' ? 'is not a regular file (a FIFO, a socket or a device)' : `cannot be read (${read.error})`;
      return { ok: false, message: `The existing ${what} at ${file} ${why}` };
    }
    if (read.size > read.bytes.length || read.bytes.length > maxExistingFileBytes) return tooLarge(Math.max(read.size, read.bytes.length));
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
    } catch {
      return { ok: false, message: `The existing ${what} at ${file} is not UTF-8 text` };
    }
  } else {
    text = fileSystem.readText(file);
    if (text === undefined) return { ok: false, message: `The existing ${what} at ${file} cannot be read` };
    if (text.length > maxExistingFileBytes) return tooLarge(text.length);
  }
  if (text.includes('\u0000')) return { ok: false, message: `The existing ${what} at ${file} holds binary data, not text` };
  return { ok: true, text };
}

/**
 * The folders outside the projects' bin/obj that the builds of the plan write to, as `.dockerignore` patterns relative
 * to the build context: the SDK's artifacts folder. One that holds the context, a project or a file the build
 * copies is left alone (ignoring it would take sources away).
 */
export function buildOutputPatterns(plan: BuildPlan): string[] {
  const context = plan.contextDirectory;
  const inputs = [...plan.projects.map(p => p.file), ...plan.supportFiles, ...plan.externalFiles];
  const inside = (outer: string, inner: string) => {
    const relative = path.relative(outer, inner);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  const patterns = new Set<string>();
  for (const artifacts of new Set(plan.projects.map(p => p.artifactsPath).filter((a): a is string => a !== undefined))) {
    const relative = contextPath(path.relative(context, artifacts));
    if (!relative || !inside(context, artifacts) || inputs.some(file => inside(artifacts, file))) continue;
    // Go's filepath.Match, which Docker uses, takes `\` as an escape; a leading `#` or `!` would be a comment or an exception.
    patterns.add(`${relative.replace(/[*?[\]\\]/g, '\\$&').replace(/^[#!]/, '\\$&')}/`);
  }
  return [...patterns];
}

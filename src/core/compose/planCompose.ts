import * as path from 'node:path';
import { mergeDockerignore } from '../generate/dockerignoreTemplate';
import { GenerateOptions } from '../generate/generateDockerfile';
import { GenerationPlan, isContainerApp, planGeneration, ProposedFile } from '../generate/planGeneration';
import { createLintContext, contextIsKnown, finalStage } from '../lint/lintContext';
import { listeningPorts } from '../lint/listeningPorts';
import { evaluateProject } from '../project/evaluateProject';
import { nodeFileSystem, ProjectFileSystem } from '../project/fileSystem';
import { describeProject, ProjectInfo } from '../project/ProjectInfo';
import { readProjectFile } from '../project/projectFile';
import { readSolutionFile } from '../project/readSolution';
import { readAppSettings } from './appSettings';
import { composeYaml } from './composeYaml';
import { hostPort, LaunchSettings, readLaunchSettings } from './launchSettings';
import { ServiceEnvironment, wireServices } from './serviceWiring';

/** A project of the solution and whether it becomes a service. */
export interface ComposeCandidate {
  readonly project: string;
  readonly name: string;
  /** Why it is left out (a library, a test project, an Aspire AppHost…); undefined for an app. */
  readonly leftOut?: string;
}

export interface ComposeCandidates {
  readonly ok: true;
  /** The solution file, when the target was one or its folder held one. */
  readonly solution?: string;
  /** Where compose.yaml goes: the solution's folder. */
  readonly directory: string;
  readonly projects: readonly ComposeCandidate[];
}

export interface ComposeRefusal {
  readonly ok: false;
  readonly message: string;
}

/** One service of the compose file. */
export interface ComposeService {
  /** The DNS name the other services reach it by (`stockdata`). */
  readonly name: string;
  readonly project: string;
  readonly projectName: string;
  readonly contextDirectory: string;
  readonly dockerfilePath: string;
  /** Whether the Dockerfile was there already (reused as is) or is proposed by the generator. */
  readonly dockerfile: 'existing' | 'generated';
  readonly imageName: string;
  /** Where the app listens in the container. */
  readonly containerPort?: number;
  /** The host port, from the project's launch profile. */
  readonly hostPort?: number;
  readonly hostPortSource?: string;
  readonly environment: readonly ServiceEnvironment[];
  readonly dependsOn: readonly string[];
}

export interface ComposePlan {
  readonly ok: true;
  readonly directory: string;
  readonly file: ProposedFile;
  readonly services: readonly ComposeService[];
  /** Dockerfiles and .dockerignore files to write with the compose file (new ones, or a merged .dockerignore). */
  readonly supportFiles: readonly ProposedFile[];
  readonly warnings: readonly string[];
}

export interface ComposeOptions extends GenerateOptions {
  readonly fileSystem?: ProjectFileSystem;
  /** The app projects to include (absolute paths); default: every app of the solution. */
  readonly projects?: readonly string[];
}

/** The compose file's name, as Compose looks for it first. */
export const composeFileName = 'compose.yaml';
/** Other names Compose reads: one of them beside the new file would be shadowed by it. */
const otherComposeNames = ['compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The projects of a solution (or of the one solution in a folder), each an app or left out with the reason. */
export function composeCandidates(target: string, fileSystem: ProjectFileSystem = nodeFileSystem): ComposeCandidates | ComposeRefusal {
  const resolved = path.resolve(target);
  let solution: string | undefined;
  if (/\.slnx?$/i.test(resolved)) solution = resolved;
  else if (fileSystem.isDirectory(resolved)) {
    const solutions = fileSystem.list(resolved).filter(name => /\.slnx?$/i.test(name)).sort();
    if (solutions.length > 1) return { ok: false, message: `${resolved} holds ${solutions.length} solutions (${solutions.join(', ')}): name the one to compose.` };
    if (solutions[0]) solution = path.join(resolved, solutions[0]);
  } else {
    return { ok: false, message: `${resolved} is not a solution or a folder.` };
  }
  let projectFiles: readonly string[];
  if (solution) {
    const read = readSolutionFile(solution, fileSystem);
    if (!read.ok) {
      const { line, column, message } = read.problem;
      return { ok: false, message: `${solution} cannot be read as a solution file (line ${line}, column ${column}): ${message.replace(/\.$/, '')}.` };
    }
    projectFiles = read.solution.projects;
  } else {
    // A folder without a solution: the projects in it and in the folders right below it.
    const isProject = (name: string) => /\.(cs|fs|vb)proj$/i.test(name);
    const here = fileSystem.list(resolved).filter(isProject).map(name => path.join(resolved, name));
    const below = fileSystem.list(resolved).filter(name => !name.startsWith('.') && fileSystem.isDirectory(path.join(resolved, name)))
      .flatMap(dir => fileSystem.list(path.join(resolved, dir)).filter(isProject).map(name => path.join(resolved, dir, name)));
    projectFiles = [...here, ...below];
  }
  if (!projectFiles.length) return { ok: false, message: `${solution ?? resolved} lists no project.` };
  const projects = projectFiles.map(project => candidate(project, fileSystem));
  return { ok: true, ...(solution ? { solution } : {}), directory: solution ? path.dirname(solution) : resolved, projects };
}

function candidate(project: string, fileSystem: ProjectFileSystem): ComposeCandidate {
  const name = path.basename(project).replace(/\.(cs|fs|vb)proj$/i, '');
  if (!fileSystem.exists(project)) return { project, name, leftOut: 'the solution lists it, but the file does not exist' };
  const evaluated = evaluateProject(project, { fileSystem });
  if (!evaluated.ok) return { project, name, leftOut: `it cannot be read (line ${evaluated.problem.line}: ${evaluated.problem.message.replace(/\.$/, '')})` };
  const info = describeProject(evaluated.project);
  return isContainerApp(info) ? { project, name } : { project, name, leftOut: leftOutReason(info) };
}

function leftOutReason(info: ProjectInfo): string {
  if (info.aspireHost) return 'an Aspire AppHost orchestrates the services during development; it is not one';
  if (info.testProject) return 'a test project';
  if (info.runsInBrowser) return 'a WebAssembly app runs in the browser, served by another project';
  return 'a class library';
}

/**
 * The compose file for a solution's apps: each app's Dockerfile (reused when there is one, else generated), one
 * service per app with its published port, and the settings that point at another app's development port turned
 * into environment variables that reach that service.
 */
export function planCompose(target: string, options: ComposeOptions): ComposePlan | ComposeRefusal {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const candidates = composeCandidates(target, fileSystem);
  if (!candidates.ok) return candidates;
  const apps = candidates.projects.filter(p => !p.leftOut && (!options.projects || options.projects.some(chosen => path.resolve(chosen) === p.project)));
  if (options.projects) {
    const unknown = options.projects.filter(chosen => !candidates.projects.some(p => p.project === path.resolve(chosen) && !p.leftOut));
    if (unknown.length) return { ok: false, message: `not an app of ${path.basename(candidates.solution ?? candidates.directory)}: ${unknown.join(', ')}.` };
  }
  if (!apps.length) {
    const why = candidates.projects.map(p => `${p.name} (${p.leftOut})`).join(', ');
    return { ok: false, message: `${path.basename(candidates.solution ?? candidates.directory)} has no app to run in a container: ${why}.` };
  }

  const warnings: string[] = [];
  const services: Omit<ComposeService, 'environment' | 'dependsOn'>[] = [];
  const launch = new Map<string, LaunchSettings>();
  const supportFiles = new Map<string, ProposedFile>();
  const names = new Set<string>();
  const hostPorts = new Map<number, string>();
  for (const app of apps) {
    const plan = planGeneration(app.project, { now: options.now, fileSystem, ...(options.variant ? { variant: options.variant } : {}), ...(options.https ? { https: true } : {}) });
    if (!plan.ok) {
      warnings.push(`${app.name} is left out: ${plan.message}`);
      continue;
    }
    const name = uniqueName(serviceName(app.name), names);
    const dockerfile = dockerfileFor(plan, options, fileSystem, warnings);
    if (dockerfile.kind === 'generated') {
      supportFiles.set(plan.dockerfile.path, { path: plan.dockerfile.path, content: plan.dockerfile.content });
      addDockerignore(supportFiles, plan);
    }
    const settings = readLaunchSettings(path.dirname(app.project), fileSystem);
    if (settings.problem) warnings.push(`${settings.problem}; ${name} gets no host port from it`);
    launch.set(name, settings);
    const endpoint = hostPort(settings);
    let published: { hostPort: number; hostPortSource: string } | undefined;
    if (endpoint && hostPorts.has(endpoint.port)) warnings.push(`${name} and ${hostPorts.get(endpoint.port)} both use port ${endpoint.port} in their launch profiles: ${name} is published on no host port.`);
    else if (endpoint && dockerfile.containerPort !== undefined) {
      hostPorts.set(endpoint.port, name);
      published = { hostPort: endpoint.port, hostPortSource: `${path.relative(candidates.directory, settings.file!)}, profile "${endpoint.profile}"` };
    }
    services.push({
      name, project: app.project, projectName: app.name,
      contextDirectory: dockerfile.contextDirectory, dockerfilePath: plan.dockerfile.path, dockerfile: dockerfile.kind,
      imageName: plan.generated.imageName,
      ...(dockerfile.containerPort !== undefined ? { containerPort: dockerfile.containerPort } : {}),
      ...(published ?? {}),
    });
  }
  if (!services.length) return { ok: false, message: `no app of ${path.basename(candidates.solution ?? candidates.directory)} can be containerized: ${warnings.join(' ')}` };

  const wired = wireServices(services.map(service => {
    const settings = readAppSettings(path.dirname(service.project), fileSystem);
    settings.problems.forEach(problem => warnings.push(`${problem}; its settings are not wired to the other services`));
    return { service, settings, launch: launch.get(service.name)! };
  }), candidates.directory);
  const composed = services.map(service => ({ ...service, environment: wired.get(service.name)?.environment ?? [], dependsOn: wired.get(service.name)?.dependsOn ?? [] }));

  const file = path.join(candidates.directory, composeFileName);
  const existing = readExistingText(file, fileSystem);
  if (existing.problem) return { ok: false, message: `${existing.problem}: it is not compared with the proposal or replaced.` };
  const shadowed = otherComposeNames.filter(name => fileSystem.exists(path.join(candidates.directory, name)));
  if (shadowed.length && existing.text === undefined) warnings.push(`${shadowed.join(' and ')} beside it: Compose reads ${composeFileName} first, so ${shadowed.length > 1 ? 'they are' : 'it is'} no longer used by \`docker compose\` without -f.`);
  const content = composeYaml(composed, candidates.directory, candidates.solution);
  return {
    ok: true,
    directory: candidates.directory,
    file: { path: file, content, ...(existing.text !== undefined ? { existing: existing.text } : {}) },
    services: composed,
    supportFiles: [...supportFiles.values()],
    warnings,
  };
}

/** The Dockerfile a service builds: the one beside the project as it is, else the generator's. */
function dockerfileFor(plan: GenerationPlan, options: ComposeOptions, fileSystem: ProjectFileSystem, warnings: string[]): { kind: 'existing' | 'generated'; contextDirectory: string; containerPort?: number } {
  const generated = { kind: 'generated' as const, contextDirectory: plan.generated.contextDirectory, ...(plan.generated.containerPort !== undefined ? { containerPort: plan.generated.containerPort } : {}) };
  if (plan.dockerfile.existing === undefined) return generated;
  // The user's Dockerfile is kept: its context and port are read from it, as the linter reads them.
  const context = createLintContext(plan.dockerfile.existing, { dockerfilePath: plan.dockerfile.path, now: options.now, fileSystem });
  const final = finalStage(context);
  const ports = final ? listeningPorts(final, final.dotnetImage, context.lines, context.project?.info.ownEndpoints) : undefined;
  const containerPort = ports?.known ? ports.ports.find(p => p.scheme === 'http')?.port ?? ports.ports[0]?.port : plan.generated.containerPort;
  const contextDirectory = contextIsKnown(context) && context.contextDirectory ? context.contextDirectory : plan.generated.contextDirectory;
  if (!contextIsKnown(context)) warnings.push(`${path.basename(plan.dockerfile.path)} of ${plan.app.name} does not show its build context: ${contextDirectory} is assumed, as the generator would choose it.`);
  return { kind: 'existing', contextDirectory, ...(containerPort !== undefined ? { containerPort } : {}) };
}

/** The .dockerignore of a generated Dockerfile, merged with what other services of the same context already add. */
function addDockerignore(files: Map<string, ProposedFile>, plan: GenerationPlan): void {
  const proposal = plan.dockerignore;
  const earlier = files.get(proposal.path);
  if (!earlier) {
    if (proposal.existing === undefined || proposal.added?.length) files.set(proposal.path, proposal);
    return;
  }
  // Another project's build output folders (its artifacts path) are the lines the earlier proposal lacks.
  const have = new Set(earlier.content.split(/\r?\n/).map(line => line.trim()));
  const extra = proposal.content.split(/\r?\n/).map(line => line.trim()).filter(line => line && !line.startsWith('#') && !have.has(line));
  if (extra.length) files.set(proposal.path, { ...earlier, content: mergeDockerignore(earlier.content, undefined, extra).text });
}

/** A DNS label from a project name: `StockData` → `stockdata`, `Shop.Web.Api` → `shop-web-api`. */
export function serviceName(projectName: string): string {
  const label = projectName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return label || 'app';
}

function uniqueName(name: string, taken: Set<string>): string {
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name.slice(0, 60)}-${n}`;
  taken.add(unique);
  return unique;
}

function readExistingText(file: string, fileSystem: ProjectFileSystem): { text?: string; problem?: string } {
  if (!fileSystem.exists(file)) return {};
  const read = readProjectFile(file, fileSystem, 1024 * 1024);
  return read.ok ? { text: read.text } : { problem: `${file} cannot be read (${read.problem.message.replace(/\.$/, '')})` };
}

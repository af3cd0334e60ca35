import * as path from 'node:path';
import { createLintContext, finalStage, Stage } from '../lint/lintContext';
import { exposedPorts, listeningPorts } from '../lint/listeningPorts';
import { ProjectFileSystem } from '../project/fileSystem';
import { toRepositoryName, toTag } from './imageName';
import { OwnEndpoints } from '../project/kestrelEndpoints';

/** What Build, Run and Push need to know about one Dockerfile, with defaults a user can then edit. */
export interface DockerfileTargets {
  readonly dockerfile: string;
  /** The solution folder / closure root of the linked project (as the generator decides), else the Dockerfile's folder. */
  readonly context: string;
  /** `ContainerRepository` or the lowercased AssemblyName, made valid; else the folder name. */
  readonly repository: string;
  /** `ContainerImageTag(s)`, else the project version, else `latest`. */
  readonly tag: string;
  /** The port the app listens on in the container, when it serves one. */
  readonly containerPort?: number;
  /** An ASP.NET Core app (offer "Open in browser"). */
  readonly web: boolean;
  /** Named build stages with the line of their FROM (0-based), for "Build stage" lenses. */
  readonly stages: ReadonlyArray<{ readonly name: string; readonly line: number }>;
  /** The linked project file, when one was found. */
  readonly project?: string;
}

/** Reads the Dockerfile's text and the project behind it (the same discovery as the linter). */
export function dockerfileTargets(dockerfile: string, text: string, options: { readonly now: Date; readonly fileSystem?: ProjectFileSystem; readonly projectPath?: string }): DockerfileTargets {
  const context = createLintContext(text, { dockerfilePath: dockerfile, now: options.now, ...(options.fileSystem ? { fileSystem: options.fileSystem } : {}), ...(options.projectPath ? { projectPath: options.projectPath } : {}) });
  const app = context.project?.info;
  const final = finalStage(context);
  const web = app ? app.kind === 'web' || app.aspNetCore : final?.dotnetImage?.catalogRepo === 'aspnet';
  const stages = context.stages.filter(stage => stage.name && stage !== final).map(stage => ({ name: stage.from.getBuildStage() ?? stage.name!, line: stage.from.getRange().start.line }));
  return {
    dockerfile: path.resolve(dockerfile),
    context: context.project?.plan.contextDirectory ?? context.contextDirectory ?? path.dirname(path.resolve(dockerfile)),
    repository: toRepositoryName(app?.container.repository ?? app?.assemblyName ?? path.basename(path.dirname(path.resolve(dockerfile)))),
    tag: app?.container.imageTags[0] ? toTag(app.container.imageTags[0]) : app?.version ? toTag(app.version) : 'latest',
    web,
    stages,
    ...(app ? { project: app.file } : {}),
    ...portOf(final, web, context.lines, app?.ownEndpoints),
  };
}

/**
 * The port the app listens on, as the linter's port rule reads it (`--urls` in the command, ASPNETCORE_URLS /
 * _HTTP_PORTS through the stage chain, else the image's default for a web app), else the first EXPOSE; the first
 * EXPOSE when the app sets its own endpoints.
 */
function portOf(final: Stage | undefined, web: boolean, lines: readonly string[], ownEndpoints: OwnEndpoints | undefined): { containerPort?: number } {
  if (!final) return {};
  const listening = listeningPorts(final, final.dotnetImage, lines, ownEndpoints);
  const http = listening.ports.find(port => port.scheme === 'http') ?? listening.ports[0];
  const fromEnv = listening.known && listening.source !== 'image' ? http?.port : undefined;
  const imageDefault = web && listening.known ? http?.port : undefined;
  const port = fromEnv ?? exposedPorts(final)[0]?.port ?? imageDefault;
  return port !== undefined ? { containerPort: port } : {};
}

import * as path from 'node:path';
import { defaultPort } from '../images/dotnetCatalog';
import { createLintContext, finalStage, Stage } from '../lint/lintContext';
import { ProjectFileSystem } from '../project/fileSystem';
import { toRepositoryName, toTag } from './imageName';

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
    ...portOf(final, web),
  };
}

/** EXPOSE, then ASPNETCORE_HTTP_PORTS / ASPNETCORE_URLS in the final stage, else the image's default for a web app. */
function portOf(final: Stage | undefined, web: boolean): { containerPort?: number } {
  if (!final) return {};
  let fromEnv: number | undefined;
  let exposed: number | undefined;
  for (const instruction of final.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === 'EXPOSE' && exposed === undefined) {
      const first = /^(\d+)/.exec(instruction.getArguments()[0]?.getValue() ?? '');
      if (first) exposed = Number(first[1]);
    } else if (keyword === 'ENV') {
      const text = instruction.getRawArgumentsContent() ?? '';
      const ports = /ASPNETCORE_HTTP_PORTS[= ]"?(\d+)/.exec(text) ?? /ASPNETCORE_URLS[= ]"?[^"\s]*http:\/\/[^:;"\s]+:(\d+)/.exec(text);
      if (ports) fromEnv = Number(ports[1]);
    }
  }
  const port = fromEnv ?? exposed ?? (web ? defaultPort(final.dotnetImage?.version, final.dotnetImage?.variant) : undefined);
  return port !== undefined ? { containerPort: port } : {};
}

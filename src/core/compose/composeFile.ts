import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { defaultImageName, ComposeTool } from './composeTool';

/** A service of a compose file that builds its image: what dotnet-containers builds before Compose starts it. */
export interface ComposeBuild {
  readonly service: string;
  readonly context: string;
  readonly dockerfile: string;
  /** The image the build is tagged with: the service's `image:`, else the name Compose gives it. */
  readonly image: string;
  readonly target?: string;
  /** The line of the service in the compose file (0-based), for problems placed on it. */
  readonly line: number;
}

export type ComposeBuilds = { readonly ok: true; readonly builds: readonly ComposeBuild[] } | { readonly ok: false; readonly message: string };

/** The largest compose file read: real ones are a few KB. */
export const maxComposeFileBytes = 1024 * 1024;

/**
 * The services of a compose file that have a `build:` (a path, or `context`, `dockerfile`, `target`), with paths
 * resolved as Compose resolves them: the context against the file's folder, the Dockerfile against the context.
 * Variables (`${TAG}`) are not interpolated: a build whose paths use one is refused with the service named.
 */
export function readComposeBuilds(file: string, text: string, tool: ComposeTool, projectName: string): ComposeBuilds {
  if (text.length > maxComposeFileBytes) return { ok: false, message: `${file} is larger than ${maxComposeFileBytes} bytes: not read` };
  const document = parseDocument(text, { prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [1, 1];
    return { ok: false, message: `${file} is not valid YAML (line ${line}, column ${column}: ${error.code})` };
  }
  const lineOf = (offset: number | undefined) => offset === undefined ? 0 : text.slice(0, offset).split('\n').length - 1;
  let root: unknown;
  try {
    root = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml refuses an alias bomb (aliases of aliases, expanding without end) rather than expanding it.
    return { ok: false, message: `${file} cannot be read: ${(error as Error).message}` };
  }
  const services = isRecord(root) && isRecord(root.services) ? root.services : undefined;
  if (!services) return { ok: false, message: `${file} has no services` };
  const directory = path.dirname(path.resolve(file));
  const builds: ComposeBuild[] = [];
  for (const [service, definition] of Object.entries(services)) {
    if (!isRecord(definition) || definition.build === undefined || definition.build === null) continue;
    const build = typeof definition.build === 'string' ? { context: definition.build } : isRecord(definition.build) ? definition.build : undefined;
    if (!build) return { ok: false, message: `${file}: service ${service} has a build that is neither a path nor a mapping` };
    const contextText = typeof build.context === 'string' ? build.context : '.';
    const dockerfileText = typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
    const image = typeof definition.image === 'string' ? definition.image : defaultImageName(tool, projectName, service);
    const written = [contextText, dockerfileText, image, typeof build.target === 'string' ? build.target : ''];
    if (written.some(value => value.includes('$'))) return { ok: false, message: `${file}: service ${service} builds with a variable in its context, dockerfile, target or image, which dotnet-containers does not interpolate; run Compose itself for this file` };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(contextText)) return { ok: false, message: `${file}: service ${service} builds from a URL (${contextText}); run Compose itself for this file` };
    const context = path.resolve(directory, contextText);
    const node = document.getIn(['services', service], true) as { range?: [number, number, number] } | undefined;
    builds.push({
      service, context, dockerfile: path.resolve(context, dockerfileText), image,
      ...(typeof build.target === 'string' ? { target: build.target } : {}),
      line: Math.max(0, lineOf(node?.range?.[0]) - 1),
    });
  }
  return { ok: true, builds };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

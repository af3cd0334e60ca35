import * as path from 'node:path';
import type { ProjectFileSystem } from '../project/fileSystem';

/** Compose files as `docker compose` finds them, and the override and variant files beside them. */
const COMPOSE_FILE = /^(?:docker-compose|compose)(?:[.-][^/\\]*)?\.ya?ml$/i;

/** Compose files are a few KB; a larger file with that name is not one to parse on every keystroke. */
const MAX_COMPOSE_BYTES = 1024 * 1024;

/** A service's build as compose resolves it: absolute paths. */
export interface ComposeBuild {
  readonly composeFile: string;
  readonly service: string;
  readonly context: string;
  readonly dockerfile: string;
}

/** What a compose file says about one Dockerfile: the context of every service that builds it. */
export interface ComposeContext {
  readonly context: string;
  readonly composeFile: string;
}

/**
 * The build contexts compose files give this Dockerfile (`build.context`, with `build.dockerfile` relative to
 * it), from the compose files in `folders` (the Dockerfile's folder and upward). A compose file that cannot be
 * read or parsed says nothing: it is somebody else's problem, and `docker compose` reports it.
 */
export function composeContexts(dockerfilePath: string, folders: readonly string[], fileSystem: ProjectFileSystem): ComposeContext[] {
  const found: ComposeContext[] = [];
  for (const folder of folders) {
    for (const name of fileSystem.list(folder).filter(entry => COMPOSE_FILE.test(entry)).sort()) {
      const composeFile = path.join(folder, name);
      for (const build of composeBuilds(composeFile, fileSystem)) {
        if (samePath(build.dockerfile, dockerfilePath)) found.push({ context: build.context, composeFile });
      }
    }
  }
  return found;
}

/** The builds a compose file declares, with paths resolved; none when it is not a compose file we can read. */
export function composeBuilds(composeFile: string, fileSystem: ProjectFileSystem): readonly ComposeBuild[] {
  const text = readBounded(composeFile, fileSystem);
  if (text === undefined) return [];
  const cached = parsedCache.get(composeFile);
  if (cached?.text === text) return cached.builds;
  const builds = buildsIn(composeFile, text);
  parsedCache.delete(composeFile);
  if (parsedCache.size >= CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value!);
  parsedCache.set(composeFile, { text, builds });
  return builds;
}

function buildsIn(composeFile: string, text: string): ComposeBuild[] {
  // Compose files use YAML 1.1 merge keys (`<<: *defaults`); aliases are bounded against expansion bombs.
  const document = yamlParser().parseDocument(text, { merge: true, logLevel: 'silent', prettyErrors: false });
  if (document.errors.length) return [];
  let root: unknown;
  try {
    root = document.toJS({ maxAliasCount: 1000 });
  } catch {
    // Too many aliases, or a cycle: not a compose file to trust.
    return [];
  }
  const services = isRecord(root) ? root['services'] : undefined;
  if (!isRecord(services)) return [];
  const folder = path.dirname(composeFile);
  const builds: ComposeBuild[] = [];
  for (const [service, definition] of Object.entries(services)) {
    const build = isRecord(definition) ? definition['build'] : undefined;
    // `build: ./dir` is the short form of `build: { context: ./dir }`.
    const spec = typeof build === 'string' ? { context: build } : isRecord(build) ? build : undefined;
    if (!spec) continue;
    const context = spec['context'] ?? '.';
    const dockerfile = spec['dockerfile'] ?? 'Dockerfile';
    if (typeof context !== 'string' || typeof dockerfile !== 'string' || !isLocalPath(context) || !isLocalPath(dockerfile)) continue;
    const contextDirectory = path.resolve(folder, localPath(context));
    builds.push({ composeFile, service, context: contextDirectory, dockerfile: path.resolve(contextDirectory, localPath(dockerfile)) });
  }
  return builds;
}

/**
 * The YAML parser, loaded the first time a compose file is read: it is the largest module of the bundle, and most
 * Dockerfiles have no compose file around them, so the extension's activation does not pay for it.
 */
function yamlParser(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml');
}

/** A path on this machine as written: not a Git or HTTP URL, no `${VARIABLE}` whose value we cannot know. */
function isLocalPath(value: string): boolean {
  return value.trim() !== '' && !value.includes('$') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^git@/.test(value);
}

/** Compose accepts `\` in paths written on Windows. */
function localPath(value: string): string {
  return value.trim().replace(/\\/g, '/');
}

function samePath(a: string, b: string): boolean {
  const left = path.resolve(a);
  const right = path.resolve(b);
  return process.platform === 'win32' || process.platform === 'darwin' ? left.toLowerCase() === right.toLowerCase() : left === right;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBounded(file: string, fileSystem: ProjectFileSystem): string | undefined {
  if (fileSystem.readBytes) {
    const read = fileSystem.readBytes(file, MAX_COMPOSE_BYTES);
    if ('error' in read || read.size > MAX_COMPOSE_BYTES) return undefined;
    return new TextDecoder().decode(read.bytes);
  }
  const text = fileSystem.readText(file);
  return text !== undefined && text.length <= MAX_COMPOSE_BYTES ? text : undefined;
}

/** Parsed compose files, by path, while their text is the same: the editor lints on every keystroke. */
const parsedCache = new Map<string, { readonly text: string; readonly builds: readonly ComposeBuild[] }>();
const CACHE_SIZE = 32;

import * as path from 'node:path';
import { readTextFile } from '../lazyBuiltins';

/** What we may say about a docker `config.json`: where it is and which hosts it knows, never a secret. */
export interface DockerConfigSummary {
  readonly path: string;
  readonly exists: boolean;
  /** Registries with an `auths` entry (host names only). */
  readonly authHosts: readonly string[];
  /** The default credential store (`credsStore`), e.g. `desktop`, `pass`. */
  readonly credsStore?: string;
  /** Per-registry credential helpers (`credHelpers`): host → helper name. */
  readonly credHelpers: Readonly<Record<string, string>>;
  readonly currentContext?: string;
  /** Set when the file exists but cannot be read as JSON. */
  readonly problem?: string;
}

/** The docker CLI's config folder: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  return env.DOCKER_CONFIG && env.DOCKER_CONFIG.trim() ? env.DOCKER_CONFIG : path.join(home, '.docker');
}

/** Reads `config.json` and keeps only non-secret facts. */
export async function readDockerConfig(configDir: string): Promise<DockerConfigSummary> {
  const file = path.join(configDir, 'config.json');
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path: file, exists: false, authHosts: [], credHelpers: {} };
    return { path: file, exists: true, authHosts: [], credHelpers: {}, problem: `cannot be read (${code === 'EISDIR' ? 'it is a folder' : code ?? 'unknown error'})` };
  }
  const parsed = parseConfigJson(text);
  if (!parsed.ok) return { path: file, exists: true, authHosts: [], credHelpers: {}, problem: parsed.problem };
  if (!isRecord(parsed.value)) {
    return { path: file, exists: true, authHosts: [], credHelpers: {}, problem: 'not a JSON object' };
  }
  const config = parsed.value;
  const auths = isRecord(config.auths) ? Object.keys(config.auths) : [];
  const credHelpers: Record<string, string> = {};
  if (isRecord(config.credHelpers)) {
    for (const [host, helper] of Object.entries(config.credHelpers)) {
      if (typeof helper === 'string') credHelpers[host] = helper;
    }
  }
  return {
    path: file,
    exists: true,
    authHosts: auths.sort(),
    credHelpers,
    ...(typeof config.credsStore === 'string' && config.credsStore ? { credsStore: config.credsStore } : {}),
    ...(typeof config.currentContext === 'string' && config.currentContext ? { currentContext: config.currentContext } : {}),
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses config.json, which holds secrets (`auth`, `identitytoken`). JSON.parse's messages quote the text around
 * a mistake, so they must never be shown: a problem says only where, as "not valid JSON at line L, column C".
 */
export function parseConfigJson(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const offset = jsonErrorOffset(text);
    if (offset === undefined) return { ok: false, problem: 'not valid JSON' };
    const { line, column } = lineAndColumn(text, offset);
    return { ok: false, problem: `not valid JSON at line ${line}, column ${column}` };
  }
}

/** 1-based line and column (in characters) of a 0-based offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

/**
 * Where JSON text first breaks the grammar (RFC 8259), as an offset (the text's length when it ends too early);
 * undefined when it is valid. Node's JSON.parse gives no position for an unexpected character, so this scans
 * for it. Iterative, so deep nesting cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const open: string[] = [];
  const skipSpace = () => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const digits = () => { const start = i; while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++; return i > start; };
  /** Reads one string, number or literal at i; false with i on the first character that cannot belong. */
  const scalar = (): boolean => {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length; i++) {
        const d = text[i]!;
        if (d === '"') { i++; return true; }
        if (d < ' ') return false;
        if (d !== '\\') continue;
        i++;
        if (i < text.length && '"\\/bfnrt'.includes(text[i]!)) continue;
        if (text[i] !== 'u') return false;
        for (let k = 0; k < 4; k++) if (!/[0-9a-fA-F]/.test(text[++i] ?? '')) return false;
      }
      return false;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      if (c === '-') i++;
      if (text[i] === '0') i++;
      else if (!digits()) return false;
      if (text[i] === '.') { i++; if (!digits()) return false; }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (!digits()) return false;
      }
      return true;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (c !== literal[0]) continue;
      for (const expected of literal) {
        if (text[i] !== expected) return false;
        i++;
      }
      return true;
    }
    return false;
  };

  let expecting: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    skipSpace();
    if (expecting === 'key') {
      if (text[i] !== '"' || !scalar()) return i;
      skipSpace();
      if (text[i] !== ':') return i;
      i++;
      expecting = 'value';
    } else if (expecting === 'value') {
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        skipSpace();
        if (text[i] === (c === '{' ? '}' : ']')) { i++; expecting = 'after'; continue; }
        open.push(c);
        expecting = c === '{' ? 'key' : 'value';
      } else {
        if (!scalar()) return i;
        expecting = 'after';
      }
    } else {
      const container = open[open.length - 1];
      if (container === undefined) return i < text.length ? i : undefined;
      if (text[i] === ',') { i++; expecting = container === '{' ? 'key' : 'value'; continue; }
      if (text[i] !== (container === '{' ? '}' : ']')) return i;
      i++;
      open.pop();
    }
  }
}

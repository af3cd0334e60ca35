import * as path from 'node:path';
import dockerignoreMatcher, { Ignore } from '@balena/dockerignore';

/** One `.dockerignore` line. Matching is @balena/dockerignore's port of Docker's own matcher. */
export interface IgnorePattern {
  /** The line as cleaned (`./bin/` → `bin`), without its `!`: for saying which line did what. */
  readonly pattern: string;
  /** A `!` line: it puts back what earlier lines excluded. */
  readonly exception: boolean;
  /** The line as written (trimmed), as the matcher takes it. */
  readonly line: string;
}

/**
 * Parses a `.dockerignore`: `#` comments only at the very start of a line, surrounding space trimmed. A line
 * Docker would reject (an unclosed `[`) is skipped: Docker fails the build on it, there is nothing to match with.
 */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (raw.startsWith('#')) continue;
    const line = raw.trim();
    const exception = line.startsWith('!');
    const body = exception ? line.slice(1).trim() : line;
    if (!body) continue;
    try {
      // The matcher compiles a line when it first matches with it: a bad pattern throws here, not later.
      newMatcher().add(line).ignores('probe');
    } catch {
      continue;
    }
    let pattern = path.posix.normalize(body);
    if (pattern.length > 1) pattern = pattern.replace(/\/+$/, '');
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    patterns.push({ pattern, exception, line });
  }
  return patterns;
}

// Docker compares names case-sensitively (Linux builders; BuildKit does so on every host).
const newMatcher = (): Ignore => dockerignoreMatcher({ ignorecase: false });

/** A matcher per parsed list: a lint asks about a few files against the same list. */
const matchers = new WeakMap<readonly IgnorePattern[], Ignore>();

/**
 * Whether Docker leaves `file` (a context path with forward slashes) out of the build context: a line
 * matches the file or one of its parent folders, and the last matching line decides.
 */
export function isIgnored(patterns: readonly IgnorePattern[], file: string): boolean {
  let matcher = matchers.get(patterns);
  if (!matcher) matchers.set(patterns, matcher = newMatcher().add(patterns.map(p => p.line)));
  return matcher.ignores(file);
}

/** Whether a file name matches one segment of a Docker path pattern (`*.csproj`, `App.?sproj`), as COPY expands it. */
export function nameMatcher(pattern: string): (fileName: string) => boolean {
  // `!` and `#` mean something else at the start of an ignore line; a COPY pattern starting so is matched as written.
  const line = /^[!#]/.test(pattern) ? `\\${pattern}` : pattern;
  try {
    const matcher = newMatcher().add(line);
    matcher.ignores('probe');
    return fileName => matcher.ignores(fileName);
  } catch {
    return () => false;
  }
}

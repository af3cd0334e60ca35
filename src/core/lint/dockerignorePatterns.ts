import * as path from 'node:path';

/** One `.dockerignore` line, compiled as Docker's pattern matcher (moby/patternmatcher) reads it. */
export interface IgnorePattern {
  /** The line as cleaned (`./bin/` → `bin`), without its `!`. */
  readonly pattern: string;
  /** A `!` line: it puts back what earlier lines excluded. */
  readonly exception: boolean;
  readonly regex: RegExp;
}

/**
 * Parses a `.dockerignore`: `#` comments only at the very start of a line, surrounding space trimmed, paths
 * cleaned (so `bin/` is `bin`, which matches only the context root's bin), a leading `/` dropped. A line
 * Docker would reject (an unclosed `[`) is skipped.
 */
export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach(raw => {
    if (raw.startsWith('#')) return;
    let line = raw.trim();
    const exception = line.startsWith('!');
    if (exception) line = line.slice(1).trim();
    if (!line) return;
    let pattern = path.posix.normalize(line);
    if (pattern.length > 1) pattern = pattern.replace(/\/+$/, '');
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    try {
      patterns.push({ pattern, exception, regex: new RegExp(toRegexSource(pattern)) });
    } catch {
      // Docker fails the build on a bad pattern; there is nothing to match with it here.
    }
  });
  return patterns;
}

/** `**` spans folders, `*` and `?` stay inside one, `[…]` is a class, `\` escapes the next character. */
function toRegexSource(pattern: string): string {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') i++;
      source += i + 1 >= pattern.length ? '.*' : '(.*/)?';
    } else if (ch === '*') {
      source += '[^/]*';
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '\\') {
      source += i + 1 < pattern.length ? `\\${pattern[++i]}` : '\\\\';
    } else if (ch === '[' || ch === ']') {
      source += ch;
    } else {
      source += ch.replace(/[.+()|{}$^]/, match => `\\${match}`);
    }
  }
  return `${source}$`;
}

/**
 * Whether Docker leaves `file` (a context path with forward slashes) out of the build context: a line
 * matches the file or one of its parent folders, and the last matching line decides.
 */
export function isIgnored(patterns: readonly IgnorePattern[], file: string): boolean {
  const parents = file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const pattern of patterns) {
    // An exception can only change an ignored file, and an exclusion only a kept one.
    if (pattern.exception !== ignored) continue;
    if (pattern.regex.test(file) || parents.some(parent => pattern.regex.test(parent))) ignored = !pattern.exception;
  }
  return ignored;
}

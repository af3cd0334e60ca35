import * as nodePath from 'node:path';
import { isTargetFrameworkCompatible, parseTargetFramework } from './targetFramework';

/**
 * How many characters `$(…)` substitutions may produce in one project's evaluation. Properties can double each
 * other (`<B>$(A)$(A)</B>`, `<C>$(B)$(B)</C>`…), which grows a small file into gigabytes as entities did; real
 * projects substitute a few KB.
 */
export const maxExpandedCharacters = 4 * 1024 * 1024;

/** Thrown when an evaluation's substitutions pass {@link maxExpandedCharacters}: the project is refused, not guessed. */
export class ExpansionLimitError extends Error {
  constructor() {
    super(`property values expand to more than ${maxExpandedCharacters / (1024 * 1024)} MB of text (properties that repeat each other): not evaluated`);
    this.name = 'ExpansionLimitError';
  }
}

/** MSBuild properties, looked up case-insensitively as MSBuild does. */
export class PropertyTable {
  private readonly values = new Map<string, { name: string; value: string }>();
  /** Characters substitutions have produced so far in this evaluation (see maxExpandedCharacters). */
  private expanded = 0;

  /** Counts `characters` of substituted text against the evaluation's budget; throws ExpansionLimitError past it. */
  spend(characters: number): void {
    this.expanded += characters;
    if (this.expanded > maxExpandedCharacters) throw new ExpansionLimitError();
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase())?.value;
  }

  set(name: string, value: string): void {
    this.values.set(name.toLowerCase(), { name, value });
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  entries(): Array<[string, string]> {
    return [...this.values.values()].map(({ name, value }) => [name, value]);
  }
}

export interface Expansion {
  readonly value: string;
  /** True when part of the text used something static evaluation cannot know (a property function, an item list). */
  readonly unresolved: boolean;
}

/** How deep property functions may nest in each other's arguments (real ones: two or three). */
const maxFunctionNesting = 32;

/** Expands `$(Name)` and the few property functions that matter for container builds; marks the rest unresolved. */
export function expandProperties(text: string, properties: PropertyTable, nesting = 0): Expansion {
  // Deeper than any real project: unresolved, rather than a recursion as deep as the file is long.
  if (nesting > maxFunctionNesting) return { value: '', unresolved: true };
  let unresolved = false;
  let out = '';
  let i = 0;
  // The next item list or metadata reference, looked up again only once passed: each search scans to the end.
  let itemStart = -1;
  while (i < text.length) {
    const start = text.indexOf('$(', i);
    if (itemStart !== Infinity && itemStart < i) itemStart = nextItemReference(text, i);
    if (itemStart !== Infinity && (start < 0 || itemStart < start)) unresolved = true;
    if (start < 0) { out += text.slice(i); break; }
    out += text.slice(i, start);
    const end = matchingParen(text, start + 1);
    if (end < 0) { out += text.slice(start); unresolved = true; break; }
    const inner = text.slice(start + 2, end).trim();
    const value = evaluateInner(inner, properties, nesting);
    if (value === undefined) unresolved = true;
    properties.spend(value?.length ?? 0);
    out += value ?? '';
    i = end + 1;
  }
  return { value: out, unresolved };
}

/** Where the next `@(` or `%(` is, from `from` on; Infinity when there is none. */
function nextItemReference(text: string, from: number): number {
  const pattern = /[@%]\(/g;
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? Infinity;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const char = text[j];
    if (char === "'" || char === '"' || char === '`') {
      const close = text.indexOf(char, j + 1);
      if (close < 0) return -1;
      j = close;
    } else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return j;
  }
  return -1;
}

function evaluateInner(inner: string, properties: PropertyTable, nesting: number): string | undefined {
  if (/^[A-Za-z_][\w-]*$/.test(inner)) return properties.get(inner) ?? '';
  // $(Name.Method('arg')) string functions on a property value.
  const method = /^([A-Za-z_][\w-]*)\.(\w+)\((.*)\)$/s.exec(inner);
  if (method) {
    const value = properties.get(method[1]!) ?? '';
    const args = splitArgs(method[3]!, properties, nesting);
    if (!args) return undefined;
    switch (method[2]!.toLowerCase()) {
      case 'startswith': return String(value.startsWith(args[0] ?? ''));
      case 'endswith': return String(value.endsWith(args[0] ?? ''));
      case 'contains': return String(value.includes(args[0] ?? ''));
      case 'tolower':
      case 'tolowerinvariant': return value.toLowerCase();
      case 'toupper':
      case 'toupperinvariant': return value.toUpperCase();
      case 'trim': return value.trim();
      case 'replace': {
        // .NET's String.Replace refuses an empty old value; the result's size is checked before it is built.
        if (args.length !== 2 || !args[0]) return undefined;
        properties.spend(Math.max(0, occurrences(value, args[0]) * (args[1]!.length - args[0].length)));
        const replacement = args[1]!;
        return value.replaceAll(args[0], () => replacement);
      }
      default: return undefined;
    }
  }
  const msbuild = /^\[MSBuild\]::(\w+)\((.*)\)$/is.exec(inner);
  if (msbuild) {
    const args = splitArgs(msbuild[2]!, properties, nesting);
    if (!args) return undefined;
    switch (msbuild[1]!.toLowerCase()) {
      case 'gettargetframeworkidentifier': return parseTargetFramework(args[0] ?? '')?.identifier;
      case 'gettargetframeworkversion': {
        return parseTargetFramework(args[0] ?? '')?.version;
      }
      case 'gettargetplatformidentifier': {
        const tfm = parseTargetFramework(args[0] ?? '');
        return tfm ? (tfm.platform ?? '') : undefined;
      }
      case 'istargetframeworkcompatible': {
        const compatible = isTargetFrameworkCompatible(args[0] ?? '', args[1] ?? '');
        return compatible === undefined ? undefined : String(compatible);
      }
      case 'versiongreaterthanorequals':
      case 'versionlessthan':
      case 'versiongreaterthan':
      case 'versionlessthanorequals':
      case 'versionequals': {
        const cmp = compareDotted(args[0] ?? '', args[1] ?? '');
        if (cmp === undefined) return undefined;
        const name = msbuild[1]!.toLowerCase();
        return String(name === 'versionequals' ? cmp === 0 : name === 'versionlessthan' ? cmp < 0 : name === 'versiongreaterthan' ? cmp > 0 : name === 'versionlessthanorequals' ? cmp <= 0 : cmp >= 0);
      }
      case 'normalizepath':
      case 'normalizedirectory': {
        // A relative start would be relative to MSBuild's working folder, which a static reading does not know.
        if (!args.length || !nodePath.isAbsolute(args[0]!.replace(/\\/g, '/'))) return undefined;
        const full = nodePath.resolve(...args.map(arg => arg.replace(/\\/g, '/')));
        return msbuild[1]!.toLowerCase() === 'normalizedirectory' && !full.endsWith(nodePath.sep) ? full + nodePath.sep : full;
      }
      case 'ensuretrailingslash': return args[0] && !/[\\/]$/.test(args[0]) ? args[0] + nodePath.sep : (args[0] ?? '');
      default: return undefined;
    }
  }
  // System.IO.Path members real layouts use in conditions (`src$([System.IO.Path]::DirectorySeparatorChar)Tests`).
  if (/^\[System\.IO\.Path\]::DirectorySeparatorChar$/i.test(inner)) return nodePath.sep;
  const combine = /^\[System\.IO\.Path\]::Combine\((.*)\)$/is.exec(inner);
  if (combine) {
    const args = splitArgs(combine[1]!, properties, nesting);
    // Path.Combine starts again at an absolute part, as path.join does not.
    return args?.length ? args.reduce((sofar, arg) => (nodePath.isAbsolute(arg.replace(/\\/g, '/')) || !sofar ? arg : nodePath.join(sofar, arg))) : undefined;
  }
  return undefined;
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count++;
  return count;
}

function compareDotted(a: string, b: string): number | undefined {
  if (!/^\d+(\.\d+)*$/.test(a.trim()) || !/^\d+(\.\d+)*$/.test(b.trim())) return undefined;
  const pa = a.trim().split('.').map(Number);
  const pb = b.trim().split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff) return diff;
  }
  return 0;
}

/** Splits `'a', '$(B)'` into expanded argument strings; undefined when an argument cannot be known. */
function splitArgs(text: string, properties: PropertyTable, nesting: number): string[] | undefined {
  const args: string[] = [];
  // Each argument is the text between top-level commas less its quote characters, taken in slices: a long
  // argument built a character at a time costs tens of bytes per character.
  let pieces: string[] = [];
  let pieceStart = 0;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) {
        pieces.push(text.slice(pieceStart, i));
        pieceStart = i + 1;
        quote = undefined;
      }
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      pieces.push(text.slice(pieceStart, i));
      pieceStart = i + 1;
      quote = char;
      continue;
    }
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      pieces.push(text.slice(pieceStart, i));
      args.push(pieces.join('').trim());
      pieces = [];
      pieceStart = i + 1;
    }
  }
  pieces.push(text.slice(pieceStart));
  const last = pieces.join('');
  if (last.trim() || args.length) args.push(last.trim());
  const expanded: string[] = [];
  for (const arg of args) {
    const result = expandProperties(arg, properties, nesting + 1);
    if (result.unresolved) return undefined;
    expanded.push(result.value);
  }
  return expanded;
}

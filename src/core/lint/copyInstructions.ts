import * as path from 'node:path';
import { Flag, Instruction } from 'dockerfile-ast';
import { argumentsContent, argumentsOf, flagsOf, rawArgumentsContent } from './instructionWords';
import type { Stage } from './lintContext';
import { Fact, remembered } from './remembered';
import type { Position, Range } from './types';

/** A COPY or ADD that takes files from the build context (not `--from` a stage or image, not a heredoc). */
export interface ContextCopy {
  readonly instruction: Instruction;
  /** The sources as Docker reads them (JSON strings decoded), relative to the build context. */
  readonly sources: readonly string[];
  readonly destination: string;
  readonly flags: readonly Flag[];
}

// Read once per lint (see remembered.ts): the context, the dockerignore rule and the restore-cache rule all ask.
const CONTEXT_COPIES = new Fact<readonly ContextCopy[]>('context copies');

/** The stage's COPY/ADD instructions that take files from the build context, in order. */
export function contextCopies(stage: Stage): readonly ContextCopy[] {
  return remembered(stage, CONTEXT_COPIES, () => stage.instructions.map(contextCopy).filter((copy): copy is ContextCopy => copy !== undefined));
}

/** The context sources and destination of a COPY/ADD; undefined for anything else. */
export function contextCopy(instruction: Instruction): ContextCopy | undefined {
  const keyword = instruction.getKeyword();
  if (keyword !== 'COPY' && keyword !== 'ADD') return undefined;
  // dockerfile-ast can throw on odd input; this file is imported by lintContext, so it cannot use its `safe`.
  try {
    const flags = flagsOf(instruction);
    if (flags.some(flag => flag.getName().toLowerCase() === 'from')) return undefined;
    const words = copyArgumentWords(instruction);
    if (words.length < 2 || words.some(word => word.startsWith('<<'))) return undefined;
    return { instruction, sources: words.slice(0, -1), destination: words[words.length - 1]!, flags };
  } catch {
    return undefined;
  }
}

/**
 * The words of a COPY/ADD (sources, then destination) as Docker reads them. JSON form decoded with JSON.parse:
 * dockerfile-ast's JSON strings drop the spaces inside them (`"My Shop/"` reads back as `MyShop/`). Docker falls
 * back to the plain form when the JSON is invalid.
 */
export function copyArgumentWords(instruction: Instruction): string[] {
  // The raw text starts where the joined one does, and costs less to get: most COPYs are not JSON.
  if ((rawArgumentsContent(instruction) ?? '').trimStart().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(argumentsContent(instruction) ?? '');
      if (Array.isArray(parsed) && parsed.every(item => typeof item === 'string')) return parsed as string[];
    } catch {
      // not JSON after all: the plain form below
    }
  }
  return argumentsOf(instruction).map(arg => unquoted(arg.getValue()));
}

/**
 * A shell-form word as Docker's word processing reads it: `"src/A/A.csproj"` is `src/A/A.csproj`, and so is
 * `src/"A"/A.csproj`. A word with an unpaired quote is left as written (Docker refuses it).
 */
export function unquoted(word: string): string {
  if (!/["']/.test(word)) return word;
  let result = '';
  let quote: string | undefined;
  for (const ch of word) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else result += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else {
      result += ch;
    }
  }
  return quote ? word : result;
}

/**
 * Where each word of a COPY/ADD is written (its sources, then its destination), quotes included: shell-form
 * words from dockerfile-ast, JSON strings found in the text (dockerfile-ast splits them at spaces). Undefined
 * when the words cannot be placed one for one.
 */
export function copyWordRanges(copy: ContextCopy): Range[] | undefined {
  const count = copy.sources.length + 1;
  const instruction = copy.instruction;
  if (!(rawArgumentsContent(instruction) ?? '').trimStart().startsWith('[')) {
    const ranges = argumentsOf(instruction).map(arg => arg.getRange());
    return ranges.length === count ? ranges : undefined;
  }
  const text = instruction.getTextContent();
  const open = /^\s*\S+(?:\s+--\S+)*\s*\[/.exec(text);
  if (!open) return undefined;
  const start = instruction.getRange().start;
  const positionAt = (offset: number): Position => {
    const before = text.slice(0, offset);
    const newlines = before.split('\n').length - 1;
    return { line: start.line + newlines, character: newlines ? offset - before.lastIndexOf('\n') - 1 : start.character + offset };
  };
  const ranges: Range[] = [];
  const strings = /"(?:[^"\\\r\n]|\\.)*"/g;
  strings.lastIndex = open[0].length;
  for (let match = strings.exec(text); match; match = strings.exec(text)) ranges.push({ start: positionAt(match.index), end: positionAt(match.index + match[0].length) });
  return ranges.length === count ? ranges : undefined;
}

/** A context path with forward slashes, without `./` or a trailing slash: `.`, `./` and `./.` all give ''. */
export function normalizedContextPath(source: string): string {
  const normalized = path.posix.normalize(source.replace(/\\/g, '/')).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return normalized === '.' || normalized === '/' ? '' : normalized.replace(/^\//, '');
}

/** Whether a source is a pattern (`*.csproj`, `src/**`), which Docker expands rather than copies as named. */
export function isPattern(source: string): boolean {
  return /[*?[]/.test(source);
}

/** Whether `directory` (a normalized context path, '' for the root) holds `file` (also normalized). */
export function holds(directory: string, file: string): boolean {
  return directory === '' || file === directory || file.startsWith(`${directory}/`);
}

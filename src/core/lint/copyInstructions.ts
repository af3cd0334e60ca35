import * as path from 'node:path';
import { Flag, Instruction } from 'dockerfile-ast';
import { argumentsContent, argumentsOf, flagsOf, rawArgumentsContent } from './instructionWords';
import type { Stage } from './lintContext';
import { Fact, remembered } from './remembered';

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
    const words = argumentWords(instruction);
    if (words.length < 2 || words.some(word => word.startsWith('<<'))) return undefined;
    return { instruction, sources: words.slice(0, -1), destination: words[words.length - 1]!, flags };
  } catch {
    return undefined;
  }
}

/**
 * JSON form decoded with JSON.parse: dockerfile-ast's JSON strings drop the spaces inside them
 * (`"My Shop/"` reads back as `MyShop/`). Docker falls back to the plain form when the JSON is invalid.
 */
function argumentWords(instruction: Instruction): string[] {
  // The raw text starts where the joined one does, and costs less to get: most COPYs are not JSON.
  if ((rawArgumentsContent(instruction) ?? '').trimStart().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(argumentsContent(instruction) ?? '');
      if (Array.isArray(parsed) && parsed.every(item => typeof item === 'string')) return parsed as string[];
    } catch {
      // not JSON after all: the plain form below
    }
  }
  return argumentsOf(instruction).map(arg => arg.getValue());
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

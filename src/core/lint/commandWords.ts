import { Argument, Instruction } from 'dockerfile-ast';
import { jsonArg, shellWord } from '../generate/dockerfileSyntax';
import { argumentsOf } from './instructionWords';
import { safe, Stage } from './lintContext';
import { Fact, remembered, rememberedIn } from './remembered';
import { lastInChain, stageChain } from './stageChain';
import { Range } from './types';

/** One word of a command, unquoted, with where it is written (quotes included). */
export interface CommandWord {
  readonly value: string;
  readonly range: Range;
  /** False when a shell would do more than remove quotes (variables, globs…): the value is then the raw text. */
  readonly literal: boolean;
}

/** The command of a RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD, as Docker will run it. */
export interface Command {
  /** `exec`: a JSON array, run without a shell; `shell`: handed to `/bin/sh -c`. */
  readonly form: 'exec' | 'shell';
  readonly words: readonly CommandWord[];
  /**
   * Shell form that needs a shell to mean what it says (variables, operators, globs, escapes, quotes spanning
   * lines): it cannot be rewritten word for word as a JSON array.
   */
  readonly shellSyntax: boolean;
  /** Where the command is written: the JSON array, or the shell words. */
  readonly range: Range;
}

// Read once per lint (see remembered.ts), kept with the lines array: each context splits its text once.
const COMMANDS = new Fact<Map<Instruction, Command | undefined>>('commands');
const CONTAINER_COMMANDS = new Fact<Map<Stage, readonly CommandPart[]>>('container commands');

/** The command of an instruction; undefined for other instructions, `HEALTHCHECK NONE` and empty commands. */
export function commandOf(instruction: Instruction, lines: readonly string[]): Command | undefined {
  const commands = remembered(lines, COMMANDS, () => new Map<Instruction, Command | undefined>());
  return rememberedIn(commands, instruction, () => safe(() => readCommand(instruction, lines), undefined));
}

/** A command's words as a JSON array for exec form: `["dotnet", "App.dll"]`. */
export function execFormText(words: readonly string[]): string {
  return `[${words.map(word => jsonArg(word, false)).join(', ')}]`;
}

/** The program a command starts, without its directory: `dotnet` for `/usr/bin/dotnet`. */
export function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

function readCommand(instruction: Instruction, lines: readonly string[]): Command | undefined {
  const keyword = instruction.getKeyword();
  let args = argumentsOf(instruction);
  if (keyword === 'HEALTHCHECK') {
    if (args[0]?.getValue().toUpperCase() !== 'CMD') return undefined;
    args = args.slice(1);
  } else if (!['RUN', 'CMD', 'ENTRYPOINT'].includes(keyword)) {
    return undefined;
  }
  const first = args[0];
  const last = args[args.length - 1];
  if (!first || !last) return undefined;
  const range = { start: first.getRange().start, end: last.getRange().end };

  if (first.getValue().startsWith('[')) {
    const exec = jsonArrayWords(range, lines);
    // A JSON array Docker cannot parse (single quotes, a missing bracket) runs in the shell as written.
    if (exec) return { form: 'exec', words: exec, shellSyntax: false, range };
  }
  return { form: 'shell', ...shellWords(args, lines), range };
}

/**
 * The strings of a JSON array written over `range`, with their positions, as Docker reads exec form; undefined
 * when the text is not an array of strings. Read from the text: dockerfile-ast drops spaces and mangles escapes
 * inside JSON strings.
 */
export function jsonArrayWords(range: Range, lines: readonly string[]): CommandWord[] | undefined {
  // The array's text, its continuation lines joined, and where each of its characters is written.
  let text = '';
  const lineAt: number[] = [];
  const characterAt: number[] = [];
  for (let line = range.start.line; line <= range.end.line; line++) {
    const lineText = lines[line] ?? '';
    const from = line === range.start.line ? range.start.character : 0;
    let to = line === range.end.line ? range.end.character : lineText.length;
    if (line !== range.end.line) {
      if (lineText.trim().startsWith('#')) continue; // a comment inside a continued instruction
      to = from + lineText.slice(from, to).replace(/[\\`]\s*$/, '').length; // the line continuation
    }
    text += lineText.slice(from, to);
    for (let character = from; character < to; character++) {
      lineAt.push(line);
      characterAt.push(character);
    }
  }
  const words: CommandWord[] = [];
  let i = 0;
  const skipSpace = () => { while (i < text.length && /\s/.test(text[i]!)) i++; };
  skipSpace();
  if (text[i++] !== '[') return undefined;
  skipSpace();
  if (text[i] === ']') return i + 1 === text.trimEnd().length ? [] : undefined;
  for (;;) {
    skipSpace();
    if (text[i] !== '"') return undefined;
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) return undefined;
    const end = ++i;
    const value: unknown = safe(() => JSON.parse(text.slice(start, end)), undefined);
    if (typeof value !== 'string') return undefined;
    words.push({ value, range: { start: { line: lineAt[start]!, character: characterAt[start]! }, end: { line: lineAt[end - 1]!, character: characterAt[end - 1]! + 1 } }, literal: true });
    skipSpace();
    if (text[i] === ',') { i++; continue; }
    if (text[i] !== ']') return undefined;
    i++;
    skipSpace();
    return i === text.length ? words : undefined;
  }
}

const shellOperators = /[$`|&;<>(){}*?[\]~!#\\]/;
const quoted = /["']/;

/**
 * Splits shell-form text into words the way /bin/sh would for plain commands. Quoted words may hold spaces;
 * anything a shell would expand or interpret marks the command as needing a shell.
 */
function shellWords(args: readonly Argument[], lines: readonly string[]): { words: CommandWord[]; shellSyntax: boolean } {
  const words: CommandWord[] = [];
  let shellSyntax = false;
  for (let i = 0; i < args.length; i++) {
    const start = args[i]!.getRange().start;
    // dockerfile-ast drops an escape before a space (`a\ b`): anything but blanks between words is shell syntax.
    const previous = words[words.length - 1]?.range.end;
    if (previous?.line === start.line && (lines[start.line] ?? '').slice(previous.character, start.character).trim()) shellSyntax = true;
    let end = args[i]!.getRange().end;
    let raw = rangeText(lines, { start, end }) || args[i]!.getValue();
    // A quote left open joins the next arguments (dockerfile-ast splits on every space).
    while (openQuote(raw) && i + 1 < args.length) {
      const next = args[++i]!;
      if (next.getRange().start.line !== start.line) shellSyntax = true;
      end = next.getRange().end;
      raw = start.line === end.line ? (lines[start.line] ?? '').slice(start.character, end.character) : `${raw} ${next.getValue()}`;
    }
    const value = unquoteWord(raw);
    if (value === undefined) shellSyntax = true;
    words.push({ value: value ?? raw, range: { start, end }, literal: value !== undefined });
  }
  if (words[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0].value)) shellSyntax = true;
  return { words, shellSyntax };
}

function openQuote(text: string): boolean {
  if (!quoted.test(text)) return false;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    }
  }
  return quote !== undefined;
}

/** The word's value after quote removal; undefined when the shell would do more than remove quotes. */
function unquoteWord(raw: string): string | undefined {
  if (!quoted.test(raw) && !shellOperators.test(raw)) return raw; // most words: nothing to remove or expand
  let value = '';
  let quote: string | undefined;
  for (const ch of raw) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (quote === '"' && /[$`\\]/.test(ch)) return undefined;
      else value += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (shellOperators.test(ch)) {
      return undefined;
    } else {
      value += ch;
    }
  }
  return quote ? undefined : value;
}

/** One part of what the container runs: the ENTRYPOINT, or the CMD (alone, or as the exec ENTRYPOINT's arguments). */
export interface CommandPart {
  readonly instruction: Instruction;
  readonly command: Command;
}

/**
 * What the container runs, from the stage chain's last ENTRYPOINT and CMD: a shell-form ENTRYPOINT ignores CMD;
 * an exec-form one takes CMD as arguments. Empty when neither is set (the image's own command runs).
 */
export function containerCommand(stage: Stage, lines: readonly string[]): readonly CommandPart[] {
  const byStage = remembered(lines, CONTAINER_COMMANDS, () => new Map<Stage, readonly CommandPart[]>());
  return rememberedIn(byStage, stage, () => readContainerCommand(stage, lines));
}

function readContainerCommand(stage: Stage, lines: readonly string[]): CommandPart[] {
  const parts: CommandPart[] = [];
  const entrypoint = lastInChain(stage, 'ENTRYPOINT');
  const entrypointCommand = entrypoint ? commandOf(entrypoint, lines) : undefined;
  if (entrypoint && entrypointCommand) parts.push({ instruction: entrypoint, command: entrypointCommand });
  if (entrypointCommand?.form === 'shell') return parts;
  const cmd = lastInChain(stage, 'CMD');
  // An ENTRYPOINT after the CMD (in a later stage of the chain) resets CMD.
  const cmdCommand = cmd && (!entrypoint || cmd.getRange().start.line > entrypoint.getRange().start.line || stageOf(stage, cmd) === stageOf(stage, entrypoint)) ? commandOf(cmd, lines) : undefined;
  if (cmd && cmdCommand) parts.push({ instruction: cmd, command: cmdCommand });
  return parts;
}

/** The words the container runs, a leading shell `exec` left out. */
export function commandLineWords(parts: readonly CommandPart[]): CommandWord[] {
  const words = parts.flatMap(part => part.command.words);
  return parts[0]?.command.form === 'shell' && words[0]?.value === 'exec' ? words.slice(1) : words;
}

/** Whether the container starts `dotnet` (the shared runtime's host), e.g. `dotnet App.dll`. */
export function runsDotnetHost(parts: readonly CommandPart[]): boolean {
  const first = commandLineWords(parts)[0];
  return first !== undefined && programName(first.value) === 'dotnet';
}

function stageOf(stage: Stage, instruction: Instruction | undefined): Stage | undefined {
  return instruction ? stageChain(stage).find(s => s.instructions.includes(instruction)) : undefined;
}

/**
 * Text that puts `values` where words of a command were, in the command's own form: JSON strings for exec form,
 * shell words for shell form (keeping the original word's quote style when it was quoted).
 */
export function wordsText(form: Command['form'], values: readonly string[], originalRaw = ''): string {
  if (form === 'exec') return values.map(value => jsonArg(value, false)).join(', ');
  const quote = originalRaw[0] === '"' || originalRaw[0] === "'" ? originalRaw[0] : undefined;
  return values.map(value => (quote && values.length === 1 && !value.includes(quote) && !(quote === '"' && /[$`\\]/.test(value))
    ? `${quote}${value}${quote}`
    : shellWord(value))).join(' ');
}

/** The text a range covers when it sits on one line (a word's raw text, quotes included). */
export function rangeText(lines: readonly string[], range: Range): string {
  return range.start.line === range.end.line ? (lines[range.start.line] ?? '').slice(range.start.character, range.end.character) : '';
}

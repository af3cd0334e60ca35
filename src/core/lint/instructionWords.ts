import { Argument, Flag, From, Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { Position, Range } from './types';

/**
 * dockerfile-ast works an instruction's words out of its text again on every call (getArguments, the flags and
 * the argument contents all start there, and each of those calls getArguments once or twice more), and several
 * rules ask about the same instructions in one lint. The words depend only on the instruction's own text, which
 * never changes, so the first answers are kept here, by instruction, for as long as the instruction lives, and
 * the contents are cut from the instruction's text at its arguments' places rather than worked out again. A throw
 * is not kept: the caller sees it each time.
 */
interface KnownWords {
  arguments?: readonly Argument[];
  rawContent?: string | null;
  content?: string | null;
  flags?: readonly Flag[];
  imageRange?: Range | null;
  image?: string | null;
  buildStage?: string | null;
  /** The instruction's text, and where each of its lines starts in it (after \r\n, \n or \r, as LSP positions count lines). */
  text?: string;
  lineStarts?: readonly number[];
}

const known = new WeakMap<Instruction, KnownWords>();

function knownWords(instruction: Instruction): KnownWords {
  let words = known.get(instruction);
  if (!words) known.set(instruction, words = {});
  return words;
}

/**
 * The words of instructions in recent lints, by what they depend on: the instruction's text, where it starts (the
 * words' ranges are the file's) and the escape character. Typing changes one instruction: the others keep theirs.
 */
interface RecentWords {
  readonly line: number;
  readonly character: number;
  readonly escapeCharacter: string;
  readonly words: KnownWords;
}

const recentWords = new Map<string, RecentWords[]>();
const RECENT_TEXTS = 1024;

/**
 * Gives each of a new parse's instructions the words an instruction of an earlier lint had, where the escape
 * character, the place and the text are the same (dockerfile-ast makes new objects on every parse).
 */
export function reuseWords(instructions: readonly Instruction[], escapeCharacter: string): void {
  for (const instruction of instructions) {
    if (known.has(instruction)) continue;
    const { line, character } = instruction.getRange().start;
    const text = instruction.getTextContent();
    let same = recentWords.get(text);
    let words = same?.find(recent => recent.line === line && recent.character === character && recent.escapeCharacter === escapeCharacter)?.words;
    if (!words) {
      words = { text };
      if (!same) {
        if (recentWords.size >= RECENT_TEXTS) recentWords.delete(recentWords.keys().next().value!);
        recentWords.set(text, same = []);
      }
      // A text at a few places (the same WORKDIR in two stages) keeps each; lines moved by an edit replace the oldest.
      if (same.length >= 4) same.shift();
      same.push({ line, character, escapeCharacter, words });
    }
    known.set(instruction, words);
  }
}

/** `instruction.getArguments()`, worked out once. */
export function argumentsOf(instruction: Instruction): readonly Argument[] {
  const words = knownWords(instruction);
  return words.arguments ??= instruction.getArguments();
}

/**
 * `instruction.getRawArgumentsContent()` (the arguments as written, line continuations and all): the text from
 * the first argument's start to the last one's end.
 */
export function rawArgumentsContent(instruction: Instruction): string | null {
  const words = knownWords(instruction);
  if (words.rawContent === undefined) {
    const args = argumentsOf(instruction);
    words.rawContent = args.length ? textBetween(instruction, words, args[0]!.getRange().start, args[args.length - 1]!.getRange().end) : null;
  }
  return words.rawContent;
}

/**
 * `instruction.getArgumentsContent()` (the arguments with line continuations joined): on one line that is the
 * raw content; over several lines, the pieces dockerfile-ast's getArgumentsRanges gives (continuations and the
 * comment lines between them left out), joined.
 */
export function argumentsContent(instruction: Instruction): string | null {
  const words = knownWords(instruction);
  if (words.content === undefined) {
    const args = argumentsOf(instruction);
    words.content = !args.length ? null
      : args[0]!.getRange().start.line === args[args.length - 1]!.getRange().end.line ? rawArgumentsContent(instruction)
        : instruction.getArgumentsRanges().map(range => textBetween(instruction, words, range.start, range.end)).join('');
  }
  return words.content;
}

/**
 * The instruction's text between two of its positions, as a TextDocument of the whole file would give it
 * (`offsetAt`: a character past the line's end stops there, and never between the two characters of a \r\n).
 */
function textBetween(instruction: Instruction, words: KnownWords, start: Position, end: Position): string {
  const text = words.text ??= instruction.getTextContent();
  const lineStarts = words.lineStarts ??= lineStartsOf(text);
  const origin = instruction.getRange().start;
  const offsetOf = (position: Position): number => {
    const index = position.line - origin.line;
    if (index >= lineStarts.length) return text.length;
    if (index < 0) return 0;
    // The first line starts before the instruction (its indentation): its offsets are counted from there.
    const lineStart = index === 0 ? -origin.character : lineStarts[index]!;
    if (position.character <= 0) return Math.max(lineStart, 0);
    const next = index + 1 < lineStarts.length ? lineStarts[index + 1]! : text.length;
    let offset = Math.min(lineStart + position.character, next);
    while (offset > Math.max(lineStart, 0) && isLineBreak(text.charCodeAt(offset - 1))) offset--;
    return Math.max(offset, 0);
  };
  return text.substring(offsetOf(start), offsetOf(end));
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isLineBreak(code)) continue;
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    starts.push(i + 1);
  }
  return starts;
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** `instruction.getFlags()` of a COPY, RUN, FROM… (none for instructions that take no flags), worked out once. */
export function flagsOf(instruction: Instruction): readonly Flag[] {
  const words = knownWords(instruction);
  return words.flags ??= (instruction as Partial<ModifiableInstruction>).getFlags?.() ?? [];
}

/** `from.getImageRange()`: where a FROM's image is written (null when it names none), worked out once. */
export function imageRangeOf(from: From): Range | null {
  const words = knownWords(from);
  if (words.imageRange === undefined) words.imageRange = from.getImageRange();
  return words.imageRange;
}

/** `from.getImage()`: a FROM's image as written (null when it names none), worked out once. */
export function imageOf(from: From): string | null {
  const words = knownWords(from);
  if (words.image === undefined) words.image = from.getImage();
  return words.image;
}

/** `from.getBuildStage()`: the name after `AS`, as written (null when there is none), worked out once. */
export function buildStageOf(from: From): string | null {
  const words = knownWords(from);
  if (words.buildStage === undefined) words.buildStage = from.getBuildStage();
  return words.buildStage;
}

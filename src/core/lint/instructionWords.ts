import { Argument, Flag, Instruction, ModifiableInstruction } from 'dockerfile-ast';

/**
 * dockerfile-ast works an instruction's words out of its text again on every call (getArguments, the flags and
 * the argument contents all start there), and several rules ask about the same instructions in one lint. The
 * words depend only on the instruction's own text, which never changes, so the first answers are kept here, by
 * instruction, for as long as the instruction lives. A throw is not kept: the caller sees it each time.
 */
interface KnownWords {
  arguments?: readonly Argument[];
  rawContent?: string | null;
  content?: string | null;
  flags?: readonly Flag[];
}

const known = new WeakMap<Instruction, KnownWords>();

function knownWords(instruction: Instruction): KnownWords {
  let words = known.get(instruction);
  if (!words) known.set(instruction, words = {});
  return words;
}

/** `instruction.getArguments()`, worked out once. */
export function argumentsOf(instruction: Instruction): readonly Argument[] {
  const words = knownWords(instruction);
  return words.arguments ??= instruction.getArguments();
}

/** `instruction.getRawArgumentsContent()` (the arguments as written, line continuations and all), worked out once. */
export function rawArgumentsContent(instruction: Instruction): string | null {
  const words = knownWords(instruction);
  if (words.rawContent === undefined) words.rawContent = instruction.getRawArgumentsContent();
  return words.rawContent;
}

/** `instruction.getArgumentsContent()` (the arguments with line continuations joined), worked out once. */
export function argumentsContent(instruction: Instruction): string | null {
  const words = knownWords(instruction);
  if (words.content === undefined) words.content = instruction.getArgumentsContent();
  return words.content;
}

/** `instruction.getFlags()` of a COPY, RUN, FROM… (none for instructions that take no flags), worked out once. */
export function flagsOf(instruction: Instruction): readonly Flag[] {
  const words = knownWords(instruction);
  return words.flags ??= (instruction as Partial<ModifiableInstruction>).getFlags?.() ?? [];
}

import { parseArgs } from 'node:util';
import { CommandIo } from './output';

// A command says its arguments once: the parser, `<command> --help` and the command list are made from that.

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** How the value is shown in the usage: `text|json`, `name:tag`. */
  readonly value?: string;
  readonly description: string;
  /** Shown without brackets in the synopsis; the command itself says when it is missing. */
  readonly required?: boolean;
}

export interface CommandSpec {
  readonly name: string;
  /** The operands as the usage shows them: `<Dockerfile>…`, `<image>`. */
  readonly operands?: string;
  /** How many operands; `missing` is said when there are too few or too many. */
  readonly operandCount: { readonly min: number; readonly max: number; readonly missing?: string };
  /** Options by name, without the leading `--`, in the order the usage lists them. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** What it does, in a sentence or three. */
  readonly summary: string;
  /** What its exit codes mean. */
  readonly exits: string;
}

export interface ParsedArguments {
  readonly operands: readonly string[];
  /** The options given (the last one wins), by name without `--`. */
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
}

export interface CliCommand extends CommandSpec {
  run(args: ParsedArguments, io: CommandIo): Promise<number> | number;
}

/** An option's value, for an option of type string. */
export function stringOption(args: ParsedArguments, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(args: ParsedArguments, name: string): boolean {
  return args.values[name] === true;
}

/**
 * Parses a command's arguments with util.parseArgs, and says what is wrong in our words: one reason, naming the
 * option as it was typed. `--help`/`-h` anywhere (before `--`) asks for the help, whatever else is there.
 */
export function parseCommandArguments(spec: CommandSpec, args: readonly string[]): ParsedArguments | { readonly help: true } | { readonly error: string } {
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, option]) => [name, { type: option.type }]));
  // Not strict: unknown options come back as tokens, so the message is ours, not Node's.
  const { tokens, values, positionals } = parseArgs({
    args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: false, tokens: true,
  });
  if (tokens.some(token => token.kind === 'option' && token.name === 'help')) return { help: true };
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = spec.options[token.name];
    // `-it` is one word to the user: name it whole.
    const typed = token.rawName.startsWith('--') ? token.rawName : args[token.index]!.split('=')[0]!;
    if (!option) return { error: `unknown option "${typed}"` };
    if (option.type === 'boolean' && token.inlineValue) return { error: `${typed} takes no value` };
    // A separate value that looks like an option (`--tag --dry-run`) means the value was forgotten.
    if (option.type === 'string' && (!token.value || (!token.inlineValue && /^-[^\d]/.test(token.value)))) return { error: `${typed} needs a value` };
  }
  const { min, max, missing } = spec.operandCount;
  if (positionals.length > max && max === 0) return { error: `unexpected argument "${positionals[0]}"` };
  if (positionals.length < min || positionals.length > max) return { error: missing ?? `unexpected argument "${positionals[max]}"` };
  return { operands: positionals, values: { ...values } };
}

/** The one line a command list shows: name, operands, options. */
export function synopsis(spec: CommandSpec): string {
  const options = Object.entries(spec.options).map(([name, option]) => {
    const text = `--${name}${option.value ? ` ${option.value}` : ''}`;
    return option.required ? text : `[${text}]`;
  });
  return [spec.name, ...(spec.operands ? [spec.operands] : []), ...options].join(' ');
}

const width = 110;
const column = 32;

/** `text` broken into lines of at most `width`, each after `indent`. */
export function wrap(text: string, indent: number, lineWidth = width): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > lineWidth) {
      lines.push(' '.repeat(indent) + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(' '.repeat(indent) + line);
  return lines;
}

/** `dotnet-containers <command> --help`. */
export function commandHelp(spec: CommandSpec): string {
  const options: Array<[string, string]> = [
    ...Object.entries(spec.options).map(([name, option]): [string, string] => [`--${name}${option.value ? ` ${option.value}` : ''}`, option.description]),
    ['-h, --help', 'Show this help'],
  ];
  // A long option (a list of variants) goes on a line of its own rather than pushing every description right.
  const optionColumn = Math.max(...options.map(([name]) => name.length).filter(length => length <= column - 4)) + 4;
  return [
    `Usage: dotnet-containers ${synopsis(spec)}`,
    '',
    ...wrap(spec.summary, 0),
    '',
    'Options:',
    ...options.flatMap(([name, description]) => {
      const [first = '', ...rest] = wrap(description, optionColumn);
      const head = `  ${name}`;
      return head.length < optionColumn ? [head.padEnd(optionColumn) + first.trimStart(), ...rest] : [head, first, ...rest];
    }),
    '',
    ...wrap(`Exit codes: ${spec.exits}`, 0),
  ].join('\n');
}

/** A command's entry in `dotnet-containers --help`: its synopsis, and its summary in the column beside or below. */
export function commandListEntry(spec: CommandSpec): string[] {
  const head = `  ${synopsis(spec)}`;
  const [first = '', ...rest] = wrap(spec.summary, column);
  return head.length < column - 1 ? [head.padEnd(column) + first.trimStart(), ...rest] : [head, first, ...rest];
}

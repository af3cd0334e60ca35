import { Instruction } from 'dockerfile-ast';
import { jsonArg } from '../../generate/dockerfileSyntax';
import { commandOf } from '../commandWords';
import { argumentsContent } from '../instructionWords';
import { LintContext, safe } from '../lintContext';
import { Rule } from '../rule';
import { Fix, Range, RuleFinding } from '../types';

/**
 * RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD take a JSON array (exec form) or a shell command. Docker decides by
 * parsing the text as JSON: when that fails (single quotes, a stray or missing bracket, a missing comma) it
 * silently runs the whole text through `/bin/sh -c`, brackets and quotes included (moby/moby#32074; the
 * Dockerfile reference: "the exec form is parsed as a JSON array, which means that you must use double-quotes"),
 * so the container starts something else than the array says, or nothing. An array quoted only in single quotes
 * is dockerfile-utils' `dockerfile/json-in-single-quotes`, and is left to it.
 */
export const malformedExecForm: Rule = {
  id: 'dockerfile/malformed-exec-form',
  defaultSeverity: 'error',
  description: 'RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD written as a JSON array that is not valid JSON, which Docker silently runs as a shell command.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.dockerfile.getInstructions()) {
      const finding = safe(() => findingFor(context, instruction), undefined);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

function findingFor(context: LintContext, instruction: Instruction): RuleFinding | undefined {
  const keyword = instruction.getKeyword();
  if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(keyword)) return undefined;
  const command = commandOf(instruction, context.lines);
  if (!command || command.form === 'exec') return undefined;
  const text = joinedText(context, command.range);
  // Only text that opens like an array of strings was meant as one: `[ -f x ]` is the shell's test command.
  if (!/^\[\s*["']/.test(text)) return undefined;
  if (keyword !== 'HEALTHCHECK' && onlySingleQuoted(argumentsContent(instruction) ?? '')) return undefined;
  const read = readLenientArray(text);
  if (!read || !read.problems.length) return undefined;
  const name = keyword === 'HEALTHCHECK' ? 'HEALTHCHECK CMD' : keyword;
  const fixed = read.fixable ? `[${read.values.map(value => jsonArg(value, false)).join(', ')}]` : undefined;
  const fixes: Fix[] = fixed ? [{ title: `Write valid JSON: ${name} ${fixed}`, edits: [{ range: command.range, newText: fixed }], preferred: true }] : [];
  const effect = keyword === 'RUN' ? 'the build runs something else than the array says' : keyword === 'HEALTHCHECK' ? 'the check runs something else than the array says' : 'the container starts something else than the array says, or fails to start';
  return {
    range: command.range,
    message: `This ${name} looks like exec form but is not valid JSON (${read.problems.join(', ')}), so Docker runs the whole text through /bin/sh -c, brackets and quotes included, and ${effect}: ${fixed ? `write ${fixed}` : 'write a JSON array of double-quoted strings'}.`,
    fixes,
  };
}

/** dockerfile-utils' `dockerfile/json-in-single-quotes` case: an array of single-quoted strings only, closed. */
function onlySingleQuoted(content: string): boolean {
  return /^\s*\[\s*'[^']*'\s*(?:,\s*'[^']*'\s*)*,?\s*\]/.test(content);
}

/** The text of a range with its line continuations (and comment lines inside it) taken out. */
function joinedText(context: LintContext, range: Range): string {
  let text = '';
  for (let line = range.start.line; line <= range.end.line; line++) {
    const lineText = context.lines[line] ?? '';
    const from = line === range.start.line ? range.start.character : 0;
    if (line !== range.end.line) {
      if (line !== range.start.line && lineText.trim().startsWith('#')) continue;
      text += lineText.slice(from).replace(/[\\`]\s*$/, '');
    } else {
      text += lineText.slice(from, range.end.character);
    }
  }
  return text.trim();
}

interface LenientArray {
  readonly values: string[];
  /** What makes it invalid JSON, in words. */
  readonly problems: string[];
  /** Whether the array is unambiguous: only quoting, commas and brackets are off, nothing follows it. */
  readonly fixable: boolean;
}

/**
 * Reads an array of strings the way a person meant it: single or double quotes, commas possibly missing or
 * doubled at the end, the closing bracket missing or repeated. Undefined when an element is not a string.
 */
function readLenientArray(text: string): LenientArray | undefined {
  const values: string[] = [];
  const problems = new Set<string>();
  let i = 1;
  const skipSpace = () => { while (i < text.length && /\s/.test(text[i]!)) i++; };
  let closed = false;
  while (!closed) {
    skipSpace();
    const ch = text[i];
    if (ch === undefined) {
      problems.add('no closing ]');
      break;
    }
    if (ch === ']') {
      i++;
      closed = true;
      break;
    }
    if (ch === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) return undefined;
      const value: unknown = safe(() => JSON.parse(text.slice(start, ++i)), undefined);
      if (typeof value !== 'string') return undefined;
      values.push(value);
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      values.push(text.slice(i + 1, end));
      problems.add('single quotes where JSON needs double quotes');
      i = end + 1;
    } else {
      return undefined;
    }
    skipSpace();
    if (text[i] === ',') {
      i++;
      skipSpace();
      if (text[i] === ']') problems.add('a comma before ]');
    } else if (text[i] === '"' || text[i] === "'") {
      problems.add('a missing comma');
    }
  }
  const rest = text.slice(i).trim();
  let fixable = true;
  if (/^\]+$/.test(rest)) {
    problems.add(rest.length === 1 ? 'a stray ] after the array' : 'stray ] after the array');
  } else if (rest) {
    problems.add(`${JSON.stringify(rest.length > 20 ? `${rest.slice(0, 20)}…` : rest)} after the closing ]`);
    fixable = false;
  }
  return { values, problems: [...problems], fixable: fixable && values.length > 0 };
}

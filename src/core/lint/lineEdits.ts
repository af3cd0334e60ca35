import { LintContext } from './lintContext';
import { TextEdit } from './types';

/** The file's own line ending: inserted lines must not mix `\n` into a CRLF file. */
export function lineEnding(context: LintContext): '\r\n' | '\n' {
  return context.text.includes('\r\n') ? '\r\n' : '\n';
}

/** An edit that inserts a whole line before a line. */
export function insertLineBefore(context: LintContext, line: number, text: string): TextEdit {
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${text}${lineEnding(context)}` };
}

/** An edit that inserts a whole line after a line, also when that line is the last one and has no line ending. */
export function insertLineAfter(context: LintContext, line: number, text: string): TextEdit {
  const eol = lineEnding(context);
  if (line + 1 < context.lines.length) return insertLineBefore(context, line + 1, text);
  const end = { line, character: (context.lines[line] ?? '').length };
  return { range: { start: end, end }, newText: `${eol}${text}` };
}

/** An edit that removes whole lines, their line endings included. */
export function deleteLines(context: LintContext, first: number, last: number): TextEdit {
  if (last + 1 < context.lines.length) return { range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' };
  // The last line has no line ending of its own: take the one before it.
  const start = first > 0 ? { line: first - 1, character: (context.lines[first - 1] ?? '').length } : { line: first, character: 0 };
  return { range: { start, end: { line: last, character: (context.lines[last] ?? '').length } }, newText: '' };
}

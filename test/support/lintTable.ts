import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { applyEdits } from '../../src/core/lint/applyEdits';
import { lintDockerfile, LinterSettings } from '../../src/core/lint/lintDockerfile';
import { Rule } from '../../src/core/lint/rule';
import { Finding, Fix, Position, Range, TextEdit } from '../../src/core/lint/types';
import { removeTree, writeTree } from './fileTree';

// Table-driven rule tests. Each case is a Dockerfile (and optionally files around it: a csproj, a
// .dockerignore…) with the findings one rule must report, as `line:col-line:col` (1-based, as the CLI
// prints them). Every case also runs with CRLF line endings, and, unless it opts out, with the backtick
// escape directive (`# escape=\``, continuations rewritten), where the expected lines shift by one.

export const now = new Date('2026-11-23T00:00:00Z');

export interface RuleCase {
  readonly name: string;
  readonly dockerfile: string;
  /** Files around the Dockerfile (relative to a temp root); the Dockerfile is written at `dockerfilePath`. */
  readonly files?: Readonly<Record<string, string>>;
  /** Where the Dockerfile goes in the tree (default `Dockerfile`); only used with `files`. */
  readonly dockerfilePath?: string;
  /** Expected ranges of this rule's findings, `L:C-L:C` (1-based), in order. Empty: no finding. */
  readonly expect: readonly string[];
  /** Substrings the first finding's message must contain. */
  readonly message?: readonly string[];
  readonly settings?: Partial<LinterSettings>;
  /** Skip the backtick variant (e.g. the case is about backslashes inside a RUN). */
  readonly noBacktickVariant?: boolean;
}

export interface FixCase {
  readonly name: string;
  readonly dockerfile: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly dockerfilePath?: string;
  /** The fix's title (exact). */
  readonly fix: string;
  /** The Dockerfile after the fix. */
  readonly expected: string;
  /** Files the fix creates, relative to the tree root, with their content (or a RegExp it must match). */
  readonly creates?: Readonly<Record<string, string | RegExp>>;
}

const rangeText = (f: { range: Range }) => `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1}`;

/** Lints a case's Dockerfile in a temp tree (when it has files) and returns this rule's findings. */
export function lintCase(rule: Rule, dockerfile: string, files: RuleCase['files'], dockerfilePath = 'Dockerfile', settings: Partial<LinterSettings> = {}): { findings: Finding[]; root?: string; file?: string } {
  const linted = lintTree(dockerfile, files, dockerfilePath, { rules: [rule], genericChecks: false, ...settings });
  return { ...linted, findings: linted.findings.filter(f => f.rule === rule.id) };
}

/** Lints a Dockerfile as {@link lintCase} does, with every rule and the generic checks unless `settings` says otherwise. */
export function lintTree(dockerfile: string, files: RuleCase['files'], dockerfilePath = 'Dockerfile', settings: Partial<LinterSettings> = {}): { findings: Finding[]; root?: string; file?: string } {
  if (!files) return { findings: [...lintDockerfile(dockerfile, { now, ...settings }).findings] };
  const root = writeTree({ ...files, [dockerfilePath]: dockerfile });
  const file = path.join(root, dockerfilePath);
  return { findings: [...lintDockerfile(dockerfile, { now, dockerfilePath: file, ...settings }).findings], root, file };
}

function withBacktickEscape(text: string): string {
  return `# escape=\`\n${text.replace(/\\\r?\n/g, m => m.replace('\\', '`'))}`;
}

function shiftLines(expected: readonly string[], by: number): string[] {
  return expected.map(e => e.replace(/(\d+):(\d+)-(\d+):(\d+)/, (_, l1, c1, l2, c2) => `${Number(l1) + by}:${c1}-${Number(l2) + by}:${c2}`));
}

/** Registers the mocha tests for a rule's table. */
export function ruleTable(rule: Rule, cases: readonly RuleCase[]): void {
  for (const c of cases) {
    const variants: Array<[string, string, readonly string[]]> = [
      ['', c.dockerfile, c.expect],
      [' (CRLF)', c.dockerfile.replace(/\r?\n/g, '\r\n'), c.expect],
    ];
    if (!c.noBacktickVariant) variants.push([' (escape=`)', withBacktickEscape(c.dockerfile), shiftLines(c.expect, 1)]);
    for (const [suffix, text, expect] of variants) {
      it(`${c.name}${suffix}`, function () {
        const { findings, root } = lintCase(rule, text, c.files, c.dockerfilePath, c.settings);
        try {
          assert.deepEqual(findings.map(rangeText), [...expect], findings.map(f => `${rangeText(f)} ${f.message}`).join('\n'));
          if (c.message && findings[0]) for (const part of c.message) assert.ok(findings[0].message.includes(part), `message lacks "${part}": ${findings[0].message}`);
        } finally {
          if (root) removeTree(root);
        }
      });
      if (expect.length) it(`${c.name}${suffix}: the preferred fix removes the finding`, () => checkPreferredFixes({ ...c, dockerfile: text }, rule));
      it(`${c.name}${suffix}: no fix title twice on a line`, () => checkFixTitlesOncePerLine({ ...c, dockerfile: text }));
    }
  }
}

/** A Dockerfile, the files around it and the settings, as a case gives them. */
export type LintSubject = Pick<RuleCase, 'dockerfile' | 'files' | 'dockerfilePath' | 'settings'>;

/**
 * What the editor's first quick fix must do: each finding (of `rule`, else of every rule) has at most one
 * preferred fix, and applying it, then linting again with every rule, leaves no finding of that rule where it was
 * and no error that was not there.
 */
export function checkPreferredFixes(subject: LintSubject, rule?: Rule): void {
  const { dockerfile: text, files, dockerfilePath, settings } = subject;
  const { findings, root } = rule ? lintCase(rule, text, files, dockerfilePath, settings) : lintTree(text, files, dockerfilePath, settings);
  try {
    for (const finding of findings) {
      const preferred = finding.fixes.filter(fix => fix.preferred);
      assert.ok(preferred.length <= 1, `${rangeText(finding)} has ${preferred.length} preferred fixes: ${preferred.map(f => f.title).join(' | ')}`);
      if (preferred[0]) checkPreferredFix(subject, root, finding, preferred[0], findings.filter(other => other !== finding && other.rule === finding.rule));
    }
  } finally {
    if (root) removeTree(root);
  }
}

function checkPreferredFix(subject: LintSubject, root: string | undefined, finding: Finding, fix: Fix, others: readonly Finding[]): void {
  const { dockerfile: text, files, dockerfilePath, settings } = subject;
  const fixed = applyEdits(text, fix.edits);
  const before = lintTree(text, files, dockerfilePath, settings);
  const after = lintTree(fixed, files && { ...files, ...createdFiles(fix, root) }, dockerfilePath, settings);
  try {
    const where = `"${fix.title}" for ${rangeText(finding)} ${finding.rule}: ${finding.message}`;
    const moved = (f: Finding) => ({ range: { start: positionAfterEdits(text, fix.edits, f.range.start), end: positionAfterEdits(text, fix.edits, f.range.end) } });
    const place = moved(finding).range;
    // Another finding of the rule that was there before and overlaps this one (a whole ENV value around a port) may stay.
    const untouched = new Set(others.map(f => `${rangeText(moved(f))} ${f.message}`));
    const left = after.findings.filter(f => f.rule === finding.rule && overlaps(f.range, place) && !untouched.has(`${rangeText(f)} ${f.message}`));
    assert.deepEqual(left.map(f => `${rangeText(f)} ${f.message}`), [], `${where}\nleaves the finding in:\n${fixed}`);
    // An error counts as the same one when its rule reports it where the fix moved the old one to.
    const errorsBefore = new Set(before.findings.filter(f => f.severity === 'error').map(f => `${f.rule} ${positionText(positionAfterEdits(text, fix.edits, f.range.start))}`));
    const newErrors = after.findings.filter(f => f.severity === 'error' && !errorsBefore.has(`${f.rule} ${positionText(f.range.start)}`));
    assert.deepEqual(newErrors.map(f => `${rangeText(f)} ${f.rule}: ${f.message}`), [], `${where}\nadds errors to:\n${fixed}`);
  } finally {
    if (before.root) removeTree(before.root);
    if (after.root) removeTree(after.root);
  }
}

/** The files a fix creates, relative to the case's tree. */
function createdFiles(fix: Fix, root: string | undefined): Record<string, string> {
  return Object.fromEntries((fix.createFiles ?? []).map(f => [path.relative(root!, f.path), f.content]));
}

/** What the editor shows together on a line: every rule's fixes for the findings there, each title once. */
export function checkFixTitlesOncePerLine(subject: LintSubject): void {
  const { findings, root } = lintTree(subject.dockerfile, subject.files, subject.dockerfilePath, subject.settings);
  try {
    const titlesByLine = new Map<number, string[]>();
    for (const finding of findings) {
      const titles = titlesByLine.get(finding.range.start.line) ?? [];
      titlesByLine.set(finding.range.start.line, [...titles, ...finding.fixes.map(fix => fix.title)]);
    }
    for (const [line, titles] of titlesByLine) {
      const twice = titles.filter((title, index) => titles.indexOf(title) !== index);
      assert.deepEqual(twice, [], `line ${line + 1} offers these fixes more than once: ${titles.join(' | ')}`);
    }
  } finally {
    if (root) removeTree(root);
  }
}

/** Where a position of `text` is once the edits are applied: moved by the edits before it (an insertion right there included), or at the start of the edit that replaced it. */
export function positionAfterEdits(text: string, edits: readonly TextEdit[], position: Position): Position {
  const offset = offsetsOf(text);
  const at = offset(position);
  let moved = at;
  for (const edit of edits) {
    const start = offset(edit.range.start);
    const end = offset(edit.range.end);
    if (end <= at) moved += edit.newText.length - (end - start);
    else if (start < at) moved -= at - start;
  }
  const head = applyEdits(text, edits).slice(0, moved);
  return { line: head.split('\n').length - 1, character: moved - (head.lastIndexOf('\n') + 1) };
}

/** Offsets in `text` the way applyEdits counts them. */
function offsetsOf(text: string): (p: Position) => number {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return p => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
}

const isBefore = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
const positionText = (p: Position) => `${p.line + 1}:${p.character + 1}`;

/** Ranges that share a character, or start at the same place (an empty range included). */
function overlaps(a: Range, b: Range): boolean {
  return positionText(a.start) === positionText(b.start) || (isBefore(a.start, b.end) && isBefore(b.start, a.end));
}

/** Registers fix tests: apply the named fix, compare the text, re-lint and see the finding gone. */
export function fixTable(rule: Rule, cases: readonly FixCase[]): void {
  for (const c of cases) {
    it(`fix: ${c.name}`, function () {
      const { findings, root } = lintCase(rule, c.dockerfile, c.files, c.dockerfilePath);
      try {
        const fixes = findings.flatMap(f => f.fixes);
        const fix = fixes.find(f => f.title === c.fix);
        assert.ok(fix, `no fix titled "${c.fix}"; offered: ${fixes.map(f => JSON.stringify(f.title)).join(', ') || 'none'}`);
        const fixed = applyEdits(c.dockerfile, fix.edits);
        assert.equal(fixed, c.expected);
        for (const [relative, content] of Object.entries(c.creates ?? {})) {
          const created: { path: string; content: string } | undefined = fix.createFiles?.find(f => root !== undefined && path.relative(root, f.path) === relative);
          assert.ok(created, `the fix does not create ${relative}`);
          if (typeof content === 'string') assert.equal(created.content, content);
          else assert.match(created.content, content);
        }
        // Re-lint what the fix produced (created files written), and the finding is gone.
        const after = lintCase(rule, fixed, c.files && { ...c.files, ...createdFiles(fix, root) }, c.dockerfilePath);
        try {
          assert.deepEqual(after.findings.map(f => `${rangeText(f)} ${f.message}`), []);
        } finally {
          if (after.root) removeTree(after.root);
        }
      } finally {
        if (root) removeTree(root);
      }
    });
  }
}

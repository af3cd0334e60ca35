import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { applyEdits } from '../../src/core/lint/applyEdits';
import { lintDockerfile, LinterSettings } from '../../src/core/lint/lintDockerfile';
import { Rule } from '../../src/core/lint/rule';
import { Finding } from '../../src/core/lint/types';
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

const rangeText = (f: Finding) => `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1}`;

/** Lints a case's Dockerfile in a temp tree (when it has files) and returns this rule's findings. */
export function lintCase(rule: Rule, dockerfile: string, files: RuleCase['files'], dockerfilePath = 'Dockerfile', settings: Partial<LinterSettings> = {}): { findings: Finding[]; root?: string; file?: string } {
  if (!files) return { findings: lintDockerfile(dockerfile, { now, rules: [rule], genericChecks: false, ...settings }).findings.filter(f => f.rule === rule.id) };
  const root = writeTree({ ...files, [dockerfilePath]: dockerfile });
  const file = path.join(root, dockerfilePath);
  const findings = lintDockerfile(dockerfile, { now, rules: [rule], genericChecks: false, dockerfilePath: file, ...settings }).findings.filter(f => f.rule === rule.id);
  return { findings, root, file };
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
    }
  }
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
        const after = lintCase(rule, fixed, c.files && {
          ...c.files,
          ...Object.fromEntries((fix.createFiles ?? []).map(f => [path.relative(root!, f.path), f.content])),
        }, c.dockerfilePath);
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

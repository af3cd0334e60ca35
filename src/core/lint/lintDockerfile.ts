import { DockerfileParser } from 'dockerfile-ast';
import { genericFindings } from './genericChecks';
import { createLintContext, LintContext, LintOptions } from './lintContext';
import { compareFindings, settleFixes } from './offeredFixes';
import { Rule } from './rule';
import { allRules } from './rules';
import { Finding, SeveritySetting } from './types';

export interface LinterSettings extends LintOptions {
  /** Per-rule severity or `off`; a `dockerfile/*` key applies to every generic check when set as `dockerfile/*`. */
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
  /** dockerfile-utils' generic checks (default on; the VS Code adapter turns them off next to other Docker extensions). */
  readonly genericChecks?: boolean;
  /** Only these rules (tests); default: all. */
  readonly rules?: readonly Rule[];
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly context: LintContext;
}

const IGNORE_COMMENT = /^#\s*dotnet-containers\s+ignore\b(.*)$/i;
const MENTIONS_IGNORE = /dotnet-containers/i;

/**
 * Lints one Dockerfile's text: our .NET rules and the generic checks, less what settings and ignore comments
 * silence, in the order the editor lists them, each line's fixes settled (see {@link settleFixes}).
 */
export function lintDockerfile(text: string, settings: LinterSettings): LintResult {
  const context = createLintContext(text, settings);
  const findings: Finding[] = [];
  for (const rule of settings.rules ?? allRules) {
    const severity = severityFor(rule.id, rule.defaultSeverity, settings.severities);
    if (severity === 'off') continue;
    let reported;
    try {
      reported = rule.check(context);
    } catch {
      continue; // a rule that trips over odd input says nothing rather than stopping the others
    }
    const userSet = settings.severities?.[rule.id] !== undefined;
    for (const finding of reported) findings.push({ ...finding, rule: rule.id, severity: userSet ? severity : finding.severity ?? severity, fixes: finding.fixes ?? [] });
  }
  if (settings.genericChecks !== false) {
    for (const finding of genericFindingsSharingParse(context)) {
      const severity = severityFor(finding.rule, finding.severity, settings.severities);
      if (severity !== 'off') findings.push({ ...finding, severity });
    }
  }
  const ignored = ignoredLines(context);
  return {
    context,
    findings: settleFixes(findings.filter(finding => !isIgnored(ignored.get(finding.range.start.line), finding.rule)).sort(compareFindings)),
  };
}

/**
 * dockerfile-utils' validate parses the text again; while it runs, the parser hands it the tree already built
 * for the rules (same text, same result), which saves a parse per lint. If validate ever stops calling the
 * parser through its namespace, it simply parses on its own again.
 */
function genericFindingsSharingParse(context: LintContext): Finding[] {
  const parser = DockerfileParser as { parse: typeof DockerfileParser.parse };
  const parse = parser.parse;
  parser.parse = (content: string) => (content === context.text ? context.dockerfile : parse(content));
  try {
    return genericFindings(context.text);
  } finally {
    parser.parse = parse;
  }
}

function severityFor(rule: string, fallback: Finding['severity'], severities: LinterSettings['severities']): SeveritySetting {
  return severities?.[rule] ?? (rule.startsWith('dockerfile/') ? severities?.['dockerfile/*'] : undefined) ?? fallback;
}

/**
 * `# dotnet-containers ignore [rule, …]` on the line(s) before an instruction silences those rules (all, when
 * none is named) on every line of that instruction. Returns line → ignored rule ids (`*` for all).
 */
function ignoredLines(context: LintContext): Map<number, Set<string>> {
  const byLine = new Map<number, Set<string>>();
  if (!MENTIONS_IGNORE.test(context.text)) return byLine; // no ignore comment: no need to go through the lines
  const pending = new Set<string>();
  const instructions = context.dockerfile.getInstructions();
  let next = 0;
  context.lines.forEach((line, index) => {
    const ignore = IGNORE_COMMENT.exec(line.trim());
    if (ignore) {
      const named = (ignore[1] ?? '').split(/[\s,]+/).filter(Boolean);
      (named.length ? named : ['*']).forEach(rule => pending.add(rule));
      return;
    }
    while (next < instructions.length && instructions[next]!.getRange().end.line < index) next++;
    const instruction = instructions[next];
    if (pending.size && instruction && instruction.getRange().start.line === index) {
      for (let l = index; l <= instruction.getRange().end.line; l++) byLine.set(l, new Set(pending));
      pending.clear();
    }
  });
  return byLine;
}

function isIgnored(rules: Set<string> | undefined, rule: string): boolean {
  return rules !== undefined && (rules.has('*') || rules.has(rule));
}

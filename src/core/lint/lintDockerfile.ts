import * as path from 'node:path';
import { usesDotnet } from './appShape';
import { GenericChecksRunner, inlineGenericChecks } from './genericChecksThread';
import { createLintContext, LintContext, lineRange, LintOptions, ProjectProblem } from './lintContext';
import { compareFindings, settleFixes } from './offeredFixes';
import { Rule } from './rule';
import { allRules } from './rules';
import { Finding, Severity, SeveritySetting } from './types';

export interface LinterSettings extends LintOptions {
  /** Per-rule severity or `off`; a `dockerfile/*` key applies to every generic check when set as `dockerfile/*`. */
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
  /** dockerfile-utils' generic checks (default on; the VS Code adapter turns them off next to other Docker extensions). */
  readonly genericChecks?: boolean;
  /** Where the generic checks run: inline (default), or on a worker thread while the rules run here (the extension). */
  readonly genericChecksRunner?: GenericChecksRunner;
  /** Only these rules (tests); default: all. */
  readonly rules?: readonly Rule[];
}

/** A check that threw instead of answering: a bug of ours, said as a finding and kept here for the log. */
export interface CheckFailure {
  /** The rule id (`dockerfile/*` for dockerfile-utils' generic checks, `dotnet/project-unreadable` for the project reading). */
  readonly rule: string;
  readonly error: unknown;
}

export interface LintResult {
  readonly findings: readonly Finding[];
  readonly context: LintContext;
  /** Checks that threw; each is also a finding. Their stacks belong in a log (the output channel, stderr). */
  readonly failures: readonly CheckFailure[];
}

/** The finding on the Dockerfile line that led to a project that could not be read. */
export const projectUnreadableRule = 'dotnet/project-unreadable';

/** What the linter says itself (not a rule of allRules), for the SARIF rule list. */
export const linterFindingDescriptions: Readonly<Record<string, string>> = {
  [projectUnreadableRule]: 'The project the Dockerfile builds cannot be read, so the checks that compare with it are off or partial.',
  'dockerfile/*': "dockerfile-utils' generic checks.",
};

/** The .NET rules (ours), as opposed to `dockerfile/*`: they apply only to Dockerfiles that use .NET. */
const dotnetRulePrefix = 'dotnet/';

const IGNORE_COMMENT = /^#\s*dotnet-containers\s+ignore\b(.*)$/i;
const MENTIONS_IGNORE = /dotnet-containers/i;

/**
 * Lints one Dockerfile's text: our .NET rules and the generic checks, less what settings and ignore comments
 * silence, in the order the editor lists them, each line's fixes settled (see {@link settleFixes}).
 */
export function lintDockerfile(text: string, settings: LinterSettings): LintResult {
  const rules = settings.rules ?? allRules;
  const active = rules
    .map(rule => ({ rule, severity: severityFor(rule.id, rule.defaultSeverity, settings.severities) }))
    .filter((run): run is { rule: Rule; severity: Severity } => run.severity !== 'off');
  // Started first: on a worker thread they run while the context is made and the rules run.
  const generic = settings.genericChecks !== false ? (settings.genericChecksRunner ?? inlineGenericChecks).start(text) : undefined;
  // The rules that run are part of the context: a rule that leaves a finding to another says it when the other is off.
  const context = createLintContext(text, { ...settings, activeRules: new Set(active.map(run => run.rule.id)) });
  const findings: Finding[] = [];
  const failures: CheckFailure[] = [];
  // Decided once for every .NET rule: a node, Go or nginx Dockerfile gets none of them.
  let dotnet: boolean | undefined;
  for (const { rule, severity } of active) {
    if (rule.id.startsWith(dotnetRulePrefix) && !(dotnet ??= usesDotnet(context))) continue;
    let reported;
    try {
      reported = rule.check(context);
    } catch (error) {
      // The other rules still run; this one says that it could not check, rather than nothing.
      failures.push({ rule: rule.id, error });
      findings.push(failureFinding(context, rule.id, `${rule.id} stopped with an error and checked nothing`, error));
      continue;
    }
    const userSet = settings.severities?.[rule.id] !== undefined;
    for (const finding of reported) findings.push({ ...finding, rule: rule.id, severity: userSet ? severity : finding.severity ?? severity, fixes: finding.fixes ?? [] });
  }
  if (context.projectProblem) {
    const severity = severityFor(projectUnreadableRule, 'warning', settings.severities);
    if (context.projectProblem.error !== undefined) failures.push({ rule: projectUnreadableRule, error: context.projectProblem.error });
    if (severity !== 'off') findings.push(projectFinding(context, context.projectProblem, rules, settings, severity));
  }
  if (generic) {
    const { findings: genericFound, error } = generic.result();
    for (const finding of genericFound) {
      const severity = severityFor(finding.rule, finding.severity, settings.severities);
      if (severity !== 'off') findings.push({ ...finding, severity });
    }
    if (error !== undefined) {
      failures.push({ rule: 'dockerfile/*', error });
      if (severityFor('dockerfile/*', 'warning', settings.severities) !== 'off') findings.push(failureFinding(context, 'dockerfile/*', "dockerfile-utils' generic checks (dockerfile/*) stopped with an error on this Dockerfile and checked nothing", error));
    }
  }
  const ignored = ignoredLines(context);
  return {
    context,
    failures,
    findings: settleFixes(findings.filter(finding => !isIgnored(ignored.get(finding.range.start.line), finding.rule)).sort(compareFindings)),
  };
}

/**
 * A check that threw, on the first line. A warning, not an error: it is a bug of ours, not a fault of the
 * Dockerfile, and an error would fail the user's CI (`lint` exits 1 on errors) for it; a warning is still shown
 * in the editor and printed by the CLI, so the gap is never silent.
 */
function failureFinding(context: LintContext, rule: string, what: string, error: unknown): Finding {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    rule,
    severity: 'warning',
    range: lineRange(context, 0),
    message: `${what} (${reason}). This is a bug in dotnet-containers; the stack is in the ".NET Containers" output, or on stderr from the CLI.`,
    fixes: [],
  };
}

/** The project could not be read: said on the line that led to it, with the checks that are off because of it. */
function projectFinding(context: LintContext, { problem, dockerfileLine }: ProjectProblem, rules: readonly Rule[], settings: LinterSettings, severity: Finding['severity']): Finding {
  const affected = rules.filter(rule => rule.usesProject && severityFor(rule.id, rule.defaultSeverity, settings.severities) !== 'off').map(rule => rule.id);
  const where = `${path.basename(problem.file)} cannot be read (${problem.file}, line ${problem.line}, column ${problem.column}: ${problem.message.replace(/\.$/, '')})`;
  return {
    rule: projectUnreadableRule,
    severity,
    range: lineRange(context, dockerfileLine),
    message: affected.length
      ? `${where}, so these checks cannot compare the Dockerfile with it and are off or partial: ${affected.join(', ')}.`
      : `${where}.`,
    fixes: [],
  };
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

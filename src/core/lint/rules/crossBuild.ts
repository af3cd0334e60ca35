import { Instruction } from 'dockerfile-ast';
import { compareVersions } from '../../project/targetFramework';
import { LintContext, safe, Stage } from '../lintContext';
import { Rule } from '../rule';
import { insertLineAfter } from '../lineEdits';
import { chainEnv } from '../stageChain';
import { Fix, Range, RuleFinding, TextEdit } from '../types';

/** BuildKit's automatic platform ARGs: global, so a stage sees them only after its own `ARG <name>`. */
const platformArgs = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);

// Instructions whose variables Docker or the RUN shell expands at build time. CMD/ENTRYPOINT/HEALTHCHECK
// expand at run time from the container's ENV, where no ARG ever reaches: declaring one would not help.
const buildTimeKeywords = new Set(['RUN', 'ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);

/** The sed mapping the generator uses for pre-8 SDKs: it runs in any /bin/sh, unlike bash's `${TARGETARCH/amd64/x64}`. */
const archSetup = `arch=$(echo "$TARGETARCH" | sed 's/amd64/x64/') && `;

/**
 * Cross-building with `FROM --platform=$BUILDPLATFORM`: the platform ARGs must be declared in the stage that
 * uses them, and SDKs before .NET 8 do not understand Docker's arch name `amd64`.
 */
export const crossBuild: Rule = {
  id: 'dotnet/cross-build',
  defaultSeverity: 'warning',
  description: 'Platform ARGs used in a stage that does not declare them, or Docker arch names (amd64) passed to a pre-.NET 8 SDK.',
  check(context) {
    return context.stages.flatMap(stage => [...undeclaredPlatformArgs(context, stage), ...dockerArchOnOldSdk(context, stage)]);
  },
};

function undeclaredPlatformArgs(context: LintContext, stage: Stage): RuleFinding[] {
  const declaredAt = new Map<string, number>();
  for (const instruction of stage.instructions) {
    if (instruction.getKeyword() !== 'ARG') continue;
    for (const arg of safe(() => instruction.getArguments(), [])) {
      const name = arg.getValue().split('=')[0]!;
      if (platformArgs.has(name) && !declaredAt.has(name)) declaredAt.set(name, instruction.getRange().start.line);
    }
  }
  // An ENV of that name (here or in a stage this one is built on) exists whatever the ARGs say.
  const setByEnv = chainEnv(stage);
  const findings: RuleFinding[] = [];
  for (const instruction of stage.instructions) {
    if (!buildTimeKeywords.has(instruction.getKeyword()) || !mentionsPlatformArg(context, instruction)) continue;
    for (const reference of variableReferences(context, instruction)) {
      if (!platformArgs.has(reference.name) || setByEnv.has(reference.name)) continue;
      const declared = declaredAt.get(reference.name);
      if (declared !== undefined && declared < reference.range.start.line) continue;
      const effect = reference.withDefault ? 'always takes its default' : 'expands to nothing';
      const late = declared !== undefined ? ` (its ARG on line ${declared + 1} comes after this use)` : '';
      findings.push({
        range: reference.range,
        message: `$${reference.name} ${effect} here${late}: Docker's platform ARGs reach a stage only after that stage declares them (a global ARG serves FROM lines only), so this step does not see the target platform; declare ARG ${reference.name} right after the stage's FROM.`,
        fixes: [declareArgFix(context, stage, reference.name)],
      });
    }
  }
  return findings;
}

function declareArgFix(context: LintContext, stage: Stage, name: string): Fix {
  return { title: `Declare ARG ${name}`, edits: [insertLineAfter(context, stage.from.getRange().end.line, `ARG ${name}`)], preferred: true };
}

/** A quick look before the character-by-character scan: most instructions name no platform ARG at all. */
function mentionsPlatformArg(context: LintContext, instruction: Instruction): boolean {
  const { start, end } = instruction.getRange();
  for (let line = start.line; line <= end.line; line++) if (/\$\{?(?:TARGET|BUILD)/.test(context.lines[line] ?? '')) return true;
  return false;
}

interface VariableReference {
  readonly name: string;
  readonly range: Range;
  /** `${NAME:-x}` / `${NAME-x}`: an undeclared ARG gives the default rather than nothing. */
  readonly withDefault: boolean;
}

/**
 * `$NAME` and `${NAME…}` in an instruction as the builder or the RUN shell would expand them: not inside
 * single quotes, not escaped, not on comment lines inside a continued instruction, not in a quoted heredoc.
 */
function variableReferences(context: LintContext, instruction: Instruction): VariableReference[] {
  const references: VariableReference[] = [];
  const { start, end } = instruction.getRange();
  // RUN's text goes to a POSIX shell, which escapes with a backslash whatever the Dockerfile's escape directive says.
  const escape = instruction.getKeyword() === 'RUN' ? '\\' : context.escapeCharacter;
  const lastLine = /<<-?\s*["']/.test(context.lines[start.line] ?? '') ? start.line : end.line;
  let quote: string | undefined;
  for (let line = start.line; line <= lastLine; line++) {
    const text = context.lines[line] ?? '';
    if (line > start.line && /^\s*#/.test(text)) continue;
    const to = line === end.line ? Math.min(end.character, text.length) : text.length;
    for (let i = line === start.line ? start.character : 0; i < to; i++) {
      const ch = text[i];
      if (ch === escape && quote !== "'") {
        i++;
      } else if ((ch === "'" || ch === '"') && (quote === undefined || quote === ch)) {
        quote = quote ? undefined : ch;
      } else if (ch === '$' && quote !== "'") {
        const match = /^\$(?:\{([A-Za-z_]\w*)([^}]*)\}|([A-Za-z_]\w*))/.exec(text.slice(i, to));
        if (!match) continue;
        references.push({
          name: (match[1] ?? match[3])!,
          withDefault: /^:?-/.test(match[2] ?? ''),
          range: { start: { line, character: i }, end: { line, character: i + match[0].length } },
        });
        i += match[0].length - 1;
      }
    }
  }
  return references;
}

interface ArchProblem {
  readonly range: Range;
  readonly replacement: string;
  /** The replacement reads `$arch`, which the sed mapping must set first. */
  readonly needsSetup: boolean;
}

/** `-a amd64`, `-a $TARGETARCH`, `-r linux-$TARGETARCH`… in dotnet commands run by an SDK older than 8.0. */
function dockerArchOnOldSdk(context: LintContext, stage: Stage): RuleFinding[] {
  const version = stage.dotnetImage?.catalogRepo === 'sdk' ? stage.dotnetImage.version : undefined;
  if (!version || compareVersions(version, '8.0') >= 0) return [];
  const findings: RuleFinding[] = [];
  for (const instruction of stage.instructions) {
    if (instruction.getKeyword() !== 'RUN') continue;
    const problems = archProblems(context, instruction);
    if (!problems.length) continue;
    const fix = archFix(instruction, problems);
    for (const problem of problems) {
      findings.push({
        range: problem.range,
        message: `The .NET ${version} SDK does not know Docker's arch name amd64 (what $TARGETARCH holds for x64 targets), so the runtime identifier becomes linux-amd64 and restore fails; only .NET 8+ SDKs translate it, so map amd64 to x64 first.`,
        fixes: fix ? [fix] : [],
      });
    }
  }
  return findings;
}

function archProblems(context: LintContext, instruction: Instruction): ArchProblem[] {
  const args = safe(() => instruction.getArguments(), []);
  const startLine = instruction.getRange().start.line;
  const problems: ArchProblem[] = [];
  let inDotnet = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const line = arg.getRange().start.line;
    if (line > startLine && /^\s*#/.test(context.lines[line] ?? '')) continue;
    const value = arg.getValue();
    if (/^(?:&&|\|\||\||;)$/.test(value) || value.endsWith(';')) {
      inDotnet = false;
    } else if (value === 'dotnet' && /^(?:restore|build|publish|run|test|pack)$/.test(args[i + 1]?.getValue() ?? '')) {
      inDotnet = true;
      i++;
    } else if (inDotnet) {
      const inline = /^(-a|--arch|-r|--runtime)[=:](.+)$/.exec(value);
      const separate = /^(?:-a|--arch|-r|--runtime)$/.test(value) ? args[i + 1] : undefined;
      const option = inline ? inline[1]! : separate ? value : undefined;
      if (!option) continue;
      const valueArg = inline ? arg : separate!;
      if (separate) i++;
      let text = inline ? inline[2]! : separate!.getValue();
      let offset = inline ? inline[1]!.length + 1 : 0;
      const quoted = /^(["'])(.*)\1$/.exec(text);
      if (quoted) {
        text = quoted[2]!;
        offset++;
      }
      const pattern = option === '-a' || option === '--arch' ? /^()(amd64|\$TARGETARCH|\$\{TARGETARCH\})$/ : /^(.+-)(amd64|\$TARGETARCH|\$\{TARGETARCH\})$/;
      const match = pattern.exec(text);
      if (!match || (quoted?.[1] === "'" && match[2] !== 'amd64')) continue;
      const at = valueArg.getRange().start;
      const character = at.character + offset + match[1]!.length;
      problems.push({
        range: { start: { line: at.line, character }, end: { line: at.line, character: character + match[2]!.length } },
        replacement: match[2] === 'amd64' ? 'x64' : '$arch',
        needsSetup: match[2] !== 'amd64',
      });
    }
  }
  return problems;
}

/** One fix for the whole RUN: every arch value replaced, and the sed mapping once when `$arch` is used. */
function archFix(instruction: Instruction, problems: readonly ArchProblem[]): Fix | undefined {
  const edits: TextEdit[] = problems.map(problem => ({ range: problem.range, newText: problem.replacement }));
  if (problems.some(problem => problem.needsSetup)) {
    const first = safe(() => instruction.getArguments()[0], undefined);
    const command = first?.getValue() ?? '';
    // Exec form and heredocs have no command line to prefix; an existing `arch` variable must not be clobbered.
    if (!first || command.startsWith('[') || command.startsWith('<<') || /\barch=/.test(instruction.getRawArgumentsContent() ?? '')) return undefined;
    edits.push({ range: { start: first.getRange().start, end: first.getRange().start }, newText: archSetup });
    return { title: 'Map $TARGETARCH to .NET arch names (amd64 → x64)', edits, preferred: true };
  }
  return { title: 'Use x64', edits, preferred: true };
}

import { Instruction } from 'dockerfile-ast';
import { compareVersions } from '../../project/targetFramework';
import { argumentsOf, flagsOf, rawArgumentsContent } from '../instructionWords';
import { finalStage, LintContext, lineRange, safe, Stage } from '../lintContext';
import { Rule } from '../rule';
import { insertLineAfter } from '../lineEdits';
import { dotnetCommands, DotnetCommand } from '../imageVersions';
import { chainEnv, chainInstructions, stageChain } from '../stageChain';
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
 * uses them, SDKs before .NET 8 do not understand Docker's arch name `amd64`, and dotnet must not run in the
 * stages built for the target platform (emulated there; reported as info).
 */
export const crossBuild: Rule = {
  id: 'dotnet/cross-build',
  defaultSeverity: 'warning',
  description: 'Platform ARGs used in a stage that does not declare them, Docker arch names (amd64) passed to a pre-.NET 8 SDK, or dotnet run under emulation in a multi-platform build.',
  check(context) {
    return [
      ...context.stages.flatMap(stage => [...undeclaredPlatformArgs(context, stage), ...dockerArchOnOldSdk(context, stage)]),
      ...dotnetUnderEmulation(context),
    ];
  },
};

function undeclaredPlatformArgs(context: LintContext, stage: Stage): RuleFinding[] {
  const uses = stage.instructions
    .filter(instruction => buildTimeKeywords.has(instruction.getKeyword()) && mentionsPlatformArg(context, instruction))
    .flatMap(instruction => variableReferences(context, instruction).filter(reference => platformArgs.has(reference.name)));
  if (!uses.length) return []; // most stages use no platform ARG: the ARGs and ENVs need not be read
  const declaredAt = new Map<string, number>();
  // A stage built FROM another inherits the ARGs that one declared: "An ARG variable declared inside a build stage
  // is automatically inherited by other stages based on that stage" (Dockerfile reference, "Scope", since
  // moby/buildkit#5381; Buildah since openshift/imagebuilder#304). Base stages come earlier in the file, so their
  // declarations precede every use here. Docker's legacy builder does not inherit (said in that PR's review), but it
  // is deprecated and gets platform ARGs only from --build-arg.
  for (const instruction of chainInstructions(stage, 'ARG')) {
    for (const arg of safe(() => argumentsOf(instruction), [])) {
      const name = arg.getValue().split('=')[0]!;
      if (platformArgs.has(name) && !declaredAt.has(name)) declaredAt.set(name, instruction.getRange().start.line);
    }
  }
  // An ENV of that name (here or in a stage this one is built on) exists whatever the ARGs say.
  const setByEnv = chainEnv(stage);
  const findings: RuleFinding[] = [];
  for (const reference of uses) {
    if (setByEnv.has(reference.name)) continue;
    const declared = declaredAt.get(reference.name);
    if (declared !== undefined && declared < reference.range.start.line) continue;
    const effect = reference.withDefault ? 'always takes its default' : 'expands to nothing';
    const late = declared !== undefined ? ` (its ARG on line ${declared + 1} comes after this use)` : '';
    findings.push({
      range: reference.range,
      message: `$${reference.name} ${effect} here${late}: Docker's platform ARGs reach a stage only after that stage, or a stage it is built FROM, declares them (a global ARG serves FROM lines only), so this step never sees the platform; declare ARG ${reference.name} right after the stage's FROM.`,
      fixes: [declareArgFix(context, stage, reference.name)],
    });
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
  const byRun = new Map<Instruction, ArchProblem[]>();
  for (const command of dotnetCommands(context, stage)) {
    if (!/^(?:restore|build|publish|run|test|pack)$/.test(command.verb)) continue;
    const problems = archProblems(command);
    if (problems.length) byRun.set(command.instruction, [...(byRun.get(command.instruction) ?? []), ...problems]);
  }
  const findings: RuleFinding[] = [];
  for (const [instruction, problems] of byRun) {
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

/** The values of -a/--arch and -r/--runtime (separate, or after `=`/`:`) that are or end in `amd64` or `$TARGETARCH`. */
function archProblems(command: DotnetCommand): ArchProblem[] {
  const problems: ArchProblem[] = [];
  command.args.forEach((arg, index) => {
    const inline = /^(-a|--arch|-r|--runtime)[=:](.+)$/.exec(arg.value);
    const option = inline?.[1] ?? (/^(?:-a|--arch|-r|--runtime)$/.test(arg.value) ? arg.value : undefined);
    const value = inline ? arg : option ? command.args[index + 1] : undefined;
    if (!option || !value) return;
    // A literal `$TARGETARCH` was single-quoted: the shell passes it as it is. A non-literal value keeps its quotes, its range does not.
    const text = (inline ? inline[2]! : value.value).replace(/^(["'])(.*)\1$/, '$2');
    const pattern = option === '-a' || option === '--arch' ? /^()(amd64|\$TARGETARCH|\$\{TARGETARCH\})$/ : /^(.+-)(amd64|\$TARGETARCH|\$\{TARGETARCH\})$/;
    const match = pattern.exec(text);
    if (!match || (value.literal && match[2] !== 'amd64')) return;
    const at = value.range.start;
    const character = at.character + (inline ? option.length + 1 : 0) + match[1]!.length;
    problems.push({
      range: { start: { line: at.line, character }, end: { line: at.line, character: character + match[2]!.length } },
      replacement: match[2] === 'amd64' ? 'x64' : '$arch',
      needsSetup: match[2] !== 'amd64',
    });
  });
  return problems;
}

/** One fix for the whole RUN: every arch value replaced, and the sed mapping once when `$arch` is used. */
function archFix(instruction: Instruction, problems: readonly ArchProblem[]): Fix | undefined {
  const edits: TextEdit[] = problems.map(problem => ({ range: problem.range, newText: problem.replacement }));
  if (problems.some(problem => problem.needsSetup)) {
    const first = safe(() => argumentsOf(instruction)[0], undefined);
    const command = first?.getValue() ?? '';
    // Exec form and heredocs have no command line to prefix; an existing `arch` variable must not be clobbered.
    if (!first || command.startsWith('[') || command.startsWith('<<') || /\barch=/.test(rawArgumentsContent(instruction) ?? '')) return undefined;
    edits.push({ range: { start: first.getRange().start, end: first.getRange().start }, newText: archSetup });
    return { title: 'Map $TARGETARCH to .NET arch names (amd64 → x64)', edits, preferred: true };
  }
  return { title: 'Use x64', edits, preferred: true };
}

/**
 * A Dockerfile that builds on `--platform=$BUILDPLATFORM` is meant for multi-platform builds; its stages on the
 * target platform then run under QEMU for the other platforms, where .NET is not supported (it may crash or hang).
 * Reported (as info) only for RUNs that start dotnet in stages the final image is built from: other commands
 * merely run slower there.
 */
function dotnetUnderEmulation(context: LintContext): RuleFinding[] {
  if (!context.stages.some(stage => isBuildPlatform(stage.platform))) return [];
  const final = finalStage(context);
  if (!final) return [];
  const findings: RuleFinding[] = [];
  for (const stage of stagesBuiltFor(context, final)) {
    const root = stageChain(stage)[0]!;
    // A constant platform (linux/arm64) may or may not be emulated: that depends on the machine.
    if (root.platform !== undefined && !/^\$\{?TARGETPLATFORM\}?$/.test(root.platform)) continue;
    for (const instruction of new Set(dotnetCommands(context, stage).map(command => command.instruction))) {
      findings.push({
        range: lineRange(context, instruction.getRange().start.line),
        message: 'This RUN starts dotnet in a stage built for the target platform: in a multi-platform build (which the $BUILDPLATFORM stage prepares for) it runs under QEMU emulation, where .NET is not supported and may crash or hang; run it in the $BUILDPLATFORM stage and copy the result.',
        severity: 'info',
      });
    }
  }
  return findings;
}

function isBuildPlatform(platform: string | undefined): boolean {
  return platform !== undefined && /^\$\{?BUILDPLATFORM\}?$/.test(platform);
}

/** The final stage and every stage it needs: the ones it is built FROM, and those it copies or mounts from, transitively. */
function stagesBuiltFor(context: LintContext, final: Stage): Stage[] {
  const needed = new Set<Stage>();
  const visit = (stage: Stage | undefined) => {
    if (!stage || needed.has(stage)) return;
    needed.add(stage);
    visit(stage.baseStage);
    for (const instruction of stage.instructions) {
      for (const flag of safe(() => flagsOf(instruction), [])) {
        const name = flag.getName().toLowerCase();
        const source = name === 'from' ? flag.getValue() : name === 'mount' ? safe(() => flag.getOption('from')?.getValue(), null) : null;
        if (source) visit(/^\d+$/.test(source) ? context.stages[Number(source)] : context.stages.find(s => s.name === source.toLowerCase()));
      }
    }
  };
  visit(final);
  return [...needed];
}

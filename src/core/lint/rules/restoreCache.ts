import * as path from 'node:path';
import { Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { contextPath, shellWord } from '../../generate/dockerfileSyntax';
import { restoreCopies } from '../../generate/generateDockerfile';
import { commandOf, rangeText } from '../commandWords';
import { contextCopy, ContextCopy, holds, isPattern, normalizedContextPath } from '../copyInstructions';
import { LintContext, lineRange, safe, Stage } from '../lintContext';
import { insertLineBefore, lineEnding } from '../lineEdits';
import { Rule } from '../rule';
import { stageChain, workdirAt } from '../stageChain';
import { Fix, Range, RuleFinding } from '../types';

const restoringCommand = /\bdotnet\s+(restore|build|publish|test|pack)\b/;

/**
 * Docker caches a layer until one of its inputs changes. Copying the sources before `dotnet restore` makes
 * every code edit an input of the restore, so NuGet downloads every package again on each build.
 */
export const restoreCache: Rule = {
  id: 'dotnet/restore-cache',
  defaultSeverity: 'warning',
  description: 'The source tree is copied before dotnet restore, so every source edit downloads the NuGet packages again.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const copy = firstSourceTreeCopy(context, stage);
      if (!copy) continue;
      const copyLine = copy.instruction.getRange().start.line;
      if (restoresBefore(stage, copyLine)) continue;
      const restoring = restoringRunAfter(context, stage, copyLine);
      // A NuGet cache mount keeps the packages across builds: the restore re-runs, but downloads nothing again.
      if (!restoring || hasNugetCacheMount(restoring)) continue;
      const range = lineRange(context, copy.instruction.getRange().start.line);
      const written = (context.lines[range.start.line] ?? '').slice(range.start.character, range.end.character).trim();
      const fix = restoreFirstFix(context, stage, copy, restoring);
      findings.push({
        range,
        message: `${written} brings in the source files before NuGet packages are restored, so every code edit invalidates the restore layer and the packages are downloaded again; copy the project files and run dotnet restore first, then copy the rest.`,
        fixes: fix ? [fix] : [],
      });
    }
    return findings;
  },
};

/** The stage's first context COPY of the whole context, or of a folder that holds the project. */
function firstSourceTreeCopy(context: LintContext, stage: Stage): ContextCopy | undefined {
  const projectDirectory = context.project && context.contextDirectory ? contextPath(path.relative(context.contextDirectory, context.project.info.directory)) : undefined;
  for (const instruction of stage.instructions) {
    const copy = contextCopy(instruction);
    if (!copy) continue;
    const tree = copy.sources.some(source => {
      if (isPattern(source)) return false;
      const normalized = normalizedContextPath(source);
      return normalized === '' || (projectDirectory !== undefined && !projectDirectory.startsWith('..') && holds(normalized, projectDirectory));
    });
    if (tree) return copy;
  }
  return undefined;
}

/** A dotnet restore/build/publish earlier in the stage or in a stage it is based on: the packages are cached. */
function restoresBefore(stage: Stage, line: number): boolean {
  const runsDotnet = (instruction: Instruction) => instruction.getKeyword() === 'RUN' && restoringCommand.test(instruction.getRawArgumentsContent() ?? '');
  if (stage.instructions.some(instruction => instruction.getRange().start.line < line && runsDotnet(instruction))) return true;
  return stageChain(stage).some(base => base !== stage && base.instructions.some(runsDotnet));
}

/** The first RUN that restores (explicitly, or implicitly without --no-restore) after the copy, here or in a stage built on this one. */
function restoringRunAfter(context: LintContext, stage: Stage, line: number): Instruction | undefined {
  const restores = (instruction: Instruction) => {
    if (instruction.getKeyword() !== 'RUN') return false;
    const text = instruction.getRawArgumentsContent() ?? '';
    const command = restoringCommand.exec(text);
    return command !== null && (command[1] === 'restore' || !/--no-restore\b/.test(text));
  };
  const here = stage.instructions.find(instruction => instruction.getRange().start.line > line && restores(instruction));
  if (here) return here;
  const derived = context.stages.filter(other => other !== stage && stageChain(other).includes(stage));
  return derived.flatMap(other => other.instructions).find(restores);
}

function hasNugetCacheMount(run: Instruction): boolean {
  return safe(() => (run as ModifiableInstruction).getFlags(), []).some(flag =>
    flag.getName().toLowerCase() === 'mount' && /(?:^|,)type=cache\b/.test(flag.getValue() ?? '') && /nuget/i.test(flag.getValue() ?? ''));
}

/**
 * The generator's restore layer, inserted before the copy: the project files of the app's closure and the
 * props/NuGet files to their own paths, then `dotnet restore` of the app with the RID, source and property
 * options the later restore uses (so its assets file matches). Only when the copy is the whole context into
 * the WORKDIR, where context paths and image paths line up.
 */
function restoreFirstFix(context: LintContext, stage: Stage, copy: ContextCopy, restoring: Instruction): Fix | undefined {
  const project = context.project;
  const contextDirectory = context.contextDirectory;
  if (!project || !contextDirectory || !copy.sources.every(source => normalizedContextPath(source) === '')) return undefined;
  if (!intoWorkdir(stage, copy)) return undefined;
  const inContext = (file: string) => contextPath(path.relative(contextDirectory, file));
  const files = [...project.plan.supportFiles, ...project.plan.projects.map(p => p.file)];
  if (files.some(file => inContext(file).startsWith('..') || path.isAbsolute(inContext(file)))) return undefined;
  const command = dotnetCommand(context, restoring);
  if (!command) return undefined;
  const projectPath = inContext(project.info.file);
  // A stage that builds another project than the one found: its restore layer would be the wrong one.
  const named = command.words.map(word => word.value).find(word => /\.(cs|fs|vb)proj$/i.test(word));
  if (named && path.posix.basename(named.replace(/\\/g, '/')).toLowerCase() !== path.basename(project.info.file).toLowerCase()) return undefined;

  const copyFlags = copy.flags.filter(flag => ['chown', 'chmod', 'link'].includes(flag.getName().toLowerCase())).map(flag => `${flagText(context, flag.getRange())} `).join('');
  const runFlags = safe(() => (restoring as ModifiableInstruction).getFlags(), []).map(flag => `${flagText(context, flag.getRange())} `).join('');
  const options = restoreOptions(command.subcommand, command.words);
  const prefix = options.some(option => /\$\{?(\w+)/.test(option) && assigns(command.prefix, /\$\{?(\w+)/.exec(option)![1]!)) ? command.prefix : '';
  const lines = [
    ...restoreCopies(project.plan, inContext).map(line => line.replace(/^COPY /, `COPY ${copyFlags}`)),
    `RUN ${runFlags}${prefix}${['dotnet', 'restore', shellWord(projectPath), ...options].join(' ')}`,
  ];
  return {
    title: `Restore ${path.basename(project.info.file)} before copying the sources`,
    edits: [insertLineBefore(context, copy.instruction.getRange().start.line, lines.join(lineEnding(context)))],
    preferred: true,
  };
}

/** Whether the copy's destination is the WORKDIR (`.`, `./`, or the WORKDIR's own absolute path). */
function intoWorkdir(stage: Stage, copy: ContextCopy): boolean {
  const destination = copy.destination.replace(/\/+$/, '') || '/';
  if (destination === '.') return true;
  return destination.startsWith('/') && path.posix.normalize(destination) === workdirAt(stage, copy.instruction.getRange().start.line);
}

function flagText(context: LintContext, range: Range): string {
  return (context.lines[range.start.line] ?? '').slice(range.start.character, range.start.line === range.end.line ? range.end.character : undefined);
}

interface DotnetCommand {
  readonly subcommand: string;
  /** The words after `dotnet <subcommand>`, up to the end of that command. */
  readonly words: readonly ShellWord[];
  /** The shell text before `dotnet` (e.g. `arch=$(…) && `), exactly as written on its line. */
  readonly prefix: string;
}

interface ShellWord {
  /** Unquoted, as the program receives it. */
  readonly value: string;
  /** As written, quotes included, to copy into another command. */
  readonly raw: string;
}

function dotnetCommand(context: LintContext, run: Instruction): DotnetCommand | undefined {
  const command = commandOf(run, context.lines);
  const startLine = run.getRange().start.line;
  if (!command || command.form !== 'shell' || command.words[0]?.value.startsWith('<<')) return undefined;
  const all = command.words.filter(word => word.value !== context.escapeCharacter && !(word.range.start.line > startLine && /^\s*#/.test(context.lines[word.range.start.line] ?? '')));
  const index = all.findIndex((word, i) => word.value === 'dotnet' && restoringCommand.test(`dotnet ${all[i + 1]?.value ?? ''}`));
  if (index < 0) return undefined;
  const words: ShellWord[] = [];
  for (const word of all.slice(index + 2)) {
    const raw = rangeText(context.lines, word.range) || word.value;
    if (/^(?:&&|\|\||\||;)$/.test(raw)) break;
    words.push({ value: word.value.replace(/;$/, ''), raw: raw.replace(/;$/, '') });
    if (raw.endsWith(';')) break;
  }
  const first = all[0]!.range.start;
  const dotnet = all[index]!.range.start;
  // A prefix that spans lines is left out: re-joining continuation lines could change what the shell reads.
  const prefix = first.line === dotnet.line ? (context.lines[first.line] ?? '').slice(first.character, dotnet.character) : '';
  return { subcommand: all[index + 1]!.value, words, prefix };
}

/** Options that take a value in the next word. */
const valueOptions = new Set(['-a', '--arch', '-r', '--runtime', '--os', '-s', '--source', '--packages', '--configfile', '-v', '--verbosity', '--lock-file-path', '-p', '--property']);
/** What decides the restore's result, copied from a build/publish that restores implicitly. */
const restoreShaping = new Set(['-a', '--arch', '-r', '--runtime', '--os', '--ucr', '--use-current-runtime', '--sc', '--self-contained', '--no-self-contained', '-s', '--source', '--packages', '--configfile', '-p', '--property']);

/** The options for the inserted restore: all of an explicit restore's, or the restore-shaping ones of a build/publish. */
function restoreOptions(subcommand: string, words: readonly ShellWord[]): string[] {
  const options: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.value;
    // MSBuild's own `/p:Name=value` form counts as an option; any other word is a project, solution or folder.
    const property = /^(?:-p|--property|\/p|\/property):/i.test(word);
    if (!word.startsWith('-') && !property) continue;
    const name = /^(-[^=:]+)/.exec(word)?.[1]?.toLowerCase() ?? word;
    const inline = name.length < word.length;
    const takesValue = !inline && valueOptions.has(name) && i + 1 < words.length;
    const boolValue = !inline && (name === '--sc' || name === '--self-contained') && /^(true|false)$/i.test(words[i + 1]?.value ?? '');
    const group = takesValue || boolValue ? [words[i]!, words[++i]!] : [words[i]!];
    if (subcommand === 'restore' || property || restoreShaping.has(name)) options.push(...group.map(w => w.raw));
  }
  return options;
}

function assigns(prefix: string, variable: string): boolean {
  return new RegExp(`(?:^|[\\s;&|(])${variable}=`).test(prefix);
}

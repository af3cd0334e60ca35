import * as path from 'node:path';
import { Instruction } from 'dockerfile-ast';
import { contextPath, shellWord } from '../../generate/dockerfileSyntax';
import { restoreCopies } from '../../generate/generateDockerfile';
import { commandOf, programName } from '../commandWords';
import { contextCopies, ContextCopy, holds, isPattern, normalizedContextPath } from '../copyInstructions';
import { dotnetCommands } from '../imageVersions';
import { flagsOf, rawArgumentsContent } from '../instructionWords';
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
  usesProject: true,
  check(context) {
    const findings: RuleFinding[] = [];
    const projectDirectory = context.project && context.contextDirectory ? contextPath(path.relative(context.contextDirectory, context.project.info.directory)) : undefined;
    for (const stage of context.stages) {
      const copy = firstSourceTreeCopy(stage, projectDirectory);
      if (!copy) continue;
      const copyLine = copy.instruction.getRange().start.line;
      if (restoresBefore(stage, copyLine)) continue;
      const restoring = restoringRunAfter(context, stage, copyLine);
      // A NuGet cache mount keeps the packages across builds: the restore re-runs, but downloads nothing again.
      if (!restoring || hasNugetCacheMount(restoring)) continue;
      const range = lineRange(context, copy.instruction.getRange().start.line);
      const written = (context.lines[range.start.line] ?? '').trim().replace(/\s*[\\`]$/, '');
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

/** The stage's first context COPY of the whole context, or of a folder (`projectDirectory`, a context path) that holds the project. */
function firstSourceTreeCopy(stage: Stage, projectDirectory: string | undefined): ContextCopy | undefined {
  for (const copy of contextCopies(stage)) {
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
  const runsDotnet = (instruction: Instruction) => instruction.getKeyword() === 'RUN' && restoringCommand.test(rawArgumentsContent(instruction) ?? '');
  if (stage.instructions.some(instruction => instruction.getRange().start.line < line && runsDotnet(instruction))) return true;
  return stageChain(stage).some(base => base !== stage && base.instructions.some(runsDotnet));
}

/** The first RUN that restores (explicitly, or implicitly without --no-restore) after the copy, here or in a stage built on this one. */
function restoringRunAfter(context: LintContext, stage: Stage, line: number): Instruction | undefined {
  const restores = (instruction: Instruction) => {
    if (instruction.getKeyword() !== 'RUN') return false;
    const text = rawArgumentsContent(instruction) ?? '';
    const command = restoringCommand.exec(text);
    return command !== null && (command[1] === 'restore' || !/--no-restore\b/.test(text));
  };
  const here = stage.instructions.find(instruction => instruction.getRange().start.line > line && restores(instruction));
  if (here) return here;
  const derived = context.stages.filter(other => other !== stage && stageChain(other).includes(stage));
  return derived.flatMap(other => other.instructions).find(restores);
}

function hasNugetCacheMount(run: Instruction): boolean {
  return safe(() => flagsOf(run), []).some(flag =>
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
  const command = restoringDotnet(context, restoring);
  if (!command) return undefined;
  const projectPath = inContext(project.info.file);
  // A stage that builds another project than the one found: its restore layer would be the wrong one.
  const named = command.words.map(word => word.value).find(word => /\.(cs|fs|vb)proj$/i.test(word));
  if (named && path.posix.basename(named.replace(/\\/g, '/')).toLowerCase() !== path.basename(project.info.file).toLowerCase()) return undefined;

  const copyFlags = copy.flags.filter(flag => ['chown', 'chmod', 'link'].includes(flag.getName().toLowerCase())).map(flag => `${flagText(context, flag.getRange())} `).join('');
  const runFlags = safe(() => flagsOf(restoring), []).map(flag => `${flagText(context, flag.getRange())} `).join('');
  const options = restoreOptions(command.verb, command.words);
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

interface RestoringCommand {
  readonly verb: string;
  /** The words after `dotnet <verb>`, each as it can be written into another command. */
  readonly words: readonly ShellWord[];
  /** The shell text before `dotnet` (e.g. `arch=$(…) && `), exactly as written on its line. */
  readonly prefix: string;
}

interface ShellWord {
  /** Unquoted, as the program receives it. */
  readonly value: string;
  /** Shell text that gives the program that value. */
  readonly text: string;
}

/** The restoring `dotnet` command of a RUN, and the shell text before it. */
function restoringDotnet(context: LintContext, run: Instruction): RestoringCommand | undefined {
  const stage = context.stages.find(s => s.instructions.includes(run));
  const command = stage && dotnetCommands(context, stage).find(c => c.instruction === run && /^(?:restore|build|publish|test|pack)$/.test(c.verb));
  if (!command) return undefined;
  // A value the shell expands (`$arch`, `"$X"`) is kept as written; a plain one is quoted as the generator would.
  const words = command.args.map(arg => ({ value: arg.value, text: arg.literal ? shellWord(arg.value) : arg.value }));
  const shell = commandOf(run, context.lines)?.words ?? [];
  const dotnet = shell.find((word, i) => word.literal && programName(word.value) === 'dotnet' && shell[i + 1]?.value.toLowerCase() === command.verb);
  const first = shell[0]?.range.start;
  // A prefix that spans lines is left out: re-joining continuation lines could change what the shell reads.
  const prefix = first && dotnet && first.line === dotnet.range.start.line ? (context.lines[first.line] ?? '').slice(first.character, dotnet.range.start.character) : '';
  return { verb: command.verb, words, prefix };
}

/** Options that take a value in the next word. */
const valueOptions = new Set(['-a', '--arch', '-r', '--runtime', '--os', '-s', '--source', '--packages', '--configfile', '-v', '--verbosity', '--lock-file-path', '-p', '--property']);
/** What decides the restore's result, copied from a build/publish that restores implicitly. */
const restoreShaping = new Set(['-a', '--arch', '-r', '--runtime', '--os', '--ucr', '--use-current-runtime', '--sc', '--self-contained', '--no-self-contained', '-s', '--source', '--packages', '--configfile', '-p', '--property']);

/** The options for the inserted restore: all of an explicit restore's, or the restore-shaping ones of a build/publish. */
function restoreOptions(verb: string, words: readonly ShellWord[]): string[] {
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
    if (verb === 'restore' || property || restoreShaping.has(name)) options.push(...group.map(w => w.text));
  }
  return options;
}

function assigns(prefix: string, variable: string): boolean {
  return new RegExp(`(?:^|[\\s;&|(])${variable}=`).test(prefix);
}

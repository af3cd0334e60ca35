import * as path from 'node:path';
import { Copy, Instruction } from 'dockerfile-ast';
import { AppShape, appShape, runsApp } from '../appShape';
import { CommandPart, CommandWord, commandLineWords, containerCommand, jsonArrayWords, programName, rangeText, wordsText } from '../commandWords';
import { argumentsOf } from '../instructionWords';
import { finalStage, LintContext, safe, Stage } from '../lintContext';
import { Rule } from '../rule';
import { chainInstructions, workdirAt } from '../stageChain';
import { Fix, RuleFinding } from '../types';

/**
 * The container starts what ENTRYPOINT/CMD name: `dotnet <AssemblyName>.dll`, or the apphost `./<AssemblyName>`.
 * A project-name dll after an AssemblyName override, an apphost with UseAppHost=false, or a dll from a Native
 * AOT publish (which writes none) stops the container at once.
 */
export const entrypointMismatch: Rule = {
  id: 'dotnet/entrypoint-mismatch',
  defaultSeverity: 'error',
  description: 'ENTRYPOINT or CMD runs a .dll or apphost that the project does not publish (AssemblyName, UseAppHost, Native AOT, WORKDIR).',
  usesProject: true,
  check(context) {
    const final = finalStage(context);
    const app = appShape(context);
    if (!final || !context.project || !app.assemblyName || app.kind === 'library' || !runsApp(context)) return [];
    const parts = containerCommand(final, context.lines);
    const words = commandLineWords(parts);
    const first = words[0];
    if (!first || !parts[0]) return [];
    const where = {
      workdir: workdirAt(final, parts[0].instruction.getRange().start.line),
      appDirectories: copyFromDestinations(final, context.lines) ?? [],
      runtimeDeps: final.dotnetImage?.catalogRepo === 'runtime-deps',
    };
    const known: KnownApp = { ...app, assemblyName: app.assemblyName };
    return programName(first.value) === 'dotnet'
      ? checkDotnetCommand(context, known, parts, words, where)
      : checkAppHost(context, known, parts, first, where);
  },
};

interface Where {
  readonly workdir: string | undefined;
  readonly appDirectories: readonly string[];
  readonly runtimeDeps: boolean;
}

type KnownApp = AppShape & { assemblyName: string };

/** `dotnet App.dll`: the dll must be the assembly the project builds, where the app was copied, and exist at all. */
function checkDotnetCommand(context: LintContext, app: KnownApp, parts: readonly CommandPart[], words: CommandWord[], where: Where): RuleFinding[] {
  const host = words[0]!;
  const dll = words.slice(1).find(word => /\.dll$/i.test(word.value));
  if (!dll || !dll.literal) return [];
  const directory = directoryPart(dll.value);
  const apphost = `${directory || './'}${app.assemblyName}`;
  const toAppHost = replaceWords(context, parts, host, dll, [apphost]);
  if (app.publishAot) {
    return [{ range: dll.range, message: `${app.assemblyName} is published as Native AOT, which writes the native executable ${apphost} and no .dll, so \`dotnet ${dll.value}\` cannot start: run ${apphost}.`, fixes: toAppHost }];
  }
  if (app.selfContained && where.runtimeDeps) {
    return [{ range: dll.range, message: `runtime-deps has no dotnet host, so \`dotnet ${dll.value}\` cannot start the self-contained ${app.assemblyName}: run its apphost ${apphost}.`, fixes: toAppHost }];
  }
  const expected = `${app.assemblyName}.dll`;
  if (path.posix.basename(dll.value) !== expected) {
    return [{
      range: dll.range,
      message: `The container runs ${path.posix.basename(dll.value)}, but the project builds ${expected} (AssemblyName), so dotnet cannot find the app: run ${expected}.`,
      fixes: replaceWords(context, parts, dll, dll, [`${directory}${expected}`]),
    }];
  }
  return misplaced(context, parts, dll, where);
}

/** `./App`: the apphost exists only without UseAppHost=false, under the AssemblyName, where the app was copied. */
function checkAppHost(context: LintContext, app: KnownApp, parts: readonly CommandPart[], word: CommandWord, where: Where): RuleFinding[] {
  // Bare names are looked up on PATH and scripts are someone's wrapper: only paths into the app's folder count.
  if (!word.literal || !word.value.includes('/') || /\.(sh|bash|py|pl|rb|js|ps1)$/i.test(word.value)) return [];
  const resolved = resolveDirectory(word.value, where.workdir);
  const inAppFolder = where.appDirectories.length ? resolved !== undefined && where.appDirectories.includes(resolved) : word.value.startsWith('./');
  if (!inAppFolder) return [];
  const directory = directoryPart(word.value);
  const name = path.posix.basename(word.value);
  const dotnetForm = [`dotnet`, `${directory === './' ? '' : directory}${app.assemblyName}.dll`];
  if (/\.dll$/i.test(name)) {
    return [{ range: word.range, message: `A .dll is not an executable: the container cannot start ${word.value}; run it with dotnet (\`dotnet ${dotnetForm[1]}\`).`, fixes: replaceWords(context, parts, word, word, dotnetForm) }];
  }
  const named = name === app.assemblyName;
  // Only names that are clearly meant as the app (a case slip, the project name after an AssemblyName override).
  const meantAsApp = named || name.toLowerCase() === app.assemblyName.toLowerCase() || name === app.project?.name;
  if (!meantAsApp) return [];
  if (app.appHost === false) {
    return [{
      range: word.range,
      message: `The publish sets UseAppHost=false, so there is no ${directory}${app.assemblyName} launcher and the container cannot start: run \`dotnet ${dotnetForm[1]}\`.`,
      fixes: replaceWords(context, parts, word, word, dotnetForm),
    }];
  }
  if (!named) {
    return [{
      range: word.range,
      message: `The container runs ${word.value}, but the apphost is named after the AssemblyName (${app.assemblyName}, and Linux names are case-sensitive), so it is not found: run ${directory}${app.assemblyName}.`,
      fixes: replaceWords(context, parts, word, word, [`${directory}${app.assemblyName}`]),
    }];
  }
  return misplaced(context, parts, word, where);
}

/** A relative path run from a WORKDIR the app was not copied to (`/` when the stage sets none). */
function misplaced(context: LintContext, parts: readonly CommandPart[], word: CommandWord, where: Where): RuleFinding[] {
  const resolved = resolveDirectory(word.value, where.workdir);
  if (word.value.startsWith('/') || resolved === undefined || !where.appDirectories.length || where.appDirectories.includes(resolved)) return [];
  const target = where.appDirectories.length === 1 ? path.posix.join(where.appDirectories[0]!, path.posix.basename(word.value)) : undefined;
  return [{
    range: word.range,
    message: `${word.value} is looked up in ${resolved}, but COPY --from puts the app in ${where.appDirectories.join(', ')}, so it is not found: ${target ? `run ${target}` : 'set WORKDIR to the app\'s folder'}.`,
    fixes: target ? replaceWords(context, parts, word, word, [target]) : [],
  }];
}

/** The directory part of a path as written, with its slash: `/app/`, `./`, or `''` for a bare name. */
function directoryPart(value: string): string {
  return value.slice(0, value.lastIndexOf('/') + 1);
}

function resolveDirectory(value: string, workdir: string | undefined): string | undefined {
  if (value.startsWith('/')) return path.posix.dirname(value);
  return workdir === undefined ? undefined : path.posix.dirname(path.posix.resolve(workdir, value));
}

/** A fix replacing the words from `first` to `last` (in one instruction) with `values`, in the command's form and quoting. */
function replaceWords(context: LintContext, parts: readonly CommandPart[], first: CommandWord, last: CommandWord, values: string[]): Fix[] {
  const part = parts.find(p => p.command.words.includes(first));
  if (!part || !part.command.words.includes(last)) return [];
  const words = part.command.words;
  if (words.indexOf(last) < words.indexOf(first)) return [];
  const form = part.command.form;
  const original = rangeText(context.lines, first.range);
  return [{
    title: `Change the entrypoint to \`${values.join(' ')}\``,
    edits: [{ range: { start: first.range.start, end: last.range.end }, newText: wordsText(form, values, original) }],
    preferred: true,
  }];
}

/**
 * The directories the chain's `COPY --from=…` instructions write to, resolved against WORKDIR: where a
 * published app lands. Undefined when a destination or WORKDIR uses a variable.
 */
function copyFromDestinations(stage: Stage, lines: readonly string[]): string[] | undefined {
  const destinations: string[] = [];
  for (const instruction of chainInstructions(stage, 'COPY')) {
    if (!(instruction instanceof Copy) || !safe(() => instruction.getFromFlag(), null)) continue;
    const args = copyArguments(instruction, lines);
    const destination = args[args.length - 1];
    const workdir = workdirAt(stage, instruction.getRange().start.line);
    if (!destination || destination.includes('$') || workdir === undefined) return undefined;
    destinations.push(path.posix.resolve(workdir, destination));
  }
  return destinations;
}

/** COPY's sources and destination, from the JSON form (read from the text) or the plain words. */
function copyArguments(instruction: Instruction, lines: readonly string[]): string[] {
  const words = argumentsOf(instruction);
  const first = words[0];
  const last = words[words.length - 1];
  const json = first && last && first.getValue().startsWith('[') ? jsonArrayWords({ start: first.getRange().start, end: last.getRange().end }, lines) : undefined;
  return json ? json.map(word => word.value) : words.map(word => word.getValue());
}

import * as path from 'node:path';
import { Instruction } from 'dockerfile-ast';
import { contextPath, jsonArg } from '../../generate/dockerfileSyntax';
import { attribute, parseMsbuildXml } from '../../project/msbuildXml';
import { isPackagesLockFile } from '../../project/readBuildPlan';
import { ContextCopy, contextCopies, holds, isPattern, normalizedContextPath } from '../copyInstructions';
import { DotnetCommand, dotnetCommands } from '../imageVersions';
import { flagsOf } from '../instructionWords';
import { LintContext, lineRange, safe, Stage } from '../lintContext';
import { insertLineBefore, lineEnding } from '../lineEdits';
import { Rule } from '../rule';
import { stageChain, workdirAt } from '../stageChain';
import { Fix, RuleFinding } from '../types';

/** What restore reads besides the project itself, and why a restore without it goes wrong. */
const inputKinds = [
  { test: (name: string) => /^directory\.packages\.props$/i.test(name), why: 'without Directory.Packages.props the PackageReferences have no versions (central package management), so restore fails (NU1015)' },
  { test: (name: string) => /^nuget\.config$/i.test(name), why: 'without NuGet.config restore looks only on nuget.org, not on the feeds it names' },
  { test: isPackagesLockFile, why: 'without the lock file restore resolves the packages afresh instead of taking the versions it locks' },
] as const;

/**
 * `dotnet restore` (or a build/publish/test that restores) reads more than the project: the projects it
 * references, Directory.Packages.props for central package versions, and the NuGet.config files that name the
 * feeds (https://learn.microsoft.com/nuget/consume-packages/central-package-management,
 * https://learn.microsoft.com/nuget/consume-packages/configuring-nuget-behavior). Copied after the restore, they
 * come too late: it fails, or takes packages from the wrong feed. This is about a restore that runs too early;
 * dotnet/restore-cache is about one that runs after the whole source tree, and neither reports the other's case.
 */
export const restoreInputs: Rule = {
  id: 'dotnet/restore-inputs',
  defaultSeverity: 'warning',
  description: 'dotnet restore runs before the referenced projects, Directory.Packages.props, NuGet.config or packages.lock.json it reads are copied.',
  usesProject: true,
  check(context) {
    const project = context.project;
    const contextDirectory = context.contextDirectory;
    if (!project || !contextDirectory) return [];
    const inContext = (file: string) => contextPath(path.relative(contextDirectory, file));
    const inside = (file: string) => !inContext(file).startsWith('..') && !path.isAbsolute(inContext(file));
    const projects = project.plan.projects.map(p => p.file).filter(inside);
    const support = project.plan.supportFiles.filter(file => inside(file) && inputKinds.some(kind => kind.test(path.basename(file))));
    const appFile = inContext(project.info.file);
    if (!inside(project.info.file)) return [];
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const command = dotnetCommands(context, stage).find(restores);
      if (!command || !aboutProject(command, project.info.file) || bindsSources(command.instruction)) continue;
      const line = command.instruction.getRange().start.line;
      const copies = copiesBefore(stage, line);
      if (!copies) continue;
      const covering = (file: string) => copies.find(copy => copy.sources.some(source => covers(source, file)));
      // Without the app's own project copied, the files come some other way (a script, a clone): nothing to judge.
      const appCopy = covering(appFile);
      if (!appCopy) continue;
      const ownFeeds = command.args.some(arg => /^(-s|--source|--configfile)(?:[=:].*)?$/i.test(arg.value));
      // Read only for a finding: not on every keystroke.
      const missing = [...projects, ...support.filter(file => !(ownFeeds && /^nuget\.config$/i.test(path.basename(file))) && (covering(inContext(file)) || !onlyNugetOrg(context, file)))]
        .map(inContext)
        .filter(file => !covering(file));
      if (!missing.length) continue;
      findings.push({
        range: lineRange(context, line),
        message: `dotnet ${command.verb} runs before ${listed(missing)} ${missing.length === 1 ? 'is' : 'are'} copied into the image: ${reasons(missing).join('; ')}; copy ${missing.length === 1 ? 'it' : 'them'} before the restore.`,
        fixes: copyFix(context, stage, command.instruction, appCopy, appFile, missing),
      });
    }
    return findings;
  },
};

/** nuget.org's feed, which restore uses without a NuGet.config too. */
const nugetOrg = /^https:\/\/api\.nuget\.org\/v3\/index\.json$/i;

/**
 * A NuGet.config that only names nuget.org (`<clear />` and nuget.org's feed, dotnet-podcasts' shape): restore does
 * the same without it, so copying it late changes nothing. Any other setting or feed, or a file not read, counts.
 */
function onlyNugetOrg(context: LintContext, file: string): boolean {
  if (!/^nuget\.config$/i.test(path.basename(file))) return false;
  const text = safe(() => context.fileSystem.readText(file), undefined);
  if (text === undefined || text.length > 64 * 1024) return false;
  const parsed = parseMsbuildXml(text, file);
  if (!parsed.ok || parsed.root.name.toLowerCase() !== 'configuration') return false;
  return parsed.root.children.every(section => section.name.toLowerCase() === 'packagesources' && section.children.every(entry =>
    entry.name.toLowerCase() === 'clear' || (entry.name.toLowerCase() === 'add' && nugetOrg.test((attribute(entry, 'value') ?? '').trim()))));
}

function restores(command: DotnetCommand): boolean {
  if (!/^(restore|build|publish|test|pack)$/.test(command.verb)) return false;
  // --no-build implies --no-restore (dotnet test/pack/publish).
  return command.verb === 'restore' || !command.args.some(arg => arg.value === '--no-restore' || arg.value === '--no-build');
}

/** The command restores the project found (named, or from the folder), or a solution holding it; not another project. */
function aboutProject(command: DotnetCommand, projectFile: string): boolean {
  const named = command.args.map(arg => arg.value).filter(value => !value.startsWith('-') && /\.(?:csproj|fsproj|vbproj)$/i.test(value));
  return named.every(value => path.posix.basename(value.replace(/\\/g, '/')).toLowerCase() === path.basename(projectFile).toLowerCase());
}

/** `RUN --mount=type=bind …` (bind is the default type): the context is mounted, nothing needs copying. */
function bindsSources(run: Instruction): boolean {
  return safe(() => flagsOf(run), []).some(flag => {
    const value = flag.getValue() ?? '';
    return flag.getName().toLowerCase() === 'mount' && (/(?:^|,)type=bind\b/.test(value) || !/(?:^|,)type=/.test(value));
  });
}

/**
 * The context copies of the stage chain before `line`; undefined when files also arrive from another stage or
 * image (`COPY --from`), which this cannot see into.
 */
function copiesBefore(stage: Stage, line: number): ContextCopy[] | undefined {
  const copies: ContextCopy[] = [];
  for (const s of stageChain(stage)) {
    const own = contextCopies(s);
    for (const instruction of s.instructions) {
      if (s === stage && instruction.getRange().start.line >= line) break;
      const keyword = instruction.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      const copy = own.find(c => c.instruction === instruction);
      if (!copy) return undefined;
      copies.push(copy);
    }
  }
  return copies;
}

/** Whether a COPY source (a file, a folder, or a pattern) brings in `file` (a context path). */
function covers(source: string, file: string): boolean {
  const normalized = normalizedContextPath(source);
  if (!isPattern(source)) return holds(normalized, file);
  const pattern = globPattern(normalized);
  if (!pattern) return true; // a pattern this cannot read: assume it does, rather than report
  const parts = file.split('/');
  // A pattern that matches a folder copies what is in it.
  return parts.some((_, i) => pattern.test(parts.slice(0, i + 1).join('/')));
}

function globPattern(glob: string): RegExp | undefined {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') { out += '.*'; i++; } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) return undefined;
      out += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return safe(() => new RegExp(`^${out}$`, 'i'), undefined);
}

function listed(files: readonly string[]): string {
  return files.length <= 2 ? files.join(' and ') : `${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}`;
}

function reasons(missing: readonly string[]): string[] {
  const said: string[] = [];
  for (const kind of inputKinds) if (missing.some(file => kind.test(path.posix.basename(file)))) said.push(kind.why);
  // Verified with the 10.0 SDK: restore says "Skipping project … because it was not found" and exits 0.
  if (missing.some(file => /\.(cs|fs|vb)proj$/i.test(file))) said.push('without the referenced projects\' files restore skips them ("because it was not found") and restores none of their packages, so a later --no-restore build fails (NETSDK1004) and any other restores them again on every change of the sources');
  return said;
}

/**
 * COPY lines for the missing files, each to its context path under the WORKDIR, inserted before the restore; only
 * when the app's project was copied that way too (so the layout the project expects is the context's), with the
 * same --chown/--chmod/--link.
 */
function copyFix(context: LintContext, stage: Stage, run: Instruction, appCopy: ContextCopy, appFile: string, missing: readonly string[]): Fix[] {
  const runLine = run.getRange().start.line;
  const workdir = safe(() => workdirAt(stage, runLine), undefined);
  const copyLine = appCopy.instruction.getRange().start.line;
  const copyStage = stageChain(stage).find(s => s.instructions.includes(appCopy.instruction)) ?? stage;
  const copyWorkdir = safe(() => workdirAt(copyStage, copyLine), undefined);
  if (!workdir || workdir !== copyWorkdir || imagePath(appCopy, appFile, copyWorkdir) !== path.posix.join(workdir, appFile)) return [];
  const flags = appCopy.flags
    .filter(flag => ['chown', 'chmod', 'link'].includes(flag.getName().toLowerCase()))
    .map(flag => flag.getRange())
    .filter(range => range.start.line === range.end.line)
    .map(range => `${(context.lines[range.start.line] ?? '').slice(range.start.character, range.end.character)} `)
    .join('');
  const byFolder = new Map<string, string[]>();
  for (const file of missing) {
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : './';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  const lines = [...byFolder].map(([folder, files]) => `COPY ${flags}[${[...files, folder].map(arg => jsonArg(arg, true)).join(', ')}]`);
  return [{
    title: `Copy ${missing.length === 1 ? path.posix.basename(missing[0]!) : `the ${missing.length} files restore reads`} before the restore`,
    edits: [insertLineBefore(context, runLine, lines.join(lineEnding(context)))],
    preferred: true,
  }];
}

/** Where a COPY puts a context file in the image. */
function imagePath(copy: ContextCopy, file: string, workdir: string): string | undefined {
  const source = copy.sources.find(s => covers(s, file));
  if (!source || copy.destination.includes('$')) return undefined;
  const destination = path.posix.resolve(workdir, copy.destination);
  const normalized = normalizedContextPath(source);
  if (isPattern(source)) return copy.destination.endsWith('/') || copy.sources.length > 1 || copy.destination === '.' ? path.posix.join(destination, path.posix.basename(file)) : undefined;
  if (normalized === file) return copy.destination.endsWith('/') || copy.sources.length > 1 || copy.destination === '.' ? path.posix.join(destination, path.posix.basename(file)) : destination;
  return path.posix.join(destination, normalized === '' ? file : file.slice(normalized.length + 1));
}

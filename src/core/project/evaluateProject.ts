import * as path from 'node:path';
import { evaluateCondition } from './conditions';
import { ExpansionLimitError, expandProperties, PropertyTable } from './expandProperties';
import { nodeFileSystem, ProjectFileSystem } from './fileSystem';
import { expandGlob, GlobBudget, globMatches, hasWildcard, maxGlobFolders } from './globs';
import { attribute, parseMsbuildXml, XmlElement, XmlProblem } from './msbuildXml';
import { NodeStep, nodeStepsOf, TargetDefinition } from './nodeSteps';
import { readProjectFile } from './projectFile';

/** An item (`<ProjectReference Include=…>`, `<Protobuf …>`, `<ContainerPort …>`) after expansion. */
export interface EvaluatedItem {
  readonly type: string;
  readonly include: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** The file that declared it: relative paths in `include` are relative to the project, not to this file. */
  readonly definedIn: string;
  readonly unresolved: boolean;
}

/** Something static evaluation saw but could not decide; reported, never guessed. */
export interface NotEvaluated {
  readonly file: string;
  readonly what: string;
}

export interface EvaluatedProject {
  readonly file: string;
  readonly directory: string;
  readonly sdks: readonly string[];
  readonly properties: PropertyTable;
  readonly items: readonly EvaluatedItem[];
  /** Every file read for this evaluation, in import order (the project included). */
  readonly importedFiles: readonly string[];
  readonly notEvaluated: readonly NotEvaluated[];
  /**
   * The paths Exists() conditions found (absolute): an evaluation that sees fewer files (a restore layer holding
   * only the project files) may decide those conditions the other way.
   */
  readonly existingConditionPaths: readonly string[];
  /**
   * Where the SDK's artifacts layout puts bin, obj and publish (`UseArtifactsOutput`, `ArtifactsPath`), absolute;
   * undefined when the project builds into its own bin/obj.
   */
  readonly artifactsPath?: string;
  /** The `<Exec>` steps that run Node.js tooling during restore, build or a Release publish. */
  readonly nodeSteps?: readonly NodeStep[];
}

export type ProjectEvaluation = { readonly ok: true; readonly project: EvaluatedProject } | { readonly ok: false; readonly problem: XmlProblem };

export interface EvaluationOptions {
  /** Like `dotnet msbuild -p:`; e.g. `{ Configuration: 'Release' }`. */
  readonly globalProperties?: Readonly<Record<string, string>>;
  readonly fileSystem?: ProjectFileSystem;
  /** Folders wildcards may still list; a build plan shares one among the projects of its closure. */
  readonly globBudget?: GlobBudget;
}

const interestingItems = new Set(['projectreference', 'packagereference', 'packageversion', 'frameworkreference', 'protobuf', 'content', 'none', 'compile', 'embeddedresource', 'containerport', 'containerenvironmentvariable', 'containerlabel', 'runtimehostconfigurationoption']);

/**
 * Statically evaluates an SDK-style project the way MSBuild orders it: Directory.Build.props, Directory.Packages.props
 * (NuGet's props import it next), the SDK's Configuration/Platform defaults, the project body (with its imports), Directory.Build.targets, then the
 * defaults the SDK applies at the end. Properties are evaluated first, items after all properties.
 */
export function evaluateProject(projectFile: string, options: EvaluationOptions = {}): ProjectEvaluation {
  const file = path.resolve(projectFile);
  try {
    return evaluate(file, options);
  } catch (error) {
    if (!(error instanceof ExpansionLimitError)) throw error;
    return { ok: false, problem: { file, line: 1, column: 1, message: error.message } };
  }
}

function evaluate(file: string, options: EvaluationOptions): ProjectEvaluation {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const read = readProjectFile(file, fileSystem);
  if (!read.ok) return read;
  const parsed = parseMsbuildXml(read.text, file);
  if (!parsed.ok) return parsed;
  if (parsed.root.name !== 'Project') {
    return { ok: false, problem: { file, line: 1, column: 1, message: `the root element is <${parsed.root.name}>, not <Project>` } };
  }

  const directory = path.dirname(file);
  const properties = new PropertyTable();
  const globalNames = new Set<string>();
  for (const [name, value] of Object.entries(options.globalProperties ?? {})) {
    properties.set(name, value);
    globalNames.add(name.toLowerCase());
  }
  const extension = path.extname(file);
  properties.set('MSBuildProjectFullPath', file);
  properties.set('MSBuildProjectFile', path.basename(file));
  properties.set('MSBuildProjectName', path.basename(file, extension));
  properties.set('MSBuildProjectExtension', extension);
  properties.set('MSBuildProjectDirectory', directory);

  const state: WalkState = { fileSystem, properties, globalNames, importedFiles: [], notEvaluated: [], existingConditionPaths: new Set(), itemGroups: [], targets: [], sdks: [], problems: [], globBudget: options.globBudget ?? { folders: maxGlobFolders }, removeBudget: { comparisons: 100_000 } };
  const sdks = sdkNames(parsed.root);
  state.sdks.push(...sdks);

  const isSdkStyle = sdks.length > 0;
  let directoryBuildProps: string | undefined;
  if (isSdkStyle && switchedOn(properties, 'ImportDirectoryBuildProps')) {
    directoryBuildProps = findFileAbove(directory, 'Directory.Build.props', fileSystem);
    if (directoryBuildProps) walkFile(directoryBuildProps, state);
  }
  // The SDK settles the artifacts layout right after Directory.Build.props; set later (in the project) it fails with NETSDK1199.
  const artifactsPath = isSdkStyle ? artifactsPathOf(properties, directory, directoryBuildProps) : undefined;
  if (isSdkStyle) importDirectoryPackagesProps(directory, state);
  // The SDK sets these after Directory.Build.props and before the project body.
  setDefault(properties, 'Configuration', 'Debug');
  setDefault(properties, 'Platform', 'AnyCPU');
  setDefault(properties, 'RootNamespace', (properties.get('MSBuildProjectName') ?? '').replace(/ /g, '_'));

  walkElements(parsed.root.children, file, state);
  state.importedFiles.unshift(file);

  if (isSdkStyle && switchedOn(properties, 'ImportDirectoryBuildTargets')) {
    const targets = findFileAbove(directory, 'Directory.Build.targets', fileSystem);
    if (targets) walkFile(targets, state);
  }
  applySdkDefaults(properties, sdks);

  const items: EvaluatedItem[] = [];
  for (const group of state.itemGroups) evaluateItemGroup(group, state, items);
  const nodeSteps = releasePublishNodeSteps(state);

  return {
    ok: true,
    project: { file, directory, sdks, properties, items, importedFiles: state.importedFiles, notEvaluated: state.notEvaluated, existingConditionPaths: [...state.existingConditionPaths], ...(artifactsPath ? { artifactsPath } : {}), nodeSteps },
  };
}

/**
 * Where bin/obj go with the artifacts layout, as the SDK's DefaultArtifactsPath.props decides: `ArtifactsPath` when set
 * (which turns the layout on), else with `UseArtifactsOutput` an `artifacts` folder beside the nearest
 * Directory.Build.props, or in the project folder when there is none.
 */
function artifactsPathOf(properties: PropertyTable, directory: string, directoryBuildProps: string | undefined): string | undefined {
  const named = (properties.get('ArtifactsPath') ?? '').trim();
  const use = (properties.get('UseArtifactsOutput') ?? '').trim().toLowerCase();
  if (named) return use === 'false' ? undefined : path.resolve(directory, normalizeSeparators(named));
  if (use !== 'true') return undefined;
  return path.join(directoryBuildProps ? path.dirname(directoryBuildProps) : directory, 'artifacts');
}

/**
 * The Node.js steps of the targets read, with their conditions as a Release publish (the Dockerfile's) sees them. A
 * node_modules folder does not exist there: the build context leaves it out.
 */
function releasePublishNodeSteps(state: WalkState): NodeStep[] {
  if (!state.targets.length) return [];
  const { properties } = state;
  const configuration = properties.get('Configuration');
  if (!state.globalNames.has('configuration')) properties.set('Configuration', 'Release');
  try {
    return nodeStepsOf(state.targets, properties, (element, file) => {
      const condition = attribute(element, 'Condition');
      if (condition === undefined || !condition.trim()) return true;
      return evaluateCondition(condition, text => expandProperties(text, properties), target => {
        const resolved = path.resolve(path.dirname(file), normalizeSeparators(target));
        return /[\\/]node_modules([\\/]|$)/i.test(resolved) ? false : state.fileSystem.exists(resolved);
      });
    });
  } finally {
    if (configuration !== undefined) properties.set('Configuration', configuration);
  }
}

interface WalkState {
  readonly fileSystem: ProjectFileSystem;
  readonly properties: PropertyTable;
  readonly globalNames: Set<string>;
  readonly importedFiles: string[];
  readonly notEvaluated: NotEvaluated[];
  readonly existingConditionPaths: Set<string>;
  readonly itemGroups: Array<{ element: XmlElement; file: string; conditionsHold: boolean | undefined }>;
  /** `<Target>`s met on the walk, read after all properties (their conditions are decided when they run). */
  readonly targets: TargetDefinition[];
  readonly sdks: string[];
  readonly problems: XmlProblem[];
  readonly globBudget: GlobBudget;
  /** Comparisons `Remove` may still make in this evaluation (real projects make tens). */
  readonly removeBudget: { comparisons: number };
}

/**
 * NuGet's props import Directory.Packages.props (central package versions, and any property or item it holds) right
 * after Directory.Build.props, before the SDK's Configuration default and the project body, whether or not central
 * package management is on; `ImportDirectoryPackagesProps` other than true turns it off, `DirectoryPackagesPropsPath`
 * names another file.
 */
function importDirectoryPackagesProps(directory: string, state: WalkState): void {
  if (!switchedOn(state.properties, 'ImportDirectoryPackagesProps')) return;
  const named = (state.properties.get('DirectoryPackagesPropsPath') ?? '').trim();
  const file = named ? path.resolve(directory, normalizeSeparators(named)) : findFileAbove(directory, 'Directory.Packages.props', state.fileSystem);
  if (file && state.fileSystem.exists(file)) walkFile(file, state);
}

function sdkNames(root: XmlElement): string[] {
  const names = (attribute(root, 'Sdk') ?? '').split(';').map(s => s.split('/')[0]!.trim()).filter(Boolean);
  for (const child of root.children) {
    if (child.name === 'Sdk') {
      const name = attribute(child, 'Name');
      if (name) names.push(name);
    } else if (child.name === 'Import' && attribute(child, 'Sdk')) {
      names.push(attribute(child, 'Sdk')!.split('/')[0]!.trim());
    }
  }
  return [...new Set(names)];
}

function walkFile(file: string, state: WalkState): void {
  if (state.importedFiles.includes(file)) return;
  const read = readProjectFile(file, state.fileSystem);
  if (!read.ok) {
    state.problems.push(read.problem);
    state.notEvaluated.push({ file, what: `the imported file cannot be read: ${read.problem.message}` });
    return;
  }
  const parsed = parseMsbuildXml(read.text, file);
  if (!parsed.ok) {
    state.problems.push(parsed.problem);
    state.notEvaluated.push({ file, what: `not well-formed XML (line ${parsed.problem.line}, column ${parsed.problem.column}): ${parsed.problem.message}` });
    return;
  }
  state.importedFiles.push(file);
  walkElements(parsed.root.children, file, state);
}

function walkElements(elements: readonly XmlElement[], file: string, state: WalkState, outerCondition: boolean | undefined = true): void {
  const thisFile = { MSBuildThisFileDirectory: path.dirname(file) + path.sep, MSBuildThisFile: path.basename(file), MSBuildThisFileFullPath: file };
  for (const element of elements) {
    // MSBuildThisFile* change with each file (an import walks another in the middle), so they are set again
    // before an element whenever they name another file.
    if (state.properties.get('MSBuildThisFileFullPath') !== file) for (const [name, value] of Object.entries(thisFile)) state.properties.set(name, value);
    // A target's own condition is decided when it runs, with the final properties (see releasePublishNodeSteps).
    const holds = element.name === 'Target' ? outerCondition : and(outerCondition, conditionHolds(element, file, state));
    switch (element.name) {
      case 'PropertyGroup':
        if (holds === false) break;
        for (const property of element.children) {
          const propertyHolds = and(holds, conditionHolds(property, file, state));
          if (propertyHolds === false) continue;
          const name = property.name;
          if (state.globalNames.has(name.toLowerCase())) continue; // global properties cannot be overridden
          if (propertyHolds === undefined) {
            state.notEvaluated.push({ file, what: `<${name}> behind a condition that was not evaluated` });
            continue;
          }
          const value = expandProperties(property.text, state.properties);
          if (value.unresolved) state.notEvaluated.push({ file, what: `<${name}>${property.text}</${name}> uses a function or item that was not evaluated` });
          state.properties.set(name, value.value);
        }
        break;
      case 'ItemGroup':
        state.itemGroups.push({ element, file, conditionsHold: holds });
        break;
      case 'Target':
        if (holds !== false) state.targets.push({ element, file });
        break;
      case 'Choose':
        walkChoose(element, file, state, holds);
        break;
      case 'ImportGroup':
        if (holds !== false) walkElements(element.children, file, state, holds);
        break;
      case 'Import':
        if (holds === false || attribute(element, 'Sdk')) break;
        importProject(element, file, state, holds);
        break;
      default:
        break;
    }
  }
}

function walkChoose(choose: XmlElement, file: string, state: WalkState, outer: boolean | undefined): void {
  if (outer === false) return;
  for (const branch of choose.children) {
    if (branch.name === 'When') {
      const holds = conditionHolds(branch, file, state);
      if (holds === undefined) {
        state.notEvaluated.push({ file, what: `<When Condition="${attribute(branch, 'Condition') ?? ''}"> was not evaluated` });
        return;
      }
      if (holds) {
        walkElements(branch.children, file, state, outer);
        return;
      }
    } else if (branch.name === 'Otherwise') {
      walkElements(branch.children, file, state, outer);
      return;
    }
  }
}

function importProject(element: XmlElement, file: string, state: WalkState, holds: boolean | undefined): void {
  const raw = attribute(element, 'Project') ?? '';
  const target = resolveImportPath(raw, file, state);
  if (!target) {
    state.notEvaluated.push({ file, what: `<Import Project="${raw}"> was not evaluated` });
    return;
  }
  if (holds === undefined) {
    state.notEvaluated.push({ file, what: `<Import Project="${raw}"> behind a condition that was not evaluated` });
    return;
  }
  if (/[*?]/.test(target)) {
    state.notEvaluated.push({ file, what: `<Import Project="${raw}"> uses a wildcard` });
    return;
  }
  if (!state.fileSystem.exists(target)) {
    state.notEvaluated.push({ file, what: `<Import Project="${raw}"> names a file that does not exist` });
    return;
  }
  walkFile(target, state);
}

/** Import paths, including the common `$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))`. */
function resolveImportPath(raw: string, file: string, state: WalkState): string | undefined {
  const above = /^\$\(\[MSBuild\]::GetPathOfFileAbove\(\s*(?:'([^']+)'|([^,)\s]+))\s*(?:,\s*(?:'([^']*)'|([^)\s]+))\s*)?\)\)$/i.exec(raw.trim());
  if (above) {
    const name = expandProperties(above[1] ?? above[2] ?? '', state.properties);
    const startText = above[3] ?? above[4];
    const start = startText !== undefined ? expandProperties(startText, state.properties) : { value: path.dirname(file), unresolved: false };
    if (name.unresolved || start.unresolved) return undefined;
    return findFileAbove(path.resolve(path.dirname(file), normalizeSeparators(start.value)), name.value, state.fileSystem);
  }
  const expanded = expandProperties(raw, state.properties);
  if (expanded.unresolved || !expanded.value.trim()) return undefined;
  return path.resolve(path.dirname(file), normalizeSeparators(expanded.value.trim()));
}

function conditionHolds(element: XmlElement, file: string, state: WalkState): boolean | undefined {
  const condition = attribute(element, 'Condition');
  if (condition === undefined || !condition.trim()) return true;
  const result = evaluateCondition(condition, text => expandProperties(text, state.properties), target => {
    const resolved = path.resolve(path.dirname(file), normalizeSeparators(target));
    const exists = state.fileSystem.exists(resolved);
    if (exists) state.existingConditionPaths.add(resolved);
    return exists;
  });
  if (result === undefined) state.notEvaluated.push({ file, what: `Condition="${condition}" was not evaluated` });
  return result;
}

function evaluateItemGroup(group: { element: XmlElement; file: string; conditionsHold: boolean | undefined }, state: WalkState, items: EvaluatedItem[]): void {
  const groupHolds = group.conditionsHold === false ? false : conditionHolds(group.element, group.file, state);
  if (groupHolds === false) return;
  for (const item of group.element.children) {
    if (!interestingItems.has(item.name.toLowerCase())) continue;
    const holds = and(groupHolds, conditionHolds(item, group.file, state));
    if (holds === false) continue;
    const removeText = attribute(item, 'Remove');
    if (removeText !== undefined && attribute(item, 'Include') === undefined && attribute(item, 'Update') === undefined) {
      if (holds === true) removeItems(item.name, removeText, group.file, state, items);
      continue;
    }
    const includeText = attribute(item, 'Include') ?? attribute(item, 'Update');
    if (includeText === undefined) continue;
    const include = expandProperties(includeText, state.properties);
    const metadata: Record<string, string> = {};
    for (const [key, value] of Object.entries(item.attributes)) {
      if (['include', 'update', 'remove', 'exclude', 'condition'].includes(key.toLowerCase())) continue;
      metadata[key] = expandProperties(value, state.properties).value;
    }
    for (const child of item.children) metadata[child.name] = expandProperties(child.text, state.properties).value;
    if (attribute(item, 'Update') !== undefined) metadata.__update = 'true';
    const isReference = item.name.toLowerCase() === 'projectreference' && attribute(item, 'Include') !== undefined;
    const excludes = isReference ? splitList(expandProperties(attribute(item, 'Exclude') ?? '', state.properties).value) : [];
    // Each match is held against each exclude: a hostile list of thousands is cut short, and said so.
    if (excludes.length > maxExcludes) {
      state.notEvaluated.push({ file: group.file, what: `<${item.name} Exclude="…"> lists ${excludes.length} patterns: only the first ${maxExcludes} are applied` });
      excludes.length = maxExcludes;
    }
    const directory = state.properties.get('MSBuildProjectDirectory') ?? path.dirname(group.file);
    for (const part of splitList(include.value)) {
      const unresolved = include.unresolved || holds === undefined;
      if (!isReference || !hasWildcard(part) || include.unresolved) {
        items.push({ type: item.name, include: part, metadata, definedIn: group.file, unresolved });
        continue;
      }
      // A wildcard reference (`..\Modules\**\Infrastructure\*.csproj`) is the projects it matches now, as MSBuild
      // sees them; none when nothing matches.
      const expansion = expandGlob(part, directory, state.fileSystem, state.globBudget);
      if (!expansion.ok) state.notEvaluated.push({ file: group.file, what: `<${item.name} Include="${part}"> was not expanded: ${expansion.reason}` });
      for (const file of expansion.files) {
        if (excludes.some(exclude => globMatches(exclude, directory, file))) continue;
        items.push({ type: item.name, include: file, metadata, definedIn: group.file, unresolved });
      }
    }
  }
}

const maxExcludes = 100;

/** `<Type Remove="…">`: drops the items of that type named, literally or by wildcard (paths against the project folder). */
function removeItems(type: string, removeText: string, file: string, state: WalkState, items: EvaluatedItem[]): void {
  const expanded = expandProperties(removeText, state.properties);
  if (expanded.unresolved) {
    state.notEvaluated.push({ file, what: `<${type} Remove="${removeText}"> was not evaluated` });
    return;
  }
  const directory = state.properties.get('MSBuildProjectDirectory') ?? path.dirname(file);
  const patterns = splitList(normalizeSeparators(expanded.value));
  const key = (include: string) => path.resolve(directory, normalizeSeparators(include)).toLowerCase();
  const literal = new Set(patterns.filter(pattern => !hasWildcard(pattern)).flatMap(pattern => [pattern.toLowerCase(), key(pattern)]));
  const wildcards = patterns.filter(hasWildcard);
  const lowerType = type.toLowerCase();
  // Each comparison is paid for (a wildcard more): a file of thousands of items and removes is refused past a budget.
  const cost = 1 + 10 * wildcards.length;
  for (let i = items.length - 1; i >= 0; i--) {
    const candidate = items[i]!;
    if (candidate.type.toLowerCase() !== lowerType) continue;
    if ((state.removeBudget.comparisons -= cost) < 0) {
      state.notEvaluated.push({ file, what: `<${type} Remove="${removeText}"> was not evaluated: the project removes from too many items` });
      return;
    }
    const full = key(candidate.include);
    const named = literal.has(candidate.include.toLowerCase()) || literal.has(full)
      || wildcards.some(pattern => globMatches(pattern, directory, full));
    if (named) items.splice(i, 1);
  }
}

function splitList(text: string): string[] {
  return text.split(';').map(s => s.trim()).filter(Boolean);
}

/** The defaults the SDK's targets apply after the project body, for the properties we use. */
function applySdkDefaults(properties: PropertyTable, sdks: readonly string[]): void {
  setDefault(properties, 'AssemblyName', properties.get('MSBuildProjectName') ?? '');
  const sdk = sdks.map(s => s.toLowerCase());
  const executableSdk = sdk.some(s => s === 'microsoft.net.sdk.web' || s === 'microsoft.net.sdk.worker' || s === 'microsoft.net.sdk.blazorwebassembly' || s === 'aspire.apphost.sdk');
  setDefault(properties, 'OutputType', executableSdk ? 'Exe' : 'Library');
}

/** An `Import…` switch as the SDK reads it: empty means true, and only true imports (`'$(X)' == 'true'`). */
function switchedOn(properties: PropertyTable, name: string): boolean {
  const value = (properties.get(name) ?? '').trim().toLowerCase();
  return value === '' || value === 'true';
}

function setDefault(properties: PropertyTable, name: string, value: string): void {
  if (!properties.get(name)) properties.set(name, value);
}

function and(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === false || b === false) return false;
  return a === undefined || b === undefined ? undefined : true;
}

/** MSBuild files use backslashes on every OS. */
export function normalizeSeparators(value: string): string {
  return value.replace(/\\/g, '/');
}

/** MSBuild's GetPathOfFileAbove: the nearest `name` in `start` or its parents. */
export function findFileAbove(start: string, name: string, fileSystem: ProjectFileSystem): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, name);
    if (fileSystem.exists(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

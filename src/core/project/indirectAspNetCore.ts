import * as os from 'node:os';
import * as path from 'node:path';
import { EvaluatedItem, EvaluatedProject } from './evaluateProject';
import { ProjectFileSystem } from './fileSystem';
import { attribute, parseMsbuildXml, XmlElement } from './msbuildXml';
import { readProjectFile } from './projectFile';
import { ProjectInfo } from './ProjectInfo';
import { compareVersions, isTargetFrameworkCompatible, parseTargetFramework, TargetFramework } from './targetFramework';

/**
 * Whether an app that does not ask for ASP.NET Core itself gets it anyway, and how, in words. The shared framework
 * reaches an app the way NuGet and the SDK pass it on:
 * - from a referenced project (transitively) with the Web SDK or `FrameworkReference Microsoft.AspNetCore.App`, unless
 *   the reference has `ReferenceOutputAssembly="false"`, or the framework reference or a deeper project reference is
 *   `PrivateAssets="all"` (each checked with `dotnet build`: the app's runtimeconfig.json then lists no ASP.NET Core);
 * - from a package whose nuspec declares the framework reference (read from the NuGet global packages folder), or,
 *   when it is not there, a package known to;
 * - or, when nothing says so, its own code builds a web host (a bounded scan of its source files).
 */

export interface IndirectAspNetCoreOptions {
  readonly fileSystem: ProjectFileSystem;
  /** The NuGet global packages folder; default `NUGET_PACKAGES`, then `~/.nuget/packages`. */
  readonly globalPackagesFolder?: string;
}

export interface ClosureProject {
  readonly info: ProjectInfo;
  readonly evaluated: EvaluatedProject;
}

/** Nuspecs read for one app, at most: real package graphs of an app are a few hundred, most of them small. */
export const maxNuspecs = 300;
/** Source files scanned, and bytes read from them, at most. */
export const maxScannedSourceFiles = 300;
export const maxScannedSourceBytes = 4 * 1024 * 1024;
const maxSourceFileBytes = 512 * 1024;
const maxSourceFolders = 200;
const maxEntriesPerSourceFolder = 2_000;
const maxNuspecBytes = 512 * 1024;

const aspNetCoreFramework = 'microsoft.aspnetcore.app';

/** How ASP.NET Core reaches `app` when it does not ask for it itself; undefined when it does not. */
export function indirectAspNetCore(app: ClosureProject, closure: ReadonlyMap<string, ClosureProject>, options: IndirectAspNetCoreOptions): string | undefined {
  const tfm = newestNetTfm(app.info.targetFrameworks);
  const packages = new PackageReader(options, tfm);
  for (const reference of packagesOf(app.evaluated, true)) {
    const chain = packages.chainTo(reference);
    if (chain) return `through the package ${inWords(chain)}`;
  }

  for (const { project, route } of flowingReferences(app, closure)) {
    const name = path.basename(project.info.file);
    const chain = route.length > 1 ? `${route.map(p => path.basename(p)).join(' → ')}` : name;
    if (bringsFrameworkItself(project)) return `through ${chain}`;
    for (const reference of packagesOf(project.evaluated, false)) {
      const packageChain = packages.chainTo(reference);
      if (packageChain) return `through the package ${inWords(packageChain, ` of ${chain}`)}`;
    }
  }

  const call = scanSourcesForWebHost(app.info, options.fileSystem);
  return call ? `because ${call.file} calls ${call.call}` : undefined;
}

/** The closure's projects whose framework and package references reach the app, nearest first, with the way there. */
function* flowingReferences(app: ClosureProject, closure: ReadonlyMap<string, ClosureProject>): Generator<{ project: ClosureProject; route: string[] }> {
  const seen = new Set([app.info.file]);
  const queue: Array<{ project: ClosureProject; route: string[] }> = [];
  const follow = (from: ClosureProject, route: string[], direct: boolean) => {
    for (const item of itemsOf(from.evaluated, 'projectreference')) {
      if (isFalse(item.metadata.ReferenceOutputAssembly)) continue;
      // PrivateAssets on the app's own reference hides the project from the app's consumers, not from the app.
      if (!direct && isPrivate(item)) continue;
      const file = path.resolve(from.evaluated.directory, item.include.replace(/\\/g, '/'));
      const target = closure.get(file);
      if (!target || seen.has(file)) continue;
      seen.add(file);
      queue.push({ project: target, route: [...route, file] });
    }
  };
  follow(app, [], true);
  while (queue.length) {
    const next = queue.shift()!;
    yield next;
    follow(next.project, next.route, false);
  }
}

/** `Grpc.AspNetCore, which depends on Grpc.AspNetCore.Server`. */
function inWords(chain: readonly string[], after = ''): string {
  return chain.length === 1 ? `${chain[0]}${after}` : `${chain[0]}${after}, which depends on ${chain.slice(1).join(' → ')}`;
}

function bringsFrameworkItself(project: ClosureProject): boolean {
  const sdks = project.info.sdks.map(s => s.toLowerCase());
  if (sdks.some(s => s === 'microsoft.net.sdk.web')) return true;
  return itemsOf(project.evaluated, 'frameworkreference').some(item => item.include.toLowerCase() === aspNetCoreFramework && !isPrivate(item));
}

interface PackageReference {
  readonly id: string;
  /** As written (`8.0.1`, `[8.0.1]`, `8.*`); undefined when the project gives none that can be read. */
  readonly version?: string;
}

/** A project's package references with their versions (central `PackageVersion`s, `VersionOverride`, `Update`s). */
function packagesOf(project: EvaluatedProject, own: boolean): PackageReference[] {
  const centralVersions = new Map<string, string>();
  for (const item of itemsOf(project, 'packageversion', true)) if (item.metadata.Version) centralVersions.set(item.include.toLowerCase(), item.metadata.Version);
  const updates = new Map<string, string>();
  for (const item of project.items) {
    if (item.type.toLowerCase() === 'packagereference' && item.metadata.__update === 'true' && item.metadata.Version) updates.set(item.include.toLowerCase(), item.metadata.Version);
  }
  return itemsOf(project, 'packagereference')
    // A private package stays with the project that references it.
    .filter(item => own || !isPrivate(item))
    .map(item => {
      const id = item.include;
      const version = item.metadata.VersionOverride || updates.get(id.toLowerCase()) || item.metadata.Version || centralVersions.get(id.toLowerCase());
      return version?.trim() && !/\$\(/.test(version) ? { id, version: version.trim() } : { id };
    });
}

function itemsOf(project: EvaluatedProject, type: string, withUpdates = false): EvaluatedItem[] {
  return project.items.filter(item => item.type.toLowerCase() === type && !item.unresolved && (withUpdates || item.metadata.__update !== 'true'));
}

function isPrivate(item: EvaluatedItem): boolean {
  return (item.metadata.PrivateAssets ?? '').split(';').some(part => part.trim().toLowerCase() === 'all');
}

function isFalse(value: string | undefined): boolean {
  return (value ?? '').trim().toLowerCase() === 'false';
}

function newestNetTfm(tfms: readonly TargetFramework[]): TargetFramework | undefined {
  return tfms.filter(t => t.identifier === '.NETCoreApp').sort((a, b) => compareVersions(b.version, a.version))[0];
}

/** What one nuspec says that matters here: its framework reference groups and its dependency groups. */
interface NuspecSummary {
  readonly frameworkGroups: ReadonlyArray<{ readonly targetFramework: string; readonly aspNetCore: boolean }>;
  /** A nuspec without groups lists its dependencies for every framework: one group with no framework. */
  readonly dependencyGroups: ReadonlyArray<{ readonly targetFramework: string; readonly dependencies: readonly PackageReference[] }>;
}

/**
 * Nuspecs already read, per file system: a package folder in the global packages folder never changes once NuGet has
 * extracted it, and a worker's graph of a hundred packages costs some 150 ms to parse, on every lint otherwise.
 */
const nuspecCache = new WeakMap<ProjectFileSystem, Map<string, NuspecSummary | null>>();
const maxCachedNuspecs = 5_000;

/** Reads packages' nuspecs from the global packages folder, following their dependencies, within a budget. */
class PackageReader {
  private readonly folder: string | undefined;
  private readonly answers = new Map<string, string[] | undefined>();
  private nuspecsLeft = maxNuspecs;

  constructor(private readonly options: IndirectAspNetCoreOptions, private readonly tfm: TargetFramework | undefined) {
    this.folder = options.globalPackagesFolder ?? defaultGlobalPackagesFolder();
  }

  /** The package, then the dependencies on the way to the one that declares the framework reference; undefined when none does. */
  chainTo(reference: PackageReference, depth = 0): string[] | undefined {
    const key = `${reference.id.toLowerCase()}@${reference.version ?? ''}`;
    if (this.answers.has(key)) return this.answers.get(key);
    this.answers.set(key, undefined); // a dependency cycle answers "no" on the way round
    const answer = this.decide(reference, depth);
    this.answers.set(key, answer);
    return answer;
  }

  private decide(reference: PackageReference, depth: number): string[] | undefined {
    const nuspec = this.readNuspec(reference);
    if (!nuspec) return knownToBringAspNetCore(reference, this.tfm) ? [reference.id] : undefined;
    if (nearestGroup(nuspec.frameworkGroups, this.tfm)?.aspNetCore) return [reference.id];
    if (depth >= 16) return undefined;
    for (const dependency of nearestGroup(nuspec.dependencyGroups, this.tfm)?.dependencies ?? []) {
      const chain = this.chainTo(dependency, depth + 1);
      if (chain) return [reference.id, ...chain];
    }
    return undefined;
  }

  private readNuspec(reference: PackageReference): NuspecSummary | undefined {
    if (!this.folder) return undefined;
    const fileSystem = this.options.fileSystem;
    const idFolder = path.join(this.folder, reference.id.toLowerCase());
    const version = installedVersion(reference.version, fileSystem.list(idFolder));
    if (!version) return undefined;
    const nuspecFile = path.join(idFolder, version, `${reference.id.toLowerCase()}.nuspec`);
    let cache = nuspecCache.get(fileSystem);
    if (!cache) nuspecCache.set(fileSystem, cache = new Map());
    const cached = cache.get(nuspecFile);
    if (cached !== undefined) return cached ?? undefined;
    // Past the budget, the rest of the graph is judged by the packages' names.
    if (this.nuspecsLeft-- <= 0 || !fileSystem.exists(nuspecFile)) return undefined;
    const summary = summarizeNuspec(nuspecFile, fileSystem);
    if (cache.size >= maxCachedNuspecs) cache.clear();
    cache.set(nuspecFile, summary ?? null);
    return summary;
  }
}

function summarizeNuspec(file: string, fileSystem: ProjectFileSystem): NuspecSummary | undefined {
  const read = readProjectFile(file, fileSystem, maxNuspecBytes);
  if (!read.ok) return undefined;
  const parsed = parseMsbuildXml(read.text, file);
  if (!parsed.ok || parsed.root.name !== 'package') return undefined;
  const metadata = parsed.root.children.find(child => child.name === 'metadata');
  if (!metadata) return undefined;
  const groupsOf = (name: string) => metadata.children.find(child => child.name === name);
  const frameworkGroups = (groupsOf('frameworkReferences')?.children ?? []).filter(child => child.name === 'group').map(group => ({
    targetFramework: attribute(group, 'targetFramework') ?? '',
    aspNetCore: group.children.some(element => element.name === 'frameworkReference' && (attribute(element, 'name') ?? '').toLowerCase() === aspNetCoreFramework),
  }));
  const dependenciesOf = (elements: readonly XmlElement[]): PackageReference[] => elements.filter(child => child.name === 'dependency').flatMap(dependency => {
    const id = attribute(dependency, 'id');
    const version = attribute(dependency, 'version');
    return id ? [version ? { id, version } : { id }] : [];
  });
  const dependencies = groupsOf('dependencies');
  const groups = (dependencies?.children ?? []).filter(child => child.name === 'group');
  const dependencyGroups = groups.length
    ? groups.map(group => ({ targetFramework: attribute(group, 'targetFramework') ?? '', dependencies: dependenciesOf(group.children) }))
    : [{ targetFramework: '', dependencies: dependenciesOf(dependencies?.children ?? []) }];
  return { frameworkGroups, dependencyGroups };
}

function defaultGlobalPackagesFolder(): string | undefined {
  const fromEnvironment = process.env.NUGET_PACKAGES?.trim();
  if (fromEnvironment) return fromEnvironment;
  const home = os.homedir();
  return home ? path.join(home, '.nuget', 'packages') : undefined;
}

/**
 * The installed version folder NuGet would have restored for a version as written: the exact (normalized) version, or
 * for a range the lowest installed version at or above its lower bound; for a floating version the highest that fits.
 */
export function installedVersion(written: string | undefined, installed: readonly string[]): string | undefined {
  if (!written || !installed.length) return undefined;
  const text = written.trim();
  const versions = installed.filter(v => /^\d/.test(v));
  if (text.includes('*')) {
    const prefix = text.replace(/^[[(]\s*/, '').split(/[,\])]/)[0]!.replace(/\*.*$/, '').toLowerCase();
    return versions.filter(v => v.startsWith(prefix)).sort(compareNuGetVersions).pop();
  }
  const lower = /^[[(]?\s*([^,\])]*)/.exec(text)?.[1]?.trim();
  if (!lower) return undefined;
  const normalized = normalizeNuGetVersion(lower);
  const exclusive = text.startsWith('(');
  if (!exclusive && versions.includes(normalized)) return normalized;
  return versions.filter(v => (exclusive ? compareNuGetVersions(v, normalized) > 0 : compareNuGetVersions(v, normalized) >= 0)).sort(compareNuGetVersions)[0];
}

/** NuGet's folder name for a version: lower case, three parts at least, a zero fourth part dropped, no build metadata. */
export function normalizeNuGetVersion(version: string): string {
  const [core = '', ...rest] = version.trim().toLowerCase().split('+')[0]!.split('-');
  const parts = core.split('.').map(part => String(Number(part)));
  while (parts.length < 3) parts.push('0');
  if (parts.length === 4 && parts[3] === '0') parts.pop();
  return [parts.join('.'), ...rest].join('-');
}

function compareNuGetVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split(/-(.*)/s);
  const [coreB = '', preB] = b.split(/-(.*)/s);
  const byCore = compareVersions(coreA, coreB);
  if (byCore) return byCore;
  if (!preA || !preB) return preA ? -1 : preB ? 1 : 0;
  return preA < preB ? -1 : preA > preB ? 1 : 0;
}

/** The dependency or framework group NuGet picks for the app's framework: the nearest compatible one. */
function nearestGroup<T extends { readonly targetFramework: string }>(groups: readonly T[], tfm: TargetFramework | undefined): T | undefined {
  let best: { group: T; rank: number; version: string } | undefined;
  for (const group of groups) {
    const written = group.targetFramework.trim();
    const framework = written ? parseNuspecFramework(written) : undefined;
    if (written && !framework) continue;
    if (framework && tfm && !isTargetFrameworkCompatible(tfm.moniker, framework.moniker)) continue;
    // The same framework family first, then .NET Standard, then a group for any framework.
    const rank = !framework ? 0 : framework.identifier === (tfm?.identifier ?? '.NETCoreApp') ? 2 : framework.identifier === '.NETStandard' ? 1 : 0;
    const version = framework?.version ?? '0';
    if (!best || rank > best.rank || (rank === best.rank && compareVersions(version, best.version) > 0)) best = { group, rank, version };
  }
  return best?.group;
}

/** Nuspec frameworks come as `net8.0` or `.NETCoreApp3.1`/`.NETStandard2.0`/`.NETFramework4.7.2`. */
function parseNuspecFramework(text: string): TargetFramework | undefined {
  const long = /^\.?(netcoreapp|netstandard|netframework)(\d+(?:\.\d+)*)$/i.exec(text.trim());
  if (long) {
    const [major = '0', minor = '0', patch] = long[2]!.split('.');
    const family = long[1]!.toLowerCase();
    return parseTargetFramework(family === 'netframework' ? `net${major}${minor}${patch ?? ''}` : `${family}${major}.${minor}`);
  }
  return parseTargetFramework(text);
}

/**
 * Packages known to bring ASP.NET Core when their nuspec is not at hand: server-side ASP.NET Core packages of 3.0 and
 * later (the 2.x ones ran on .NET Core as plain packages; the client, Blazor and data-protection ones never needed it)
 * and the common ASP.NET Core integrations.
 */
export function knownToBringAspNetCore(reference: PackageReference, tfm: TargetFramework | undefined): boolean {
  const id = reference.id.toLowerCase();
  const major = reference.version ? Number(/(\d+)/.exec(reference.version)?.[1]) : NaN;
  // Versions from before ASP.NET Core was a shared framework (2.x; Swashbuckle's 4.x) used plain packages.
  const before = (first: number) => !Number.isNaN(major) && major < first;
  if (id.startsWith('microsoft.aspnetcore.')) {
    if (before(3)) return false;
    // They target .NET Core 3.0 and later only, where ASP.NET Core is a shared framework.
    if (tfm && (tfm.identifier !== '.NETCoreApp' || compareVersions(tfm.version, '3.0') < 0)) return false;
    if (id === 'microsoft.aspnetcore.components.webassembly.server') return true;
    return !clientSideAspNetCorePackages.some(prefix => id === prefix || id.startsWith(prefix + '.'));
  }
  if (/^swashbuckle\.aspnetcore(\.|$)/.test(id)) return !before(5);
  if (/^serilog\.aspnetcore(\.|$)/.test(id)) return !before(3);
  return /^(grpc|nswag|hotchocolate)\.aspnetcore(\.|$)/.test(id) || id === 'microsoft.identity.web';
}

const clientSideAspNetCorePackages = [
  'microsoft.aspnetcore.signalr.client', 'microsoft.aspnetcore.signalr.common', 'microsoft.aspnetcore.signalr.protocols',
  'microsoft.aspnetcore.http.connections.client', 'microsoft.aspnetcore.http.connections.common', 'microsoft.aspnetcore.components',
  'microsoft.aspnetcore.dataprotection', 'microsoft.aspnetcore.authorization', 'microsoft.aspnetcore.metadata',
  'microsoft.aspnetcore.jsonpatch', 'microsoft.aspnetcore.cryptography', 'microsoft.aspnetcore.webutilities',
  'microsoft.aspnetcore.connections.abstractions', 'microsoft.aspnetcore.http.features', 'microsoft.aspnetcore.razor.language',
];

const webHostCalls: ReadonlyArray<{ pattern: RegExp; call: string }> = [
  { pattern: /\bConfigureWebHostDefaults\s*\(/, call: 'ConfigureWebHostDefaults' },
  { pattern: /\bWebApplication\s*\.\s*Create(?:Slim|Empty)?Builder\s*\(/, call: 'WebApplication.CreateBuilder' },
  { pattern: /\bWebHost\s*\.\s*CreateDefaultBuilder\s*\(/, call: 'WebHost.CreateDefaultBuilder' },
  { pattern: /\bConfigureWebHost\s*\(/, call: 'ConfigureWebHost' },
];

/**
 * The app's first source file (as the SDK's default Compile glob finds them: the project folder down, without bin,
 * obj and dot folders) that builds a web host. Bounded in files, bytes and folders.
 */
export function scanSourcesForWebHost(app: ProjectInfo, fileSystem: ProjectFileSystem): { file: string; call: string } | undefined {
  const extension = { '.fsproj': '.fs', '.vbproj': '.vb' }[path.extname(app.file).toLowerCase()] ?? '.cs';
  let files = 0;
  let bytes = 0;
  let folders = 0;
  const queue = [app.directory];
  while (queue.length) {
    const dir = queue.shift()!;
    if (++folders > maxSourceFolders) return undefined;
    // A folder of tens of thousands of entries (generated data) is looked through only so far.
    const names = fileSystem.list(dir).sort().slice(0, maxEntriesPerSourceFolder);
    // Program.cs first: that is where hosts are built.
    names.sort((a, b) => Number(b.toLowerCase() === `program${extension}`) - Number(a.toLowerCase() === `program${extension}`));
    for (const name of names) {
      const full = path.join(dir, name);
      if (name.toLowerCase().endsWith(extension)) {
        if (++files > maxScannedSourceFiles || bytes > maxScannedSourceBytes) return undefined;
        const text = readSource(full, fileSystem);
        if (text === undefined) continue;
        bytes += text.length;
        const code = text.replace(/^\s*(\/\/|').*$/gm, '');
        const found = webHostCalls.find(call => call.pattern.test(code));
        if (found) return { file: path.relative(app.directory, full).split(path.sep).join('/'), call: found.call };
      } else if (!name.startsWith('.') && !/^(bin|obj|node_modules)$/i.test(name) && fileSystem.isDirectory(full)) {
        queue.push(full);
      }
    }
  }
  return undefined;
}

function readSource(file: string, fileSystem: ProjectFileSystem): string | undefined {
  if (fileSystem.readBytes) {
    const read = fileSystem.readBytes(file, maxSourceFileBytes);
    if ('error' in read || read.size > read.bytes.length) return undefined;
    return Buffer.from(read.bytes).toString('utf8');
  }
  const text = fileSystem.readText(file);
  return text !== undefined && text.length <= maxSourceFileBytes ? text : undefined;
}

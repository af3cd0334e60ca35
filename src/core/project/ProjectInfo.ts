import * as path from 'node:path';
import { EvaluatedItem, EvaluatedProject, NotEvaluated, normalizeSeparators } from './evaluateProject';
import { NodeStep } from './nodeSteps';
import { parseTargetFramework, TargetFramework } from './targetFramework';
import { OwnEndpoints } from './kestrelEndpoints';

export type AppKind = 'web' | 'worker' | 'console' | 'library';

/** What the generator, the linter and the lenses need to know about one project. */
export interface ProjectInfo {
  readonly file: string;
  readonly directory: string;
  /** MSBuildProjectName: the file name without extension. */
  readonly name: string;
  readonly assemblyName: string;
  readonly sdks: readonly string[];
  readonly outputType: string;
  readonly kind: AppKind;
  /** Raw `TargetFramework` or each of `TargetFrameworks`, in the order written. */
  readonly targetFrameworkMonikers: readonly string[];
  readonly targetFrameworks: readonly TargetFramework[];
  readonly selfContained: boolean;
  readonly publishAot: boolean;
  readonly publishTrimmed: boolean;
  /** PublishSingleFile as the project sets it (it needs an apphost: `UseAppHost=false` fails with NETSDK1098). */
  readonly publishSingleFile: boolean;
  readonly publishReadyToRun: boolean;
  readonly invariantGlobalization: boolean;
  readonly runtimeIdentifiers: readonly string[];
  /** UseAppHost; undefined when the project leaves it to the SDK (true on Linux). */
  readonly useAppHost?: boolean;
  readonly version?: string;
  readonly container: ContainerProperties;
  /** Where the app sets Kestrel's endpoints itself (code or appsettings), which then override the images' ports; read by readBuildPlan for the app. */
  readonly ownEndpoints?: OwnEndpoints;
  /** Needs the ASP.NET Core shared framework: its SDK, a FrameworkReference, or one that arrives indirectly (see `aspNetCoreVia`). */
  readonly aspNetCore: boolean;
  /**
   * How ASP.NET Core arrives when not through the project's own SDK or FrameworkReference, in words that follow "needs
   * ASP.NET Core": `through Lib.csproj`, `through Mid.csproj → Lib.csproj`, `through the package Serilog.AspNetCore`,
   * `because Program.cs calls ConfigureWebHostDefaults`. Set by readBuildPlan, which has the closure.
   */
  readonly aspNetCoreVia?: string;
  /**
   * A WebAssembly app that runs in the browser (`Microsoft.NET.Sdk.BlazorWebAssembly`, `Microsoft.NET.Sdk.WebAssembly`):
   * its publish output is static files under wwwroot, served by a web server or by the ASP.NET Core project that
   * references it; there is no process for a container to run, and it needs no ASP.NET Core shared framework.
   */
  readonly runsInBrowser: boolean;
  /** An Aspire AppHost (`Aspire.AppHost.Sdk`, `IsAspireHost`): it orchestrates the services, it is not itself a container app. */
  readonly aspireHost: boolean;
  /** An Azure Functions app (`AzureFunctionsVersion`, the Functions worker SDK packages). */
  readonly azureFunctions: boolean;
  /** A test project (`IsTestProject`, the `Microsoft.NET.Test.Sdk` package, `MSTest.Sdk`): executable, but not an app to ship. */
  readonly testProject: boolean;
  /** The global.json the SDK would read for this project (nearest above it), and what it pins. */
  readonly globalJson?: GlobalJson;
  readonly grpcServer: boolean;
  /** Where bin/obj/publish go with the SDK's artifacts layout (`UseArtifactsOutput`, `ArtifactsPath`), absolute. */
  readonly artifactsPath?: string;
  /**
   * A step of its restore, build or Release publish that runs Node.js tooling (an `<Exec Command="npm …">` in a target,
   * a JavaScript project built with npm), which the sdk image lacks. readBuildPlan sets it on the app from its
   * closure when the app has none of its own.
   */
  readonly buildRunsNode?: NodeStep;
  /** Absolute paths of directly referenced projects. */
  readonly projectReferences: readonly string[];
  readonly packageReferences: readonly string[];
  /** Absolute paths of files the build takes from outside the project folder (linked protos, content…). */
  readonly externalFiles: readonly string[];
  readonly importedFiles: readonly string[];
  readonly notEvaluated: readonly NotEvaluated[];
}

/** What a global.json asks of the SDK (https://learn.microsoft.com/dotnet/core/tools/global-json). */
export interface GlobalJson {
  readonly file: string;
  /** `sdk.version`, as written (`10.0.100`, `10.0.100-alpha.1.25…`). */
  readonly sdkVersion?: string;
  /** `sdk.rollForward` (`latestFeature` when absent). */
  readonly rollForward?: string;
  readonly allowPrerelease?: boolean;
}

/** The SDK container properties (`dotnet publish /t:PublishContainer`) that also shape our Dockerfile and lenses. */
export interface ContainerProperties {
  readonly family?: string;
  readonly repository?: string;
  readonly imageTags: readonly string[];
  readonly ports: ReadonlyArray<{ readonly port: number; readonly type: 'tcp' | 'udp' }>;
  readonly baseImage?: string;
  readonly user?: string;
}

const fileItemTypes = new Set(['protobuf', 'content', 'none', 'compile', 'embeddedresource']);

/** Turns an evaluated project into the facts we use; derived defaults follow the SDK. */
export function describeProject(project: EvaluatedProject): ProjectInfo {
  const props = project.properties;
  const bool = (name: string) => (props.get(name) ?? '').trim().toLowerCase() === 'true';
  const list = (name: string) => (props.get(name) ?? '').split(';').map(s => s.trim()).filter(Boolean);
  const itemsOf = (type: string) => project.items.filter(item => item.type.toLowerCase() === type && item.metadata.__update !== 'true');

  const monikers = list('TargetFrameworks').length ? list('TargetFrameworks') : list('TargetFramework');
  const targetFrameworks = monikers.map(parseTargetFramework).filter((tfm): tfm is TargetFramework => tfm !== undefined);
  const outputType = props.get('OutputType') || 'Library';
  const lowerSdks = project.sdks.map(s => s.toLowerCase());
  const frameworkRefs = itemsOf('frameworkreference').map(i => i.include.toLowerCase());
  const packages = itemsOf('packagereference').map(i => i.include);
  const runsInBrowser = lowerSdks.some(isBrowserSdk);
  // Microsoft.NET.Sdk.WebAssembly also starts with "microsoft.net.sdk.web"; a browser app references only Microsoft.NETCore.App.
  const aspNetCore = (!runsInBrowser && lowerSdks.some(s => s.startsWith('microsoft.net.sdk.web') || s === 'microsoft.net.sdk.razor')) || frameworkRefs.includes('microsoft.aspnetcore.app');
  const kind = appKindOf(outputType, aspNetCore, project.sdks);
  const publishAot = bool('PublishAot');
  const runtimeIdentifiers = [...list('RuntimeIdentifier'), ...list('RuntimeIdentifiers')];
  const grpcServer = packages.some(p => /^grpc\.aspnetcore(\.server)?$/i.test(p))
    && (itemsOf('protobuf').length === 0 || itemsOf('protobuf').some(i => /^(server|both)$/i.test(i.metadata.GrpcServices ?? 'Both')));

  // The JavaScript project system's SDK (a `.esproj`) runs npm install, then its BuildCommand, when it builds.
  const nodeStep: NodeStep | undefined = project.nodeSteps?.[0]
    ?? (lowerSdks.includes('microsoft.visualstudio.javascript.sdk') ? { file: project.file, target: 'Build', command: 'npm install' } : undefined);
  const useAppHostText = props.get('UseAppHost')?.trim().toLowerCase();
  const version = props.get('Version')?.trim();
  return {
    file: project.file,
    directory: project.directory,
    name: props.get('MSBuildProjectName') ?? path.basename(project.file, path.extname(project.file)),
    assemblyName: props.get('AssemblyName') || (props.get('MSBuildProjectName') ?? ''),
    sdks: project.sdks,
    outputType,
    kind,
    targetFrameworkMonikers: monikers,
    targetFrameworks,
    // Native AOT output is always self-contained.
    selfContained: bool('SelfContained') || bool('PublishSelfContained') || publishAot,
    publishAot,
    publishTrimmed: bool('PublishTrimmed') || publishAot,
    publishSingleFile: bool('PublishSingleFile'),
    publishReadyToRun: bool('PublishReadyToRun'),
    invariantGlobalization: bool('InvariantGlobalization'),
    runtimeIdentifiers,
    ...(useAppHostText === 'true' || useAppHostText === 'false' ? { useAppHost: useAppHostText === 'true' } : {}),
    ...(version ? { version } : {}),
    container: containerProperties(project),
    aspNetCore,
    runsInBrowser,
    aspireHost: lowerSdks.includes('aspire.apphost.sdk') || bool('IsAspireHost') || packages.some(p => p.toLowerCase() === 'aspire.hosting.apphost'),
    // The isolated worker's packages, or the in-process model's build package.
    azureFunctions: Boolean(props.get('AzureFunctionsVersion')?.trim()) || packages.some(p => /^microsoft\.(azure\.functions\.worker(\.sdk)?|net\.sdk\.functions)$/i.test(p)),
    // The test SDK package's props set IsTestProject before the project body, so an explicit false in the project wins.
    testProject: (props.get('IsTestProject') ?? '').trim().toLowerCase() === 'false' ? false
      : bool('IsTestProject') || lowerSdks.includes('mstest.sdk') || packages.some(p => p.toLowerCase() === 'microsoft.net.test.sdk'),
    grpcServer,
    ...(project.artifactsPath ? { artifactsPath: project.artifactsPath } : {}),
    ...(nodeStep ? { buildRunsNode: nodeStep } : {}),
    // A project named twice (by a wildcard and by name) is one reference.
    projectReferences: [...new Set(itemsOf('projectreference').map(item => resolveItemPath(project, item)))],
    packageReferences: packages,
    externalFiles: externalFiles(project),
    importedFiles: project.importedFiles,
    notEvaluated: project.notEvaluated,
  };
}

/** What runs: a library unless the output is an executable; then web, worker or console by SDK and framework. */
export function appKindOf(outputType: string, aspNetCore: boolean, sdks: readonly string[]): AppKind {
  if (!/^(exe|winexe)$/i.test(outputType)) return 'library';
  // A browser app is a web front end, though no ASP.NET Core runs it.
  if (aspNetCore || sdks.some(sdk => isBrowserSdk(sdk.toLowerCase()))) return 'web';
  return sdks.some(sdk => sdk.toLowerCase() === 'microsoft.net.sdk.worker') ? 'worker' : 'console';
}

function isBrowserSdk(lowerSdk: string): boolean {
  return lowerSdk === 'microsoft.net.sdk.blazorwebassembly' || lowerSdk === 'microsoft.net.sdk.webassembly';
}

function containerProperties(project: EvaluatedProject): ContainerProperties {
  const props = project.properties;
  const text = (name: string) => props.get(name)?.trim() || undefined;
  const tags = (text('ContainerImageTags') ?? text('ContainerImageTag') ?? '').split(';').map(s => s.trim()).filter(Boolean);
  const ports = project.items
    .filter(item => item.type.toLowerCase() === 'containerport')
    .map(item => ({ port: Number(item.include), type: (item.metadata.Type ?? 'tcp').toLowerCase() === 'udp' ? 'udp' as const : 'tcp' as const }))
    .filter(p => Number.isInteger(p.port) && p.port > 0 && p.port < 65536);
  const family = text('ContainerFamily');
  const repository = text('ContainerRepository') ?? text('ContainerImageName');
  const baseImage = text('ContainerBaseImage');
  const user = text('ContainerUser');
  return { imageTags: tags, ports, ...(family ? { family } : {}), ...(repository ? { repository } : {}), ...(baseImage ? { baseImage } : {}), ...(user ? { user } : {}) };
}

/** Item paths are relative to the project directory, whichever file declared them. */
export function resolveItemPath(project: EvaluatedProject, item: EvaluatedItem): string {
  return path.resolve(project.directory, normalizeSeparators(item.include));
}

function externalFiles(project: EvaluatedProject): string[] {
  const outside: string[] = [];
  for (const item of project.items) {
    if (!fileItemTypes.has(item.type.toLowerCase()) || item.unresolved || /[*?]/.test(item.include)) continue;
    const file = resolveItemPath(project, item);
    const relative = path.relative(project.directory, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) outside.push(file);
  }
  return [...new Set(outside)];
}

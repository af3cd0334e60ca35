import { Copy, Instruction } from 'dockerfile-ast';
import { DotnetImage } from '../images/dotnetCatalog';
import { AppKind, ProjectInfo } from '../project/ProjectInfo';
import { projectSelfContainedSettings, publishIsSelfContained, SelfContainedSettings } from '../project/selfContained';
import { compareVersions, parseTargetFramework } from '../project/targetFramework';
import { commandLineWords, containerCommand } from './commandWords';
import { copyArgumentWords } from './copyInstructions';
import { argumentsContent, rawArgumentsContent } from './instructionWords';
import { dotnetBuildStages, finalStage, LintContext, safe, Stage } from './lintContext';
import { Fact, remembered } from './remembered';
import { chainInstructions, rootStage, stageChain } from './stageChain';

/** What the build stages' `dotnet publish` commands set on top of the project file (the last one wins). */
export interface PublishOptions extends SelfContainedSettings {
  readonly useAppHost?: boolean;
  readonly assemblyName?: string;
  readonly invariantGlobalization?: boolean;
  /** `-f`/`--framework`, when written as a literal. */
  readonly framework?: string;
  /**
   * Where the runtime identifier comes from: `explicit` (`-r`, `-p:RuntimeIdentifier=…`, which wins), or the option
   * that completes the build image's own (`-a`, `--arch`, `--os`, `--ucr`, as written).
   */
  readonly runtimeIdentifierFrom?: string;
}

type PublishOptionsBuilder = { -readonly [K in keyof PublishOptions]: PublishOptions[K] };

/** What the final image runs, from the project and the publish command; fields are undefined when unknown. */
export interface AppShape {
  readonly project?: ProjectInfo;
  readonly kind?: AppKind;
  /** A web app (web SDK or its own FrameworkReference): it serves HTTP through Kestrel. */
  readonly web?: boolean;
  /** Needs the ASP.NET Core shared framework: a web app, or one it reaches through a reference or a package. */
  readonly aspNetCore?: boolean;
  /** How ASP.NET Core arrives when not through the project itself, in words (`through Lib.csproj`). */
  readonly aspNetCoreVia?: string;
  readonly assemblyName?: string;
  /** Brings its own runtime (self-contained or Native AOT): runs on runtime-deps, without `dotnet`. */
  readonly selfContained?: boolean;
  /** Native AOT: one native executable, no `.dll`. */
  readonly publishAot?: boolean;
  /** Whether publish writes the `./<AssemblyName>` launcher (the SDK does unless UseAppHost=false). */
  readonly appHost?: boolean;
  /** InvariantGlobalization: the app needs no ICU. */
  readonly invariantGlobalization?: boolean;
}

// Worked out once per lint (see remembered.ts): most rules about the final image ask.
const APP_SHAPE = new Fact<AppShape>('app shape');
const PUBLISH_OPTIONS = new Fact<PublishOptions>('publish options');

/** The app the Dockerfile publishes: the project's settings, overridden by the `dotnet publish` arguments. */
export function appShape(context: LintContext): AppShape {
  return remembered(context, APP_SHAPE, () => readAppShape(context));
}

function readAppShape(context: LintContext): AppShape {
  const project = context.project?.info;
  const publish = publishOptions(context);
  const publishAot = publish.publishAot ?? project?.publishAot;
  const selfContained = appIsSelfContained(context, publish, project);
  const useAppHost = publish.useAppHost ?? project?.useAppHost;
  const assemblyName = publish.assemblyName ?? project?.assemblyName;
  const appHost = selfContained ? true : useAppHost === false ? false : project || useAppHost ? true : undefined;
  const invariantGlobalization = publish.invariantGlobalization ?? project?.invariantGlobalization;
  const executable = project && project.kind !== 'library';
  return {
    ...(project ? { project, kind: project.kind, web: project.kind === 'web', aspNetCore: Boolean(executable && (project.kind === 'web' || project.aspNetCore)) } : {}),
    ...(executable && project.aspNetCore && project.aspNetCoreVia ? { aspNetCoreVia: project.aspNetCoreVia } : {}),
    ...(assemblyName ? { assemblyName } : {}),
    ...(selfContained !== undefined ? { selfContained } : {}),
    ...(publishAot !== undefined ? { publishAot } : {}),
    ...(appHost !== undefined ? { appHost } : {}),
    ...(invariantGlobalization !== undefined ? { invariantGlobalization } : {}),
  };
}

/**
 * Whether the publish is self-contained, as MSBuild decides it (see publishIsSelfContained) for the target
 * framework (the publish's `-f`, else the project's newest) and the SDK of the build stages. Without a project only
 * what the command line makes certain counts: the project might set SelfContained either way.
 */
function appIsSelfContained(context: LintContext, publish: PublishOptions, project: ProjectInfo | undefined): boolean | undefined {
  const framework = (publish.framework ? parseTargetFramework(publish.framework) : undefined)
    ?? [...(project?.targetFrameworks ?? [])].filter(tfm => tfm.identifier === '.NETCoreApp').sort((a, b) => compareVersions(b.version, a.version))[0];
  // The newest SDK that builds, when every sdk image of the build stages says its version.
  const sdkImages = dotnetBuildStages(context).map(stage => stage.dotnetImage).filter(image => image?.catalogRepo === 'sdk');
  const sdkVersions = sdkImages.map(image => image?.version).filter((version): version is string => version !== undefined);
  const sdkVersion = sdkVersions.length === sdkImages.length ? sdkVersions.sort(compareVersions).pop() : undefined;
  const decided = publishIsSelfContained({
    command: publish,
    ...(project ? { project: projectSelfContainedSettings(project) } : {}),
    ...(sdkVersion ? { sdkVersion } : {}),
    ...(framework?.identifier === '.NETCoreApp' ? { targetFrameworkVersion: framework.version } : {}),
  });
  if (project || decided === true) return decided;
  return publish.selfContained ?? publish.publishSelfContained;
}

/** Reads `--self-contained`, `--no-self-contained`, the RID options, `-f` and `-p:Name=Value` from the `dotnet publish` commands before the final stage. */
export function publishOptions(context: LintContext): PublishOptions {
  return remembered(context, PUBLISH_OPTIONS, () => readPublishOptions(context));
}

function readPublishOptions(context: LintContext): PublishOptions {
  const final = finalStage(context);
  const options: PublishOptionsBuilder = {};
  for (const stage of dotnetBuildStages(context).filter(s => s !== final)) {
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'RUN') continue;
      const content = safe(() => argumentsContent(instruction) ?? '', '');
      for (const match of content.matchAll(/\bdotnet\s+publish\b([^&|;\n]*)/g)) readPublishArguments(match[1] ?? '', options);
    }
  }
  return options;
}

function readPublishArguments(text: string, options: PublishOptionsBuilder): void {
  const tokens = text.split(/\s+/).filter(Boolean).map(token => token.replace(/^(["'])(.*)\1$/, '$2'));
  const bool = (value: string | undefined) => (value === undefined ? undefined : /^true$/i.test(value) ? true : /^false$/i.test(value) ? false : undefined);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const selfContained = /^--(?:self-contained|sc)(?:[=:](.*))?$/i.exec(token);
    if (selfContained) {
      const inline = bool(selfContained[1]);
      const next = selfContained[1] === undefined ? bool(tokens[i + 1]) : undefined;
      if (next !== undefined) i++;
      options.selfContained = inline ?? next ?? true;
      continue;
    }
    if (/^--no-self-contained$/i.test(token)) {
      options.selfContained = false;
      continue;
    }
    // Each of these gives the publish a RuntimeIdentifier (-a and --os complete the SDK's own).
    const rid = /^(-r|--runtime|-a|--arch|--os)(?:[=:](.*))?$/i.exec(token);
    if (rid) {
      if (rid[2] === undefined) i++;
      options.runtimeIdentifier = true;
      ridFrom(options, /^(-r|--runtime)$/i.test(rid[1]!) ? 'explicit' : rid[1]!);
      continue;
    }
    if (/^(--ucr|--use-current-runtime)$/i.test(token)) {
      options.runtimeIdentifier = true;
      ridFrom(options, token);
      continue;
    }
    const framework = /^(?:-f|--framework)(?:[=:](.*))?$/i.exec(token);
    if (framework) {
      const value = framework[1] ?? tokens[++i];
      if (value && !value.includes('$')) options.framework = value;
      continue;
    }
    const property = /^(?:[-/]p(?:roperty)?:|--property:)(.+)$/i.exec(token)?.[1]
      ?? (/^(?:-p|--property)$/i.test(token) ? tokens[++i] : undefined);
    const assignment = property ? /^([A-Za-z_][\w.]*)=(.*)$/.exec(property) : undefined;
    if (!assignment) continue;
    const [, name = '', value = ''] = assignment;
    switch (name.toLowerCase()) {
      case 'selfcontained':
        options.selfContained = bool(value) ?? options.selfContained;
        break;
      case 'publishselfcontained':
        options.publishSelfContained = bool(value) ?? options.publishSelfContained;
        break;
      case 'publishaot':
        options.publishAot = bool(value) ?? options.publishAot;
        break;
      case 'publishtrimmed':
        options.publishTrimmed = bool(value) ?? options.publishTrimmed;
        break;
      case 'publishsinglefile':
        options.publishSingleFile = bool(value) ?? options.publishSingleFile;
        break;
      case 'publishreadytorun':
        options.publishReadyToRun = bool(value) ?? options.publishReadyToRun;
        break;
      case 'runtimeidentifier':
        if (value) {
          options.runtimeIdentifier = true;
          ridFrom(options, 'explicit');
        }
        break;
      case 'useapphost':
        options.useAppHost = bool(value) ?? options.useAppHost;
        break;
      case 'invariantglobalization':
        options.invariantGlobalization = bool(value) ?? options.invariantGlobalization;
        break;
      case 'assemblyname':
        if (value && !value.includes('$')) options.assemblyName = value;
        break;
    }
  }
}

/** An explicit runtime identifier wins over one inferred from the build image; of those, the first written. */
function ridFrom(options: PublishOptionsBuilder, from: string): void {
  if (from === 'explicit' || options.runtimeIdentifierFrom === undefined) options.runtimeIdentifierFrom = from;
}

/** Whether the final image serves HTTP through Kestrel: a web project, or, without a project, an aspnet image. */
export function servesHttp(app: AppShape, image: DotnetImage | undefined): boolean {
  return app.web ?? image?.catalogRepo === 'aspnet';
}

const USES_DOTNET = new Fact<boolean>('uses .NET');
const RUNS_APP = new Fact<boolean>('runs an app');

// `dotnet` run as a program (`dotnet publish`, `/usr/bin/dotnet`, `"dotnet",`), or .NET being installed.
const runsOrInstallsDotnet = /(?:^|[\s;&|("'[/\\=])dotnet(?:\.exe)?(?=$|[\s"',\]);&|])|\bdotnet-install\b|\b(?:dotnet\d*(?:\.\d+)?|aspnetcore)-(?:sdk|runtime)\b/i;
// Files only a .NET build or app has: projects, solutions, MSBuild and NuGet files, assemblies, `bin/Release/net8.0/`.
const dotnetFiles = /\.(?:cs|fs|vb)proj\b|\.slnx?\b|\.dll\b|\bDirectory\.(?:Build|Packages)\.(?:props|targets)\b|\bnuget\.config\b|(?:^|[/\\\s])net(?:coreapp)?\d+\.\d+(?=$|[/\\\s])/i;
const dotnetVariables = /\b(?:DOTNET|ASPNETCORE|NUGET)_\w+/;
const dotnetImageName = /dotnet|aspnet/i;

/**
 * Whether the Dockerfile has anything to do with .NET, the condition for every `dotnet/*` rule: a stage on a .NET
 * image (or one whose name says dotnet/aspnet, such as a custom base), a project found for it, `dotnet` run or
 * installed, .NET files copied or named (a project, an assembly, a `net8.0` output folder), or DOTNET_/ASPNETCORE_
 * variables. A node, Go or nginx Dockerfile has none of these; a self-contained app on `FROM ubuntu` has some.
 */
export function usesDotnet(context: LintContext): boolean {
  return remembered(context, USES_DOTNET, () => {
    if (context.project || context.projectProblem) return true;
    if (context.stages.some(stage => stage.dotnetImage || (!stage.baseStage && dotnetImageName.test(stage.imageText)))) return true;
    return context.stages.some(stage => stage.instructions.some(instruction => mentionsDotnet(instruction)));
  });
}

function mentionsDotnet(instruction: Instruction): boolean {
  const keyword = instruction.getKeyword();
  const text = (): string => safe(() => rawArgumentsContent(instruction) ?? '', '');
  switch (keyword) {
    case 'RUN': case 'CMD': case 'ENTRYPOINT': case 'HEALTHCHECK': case 'SHELL':
      return runsOrInstallsDotnet.test(text()) || dotnetFiles.test(text());
    case 'COPY': case 'ADD':
      return dotnetFiles.test(text());
    case 'ENV': case 'ARG':
      return dotnetVariables.test(text());
    default:
      return false;
  }
}

/**
 * Whether the final image starts an app: its stage chain sets an ENTRYPOINT or CMD that starts something other than
 * a shell or a wait, or copies an app in (from a stage that builds one, or anything from the context that is not a
 * support file). Without either the Dockerfile only defines an image (the .NET images themselves, a CI build
 * environment with `CMD ["bash"]`, a devcontainer), and the rules about a running app (user, ports, runtime,
 * globalization…) do not apply to it.
 */
export function runsApp(context: LintContext): boolean {
  return remembered(context, RUNS_APP, () => {
    const final = finalStage(context);
    if (!final) return false;
    if (chainInstructions(final, 'ENTRYPOINT').length || chainInstructions(final, 'CMD').length) {
      const words = commandLineWords(containerCommand(final, context.lines)).map(word => word.value);
      if (!startsNoApp(words)) return true;
    }
    return [...chainInstructions(final, 'COPY'), ...chainInstructions(final, 'ADD')].some(instruction => copiesApp(context, instruction));
  });
}

// What an image with no app starts: an interactive shell (the SDK image, CI build environments), optionally a login one.
const interactiveShell = /^(?:sh|bash|ash|dash|zsh|fish|pwsh|powershell|cmd)(?:\.exe)?$/i;
// Shell options that take a command or a script (`-c`, `-ec`, PowerShell's `-Command`/`-File`, cmd's `/c`): then the shell runs something.
const shellRunsCommand = /^(?:-[a-z]*c|--?(?:command|file|f|encodedcommand)|\/[ckr])$/i;

/**
 * Whether a container command starts no app: a shell with only options (`bash`, `pwsh -NoLogo`), or a process
 * that waits and does nothing (`sleep infinity`, `tail -f /dev/null`, as devcontainers keep running). An empty or
 * unreadable command is not judged here (it counts as an app).
 */
function startsNoApp(words: readonly string[]): boolean {
  const [program, ...rest] = words;
  if (program === undefined) return false;
  const name = program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1).toLowerCase();
  // Options only: cmd's start with `/`, the others' with `-` (`bash /start.sh` runs a script).
  const option = /^cmd(?:\.exe)?$/.test(name) ? /^[-/]/ : /^-/;
  if (interactiveShell.test(name)) return rest.every(word => option.test(word) && !shellRunsCommand.test(word));
  if (name === 'sleep') return rest.length === 1 && /^(?:infinity|\d+[smhd]?)$/i.test(rest[0]!);
  return name === 'tail' && rest.includes('/dev/null') && rest.every(word => word === '/dev/null' || word.startsWith('-'));
}

// What base images and build environments copy in besides an app: certificates, scripts, configuration, package lists, URLs.
const supportFile = /^(?:[a-z]+:\/\/.*|.*\.(?:crt|pem|cer|key|sh|ps1|cmd|bat|json|config|conf|cfg|ini|xml|props|targets|toml|ya?ml|txt|md|list|repo|sources|asc|gpg))$/i;
// Where images install runtimes and tools (not where apps go): the whole root file system (a chiseled rootfs),
// /usr, /opt, /etc, the binary and library folders, the .NET tools folders, and Windows' Program Files.
const installDestination = /^(?:[a-z]:)?[\\/]+(?:$|(?:usr|opt|etc|bin|sbin|lib|lib32|lib64|libx32|var\/lib|root\/\.dotnet|program files(?: \(x86\))?|windows)(?:[\\/]|$))/i;

/**
 * `COPY --from=<stage>` of what a stage built: anything from a stage that runs `dotnet build|publish`, anything
 * else unless it goes where images install runtimes and tools (the .NET images copy the runtime from their
 * installer stage into /usr/share/dotnet). `--from=<image>` copies a tool. From the context, a source that is not
 * a support file.
 */
function copiesApp(context: LintContext, instruction: Instruction): boolean {
  const from = instruction instanceof Copy ? safe(() => instruction.getFromFlag()?.getValue(), undefined) : undefined;
  const words = safe(() => copyArgumentWords(instruction), []);
  if (words.length < 2 || words.some(word => word.startsWith('<<'))) return false; // a heredoc writes inline text, a file or a script
  if (from) {
    const source = /^\d+$/.test(from) ? context.stages[Number(from)] : context.stages.find(stage => stage.name === from.toLowerCase());
    if (!source) return false;
    const builds = dotnetBuildStages(context);
    if (stageChain(source).some(stage => builds.includes(stage))) return true;
    return !installDestination.test(words[words.length - 1]!);
  }
  return words.slice(0, -1).some(source => source !== '' && !supportFile.test(source));
}

// Windows images with IIS, which serves on port 80 whatever Kestrel's settings say.
const iisImages = /^(?:dotnet\/framework\/aspnet|windows\/servercore\/iis|microsoft\/aspnet|microsoft\/iis)$/i;

/**
 * Whether IIS serves the stage's app: an IIS image (.NET Framework's aspnet, Windows Server Core's iis), or IIS
 * installed (`Add-WindowsFeature Web-Server`) or started (`ServiceMonitor.exe w3svc`) in the stage chain. IIS listens
 * on 80 (and 443 with a binding), not on the ASP.NET Core images' 8080.
 */
export function servedByIis(context: LintContext, stage: Stage): boolean {
  const repository = rootStage(stage).reference?.repository.replace(/^library\//, '');
  if (repository && iisImages.test(repository)) return true;
  const installs = chainInstructions(stage, 'RUN').some(run => /\b(?:Add|Install)-WindowsFeature\b[^;\n]*\bWeb-Server\b|\bIIS-WebServer(?:Role)?\b/i.test(safe(() => rawArgumentsContent(run) ?? '', '')));
  return installs || commandLineWords(containerCommand(stage, context.lines)).some(word => /(?:^|[\\/])servicemonitor(?:\.exe)?$/i.test(word.value));
}

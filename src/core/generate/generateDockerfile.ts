import * as path from 'node:path';
import { BaseImage, baseImagesFor, BaseImages, OsChoice } from '../images/baseImagesFor';
import { defaultPort, defaultUser, defaultVariant } from '../images/dotnetCatalog';
import { supportStatus } from '../images/imageSupportStatus';
import { parseOsName } from '../images/dotnetTag';
import { recommendedVersion } from '../images/dotnetSupport';
import { toRepositoryName, toTag } from '../docker/imageName';
import { BuildPlan, isPackagesLockFile } from '../project/readBuildPlan';
import { ProjectInfo } from '../project/ProjectInfo';
import { projectSelfContainedSettings, publishIsSelfContained } from '../project/selfContained';
import { compareVersions, runsInLinuxDotnetImage, TargetFramework } from '../project/targetFramework';
import { contextPath, jsonArg, shellWord } from './dockerfileSyntax';
import { sdkForGlobalJson } from './globalJsonSdk';

/** The OS variants a user picks from; `default` is the version's own default (Ubuntu from .NET 10, Debian before). */
export type VariantChoice = 'default' | 'debian' | 'ubuntu' | 'alpine' | 'chiseled' | 'azurelinux';
export const variantChoices: readonly VariantChoice[] = ['default', 'debian', 'ubuntu', 'alpine', 'chiseled', 'azurelinux'];

export interface GenerateOptions {
  readonly variant?: VariantChoice;
  /** Serve HTTPS too, with a certificate mounted at run time. */
  readonly https?: boolean;
  /** The date support status is judged on (injected, never read from the clock here). */
  readonly now: Date;
}

export interface GeneratedDockerfile {
  readonly ok: true;
  readonly dockerfile: string;
  /** Where the Dockerfile goes: next to the app's project file. */
  readonly dockerfilePath: string;
  readonly contextDirectory: string;
  /** `docker build` arguments (after the CLI name), with absolute paths, for tasks, lenses and the CLI. */
  readonly buildArgs: readonly string[];
  readonly imageName: string;
  readonly targetFramework: string;
  readonly images: BaseImages;
  readonly containerPort?: number;
  /** Things the user should know (end of support, a chosen TFM, a variant that does not exist…). */
  readonly warnings: readonly string[];
}

export interface GenerateRefusal {
  readonly ok: false;
  readonly message: string;
  /** Projects to generate for instead (the services an Aspire AppHost orchestrates). */
  readonly candidates?: readonly string[];
}

/** Generates the multi-stage Dockerfile for a build plan; refuses with a clear message for what cannot run in a Linux .NET image. */
export function generateDockerfile(plan: BuildPlan, options: GenerateOptions): GeneratedDockerfile | GenerateRefusal {
  const app = plan.app;
  const warnings: string[] = [...plan.warnings];
  if (app.aspireHost) return aspireHostRefusal(plan);
  const functionsWorker = app.azureFunctions && isFunctionsIsolatedWorker(app);
  if (app.azureFunctions && !functionsWorker) {
    const ended = options.now >= new Date('2026-11-10T00:00:00Z');
    return { ok: false, message: `${app.name} is an in-process Azure Functions app (Microsoft.NET.Sdk.Functions): it runs inside the Functions host's own process, a model whose support ${ended ? 'ended' : 'ends'} on 10 November 2026. Move it to the isolated worker model (Microsoft.Azure.Functions.Worker), then generate again.` };
  }
  if (app.runsInBrowser) return browserAppRefusal(app, []);
  if (app.kind === 'library') {
    return { ok: false, message: `${app.name} is a class library: a container runs an executable project. Generate the Dockerfile for an app that references it.` };
  }
  const chosen = chooseTargetFramework(app, options.now, warnings);
  if (!chosen.ok) return chosen;
  const tfm = chosen.tfm;

  const dockerfilePath = path.join(app.directory, 'Dockerfile');
  const context = plan.contextDirectory;
  const globalJsonInContextRoot = app.globalJson !== undefined && path.dirname(app.globalJson.file) === context;
  const sdkChoice = sdkForGlobalJson(tfm.version, app.globalJson, globalJsonInContextRoot);
  warnings.push(...sdkChoice.warnings);

  // What `dotnet publish -a <arch>` writes, decided as the SDK decides it; the intent counts without our `-a`
  // because before .NET 8 a RID alone implies self-contained, which the Dockerfile turns off.
  const selfContained = !functionsWorker && (publishIsSelfContained({
    project: projectSelfContainedSettings(app),
    targetFrameworkVersion: tfm.version,
    sdkVersion: sdkChoice.version,
  }) ?? false);
  const variant = options.variant ?? 'default';
  const imageOptions = {
    appKind: app.kind === 'web' ? 'web' as const : app.kind === 'worker' ? 'worker' as const : 'console' as const,
    aspNetCore: app.aspNetCore,
    selfContained,
    publishAot: app.publishAot,
    invariantGlobalization: app.invariantGlobalization,
    // The Functions host image has its own OS; the build stage then stays on the default sdk image.
    os: (functionsWorker ? 'default' : variant) as OsChoice,
  };
  const runtimeImages = baseImagesFor({ ...imageOptions, version: tfm.version });
  if (!runtimeImages) return { ok: false, message: `There are no .NET ${tfm.version} container images (${tfm.moniker}).` };
  const sdkImages = (sdkChoice.version !== tfm.version && baseImagesFor({ ...imageOptions, version: sdkChoice.version })) || runtimeImages;
  const images: BaseImages = sdkImages === runtimeImages ? runtimeImages : {
    ...runtimeImages,
    sdk: sdkImages.sdk,
    notes: [...runtimeImages.notes, ...sdkImages.notes.filter(note => /\bsdk:|SDK/.test(note))],
  };
  const status = supportStatus(images.version, options.now);
  if (status.status === 'end-of-support') {
    const newest = recommendedVersion(options.now);
    warnings.push(`.NET ${images.version} reached end of support on ${status.endOfSupport}: its images get no security fixes.${newest ? ` Move ${app.name} to net${newest.version}.` : ''}`);
  }

  const inContext = (file: string) => contextPath(path.relative(context, file));
  const imageName = toRepositoryName(app.container.repository ?? app.assemblyName);
  const tag = app.container.imageTags[0] ?? (app.version ? toTag(app.version) : 'latest');
  const buildArgs = ['build', '-f', dockerfilePath, '-t', `${imageName}:${tag}`, context];
  const header = [
    `# Build: docker build -f ${shellWord(inContext(dockerfilePath))} -t ${imageName}:${tag} .`,
    `# run in ${describeContext(plan, dockerfilePath)}: the build context holds every file the build needs.`,
    // The legacy builder (a docker 23+ CLI without buildx) defines no $BUILDPLATFORM: say what works everywhere.
    '# Needs BuildKit (buildx; DOCKER_BUILDKIT=1 with docker 18.09-22.x) or Podman. `dotnet-containers build` and the Build image lens build it with any builder.',
    `# Generated by .NET Containers for ${path.basename(app.file)} (${tfm.moniker}).`,
    '',
  ];
  const result = (dockerfile: string[], finalImages: BaseImages, containerPort?: number): GeneratedDockerfile | GenerateRefusal => {
    // A name with a line break would end its line and start an instruction of its own: in a comment it is written
    // escaped; in an instruction (a shell-form RUN cannot hold one) the generator refuses.
    const lines = [...header, ...dockerfile].map(line => (line.startsWith('#') ? line.replace(new RegExp(lineBreaking.source, 'g'), ch => JSON.stringify(ch).slice(1, -1)) : line));
    const broken = lines.find(line => lineBreaking.test(line));
    if (broken) return { ok: false, message: `A path of ${path.basename(app.file)}'s build holds a line break or another control character, which a Dockerfile line cannot hold: ${JSON.stringify(broken)}. Rename it.` };
    return {
    ok: true,
    dockerfile: lines.join('\n') + '\n',
    dockerfilePath,
    contextDirectory: context,
    buildArgs,
    imageName: `${imageName}:${tag}`,
    targetFramework: tfm.moniker,
    images: finalImages,
    ...(containerPort !== undefined ? { containerPort } : {}),
    warnings,
    };
  };
  const projectPath = inContext(app.file);
  const multiTargeting = app.targetFrameworkMonikers.length > 1;
  const sdkStage = [
    ...(sdkChoice.reason && sdkImages !== runtimeImages ? [`# ${sdkChoice.reason}`] : []),
    `FROM --platform=$BUILDPLATFORM ${images.sdk.image} AS build`,
    ...(app.buildRunsNode ? nodeInstall(app.buildRunsNode, images.sdk, sdkImages.version, inContext) : []),
  ];
  const restoreLayer = [
    '# Restore in its own layer, from the project and package files only: it is cached until one of them changes.',
    ...restoreCopies(plan, inContext),
  ];
  // An Exists() condition that finds something the restore layer does not copy is decided the other way there, and
  // the restore misses what it brings (a PackageReference, an import): publish then restores again, with everything.
  const unseen = restoreLayerMisses(plan);
  const noRestore = unseen.length ? '' : ' --no-restore';
  const restoresAgain = unseen.length
    ? [`# ${unseen.slice(0, 2).map(inContext).join(' and ')}${unseen.length > 2 ? ` and ${unseen.length - 2} more` : ''}, which Exists() conditions of the projects look for, ${unseen.length === 1 ? 'is' : 'are'} not in the restore layer: publish restores again, with the whole source.`]
    : [];

  if (functionsWorker) {
    const functions = functionsImageFor(tfm.version);
    if (!functions) return { ok: false, message: `${app.name} is an Azure Functions app on ${tfm.moniker}, and the Azure Functions host has no image for .NET ${tfm.version} (it has them for .NET ${functionsVersions.join(', ')}).` };
    if (variant !== 'default') warnings.push(`The variant "${variant}" does not apply to ${app.name}: an Azure Functions app runs on the Functions host image, ${functions}.`);
    if (options.https) warnings.push(`HTTPS is not set up for ${app.name}: the Functions host serves plain HTTP on port 80; terminate TLS in front of it.`);
    // Framework-dependent and portable (no RID): the Functions host brings the runtime, whatever its platform.
    const lines = [
      ...sdkStage,
      'WORKDIR /src',
      '',
      ...restoreLayer,
      `RUN dotnet restore ${shellWord(projectPath)}`,
      '',
      'COPY . .',
      ...restoresAgain,
      `RUN dotnet publish ${shellWord(projectPath)}${noRestore} -c Release${multiTargeting ? ` -f ${tfm.moniker}` : ''} -o /home/site/wwwroot`,
      '',
      '# The Azure Functions host loads the isolated worker from /home/site/wwwroot and serves its HTTP triggers on',
      '# port 80. It starts the worker itself: the image has its own entrypoint, and it runs as root.',
      `FROM ${functions} AS final`,
      'ENV AzureWebJobsScriptRoot=/home/site/wwwroot \\',
      '    AzureFunctionsJobHost__Logging__Console__IsEnabled=true',
      'EXPOSE 80',
      'COPY --from=build /home/site/wwwroot /home/site/wwwroot',
    ];
    return result(lines, { ...images, runtime: { repo: images.runtime.repo, variant: '', image: functions }, notes: [] }, 80);
  }
  warnings.push(...images.notes);

  const sdkAtLeast8 = compareVersions(sdkImages.version, '8.0') >= 0;
  // A single-file app needs its apphost (UseAppHost=false fails with NETSDK1098), also framework-dependent.
  const apphost = selfContained || app.publishAot || app.publishSingleFile;
  // A packages.lock.json locks the packages for the runtime identifiers its project lists (none unless it sets
  // RuntimeIdentifiers): a restore for another (`-a`) resolves them afresh, and fails in locked mode (NU1004). So a
  // framework-dependent app with lock files and no RIDs is restored and published portable, which runs on any
  // platform's image with `dotnet`; one that needs a RID (self-contained, AOT, single-file) is told what to add.
  const lockFiles = plan.supportFiles.filter(isPackagesLockFile);
  const lockedPortable = lockFiles.length > 0 && !apphost && plan.projects.every(project => project.runtimeIdentifiers.length === 0);
  if (lockFiles.length && apphost && app.runtimeIdentifiers.length === 0) {
    warnings.push(`${lockFiles.map(file => inContext(file)).join(', ')} ${lockFiles.length === 1 ? 'locks' : 'lock'} packages for no runtime identifier, but ${app.name} is published for one (${app.publishAot ? 'Native AOT' : selfContained ? 'self-contained' : 'single-file'}): restore in the container resolves them afresh, and fails with NU1004 in locked mode. List the RIDs the images use in <RuntimeIdentifiers> (e.g. linux-x64;linux-arm64${images.runtime.variant.includes('alpine') ? ';linux-musl-x64;linux-musl-arm64' : ''}) and restore once to add them to the lock file.`);
  }
  // .NET 8+ SDKs take Docker's arch names (`amd64`); older ones need `x64`.
  const arch = sdkAtLeast8 ? '$TARGETARCH' : '$arch';
  const archSetup = lockedPortable || sdkAtLeast8 ? '' : `arch=$(echo "$TARGETARCH" | sed 's/amd64/x64/') && `;
  const archOption = lockedPortable ? '' : ` -a ${arch}`;
  // Before .NET 8 a runtime identifier implies a self-contained app: say framework-dependent explicitly.
  const frameworkDependent = !lockedPortable && !selfContained && compareVersions(tfm.version, '8.0') < 0 ? ' -p:SelfContained=false' : '';

  const lines: string[] = [];
  lines.push(...sdkStage);
  if (!lockedPortable) lines.push('ARG TARGETARCH');
  lines.push('WORKDIR /src');
  lines.push('');
  lines.push(...restoreLayer);
  if (lockedPortable) lines.push(`# ${lockFiles.length === 1 ? 'The lock file pins' : 'The lock files pin'} the packages for no runtime identifier: restore and publish stay portable (no -a), so that ${lockFiles.length === 1 ? 'it applies' : 'they apply'}.`);
  lines.push(`RUN ${archSetup}dotnet restore ${shellWord(projectPath)}${archOption}${frameworkDependent}`);
  lines.push('');
  lines.push('COPY . .');
  lines.push(...restoresAgain);
  const publish = [`dotnet publish ${shellWord(projectPath)}${noRestore}${archOption} -c Release`];
  if (multiTargeting) publish.push(`-f ${tfm.moniker}`);
  if (!apphost) publish.push('-p:UseAppHost=false');
  if (frameworkDependent) publish.push(frameworkDependent.trim());
  publish.push('-o /app');
  lines.push(`RUN ${archSetup}${publish.join(' ')}`);
  lines.push('');

  if (app.kind !== 'web' && app.aspNetCore && images.runtime.repo === 'aspnet') {
    lines.push(`# ASP.NET Core comes ${app.aspNetCoreVia ?? 'through a referenced project or package'}: the aspnet image carries its shared framework.`);
  }
  lines.push(`FROM ${images.runtime.image} AS final`);
  lines.push('WORKDIR /app');
  let containerPort: number | undefined;
  if (app.kind === 'web') {
    containerPort = app.container.ports[0]?.port ?? defaultPort(images.version, images.runtime.variant);
    if (app.ownEndpoints) {
      // Jellyfin's shape: the code binds its own port, which no project property says.
      lines.push(`# ${app.name} sets its own Kestrel endpoints (${app.ownEndpoints.how}): they, not ${containerPort}, decide where it listens. Expose the port they bind.`);
      warnings.push(`${app.name} sets Kestrel's endpoints itself (${app.ownEndpoints.how}), which override ASPNETCORE_HTTP_PORTS and the image's ${defaultPort(images.version, images.runtime.variant)}: EXPOSE ${containerPort} is a guess; change it to the port the app binds.`);
    }
    lines.push(`EXPOSE ${containerPort}`);
    if (app.container.ports[0] && containerPort !== defaultPort(images.version, images.runtime.variant)) {
      lines.push(`ENV ASPNETCORE_HTTP_PORTS=${containerPort}`);
    }
    if (options.https) {
      const httpsPort = containerPort === 80 ? 443 : containerPort + 1;
      lines.push(`EXPOSE ${httpsPort}`);
      lines.push('# HTTPS: mount the certificate when the container starts; never copy it into the image:');
      lines.push(`#   docker run -p ${httpsPort}:${httpsPort} -v "$HOME/.aspnet/https:/https:ro" \\`);
      lines.push('#     -e ASPNETCORE_Kestrel__Certificates__Default__Password=<password> <image>');
      lines.push(`ENV ASPNETCORE_URLS="https://+:${httpsPort};http://+:${containerPort}" \\`);
      lines.push('    ASPNETCORE_Kestrel__Certificates__Default__Path=/https/aspnetapp.pfx');
    } else if (app.grpcServer) {
      lines.push('# gRPC over plain HTTP needs HTTP/2 only: without TLS there is no protocol negotiation.');
      lines.push('ENV Kestrel__EndpointDefaults__Protocols=Http2');
    }
  }
  lines.push('COPY --from=build /app .');
  const user = defaultUser({ version: images.version, variant: images.runtime.variant, repo: images.runtime.repo });
  if (!user.nonRoot && user.appUserAvailable) {
    lines.push('USER $APP_UID');
  } else if (!user.nonRoot) {
    warnings.push(`The .NET ${images.version} images have no non-root user: the container runs as root.`);
  }
  const entrypoint = apphost ? [`./${app.assemblyName}`] : ['dotnet', `${app.assemblyName}.dll`];
  lines.push(`ENTRYPOINT [${entrypoint.map(arg => jsonArg(arg, false)).join(', ')}]`);
  return result(lines, images, containerPort);
}

/**
 * A browser app (Blazor WebAssembly) is refused: its publish output is static files, served by the ASP.NET Core
 * projects that reference it (`hosts`, offered instead) or by any static web server.
 */
export function browserAppRefusal(app: ProjectInfo, hosts: readonly string[]): GenerateRefusal {
  const what = app.sdks.some(sdk => sdk.toLowerCase() === 'microsoft.net.sdk.blazorwebassembly') ? 'a Blazor WebAssembly app' : 'a .NET WebAssembly app';
  const names = hosts.map(host => path.basename(host));
  return {
    ok: false,
    message: `${app.name} is ${what}: it runs in the browser, and its publish output is static files (wwwroot), not a process a container runs. `
      + (names.length
        ? `${names.join(', ')} reference${names.length === 1 ? 's' : ''} it and serve${names.length === 1 ? 's' : ''} those files: generate the Dockerfile for ${names.length === 1 ? 'that project' : 'one of them'}.`
        : 'No executable project in its solution references it: serve the published wwwroot folder from a static web server (nginx, for one), or host it in an ASP.NET Core project.'),
    candidates: hosts,
  };
}

/**
 * The build stage's Node.js, for a build that runs npm (the sdk images have none), from the sdk image's own
 * distribution: the package manager knows the build platform's architecture, which a copy from the node image may not.
 */
function nodeInstall(step: NonNullable<ProjectInfo['buildRunsNode']>, sdk: BaseImage, version: string, inContext: (file: string) => string): string[] {
  const os = parseOsName(sdk.variant || (defaultVariant(version, 'sdk') ?? ''));
  // Comments are one line each: the command is shown on one, cut short.
  const command = step.command.length > 60 ? `${step.command.slice(0, 57)}…` : step.command;
  const why = `# The build runs \`${command}\` (target ${step.target} in ${inContext(step.file)}); the sdk image has no Node.js.`;
  switch (os?.distro) {
    case 'alpine':
      return [why, '# Alpine\'s nodejs and npm:', 'RUN apk add --no-cache nodejs npm'];
    case 'azurelinux':
    case 'cbl-mariner':
      return [why, '# Azure Linux\'s nodejs, which carries npm:', 'RUN tdnf install -y nodejs && tdnf clean all'];
    default:
      return [
        why,
        `# ${os?.distro === 'debian' ? 'Debian' : 'Ubuntu'}'s nodejs and npm (if the front end needs a newer Node.js than the distribution's, copy one from a node image):`,
        'RUN apt-get update \\',
        '    && apt-get install -y --no-install-recommends nodejs npm \\',
        '    && rm -rf /var/lib/apt/lists/*',
      ];
  }
}

/** An Aspire AppHost is refused, with the service projects it references offered instead. */
function aspireHostRefusal(plan: BuildPlan): GenerateRefusal {
  const app = plan.app;
  const services = plan.projects.filter(p => p !== app && app.projectReferences.includes(p.file) && p.kind !== 'library' && !p.aspireHost);
  const names = services.map(s => path.basename(s.file));
  return {
    ok: false,
    message: `${app.name} is an Aspire AppHost: it starts and wires the services while you develop, and is not deployed itself. `
      + (names.length ? `Generate a Dockerfile for each service it references (${names.join(', ')}), ` : 'Generate a Dockerfile for each service project, ')
      + 'or deploy the whole application with Aspire\'s own publishers (`aspire publish`, `aspire deploy`).',
    candidates: services.map(s => s.file),
  };
}

/** The isolated worker model references the Functions worker packages; the in-process model does not. */
function isFunctionsIsolatedWorker(app: ProjectInfo): boolean {
  return app.kind !== 'library' || app.packageReferences.some(p => /^microsoft\.azure\.functions\.worker(\.sdk)?$/i.test(p));
}

/** .NET versions the Azure Functions host publishes an isolated-worker image for. */
const functionsVersions = ['8.0', '9.0', '10.0'];

/** The Azure Functions host image for the isolated worker on a .NET version (mcr.microsoft.com/azure-functions/dotnet-isolated). */
function functionsImageFor(version: string): string | undefined {
  return functionsVersions.includes(version) ? `mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated${version}` : undefined;
}

/** One TFM to publish: the only one, or with multi-targeting the newest supported one that runs on Linux. */
function chooseTargetFramework(app: ProjectInfo, now: Date, warnings: string[]): { ok: true; tfm: TargetFramework } | GenerateRefusal {
  if (!app.targetFrameworks.length) {
    const written = app.targetFrameworkMonikers.join(';');
    return { ok: false, message: written
      ? `${app.name} targets "${written}", which is not a target framework this tool knows.`
      : `${app.name} sets no TargetFramework that could be read statically; set it in the project or in Directory.Build.props.` };
  }
  const runnable = app.targetFrameworks.filter(runsInLinuxDotnetImage);
  if (!runnable.length) {
    const tfm = app.targetFrameworks[0]!;
    const why = tfm.identifier === '.NETFramework'
      ? '.NET Framework runs only on Windows; Linux .NET images run .NET (Core) 2.1 and later. Move the app to net10.0, or use Windows containers.'
      : tfm.identifier === '.NETStandard'
        ? '.NET Standard is a library contract, not a runtime: an app must target .NET, e.g. net10.0.'
        : `the ${tfm.platform} platform does not run in a Linux container.`;
    return { ok: false, message: `${app.name} targets ${app.targetFrameworkMonikers.join(';')}: ${why}` };
  }
  const sorted = [...runnable].sort((a, b) => compareVersions(b.version, a.version));
  const supported = sorted.find(tfm => supportStatus(tfm.version, now).status === 'supported');
  const chosen = supported ?? sorted[0]!;
  if (app.targetFrameworkMonikers.length > 1) {
    warnings.push(`${app.name} targets ${app.targetFrameworkMonikers.join(';')}; the image is built for ${chosen.moniker}${supported ? ', the newest supported one' : ''}.`);
  }
  return { ok: true, tfm: chosen };
}

/**
 * The paths in the build context that the closure's Exists() conditions found but the restore layer does not hold:
 * neither one of its files nor a folder on the way to one.
 */
function restoreLayerMisses(plan: BuildPlan): string[] {
  const held = new Set<string>();
  for (const file of [...plan.supportFiles, ...plan.projects.map(p => p.file)]) {
    for (let at = file; !held.has(at); at = path.dirname(at)) {
      held.add(at);
      if (at === plan.contextDirectory || path.dirname(at) === at) break;
    }
  }
  const inContext = (file: string) => {
    const relative = path.relative(plan.contextDirectory, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  return plan.conditionPaths.filter(file => inContext(file) && !held.has(file));
}

/** Characters that end a Dockerfile line or have no place in one. */
const lineBreaking = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/;

/** COPY lines for the restore layer: support files, then each project file of the closure, to their own paths. */
export function restoreCopies(plan: BuildPlan, inContext: (file: string) => string): string[] {
  const files = [...plan.supportFiles, ...plan.projects.map(p => p.file)];
  // Group files by their folder so that the props files at one level share one COPY.
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const relative = inContext(file);
    const folder = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/') + 1) : './';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), relative]);
  }
  return [...byFolder.entries()].map(([folder, sources]) => `COPY [${[...sources, folder].map(arg => jsonArg(arg, true)).join(', ')}]`);
}

/** Where to run the build, said relative to the Dockerfile so that the text holds on every machine. */
function describeContext(plan: BuildPlan, dockerfilePath: string): string {
  const relative = contextPath(path.relative(path.dirname(dockerfilePath), plan.contextDirectory));
  const where = relative === '' ? 'this folder' : relative === '..' ? 'the folder above this one' : `${relative} from here`;
  if (plan.solution && path.dirname(plan.solution.file) === plan.contextDirectory) return `the solution folder (${path.basename(plan.solution.file)}, ${where})`;
  return where;
}

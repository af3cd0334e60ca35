import { DotnetImage } from '../images/dotnetCatalog';
import { AppKind, ProjectInfo } from '../project/ProjectInfo';
import { argumentsContent } from './instructionWords';
import { dotnetBuildStages, finalStage, LintContext, safe } from './lintContext';
import { Fact, remembered } from './remembered';

/** What the build stages' `dotnet publish` commands set on top of the project file (the last one wins). */
export interface PublishOptions {
  readonly selfContained?: boolean;
  readonly publishAot?: boolean;
  readonly useAppHost?: boolean;
  readonly assemblyName?: string;
  readonly invariantGlobalization?: boolean;
}

type PublishOptionsBuilder = { -readonly [K in keyof PublishOptions]: PublishOptions[K] };

/** What the final image runs, from the project and the publish command; fields are undefined when unknown. */
export interface AppShape {
  readonly project?: ProjectInfo;
  readonly kind?: AppKind;
  /** Needs the ASP.NET Core shared framework (web SDK or a FrameworkReference to Microsoft.AspNetCore.App). */
  readonly web?: boolean;
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
  // Native AOT output is always self-contained; the project's SelfContained counts AOT, which the command line may turn off.
  const selfContained = publishAot ? true : publish.selfContained ?? (project ? project.selfContained && !project.publishAot : undefined);
  const useAppHost = publish.useAppHost ?? project?.useAppHost;
  const assemblyName = publish.assemblyName ?? project?.assemblyName;
  const appHost = selfContained ? true : useAppHost === false ? false : project || useAppHost ? true : undefined;
  const invariantGlobalization = publish.invariantGlobalization ?? project?.invariantGlobalization;
  return {
    ...(project ? { project, kind: project.kind, web: project.kind !== 'library' && (project.kind === 'web' || project.aspNetCore) } : {}),
    ...(assemblyName ? { assemblyName } : {}),
    ...(selfContained !== undefined ? { selfContained } : {}),
    ...(publishAot !== undefined ? { publishAot } : {}),
    ...(appHost !== undefined ? { appHost } : {}),
    ...(invariantGlobalization !== undefined ? { invariantGlobalization } : {}),
  };
}

/** Reads `--self-contained`, `--no-self-contained` and `-p:Name=Value` from the `dotnet publish` commands before the final stage. */
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
    const property = /^(?:[-/]p(?:roperty)?:|--property:)(.+)$/i.exec(token)?.[1]
      ?? (/^(?:-p|--property)$/i.test(token) ? tokens[++i] : undefined);
    const assignment = property ? /^([A-Za-z_][\w.]*)=(.*)$/.exec(property) : undefined;
    if (!assignment) continue;
    const [, name = '', value = ''] = assignment;
    switch (name.toLowerCase()) {
      case 'selfcontained':
      case 'publishselfcontained':
        options.selfContained = bool(value) ?? options.selfContained;
        break;
      case 'publishaot':
        options.publishAot = bool(value) ?? options.publishAot;
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

/** Whether the final image serves HTTP through Kestrel: a web project, or, without a project, an aspnet image. */
export function servesHttp(app: AppShape, image: DotnetImage | undefined): boolean {
  return app.web ?? image?.catalogRepo === 'aspnet';
}

import { ProjectInfo } from './ProjectInfo';
import { compareVersions } from './targetFramework';

/**
 * The MSBuild properties that decide whether `dotnet publish` writes a self-contained app, as one side sets them
 * (the publish command, or the project). Undefined: that side does not set it.
 */
export interface SelfContainedSettings {
  /** `SelfContained` (`--self-contained`, `--no-self-contained`, `-p:SelfContained=…`). */
  readonly selfContained?: boolean;
  /** `PublishSelfContained`: SelfContained for publishing only. */
  readonly publishSelfContained?: boolean;
  /** A RuntimeIdentifier is given: `-r`, `-a`/`--arch`, `--os`, `--ucr`, `-p:RuntimeIdentifier=…`, or the project's. */
  readonly runtimeIdentifier?: boolean;
  readonly publishTrimmed?: boolean;
  readonly publishSingleFile?: boolean;
  readonly publishAot?: boolean;
  readonly publishReadyToRun?: boolean;
}

export interface SelfContainedQuestion {
  /** What the `dotnet publish` command sets: global properties, which win over the project's. */
  readonly command?: SelfContainedSettings;
  /** What the project (and its imports) set. */
  readonly project?: SelfContainedSettings;
  /** The SDK's version (`10.0`, `8.0.404`); undefined when not known. */
  readonly sdkVersion?: string;
  /** The target framework's version (`8.0` for net8.0); undefined when not known. */
  readonly targetFrameworkVersion?: string;
}

/**
 * Whether `dotnet publish` produces a self-contained app, decided as the SDK's
 * Microsoft.NET.RuntimeIdentifierInference.targets decides it; undefined when that depends on something not known.
 *
 * - A SelfContained on the command line wins; then PublishSelfContained (applied when publishing); then the
 *   project's SelfContained. Native AOT output is always self-contained.
 * - Nothing set, target .NET 8+: PublishTrimmed, PublishSingleFile or PublishAot imply it, a RuntimeIdentifier
 *   and PublishReadyToRun do not
 *   (https://learn.microsoft.com/dotnet/core/compatibility/sdk/8.0/runtimespecific-app-default).
 * - Nothing set, target before .NET 8 (and every SDK before 8, which cannot target 8): a RuntimeIdentifier implies
 *   it (NETSDK1179 since the 6.0 SDK warns but keeps it), and PublishSingleFile, PublishAot and PublishReadyToRun
 *   bring a RuntimeIdentifier of their own when publishing. PublishTrimmed alone does not (the publish then fails
 *   with NETSDK1102, which is not ours to report here).
 */
export function publishIsSelfContained(question: SelfContainedQuestion): boolean | undefined {
  const command = question.command ?? {};
  const project = question.project ?? {};
  const setting = <K extends keyof SelfContainedSettings>(name: K) => command[name] ?? project[name];
  if (setting('publishAot')) return true;
  if (command.selfContained !== undefined) return command.selfContained;
  const publishSelfContained = setting('publishSelfContained');
  if (publishSelfContained !== undefined) return publishSelfContained;
  if (project.selfContained !== undefined) return project.selfContained;

  const implied = {
    modern: Boolean(setting('publishTrimmed') || setting('publishSingleFile')),
    legacy: Boolean(setting('runtimeIdentifier') || setting('publishSingleFile') || setting('publishReadyToRun')),
  };
  const modern = targetsDotnet8OrLater(question);
  if (modern !== undefined) return modern ? implied.modern : implied.legacy;
  return implied.modern === implied.legacy ? implied.modern : undefined;
}

/** Whether the publish targets .NET 8 or later: the target framework says it, else an SDK before 8 rules it out. */
function targetsDotnet8OrLater({ targetFrameworkVersion, sdkVersion }: SelfContainedQuestion): boolean | undefined {
  if (targetFrameworkVersion !== undefined) return compareVersions(targetFrameworkVersion, '8.0') >= 0;
  if (sdkVersion !== undefined && compareVersions(sdkVersion, '8.0') < 0) return false;
  return undefined;
}

/**
 * The settings a project makes, from what the project reader tells. ProjectInfo folds SelfContained,
 * PublishSelfContained and PublishAot into `selfContained` and says `false` also when nothing is set, so only a
 * `true` counts as set (an explicit SelfContained=false is not seen); RuntimeIdentifiers (plural, restore only)
 * count as a RuntimeIdentifier.
 */
export function projectSelfContainedSettings(info: ProjectInfo): SelfContainedSettings {
  const set = (value: boolean) => (value ? true : undefined);
  const settings: { -readonly [K in keyof SelfContainedSettings]: SelfContainedSettings[K] } = {
    selfContained: set(info.selfContained && !info.publishAot),
    runtimeIdentifier: set(info.runtimeIdentifiers.length > 0),
    // ProjectInfo counts AOT as trimming too; AOT is its own setting here, which a `-p:PublishAot=false` turns off.
    publishTrimmed: set(info.publishTrimmed && !info.publishAot),
    publishSingleFile: set(info.publishSingleFile),
    publishAot: set(info.publishAot),
    publishReadyToRun: set(info.publishReadyToRun),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as SelfContainedSettings;
}

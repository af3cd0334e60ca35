import * as path from 'node:path';
import { runProcess } from '../process/runProcess';
import { evaluateProject } from './evaluateProject';
import { appKindOf, describeProject, ProjectInfo } from './ProjectInfo';
import { projectSelfContainedSettings, publishIsSelfContained } from './selfContained';
import { parseTargetFramework, TargetFramework } from './targetFramework';

/** Property values as `dotnet msbuild -getProperty` prints them ('' for an unset property). */
export type MsbuildProperties = Readonly<Record<string, string>>;

/** What the generator depends on, as MSBuild names it; PublishSelfContained completes SelfContained. */
export const keyProperties: readonly string[] = [
  'TargetFramework', 'TargetFrameworks', 'AssemblyName', 'OutputType', 'PublishAot', 'SelfContained',
  'PublishSelfContained', 'InvariantGlobalization', 'RuntimeIdentifier', 'UseAppHost', 'PublishSingleFile', 'PublishReadyToRun',
];

/**
 * The `dotnet` argv that prints MSBuild's evaluation of `names` (evaluation only: no restore, no build).
 * Global properties are `-p:` values; MSBuild splits those on `;` and `,`, so both are escaped.
 */
export function getPropertyArgs(project: string, names: readonly string[], globalProperties: Readonly<Record<string, string>> = {}): string[] {
  const escape = (value: string) => value.replace(/%/g, '%25').replace(/;/g, '%3B').replace(/,/g, '%2C');
  return ['msbuild', project, ...names.map(name => `-getProperty:${name}`),
    ...Object.entries(globalProperties).map(([name, value]) => `-p:${name}=${escape(value)}`)];
}

/** MSBuild prints one property as its bare value and several as `{"Properties":{…}}`; undefined when it is neither. */
export function parseGetPropertyOutput(stdout: string, names: readonly string[]): MsbuildProperties | undefined {
  if (names.length === 1) return { [names[0]!]: stdout.replace(/\r?\n$/, '') };
  const start = stdout.indexOf('{');
  if (start < 0) return undefined;
  try {
    const properties: unknown = JSON.parse(stdout.slice(start)).Properties;
    if (!properties || typeof properties !== 'object') return undefined;
    const values: Record<string, string> = {};
    for (const name of names) {
      const value = (properties as Record<string, unknown>)[name];
      values[name] = typeof value === 'string' ? value : '';
    }
    return values;
  } catch {
    return undefined;
  }
}

export type MsbuildPropertiesResult = { readonly ok: true; readonly properties: MsbuildProperties } | { readonly ok: false; readonly message: string };

export interface MsbuildRunOptions {
  /** The dotnet executable (default: `dotnet` from PATH). */
  readonly dotnet?: string;
  readonly globalProperties?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** Asks MSBuild itself for property values; never throws. */
export async function readMsbuildProperties(project: string, names: readonly string[], options: MsbuildRunOptions = {}): Promise<MsbuildPropertiesResult> {
  // The SDK is chosen by the global.json above the working folder, so run where the project is.
  const result = await runProcess(options.dotnet ?? 'dotnet', getPropertyArgs(project, names, options.globalProperties), {
    cwd: path.dirname(project),
    timeoutMs: options.timeoutMs ?? 60_000,
    env: { ...(options.env ?? process.env), DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' },
  });
  if (result.exitCode !== 0) {
    const detail = msbuildFailureDetail(`${result.stdout}\n${result.stderr}`);
    return { ok: false, message: `dotnet msbuild ${result.error ? `did not finish (${result.error})` : `exited with ${result.exitCode}`}${detail ? `: ${detail}` : ''}` };
  }
  const properties = parseGetPropertyOutput(result.stdout, names);
  return properties ? { ok: true, properties } : { ok: false, message: `dotnet msbuild printed no property values: ${result.stdout.slice(0, 200)}` };
}

/**
 * What a failed `dotnet msbuild` said, in one line: for the SDK that global.json asks for and is not installed, the
 * version, the file and the SDKs there are (dotnet's own text opens with a list of guesses, and the facts come last);
 * else MSBuild's error lines; else the first lines.
 */
export function msbuildFailureDetail(output: string): string {
  const lines = output.split(/\r?\n/).map(line => line.trim()).filter(Boolean);
  if (lines.some(line => /A compatible \.NET SDK was not found/i.test(line))) {
    const requested = lines.map(line => /^Requested SDK version:\s*(.+)$/i.exec(line)?.[1]).find(Boolean);
    const globalJson = lines.map(line => /^global\.json file:\s*(.+)$/i.exec(line)?.[1]).find(Boolean);
    const listed = lines.indexOf(lines.find(line => /^Installed SDKs:?$/i.test(line)) ?? '');
    const installed = listed < 0 ? [] : lines.slice(listed + 1).map(line => /^(\d+\.\d+\.\d+\S*)\s+\[/.exec(line)?.[1]).filter((v): v is string => Boolean(v));
    // dotnet prints the installed SDKs after "Installed SDKs:" or, on some versions, before its message.
    const anywhere = installed.length ? installed : lines.map(line => /^(\d+\.\d+\.\d+\S*)\s+\[[^\]]*sdk\]$/.exec(line)?.[1]).filter((v): v is string => Boolean(v));
    return `no installed .NET SDK satisfies ${globalJson ? `global.json (${globalJson})` : 'global.json'}${requested ? `, which asks for ${requested}` : ''}; installed: ${anywhere.length ? anywhere.join(', ') : 'none'}. Install that SDK, or let global.json roll forward ("rollForward": "latestMajor")`;
  }
  const errors = lines.filter(line => /\berror\s+[A-Z]+\d+\s*:/.test(line));
  return (errors.length ? errors : lines).slice(0, 5).join(' ');
}

/** One property where MSBuild's evaluation and the static reading disagree. */
export interface PropertyDifference {
  readonly property: string;
  readonly msbuild: string;
  readonly static: string;
  /** Whether the generated Dockerfile depends on it. */
  readonly changesDockerfile: boolean;
  /** "MSBuild says X where the static reading said Y". */
  readonly text: string;
}

/** How one key fact is read from each side, compared, and taken over from MSBuild. */
interface ConfirmedFact {
  readonly property: string;
  readonly changesDockerfile: boolean;
  readonly fromStatic: (info: ProjectInfo) => string;
  /** undefined: MSBuild leaves it to the SDK's default, which the static reading also assumes. */
  readonly fromMsbuild: (properties: MsbuildProperties, info: ProjectInfo) => string | undefined;
  readonly sameMeaning?: (a: string, b: string) => boolean;
  readonly apply: (value: string, info: ProjectInfo) => Partial<ProjectInfo>;
}

const isTrue = (value: string | undefined) => (value ?? '').trim().toLowerCase() === 'true';
const list = (value: string | undefined) => (value ?? '').split(';').map(s => s.trim()).filter(Boolean);
const ignoringCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const booleanFact = (property: string, field: 'publishAot' | 'invariantGlobalization' | 'publishSingleFile' | 'publishReadyToRun', apply: (on: boolean, info: ProjectInfo) => Partial<ProjectInfo>, changesDockerfile = true): ConfirmedFact => ({
  property,
  changesDockerfile,
  fromStatic: info => String(info[field]),
  fromMsbuild: properties => String(isTrue(properties[property])),
  apply: (value, info) => apply(value === 'true', info),
});

const facts: readonly ConfirmedFact[] = [
  {
    property: 'TargetFramework',
    changesDockerfile: true,
    fromStatic: info => info.targetFrameworkMonikers.join(';'),
    // An outer (multi-targeting) evaluation leaves TargetFramework empty and lists TargetFrameworks.
    fromMsbuild: properties => (list(properties.TargetFrameworks).length ? list(properties.TargetFrameworks) : list(properties.TargetFramework)).join(';'),
    sameMeaning: ignoringCase,
    apply: value => ({
      targetFrameworkMonikers: list(value),
      targetFrameworks: list(value).map(parseTargetFramework).filter((tfm): tfm is TargetFramework => tfm !== undefined),
    }),
  },
  { property: 'AssemblyName', changesDockerfile: true, fromStatic: info => info.assemblyName, fromMsbuild: properties => properties.AssemblyName, apply: value => ({ assemblyName: value }) },
  {
    property: 'OutputType',
    changesDockerfile: true,
    fromStatic: info => info.outputType,
    fromMsbuild: properties => properties.OutputType || undefined,
    sameMeaning: ignoringCase,
    // ASP.NET Core that arrives indirectly (aspNetCoreVia) changes the image, not the kind.
    apply: (value, info) => ({ outputType: value, kind: appKindOf(value, info.aspNetCore && !info.aspNetCoreVia, info.sdks) }),
  },
  booleanFact('PublishAot', 'publishAot', (on, info) => ({ publishAot: on, publishTrimmed: info.publishTrimmed || on })),
  {
    property: 'SelfContained',
    changesDockerfile: true,
    // What the publish does, decided as the SDK decides it: for net8.0+ PublishTrimmed and PublishSingleFile
    // make MSBuild set PublishSelfContained, which a bare `info.selfContained` does not show.
    fromStatic: info => String(publishIsSelfContained({ project: projectSelfContainedSettings(info), ...(info.targetFrameworks[0] ? { targetFrameworkVersion: info.targetFrameworks[0].version } : {}) }) ?? info.selfContained),
    // Publishing self-contained is what matters; PublishAot and PublishSelfContained imply it.
    fromMsbuild: properties => String(isTrue(properties.SelfContained) || isTrue(properties.PublishSelfContained) || isTrue(properties.PublishAot)),
    apply: value => ({ selfContained: value === 'true' }),
  },
  booleanFact('InvariantGlobalization', 'invariantGlobalization', on => ({ invariantGlobalization: on })),
  // A single-file app starts through its apphost, which the ENTRYPOINT names.
  booleanFact('PublishSingleFile', 'publishSingleFile', on => ({ publishSingleFile: on })),
  booleanFact('PublishReadyToRun', 'publishReadyToRun', on => ({ publishReadyToRun: on }), false),
  {
    property: 'RuntimeIdentifier',
    changesDockerfile: false,
    fromStatic: info => info.runtimeIdentifiers.join(';'),
    // Only a RID MSBuild settles on that the project does not list is news; the Dockerfile passes -a itself.
    fromMsbuild: (properties, info) => {
      const rid = properties.RuntimeIdentifier?.trim();
      return rid && !info.runtimeIdentifiers.some(listed => ignoringCase(listed, rid)) ? rid : undefined;
    },
    apply: (value, info) => ({ runtimeIdentifiers: [value, ...info.runtimeIdentifiers] }),
  },
  {
    property: 'UseAppHost',
    changesDockerfile: false,
    fromStatic: info => (info.useAppHost === undefined ? '(the SDK default)' : String(info.useAppHost)),
    // Unset in the project, the SDK's default is true on the platforms .NET images run on.
    fromMsbuild: (properties, info) => {
      const value = properties.UseAppHost?.trim().toLowerCase();
      if (!value || (info.useAppHost === undefined && value === 'true')) return undefined;
      return value;
    },
    apply: value => ({ useAppHost: value === 'true' }),
  },
];

/** The key facts on which MSBuild's evaluation disagrees with the static reading. */
export function compareWithStatic(info: ProjectInfo, properties: MsbuildProperties): PropertyDifference[] {
  const differences: PropertyDifference[] = [];
  for (const fact of facts) {
    const msbuild = fact.fromMsbuild(properties, info);
    if (msbuild === undefined) continue;
    const fromStatic = fact.fromStatic(info);
    if ((fact.sameMeaning ?? ((a: string, b: string) => a === b))(msbuild, fromStatic)) continue;
    const shown = (value: string) => (value === '' ? '(nothing)' : value);
    differences.push({
      property: fact.property,
      msbuild,
      static: fromStatic,
      changesDockerfile: fact.changesDockerfile,
      text: `MSBuild says ${fact.property} = ${shown(msbuild)} where the static reading said ${shown(fromStatic)}`,
    });
  }
  return differences;
}

/** The app facts to use instead of the static ones so that the plan follows MSBuild. */
export function overridesFrom(info: ProjectInfo, differences: readonly PropertyDifference[]): Partial<ProjectInfo> {
  let overrides: Partial<ProjectInfo> = {};
  for (const difference of differences) {
    const fact = facts.find(f => f.property === difference.property);
    // Later facts see the earlier ones applied (PublishAot before SelfContained).
    if (fact) overrides = { ...overrides, ...fact.apply(difference.msbuild, { ...info, ...overrides }) };
  }
  return overrides;
}

export type MsbuildConfirmation =
  | { readonly ok: true; readonly properties: MsbuildProperties; readonly differences: readonly PropertyDifference[]; readonly overrides: Partial<ProjectInfo> }
  | { readonly ok: false; readonly message: string };

/**
 * Runs MSBuild's own evaluation of the project and lines it up with the static reading (`info`, or a fresh
 * static reading): the differences, and the overrides that make a plan follow MSBuild.
 */
export async function confirmWithMsbuild(project: string, options: MsbuildRunOptions & { readonly info?: ProjectInfo } = {}): Promise<MsbuildConfirmation> {
  let info = options.info;
  if (!info) {
    const evaluated = evaluateProject(project);
    if (!evaluated.ok) return { ok: false, message: evaluated.problem.message };
    info = describeProject(evaluated.project);
  }
  const read = await readMsbuildProperties(project, keyProperties, options);
  if (!read.ok) return read;
  const differences = compareWithStatic(info, read.properties);
  return { ok: true, properties: read.properties, differences, overrides: overridesFrom(info, differences) };
}

import { DiagnosticTool, helperName } from './tools';
import type { DiagnosticsTarget } from './target';

// The container CLI's argv for one diagnostics session (docker and podman take the same ones), never shell text.
//
// A side container runs FROM THE TARGET'S OWN IMAGE (it has the very .NET runtime the app uses; chiseled images
// have no shell, and need none here) in the target's PID namespace (`--pid container:<id>`), as the target's
// user, with no network. Its main process is our helper, which waits; the tools run beside it with `exec`:
//   * a tool finds the target's diagnostics socket through TMPDIR=/proc/1/root/<the target's TMPDIR>: the target's
//     file system as its first process sees it (allowed for the same user by ptrace's "read" rule);
//   * the tools themselves open no socket (DOTNET_EnableDiagnostics=0), so nothing of ours lands in the target;
//   * a dump is written by the TARGET's runtime (createdump), to /proc/<helper pid>/root/…: straight into the side
//     container, never into the target's file system;
//   * a trace or counters file is written by the tool in the side container;
//   * files come out with `cp <side>:<path> <host path>` (the engine's archive API: no shell needed anywhere),
//     and the tools go in with `cp - <side>:/` from a tar stream we write (tar.ts).
// Nothing needs a bind mount, so remote engines (ssh://, tcp://) and Docker Desktop work the same.

/** Where the bundle (helper, tool, output folder) is in the side container. */
export const sideRoot = '/dotnet-containers-diagnostics';
export const sideOutputDir = `${sideRoot}/out`;
export const helperAssembly = `${sideRoot}/helper/${helperName}.dll`;
export const toolAssembly = (tool: DiagnosticTool): string => `${sideRoot}/${tool}/${tool}.dll`;

/** The label that marks side containers, with the target's id as its value. */
export const sideLabel = 'dotnet-containers.diagnostics';

export type Argv = readonly string[];

/** A container name or id as the user typed it; refused when the CLI could read it as an option. */
export function checkContainerName(text: string): string {
  const name = text.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new Error(`"${text}" is not a container name or id (letters, digits, '_', '.', '-', starting with a letter or digit)`);
  }
  return name;
}

/** A side container's name: the target's name (shortened) and a random suffix. */
export function sideContainerName(target: DiagnosticsTarget, suffix: string): string {
  const base = target.name.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 40) || target.id.slice(0, 12);
  return `dotnet-containers-diag-${base}-${suffix}`;
}

export function inspectArgv(container: string): Argv {
  return ['inspect', '--type', 'container', checkContainerName(container)];
}

export interface SideContainerPlan {
  readonly name: string;
  readonly target: DiagnosticsTarget;
  /** The target's image id unless --tools-image named another image with a .NET runtime. */
  readonly image: string;
  /** How long the helper waits before it exits by itself (the session removes the container long before). */
  readonly lifetimeSeconds: number;
}

/**
 * `create` of the side container. Not started yet: the tools are copied in first. No `--rm`: the session removes it
 * (also when it fails), and a stopped one keeps its logs for the error message.
 */
export function createArgv(plan: SideContainerPlan): Argv {
  const { target } = plan;
  return [
    'create',
    '--name', plan.name,
    '--label', `${sideLabel}=${target.id}`,
    '--pid', `container:${target.id}`,
    ...(target.user ? ['--user', target.user] : []),
    '--network', 'none',
    '--env', `TMPDIR=/proc/1/root${target.tempDir === '/' ? '' : target.tempDir}`,
    '--env', 'DOTNET_EnableDiagnostics=0',
    '--env', 'DOTNET_CLI_TELEMETRY_OPTOUT=1',
    '--entrypoint', 'dotnet',
    plan.image,
    helperAssembly, 'wait', String(Math.max(60, Math.ceil(plan.lifetimeSeconds))),
  ];
}

/** `cp - <side>:/`: the bundle as a tar stream on stdin. */
export function copyInArgv(name: string): Argv {
  return ['cp', '-', `${name}:/`];
}

export function startArgv(name: string): Argv {
  return ['start', name];
}

export function logsArgv(name: string): Argv {
  return ['logs', name];
}

export function removeArgv(name: string): Argv {
  return ['rm', '--force', name];
}

/** `cp <side>:<file in the output folder> <host path>`. */
export function copyOutArgv(name: string, file: string, hostPath: string): Argv {
  if (!/^[A-Za-z0-9_.-]+$/.test(file)) throw new Error(`"${file}" is not a plain file name`);
  return ['cp', `${name}:${sideOutputDir}/${file}`, hostPath];
}

/** `exec [-it] <side> dotnet <tool>.dll …`: a tool beside the helper, with the side container's user and environment. */
export function toolExecArgv(name: string, tool: DiagnosticTool, args: readonly string[], options: { readonly tty?: boolean } = {}): Argv {
  return ['exec', ...(options.tty ? ['--interactive', '--tty'] : []), name, 'dotnet', toolAssembly(tool), ...args];
}

// ---- the tools' own arguments -----------------------------------------------------------------------------

/** A duration as the tools take it: `dd:hh:mm:ss`. */
export function toolDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`a duration is a whole number of seconds, at least 1, not ${seconds}`);
  const two = (n: number) => String(n).padStart(2, '0');
  return [Math.floor(seconds / 86400), Math.floor(seconds / 3600) % 24, Math.floor(seconds / 60) % 60, seconds % 60].map(two).join(':');
}

export type DumpType = 'full' | 'heap' | 'mini' | 'triage';
export const dumpTypes: readonly DumpType[] = ['full', 'heap', 'mini', 'triage'];

export const processListArgs = (): readonly string[] => ['ps'];

/**
 * `dotnet-dump collect`: the target's runtime writes the dump itself, at a path of ITS file system view: through
 * /proc/<helper pid>/root it lands in the side container's output folder.
 */
export function dumpArgs(pid: number, helperPid: number, file: string, type: DumpType = 'full'): readonly string[] {
  const typeName = type[0]!.toUpperCase() + type.slice(1);
  return ['collect', '--process-id', String(pid), '--type', typeName, '--output', `/proc/${helperPid}/root${sideOutputDir}/${file}`];
}

/** `dotnet-trace collect` for a duration, into the side container's output folder (default providers: dotnet-common, CPU sampling). */
export function traceArgs(pid: number, seconds: number, file: string, profile?: string): readonly string[] {
  return ['collect', '--process-id', String(pid), '--duration', toolDuration(seconds), '--output', `${sideOutputDir}/${file}`, ...(profile ? ['--profile', checkList(profile, '--profile')] : [])];
}

/** `dotnet-counters monitor`: the live table, in a terminal. */
export function countersMonitorArgs(pid: number, options: { readonly seconds?: number; readonly counters?: string } = {}): readonly string[] {
  return [
    'monitor', '--process-id', String(pid), '--refresh-interval', '1',
    ...(options.counters ? ['--counters', checkList(options.counters, '--counters')] : []),
    ...(options.seconds !== undefined ? ['--duration', toolDuration(options.seconds)] : []),
  ];
}

/** `dotnet-counters collect` into a csv or json file for a duration (without a terminal, the live table shows nothing). */
export function countersCollectArgs(pid: number, seconds: number, file: string, format: 'csv' | 'json', counters?: string): readonly string[] {
  return [
    'collect', '--process-id', String(pid), '--refresh-interval', '1', '--format', format, '--output', `${sideOutputDir}/${file}`,
    '--duration', toolDuration(seconds),
    ...(counters ? ['--counters', checkList(counters, '--counters')] : []),
  ];
}

/** A provider or profile list: one argv element, never read as an option. */
function checkList(text: string, option: string): string {
  if (!text || text.startsWith('-') || /[\s\u0000-\u001f]/.test(text)) throw new Error(`${option} wants a comma-separated list without spaces, not "${text}"`);
  return text;
}

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { DiagnosticsError, explainHelperFailure, explainSideContainerFailure, explainToolFailure, lastLine, SideFailureContext } from './errors';
import { chooseProcess, DotnetProcess, parseProcessList } from './processes';
import {
  Argv, copyInArgv, copyOutArgv, countersCollectArgs, countersMonitorArgs, createArgv, dumpArgs, DumpType, inspectArgv, logsArgv, processListArgs,
  removeArgv, sideContainerName, sideRoot, startArgv, toolExecArgv, traceArgs,
} from './sideContainer';
import { readTarget, DiagnosticsTarget } from './target';
import { directoryEntries, TarEntry, writeTar } from './tar';
import type { InstalledTool } from './toolCache';
import { DiagnosticTool, helperReadyPrefix } from './tools';

// One diagnostics session on a running container: inspect it, bring the tools, start a side container in its PID
// namespace, find its .NET process, collect, copy the result out, remove the side container. Every step is an
// argv for the container CLI (sideContainer.ts); how it runs is the caller's (the CLI, the extension, the tests).

export type DiagnosticsAction = 'counters' | 'dump' | 'trace';
export const diagnosticsActions: readonly DiagnosticsAction[] = ['counters', 'dump', 'trace'];

export const toolFor: Readonly<Record<DiagnosticsAction, DiagnosticTool>> = { counters: 'dotnet-counters', dump: 'dotnet-dump', trace: 'dotnet-trace' };

/** How long a trace, or counters written to a file, run when no duration is given. */
export const defaultDurationSeconds = 10;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ContainerCliRunner {
  /** Runs the container CLI with this argv and collects its output; `input` writes its stdin (and ends it). Never throws. */
  run(argv: Argv, options?: { readonly input?: (stdin: Writable) => Promise<void>; readonly timeoutMs?: number }): Promise<CliResult>;
  /** Runs the container CLI on the user's terminal (the live counters), resolving with its exit code. */
  interactive(argv: Argv): Promise<number>;
}

export interface DiagnoseRequest {
  /** The target's name or id. */
  readonly container: string;
  readonly action: DiagnosticsAction;
  /** Trace, and counters into a file: how long (default 10 s). Live counters: until stopped, unless given. */
  readonly seconds?: number;
  /** The host file to write (absolute); counters without one and without `live` come back as text (CSV). */
  readonly output?: string;
  /** Counters: the live table on the caller's terminal (`exec -it`). */
  readonly live?: boolean;
  /** The .NET process in the container (its PID there); default: the only one, or PID 1. */
  readonly processId?: number;
  readonly dumpType?: DumpType;
  /** Counters: providers, e.g. `System.Runtime,Microsoft.AspNetCore.Hosting`. */
  readonly counters?: string;
  /** Trace: dotnet-trace profiles, e.g. `dotnet-common,dotnet-sampled-thread-time`. */
  readonly profile?: string;
  /** Run the tools on this image instead of the target's own (a self-contained app's image has no `dotnet`). */
  readonly toolsImage?: string;
}

export interface DiagnoseDeps {
  readonly runner: ContainerCliRunner;
  readonly ensureTool: (tool: DiagnosticTool) => Promise<InstalledTool>;
  readonly ensureHelper: () => Promise<string>;
  /** One line about what happens now (stderr in the CLI, the output channel in VS Code). */
  readonly progress: (line: string) => void;
  /** For the tests: the random part of names. */
  readonly suffix?: () => string;
  /** How long the helper may take to start (default 90 s: a side container on a slow storage driver copies the image). */
  readonly readyTimeoutMs?: number;
  readonly pollMs?: number;
}

export type DiagnoseResult =
  | { readonly kind: 'file'; readonly path: string; readonly bytes: number; readonly process: DotnetProcess; readonly target: DiagnosticsTarget }
  | { readonly kind: 'text'; readonly text: string; readonly process: DotnetProcess; readonly target: DiagnosticsTarget }
  | { readonly kind: 'live'; readonly exitCode: number; readonly process: DotnetProcess; readonly target: DiagnosticsTarget };

const minutes = (n: number) => n * 60_000;
/** How long the helper waits when the live table has no duration: the CLI removes the side container when it ends. */
const liveLifetimeSeconds = 12 * 3600;

/** Runs one session. Throws DiagnosticsError with a message for the user; the side container is removed in any case. */
export async function diagnose(request: DiagnoseRequest, deps: DiagnoseDeps): Promise<DiagnoseResult> {
  const { runner, progress } = deps;
  const suffix = deps.suffix ?? (() => randomBytes(3).toString('hex'));
  const tool = toolFor[request.action];
  const seconds = request.seconds ?? (request.action === 'counters' && request.live ? undefined : defaultDurationSeconds);
  if (request.output && fs.existsSync(request.output)) throw new DiagnosticsError('engine', `${request.output} exists already: choose another output file`);

  const inspected = await runner.run(inspectArgv(request.container), { timeoutMs: minutes(1) });
  if (inspected.code !== 0) {
    if (/no such (container|object)/i.test(inspected.stderr)) throw new DiagnosticsError('no-container', `no container "${request.container}"`);
    throw new DiagnosticsError('engine', `inspecting container "${request.container}" failed: ${lastLine(inspected.stderr) || `exit ${inspected.code}`}`);
  }
  const target = readTarget(inspected.stdout, request.container);

  const [installed, helperDir] = await Promise.all([deps.ensureTool(tool), deps.ensureHelper()]);

  const image = request.toolsImage ?? target.image;
  const name = sideContainerName(target, suffix());
  const context: SideFailureContext = { container: target.name, image: request.toolsImage ?? target.imageName, toolsImageGiven: request.toolsImage !== undefined };
  progress(`container ${target.name}: a side container in its process namespace, from ${request.toolsImage ? `the image ${request.toolsImage}` : `its own image (${target.imageName})`}, `
    + `as ${target.user ? `user ${target.user}` : 'the image\'s user'}`);
  const created = await runner.run(createArgv({ name, target, image, lifetimeSeconds: seconds === undefined ? liveLifetimeSeconds : seconds + 900 }), { timeoutMs: minutes(5) });
  if (created.code !== 0) throw explainSideContainerFailure(created.stderr || created.stdout, context);
  try {
    const entries: TarEntry[] = [
      { path: sideRoot.slice(1), type: 'dir', mode: 0o755 },
      // Written by the target's runtime (a dump) or by the tool, as the target's user.
      { path: `${sideRoot.slice(1)}/out`, type: 'dir', mode: 0o1777 },
      ...directoryEntries(helperDir, `${sideRoot.slice(1)}/helper`),
      ...directoryEntries(installed.assemblyDir, `${sideRoot.slice(1)}/${tool}`),
    ];
    const copied = await runner.run(copyInArgv(name), { input: stdin => writeTar(entries, stdin), timeoutMs: minutes(5) });
    if (copied.code !== 0) throw new DiagnosticsError('engine', `copying ${tool} into the side container failed: ${lastLine(copied.stderr) || `exit ${copied.code}`}`);
    const started = await runner.run(startArgv(name), { timeoutMs: minutes(5) });
    if (started.code !== 0) throw explainSideContainerFailure(started.stderr || started.stdout, context);
    const helperPid = await waitForHelper(name, context, deps);

    const listed = await runner.run(toolExecArgv(name, tool, processListArgs()), { timeoutMs: minutes(2) });
    const toolContext = { container: target.name, tool, user: target.user };
    if (listed.code !== 0) throw explainToolFailure(`${listed.stdout}\n${listed.stderr}`, toolContext);
    const chosen = chooseProcess(parseProcessList(listed.stdout), target.name, request.processId);
    progress(`.NET process ${chosen.pid} in ${target.name}: ${chosen.commandLine || chosen.path}`);

    const collect = async (args: readonly string[], timeoutMs: number) => {
      const result = await runner.run(toolExecArgv(name, tool, args), { timeoutMs });
      if (result.code !== 0) throw explainToolFailure(`${result.stdout}\n${result.stderr}`, toolContext);
      return result;
    };

    switch (request.action) {
      case 'dump': {
        const type = request.dumpType ?? 'full';
        progress(`dotnet-dump: the runtime writes a ${type} dump of process ${chosen.pid} (this can take a while)`);
        await collect(dumpArgs(chosen.pid, helperPid, 'dump.dmp', type), minutes(30));
        const written = await copyOut(runner, name, 'dump.dmp', requireOutput(request));
        return { kind: 'file', ...written, process: chosen, target };
      }
      case 'trace': {
        progress(`dotnet-trace: tracing process ${chosen.pid} for ${seconds} s`);
        await collect(traceArgs(chosen.pid, seconds!, 'trace.nettrace', request.profile), (seconds! * 1000) + minutes(10));
        const written = await copyOut(runner, name, 'trace.nettrace', requireOutput(request));
        return { kind: 'file', ...written, process: chosen, target };
      }
      case 'counters': {
        if (request.live) {
          const exitCode = await runner.interactive(toolExecArgv(name, tool, countersMonitorArgs(chosen.pid, { ...(seconds !== undefined ? { seconds } : {}), ...(request.counters ? { counters: request.counters } : {}) }), { tty: true }));
          return { kind: 'live', exitCode, process: chosen, target };
        }
        const format = request.output && /\.json$/i.test(request.output) ? 'json' : 'csv';
        const file = `counters.${format}`;
        progress(`dotnet-counters: collecting the counters of process ${chosen.pid} for ${seconds} s`);
        await collect(countersCollectArgs(chosen.pid, seconds!, file, format, request.counters), (seconds! * 1000) + minutes(2));
        if (request.output) return { kind: 'file', ...await copyOut(runner, name, file, request.output), process: chosen, target };
        const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'dotnet-containers-counters-'));
        try {
          const written = await copyOut(runner, name, file, path.join(temp, file));
          return { kind: 'text', text: fs.readFileSync(written.path, 'utf8'), process: chosen, target };
        } finally {
          fs.rmSync(temp, { recursive: true, force: true });
        }
      }
      default:
        throw new DiagnosticsError('engine', `nothing to collect for "${String(request.action)}"`);
    }
  } finally {
    const removed = await runner.run(removeArgv(name), { timeoutMs: minutes(2) });
    if (removed.code !== 0 && !/no such container/i.test(removed.stderr)) progress(`could not remove the side container ${name}: ${lastLine(removed.stderr)}`);
  }
}

function requireOutput(request: DiagnoseRequest): string {
  if (!request.output) throw new DiagnosticsError('engine', `a ${request.action} needs an output file`);
  return request.output;
}

/** Waits until the helper says its PID (in the target's namespace), or explains why it stopped. */
async function waitForHelper(name: string, context: SideFailureContext, deps: DiagnoseDeps): Promise<number> {
  const deadline = Date.now() + (deps.readyTimeoutMs ?? 90_000);
  const pollMs = deps.pollMs ?? 250;
  let said = '';
  for (let attempt = 0; ; attempt++) {
    const logs = await deps.runner.run(logsArgv(name), { timeoutMs: minutes(1) });
    said = `${logs.stdout}\n${logs.stderr}`;
    const ready = new RegExp(`${helperReadyPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)`).exec(logs.stdout);
    if (ready) return Number(ready[1]);
    if (logs.code !== 0 && /does not support reading|logging driver/i.test(logs.stderr)) {
      throw new DiagnosticsError('engine', `the side container's output cannot be read (its logging driver does not support reading): ${lastLine(logs.stderr)}`);
    }
    // Stopped already: the helper could not run (no runtime, a runtime older than .NET 8, …).
    if (attempt % 4 === 3) {
      const state = await deps.runner.run(['inspect', '--type', 'container', '--format', '{{.State.Running}}', name], { timeoutMs: minutes(1) });
      if (state.code === 0 && state.stdout.trim() === 'false') throw explainHelperFailure(said, context);
    }
    if (Date.now() > deadline) throw new DiagnosticsError('engine', `the side container did not become ready in ${Math.round((deps.readyTimeoutMs ?? 90_000) / 1000)} s: ${lastLine(said) || 'no output'}`);
    await new Promise(resolve => setTimeout(resolve, pollMs));
  }
}

/** `cp` of a file out of the side container: to a partial name first, renamed when whole; never over an existing file. */
async function copyOut(runner: ContainerCliRunner, name: string, file: string, hostPath: string): Promise<{ path: string; bytes: number }> {
  if (fs.existsSync(hostPath)) throw new DiagnosticsError('engine', `${hostPath} exists already: choose another output file`);
  const partial = `${hostPath}.partial-${randomBytes(3).toString('hex')}`;
  try {
    const copied = await runner.run(copyOutArgv(name, file, partial), { timeoutMs: minutes(30) });
    if (copied.code !== 0) throw new DiagnosticsError('engine', `copying ${file} out of the side container failed: ${lastLine(copied.stderr) || `exit ${copied.code}`}`);
    const bytes = fs.statSync(partial).size;
    if (bytes === 0) throw new DiagnosticsError('tool-failed', `the ${file} the tool wrote is empty`);
    fs.renameSync(partial, hostPath);
    return { path: hostPath, bytes };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

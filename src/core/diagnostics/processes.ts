import { DiagnosticsError } from './errors';

// The .NET processes of the target, as a tool's `ps` lists them from the diagnostics sockets in the target's
// temporary folder, and which one to diagnose.

export interface DotnetProcess {
  /** In the target's PID namespace, which the side container shares. */
  readonly pid: number;
  readonly name: string;
  readonly path: string;
  readonly commandLine: string;
}

/** `dotnet-counters|dotnet-dump|dotnet-trace ps`: `<pid> <name> <path> <command line>` per line, columns padded with spaces. */
export function parseProcessList(stdout: string): DotnetProcess[] {
  const processes: DotnetProcess[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^\s*(\d+)\s+(\S+)\s+(\S+)(?:\s+(.*?))?\s*$/.exec(line);
    if (!match) continue;
    processes.push({ pid: Number(match[1]), name: match[2]!, path: match[3]!, commandLine: match[4] ?? '' });
  }
  return processes;
}

export function describeProcess(process: DotnetProcess): string {
  return `${process.pid} (${process.commandLine || process.path})`;
}

/**
 * The process to diagnose: the one asked for, else the only one, else the container's first process (PID 1)
 * when it is one of them. Several others: the user chooses (--process).
 */
export function chooseProcess(processes: readonly DotnetProcess[], container: string, requested?: number): DotnetProcess {
  if (processes.length === 0) {
    throw new DiagnosticsError('not-dotnet', `no .NET process answers in container "${container}": none published a diagnostics socket in its temporary folder `
      + '(it is not a .NET app, the app has not started yet, or it runs .NET older than 5.0)');
  }
  if (requested !== undefined) {
    const found = processes.find(process => process.pid === requested);
    if (!found) {
      throw new DiagnosticsError('not-dotnet', `process ${requested} in container "${container}" is not a .NET process that answers diagnostics; `
        + `the .NET processes are: ${processes.map(describeProcess).join(', ')}`);
    }
    return found;
  }
  if (processes.length === 1) return processes[0]!;
  const first = processes.find(process => process.pid === 1);
  if (first) return first;
  throw new DiagnosticsError('several-processes', `container "${container}" has several .NET processes: ${processes.map(describeProcess).join(', ')}; `
    + 'choose one with --process <pid>');
}

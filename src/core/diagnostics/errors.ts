// What can go wrong while diagnosing a container, each said in words a user can act on. The classification of
// an engine's or a tool's message is pure (it is unit-tested with the messages engines and tools really print).

export type DiagnosticsErrorKind =
  /** The container does not exist, or is not running. */
  | 'no-container'
  | 'not-running'
  /** A Windows container: side containers that share a PID namespace are a Linux feature. */
  | 'windows'
  /** Nothing answers on a .NET diagnostics socket in the container. */
  | 'not-dotnet'
  /** The target turned diagnostics off (DOTNET_EnableDiagnostics=0). */
  | 'diagnostics-disabled'
  /** The side container has no .NET 8+ runtime to run the tools (a self-contained app, an image without dotnet). */
  | 'no-runtime'
  /** The engine refused a side container in the target's PID namespace. */
  | 'pid-sharing-refused'
  /** The side container may not look into the target's processes (ptrace access), or createdump may not ptrace. */
  | 'ptrace-denied'
  /** Several .NET processes, and none chosen. */
  | 'several-processes'
  /** Installing the tools or building the helper failed. */
  | 'tools'
  /** A tool ran and failed. */
  | 'tool-failed'
  /** The container CLI or the engine failed in another way. */
  | 'engine';

export class DiagnosticsError extends Error {
  constructor(readonly kind: DiagnosticsErrorKind, message: string) {
    super(message);
  }
}

/** The last meaningful line of a program's output: what it said last, without stack frames and blank lines. */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map(line => line.trim()).filter(line => line && !/^at\s/.test(line) && !/^-{3}/.test(line));
  return (lines[lines.length - 1] ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 400);
}

/** The first line that says what went wrong, for messages that put the reason first (exceptions, engine errors). */
function firstLine(text: string): string {
  const line = text.split(/\r?\n/).map(l => l.trim()).find(l => l && !/^at\s/.test(l)) ?? '';
  return line.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 400);
}

export interface SideFailureContext {
  /** The target as the user named it. */
  readonly container: string;
  /** The image the side container runs (the target's own unless --tools-image). */
  readonly image: string;
  readonly toolsImageGiven: boolean;
}

/**
 * Why a side container could not be created or started (`create`/`start` of `--pid container:<target>`), from the
 * container CLI's stderr. Unknown messages stay the engine's own words.
 */
export function explainSideContainerFailure(stderr: string, context: SideFailureContext): DiagnosticsError {
  const said = firstLine(stderr.replace(/^Error( response from daemon)?:\s*/im, '')) || 'no message';
  const text = stderr.toLowerCase();
  if (/executable file not found|no such file or directory.*dotnet|"dotnet": .*not found|exec: "dotnet"/.test(text)) {
    return new DiagnosticsError('no-runtime', noRuntimeMessage(context));
  }
  if (/is not running|non running container|container .* is restarting/.test(text)) {
    return new DiagnosticsError('not-running', `container "${context.container}" is not running: start it first (the engine said: ${said})`);
  }
  if (/no such container/.test(text) && !/no such image/.test(text)) {
    return new DiagnosticsError('no-container', `no container "${context.container}" (the engine said: ${said})`);
  }
  if (/pid namespace|pid mode|--pid|pidmode|joining.*pid|pid.*(share|join)|namespace.*(not permitted|not supported|denied|cannot)|user namespace/.test(text)) {
    return new DiagnosticsError('pid-sharing-refused', `the engine does not let a side container share the process namespace of "${context.container}" `
      + `(--pid container:…), which the diagnostics tools need to reach its .NET runtime: ${said}`);
  }
  return new DiagnosticsError('engine', `the side container for "${context.container}" (image ${context.image}) did not start: ${said}`);
}

function noRuntimeMessage(context: SideFailureContext): string {
  return context.toolsImageGiven
    ? `the image ${context.image} given with --tools-image has no \`dotnet\` to run the diagnostics tools: give an image with a .NET 8 or later runtime (e.g. mcr.microsoft.com/dotnet/runtime:10.0)`
    : `the image of "${context.container}" has no \`dotnet\` to run the diagnostics tools (a self-contained or native AOT app, or not a .NET app): `
      + 'pass --tools-image with an image that has a .NET 8 or later runtime (e.g. mcr.microsoft.com/dotnet/runtime:10.0)';
}

/**
 * Why the helper (the side container's first .NET process) stopped before it was ready, from its output: most
 * often a runtime older than .NET 8, which the tools cannot run on.
 */
export function explainHelperFailure(output: string, context: SideFailureContext): DiagnosticsError {
  const text = output.toLowerCase();
  if (/you must install or update \.net|framework 'microsoft\.netcore\.app', version '8\.0\.0'|no frameworks were found|compatible framework version/.test(text)) {
    return new DiagnosticsError('no-runtime', context.toolsImageGiven
      ? `the image ${context.image} given with --tools-image has no .NET 8 or later runtime, which the diagnostics tools need`
      : `the image of "${context.container}" has a .NET runtime older than 8.0, which the diagnostics tools cannot run on: `
        + 'pass --tools-image with an image that has a .NET 8 or later runtime (e.g. mcr.microsoft.com/dotnet/runtime:8.0)');
  }
  if (/executable file not found|exec: "dotnet"/.test(text)) return new DiagnosticsError('no-runtime', noRuntimeMessage(context));
  return new DiagnosticsError('engine', `the side container for "${context.container}" stopped before it was ready: ${lastLine(output) || 'no output'}`);
}

export interface ToolFailureContext {
  readonly container: string;
  readonly tool: string;
  /** The user the side container runs as (the target's). */
  readonly user: string;
}

/**
 * Why a tool failed in the side container, from its output. Access to `/proc/1/root` is what ptrace rules
 * decide: the side container runs as the target's user, which must be the user of the target's first process.
 */
export function explainToolFailure(output: string, context: ToolFailureContext): DiagnosticsError {
  const text = output.toLowerCase();
  if (/access to the path '\/proc\/\d+\/root[^']*' is denied|unauthorizedaccessexception.*\/proc\//.test(text)) {
    return new DiagnosticsError('ptrace-denied', `the side container, running as user ${context.user || 'root'}, may not look into the processes of "${context.container}" `
      + '(/proc/1/root is denied): the container\'s first process runs as another user, or the engine\'s security profile (ptrace, AppArmor, SELinux) forbids it');
  }
  if (/ptrace|createdump.*(not permitted|permission)|operation not permitted/.test(text)) {
    return new DiagnosticsError('ptrace-denied', `${context.tool} failed because the engine does not allow ptrace in "${context.container}", which the runtime's createdump needs: `
      + `start the container with --cap-add SYS_PTRACE or a seccomp profile that allows ptrace (${lastLine(output)})`);
  }
  if (/could not find a part of the path '\/proc\/\d+\/root|directorynotfoundexception/.test(text)) {
    return new DiagnosticsError('not-dotnet', `"${context.container}" has no temporary folder where a .NET runtime would publish its diagnostics socket, so no .NET process answers there`);
  }
  if (/unable to connect to process|process .* is not a \.net process|is not running or the process id is not a \.net process|unable to discover|serverNotAvailable/i.test(output)) {
    return new DiagnosticsError('not-dotnet', `${context.tool} could not reach a .NET runtime in "${context.container}": ${lastLine(output)}`);
  }
  return new DiagnosticsError('tool-failed', `${context.tool} failed in the side container of "${context.container}": ${lastLine(output) || 'no output'}`);
}

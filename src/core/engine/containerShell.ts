/**
 * Opening a shell in a container: the shells tried, best first, and what to say when the image has none
 * (chiseled and distroless .NET images ship no shell, on purpose).
 */
export const shellsToTry = ['bash', 'sh'] as const;

/** The argv (after the CLI) that checks whether `shell` runs in the container: a constant script, no names in it. */
export function shellProbeArgv(container: string, shell: string): string[] {
  return ['exec', container, shell, '-c', 'exit 0'];
}

/** The argv (after the CLI) of an interactive shell in the container. */
export function interactiveShellArgv(container: string, shell: string): string[] {
  return ['exec', '--interactive', '--tty', container, shell];
}

/** What the CLI's answer to a probe says: the shell is there, it is not, or something else went wrong. */
export function probeVerdict(exitCode: number | null, output: string): 'present' | 'absent' | 'failed' {
  if (exitCode === 0) return 'present';
  // docker: `exec: "bash": executable file not found in $PATH` (126/127); podman: `executable file not found`.
  if (/executable file not found|no such file or directory|not found in \$PATH/i.test(output)) return 'absent';
  return 'failed';
}

export function noShellMessage(name: string): string {
  return `${name} has no shell (bash or sh): its image is chiseled or distroless, which ship none on purpose. `
    + 'Its .NET process can still be looked into: Collect Counters, Collect Dump or Collect Trace run the diagnostics tools '
    + 'in a side container that shares its process namespace.';
}

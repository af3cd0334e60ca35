/** Writing values into a Dockerfile so that Docker and the shell read back exactly the value. */

/**
 * One element of a JSON-form instruction (`COPY ["a", "b"]`, `ENTRYPOINT [...]`). COPY/ADD still apply
 * Docker's variable and escape processing inside JSON strings, so `$` and `\` are escaped for them.
 */
export function jsonArg(value: string, processesVariables: boolean): string {
  return JSON.stringify(processesVariables ? value.replace(/[\\$]/g, match => `\\${match}`) : value);
}

/** A word for the POSIX shell that runs shell-form RUN: bare when safe, else single-quoted. */
export function shellWord(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A path inside the build context, with forward slashes, for Dockerfile instructions. */
export function contextPath(relative: string): string {
  return relative.split(/[\\/]+/).filter(Boolean).join('/');
}

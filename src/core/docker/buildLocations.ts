import { createHash } from 'node:crypto';

/**
 * Where a build task's Dockerfile and context are, for the build problem matchers. Build output names
 * neither (`Dockerfile:12`, `/src/App/Program.cs(5,1)`), and a problem matcher can only learn a path
 * through a `${command:…}` variable, which VS Code calls without saying for which task. So each build
 * task carries a key of its own, in an environment variable that is itself a `${command:…}` variable
 * named after the key: the matchers' commands are called with the task's variables, and find the key there.
 */
export interface BuildLocation {
  readonly dockerfile: string;
  readonly context: string;
}

/** The command whose name carries a build's key; it answers with the key, so that it is found resolved or not. */
export const buildKeyCommandPrefix = 'dotnetContainers.buildLocation.at.';
const keyAnswerPrefix = 'dotnet-containers-build:';
const keyPattern = new RegExp(`(?:${buildKeyCommandPrefix.replace(/\./g, '\\.')}|${keyAnswerPrefix})([0-9a-f]{16})`);

/** The same Dockerfile built from the same context has the same key. */
export function buildLocationKey(location: BuildLocation): string {
  return createHash('sha256').update(`${location.dockerfile}\0${location.context}`).digest('hex').slice(0, 16);
}

/** What the key's own command answers. */
export function buildKeyAnswer(key: string): string {
  return `${keyAnswerPrefix}${key}`;
}

/** The key among the variables VS Code passes to a `${command:…}` variable (an array or object of strings). */
export function findBuildLocationKey(variables: unknown): string | undefined {
  if (typeof variables === 'string') return keyPattern.exec(variables)?.[1];
  if (Array.isArray(variables)) {
    for (const value of variables) {
      const key = findBuildLocationKey(value);
      if (key) return key;
    }
    return undefined;
  }
  return variables && typeof variables === 'object' ? findBuildLocationKey([...Object.keys(variables), ...Object.values(variables)]) : undefined;
}

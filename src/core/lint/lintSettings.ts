import * as path from 'node:path';
import { severities, SeveritySetting } from './types';

/**
 * Extensions that already show dockerfile-utils' generic checks on Dockerfiles: Container Tools, the Docker
 * extension (which now depends on it) and Docker DX. Next to one of them, `genericChecks: auto` stays quiet
 * so that the same problem is not listed twice.
 */
export const extensionsWithGenericChecks: readonly string[] = ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker', 'docker.docker'];

export type GenericChecksSetting = 'auto' | 'on' | 'off';

/** Whether to run the generic `dockerfile/*` checks, given the setting and which extensions are installed. */
export function genericChecksWanted(setting: unknown, isInstalled: (extensionId: string) => boolean): boolean {
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return !extensionsWithGenericChecks.some(isInstalled);
}

/** The `severity` setting as the linter takes it: entries whose value is not a severity or `off` are dropped. */
export function severitySettings(value: unknown): Record<string, SeveritySetting> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const allowed: readonly unknown[] = [...severities, 'off'];
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, SeveritySetting] => allowed.includes(entry[1])));
}

/** A path setting (`lint.project`, `lint.context`) resolved against the workspace folder; undefined when unset. */
export function settingPath(value: unknown, base: string): string | undefined {
  return typeof value === 'string' && value.trim() ? path.resolve(base, value.trim()) : undefined;
}

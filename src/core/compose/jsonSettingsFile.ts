import * as JSON5 from 'json5';
import { ProjectFileSystem } from '../project/fileSystem';
import { readProjectFile } from '../project/projectFile';

/** The largest settings file read (`launchSettings.json`, `appsettings*.json`): real ones are a few KB. */
export const maxSettingsFileBytes = 256 * 1024;

export type JsonSettingsRead =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly missing: true }
  | { readonly ok: false; readonly missing: false; readonly message: string };

/**
 * A .NET JSON settings file as .NET's configuration reads it: comments and trailing commas allowed, a byte order
 * mark or UTF-16 accepted, bounded in size. A file that is not valid says where (line and column), never quoting
 * it: settings files hold connection strings and keys.
 */
export function readJsonSettings(file: string, fileSystem: ProjectFileSystem): JsonSettingsRead {
  if (!fileSystem.exists(file)) return { ok: false, missing: true };
  const read = readProjectFile(file, fileSystem, maxSettingsFileBytes);
  if (!read.ok) return { ok: false, missing: false, message: read.problem.message };
  let value: unknown;
  try {
    // JSON5 reads comments and trailing commas as .NET's configuration does (and a little more, harmlessly).
    value = JSON5.parse(read.text);
  } catch (error) {
    // Its message quotes the character it stopped at: only the place is said.
    const { lineNumber, columnNumber } = error as { lineNumber?: number; columnNumber?: number };
    return { ok: false, missing: false, message: `not valid JSON at line ${lineNumber ?? 1}, column ${columnNumber ?? 1}` };
  }
  return { ok: true, value };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import * as path from 'node:path';
import { ProjectFileSystem } from '../project/fileSystem';
import { isRecord, readJsonSettings } from './jsonSettingsFile';

/** One configuration value, under its .NET configuration key (`StockData:Address`, `Stocks:Symbols:0`). */
export interface SettingValue {
  readonly key: string;
  readonly value: string;
  /** The file it was read from. */
  readonly file: string;
}

export interface AppSettings {
  /** Each key once: the file a container would take it from wins (see {@link readAppSettings}). */
  readonly values: readonly SettingValue[];
  /** Files that exist but could not be read: said, never quoted. */
  readonly problems: readonly string[];
}

/**
 * The settings files a containerized app sees, in the order a key is taken from: `appsettings.Production.json`
 * (a container runs as Production unless told otherwise), `appsettings.json`, then `appsettings.Development.json`
 * for keys only development sets, which the app then finds missing in the container unless the environment gives
 * them.
 */
const settingsFiles = ['appsettings.Production.json', 'appsettings.json', 'appsettings.Development.json'];

export function readAppSettings(projectDirectory: string, fileSystem: ProjectFileSystem): AppSettings {
  const seen = new Set<string>();
  const values: SettingValue[] = [];
  const problems: string[] = [];
  for (const name of settingsFiles) {
    const file = path.join(projectDirectory, name);
    const read = readJsonSettings(file, fileSystem);
    if (!read.ok) {
      if (!read.missing) problems.push(`${file}: ${read.message}`);
      continue;
    }
    for (const value of flatten(read.value, '', file)) {
      // .NET configuration keys are case-insensitive.
      const folded = value.key.toLowerCase();
      if (seen.has(folded)) continue;
      seen.add(folded);
      values.push(value);
    }
  }
  return { values, problems };
}

/** Strings, numbers and booleans under their configuration keys, as .NET's JSON provider flattens them. */
function flatten(node: unknown, prefix: string, file: string, depth = 0): SettingValue[] {
  if (depth > 64) return [];
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return prefix ? [{ key: prefix, value: String(node), file }] : [];
  const entries = Array.isArray(node) ? node.map((item, index) => [String(index), item] as const) : isRecord(node) ? Object.entries(node) : [];
  return entries.flatMap(([key, value]) => flatten(value, prefix ? `${prefix}:${key}` : key, file, depth + 1));
}

/** The environment variable that sets a configuration key (`StockData:Address` → `StockData__Address`). */
export function environmentName(key: string): string {
  return key.replace(/:/g, '__');
}

/** A URL to this machine (`http://localhost:5001/api`): its scheme, port (the scheme's default when none) and the rest. */
export interface LocalUrl {
  readonly scheme: string;
  readonly port: number;
  readonly rest: string;
}

export function localUrl(value: string): LocalUrl | undefined {
  const match = /^(https?|grpc|ws|wss):\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(\/.*)?$/i.exec(value.trim());
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const port = match[2] ? Number(match[2]) : /^(https|wss)$/.test(scheme) ? 443 : 80;
  return { scheme, port, rest: match[3] ?? '' };
}

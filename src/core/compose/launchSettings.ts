import * as path from 'node:path';
import { ProjectFileSystem } from '../project/fileSystem';
import { isRecord, readJsonSettings } from './jsonSettingsFile';

/** One URL a launch profile serves the app on during development (`applicationUrl`). */
export interface LaunchEndpoint {
  readonly scheme: 'http' | 'https';
  readonly port: number;
  readonly profile: string;
}

export interface LaunchSettings {
  /** `Properties/launchSettings.json`, when the project has one. */
  readonly file?: string;
  /** The endpoints of the profiles that run the project (`commandName: Project`), in file order. */
  readonly endpoints: readonly LaunchEndpoint[];
  /** Why the file could not be used (it exists but is not valid JSON, or too large). */
  readonly problem?: string;
}

/** Where a project's app listens during development, from its launch profiles. */
export function readLaunchSettings(projectDirectory: string, fileSystem: ProjectFileSystem): LaunchSettings {
  const file = path.join(projectDirectory, 'Properties', 'launchSettings.json');
  const read = readJsonSettings(file, fileSystem);
  if (!read.ok) return read.missing ? { endpoints: [] } : { file, endpoints: [], problem: `${file}: ${read.message}` };
  const profiles = isRecord(read.value) && isRecord(read.value.profiles) ? read.value.profiles : {};
  const endpoints: LaunchEndpoint[] = [];
  for (const [profile, settings] of Object.entries(profiles)) {
    if (!isRecord(settings) || settings.commandName !== 'Project' || typeof settings.applicationUrl !== 'string') continue;
    for (const url of settings.applicationUrl.split(';')) {
      const endpoint = endpointOf(url.trim());
      if (endpoint) endpoints.push({ ...endpoint, profile });
    }
  }
  return { file, endpoints };
}

/** The host port the app is reached on from the host: the first plain-HTTP endpoint, else the first one. */
export function hostPort(settings: LaunchSettings): LaunchEndpoint | undefined {
  return settings.endpoints.find(e => e.scheme === 'http') ?? settings.endpoints[0];
}

/** `http://localhost:5001`, `https://*:7001`, `http://+:80`: the scheme and port (the scheme's default when none is written). */
function endpointOf(url: string): { scheme: 'http' | 'https'; port: number } | undefined {
  const match = /^(https?):\/\/(?:\[[^\]]*\]|[^/:]*)(?::(\d{1,5}))?(?:\/.*)?$/i.exec(url);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase() as 'http' | 'https';
  const port = match[2] ? Number(match[2]) : scheme === 'https' ? 443 : 80;
  return port > 0 && port < 65536 ? { scheme, port } : undefined;
}

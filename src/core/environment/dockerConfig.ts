import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** What we may say about a docker `config.json`: where it is and which hosts it knows, never a secret. */
export interface DockerConfigSummary {
  readonly path: string;
  readonly exists: boolean;
  /** Registries with an `auths` entry (host names only). */
  readonly authHosts: readonly string[];
  /** The default credential store (`credsStore`), e.g. `desktop`, `pass`. */
  readonly credsStore?: string;
  /** Per-registry credential helpers (`credHelpers`): host → helper name. */
  readonly credHelpers: Readonly<Record<string, string>>;
  readonly currentContext?: string;
  /** Set when the file exists but cannot be read as JSON. */
  readonly problem?: string;
}

/** The docker CLI's config folder: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  return env.DOCKER_CONFIG && env.DOCKER_CONFIG.trim() ? env.DOCKER_CONFIG : path.join(home, '.docker');
}

/** Reads `config.json` and keeps only non-secret facts. */
export async function readDockerConfig(configDir: string): Promise<DockerConfigSummary> {
  const file = path.join(configDir, 'config.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return { path: file, exists: false, authHosts: [], credHelpers: {} };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { path: file, exists: true, authHosts: [], credHelpers: {}, problem: `not valid JSON (${(error as Error).message})` };
  }
  if (!isRecord(parsed)) {
    return { path: file, exists: true, authHosts: [], credHelpers: {}, problem: 'not a JSON object' };
  }
  const auths = isRecord(parsed.auths) ? Object.keys(parsed.auths) : [];
  const credHelpers: Record<string, string> = {};
  if (isRecord(parsed.credHelpers)) {
    for (const [host, helper] of Object.entries(parsed.credHelpers)) {
      if (typeof helper === 'string') credHelpers[host] = helper;
    }
  }
  return {
    path: file,
    exists: true,
    authHosts: auths.sort(),
    credHelpers,
    ...(typeof parsed.credsStore === 'string' && parsed.credsStore ? { credsStore: parsed.credsStore } : {}),
    ...(typeof parsed.currentContext === 'string' && parsed.currentContext ? { currentContext: parsed.currentContext } : {}),
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

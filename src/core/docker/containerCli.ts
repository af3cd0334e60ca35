import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import { dockerConfigDir, readDockerConfig } from '../environment/dockerConfig';
import { EngineEndpoint, engineEndpoints } from '../environment/engineEndpoints';
import { pingEngine } from '../environment/pingEngine';
import { findExecutable } from '../process/findExecutable';

/** `dotnetContainers.containerCli`. */
export type ContainerCliPreference = 'auto' | 'docker' | 'podman';
export const containerCliPreferences: readonly ContainerCliPreference[] = ['auto', 'docker', 'podman'];

export interface ContainerCli {
  readonly name: 'docker' | 'podman';
  /** The executable, absolute. */
  readonly path: string;
  /** Added to the CLI's environment: where the engine is, when the CLI would not find it by itself. */
  readonly env: Readonly<Record<string, string>>;
  /** The engine that answered, found the way Check Environment finds it. */
  readonly engine?: EngineEndpoint & { readonly product: 'Docker' | 'Podman' };
}

export interface ChooseCliInputs {
  readonly preference: ContainerCliPreference;
  /** `dotnetContainers.containerCliPath`: this executable instead of the one on PATH. */
  readonly explicitPath?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly home?: string;
  readonly platform?: NodeJS.Platform;
}

/**
 * Picks the container CLI and tells it which engine to use. The engine is the first endpoint that answers,
 * in the order Check Environment tries them (DOCKER_HOST, the docker context, the usual sockets). The
 * docker CLI honours DOCKER_HOST and its context by itself; for an engine it only finds by probing (a
 * rootless, Docker Desktop or Podman socket), DOCKER_HOST is set for it.
 */
export async function chooseContainerCli(inputs: ChooseCliInputs): Promise<{ ok: true; cli: ContainerCli } | { ok: false; message: string }> {
  const platform = inputs.platform ?? process.platform;
  const engine = await findAnsweringEngine(inputs.env, inputs.home ?? os.homedir(), platform);
  if (inputs.explicitPath && !await isFile(inputs.explicitPath)) return { ok: false, message: `dotnetContainers.containerCliPath names ${inputs.explicitPath}, which is not a file.` };
  const name = await pickCliName(inputs, engine?.product, platform);
  const file = inputs.explicitPath || (name && await findExecutable(name, inputs.env, platform));
  if (!name || !file) {
    const missing = inputs.preference === 'auto' ? 'Neither docker nor podman is on PATH. Install one' : `${inputs.preference} is not on PATH. Install it`;
    return { ok: false, message: `${missing}, or set dotnetContainers.containerCliPath.` };
  }
  const probedOnly = engine && engine.source !== 'DOCKER_HOST' && engine.source !== 'docker context' && engine.source !== 'default socket';
  const env: Record<string, string> = name === 'docker' && probedOnly ? { DOCKER_HOST: engine.host } : {};
  return { ok: true, cli: { name, path: file, env, ...(engine ? { engine } : {}) } };
}

async function pickCliName(inputs: ChooseCliInputs, product: 'Docker' | 'Podman' | undefined, platform: NodeJS.Platform): Promise<'docker' | 'podman' | undefined> {
  if (inputs.preference !== 'auto') return inputs.preference;
  if (inputs.explicitPath) return /podman[^/\\]*$/i.test(inputs.explicitPath) ? 'podman' : 'docker';
  const [docker, podman] = await Promise.all([findExecutable('docker', inputs.env, platform), findExecutable('podman', inputs.env, platform)]);
  // A Podman engine is best driven by podman; anything else by docker when both are there.
  if (product === 'Podman' && podman) return 'podman';
  return docker ? 'docker' : podman ? 'podman' : undefined;
}

async function findAnsweringEngine(env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform): Promise<ContainerCli['engine']> {
  const configDir = dockerConfigDir(env, home);
  const config = await readDockerConfig(configDir);
  const endpoints = await engineEndpoints({ env, home, platform, configDir, ...(config.currentContext ? { currentContext: config.currentContext } : {}) });
  const probes = await Promise.all(endpoints.map(endpoint => pingEngine(endpoint.host, { env, ...(endpoint.tls ? { tls: endpoint.tls } : {}) })));
  const index = probes.findIndex(probe => probe.reachable);
  const probe = probes[index];
  return probe?.reachable ? { ...endpoints[index]!, product: probe.product } : undefined;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

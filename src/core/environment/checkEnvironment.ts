import * as os from 'node:os';
import { BuilderKind, chooseBuildStrategy, readBuildFacts } from '../docker/buildStrategy';
import { chooseContainerCli, ContainerCliPreference } from '../docker/containerCli';
import { findExecutable } from '../process/findExecutable';
import { runProcess } from '../process/runProcess';
import { DockerConfigSummary, dockerConfigDir, readDockerConfig } from './dockerConfig';
import { EngineEndpoint, engineEndpoints } from './engineEndpoints';
import { EngineProbe, pingEngine } from './pingEngine';

export interface ToolReport {
  readonly name: string;
  readonly path?: string;
  /** First line of `<tool> --version`, when it ran. */
  readonly version?: string;
  readonly problem?: string;
}

/** The CLI the tasks will really run and the builder its builds get (buildStrategy.ts). */
export type BuildReport =
  | {
    readonly cli: 'docker' | 'podman';
    readonly path: string;
    readonly clientVersion?: string;
    readonly builder: BuilderKind;
    readonly summary: string;
    readonly advice?: string;
    /** Set for the build: e.g. DOCKER_BUILDKIT=1 for a docker 20.10 client. */
    readonly env: Readonly<Record<string, string>>;
    readonly buildx?: string;
    readonly compose?: string;
  }
  | { readonly problem: string };

export interface EnvironmentReport {
  readonly build: BuildReport;
  readonly engines: ReadonlyArray<EngineEndpoint & { readonly probe: EngineProbe }>;
  /** The endpoint the CLI and our commands will use: the first that answers. */
  readonly activeEngine?: EngineEndpoint & { readonly probe: EngineProbe & { reachable: true } };
  readonly clis: readonly ToolReport[];
  readonly dotnet: ToolReport & { readonly sdks: readonly string[] };
  readonly dockerConfig: DockerConfigSummary;
}

export interface EnvironmentInputs {
  readonly env: NodeJS.ProcessEnv;
  /** `dotnetContainers.containerCli` / `containerCliPath` (the CLI's DOTNET_CONTAINERS_CLI): the CLI the tasks run. */
  readonly containerCli?: { readonly preference: ContainerCliPreference; readonly explicitPath?: string };
  readonly home?: string;
  readonly platform?: NodeJS.Platform;
  readonly timeoutMs?: number;
}

/** Looks at the container engine, the CLIs, the .NET SDK and docker's config, in parallel. Reports; never throws. */
export async function checkEnvironment(inputs: EnvironmentInputs): Promise<EnvironmentReport> {
  const env = inputs.env;
  const home = inputs.home ?? os.homedir();
  const platform = inputs.platform ?? process.platform;
  const configDir = dockerConfigDir(env, home);
  const dockerConfig = await readDockerConfig(configDir);
  const endpoints = await engineEndpoints({ env, home, platform, configDir, ...(dockerConfig.currentContext ? { currentContext: dockerConfig.currentContext } : {}) });

  const [engines, clis, dotnet, build] = await Promise.all([
    Promise.all(endpoints.map(async endpoint => ({ ...endpoint, probe: await pingEngine(endpoint.host, { env, ...(endpoint.tls ? { tls: endpoint.tls } : {}), ...(inputs.timeoutMs ? { timeoutMs: inputs.timeoutMs } : {}) }) }))),
    Promise.all(['docker', 'podman'].map(name => toolReport(name, ['--version'], env, platform))),
    dotnetReport(env, platform),
    buildReport(inputs, home, platform),
  ]);
  const active = engines.find(e => e.probe.reachable);
  return {
    build,
    engines,
    ...(active ? { activeEngine: active as EnvironmentReport['activeEngine'] & object } : {}),
    clis,
    dotnet,
    dockerConfig,
  };
}

async function buildReport(inputs: EnvironmentInputs, home: string, platform: NodeJS.Platform): Promise<BuildReport> {
  const chosen = await chooseContainerCli({
    preference: inputs.containerCli?.preference ?? 'auto',
    ...(inputs.containerCli?.explicitPath ? { explicitPath: inputs.containerCli.explicitPath } : {}),
    env: inputs.env, home, platform,
  });
  if (!chosen.ok) return { problem: chosen.message };
  const cli = chosen.cli;
  const facts = await readBuildFacts(cli, inputs.env, { cacheMs: 0 });
  const strategy = chooseBuildStrategy(facts);
  return {
    cli: cli.name, path: cli.path,
    ...(facts.clientVersion ? { clientVersion: facts.clientVersion } : {}),
    builder: strategy.kind, summary: strategy.summary,
    ...(strategy.advice ? { advice: strategy.advice } : {}),
    env: strategy.env,
    ...(facts.buildx ? { buildx: facts.buildx } : {}),
    ...(facts.compose ? { compose: facts.compose } : {}),
  };
}

async function toolReport(name: string, versionArgs: string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<ToolReport> {
  const file = await findExecutable(name, env, platform);
  if (!file) return { name, problem: 'not on PATH' };
  const result = await runProcess(file, versionArgs, { env, timeoutMs: 10_000 });
  const firstLine = result.stdout.split(/\r?\n/).find(line => line.trim())?.trim();
  if (result.exitCode !== 0 || !firstLine) {
    return { name, path: file, problem: result.error ?? (result.stderr.trim().split(/\r?\n/)[0] || `exit code ${result.exitCode}`) };
  }
  return { name, path: file, version: firstLine };
}

async function dotnetReport(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<EnvironmentReport['dotnet']> {
  const tool = await toolReport('dotnet', ['--version'], env, platform);
  if (!tool.path || tool.problem) return { ...tool, sdks: [] };
  const list = await runProcess(tool.path, ['--list-sdks'], { env, timeoutMs: 10_000 });
  const sdks = list.stdout.split(/\r?\n/).map(line => line.trim().split(' ')[0] ?? '').filter(Boolean);
  return { ...tool, sdks };
}

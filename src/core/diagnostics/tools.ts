import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { userCacheDir } from '../environment/userCache';

// The .NET diagnostics tools (NuGet global tools) and the small helper that keeps a side container alive:
// where they are cached on the host, the argv that installs or builds them, and where their assemblies are.
// The tools are framework-dependent (net8.0, RollForward=Major): they run on any .NET 8 or later runtime, e.g.
// the one in the target's own image.

export type DiagnosticTool = 'dotnet-counters' | 'dotnet-dump' | 'dotnet-trace';
export const diagnosticTools: readonly DiagnosticTool[] = ['dotnet-counters', 'dotnet-dump', 'dotnet-trace'];

/** The versions installed by default: the same release of the three tools, on nuget.org and its mirrors. */
export const defaultToolVersions: Readonly<Record<DiagnosticTool, string>> = {
  'dotnet-counters': '10.0.750501',
  'dotnet-dump': '10.0.750501',
  'dotnet-trace': '10.0.750501',
};

/** Overrides the per-user cache folder of the tools (an absolute path); the tests point it elsewhere. */
export const toolCacheVariable = 'DOTNET_CONTAINERS_DIAGNOSTICS_TOOLS';

/**
 * The per-user cache of the tools: DOTNET_CONTAINERS_DIAGNOSTICS_TOOLS, else `%LOCALAPPDATA%\dotnet-containers\…` on
 * Windows, else `$XDG_CACHE_HOME/dotnet-containers/…` or `~/.cache/dotnet-containers/…` (the CLI's other caches).
 */
export function diagnosticsCacheDir(env: NodeJS.ProcessEnv, home = os.homedir(), platform: NodeJS.Platform = process.platform): string {
  const explicit = env[toolCacheVariable];
  if (explicit && path.isAbsolute(explicit)) return explicit;
  return (platform === 'win32' ? path.win32.join : path.posix.join)(userCacheDir(env, home, platform), 'diagnostics-tools');
}

/** A NuGet version as `dotnet tool install --version` takes it (no ranges, no spaces, nothing an option could hide in). */
export function checkToolVersion(version: string): string {
  if (!/^\d+\.\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`"${version}" is not a tool version (e.g. ${defaultToolVersions['dotnet-dump']})`);
  return version;
}

/** Where one version of a tool is installed: `<cache>/<tool>/<version>` (a `dotnet tool install --tool-path`). */
export function toolInstallDir(cacheDir: string, tool: DiagnosticTool, version: string): string {
  return path.join(cacheDir, tool, checkToolVersion(version));
}

/**
 * `dotnet tool install <tool> --version <v> --tool-path <dir>`: into a staging folder that is renamed into place
 * once complete, so a run that is killed or a concurrent one never sees half a tool.
 */
export function toolInstallArgv(tool: DiagnosticTool, version: string, stagingDir: string): readonly string[] {
  if (!path.isAbsolute(stagingDir)) throw new Error(`the tool folder must be an absolute path, not "${stagingDir}"`);
  return ['tool', 'install', tool, '--version', checkToolVersion(version), '--tool-path', stagingDir];
}

/**
 * The folder that holds `<tool>.dll` and its dependencies in a `--tool-path` install:
 * `.store/<id>/<version>/<id>/<version>/tools/<tfm>/any`. The newest target framework wins when there are several.
 */
export function findToolAssemblyDir(installDir: string, tool: DiagnosticTool, version: string): string | undefined {
  const tools = path.join(installDir, '.store', tool, version.toLowerCase(), tool, version.toLowerCase(), 'tools');
  let frameworks: string[];
  try {
    frameworks = fs.readdirSync(tools);
  } catch {
    return undefined;
  }
  const ordered = frameworks
    .map(tfm => ({ tfm, version: /^net(\d+)\.(\d+)$/.exec(tfm) }))
    .filter((entry): entry is { tfm: string; version: RegExpExecArray } => entry.version !== null)
    .sort((a, b) => Number(b.version[1]) - Number(a.version[1]) || Number(b.version[2]) - Number(a.version[2]));
  for (const { tfm } of ordered) {
    const dir = path.join(tools, tfm, 'any');
    if (fs.existsSync(path.join(dir, `${tool}.dll`))) return dir;
  }
  return undefined;
}

// ---- the helper ------------------------------------------------------------------------------------------

/** What the helper prints first, followed by its process id. */
export const helperReadyPrefix = 'dotnet-containers diagnostics helper pid ';

/**
 * The side container's main process: it prints its process id (in the target's PID namespace, which the side
 * container shares) and waits. The tools then run next to it with `exec`, and the target's runtime writes a dump
 * straight into the side container's file system through `/proc/<helper pid>/root/…`, so nothing is left in
 * the target. It exits by itself after the given number of seconds, should nobody remove the container.
 */
export function helperSource(): string {
  return `using System;
using System.Threading;

// dotnet-containers: the main process of a diagnostics side container (see src/core/diagnostics/tools.ts).
static class Program
{
    static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "wait" && int.TryParse(args[1], out var seconds) && seconds > 0)
        {
            Console.Out.WriteLine("${helperReadyPrefix}" + Environment.ProcessId);
            Console.Out.Flush();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            return 0;
        }
        Console.Error.WriteLine("usage: dotnet-containers-diagnostics-helper wait <seconds>");
        return 2;
    }
}
`;
}

export const helperName = 'dotnet-containers-diagnostics-helper';

/** net8.0 with RollForward=Major, like the tools: it runs wherever they run. No package beyond the targeting pack. */
export const helperProject = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net8.0</TargetFramework>
    <RollForward>Major</RollForward>
    <InvariantGlobalization>true</InvariantGlobalization>
    <UseAppHost>false</UseAppHost>
    <ImplicitUsings>disable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <DebugType>none</DebugType>
    <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
    <AssemblyName>${helperName}</AssemblyName>
  </PropertyGroup>
</Project>
`;

/** The helper's cache folder, keyed by its source: `<cache>/helper/<hash>`. */
export function helperDir(cacheDir: string): string {
  const key = createHash('sha256').update(helperProject).update('\0').update(helperSource()).digest('hex').slice(0, 12);
  return path.join(cacheDir, 'helper', key);
}

/** `dotnet publish <project> -c Release -o <out>`, the project written by the caller in its own folder. */
export function helperBuildArgv(projectFile: string, outputDir: string): readonly string[] {
  if (!path.isAbsolute(projectFile) || !path.isAbsolute(outputDir)) throw new Error('the helper project and its output folder must be absolute paths');
  return ['publish', projectFile, '-c', 'Release', '-o', outputDir, '--nologo'];
}

/** The environment `dotnet` gets for installs and builds: quiet, no telemetry, no first-run text. */
export const dotnetQuietEnv: Readonly<Record<string, string>> = {
  DOTNET_CLI_TELEMETRY_OPTOUT: '1',
  DOTNET_NOLOGO: '1',
  DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1',
  DOTNET_GENERATE_ASPNET_CERTIFICATE: 'false',
};

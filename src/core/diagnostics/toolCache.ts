import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProcessResult, runProcess } from '../process/runProcess';
import { DiagnosticsError, lastLine } from './errors';
import {
  defaultToolVersions, DiagnosticTool, dotnetQuietEnv, findToolAssemblyDir, helperBuildArgv, helperDir, helperName, helperProject, helperSource,
  toolInstallArgv, toolInstallDir,
} from './tools';

// Installs the tools once per version, and builds the helper once per source, into the per-user cache. Each goes
// into a staging folder first and is renamed into place when complete: a killed run leaves no half tool, and two
// runs at once both end up with one good copy.

export type RunDotnet = (args: readonly string[], options: { readonly cwd: string; readonly timeoutMs: number }) => Promise<ProcessResult>;

export interface ToolCacheOptions {
  readonly cacheDir: string;
  /** `dotnet` on PATH unless given (the SDK: `tool install` and `publish` need it). */
  readonly dotnet?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly versions?: Partial<Record<DiagnosticTool, string>>;
  /** Said before something slow (an install, a build). */
  readonly progress?: (line: string) => void;
  /** For the tests: how `dotnet` is run. */
  readonly runDotnet?: RunDotnet;
}

export interface InstalledTool {
  readonly tool: DiagnosticTool;
  readonly version: string;
  /** The folder with `<tool>.dll` and its dependencies. */
  readonly assemblyDir: string;
}

const installTimeoutMs = 10 * 60_000;

function dotnetRunner(options: ToolCacheOptions): RunDotnet {
  if (options.runDotnet) return options.runDotnet;
  const env = { ...(options.env ?? process.env), ...dotnetQuietEnv };
  return (args, { cwd, timeoutMs }) => runProcess(options.dotnet ?? 'dotnet', args, { cwd, env, timeoutMs });
}

function failure(what: string, result: ProcessResult): DiagnosticsError {
  if (result.error === 'ENOENT') return new DiagnosticsError('tools', `${what} needs the .NET SDK: \`dotnet\` is not on PATH`);
  const said = lastLine(`${result.stdout}\n${result.stderr}`) || result.error || `exit ${result.exitCode}`;
  return new DiagnosticsError('tools', `${what} failed: ${said}`);
}

function staging(parent: string): string {
  fs.mkdirSync(parent, { recursive: true });
  return path.join(parent, `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Moves a complete staging folder into place; when another run got there first, theirs stays and ours goes. */
function commit(stagingDir: string, finalDir: string): void {
  try {
    fs.renameSync(stagingDir, finalDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EPERM') && fs.existsSync(finalDir)) {
      fs.rmSync(stagingDir, { recursive: true, force: true });
      return;
    }
    throw error;
  }
}

/** The tool's assembly folder, installing it first (`dotnet tool install --tool-path`) when it is not cached. */
export async function ensureTool(tool: DiagnosticTool, options: ToolCacheOptions): Promise<InstalledTool> {
  const version = options.versions?.[tool] ?? defaultToolVersions[tool];
  const installDir = toolInstallDir(options.cacheDir, tool, version);
  const cached = findToolAssemblyDir(installDir, tool, version);
  if (cached) return { tool, version, assemblyDir: cached };
  options.progress?.(`installing ${tool} ${version} into ${installDir} (once)`);
  const stagingDir = staging(path.dirname(installDir));
  try {
    const result = await dotnetRunner(options)(toolInstallArgv(tool, version, stagingDir), { cwd: path.dirname(installDir), timeoutMs: installTimeoutMs });
    if (result.exitCode !== 0) throw failure(`dotnet tool install ${tool} --version ${version}`, result);
    if (!findToolAssemblyDir(stagingDir, tool, version)) throw new DiagnosticsError('tools', `dotnet tool install ${tool} ${version} left no ${tool}.dll in ${stagingDir}`);
    commit(stagingDir, installDir);
  } finally {
    fs.rmSync(stagingDir, { recursive: true, force: true });
  }
  const assemblyDir = findToolAssemblyDir(installDir, tool, version);
  if (!assemblyDir) throw new DiagnosticsError('tools', `${installDir} holds no ${tool}.dll: remove the folder and try again`);
  return { tool, version, assemblyDir };
}

/** The helper's folder (its dll, deps and runtimeconfig), building it first (`dotnet publish`) when it is not cached. */
export async function ensureHelper(options: ToolCacheOptions): Promise<string> {
  const finalDir = helperDir(options.cacheDir);
  const complete = (dir: string) => ['dll', 'runtimeconfig.json'].every(ext => fs.existsSync(path.join(dir, `${helperName}.${ext}`)));
  if (complete(finalDir)) return finalDir;
  options.progress?.(`building the diagnostics helper into ${finalDir} (once)`);
  const stagingDir = staging(path.dirname(finalDir));
  try {
    const source = path.join(stagingDir, 'src');
    const output = path.join(stagingDir, 'bin');
    fs.mkdirSync(source, { recursive: true });
    const project = path.join(source, `${helperName}.csproj`);
    fs.writeFileSync(project, helperProject);
    fs.writeFileSync(path.join(source, 'Program.cs'), helperSource());
    const result = await dotnetRunner(options)(helperBuildArgv(project, output), { cwd: source, timeoutMs: installTimeoutMs });
    if (result.exitCode !== 0) throw failure('building the diagnostics helper (dotnet publish)', result);
    if (!complete(output)) throw new DiagnosticsError('tools', `dotnet publish of the diagnostics helper left no ${helperName}.dll in ${output}`);
    commit(output, finalDir);
  } finally {
    fs.rmSync(stagingDir, { recursive: true, force: true });
  }
  return finalDir;
}

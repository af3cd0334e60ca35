import * as path from 'node:path';

/**
 * The product's per-user cache folder, where the CLI keeps what it can fetch or work out again (the .NET calendar,
 * the diagnostics tools, compiled code): `%LOCALAPPDATA%\dotnet-containers` on Windows, else
 * `$XDG_CACHE_HOME/dotnet-containers`, else `~/.cache/dotnet-containers`. A relative variable is ignored, as the
 * XDG specification says.
 */
export function userCacheDir(env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA && path.win32.isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(local, 'dotnet-containers');
  }
  const base = env.XDG_CACHE_HOME && path.posix.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.posix.join(home, '.cache');
  return path.posix.join(base, 'dotnet-containers');
}

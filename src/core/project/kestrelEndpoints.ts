import * as path from 'node:path';
import { ProjectFileSystem, readBoundedText } from './fileSystem';

/**
 * Where an app sets Kestrel's endpoints itself, which then decide where it listens: ASPNETCORE_HTTP_PORTS,
 * ASPNETCORE_URLS and the image's 8080 are overridden (ASP.NET Core logs "Overriding address(es)"). Jellyfin does
 * it in code (`options.Listen(address, 8096)` in Extensions/), others in appsettings.json (`"Kestrel": {
 * "Endpoints": … }`, `"urls"`).
 */
export interface OwnEndpoints {
  /** The file that sets them. */
  readonly file: string;
  /** How, in words: `ListenAnyIP in Program.cs`. */
  readonly how: string;
}

/** Calls that bind Kestrel or the host to an address of the app's choosing. */
const inCode = /\.(Listen|ListenAnyIP|ListenLocalhost|UseUrls)\s*\(|\.(Urls)\.Add\s*\(|\bapp\.(Run|RunAsync)\s*\(\s*(?:\$?@?)"https?:\/\//;
/** appsettings keys that set the endpoints: a Kestrel Endpoints section, or `urls`. */
const inSettings = /"Endpoints"\s*:\s*\{|"urls"\s*:\s*"/i;
const settingsFile = /^appsettings(?:\.[^.]+)?\.json$/i;
/** Folders that hold no source of the app's own. */
const skipped = /^(?:bin|obj|node_modules|wwwroot|\..*)$/i;

/** A project folder is read this far: real apps keep their host setup near the top, and a lint must stay quick. */
const MAX_FILES = 400;
const MAX_DEPTH = 4;
const MAX_FILE_BYTES = 256 * 1024;

/** The first place the project sets its own Kestrel endpoints: appsettings*.json at its top, then its C# files. */
export function ownKestrelEndpoints(projectDirectory: string, fileSystem: ProjectFileSystem): OwnEndpoints | undefined {
  const top = fileSystem.list(projectDirectory);
  for (const name of top.filter(n => settingsFile.test(n)).sort()) {
    const file = path.join(projectDirectory, name);
    if (inSettings.test(readBoundedText(fileSystem, file, MAX_FILE_BYTES) ?? '')) return { file, how: `the endpoints in ${name}` };
  }
  let files = 0;
  const queue: Array<{ dir: string; depth: number; names: string[] }> = [{ dir: projectDirectory, depth: 0, names: top }];
  while (queue.length) {
    const { dir, depth, names } = queue.shift()!;
    for (const name of [...names].sort()) {
      const full = path.join(dir, name);
      if (/\.cs$/i.test(name)) {
        if (++files > MAX_FILES) return undefined;
        const match = inCode.exec(readBoundedText(fileSystem, full, MAX_FILE_BYTES) ?? '');
        if (match) return { file: full, how: `${match[1] ?? match[2] ?? match[3]} in ${path.relative(projectDirectory, full).split(path.sep).join('/')}` };
      } else if (depth < MAX_DEPTH && !skipped.test(name) && !name.includes('.') && fileSystem.isDirectory(full)) {
        queue.push({ dir: full, depth: depth + 1, names: fileSystem.list(full) });
      }
    }
  }
  return undefined;
}

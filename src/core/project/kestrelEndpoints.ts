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
  /** Whether any of the files read sets up HTTPS (UseHttps, a Listen on 443, an https URL, a certificate). */
  readonly https: boolean;
}

/** Calls that bind Kestrel or the host to an address of the app's choosing. */
const inCode = /\.(Listen|ListenAnyIP|ListenLocalhost|UseUrls)\s*\(|\.(Urls)\.Add\s*\(|\bapp\.(Run|RunAsync)\s*\(\s*(?:\$?@?)"https?:\/\//;
/** appsettings keys that set the endpoints: a Kestrel Endpoints section, or `urls`. */
const inSettings = /"Endpoints"\s*:\s*\{|"urls"\s*:\s*"/i;
/** HTTPS in code: UseHttps, a Listen on 443, an https URL given to the host. */
const httpsInCode = /\.UseHttps\s*\(|\bListen(?:AnyIP|Localhost)?\s*\([^)]*\b443\b|(?:UseUrls|Urls\.Add|\bapp\.Run(?:Async)?)\s*\([^)]*https:/;
/** HTTPS in settings: an https endpoint URL or a Kestrel certificate (an object). */
const httpsInSettings = /"(?:Url|urls)"\s*:\s*"[^"]*https:|"Certificates?"\s*:\s*\{/i;
const settingsFile = /^appsettings(?:\.[^.]+)?\.json$/i;
/** Folders that hold no source of the app's own. */
const skipped = /^(?:bin|obj|node_modules|wwwroot|\..*)$/i;

/** A project folder is read this far: real apps keep their host setup near the top, and a lint must stay quick. */
const MAX_FILES = 400;
const MAX_DEPTH = 4;
const MAX_FILE_BYTES = 256 * 1024;

/**
 * The first place the project sets its own Kestrel endpoints (appsettings*.json at its top, then its C# files), and
 * whether any of those files sets up HTTPS; undefined when none sets endpoints (or the folder is too large to read).
 */
export function ownKestrelEndpoints(projectDirectory: string, fileSystem: ProjectFileSystem): OwnEndpoints | undefined {
  const top = fileSystem.list(projectDirectory);
  let found: { file: string; how: string } | undefined;
  let https = false;
  for (const name of top.filter(n => settingsFile.test(n)).sort()) {
    const file = path.join(projectDirectory, name);
    const text = readBoundedText(fileSystem, file, MAX_FILE_BYTES) ?? '';
    if (!inSettings.test(text)) continue;
    found ??= { file, how: `the endpoints in ${name}` };
    https ||= httpsInSettings.test(text);
  }
  let files = 0;
  const queue: Array<{ dir: string; depth: number; names: string[] }> = [{ dir: projectDirectory, depth: 0, names: top }];
  while (queue.length && !(found && https)) {
    const { dir, depth, names } = queue.shift()!;
    for (const name of [...names].sort()) {
      const full = path.join(dir, name);
      if (/\.cs$/i.test(name)) {
        if (++files > MAX_FILES) return found && { ...found, https: true }; // not all read: HTTPS is not ruled out
        const text = readBoundedText(fileSystem, full, MAX_FILE_BYTES) ?? '';
        const match = inCode.exec(text);
        if (match) found ??= { file: full, how: `${match[1] ?? match[2] ?? match[3]} in ${path.relative(projectDirectory, full).split(path.sep).join('/')}` };
        https ||= httpsInCode.test(text);
      } else if (depth < MAX_DEPTH && !skipped.test(name) && !name.includes('.') && fileSystem.isDirectory(full)) {
        queue.push({ dir: full, depth: depth + 1, names: fileSystem.list(full) });
      }
    }
  }
  return found && { ...found, https };
}

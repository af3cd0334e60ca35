import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

// The CLI's own files loaded with V8's code cache. Node 20 compiles every file of a command on each run (and each
// function again on its first call); a short command such as `tags` spends a tenth of its run on that, and `lint`,
// with the linter's 350 KB, a quarter. So each file is compiled with the code V8 made for it on an earlier run,
// kept in the user's cache folder, and the code of a file compiled without it is written there when the process
// exits. A cache is named by its file's name (esbuild names the chunks by their content), size and modification
// time, and the folder keeps only those of the files beside the current ones: a new build or an edited file gets a
// new cache. Each install (the extension's copy, a global npm one) has a folder of its own, so that one does not
// remove the other's caches; the folder of an install that is gone goes. V8 checks each cache against its own
// version and flags, and compiles afresh when one does not fit.
// A cache that cannot be read or written changes nothing but the speed (said with DOTNET_CONTAINERS_DEBUG=1).
//
// Each file is a pack (esbuild.mjs, cliPacks): `define(name, factory)` for the chunk it is named after and for the
// small chunks that one needs. A chunk's code runs when it is first required, once, whichever pack brought it.

/** A module as the CLI's bundled files use it: `exports`, `require`, `module`, `__filename`, `__dirname`. */
interface LoadedModule {
  exports: unknown;
}

type ModuleFactory = (this: unknown, exports: unknown, require: (id: string) => unknown, module: LoadedModule, filename: string, dirname: string) => void;

const wrapperStart = '(function (define) {';
const wrapperEnd = '\n})';

export interface CodeCacheLoader {
  /** Loads the chunk `file` (absolute) and, through its require(), the chunks it needs beside it; node: modules as Node does. */
  load(file: string): unknown;
  /** Writes the code of the files compiled without a cache, and removes the caches of files this build no longer has. */
  save(): void;
  /** How many files were compiled from a cache, and how many afresh (for tests and DOTNET_CONTAINERS_DEBUG). */
  readonly counts: { readonly cached: number; readonly compiled: number };
}

/** The file in an install's cache folder that names the install's folder, so that a run of another can tell it is gone. */
const INSTALL_RECORD = 'install';

/**
 * A loader whose caches live in `cacheDir` (a folder per Node version and architecture, as V8 would refuse the
 * others' code, and in it one per install), or that compiles everything when `cacheDir` is undefined.
 */
export function createCodeCacheLoader(cacheDir: string | undefined, debug: (message: string) => void = () => {}): CodeCacheLoader {
  const versionFolder = cacheDir && path.join(cacheDir, `${process.version}-${process.arch}`);
  /** This install's cache folder, known from the first file loaded (all of the CLI's files are in one folder). */
  let folder: string | undefined;
  let install: string | undefined;
  const factories = new Map<string, ModuleFactory>();
  const modules = new Map<string, LoadedModule>();
  const uncached: Array<{ script: vm.Script; cacheFile: string }> = [];
  const counts = { cached: 0, compiled: 0 };
  const builtin = require;

  /** Runs the pack `file`: its chunks become known, none runs yet; a chunk another pack brought first stays as it is. */
  const readPack = (file: string): void => {
    const source = fs.readFileSync(file, 'utf8');
    if (versionFolder && !install) {
      install = path.dirname(file);
      folder = path.join(versionFolder, installFolderName(install));
    }
    const cacheFile = folder && path.join(folder, cacheName(file));
    const cachedData = cacheFile ? readCache(cacheFile, debug) : undefined;
    const script = new vm.Script(`${wrapperStart}${source}${wrapperEnd}`, { filename: file, ...(cachedData ? { cachedData } : {}) });
    if (cachedData && !script.cachedDataRejected) counts.cached++;
    else {
      counts.compiled++;
      if (cacheFile) uncached.push({ script, cacheFile });
    }
    const directory = path.dirname(file);
    (script.runInThisContext() as (define: (name: string, factory: ModuleFactory) => void) => void)((name, factory) => {
      const chunk = path.join(directory, name);
      if (!factories.has(chunk)) factories.set(chunk, factory);
    });
  };

  const load = (file: string): unknown => {
    const known = modules.get(file);
    if (known) return known.exports;
    if (!factories.has(file)) readPack(file);
    const factory = factories.get(file);
    if (!factory) throw new Error(`${file} does not hold the code it is named after`);
    const module: LoadedModule = { exports: {} };
    modules.set(file, module);
    const directory = path.dirname(file);
    // The bundled files require each other by relative path, and Node's own modules by name.
    const requireFromFile = (id: string): unknown => (id.startsWith('./') || id.startsWith('../') ? load(path.join(directory, id)) : builtin(id));
    factory.call(module.exports, module.exports, requireFromFile, module, file, directory);
    return module.exports;
  };

  const save = (): void => {
    if (!versionFolder || !folder || !install || !uncached.length) return;
    try {
      fs.mkdirSync(folder, { recursive: true });
      const record = path.join(folder, INSTALL_RECORD);
      if (readText(record) !== install) fs.writeFileSync(record, install);
      for (const { script, cacheFile } of uncached.splice(0)) {
        // Another run may write the same file at the same time: each writes its own and renames it into place.
        const partial = `${cacheFile}.${process.pid}.partial`;
        fs.writeFileSync(partial, script.createCachedData());
        fs.renameSync(partial, cacheFile);
      }
      // Caches of files no longer beside these (an older build's, an edited file's) go.
      const build = new Set(fs.readdirSync(install).map(name => safeCacheName(path.join(install!, name))));
      build.add(INSTALL_RECORD);
      for (const name of fs.readdirSync(folder)) {
        if (!build.has(name) && !name.endsWith('.partial')) fs.rmSync(path.join(folder, name), { force: true });
      }
      removeGoneInstalls(versionFolder, folder);
    } catch (error) {
      debug(`code cache: not written to ${folder}: ${(error as Error).message}`);
    }
  };

  return { load, save, counts };
}

/**
 * The caches of installs that are gone (an extension's older version, an uninstalled copy: their recorded folder
 * is not there any more), and files an earlier version of this loader kept beside the install folders.
 */
function removeGoneInstalls(versionFolder: string, own: string): void {
  for (const entry of fs.readdirSync(versionFolder, { withFileTypes: true })) {
    const entryPath = path.join(versionFolder, entry.name);
    if (entryPath === own || entry.name.endsWith('.partial')) continue;
    if (!entry.isDirectory()) fs.rmSync(entryPath, { force: true });
    else {
      const recorded = readText(path.join(entryPath, INSTALL_RECORD));
      // No record yet: another install is writing its first caches right now.
      if (recorded !== undefined && !fs.existsSync(recorded)) fs.rmSync(entryPath, { recursive: true, force: true });
    }
  }
}

/** A folder name for an install: its last folder names, to be read, and a hash of its whole path (FNV-1a), to be its own. */
function installFolderName(install: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < install.length; i++) hash = Math.imul(hash ^ install.charCodeAt(i), 0x01000193);
  const readable = path.basename(path.dirname(path.dirname(install))).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
  return `${readable}-${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

/** A record's text; undefined when there is none (yet). Other errors are the caller's to say. */
function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

/** The cache's file name for a file: its name, size and modification time (ms). */
function cacheName(file: string): string {
  const stat = fs.statSync(file);
  return `${path.basename(file)}.${stat.size}.${Math.trunc(stat.mtimeMs)}.v8`;
}

function safeCacheName(file: string): string | undefined {
  try {
    return cacheName(file);
  } catch {
    return undefined; // gone since it was listed: it has no cache to keep
  }
}

function readCache(cacheFile: string, debug: (message: string) => void): Buffer | undefined {
  try {
    return fs.readFileSync(cacheFile);
  } catch (error) {
    // None yet (ENOTDIR: the folder is not there either): nothing to say.
    if (!['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) debug(`code cache: ${cacheFile} not read: ${(error as Error).message}`);
    return undefined;
  }
}

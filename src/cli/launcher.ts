import * as path from 'node:path';
import { userCacheDir } from '../core/environment/userCache';
import { homeDirectory } from '../core/lazyBuiltins';
import { createCodeCacheLoader } from './codeCache';

// dist/cli.js, the package's `bin`: loads the CLI (dist/cli-chunks/, made by esbuild.mjs) with the code V8 compiled
// for it on an earlier run (codeCache.ts) and starts it. DOTNET_CONTAINERS_CODE_CACHE=0 turns the cache off.

/** The CLI's entry in dist/cli-chunks/, named by its content; esbuild.mjs puts its name here. */
declare const CLI_ENTRY: string;

const debug = process.env.DOTNET_CONTAINERS_DEBUG === '1' ? (message: string) => process.stderr.write(`dotnet-containers: ${message}\n`) : undefined;
const cacheDir = process.env.DOTNET_CONTAINERS_CODE_CACHE === '0' ? undefined : path.join(userCacheDir(process.env, homeDirectory()), 'code-cache');
const loader = createCodeCacheLoader(cacheDir, debug);
process.on('exit', () => {
  loader.save();
  debug?.(`code cache: ${loader.counts.cached} files from the cache, ${loader.counts.compiled} compiled`);
});
let cli: typeof import('./main');
try {
  cli = loader.load(path.join(__dirname, 'cli-chunks', CLI_ENTRY)) as typeof import('./main');
} catch (error) {
  // A broken install (a file missing or damaged): one line, as every other failure of the CLI.
  process.stderr.write(`dotnet-containers: the CLI's files cannot be loaded (${(error as Error).message}); reinstall dotnet-containers\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}
cli.startCommandLine();

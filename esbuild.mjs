// Bundles the extension and the CLI. `vscode` stays external: the host provides it.
//
// The extension is split so that activation loads little: dist/extension.js is the wiring (src/extension.ts), each
// feature is a bundle of its own, dist/lazy/<name>.js, required the first time it is used, and the code several of
// them share is in dist/chunks/, once. esbuild splits only ES modules, while VS Code loads CommonJS and the
// features are required synchronously, so the split takes two steps:
//   1. one ES-module build, with splitting, of the entry and the features (in memory);
//   2. each file of it converted to CommonJS on its own, their imports of each other kept as require()s.
// No source file is in two outputs, and the entry reaches none of the heavy modules: checked on every build here,
// and by test/unit/bundleSplit.test.ts.
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');

/** The lazily loaded features, dist/lazy/<name>.js: keep in step with `Features` in src/extension.ts. */
export const lazyFeatures = {
  lint: 'src/vscode/lint/registerLinting.ts',
  releaseMetadata: 'src/vscode/releaseMetadata.ts',
  generate: 'src/vscode/commands/generateDockerfile.ts',
  environment: 'src/vscode/commands/checkEnvironment.ts',
  containers: 'src/vscode/containers/containerActionsFeature.ts',
  views: 'src/vscode/views/containerViewsFeature.ts',
  compose: 'src/vscode/compose/composeFeature.ts',
};

/** Source files (and packages) that activation must not load: each belongs to a feature's bundle. */
export const notAtActivation = [
  'src/core/lint/lintDockerfile.ts',
  'src/core/registry/registryClient.ts',
  'src/core/engine/engineClient.ts',
  'src/core/generate/generateDockerfile.ts',
  'src/core/images/dotnetCatalog.ts',
  'node_modules/yaml/',
  'node_modules/dockerfile-ast/',
];

const common = production => ({
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
});

/**
 * Builds the extension's bundles (written to dist/ unless `write` is false) and returns the split build's
 * metafile, whose outputs are the ES-module files, one for one with the CommonJS files written.
 */
export async function buildExtension({ production = false, write = true } = {}) {
  const { split, cjs } = await splitThenConvert({
    production,
    what: 'the extension',
    entryPoints: { extension: 'src/extension.ts', ...Object.fromEntries(Object.entries(lazyFeatures).map(([name, file]) => [`lazy/${name}`, file])) },
    chunkNames: 'chunks/[name]-[hash]',
    external: ['vscode'],
    problems: metafile => [...duplicatedInputs(metafile), ...activationProblems(metafile)],
  });
  if (write) {
    // No chunk of an earlier build may stay behind (their names change with their content) and ship.
    for (const folder of ['lazy', 'chunks']) rmSync(path.join(dist, folder), { recursive: true, force: true });
    for (const file of cjs.outputFiles) {
      mkdirSync(path.dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.contents);
    }
  }
  return { metafile: split.metafile, outputFiles: cjs.outputFiles };
}

/**
 * The two steps both builds take: split once as ES modules (shared code in chunks, once), check the split, then
 * convert each file to CommonJS on its own, its imports left as run-time require() calls. Nothing is written.
 */
async function splitThenConvert({ production, what, entryPoints, entryNames, chunkNames, external = [], problems, supported, sourcemap = !production }) {
  const split = await esbuild.build({
    ...common(production),
    entryPoints,
    outdir: 'dist',
    format: 'esm',
    splitting: true,
    ...(entryNames ? { entryNames } : {}),
    chunkNames,
    external,
    // Inline, so that the second step (which reads it) maps the CommonJS files to the sources.
    sourcemap: production ? false : 'inline',
    metafile: true,
    write: false,
  });
  const found = problems(split.metafile);
  if (found.length) throw new Error(`${what}'s split is wrong:\n  ${found.join('\n  ')}`);
  const esm = new Map(split.outputFiles.map(file => [file.path, file.text]));
  const cjs = await esbuild.build({
    ...common(production),
    entryPoints: [...esm.keys()].map(file => ({ in: file, out: path.relative(dist, file).replace(/\.js$/, '') })),
    outdir: 'dist',
    format: 'cjs',
    sourcemap,
    ...(supported ? { supported } : {}),
    metafile: true,
    write: false,
    plugins: [splitOutputs(esm)],
  });
  // One file of the split in each: a chunk bundled into another file would be a copy.
  const merged = Object.entries(cjs.metafile.outputs).filter(([, { inputs }]) => Object.keys(inputs).length > 1);
  if (merged.length) throw new Error(`the CommonJS step merged files of the split: ${merged.map(([output, { inputs }]) => `${output} has ${Object.keys(inputs).join(', ')}`).join('; ')}`);
  return { split, cjs };
}

/** Serves the ES-module build's files from memory; whatever they import stays a require() (or import()) at run time. */
function splitOutputs(esm) {
  return {
    name: 'split-outputs',
    setup(build) {
      build.onResolve({ filter: /.*/ }, args => {
        if (args.kind === 'entry-point') return { path: args.path, namespace: 'split' };
        // Another file of the split (a chunk), `vscode` or a Node built-in: loaded at run time.
        return { path: args.path, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'split' }, args => ({ contents: esm.get(args.path), loader: 'js', resolveDir: path.dirname(args.path) }));
    },
  };
}

/** `input is in a, b` for each source file that more than one output holds (its module state would be doubled). */
export function duplicatedInputs(metafile) {
  const holders = new Map();
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
      if (bytesInOutput > 0) holders.set(input, [...(holders.get(input) ?? []), output]);
    }
  }
  return [...holders].filter(([, outputs]) => outputs.length > 1).map(([input, outputs]) => `${input} is in ${outputs.join(', ')}`);
}

/** What activation loads: the entry and the chunks it imports, transitively (the features are required later). */
export function activationOutputs(metafile, entry = 'dist/extension.js') {
  const loaded = new Set();
  const pending = [entry];
  while (pending.length) {
    const output = pending.pop();
    if (loaded.has(output)) continue;
    if (!metafile.outputs[output]) throw new Error(`${output} is not an output of the build`);
    loaded.add(output);
    for (const imported of metafile.outputs[output].imports) {
      if (!imported.external && imported.kind === 'import-statement') pending.push(imported.path);
    }
  }
  return [...loaded];
}

/** The source files activation loads. */
export function activationInputs(metafile, entry) {
  return activationOutputs(metafile, entry).flatMap(output => Object.keys(metafile.outputs[output].inputs));
}

/** Each input of `notAtActivation` that activation would load. */
export function activationProblems(metafile, entry) {
  const inputs = activationInputs(metafile, entry);
  return notAtActivation.flatMap(heavy => inputs.filter(input => input === heavy || (heavy.endsWith('/') && input.includes(heavy))))
    .map(input => `activation loads ${input}`);
}

/** The CLI's entry in the split: argument parsing and the command list (src/cli/main.ts). */
export const cliEntry = 'cli-chunks/main';

/**
 * Builds the CLI the same two-step way: dist/cli-chunks/main-<hash>.js is the entry (argument parsing and the
 * command list), each command a chunk of its own there that `import()` loads when the command runs, and the code
 * commands share in chunks; every file is named by its content. Each file there is a pack (cliPacks): the chunk it
 * is named after and the small chunks it needs, so a command reads two files, not a dozen. dist/cli.js, the `bin`,
 * is src/cli/launcher.ts alone: it loads the entry with V8's code cache (src/cli/codeCache.ts, keyed by those
 * names). Returns the split build's metafile, the entry's file and the packs.
 */
export async function buildCli({ production = false, write = true } = {}) {
  const { split, cjs } = await splitThenConvert({
    production,
    what: 'the CLI',
    entryPoints: { [cliEntry]: 'src/cli/main.ts' },
    entryNames: '[dir]/[name]-[hash]',
    chunkNames: 'cli-chunks/[name]-[hash]',
    problems: duplicatedInputs,
    // A command's chunk through require(), not import(): Node's ES-module loader would read it asynchronously and
    // scan it for its exports, which costs a short command more than its own work.
    supported: { 'dynamic-import': false },
    // A pack holds several chunks, which one map per chunk could not describe.
    sourcemap: false,
  });
  const entryFile = Object.entries(split.metafile.outputs).find(([, output]) => output.entryPoint === 'src/cli/main.ts')?.[0];
  if (!entryFile) throw new Error('the CLI\'s split has no output for src/cli/main.ts');
  const packs = cliPacks(split.metafile, entryFile);
  if (write) {
    rmSync(path.join(dist, 'cli-chunks'), { recursive: true, force: true });
    const converted = new Map(cjs.outputFiles.map(file => [path.relative(root, file.path).split(path.sep).join('/'), file.text]));
    mkdirSync(path.join(dist, 'cli-chunks'), { recursive: true });
    for (const [pack, members] of packs) {
      writeFileSync(path.join(root, pack), members.map(member => {
        const text = converted.get(member);
        if (text === undefined) throw new Error(`the CLI's CommonJS step made no ${member}`);
        // The loader calls the pack with define (codeCache.ts); each chunk's code runs when it is first required. The
        // closing brace on a line of its own: a chunk that ends in a line comment would otherwise swallow it.
        return `define(${JSON.stringify(path.posix.basename(member))}, function (exports, require, module, __filename, __dirname) {\n${text}\n});\n`;
      }).join(''));
    }
    // The package's `bin`: starts with the interpreter line, and knows the entry's name.
    await esbuild.build({
      ...common(production),
      entryPoints: ['src/cli/launcher.ts'],
      outfile: path.join(dist, 'cli.js'),
      format: 'cjs',
      sourcemap: !production,
      banner: { js: '#!/usr/bin/env node' },
      define: { CLI_ENTRY: JSON.stringify(path.basename(entryFile)) },
    });
    chmodSync(path.join(dist, 'cli.js'), 0o755);
  }
  return { metafile: split.metafile, entry: entryFile, packs };
}

/**
 * Chunks whose sources add up to this size at most travel in each pack that needs them; larger ones (yaml,
 * dockerfile-ast, the project reader, the .NET catalog) are files of their own. Measured in source bytes, so the
 * development build (unminified, with inline maps) packs the same chunks as the production one.
 */
const PACK_CHUNK_LIMIT = 40 * 1024;

/**
 * The CLI's files, each a pack of chunks of the split: the entry with every chunk it imports; each file loaded by
 * import() (a command) with the chunks it needs that the entry has not brought, up to PACK_CHUNK_LIMIT each; and
 * each larger chunk alone. A run reads a file per pack instead of one per chunk: esbuild splits the code two
 * commands share into chunks of its own, so `tags` needed twelve files of 0.5 to 28 KB, each a read, a code cache
 * and a compile. A small chunk is copied into several packs, and made once at run time (the loader keeps the
 * first). Checks that every pack, loaded after the entry's, finds every chunk it imports.
 * Returns each pack's file with its chunks, the first the one it is named after.
 */
export function cliPacks(metafile, entry) {
  const outputs = metafile.outputs;
  const imports = (file, kind) => outputs[file].imports.filter(imported => imported.kind === kind && !imported.external).map(imported => imported.path);
  const needs = (file, found = new Set()) => {
    for (const imported of imports(file, 'import-statement')) if (!found.has(imported)) needs(imported, found.add(imported));
    return found;
  };
  const sourceBytes = file => Object.keys(outputs[file].inputs).reduce((sum, input) => sum + (metafile.inputs[input]?.bytes ?? 0), 0);
  const loadedByImport = new Set(Object.keys(outputs).flatMap(file => imports(file, 'dynamic-import')));
  const entryPack = [entry, ...needs(entry)];
  const packs = new Map([[entry, entryPack]]);
  for (const file of loadedByImport) {
    if (packs.has(file)) continue;
    packs.set(file, [file, ...[...needs(file)].filter(chunk => !entryPack.includes(chunk) && sourceBytes(chunk) <= PACK_CHUNK_LIMIT)]);
  }
  for (const file of Object.keys(outputs)) {
    if (!entryPack.includes(file) && !packs.has(file) && sourceBytes(file) > PACK_CHUNK_LIMIT) packs.set(file, [file]);
  }
  // Whatever a file loaded by name needs is in its pack, in the entry's, or a file of its own.
  const problems = [];
  for (const file of [entry, ...loadedByImport]) {
    const defined = new Set([...entryPack, ...packs.get(file)]);
    for (const chunk of needs(file)) if (!defined.has(chunk) && !packs.has(chunk)) problems.push(`${file} needs ${chunk}, which neither its pack, the entry's nor a file of its own holds`);
  }
  const held = new Set([...packs.values()].flat());
  for (const file of Object.keys(outputs)) if (!held.has(file)) problems.push(`${file} is in no pack`);
  if (problems.length) throw new Error(`the CLI's packs are wrong:\n  ${problems.join('\n  ')}`);
  return packs;
}

/**
 * The generic checks' worker thread (src/core/lint/genericChecksWorker.ts), one file that the extension starts
 * with `new Worker()`: a thread loads its own copy of its modules whatever the split, so it is bundled whole.
 */
export const genericChecksWorker = 'dist/genericChecksWorker.js';

export async function buildGenericChecksWorker({ production = false } = {}) {
  await esbuild.build({ ...common(production), entryPoints: ['src/core/lint/genericChecksWorker.ts'], outfile: genericChecksWorker, format: 'cjs', sourcemap: !production });
}

async function main() {
  const production = process.argv.includes('--production');
  await Promise.all([buildExtension({ production }), buildCli({ production }), buildGenericChecksWorker({ production })]);
}

// Run as a script (`node esbuild.mjs`), not when imported (test/unit/bundleSplit.test.ts imports it).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(path.resolve(process.argv[1]))).href) await main();

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { importEsm } from '../support/importEsm';

// The extension's bundles as esbuild.mjs makes them for the .vsix (production, in memory here): activation loads
// the wiring only (dist/extension.js and the chunks it imports), each feature is a bundle of its own required on
// first use, and no source file is in two bundles (its module state, its classes for `instanceof`, would be doubled).
// The checks are tried on planted faults too: a check that cannot fail checks nothing.

const root = path.resolve(__dirname, '../../..');

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { bytes?: number; inputs: Record<string, { bytesInOutput: number }>; imports: Array<{ path: string; kind: string; external?: boolean }> }>;
}
interface Build {
  buildExtension(options: { production?: boolean; write?: boolean }): Promise<{ metafile: Metafile; outputFiles: Array<{ path: string; contents: Uint8Array }> }>;
  buildCli(options: { production?: boolean; write?: boolean }): Promise<{ metafile: Metafile; entry: string; packs: Map<string, string[]> }>;
  cliPacks(metafile: Metafile, entry: string): Map<string, string[]>;
  duplicatedInputs(metafile: Metafile): string[];
  activationOutputs(metafile: Metafile, entry?: string): string[];
  activationInputs(metafile: Metafile, entry?: string): string[];
  activationProblems(metafile: Metafile, entry?: string): string[];
  lazyFeatures: Record<string, string>;
  notAtActivation: string[];
  genericChecksWorker: string;
}

/** What activation must not load: the lint engine, the registry and engine clients, the generator, yaml. */
const heavy = ['src/core/lint/lintDockerfile.ts', 'src/core/registry/registryClient.ts', 'src/core/engine/engineClient.ts', 'src/core/generate/generateDockerfile.ts', 'node_modules/yaml/'];
const matches = (input: string, wanted: string) => wanted.endsWith('/') ? input.includes(wanted) : input === wanted;

describe('the extension bundle split (esbuild.mjs)', function () {
  this.timeout(120_000);
  let build: Build;
  let metafile: Metafile;
  let sizes: Map<string, number>;

  before(async () => {
    build = await importEsm<Build>(pathToFileURL(path.join(root, 'esbuild.mjs')).href);
    const built = await build.buildExtension({ production: true, write: false });
    metafile = built.metafile;
    // Paths as the metafile has them, relative to esbuild.mjs's folder (the repository, even through a symlink).
    const buildRoot = path.dirname(fs.realpathSync(path.join(root, 'esbuild.mjs')));
    sizes = new Map(built.outputFiles.map(file => [path.relative(buildRoot, file.path).split(path.sep).join('/'), file.contents.byteLength]));
  });

  it('puts no source file in two bundles', () => {
    assert.deepEqual(build.duplicatedInputs(metafile), []);
  });

  it('finds a source file in two bundles when there is one', () => {
    const planted: Metafile = {
      inputs: {},
      outputs: {
        'dist/extension.js': { inputs: { 'src/core/ids.ts': { bytesInOutput: 10 } }, imports: [] },
        'dist/lazy/lint.js': { inputs: { 'src/core/ids.ts': { bytesInOutput: 10 }, 'src/core/lint/lintDockerfile.ts': { bytesInOutput: 10 } }, imports: [] },
      },
    };
    assert.deepEqual(build.duplicatedInputs(planted), ['src/core/ids.ts is in dist/extension.js, dist/lazy/lint.js']);
  });

  it('activation loads none of the lint engine, the registry and engine clients, the generator and yaml', () => {
    const inputs = build.activationInputs(metafile);
    assert.ok(inputs.includes('src/extension.ts'), `the entry's inputs: ${inputs.join(', ')}`);
    assert.deepEqual(inputs.filter(input => heavy.some(wanted => matches(input, wanted))), []);
    assert.deepEqual(build.activationProblems(metafile), []);
  });

  it('would see those modules if activation loaded them', () => {
    // They are in the build (so the names above are right), and the lint bundle, taken as an entry, has them.
    const all = Object.keys(metafile.inputs);
    for (const wanted of heavy) assert.ok(all.some(input => matches(input, wanted)), `${wanted} is not an input of the build: the check looks for a wrong name`);
    const lint = build.activationInputs(metafile, 'dist/lazy/lint.js');
    for (const wanted of ['src/core/lint/lintDockerfile.ts', 'node_modules/yaml/']) assert.ok(lint.some(input => matches(input, wanted)), `${wanted} is not loaded with the lint bundle`);
    assert.ok(build.activationProblems(metafile, 'dist/lazy/lint.js').some(problem => problem.includes('src/core/lint/lintDockerfile.ts')));
    // A chunk the entry imports counts: the entry made to import the lint bundle's chunks is caught.
    const planted: Metafile = JSON.parse(JSON.stringify(metafile));
    planted.outputs['dist/extension.js']!.imports.push({ path: 'dist/lazy/lint.js', kind: 'import-statement' });
    assert.ok(build.activationProblems(planted).some(problem => problem.includes('src/core/lint/lintDockerfile.ts')));
  });

  it('activation loads at most 400 KB, chunks included', () => {
    const loaded = build.activationOutputs(metafile);
    const bytes = loaded.reduce((sum, output) => sum + (sizes.get(output) ?? Number.NaN), 0);
    assert.ok(bytes <= 400_000, `activation loads ${bytes} bytes: ${loaded.join(', ')}`);
  });

  it('builds every feature src/extension.ts loads, as dist/lazy/<name>.js', () => {
    const source = fs.readFileSync(path.join(root, 'src/extension.ts'), 'utf8');
    const features = Object.fromEntries([...source.matchAll(/^\s*(\w+): typeof import\('\.\/([^']+)'\);$/gm)].map(match => [match[1], `src/${match[2]}.ts`]));
    assert.ok(Object.keys(features).length > 0, 'no `name: typeof import(...)` lines found in src/extension.ts');
    assert.deepEqual(features, build.lazyFeatures);
    for (const name of Object.keys(build.lazyFeatures)) assert.ok(sizes.has(`dist/lazy/${name}.js`), `dist/lazy/${name}.js is not built`);
  });

  it('starts the generic checks\' worker from the file the build writes', () => {
    // The lint feature gets the worker's path from the wiring; a wrong one would leave the checks inline (and logged).
    assert.ok(fs.readFileSync(path.join(root, 'src/extension.ts'), 'utf8').includes(`asAbsolutePath('${build.genericChecksWorker}')`));
    assert.ok(fs.existsSync(path.join(root, build.genericChecksWorker)), 'the build wrote it');
  });

  it('ships every bundle in the .vsix (.vscodeignore)', async () => {
    // vsce's own file list, on a stand-in folder with the built layout: chunks and features go in, source maps do not.
    const vsce = require('@vscode/vsce') as { listFiles(options: { cwd: string; packageManager: unknown }): Promise<string[]>; PackageManager: { None: unknown } };
    const folder = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'dc-split-'));
    try {
      fs.copyFileSync(path.join(root, '.vscodeignore'), path.join(folder, '.vscodeignore'));
      fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'split', publisher: 'test', version: '0.0.1', engines: { vscode: '^1.100.0' }, main: 'dist/extension.js', activationEvents: [] }));
      // The extension starts the generic checks' worker from its own file.
      const built = [...sizes.keys(), build.genericChecksWorker];
      for (const file of [...built, 'dist/extension.js.map', 'dist/lazy/lint.js.map', 'src/extension.ts']) {
        fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
        fs.writeFileSync(path.join(folder, file), '');
      }
      const listed = new Set((await vsce.listFiles({ cwd: folder, packageManager: vsce.PackageManager.None })).map(file => file.split(path.sep).join('/')));
      assert.deepEqual(built.filter(file => !listed.has(file)), []);
      assert.deepEqual([...listed].filter(file => file.endsWith('.map') || file.startsWith('src/')), []);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the CLI bundle split (esbuild.mjs)', function () {
  this.timeout(120_000);

  it('loads only argument parsing and the command list at start: each command (and the linter, the generator, yaml) when it runs', async () => {
    const build = await importEsm<Build>(pathToFileURL(path.join(root, 'esbuild.mjs')).href);
    const { metafile, entry } = await build.buildCli({ production: true, write: false });
    assert.deepEqual(build.duplicatedInputs(metafile), []);
    // Named by its content, as every file of the split, which the code cache's names rely on.
    assert.match(entry, /^dist\/cli-chunks\/main-[A-Z0-9]{8}\.js$/);
    assert.ok(Object.keys(metafile.outputs).every(output => /^dist\/cli-chunks\/[a-zA-Z]+-[A-Z0-9]{8}\.js$/.test(output)), Object.keys(metafile.outputs).join(', '));
    const atStart = build.activationInputs(metafile, entry);
    assert.ok(atStart.includes('src/cli/main.ts'), `the entry is the CLI's main: ${atStart.join(', ')}`);
    const loaded = [...heavy, 'src/cli/images.ts', 'src/cli/tags.ts', 'src/core/compose/planCompose.ts', 'node_modules/fast-xml-parser/']
      .filter(wanted => atStart.some(input => matches(input, wanted)));
    assert.deepEqual(loaded, [], `the CLI's start loads ${loaded.join(', ')}`);
    // Each command is an output of its own, which the entry imports dynamically.
    const dynamic = metafile.outputs[entry]!.imports.filter(imported => imported.kind === 'dynamic-import');
    assert.ok(dynamic.length >= 10, `the entry loads ${dynamic.length} commands on demand`);
  });

  it('writes each command as one file with the small chunks it needs; the large ones (yaml, dockerfile-ast) are files of their own', async () => {
    const build = await importEsm<Build>(pathToFileURL(path.join(root, 'esbuild.mjs')).href);
    const { metafile, entry, packs } = await build.buildCli({ production: true, write: false });
    const needs = (file: string, found = new Set<string>()): Set<string> => {
      for (const imported of metafile.outputs[file]!.imports) {
        if (imported.kind === 'import-statement' && !imported.external && !found.has(imported.path)) needs(imported.path, found.add(imported.path));
      }
      return found;
    };
    const holding = (input: string) => Object.keys(metafile.outputs).find(output => Object.keys(metafile.outputs[output]!.inputs).some(held => matches(held, input)))!;
    // The entry's file holds every chunk the entry imports: the CLI's start reads one file.
    assert.deepEqual(new Set(packs.get(entry)), new Set([entry, ...needs(entry)]));
    // `tags` and `images`: everything beyond the entry's in the command's own file.
    for (const command of ['src/cli/tags.ts', 'src/cli/images.ts']) {
      const file = holding(command);
      const held = new Set([...packs.get(entry)!, ...packs.get(file)!]);
      assert.deepEqual([...needs(file)].filter(chunk => !held.has(chunk)), [], command);
    }
    // A large chunk is in one file only, read once by whichever command needs it.
    for (const input of ['node_modules/yaml/', 'node_modules/dockerfile-ast/']) {
      const file = holding(input);
      assert.deepEqual(packs.get(file), [file], input);
      assert.deepEqual([...packs].filter(([, held]) => held.includes(file)).map(([pack]) => pack), [file], input);
    }
  });

  it('refuses packs that leave a chunk out', async () => {
    const build = await importEsm<Build>(pathToFileURL(path.join(root, 'esbuild.mjs')).href);
    const output = (bytes: number, imports: Metafile['outputs'][string]['imports'] = []) => ({ bytes, inputs: {}, imports });
    // An entry, a command it loads on demand, a small chunk the command needs, and one no file imports.
    const metafile: Metafile = { inputs: {}, outputs: {
      'dist/cli-chunks/main-A.js': output(100, [{ path: 'dist/cli-chunks/tags-B.js', kind: 'dynamic-import' }]),
      'dist/cli-chunks/tags-B.js': output(100, [{ path: 'dist/cli-chunks/chunk-C.js', kind: 'import-statement' }]),
      'dist/cli-chunks/chunk-C.js': output(100),
    } };
    assert.deepEqual([...build.cliPacks(metafile, 'dist/cli-chunks/main-A.js')], [
      ['dist/cli-chunks/main-A.js', ['dist/cli-chunks/main-A.js']],
      ['dist/cli-chunks/tags-B.js', ['dist/cli-chunks/tags-B.js', 'dist/cli-chunks/chunk-C.js']],
    ]);
    metafile.outputs['dist/cli-chunks/chunk-D.js'] = output(100);
    assert.throws(() => build.cliPacks(metafile, 'dist/cli-chunks/main-A.js'), /dist\/cli-chunks\/chunk-D\.js is in no pack/);
  });
});

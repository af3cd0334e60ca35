import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The CLI loads its files with V8's code cache (src/cli/codeCache.ts, started by dist/cli.js): the second run
// compiles nothing, a cache that does not fit or cannot be written changes nothing but the speed, and the folder
// keeps only the caches of the files the CLI has now.

const root = path.resolve(__dirname, '../../..');

describe('the CLI\'s code cache', function () {
  this.timeout(60_000);
  let dir: string;
  let chunks: string;
  let cache: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-code-cache-'));
    chunks = path.join(dir, 'chunks');
    cache = path.join(dir, 'cache');
    fs.mkdirSync(chunks);
    // An entry that requires a file beside it and a Node module, as esbuild's CommonJS chunks do, each file a pack
    // of one chunk as esbuild.mjs writes them.
    writePack('main-AAAA.js', { 'main-AAAA.js': 'const shared = require("./chunk-BBBB.js");\nconst path = require("node:path");\nmodule.exports = { answer: shared.twice(21), joined: path.posix.join("a", "b"), file: __filename };' });
    writePack('chunk-BBBB.js', { 'chunk-BBBB.js': 'exports.twice = n => n * 2;' });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A file of the CLI: the chunks it holds, by name, as esbuild.mjs writes them. */
  const writePack = (file: string, held: Record<string, string>) => fs.writeFileSync(path.join(chunks, file), Object.entries(held)
    .map(([name, code]) => `define(${JSON.stringify(name)}, function (exports, require, module, __filename, __dirname) {\n${code}\n});\n`).join(''));

  // In a process of its own each time, as the CLI runs: V8 keeps what a process compiled and would not read a cache again.
  const loadMain = (cacheDir: string | undefined, entry = 'main-AAAA.js', from = chunks) => {
    const script = `
      const { createCodeCacheLoader } = require(${JSON.stringify(path.join(__dirname, '../../src/cli/codeCache.js'))});
      const messages = [];
      const loader = createCodeCacheLoader(${JSON.stringify(cacheDir)}, message => messages.push(message));
      const main = loader.load(${JSON.stringify(path.join(from, entry))});
      loader.save();
      process.stdout.write(JSON.stringify({ main, counts: loader.counts, messages }));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout) as { main: { answer: number; joined: string; file: string; made?: number }; counts: { cached: number; compiled: number }; messages: string[] };
  };
  /** The folder of each install's caches, in the one folder of this Node version. */
  const installFolders = () => {
    const [versionFolder, ...others] = fs.readdirSync(cache).map(name => path.join(cache, name));
    assert.deepEqual(others, [], 'one folder for the one Node version');
    return fs.readdirSync(versionFolder!).map(name => path.join(versionFolder!, name));
  };
  const cacheFolder = () => {
    const [folder, ...others] = installFolders();
    assert.deepEqual(others, [], 'one install');
    return folder!;
  };
  const cacheFiles = (folder = cacheFolder()) => fs.readdirSync(folder).filter(name => name !== 'install').sort();

  it('compiles every file once, then loads them from the cache, with the same results', () => {
    const first = loadMain(cache);
    assert.deepEqual(first.counts, { cached: 0, compiled: 2 });
    assert.deepEqual(first.main, { answer: 42, joined: 'a/b', file: path.join(chunks, 'main-AAAA.js') });
    assert.equal(cacheFiles().length, 2);
    const second = loadMain(cache);
    assert.deepEqual(second.counts, { cached: 2, compiled: 0 });
    assert.deepEqual(second.main, first.main);
  });

  it('reads a file that holds several chunks once, and makes a chunk that two files hold once', () => {
    // The entry's file holds the entry and a chunk; each command's file holds the command and a chunk both need.
    writePack('main-CCCC.js', {
      'main-CCCC.js': 'const shared = require("./chunk-BBBB.js");\nmodule.exports = { answer: shared.twice(require("./one-DDDD.js").value + require("./two-EEEE.js").value), made: require("./chunk-FFFF.js").made() };',
      'chunk-BBBB.js': 'exports.twice = n => n * 2;',
    });
    const counter = 'globalThis.madeFfff = (globalThis.madeFfff || 0) + 1;\nexports.made = () => globalThis.madeFfff;\nexports.value = 10;';
    writePack('one-DDDD.js', { 'one-DDDD.js': 'module.exports = { value: require("./chunk-FFFF.js").value };', 'chunk-FFFF.js': counter });
    writePack('two-EEEE.js', { 'two-EEEE.js': 'module.exports = { value: require("./chunk-FFFF.js").value + 1 };', 'chunk-FFFF.js': counter.replace('value = 10', 'value = 99') });
    fs.rmSync(path.join(chunks, 'chunk-BBBB.js'));
    const first = loadMain(cache, 'main-CCCC.js');
    // Three files read; chunk-FFFF made once, from the first file that held it; chunk-BBBB from the entry's own file.
    assert.deepEqual(first.counts, { cached: 0, compiled: 3 });
    assert.equal(first.main.answer, 42);
    assert.equal(first.main.made, 1);
    assert.deepEqual(loadMain(cache, 'main-CCCC.js').counts, { cached: 3, compiled: 0 });
  });

  it('says which file does not hold the chunk it is named after', () => {
    writePack('chunk-BBBB.js', { 'chunk-GGGG.js': 'exports.twice = n => n * 2;' });
    const script = `require(${JSON.stringify(path.join(__dirname, '../../src/cli/codeCache.js'))}).createCodeCacheLoader(undefined).load(${JSON.stringify(path.join(chunks, 'main-AAAA.js'))});`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.notEqual(child.status, 0);
    assert.match(child.stderr, /Error: .*chunk-BBBB\.js does not hold the code it is named after/);
  });

  it('compiles afresh a file whose cache is junk, and writes it again', () => {
    loadMain(cache);
    const [junked] = cacheFiles().filter(name => name.startsWith('chunk-BBBB'));
    const junkFile = path.join(cacheFolder(), junked!);
    fs.writeFileSync(junkFile, Buffer.alloc(2048, 7));
    const run = loadMain(cache);
    assert.deepEqual(run.counts, { cached: 1, compiled: 1 });
    assert.equal(run.main.answer, 42);
    assert.notDeepEqual(fs.readFileSync(junkFile), Buffer.alloc(2048, 7), 'rewritten');
    assert.deepEqual(loadMain(cache).counts, { cached: 2, compiled: 0 });
  });

  it('takes an edited file as a new file, and keeps only the caches of the files there are now', () => {
    loadMain(cache);
    const before = cacheFiles();
    // The same length, another content: V8 alone would take the old cache.
    writePack('chunk-BBBB.js', { 'chunk-BBBB.js': 'exports.twice = n => n + 2;' });
    fs.utimesSync(path.join(chunks, 'chunk-BBBB.js'), new Date(), new Date(Date.now() + 5000));
    const edited = loadMain(cache);
    assert.equal(edited.main.answer, 23);
    assert.deepEqual(edited.counts, { cached: 1, compiled: 1 });
    const after = cacheFiles();
    assert.equal(after.length, 2, after.join(', '));
    assert.ok(!after.includes(before.find(name => name.startsWith('chunk-BBBB'))!), 'the old cache of the edited file is gone');
  });

  it('keeps a cache folder for each install, so that two installs used in turn both stay compiled', () => {
    // The extension's copy of the CLI and one installed with npm share the user's cache folder.
    const other = path.join(dir, 'elsewhere', 'dotnet-containers', 'dist', 'cli-chunks');
    fs.mkdirSync(other, { recursive: true });
    for (const name of fs.readdirSync(chunks)) fs.copyFileSync(path.join(chunks, name), path.join(other, name));
    assert.deepEqual(loadMain(cache).counts, { cached: 0, compiled: 2 });
    assert.deepEqual(loadMain(cache, 'main-AAAA.js', other).counts, { cached: 0, compiled: 2 });
    // Each run of one used to remove the other's caches as files it did not have: every turn compiled again.
    assert.deepEqual(loadMain(cache).counts, { cached: 2, compiled: 0 });
    const fromOther = loadMain(cache, 'main-AAAA.js', other);
    assert.deepEqual(fromOther.counts, { cached: 2, compiled: 0 });
    assert.equal(fromOther.main.file, path.join(other, 'main-AAAA.js'));
    const folders = installFolders();
    assert.equal(folders.length, 2);
    assert.deepEqual(folders.map(folder => fs.readFileSync(path.join(folder, 'install'), 'utf8')).sort(), [chunks, other].sort());
    assert.ok(folders.some(folder => /^dotnet-containers-[0-9a-f]{8}$/.test(path.basename(folder))), folders.join(', '));
  });

  it('removes the caches of an install that is gone, and files an older version left beside the install folders', () => {
    const other = path.join(dir, 'old-version', 'dist', 'cli-chunks');
    fs.mkdirSync(other, { recursive: true });
    for (const name of fs.readdirSync(chunks)) fs.copyFileSync(path.join(chunks, name), path.join(other, name));
    loadMain(cache, 'main-AAAA.js', other);
    loadMain(cache);
    assert.equal(installFolders().length, 2);
    const versionFolder = path.dirname(installFolders()[0]!);
    fs.writeFileSync(path.join(versionFolder, 'main-AAAA.js.123.456.v8'), 'a cache of the flat layout');
    // Being written right now by another install's first run: no record yet, so it stays.
    fs.mkdirSync(path.join(versionFolder, 'starting-00000000'));
    // An extension's older version is removed when a new one is installed.
    fs.rmSync(path.join(dir, 'old-version'), { recursive: true });
    // A run that compiles something (here an edited file) tidies up when it writes.
    writePack('chunk-BBBB.js', { 'chunk-BBBB.js': 'exports.twice = n => n + 2;' });
    fs.utimesSync(path.join(chunks, 'chunk-BBBB.js'), new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(loadMain(cache).counts, { cached: 1, compiled: 1 });
    const left = fs.readdirSync(versionFolder).sort();
    assert.equal(left.length, 2, left.join(', '));
    assert.ok(left.includes('starting-00000000'));
    assert.equal(fs.readFileSync(path.join(versionFolder, left.find(name => name !== 'starting-00000000')!, 'install'), 'utf8'), chunks);
  });

  it('works without a cache it can write, and says why only to the debug output', () => {
    fs.writeFileSync(cache, 'a file where the cache folder would be');
    const run = loadMain(cache);
    assert.equal(run.main.answer, 42);
    assert.deepEqual(run.counts, { cached: 0, compiled: 2 });
    assert.equal(run.messages.length, 1, run.messages.join('\n'));
    assert.match(run.messages[0]!, /^code cache: not written to .*: (EEXIST|ENOTDIR)/);
    assert.deepEqual(loadMain(undefined).counts, { cached: 0, compiled: 2 });
  });

  it('in the shipped CLI: the second run compiles nothing and answers the same; DOTNET_CONTAINERS_CODE_CACHE=0 writes nothing', () => {
    const cli = path.join(root, 'dist', 'cli.js');
    const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [cli, 'lint', '--help'], { env: { ...process.env, XDG_CACHE_HOME: dir, DOTNET_CONTAINERS_DEBUG: '1', ...env }, encoding: 'utf8' });
    const off = run({ DOTNET_CONTAINERS_CODE_CACHE: '0' });
    assert.equal(off.status, 0, off.stderr);
    assert.ok(!fs.existsSync(path.join(dir, 'dotnet-containers')), 'nothing written with the cache off');
    const first = run({});
    const second = run({});
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /code cache: 0 files from the cache, [1-9]\d* compiled/);
    assert.match(second.stderr, /code cache: [1-9]\d* files from the cache, 0 compiled/);
    assert.equal(second.stdout, first.stdout);
    assert.equal(first.stdout, off.stdout);
    assert.match(first.stdout, /^Usage: dotnet-containers lint/m);
  });

  it('in the shipped CLI: a command reads two files, the entry\'s pack and its own, not a file per chunk', () => {
    const cli = path.join(root, 'dist', 'cli.js');
    const chunkFiles = fs.readdirSync(path.join(root, 'dist', 'cli-chunks')).filter(name => name.startsWith('chunk-'));
    for (const command of ['tags', 'images']) {
      const run = spawnSync(process.execPath, [cli, command, '--help'], { env: { ...process.env, DOTNET_CONTAINERS_CODE_CACHE: '0', DOTNET_CONTAINERS_DEBUG: '1' }, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /code cache: 0 files from the cache, 2 compiled/, command);
    }
    // The large chunks (yaml, dockerfile-ast) stay files of their own, which each command that needs them reads.
    assert.ok(chunkFiles.length >= 2, chunkFiles.join(', '));
  });

  it('in the shipped CLI: a file missing from the install is one line and exit 2, not a stack', () => {
    const install = path.join(dir, 'dist');
    fs.mkdirSync(install);
    fs.copyFileSync(path.join(root, 'dist', 'cli.js'), path.join(install, 'cli.js'));
    const run = spawnSync(process.execPath, [path.join(install, 'cli.js'), 'lint', '--help'], { env: { ...process.env, XDG_CACHE_HOME: dir }, encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^dotnet-containers: the CLI's files cannot be loaded \(ENOENT: no such file or directory, open '.*main-[A-Z0-9]+\.js'\); reinstall dotnet-containers\n$/);
  });
});

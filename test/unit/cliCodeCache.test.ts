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
    // An entry that requires a file beside it and a Node module, as esbuild's CommonJS chunks do.
    fs.writeFileSync(path.join(chunks, 'main-AAAA.js'), '#!/usr/bin/env node\nconst shared = require("./chunk-BBBB.js");\nconst path = require("node:path");\nmodule.exports = { answer: shared.twice(21), joined: path.posix.join("a", "b"), file: __filename };\n');
    fs.writeFileSync(path.join(chunks, 'chunk-BBBB.js'), 'exports.twice = n => n * 2;\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // In a process of its own each time, as the CLI runs: V8 keeps what a process compiled and would not read a cache again.
  const loadMain = (cacheDir: string | undefined) => {
    const script = `
      const { createCodeCacheLoader } = require(${JSON.stringify(path.join(__dirname, '../../src/cli/codeCache.js'))});
      const messages = [];
      const loader = createCodeCacheLoader(${JSON.stringify(cacheDir)}, message => messages.push(message));
      const main = loader.load(${JSON.stringify(path.join(chunks, 'main-AAAA.js'))});
      loader.save();
      process.stdout.write(JSON.stringify({ main, counts: loader.counts, messages }));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout) as { main: { answer: number; joined: string; file: string }; counts: { cached: number; compiled: number }; messages: string[] };
  };
  const cacheFiles = () => fs.readdirSync(fs.readdirSync(cache).map(name => path.join(cache, name))[0]!).sort();

  it('compiles every file once, then loads them from the cache, with the same results', () => {
    const first = loadMain(cache);
    assert.deepEqual(first.counts, { cached: 0, compiled: 2 });
    assert.deepEqual(first.main, { answer: 42, joined: 'a/b', file: path.join(chunks, 'main-AAAA.js') });
    assert.equal(cacheFiles().length, 2);
    const second = loadMain(cache);
    assert.deepEqual(second.counts, { cached: 2, compiled: 0 });
    assert.deepEqual(second.main, first.main);
  });

  it('compiles afresh a file whose cache is junk, and writes it again', () => {
    loadMain(cache);
    const [junked] = cacheFiles().filter(name => name.startsWith('chunk-BBBB'));
    const junkFile = path.join(cache, fs.readdirSync(cache)[0]!, junked!);
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
    fs.writeFileSync(path.join(chunks, 'chunk-BBBB.js'), 'exports.twice = n => n + 2;\n');
    fs.utimesSync(path.join(chunks, 'chunk-BBBB.js'), new Date(), new Date(Date.now() + 5000));
    const edited = loadMain(cache);
    assert.equal(edited.main.answer, 23);
    assert.deepEqual(edited.counts, { cached: 1, compiled: 1 });
    const after = cacheFiles();
    assert.equal(after.length, 2, after.join(', '));
    assert.ok(!after.includes(before.find(name => name.startsWith('chunk-BBBB'))!), 'the old cache of the edited file is gone');
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

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { findExecutable } from '../../../src/core/process/findExecutable';
import { runProcess } from '../../../src/core/process/runProcess';

describe('findExecutable and runProcess', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dc find $(x); ')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('finds an executable in a PATH folder with spaces and shell characters, skipping non-executables', async () => {
    const other = path.join(dir, 'plain');
    await fs.mkdir(other);
    await fs.writeFile(path.join(other, 'tool'), 'not executable', { mode: 0o644 });
    await fs.writeFile(path.join(dir, 'tool'), '#!/bin/sh\necho "$1"\n', { mode: 0o755 });
    const found = await findExecutable('tool', { PATH: [other, dir].join(path.delimiter) }, 'linux');
    assert.equal(found, path.join(dir, 'tool'));
    assert.equal(await findExecutable('absent-tool', { PATH: dir }, 'linux'), undefined);
  });

  it('passes hostile arguments as one argv element each, never through a shell', async () => {
    const script = path.join(dir, 'echo-args');
    await fs.writeFile(script, '#!/bin/sh\nfor a in "$@"; do printf "<%s>\\n" "$a"; done\n', { mode: 0o755 });
    const hostile = ['$(touch pwned)', 'a b', "it's", '; rm -rf /', '`id`', '-x'];
    const result = await runProcess(script, hostile, { cwd: dir });
    assert.equal(result.exitCode, 0);
    assert.deepEqual(result.stdout.trim().split('\n'), hostile.map(a => `<${a}>`));
    await assert.rejects(fs.access(path.join(dir, 'pwned')));
  });

  it('reports a missing executable and a timeout instead of throwing', async () => {
    const missing = await runProcess(path.join(dir, 'nope'), []);
    assert.equal(missing.error, 'ENOENT');
    const slow = await runProcess('/bin/sleep', ['5'], { timeoutMs: 100 });
    assert.match(slow.error ?? '', /timed out after 100 ms/);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliCommand } from '../../../src/cli/main';
import { skipBecause } from '../../support/skip';

// `dotnet-containers diagnose`: its command line, and how a refusal reaches the user (one line, exit 1). A fake
// container CLI stands in for docker here; test/e2e/diagnostics.test.ts runs the real one.

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCliCommand(args, { out: text => out.push(text), err: text => err.push(text), now: new Date('2026-12-05T03:02:01Z'), env: { ...process.env, ...env } });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('dotnet-containers diagnose: the command line', () => {
  let dir = '';
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-diagnose-cli-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--help names the operands, every option and the exit codes', async () => {
    const help = await cli(['diagnose', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: dotnet-containers diagnose <container> counters\|dump\|trace /);
    for (const option of ['--duration S', '--output FILE', '--process PID', '--type full|heap|mini|triage', '--counters LIST', '--profile LIST', '--tools-image IMAGE', '--cli docker|podman|PATH']) {
      assert.ok(help.stdout.includes(`  ${option}`), option);
    }
    assert.match(help.stdout, /^Exit codes: 0 collected, 1 /m);
    assert.match((await cli(['--help'])).stdout, /^ {2}diagnose <container> counters\|dump\|trace/m);
  });

  it('a bad command line: one line, exit 2, before anything runs', async () => {
    const existing = path.join(dir, 'taken.dmp');
    fs.writeFileSync(existing, '');
    for (const [args, says] of [
      [['diagnose'], 'name one container and what to collect: counters, dump or trace'],
      [['diagnose', 'web'], 'name one container and what to collect: counters, dump or trace'],
      [['diagnose', 'web', 'heapdump'], 'collect counters, dump or trace, not "heapdump"'],
      [['diagnose', 'a b', 'dump'], '"a b" is not a container name or id (letters, digits, \'_\', \'.\', \'-\', starting with a letter or digit)'],
      [['diagnose', 'web', 'dump', '--duration', '5'], '--duration is for trace and counters, not dump'],
      [['diagnose', 'web', 'trace', '--type', 'heap'], '--type is for dump, not trace'],
      [['diagnose', 'web', 'trace', '--duration', '0'], '--duration wants a whole number from 1 to 604800, not "0"'],
      [['diagnose', 'web', 'trace', '--duration', '1.5'], '--duration wants a whole number from 1 to 604800, not "1.5"'],
      [['diagnose', 'web', 'dump', '--process', 'one'], '--process wants a whole number from 1 to 2147483647, not "one"'],
      [['diagnose', 'web', 'dump', '--type', 'huge'], '--type is one of full, heap, mini, triage, not "huge"'],
      [['diagnose', 'web', 'counters', '--counters', 'System.Runtime, Foo'], '--counters wants a comma-separated list without spaces, not "System.Runtime, Foo"'],
      [['diagnose', 'web', 'dump', '--output', existing], `${existing} exists already: choose another --output`],
      [['diagnose', 'web', 'trace', '--output', path.join(dir, 'no', 'such', 't.nettrace')], `cannot write ${path.join(dir, 'no', 'such', 't.nettrace')}: its folder does not exist`],
    ] as const) {
      const result = await cli([...args], { DOTNET_CONTAINERS_CLI: path.join(dir, 'never-run') });
      assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `dotnet-containers diagnose: ${says}`], args.join(' '));
    }
    const image = await cli(['diagnose', 'web', 'dump', '--tools-image', 'Bad Image'], { DOTNET_CONTAINERS_CLI: path.join(dir, 'never-run') });
    assert.equal(image.code, 2);
    assert.match(image.stderr, /^dotnet-containers diagnose: .*Bad Image/);
  });

  it('a container the engine does not know: one line from the session, exit 1', async function () {
    if (process.platform === 'win32') skipBecause(this, 'the fake container CLI is a shell script');
    const fake = path.join(dir, 'docker');
    fs.writeFileSync(fake, '#!/bin/sh\necho "Error: No such container: $4" >&2\nexit 1\n', { mode: 0o755 });
    const result = await cli(['diagnose', 'web', 'counters', '--cli', fake], { DOTNET_CONTAINERS_DIAGNOSTICS_TOOLS: path.join(dir, 'tools') });
    assert.deepEqual([result.code, result.stdout, result.stderr], [1, '', 'dotnet-containers diagnose: no container "web"']);
    assert.ok(!fs.existsSync(path.join(dir, 'tools')), 'nothing installed for a container that does not exist');
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GenericChecksThread } from '../../../src/core/lint/genericChecksThread';
import { genericFindings } from '../../../src/core/lint/genericChecks';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';
import { now } from '../../support/lintTable';

// dockerfile-utils' generic checks on a worker thread (the extension's way), against the same checks inline.

const root = path.resolve(__dirname, '../../../..');
// The worker as tsc emits it beside this test, and as the extension ships it (built before the unit layer runs).
const workers = {
  emitted: path.join(root, 'out/src/core/lint/genericChecksWorker.js'),
  shipped: path.join(root, 'dist/genericChecksWorker.js'),
};

const withFindings = [
  'from mcr.microsoft.com/dotnet/sdk:10.0 AS build\nworkdir src\nCMD ["a"]\nCMD ["b"]\nMAINTAINER me\n',
  'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nEXPOSE 8080/tcpx\nHEALTHCHECK --interval=abc CMD true\nCOPY --chown a b\n',
  '',
];
// dockerfile-ast 0.7.1 throws on this one (a continuation into a comment with a backslash).
const throwsInValidate = 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nRUN \\\n# comment\\comment\n';

/** A thread whose worker has loaded (the first lints run inline while it starts). */
async function readyThread(script: string, log: string[] = [], budgetMs?: number): Promise<GenericChecksThread> {
  return untilLoaded(new GenericChecksThread(script, line => log.push(line), budgetMs));
}

/** Waits until the thread's (next) worker has loaded, without sending it a job: callers never wait for that. */
async function untilLoaded(thread: GenericChecksThread): Promise<GenericChecksThread> {
  const started = Date.now();
  while (!thread.ready()) {
    if (Date.now() - started > 15_000) throw new Error('the worker did not load in 15 s');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  return thread;
}

function scriptFile(body: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-worker-'));
  const file = path.join(folder, 'worker.js');
  fs.writeFileSync(file, body);
  return file;
}

/** A worker that loads (raises the ready flag) and then does `onJob` with each job instead of answering. */
const misbehaving = (onJob: string) => scriptFile(`
const { workerData } = require('node:worker_threads');
const { port, flags } = workerData;
port.on('message', job => { ${onJob} });
Atomics.store(flags, 1, 1);
`);

for (const [name, script] of Object.entries(workers)) {
  describe(`generic checks on a worker thread (${name}: ${path.relative(root, script)})`, () => {
    let thread: GenericChecksThread;
    const log: string[] = [];
    before(async function () {
      if (!fs.existsSync(script)) throw new Error(`${script} is missing: the build makes it`);
      // These compare answers, not time (the budget has tests of its own below): a machine busy elsewhere can hold
      // the worker's first, cold jobs past the extension's 150 ms.
      thread = await readyThread(script, log, 10_000);
    });
    after(() => thread?.dispose());

    it('finds what the inline checks find, job after job', () => {
      for (let round = 0; round < 3; round++) {
        for (const text of withFindings) assert.deepEqual(thread.start(text).result(), genericFindings(text), text);
      }
      assert.ok(genericFindings(withFindings[0]!).findings.length >= 3, 'the texts have findings to compare');
      assert.deepEqual(log, []);
    });

    it('through lintDockerfile: the same findings as inline, generic checks and .NET rules together', () => {
      for (const text of withFindings) {
        const inline = lintDockerfile(text, { now });
        const threaded = lintDockerfile(text, { now, genericChecksRunner: thread });
        assert.deepEqual(threaded.findings, inline.findings);
      }
    });

    it('an error in dockerfile-utils comes back as the error, with its stack, and becomes the dockerfile/* warning', () => {
      const { findings, error } = thread.start(throwsInValidate).result();
      assert.deepEqual(findings, []);
      assert.ok(error instanceof Error);
      assert.equal(error.message, (genericFindings(throwsInValidate).error as Error).message);
      assert.match(error.stack ?? '', /\n\s+at /);
      const linted = lintDockerfile(throwsInValidate, { now, rules: [], genericChecksRunner: thread });
      assert.deepEqual(linted.failures.map(failure => failure.rule), ['dockerfile/*']);
      // The worker keeps working after it.
      assert.deepEqual(thread.start(withFindings[0]!).result(), genericFindings(withFindings[0]!));
    });

    it('a job whose result nobody asked for (a lint that threw first) does not answer the next one', () => {
      thread.start(withFindings[0]!);
      assert.deepEqual(thread.start(withFindings[1]!).result(), genericFindings(withFindings[1]!));
    });
  });
}

describe('generic checks on a worker thread that misbehaves', () => {
  it('runs them inline until the worker has loaded', () => {
    const log: string[] = [];
    const thread = new GenericChecksThread(workers.emitted, line => log.push(line));
    try {
      assert.deepEqual(thread.start(withFindings[0]!).result(), genericFindings(withFindings[0]!));
    } finally {
      thread.dispose();
    }
  });

  it('a worker that never answers: the lint waits no longer than the budget, says why, and the next lint does not wait', async () => {
    const log: string[] = [];
    const hanging = await readyThread(misbehaving('/* never answers */'), log, 100);
    const started = Date.now();
    const linted = lintDockerfile(withFindings[0]!, { now, rules: [], genericChecksRunner: hanging });
    const waited = Date.now() - started;
    assert.ok(waited >= 90 && waited < 1000, `waited ${waited} ms`);
    const finding = linted.findings.find(f => f.rule === 'dockerfile/*');
    assert.match(finding?.message ?? '', /gave no answer within 100 ms on this Dockerfile and were stopped/);
    assert.match(log.join('\n'), /gave no answer to job \d+ \(the generic checks gave no answer within 100 ms/);
    // The stopped worker is gone; the next lint runs the checks inline while a new one loads.
    const next = Date.now();
    assert.deepEqual(hanging.start(withFindings[0]!).result(), genericFindings(withFindings[0]!));
    assert.ok(Date.now() - next < 90, 'no wait for a worker');
    hanging.dispose();
  });

  it('a worker that dies on a job: the lint says so; after three failures the checks stay inline, and the log says that too', async () => {
    const log: string[] = [];
    const thread = await readyThread(misbehaving('process.exit(7)'), log, 200);
    for (let failure = 1; failure <= 3; failure++) {
      const { findings, error } = thread.start(withFindings[0]!).result();
      assert.deepEqual(findings, []);
      assert.match(String((error as Error)?.message), /gave no answer within 200 ms/);
      if (failure < 3) await untilLoaded(thread);
    }
    assert.match(log.join('\n'), /they run on the editor's thread from now on/);
    assert.deepEqual(thread.start(withFindings[0]!).result(), genericFindings(withFindings[0]!));
    thread.dispose();
  });

  it('a worker script that is missing: logged, and the checks run inline', async () => {
    const log: string[] = [];
    const thread = new GenericChecksThread(path.join(os.tmpdir(), 'dc-no-such-worker.js'), line => log.push(line));
    for (let i = 0; i < 20 && log.length === 0; i++) {
      assert.deepEqual(thread.start(withFindings[0]!).result(), genericFindings(withFindings[0]!));
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    assert.match(log.join('\n'), /The generic checks' worker thread ended \(Cannot find module/);
    thread.dispose();
  });
});


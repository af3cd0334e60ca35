// Linting a Dockerfile while it is edited: warm medians of lintDockerfile (every rule, the project read from
// disk, generic checks on as the extension runs them by default, and off) on a realistic 100-line .NET
// Dockerfile (goal ≤ 2 ms, and ≤ 1.5× the peer) and on a 1,000-line one (goal ≤ 20 ms). The extension runs the
// generic checks on a worker thread while the .NET rules run (GenericChecksThread), and keeps the disk's answers
// between lints while its file watcher reports no change in the workspace (WatchedDisk, here with the solution as
// the workspace folder and no change): the goals are for that, from the call to all findings. The CLI runs the
// checks inline, one after the other, and asks the disk on every lint: reported too, as `.inline`.
// Each run lints the text as a user types it: a new text every time, one instruction changed (a RUN of the test
// stage), so that what the linter keeps from lint to lint (the other instructions' words, the disk's answers) is
// kept as in an editor, and what the edit changes is worked out again.
// Peer, measured in the same run on the same texts: dockerfile-utils' bare `validate`, which the Docker
// extensions run on every change and which our generic checks wrap. The peer and our two settings take turns
// (a few runs each, round after round), so that a busy machine slows all three alike and the ratio holds.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { realisticDockerfile, writeSolution } from './support/dotnetSolution.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Enough runs that a median holds on a busy machine (the 1,000-line file gets a quarter of them, and a third of the warm-up).
const ITERATIONS = Number(process.env.DC_BENCH_ITERATIONS) || 1000;
const WARMUP = 300;
const GOAL_100_MS = 2;
const GOAL_RATIO = 1.5;
const GOAL_1000_MS = 20;
const now = new Date('2026-11-23T00:00:00Z');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-lint-'));
try {
  // The core as it ships (one bundle), and the peer in a bundle of its own, so that nothing our core loads or
  // warms up is shared with it.
  const bundleOf = async (name, contents) => {
    const outfile = path.join(work, `${name}.cjs`);
    await esbuild.build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning',
    });
    return createRequire(import.meta.url)(outfile);
  };
  const { lintDockerfile, GenericChecksThread, WatchedDisk } = await bundleOf('lint', `module.exports = { ...require(${JSON.stringify(path.join(root, 'src/core/lint/lintDockerfile.ts'))}), ...require(${JSON.stringify(path.join(root, 'src/core/lint/genericChecksThread.ts'))}), ...require(${JSON.stringify(path.join(root, 'src/core/lint/diskStats.ts'))}) };`);
  // The worker as the extension ships it.
  const workerScript = path.join(work, 'genericChecksWorker.cjs');
  await esbuild.build({ entryPoints: [path.join(root, 'src/core/lint/genericChecksWorker.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: workerScript, logLevel: 'warning' });
  const threadLog = [];
  const thread = new GenericChecksThread(workerScript, line => threadLog.push(line));
  for (const started = Date.now(); !thread.ready();) {
    if (Date.now() - started > 10_000) throw new Error(`the generic checks' worker did not load: ${threadLog.join(' | ')}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  const { validate } = await bundleOf('peer', `module.exports = require('dockerfile-utils');`);

  const dockerfilePath = writeSolution(work);
  const small = realisticDockerfile();
  const large = thousandLines(small);
  fs.writeFileSync(dockerfilePath, small);

  const inline = { now, dockerfilePath };
  const disk = new WatchedDisk(() => performance.now());
  disk.watch([work]);
  const settings = { ...inline, genericChecksRunner: thread, disk };
  const check = lintDockerfile(small, settings);
  if (JSON.stringify(check.findings) !== JSON.stringify(lintDockerfile(small, inline).findings)) throw new Error('the worker thread and the inline checks found different things');
  if (!check.context.project) throw new Error('the bench Dockerfile did not find its project: the figure would not include reading it');
  console.log(`# 100-line file: ${small.split('\n').length - 1} lines, ${check.findings.length} findings (${[...new Set(check.findings.map(f => f.rule))].join(', ') || 'none'})`);
  console.log(`# 1,000-line file: ${large.split('\n').length - 1} lines; ${ITERATIONS} timed runs each after ${WARMUP} warm-up runs (a quarter and a third for 1,000 lines), interleaved, medians`);

  const bare = { ...inline, genericChecks: false };
  const smallTyped = typed(small, ITERATIONS + WARMUP);
  const largeTyped = typed(large, Math.ceil(ITERATIONS / 4) + Math.ceil(WARMUP / 3));
  const [peerSmall, oursSmall, oursSmallInline, oursSmallBare] = medians([k => validate(smallTyped[k]), k => lintDockerfile(smallTyped[k], settings), k => lintDockerfile(smallTyped[k], inline), k => lintDockerfile(smallTyped[k], bare)], ITERATIONS, WARMUP);
  const [peerLarge, oursLarge, oursLargeInline, oursLargeBare] = medians([k => validate(largeTyped[k]), k => lintDockerfile(largeTyped[k], settings), k => lintDockerfile(largeTyped[k], inline), k => lintDockerfile(largeTyped[k], bare)], Math.ceil(ITERATIONS / 4), Math.ceil(WARMUP / 3));
  thread.dispose();
  if (threadLog.length) throw new Error(`the generic checks' worker failed during the bench: ${threadLog.join(' | ')}`);

  const ratio = oursSmall / peerSmall;
  if (oursSmall <= GOAL_100_MS && ratio > GOAL_RATIO) console.log(`# 100 lines: within ${GOAL_100_MS} ms, but over ${GOAL_RATIO}× the peer`);
  report('lint.warm-100-lines', oursSmall, GOAL_100_MS, peerSmall, oursSmall <= GOAL_100_MS && ratio <= GOAL_RATIO, `; ratio goal<=${GOAL_RATIO}`);
  report('lint.warm-100-lines.inline', oursSmallInline, GOAL_100_MS, peerSmall, oursSmallInline <= GOAL_100_MS);
  report('lint.warm-100-lines.generic-off', oursSmallBare, GOAL_100_MS, peerSmall, oursSmallBare <= GOAL_100_MS);
  report('lint.warm-1000-lines', oursLarge, GOAL_1000_MS, peerLarge, oursLarge <= GOAL_1000_MS);
  report('lint.warm-1000-lines.inline', oursLargeInline, GOAL_1000_MS, peerLarge, oursLargeInline <= GOAL_1000_MS);
  report('lint.warm-1000-lines.generic-off', oursLargeBare, GOAL_1000_MS, peerLarge, oursLargeBare <= GOAL_1000_MS);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

function report(name, ms, goal, peer, pass, ratioGoal = '') {
  console.log(`BENCH ${name} ${ms.toFixed(3)} ms goal<=${goal} ratio=${(ms / peer).toFixed(3)} vs dockerfile-utils (${peer.toFixed(3)} ms${ratioGoal}) ${pass ? 'PASS' : 'MISS'}`);
}

/**
 * For each action, the median of `runs` timed calls after `warmup` untimed ones, in ms; each call gets its
 * number (0, 1, …: which text to lint). The actions take turns, a block of runs each, so that load from elsewhere
 * on the machine falls on all of them alike.
 */
function medians(actions, runs, warmup, block = 5) {
  const calls = actions.map(() => 0);
  for (let i = 0; i < warmup; i++) actions.forEach((action, index) => action(calls[index]++));
  const times = actions.map(() => []);
  for (let done = 0; done < runs; done += block) {
    actions.forEach((action, index) => {
      for (let i = 0; i < Math.min(block, runs - done); i++) {
        const call = calls[index]++;
        const started = process.hrtime.bigint();
        action(call);
        times[index].push(Number(process.hrtime.bigint() - started) / 1e6);
      }
    });
  }
  return times.map(list => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]);
}

/** `count` texts as typed: each a new version of one instruction (the test stage's RUN), the rest as it was. */
function typed(text, count) {
  const typing = 'LogFileName=results.trx';
  if (!text.includes(typing)) throw new Error(`the bench Dockerfile has no "${typing}" to type in`);
  return Array.from({ length: count }, (_, k) => text.replace(typing, `LogFileName=results-${k}.trx`));
}

/** Ten copies of the stages (renamed so that names stay unique), under one set of global ARGs: 1,000 lines. */
function thousandLines(small) {
  const [globals, stages] = [small.slice(0, small.indexOf('# -----')), small.slice(small.indexOf('# -----'))];
  const copies = Array.from({ length: 10 }, (_, i) => stages
    .replace(/ AS (base|build|test|publish|final)\b/g, ` AS $1${i}`)
    .replace(/FROM (base|build) AS/g, `FROM $1${i} AS`)
    .replace(/--from=publish\b/g, `--from=publish${i}`));
  const text = globals + copies.join('');
  const lines = text.split('\n');
  while (lines.length < 1001) lines.splice(lines.length - 1, 0, '# padding');
  return lines.slice(0, 1000).join('\n') + '\n';
}

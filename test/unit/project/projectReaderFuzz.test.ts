import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ProjectFileSystem } from '../../../src/core/project/fileSystem';
import { readBuildPlan } from '../../../src/core/project/readBuildPlan';
import { readSolution } from '../../../src/core/project/readSolution';
import { fuzzSeed, hostileProjectTokens, memoryFileSystem, MemoryContent, mutate, mutateBytes, pick, projectTokens, random } from '../../support/fuzzing';
import { layouts } from '../../support/layouts';
import { timed } from '../../support/budget';

// The project reader on mutated projects, props and solutions, as text and as bytes (bad encodings, byte order
// marks, UTF-16, junk), with and without readBytes: every input is read or refused with a file, a 1-based line and
// column and a reason; none throws or takes long. Seeded: the seed is printed, and DC_FUZZ_SEED=<seed> reruns it.

const SEED = fuzzSeed(0x5eed_4ead);
const INPUTS = 10_000;
/** Per call; a slow call is timed again before it counts, so that a collection is not a failure. */
const SLOW_MS = 50;

describe('project reader: fuzzed files', function () {
  this.timeout(120_000);

  it(`reads or refuses ${INPUTS.toLocaleString('en-US')} mutated files with a place and a reason, never a throw`, function () {
    console.log(`      seed 0x${SEED.toString(16)} (DC_FUZZ_SEED reruns it)`);
    const next = random(SEED);
    const seeds = layouts.map((layout, index) => {
      const root = path.join(path.sep, 'reader-fuzz', String(index));
      const base = new Map<string, MemoryContent>(Object.entries(layout.files).map(([relative, content]) => [path.join(root, relative), content]));
      const targets = [...base.keys()].filter(file => /\.(csproj|props|targets|sln|slnx)$/i.test(file));
      return { base, projectPath: path.join(root, layout.app), targets };
    });

    const failures: string[] = [];
    const slow: string[] = [];
    let read = 0;
    let refused = 0;
    for (let i = 0; i < INPUTS; i++) {
      const seed = seeds[i % seeds.length]!;
      const target = next() < 0.6 ? seed.projectPath : pick(seed.targets, next);
      const original = seed.base.get(target) as string;
      const roll = next();
      const damaged: MemoryContent = roll < 0.3 ? mutateBytes(original, next) : mutate(original, roll < 0.7 ? projectTokens : hostileProjectTokens, next);
      const memory = memoryFileSystem(seed.base, new Map([[target, damaged]]));
      // A file system without readBytes hands over text (an editor's, a test's): the same bounds must hold.
      const fileSystem: ProjectFileSystem = next() < 0.2 ? { ...memory, readBytes: undefined } : memory;
      const label = `input ${i} (${path.basename(target)}, seed 0x${SEED.toString(16)})`;
      try {
        // The time each call held this thread: a machine's other work (a wait for a core) is not the call's.
        let { value: result, ms } = timed(() => readBuildPlan(seed.projectPath, { fileSystem }));
        for (let retry = 0; ms > SLOW_MS && retry < 3; retry++) {
          const again = timed(() => readBuildPlan(seed.projectPath, { fileSystem }));
          result = again.value;
          ms = Math.min(ms, again.ms);
        }
        if (ms > SLOW_MS) slow.push(`${label}: ${ms.toFixed(1)} ms`);
        if (/\.slnx?$/i.test(target)) readSolution(target, fileSystem);
        if (result.ok) {
          read++;
          assert.equal(result.plan.app.file, seed.projectPath, label);
        } else {
          refused++;
          const { file, line, column, message } = result.problem;
          assert.equal(file, seed.projectPath, label);
          assert.ok(Number.isInteger(line) && line >= 1 && Number.isInteger(column) && column >= 1, `${label}: ${line}:${column}`);
          assert.ok(message.trim().length > 5, `${label}: ${JSON.stringify(message)}`);
        }
      } catch (error) {
        failures.push(`${label}: ${(error as Error).stack?.split('\n').slice(0, 4).join(' | ')}\n${JSON.stringify(typeof damaged === 'string' ? damaged.slice(0, 400) : '<bytes>')}`);
      }
    }
    console.log(`      ${read} read, ${refused} refused`);
    assert.deepEqual(failures.slice(0, 3), [], `${failures.length} inputs threw`);
    assert.deepEqual(slow.slice(0, 3), [], `${slow.length} inputs took over ${SLOW_MS} ms`);
    assert.ok(read > INPUTS / 10 && refused > INPUTS / 10, 'the inputs reach both readings and refusals');
  });
});

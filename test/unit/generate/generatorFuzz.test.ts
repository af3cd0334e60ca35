import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { variantChoices, VariantChoice } from '../../../src/core/generate/generateDockerfile';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { fuzzSeed, hostileProjectTokens, memoryFileSystem, MemoryContent, mutate, mutateBytes, pick, projectTokens, random } from '../../support/fuzzing';
import { layouts } from '../../support/layouts';
import { now } from '../../support/lintTable';
import { timed } from '../../support/budget';

// The generator on mutated projects (their text and their bytes), Directory.Build.props and solutions: it must
// answer every one with a plan or a refusal that says why, never throw, and never take long. Seeded: the seed is
// printed, and DC_FUZZ_SEED=<seed> reruns the same inputs.

const SEED = fuzzSeed(0x5eed_6e4e);
const INPUTS = 10_000;
/** Per call; a slow call is timed again before it counts, so that a collection is not a failure. */
const SLOW_MS = 50;

describe('generator: fuzzed projects', function () {
  this.timeout(120_000);

  it(`answers ${INPUTS.toLocaleString('en-US')} mutated projects with a plan or a reason, never a throw`, function () {
    console.log(`      seed 0x${SEED.toString(16)} (DC_FUZZ_SEED reruns it)`);
    const next = random(SEED);
    const seeds = layouts.map((layout, index) => {
      const root = path.join(path.sep, 'generator-fuzz', String(index));
      const base = new Map<string, MemoryContent>(Object.entries(layout.files).map(([relative, content]) => [path.join(root, relative), content]));
      // Every file the generator reads as MSBuild XML or a solution is a target, not only the app project.
      const targets = [...base.keys()].filter(file => /\.(csproj|props|targets|sln|slnx)$/i.test(file));
      return { base, projectPath: path.join(root, layout.app), targets };
    });

    const failures: string[] = [];
    const slow: string[] = [];
    let plans = 0;
    let refusals = 0;
    for (let i = 0; i < INPUTS; i++) {
      const seed = seeds[i % seeds.length]!;
      const target = pick(seed.targets, next);
      const original = seed.base.get(target) as string;
      const roll = next();
      const damaged: MemoryContent = roll < 0.15 ? mutateBytes(original, next) : mutate(original, roll < 0.75 ? projectTokens : hostileProjectTokens, next);
      const fileSystem = memoryFileSystem(seed.base, new Map([[target, damaged]]));
      const options = { now, fileSystem, variant: pick(variantChoices, next) as VariantChoice, https: next() < 0.3 };
      const label = `input ${i} (${path.basename(target)}, seed 0x${SEED.toString(16)})`;
      try {
        // The time each call held this thread: a machine's other work (a wait for a core) is not the call's.
        let { value: plan, ms } = timed(() => planGeneration(seed.projectPath, options));
        for (let retry = 0; ms > SLOW_MS && retry < 3; retry++) {
          const again = timed(() => planGeneration(seed.projectPath, options));
          plan = again.value;
          ms = Math.min(ms, again.ms);
        }
        if (ms > SLOW_MS) slow.push(`${label}: ${ms.toFixed(1)} ms`);
        if (plan.ok) {
          plans++;
          assert.match(plan.dockerfile.content, /^FROM /m, label);
        } else {
          refusals++;
          assert.ok(plan.message.trim().length > 10, `${label}: a refusal says why: ${JSON.stringify(plan.message)}`);
        }
      } catch (error) {
        failures.push(`${label}: ${(error as Error).stack?.split('\n').slice(0, 4).join(' | ')}\n${JSON.stringify(typeof damaged === 'string' ? damaged.slice(0, 400) : '<bytes>')}`);
      }
    }
    console.log(`      ${plans} plans, ${refusals} refusals`);
    assert.deepEqual(failures.slice(0, 3), [], `${failures.length} inputs threw`);
    assert.deepEqual(slow.slice(0, 3), [], `${slow.length} inputs took over ${SLOW_MS} ms`);
    assert.ok(plans > INPUTS / 10 && refusals > INPUTS / 10, 'the inputs reach both plans and refusals');
  });
});

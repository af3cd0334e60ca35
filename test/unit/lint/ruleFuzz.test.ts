import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { createLintContext, LintContext } from '../../../src/core/lint/lintContext';
import { allRules } from '../../../src/core/lint/rules';
import { dockerfileTokens, fuzzSeed, hostileProjectTokens, memoryFileSystem, mutate, projectTokens, random } from '../../support/fuzzing';
import { layouts } from '../../support/layouts';
import { now } from '../../support/lintTable';

// Each rule called directly (not through lintDockerfile, whose guard turns a throw into a finding) on mutated
// Dockerfiles and projects: a rule that throws fails here, with its input. Seeded: the seed is printed, and
// DC_FUZZ_SEED=<seed> reruns the same inputs.

const SEED = fuzzSeed(0x5eed_7011);
const INPUTS = 10_000;

describe('lint rules, each fuzzed on its own', function () {
  this.timeout(120_000);

  it(`every rule answers ${INPUTS.toLocaleString('en-US')} mutated Dockerfiles and projects without throwing`, function () {
    console.log(`      seed 0x${SEED.toString(16)} (DC_FUZZ_SEED reruns it)`);
    const next = random(SEED);
    const seeds = layouts.map((layout, index) => {
      const root = path.join(path.sep, 'rule-fuzz', String(index));
      const base = new Map(Object.entries(layout.files).map(([relative, content]) => [path.join(root, relative), content]));
      const projectPath = path.join(root, layout.app);
      const plan = planGeneration(projectPath, { now, fileSystem: memoryFileSystem(base) });
      assert.ok(plan.ok, `${layout.name}: ${plan.ok ? '' : plan.message}`);
      base.set(plan.dockerignore.path, plan.dockerignore.content);
      return { base, projectPath, dockerfilePath: plan.dockerfile.path, dockerfile: plan.dockerfile.content };
    });

    const failures = new Map(allRules.map(rule => [rule.id, [] as string[]]));
    const contextFailures: string[] = [];
    const checked = new Map(allRules.map(rule => [rule.id, 0]));
    for (let i = 0; i < INPUTS; i++) {
      const seed = seeds[i % seeds.length]!;
      const overrides = new Map<string, string>();
      if (next() < 0.5) overrides.set(seed.projectPath, mutate(seed.base.get(seed.projectPath)!, next() < 0.8 ? projectTokens : hostileProjectTokens, next));
      const text = mutate(seed.dockerfile, dockerfileTokens, next);
      // One in ten without a path: the rules that need the project or the context must stay quiet, not fail.
      const withPath = next() >= 0.1;
      let context: LintContext;
      try {
        context = createLintContext(text, { now, ...(withPath ? { dockerfilePath: seed.dockerfilePath } : {}), fileSystem: memoryFileSystem(seed.base, overrides) });
      } catch (error) {
        contextFailures.push(`input ${i}: ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ')} ${JSON.stringify(text.slice(0, 300))}`);
        continue;
      }
      for (const rule of allRules) {
        try {
          rule.check(context);
          checked.set(rule.id, checked.get(rule.id)! + 1);
        } catch (error) {
          failures.get(rule.id)!.push(`input ${i}: ${(error as Error).stack?.split('\n').slice(0, 4).join(' | ')}\n${JSON.stringify(text.slice(0, 400))}`);
        }
      }
    }
    const failed = [...failures].filter(([, list]) => list.length).map(([rule, list]) => `${rule} threw on ${list.length} inputs (seed 0x${SEED.toString(16)}), first: ${list[0]}`);
    assert.deepEqual(contextFailures.slice(0, 3), [], `creating the context threw on ${contextFailures.length} inputs (seed 0x${SEED.toString(16)})`);
    assert.deepEqual(failed, []);
    for (const [rule, count] of checked) assert.ok(count >= INPUTS, `${rule} answered ${count} inputs`);
  });
});

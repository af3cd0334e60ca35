// Issue 10's two figures on the real-layouts fixtures (test/fixtures/real-layouts: layouts of public repositories,
// each with what a reviewer judges right): the share of lint findings that are false, in the CLI's plain mode (no
// --project, no --context; goal ≤ 2 %, and no false error), and the share of executable projects that generate
// right or are refused for the right reason (goal ≥ 97 %). No peer: the reference is the reviewer's judgement in
// each fixture's expectations.json. The same figures are a test title in test/unit/realLayouts.test.ts.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(root, 'test', 'fixtures', 'real-layouts');
const GOAL_FALSE_POSITIVES = 2; // %
const GOAL_GENERATE = 97; // %

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-real-layouts-'));
try {
  // The suite's own harness with the core as it ships (one bundle), so that the bench and the test count alike.
  const outfile = path.join(work, 'realLayouts.cjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'test', 'support', 'realLayouts.ts')],
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning',
  });
  const suite = createRequire(import.meta.url)(outfile);

  const started = Date.now();
  const results = suite.listLayouts(fixtures).map(name => suite.runLayout(name, fixtures, suite.judgedOn));
  const figures = suite.figuresOf(results);
  const repositories = new Set(results.map(r => r.expectations.modelledOn)).size;
  console.log(`# ${results.length} fixtures modelled on ${repositories} repositories, judged on ${suite.judgedOn.toISOString().slice(0, 10)}; ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`# ${suite.figuresLine(figures)}`);
  for (const result of results) {
    for (const dockerfile of result.dockerfiles) {
      for (const f of dockerfile.falsePositives) console.log(`#   false ${f.severity === 'error' ? 'error' : 'positive'} ${result.name}/${dockerfile.file}: ${suite.describeActual(f)}`);
      for (const f of dockerfile.missed) console.log(`#   missed ${result.name}/${dockerfile.file}: ${suite.describeExpected(f)}`);
    }
    for (const project of result.projects.filter(p => !p.right)) console.log(`#   generate wrong ${result.name}/${project.project}: ${project.problems.join('; ')}`);
  }

  const falseShare = figures.findings ? 100 * figures.falsePositives / figures.findings : 0;
  const rightShare = figures.projects ? 100 * figures.projectsRight / figures.projects : 100;
  console.log(`BENCH real-layouts.lint-false-positives ${falseShare.toFixed(1)} % goal<=${GOAL_FALSE_POSITIVES} (${figures.falsePositives} of ${figures.findings} findings) ${falseShare <= GOAL_FALSE_POSITIVES ? 'PASS' : 'MISS'}`);
  console.log(`BENCH real-layouts.lint-false-errors ${figures.falseErrors} findings goal<=0 ${figures.falseErrors === 0 ? 'PASS' : 'MISS'}`);
  console.log(`BENCH real-layouts.lint-missed ${figures.missed} findings (true findings not reported; no goal)`);
  console.log(`BENCH real-layouts.generate-right ${rightShare.toFixed(1)} % goal>=${GOAL_GENERATE} (${figures.projectsRight} of ${figures.projects} projects) ${rightShare >= GOAL_GENERATE ? 'PASS' : 'MISS'}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

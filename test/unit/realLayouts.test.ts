import * as assert from 'node:assert/strict';
import {
  describeActual, describeExpected, falsePositiveRate, figuresOf, generateFigureLine, generateRate, lintFigureLine, judgedOn, LayoutResult, listLayouts, realLayoutsRoot, runLayout,
} from '../support/realLayouts';

// Issue 10: layouts of public repositories (test/fixtures/real-layouts/<name>, each with the repository it is
// modelled on and what a careful reviewer judges right). Each Dockerfile is linted the way the CLI does by default
// (no --project, no --context), each executable project is generated and its Dockerfile linted; then the two
// figures of the issue: the share of lint findings that are false (goal ≤ 2 %, and no false error) and the share
// of projects generated right or refused for the right reason (goal ≥ 97 %). The figures are in a test title, so
// they show in the summary, and `npm run bench` prints them too (bench/realLayouts.mjs).

const FALSE_POSITIVE_GOAL = 0.02;
const GENERATE_GOAL = 0.97;

const layouts = listLayouts();
const results: Array<LayoutResult | { name: string; error: unknown }> = layouts.map(name => {
  try {
    return runLayout(name, realLayoutsRoot, judgedOn);
  } catch (error) {
    return { name, error };
  }
});
const completed = results.filter((r): r is LayoutResult => !('error' in r));
const figures = figuresOf(completed);

describe('real layouts (issue 10)', () => {
  it(`has fixtures modelled on at least 10 public repositories (${new Set(completed.map(r => r.expectations.modelledOn)).size} found)`, () => {
    assert.ok(new Set(completed.map(r => r.expectations.modelledOn)).size >= 10, 'fewer than 10 repositories modelled');
  });

  for (const result of results) {
    describe(result.name, () => {
      if ('error' in result) {
        it('runs', () => { throw result.error; });
        return;
      }
      it(`is modelled on a public repository (${result.expectations.modelledOn}) and judges every Dockerfile it holds`, () => {
        assert.match(result.expectations.modelledOn, /^[\w.-]+\/[\w.-]+$/);
        assert.deepEqual(result.unjudged, [], 'Dockerfiles without expectations');
        assert.deepEqual(result.dangling, [], 'expectations naming files that are not in the fixture');
      });
      for (const dockerfile of result.dockerfiles) {
        it(`lint ${dockerfile.file}: only the true findings`, () => {
          const problems = [
            ...dockerfile.falsePositives.map(f => `false ${f.severity === 'error' ? 'ERROR' : 'positive'}: ${describeActual(f)}`),
            ...dockerfile.missed.map(f => `missed: ${describeExpected(f)}${f.why ? ` (${f.why})` : ''}`),
          ];
          assert.deepEqual(problems, [], `${dockerfile.file}:\n  ${problems.join('\n  ')}`);
        });
      }
      for (const project of result.projects) {
        it(`generate ${project.project}`, () => {
          assert.ok(project.right, `${project.project}: ${project.outcome}\n  ${project.problems.join('\n  ')}`);
        });
      }
    });
  }
});

// Last, so that the two figures close the suite's output.
describe('real layouts (issue 10): figures', () => {
  it(lintFigureLine(figures), () => {
    const failures: string[] = [];
    if (falsePositiveRate(figures) > FALSE_POSITIVE_GOAL) failures.push(`false positives above ${FALSE_POSITIVE_GOAL * 100} %`);
    if (figures.falseErrors > 0) failures.push(`${figures.falseErrors} false error(s)`);
    if (completed.length < results.length) failures.push(`${results.length - completed.length} fixture(s) did not run`);
    assert.deepEqual(failures, []);
  });

  it(generateFigureLine(figures), () => {
    assert.ok(generateRate(figures) >= GENERATE_GOAL, `generate right below ${GENERATE_GOAL * 100} %`);
    assert.equal(completed.length, results.length, 'some fixtures did not run');
  });
});

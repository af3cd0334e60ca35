import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { variantChoices, VariantChoice } from '../../../src/core/generate/generateDockerfile';
import { supportStatus } from '../../../src/core/images/imageSupportStatus';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';
import { removeTree, writeTree } from '../../support/fileTree';
import { layouts } from '../../support/layouts';
import { now } from '../../support/lintTable';

// The linter must agree with the generator: whatever `generate` writes (the Dockerfile next to the project and
// the .dockerignore at the context, as it writes them) lints clean at warning and error, every rule and the
// generic checks on. The one expected finding is dotnet/eol on a layout whose .NET is out of support.

describe('lint: every generated Dockerfile is clean', function () {
  for (const layout of layouts) {
    for (const variant of variantChoices) {
      for (const https of [false, true]) {
        it(`${layout.name}, ${variant}${https ? ', HTTPS' : ''}`, () => {
          const tree = writeTree(layout.files);
          try {
            const plan = planGeneration(path.join(tree, layout.app), { now, variant: variant as VariantChoice, https });
            // Every layout is an app the generator handles: a plan that fails is a failure, not a case to skip.
            if (!plan.ok) assert.fail(`generation failed: ${plan.message}`);
            fs.writeFileSync(plan.dockerfile.path, plan.dockerfile.content);
            fs.writeFileSync(plan.dockerignore.path, plan.dockerignore.content);
            const { findings } = lintDockerfile(plan.dockerfile.content, { now, dockerfilePath: plan.dockerfile.path });
            const outOfSupport = supportStatus(plan.generated.images.version, now).status === 'end-of-support';
            const unexpected = findings.filter(f => (f.severity === 'warning' || f.severity === 'error') && !(outOfSupport && f.rule === 'dotnet/eol'));
            assert.deepEqual(
              unexpected.map(f => `${f.rule} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`),
              [],
              `\n${plan.dockerfile.content}`,
            );
          } finally {
            removeTree(tree);
          }
        });
      }
    }
  }
});

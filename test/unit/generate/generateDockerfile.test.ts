import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { generateDockerfile, variantChoices, GenerateOptions } from '../../../src/core/generate/generateDockerfile';
import { readBuildPlan } from '../../../src/core/project/readBuildPlan';
import { csproj, removeTree, writeTree } from '../../support/fileTree';
import { layouts } from '../../support/layouts';

const root = path.resolve(__dirname, '../../../..');
const goldenDir = path.join(root, 'test', 'fixtures', 'generate');
const now = new Date('2026-11-23T00:00:00Z');
const update = process.env.UPDATE_GOLDEN === '1';

function generate(tree: string, app: string, options: Partial<GenerateOptions> = {}) {
  const plan = readBuildPlan(path.join(tree, app));
  assert.ok(plan.ok, plan.ok ? '' : plan.problem.message);
  return generateDockerfile(plan.plan, { now, ...options });
}

/** The golden file holds the output with the temp folder written as <root>, plus the warnings. */
function goldenText(tree: string, dockerfile: string, warnings: readonly string[]): string {
  const body = dockerfile.split(tree).join('<root>');
  return warnings.length ? `${body}\n# warnings:\n${warnings.map(w => `#   ${w.split(tree).join('<root>')}`).join('\n')}\n` : body;
}

function checkGolden(name: string, actual: string) {
  const file = path.join(goldenDir, `${name.replace(/[^A-Za-z0-9.]+/g, '-')}.Dockerfile`);
  if (update || !fs.existsSync(file)) {
    fs.mkdirSync(goldenDir, { recursive: true });
    fs.writeFileSync(file, actual);
    if (!update) assert.fail(`wrote the missing golden file ${path.relative(root, file)}: check it and run again`);
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'));
}

/** Properties every generated Dockerfile has, whatever the layout. */
function assertWellFormed(dockerfile: string) {
  const parsed = DockerfileParser.parse(dockerfile);
  const froms = parsed.getFROMs();
  assert.equal(froms.length, 2);
  assert.match(froms[0]!.getImage() ?? '', /^mcr\.microsoft\.com\/dotnet\/sdk:/);
  assert.equal(froms[0]!.getBuildStage(), 'build');
  assert.equal(froms[0]!.getPlatformFlag()?.getValue(), '$BUILDPLATFORM');
  assert.equal(froms[1]!.getBuildStage(), 'final');
  const keywords = parsed.getInstructions().map(i => i.getKeyword());
  assert.ok(keywords.indexOf('RUN') < keywords.lastIndexOf('COPY'), 'restore runs before the sources are copied');
  const entrypoint = parsed.getInstructions().filter(i => i.getKeyword() === 'ENTRYPOINT');
  assert.equal(entrypoint.length, 1);
  assert.match(entrypoint[0]!.getTextContent(), /^ENTRYPOINT \[/);
  for (const problem of parsed.getComments()) assert.ok(problem.getContent() !== undefined);
}

describe('generateDockerfile: golden outputs', () => {
  for (const layout of layouts) {
    it(layout.name, () => {
      const tree = writeTree(layout.files);
      try {
        const result = generate(tree, layout.app);
        assert.ok(result.ok, result.ok ? '' : result.message);
        assertWellFormed(result.dockerfile);
        checkGolden(layout.name, goldenText(tree, result.dockerfile, result.warnings));
      } finally {
        removeTree(tree);
      }
    });
  }

  for (const variant of variantChoices) {
    it(`variant ${variant}: both stages on the same OS family`, () => {
      const layout = layouts.find(l => l.name === 'web')!;
      const tree = writeTree(layout.files);
      try {
        const result = generate(tree, layout.app, { variant });
        assert.ok(result.ok, result.ok ? '' : result.message);
        assertWellFormed(result.dockerfile);
        checkGolden(`variant-${variant}`, goldenText(tree, result.dockerfile, result.warnings));
      } finally {
        removeTree(tree);
      }
    });
  }

  it('HTTPS on request: URLS override, certificate variables, a mount comment', () => {
    const layout = layouts.find(l => l.name === 'web')!;
    const tree = writeTree(layout.files);
    try {
      const result = generate(tree, layout.app, { https: true });
      assert.ok(result.ok);
      assertWellFormed(result.dockerfile);
      checkGolden('https', goldenText(tree, result.dockerfile, result.warnings));
    } finally {
      removeTree(tree);
    }
  });
});

describe('generateDockerfile: what it refuses, and why', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a class library', csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }), /class library/],
    ['net48', csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net48' }), /\.NET Framework runs only on Windows/],
    ['netstandard', csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'netstandard2.0' }), /library contract/],
    ['no TargetFramework', csproj('Microsoft.NET.Sdk', { OutputType: 'Exe' }), /sets no TargetFramework/],
    ['a Windows desktop TFM', csproj('Microsoft.NET.Sdk', { OutputType: 'WinExe', TargetFramework: 'net10.0-windows' }), /windows platform does not run/],
  ];
  for (const [name, project, message] of cases) {
    it(name, () => {
      const tree = writeTree({ 'X/X.csproj': project });
      try {
        const result = generate(tree, 'X/X.csproj');
        assert.equal(result.ok, false);
        assert.match(result.ok ? '' : result.message, message);
      } finally {
        removeTree(tree);
      }
    });
  }
});

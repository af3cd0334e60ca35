// The worst a hostile project file costs: every input of test/support/hostileInputs.ts (entity bombs, 10,000-deep
// nesting, 50 MB files, bad encodings, binary junk, the costliest shapes within the reader's limits) placed in a
// small app's tree, then read by the project reader, linted with the app's Dockerfile and planned by the
// generator. The figure is the slowest of those (the fastest of a few calls each, warm); goal ≤ 200 ms, and
// ≤ 50 MB allocated, garbage included. They run synchronously on the extension host, in untrusted workspaces too.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GOAL_MS = 200;
const GOAL_BYTES = 50 * 1024 * 1024;
const RUNS = Number(process.env.DC_BENCH_RUNS) || 5;
const now = new Date('2026-11-23T00:00:00Z');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-hostile-'));
try {
  const outfile = path.join(work, 'hostile.cjs');
  const modules = {
    readBuildPlan: 'src/core/project/readBuildPlan.ts',
    lintDockerfile: 'src/core/lint/lintDockerfile.ts',
    planGeneration: 'src/core/generate/planGeneration.ts',
    nodeFileSystem: 'src/core/project/fileSystem.ts',
    hostileInputs: 'test/support/hostileInputs.ts',
    allocatedBy: 'test/support/budget.ts',
  };
  const contents = Object.entries(modules).map(([name, file]) => `exports.${name} = require(${JSON.stringify(path.join(root, file))}).${name};`).join('\n');
  await esbuild.build({ stdin: { contents, resolveDir: root, loader: 'js' }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning' });
  const { readBuildPlan, lintDockerfile, planGeneration, nodeFileSystem, hostileInputs, allocatedBy } = createRequire(import.meta.url)(outfile);

  const app = path.join(work, 'tree', 'App', 'App.csproj');
  const dockerfilePath = path.join(path.dirname(app), 'Dockerfile');
  const webProject = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n';
  fs.mkdirSync(path.dirname(app), { recursive: true });
  fs.writeFileSync(app, webProject);
  const plan = planGeneration(app, { now });
  if (!plan.ok) throw new Error(plan.message);
  const dockerfile = plan.dockerfile.content;
  fs.writeFileSync(dockerfilePath, dockerfile);
  fs.writeFileSync(plan.dockerignore.path, plan.dockerignore.content);

  // The linter gets a file system of its own, so that its project cache cannot answer: each call reads.
  const targets = {
    reader: () => readBuildPlan(app),
    linter: () => lintDockerfile(dockerfile, { now, dockerfilePath, fileSystem: { ...nodeFileSystem } }),
    generator: () => planGeneration(app, { now }),
  };
  for (let i = 0; i < 20; i++) for (const target of Object.values(targets)) target();

  let worst = { ms: 0, input: '', target: '' };
  let hungriest = { bytes: 0, input: '', target: '' };
  for (const input of hostileInputs) {
    const file = input.place === 'project' ? app : input.place === 'solution' ? path.join(work, 'tree', 'App.sln') : path.join(work, 'tree', 'Directory.Build.props');
    fs.writeFileSync(file, input.bytes());
    const row = [];
    for (const [name, target] of Object.entries(targets)) {
      let ms = Infinity;
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        target();
        ms = Math.min(ms, performance.now() - started);
      }
      const bytes = allocatedBy(target);
      if (ms > worst.ms) worst = { ms, input: input.name, target: name };
      if (bytes > hungriest.bytes) hungriest = { bytes, input: input.name, target: name };
      row.push(`${name} ${ms.toFixed(1)} ms ${(bytes / 1048576).toFixed(1)} MB`);
    }
    console.log(`# ${input.name}: ${row.join(', ')}`);
    if (input.place === 'project') fs.writeFileSync(app, webProject);
    else fs.rmSync(file);
  }
  const pass = worst.ms <= GOAL_MS && hungriest.bytes <= GOAL_BYTES;
  console.log(`BENCH hostile-input-worst ${worst.ms.toFixed(1)} ms goal<=${GOAL_MS} (${worst.input}, ${worst.target}); most allocated ${(hungriest.bytes / 1048576).toFixed(1)} MB goal<=${GOAL_BYTES / 1048576} (${hungriest.input}, ${hungriest.target}) ${pass ? 'PASS' : 'MISS'}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

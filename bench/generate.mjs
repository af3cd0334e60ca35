// Generating for one project of a synthetic 500-project solution, cold: a fresh Node process loads the
// generator and plans the Dockerfile (goal ≤ 150 ms), reading only the files of the app's closure.
// Peer, measured in the same run: MSBuild evaluating the same project (`dotnet msbuild -getProperty`),
// which is what a generator that shells out to the SDK pays before writing a line.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.DC_BENCH_RUNS) || 7;
const PROJECTS = 500;
const GOAL_MS = 150;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-generate-'));
try {
  const app = makeSolution(work);
  const probe = path.join(work, 'probe.cjs');
  // The generator as it ships (one bundle), with a probe that times load + plan inside the fresh process.
  await esbuild.build({
    stdin: {
      contents: `
        const started = process.hrtime.bigint();
        const fs = require('node:fs');
        const { planGeneration } = require(${JSON.stringify(path.join(root, 'src/core/generate/planGeneration.ts'))});
        const { nodeFileSystem } = require(${JSON.stringify(path.join(root, 'src/core/project/fileSystem.ts'))});
        const read = new Set();
        // Project files come through readBytes (bounded), the Dockerfile and .dockerignore through readText.
        const counting = {
          ...nodeFileSystem,
          readText: file => { read.add(file); return nodeFileSystem.readText(file); },
          readBytes: (file, maxBytes) => { read.add(file); return nodeFileSystem.readBytes(file, maxBytes); },
        };
        const plan = planGeneration(process.argv[2], { now: new Date(), fileSystem: process.argv[3] === 'count' ? counting : undefined });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (!plan.ok) { console.error(plan.message); process.exit(1); }
        process.stdout.write(JSON.stringify({ ms, read: [...read] }));
      `,
      resolveDir: root,
      loader: 'js',
    },
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: probe, logLevel: 'warning',
  });

  const ours = [];
  for (let i = 0; i < runs; i++) ours.push(JSON.parse(execFileSync(process.execPath, [probe, app], { encoding: 'utf8' })).ms);
  const counted = JSON.parse(execFileSync(process.execPath, [probe, app, 'count'], { encoding: 'utf8' }));
  const closure = new Set(['App', 'Lib0', 'Lib1', 'Lib2'].map(name => path.join(work, 'src', name, `${name}.csproj`)));
  const outside = counted.read.filter(file => file.endsWith('proj') && !closure.has(file));

  const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const oursMedian = median(ours);
  console.log(`# ${PROJECTS} projects; the app references 3 of them; ${runs} cold processes: ${ours.map(ms => ms.toFixed(1)).join(', ')} ms`);
  console.log(`# files read: ${counted.read.length} (${counted.read.map(file => path.relative(work, file)).join(', ')})`);
  console.log(`BENCH generate.files-read ${counted.read.length} files; projects-outside-closure=${outside.length}${outside.length ? ' MISS' : ''}`);

  const peer = measureMsbuild(app);
  const ratio = peer ? ` ratio=${(oursMedian / peer).toFixed(3)} vs dotnet-msbuild-getProperty (${peer.toFixed(0)} ms)` : ' (peer: no dotnet on PATH)';
  console.log(`BENCH generate.cold-500 ${oursMedian.toFixed(1)} ms goal<=${GOAL_MS}${ratio} ${oursMedian <= GOAL_MS ? 'PASS' : 'MISS'}`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

/** A classic .sln with 500 projects: an app, a chain of 3 libraries it uses, and 496 unrelated ones. */
function makeSolution(dir) {
  fs.writeFileSync(path.join(dir, 'Directory.Build.props'), '<Project>\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n');
  const names = ['App', ...Array.from({ length: PROJECTS - 1 }, (_, i) => `Lib${i}`)];
  const lines = ['', 'Microsoft Visual Studio Solution File, Format Version 12.00', '# Visual Studio Version 17'];
  names.forEach((name, i) => {
    const folder = path.join(dir, 'src', name);
    fs.mkdirSync(folder, { recursive: true });
    // App → Lib0 → Lib1 → Lib2
    const reference = name === 'App' ? 'Lib0' : i === 1 || i === 2 ? `Lib${i}` : undefined;
    const sdk = name === 'App' ? 'Microsoft.NET.Sdk.Web' : 'Microsoft.NET.Sdk';
    fs.writeFileSync(path.join(folder, `${name}.csproj`), `<Project Sdk="${sdk}">\n${reference ? `  <ItemGroup>\n    <ProjectReference Include="..\\${reference}\\${reference}.csproj" />\n  </ItemGroup>\n` : ''}</Project>\n`);
    const guid = `{${String(i).padStart(8, '0')}-0000-0000-0000-000000000000}`;
    lines.push(`Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "${name}", "src\\${name}\\${name}.csproj", "${guid}"`, 'EndProject');
  });
  fs.writeFileSync(path.join(dir, 'Big.sln'), lines.join('\r\n') + '\r\n');
  return path.join(dir, 'src', 'App', 'App.csproj');
}

/** Median of 3 `dotnet msbuild -getProperty` runs on the same project, or undefined without dotnet. */
function measureMsbuild(project) {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync('dotnet', ['msbuild', project, '-getProperty:TargetFramework', '-getProperty:AssemblyName', '-nologo'],
      { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } });
    if (result.error || result.status !== 0) return undefined;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[1];
}

// The held-out check of issue 10: point it at checkouts of public repositories (folders outside this
// repository) and it runs the linter over every Dockerfile and the generator over every project, the way the
// CLI would (no --project, no --context), and writes a review table for a human to judge. No pass/fail: the
// fixtures under test/fixtures/real-layouts carry the judged expectations; this is for layouts nobody has
// modelled yet.
//
//   node scripts/realRepositories.mjs <repo folder>… [--out review.md] [--now 2026-12-04] [--json findings.json]
//
// The review has, per repository: each Dockerfile's findings (rule, severity, line, message), a count per rule,
// and each project's generate outcome (base images and entrypoint, or the refusal), with whatever the linter says
// about the generated Dockerfile. The last lines are the summary (also printed on stdout).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const usage = 'usage: node scripts/realRepositories.mjs <repo folder>… [--out review.md] [--now YYYY-MM-DD] [--json file]';

const args = process.argv.slice(2);
const options = { out: undefined, now: undefined, json: undefined };
const repos = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  const name = arg.startsWith('--') ? arg.slice(2).split('=')[0] : undefined;
  if (name === undefined) { repos.push(path.resolve(arg)); continue; }
  if (!(name in options)) fail(`unknown option --${name}`);
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
  if (!value) fail(`--${name} needs a value`);
  options[name] = value;
}
if (!repos.length) fail('name at least one checked-out repository folder');
for (const repo of repos) if (!fs.statSync(repo, { throwIfNoEntry: false })?.isDirectory()) fail(`${repo} is not a folder`);
const now = options.now ? new Date(`${options.now}T00:00:00Z`) : new Date();
if (Number.isNaN(now.getTime())) fail(`--now: "${options.now}" is not a date`);

let core;

function fail(message) {
  console.error(`realRepositories: ${message}\n${usage}`);
  process.exit(2);
}

/** The core as the CLI ships it: one esbuild bundle of the generator and the linter, in a temp folder. */
async function loadCore() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-real-repos-'));
  try {
    const outfile = path.join(work, 'core.cjs');
    const contents = ['generate/planGeneration', 'lint/lintDockerfile', 'project/fileSystem']
      .map(file => `Object.assign(module.exports, require(${JSON.stringify(path.join(root, 'src/core', `${file}.ts`))}));`).join('\n');
    await esbuild.build({ stdin: { contents, resolveDir: root, loader: 'js' }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'warning' });
    return createRequire(import.meta.url)(outfile);
  } finally {
    // The bundle is loaded: the file is no longer needed.
    setImmediate(() => fs.rmSync(work, { recursive: true, force: true }));
  }
}

const skipped = new Set(['.git', 'node_modules', 'bin', 'obj', '.vs', 'packages', 'artifacts']);
const isDockerfile = name => /^(Dockerfile|Containerfile)([._-].*)?$|\.(Dockerfile|dockerfile)$/.test(name) && !/\.(md|dockerignore)$/i.test(name);
const isProject = name => /\.(cs|fs|vb)proj$/i.test(name);

function walk(dir, found = { dockerfiles: [], projects: [] }) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name)) walk(full, found);
    } else if (entry.isFile()) {
      if (isDockerfile(entry.name)) found.dockerfiles.push(full);
      else if (isProject(entry.name)) found.projects.push(full);
    }
  }
  return found;
}

function reviewRepository(repo) {
  const { dockerfiles, projects } = walk(repo);
  const relative = file => path.relative(repo, file).split(path.sep).join('/');
  const linted = dockerfiles.map(file => {
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    try {
      const result = core.lintDockerfile(text, { now, dockerfilePath: file });
      return {
        file: relative(file),
        context: result.context.contextDirectory ? relative(result.context.contextDirectory) || '.' : undefined,
        project: result.context.project ? relative(result.context.project.info.file) : undefined,
        findings: result.findings.map(f => ({ rule: f.rule, severity: f.severity, line: f.range.start.line + 1, message: f.message })),
      };
    } catch (error) {
      return { file: relative(file), crashed: String(error?.stack ?? error), findings: [] };
    }
  });
  const generated = projects.map(file => {
    try {
      const plan = core.planGeneration(file, { now });
      if (!plan.ok) return { project: relative(file), outcome: /class library/.test(plan.message) ? 'library' : 'refused', message: plan.message };
      const text = plan.dockerfile.content;
      const lintOfGenerated = core.lintDockerfile(text, { now, dockerfilePath: plan.dockerfile.path, fileSystem: overlay({ [plan.dockerfile.path]: text, [plan.dockerignore.path]: plan.dockerignore.content }) });
      return {
        project: relative(file),
        outcome: 'ok',
        kind: plan.app.kind,
        images: fromImages(text),
        entrypoint: entrypointOf(text),
        context: relative(plan.generated.contextDirectory) || '.',
        warnings: plan.warnings,
        lintOfGenerated: lintOfGenerated.findings.filter(f => f.severity === 'error' || f.severity === 'warning').map(f => `${f.rule}@${f.range.start.line + 1}`),
      };
    } catch (error) {
      return { project: relative(file), outcome: 'crashed', message: String(error?.message ?? error) };
    }
  });
  return { repo: path.basename(repo), path: repo, dockerfiles: linted, projects: generated };
}

/** The disk, with the files the generator proposes laid over it (as if the user had accepted them). */
function overlay(files) {
  const disk = core.nodeFileSystem;
  const dirs = new Set(Object.keys(files).map(f => path.dirname(f)));
  return {
    readText: file => files[file] ?? disk.readText(file),
    exists: file => file in files || dirs.has(file) || disk.exists(file),
    isDirectory: dir => dirs.has(dir) || disk.isDirectory(dir),
    list: dir => [...new Set([...disk.list(dir), ...Object.keys(files).filter(f => path.dirname(f) === dir).map(f => path.basename(f))])],
  };
}

function fromImages(text) {
  return text.split('\n').filter(line => /^FROM\s/i.test(line)).map(line => line.trim().split(/\s+/).filter(w => !w.startsWith('--'))[1]);
}

function entrypointOf(text) {
  const line = text.split('\n').filter(l => /^ENTRYPOINT\s/i.test(l)).pop();
  if (!line) return undefined;
  const rest = line.replace(/^ENTRYPOINT\s+/i, '');
  try {
    return JSON.parse(rest);
  } catch {
    return rest;
  }
}

function countBy(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const cell = text => String(text ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function formatReview(review) {
  const lines = ['', `## ${review.repo}`, '', `\`${review.path}\`: ${review.dockerfiles.length} Dockerfile(s), ${review.projects.length} project(s).`, ''];
  const findings = review.dockerfiles.flatMap(d => d.findings);
  lines.push('### Findings per rule', '', '| rule | errors | warnings | info/hints |', '|---|---|---|---|');
  for (const [rule] of countBy(findings, f => f.rule)) {
    const of = severity => findings.filter(f => f.rule === rule && (Array.isArray(severity) ? severity.includes(f.severity) : f.severity === severity)).length;
    lines.push(`| ${rule} | ${of('error')} | ${of('warning')} | ${of(['info', 'hint'])} |`);
  }
  lines.push('', '### Dockerfiles', '', '| Dockerfile | context found | project found | line | rule | severity | message | true? |', '|---|---|---|---|---|---|---|---|');
  for (const d of review.dockerfiles) {
    if (d.crashed) { lines.push(`| ${cell(d.file)} | | | | CRASH | | ${cell(d.crashed.split('\n')[0])} | |`); continue; }
    if (!d.findings.length) lines.push(`| ${cell(d.file)} | ${cell(d.context ?? '?')} | ${cell(d.project ?? '-')} | | (none) | | | |`);
    for (const f of d.findings) lines.push(`| ${cell(d.file)} | ${cell(d.context ?? '?')} | ${cell(d.project ?? '-')} | ${f.line} | ${f.rule} | ${f.severity} | ${cell(f.message)} | |`);
  }
  lines.push('', '### Generate', '', '| project | outcome | kind | images | entrypoint | context | warnings / reason | lint of generated | right? |', '|---|---|---|---|---|---|---|---|---|');
  for (const p of review.projects) {
    if (p.outcome !== 'ok') lines.push(`| ${cell(p.project)} | ${p.outcome} | | | | | ${cell(p.message)} | | |`);
    else lines.push(`| ${cell(p.project)} | ok | ${p.kind} | ${cell(p.images.join(' → '))} | ${cell(JSON.stringify(p.entrypoint))} | ${cell(p.context)} | ${cell(p.warnings.join(' / '))} | ${cell(p.lintOfGenerated.join(', ') || 'clean')} | |`);
  }
  return lines;
}

function summaryLines(reviews) {
  return reviews.map(r => {
    const findings = r.dockerfiles.flatMap(d => d.findings);
    const outcomes = countBy(r.projects, p => p.outcome).map(([o, n]) => `${n} ${o}`).join(', ');
    // dotnet/eol on a generated Dockerfile only says the project's own TFM is out of support: counted apart.
    const dirty = r.projects.filter(p => p.outcome === 'ok' && p.lintOfGenerated.some(f => !f.startsWith('dotnet/eol@'))).length;
    const rules = countBy(findings, f => f.rule).map(([rule, n]) => `${rule}×${n}`).join(' ');
    return `${r.repo}: ${r.dockerfiles.length} Dockerfiles, ${findings.length} findings (${findings.filter(f => f.severity === 'error').length} errors)${rules ? `: ${rules}` : ''}; ${r.projects.length} projects: ${outcomes || 'none'}${dirty ? `; ${dirty} generated Dockerfile(s) with findings besides dotnet/eol` : ''}`;
  });
}

core = await loadCore();
const reviews = repos.map(repo => reviewRepository(repo));
const markdown = reviews.flatMap(formatReview).concat(['', '## Summary', '', ...summaryLines(reviews)]).join('\n') + '\n';
if (options.out) fs.writeFileSync(options.out, markdown);
else process.stdout.write(markdown);
if (options.json) fs.writeFileSync(options.json, JSON.stringify(reviews, null, 2) + '\n');
if (options.out) console.log(summaryLines(reviews).join('\n'));

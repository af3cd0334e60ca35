import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main';
import { allRules } from '../../src/core/lint/rules';
import { csproj, removeTree, writeTree } from '../support/fileTree';
import { mismatchedDockerfile } from '../support/mismatchedDockerfile';

const now = () => new Date('2026-11-23T00:00:00Z');

async function lint(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['lint', ...args], text => out.push(text), text => err.push(text), now);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

interface JsonFinding { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; rule: string; message: string }

const webProject = csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' });
const variantMismatchAt = { line: 5, column: 6, endLine: 5, endColumn: 42 };

describe('dotnet-containers lint', () => {
  let root: string;
  beforeEach(() => { root = writeTree({ 'App.csproj': webProject, Dockerfile: mismatchedDockerfile }, "dc lint $(touch pwned) 'q' "); });
  afterEach(() => removeTree(root));

  /** A Dockerfile and .dockerignore the generator writes for App.csproj: what the linter must accept. */
  async function generated(): Promise<string> {
    fs.rmSync(path.join(root, 'Dockerfile'));
    const result = await main(['generate', path.join(root, 'App.csproj')], () => undefined, () => undefined, now);
    assert.equal(result, 0);
    return path.join(root, 'Dockerfile');
  }

  it('prints file:line:column: severity rule: message and a summary, and exits 1 on an error', async () => {
    const file = path.join(root, 'Dockerfile');
    const result = await lint([file]);
    assert.equal(result.code, 1, result.stderr);
    const lines = result.stdout.split('\n');
    const finding = lines.find(line => line.includes(' dotnet/variant-mismatch: '));
    assert.ok(finding, result.stdout);
    assert.ok(finding.startsWith(`${file}:5:6: error dotnet/variant-mismatch: The final stage runs on glibc`), finding);
    assert.match(lines.at(-1)!, /^\d+ problems? \((\d+ errors?)(, \d+ \w+)*\) in 1 file$/);
    assert.equal(result.stderr, '');
  });

  it('--format json prints one array with 1-based, end-exclusive positions', async () => {
    const file = path.join(root, 'Dockerfile');
    const result = await lint([file, '--format', 'json']);
    assert.equal(result.code, 1);
    const findings: JsonFinding[] = JSON.parse(result.stdout);
    assert.ok(Array.isArray(findings));
    const mismatch = findings.filter(f => f.rule === 'dotnet/variant-mismatch');
    assert.equal(mismatch.length, 1);
    assert.deepEqual(Object.keys(mismatch[0]!).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'rule', 'severity']);
    assert.deepEqual({ ...mismatch[0], message: undefined }, { file, ...variantMismatchAt, severity: 'error', rule: 'dotnet/variant-mismatch', message: undefined });
    assert.equal(mismatchedDockerfile.split('\n')[4]!.slice(variantMismatchAt.column - 1, variantMismatchAt.endColumn - 1), 'mcr.microsoft.com/dotnet/aspnet:10.0');
    for (const f of findings) assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity), f.severity);
  });

  it('exits 0 on what the generator writes, and on warnings only', async () => {
    const file = await generated();
    const clean = await lint([file, '--format=json']);
    const serious = (JSON.parse(clean.stdout) as JsonFinding[]).filter(f => f.severity === 'error' || f.severity === 'warning');
    assert.deepEqual(serious, [], 'the generated Dockerfile has no warnings or errors');
    assert.equal(clean.code, 0);

    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^WORKDIR \/app$/m, 'workdir /app'));
    const warned = await lint([file, '--format', 'json']);
    assert.equal(warned.code, 0, 'a warning does not fail the run');
    assert.ok((JSON.parse(warned.stdout) as JsonFinding[]).some(f => f.rule === 'dockerfile/casing-instruction' && f.severity === 'warning'));
  });

  it('says "no problems" for a clean file, and counts every file named', async () => {
    const file = path.join(root, 'plain', 'Dockerfile');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'FROM scratch\nCOPY app /app\n');
    fs.writeFileSync(path.join(root, 'plain', '.dockerignore'), '**/bin/\n');
    const clean = await lint([file]);
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, 'no problems in 1 file');
    const other = path.join(root, 'other', 'Dockerfile');
    fs.mkdirSync(path.dirname(other));
    fs.writeFileSync(other, mismatchedDockerfile);
    const both = await lint([file, other]);
    assert.equal(both.code, 1, 'one file with an error fails the run');
    assert.match(both.stdout, /\) in 2 files$/);
    assert.ok(both.stdout.includes(`${other}:5:6: error dotnet/variant-mismatch:`));
  });

  it('--format sarif writes SARIF 2.1.0 with the rules, levels and regions code scanning reads', async () => {
    const saved = process.cwd();
    process.chdir(root);
    let result;
    try {
      fs.writeFileSync('Dockerfile', mismatchedDockerfile.replace('WORKDIR /app', 'workdir /app'));
      result = await lint(['Dockerfile', '--format', 'sarif']);
    } finally {
      process.chdir(saved);
    }
    assert.equal(result.code, 1);
    const log = JSON.parse(result.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'dotnet-containers');
    const rules: Array<{ id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }> = run.tool.driver.rules;
    for (const rule of allRules) {
      const descriptor = rules.find(r => r.id === rule.id);
      assert.ok(descriptor, `${rule.id} is listed`);
      assert.equal(descriptor.shortDescription.text, rule.description);
      assert.equal(descriptor.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[rule.defaultSeverity]);
    }
    assert.ok(rules.some(r => r.id === 'dockerfile/casing-instruction' && r.defaultConfiguration.level === 'warning'), 'a generic check that occurred is listed');
    assert.equal(new Set(rules.map(r => r.id)).size, rules.length, 'rule ids are unique');
    for (const rule of rules) assert.ok(rule.shortDescription.text && ['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
    assert.ok(run.results.length >= 2);
    for (const r of run.results) {
      assert.equal(typeof r.ruleId, 'string');
      assert.equal(rules[r.ruleIndex]!.id, r.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(r.level));
      assert.equal(typeof r.message.text, 'string');
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      assert.equal(artifactLocation.uri, 'Dockerfile');
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
      for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(region[key]) && region[key] >= 1, key);
    }
    const mismatch = run.results.find((r: { ruleId: string }) => r.ruleId === 'dotnet/variant-mismatch');
    assert.equal(mismatch.level, 'error');
    assert.deepEqual(mismatch.locations[0].physicalLocation.region, { startLine: 5, startColumn: 6, endLine: 5, endColumn: 42 });
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(root).href + '/');
  });

  it('handles paths with shell, URI and quote characters as plain names', async () => {
    const dir = path.join(root, 'we#ird %20 `x` & "y" ?z');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'Dockerfile.dev');
    fs.writeFileSync(file, mismatchedDockerfile);
    const json = await lint([file, '--format', 'json']);
    assert.equal(json.code, 1, json.stderr);
    assert.ok((JSON.parse(json.stdout) as JsonFinding[]).every(f => f.file === file));
    const text = await lint([file]);
    assert.ok(text.stdout.includes(`${file}:5:6: error dotnet/variant-mismatch:`));

    const saved = process.cwd();
    process.chdir(root);
    let sarif;
    try {
      sarif = await lint([path.relative(root, file), '--format', 'sarif']);
    } finally {
      process.chdir(saved);
    }
    const location = JSON.parse(sarif.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.equal(location.uri, 'we%23ird%20%2520%20%60x%60%20%26%20%22y%22%20%3Fz/Dockerfile.dev');
    assert.equal(fileURLToPath(new URL(location.uri, pathToFileURL(root).href + '/')), file, 'the URI resolves back to the file');
    assert.ok(!fs.existsSync(path.join(root, 'pwned')) && !fs.existsSync(path.join(process.cwd(), 'pwned')));
  });

  it('writes a file outside the current folder as ../ relative to it', async () => {
    const saved = process.cwd();
    const sub = path.join(root, 'sub');
    fs.mkdirSync(sub);
    process.chdir(sub);
    let sarif;
    try {
      sarif = await lint([path.join(root, 'Dockerfile'), '--format', 'sarif']);
    } finally {
      process.chdir(saved);
    }
    assert.equal(JSON.parse(sarif.stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, '../Dockerfile');
  });

  it('reads a CRLF Dockerfile at the same positions, with no carriage return in the messages', async () => {
    const file = path.join(root, 'Dockerfile');
    fs.writeFileSync(file, mismatchedDockerfile.replace(/\n/g, '\r\n'));
    const result = await lint([file, '--format', 'json']);
    assert.equal(result.code, 1);
    const findings: JsonFinding[] = JSON.parse(result.stdout);
    const mismatch = findings.find(f => f.rule === 'dotnet/variant-mismatch');
    assert.deepEqual(mismatch && { line: mismatch.line, column: mismatch.column, endLine: mismatch.endLine, endColumn: mismatch.endColumn }, variantMismatchAt);
    assert.ok(findings.every(f => !f.message.includes('\r') && f.endColumn <= 1 + mismatchedDockerfile.split('\n')[f.endLine - 1]!.length), JSON.stringify(findings));
    assert.ok(!result.stdout.includes('\\r'));
  });

  it('lints a file whose name starts with a dash after --', async () => {
    const file = path.join(root, '--odd');
    fs.writeFileSync(file, mismatchedDockerfile);
    const saved = process.cwd();
    process.chdir(root);
    let result;
    try {
      result = await lint(['--format', 'json', '--', '--odd']);
    } finally {
      process.chdir(saved);
    }
    assert.equal(result.code, 1, result.stderr);
    assert.ok((JSON.parse(result.stdout) as JsonFinding[]).some(f => f.file === '--odd' && f.rule === 'dotnet/variant-mismatch'));
  });

  it('--project and --context replace what is found from the Dockerfile', async () => {
    // The Dockerfile sits apart from the project, with an ignore file of its own; the context is the root.
    const dockerfile = path.join(root, 'docker', 'Dockerfile');
    const project = path.join(root, 'src', 'App', 'App.csproj');
    fs.mkdirSync(path.dirname(dockerfile));
    fs.mkdirSync(path.dirname(project), { recursive: true });
    fs.renameSync(path.join(root, 'Dockerfile'), dockerfile);
    fs.rmSync(path.join(root, 'App.csproj'));
    fs.writeFileSync(project, csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', AssemblyName: 'Renamed' }));
    fs.writeFileSync(path.join(root, 'docker', '.dockerignore'), '**/bin/\n**/obj/\n');
    const rules = async (args: string[]) => {
      const result = await lint([dockerfile, '--format', 'json', ...args]);
      assert.notEqual(result.code, 2, result.stderr);
      return (JSON.parse(result.stdout) as JsonFinding[]).map(f => f.rule);
    };

    const found = await rules([]);
    assert.ok(!found.includes('dotnet/entrypoint-mismatch') && !found.includes('dotnet/dockerignore'), found.join(', '));
    const withProject = await lint([dockerfile, '--format', 'json', '--project', project]);
    const entrypoint = (JSON.parse(withProject.stdout) as JsonFinding[]).find(f => f.rule === 'dotnet/entrypoint-mismatch');
    assert.match(entrypoint?.message ?? '', /builds Renamed\.dll/);
    assert.ok((await rules([`--context=${root}`])).includes('dotnet/dockerignore'), 'the root, as the context, has no .dockerignore');
  });

  it('exits 2 naming a file that cannot be read, and prints no findings', async () => {
    const missing = path.join(root, 'no such', 'Dockerfile');
    const result = await lint([path.join(root, 'Dockerfile'), missing]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `dotnet-containers lint: cannot read "${missing}": no such file`);
    const folder = await lint([root]);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /it is a folder, not a Dockerfile/);
  });

  it('--project naming a project with broken XML: exits 2 with its file, line and reason, after the findings', async () => {
    const bad = path.join(root, 'Bad.csproj');
    fs.writeFileSync(bad, '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFrameworks>\n  </PropertyGroup>\n</Project>\n');
    const file = path.join(root, 'Dockerfile');
    const result = await lint([file, '--project', bad]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, new RegExp(`^dotnet-containers lint: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:29: cannot read the project: Expected closing tag 'TargetFramework'`, 'm'));
    // The finding says it too, on the line that led to the project (here none does: line 1), with what is off.
    assert.match(result.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: warning dotnet/project-unreadable: Bad\\.csproj cannot be read \\(.*line 3, column 29: .*are off or partial: .*dotnet/tfm-mismatch`, 'm'));
  });

  it('a found project that cannot be read is a finding on the COPY line, and exits 2', async () => {
    fs.writeFileSync(path.join(root, 'App.csproj'), '<Project Sdk="Microsoft.NET.Sdk.Web"><!DOCTYPE x></Project>\n');
    const file = path.join(root, 'Dockerfile');
    fs.writeFileSync(file, 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY App.csproj .\nRUN dotnet restore\nCOPY . .\nRUN dotnet publish -o /app\n');
    const result = await lint([file, '--format', 'json']);
    assert.equal(result.code, 2);
    const finding = (JSON.parse(result.stdout) as JsonFinding[]).find(f => f.rule === 'dotnet/project-unreadable');
    assert.ok(finding, result.stdout);
    assert.equal(finding.line, 3);
    assert.match(finding.message, /DOCTYPE is not allowed/);
    assert.match(result.stderr, /App\.csproj:1:38: cannot read the project: a DOCTYPE is not allowed/);
  });

  it('says on stderr which rule threw, in one line (the stack only with DOTNET_CONTAINERS_DEBUG=1), and its warning with the findings', async () => {
    const rule = allRules.find(r => r.id === 'dotnet/eol') as { check: (typeof allRules)[number]['check'] };
    const check = rule.check;
    rule.check = () => { throw new Error('eol broke for the test'); };
    let result;
    try {
      result = await lint([path.join(root, 'Dockerfile')]);
    } finally {
      rule.check = check;
    }
    assert.match(result.stdout, /:1:1: warning dotnet\/eol: dotnet\/eol stopped with an error and checked nothing \(Error: eol broke for the test\)/);
    assert.match(result.stderr, /^dotnet-containers lint: dotnet\/eol failed on .*Dockerfile: eol broke for the test$/m);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace without DOTNET_CONTAINERS_DEBUG');
  });

  it('exits 2 on bad usage', async () => {
    const file = path.join(root, 'Dockerfile');
    const cases: Array<[string[], RegExp]> = [
      [[], /name at least one Dockerfile/],
      [[file, '--format', 'yaml'], /--format must be text, json, sarif, not "yaml"/],
      [[file, '--format'], /--format needs a value/],
      [[file, '--severity', 'x=off'], /unknown option "--severity"/],
      [[file, '--project', path.join(root, 'Missing.csproj')], /--project: cannot read ".*Missing\.csproj"/],
      [[file, '--context', path.join(root, 'App.csproj')], /--context: ".*App\.csproj" is not a folder/],
    ];
    for (const [args, message] of cases) {
      const result = await lint(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
  });

  it('appears in the usage text', async () => {
    const out: string[] = [];
    await main(['help'], text => out.push(text), () => undefined, now);
    assert.match(out.join('\n'), /lint <Dockerfile>… \[--format text\|json\|sarif\] \[--project App\.csproj\] \[--context DIR\]/);
  });
});

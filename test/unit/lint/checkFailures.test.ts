import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createLintContext } from '../../../src/core/lint/lintContext';
import { lintDockerfile, projectUnreadableRule } from '../../../src/core/lint/lintDockerfile';
import { Rule } from '../../../src/core/lint/rule';
import { allRules } from '../../../src/core/lint/rules';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { ProjectFileSystem } from '../../../src/core/project/fileSystem';
import { memoryFileSystem } from '../../support/fuzzing';
import { layouts } from '../../support/layouts';
import { now } from '../../support/lintTable';
import { mismatchedDockerfile, webAppDockerfile, webAppProject } from '../../support/mismatchedDockerfile';

// Failures the linter used to keep to itself: a rule that throws, a project that cannot be read, dockerfile-utils
// throwing. Each must become a finding the user sees, and a failure with its stack for the log.

const root = path.join(path.sep, 'checks');
const projectPath = path.join(root, 'App', 'App.csproj');
const dockerfilePath = path.join(root, 'App', 'Dockerfile');
const webProject = webAppProject;
const brokenProject = '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFrameworks>\n  </PropertyGroup>\n</Project>\n';
const dockerfile = webAppDockerfile;

const files = (project: string) => memoryFileSystem(new Map([[projectPath, project], [dockerfilePath, dockerfile], [path.join(root, '.dockerignore'), '**/bin/\n**/obj/\n']]));

const throwing: Rule = {
  id: 'dotnet/throws-for-the-test',
  defaultSeverity: 'error',
  description: 'Throws.',
  check() {
    throw new TypeError('Cannot read properties of undefined (reading \'getValue\')');
  },
};

describe('lint: failures are said, not swallowed', () => {
  it('a rule that throws becomes one warning naming the rule, and the other rules still report', () => {
    const variant = allRules.find(rule => rule.id === 'dotnet/variant-mismatch')!;
    const result = lintDockerfile(mismatchedDockerfile, { now, rules: [throwing, variant], genericChecks: false });
    const failed = result.findings.filter(finding => finding.rule === throwing.id);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.severity, 'warning');
    assert.deepEqual(failed[0]!.range.start, { line: 0, character: 0 });
    assert.match(failed[0]!.message, /^dotnet\/throws-for-the-test stopped with an error and checked nothing \(TypeError: Cannot read properties of undefined/);
    assert.match(failed[0]!.message, /bug in dotnet-containers/);
    assert.ok(result.findings.some(finding => finding.rule === 'dotnet/variant-mismatch'), 'the other rule still reports');
  });

  it('hands the thrown error over with its stack, for the output channel and stderr', () => {
    const result = lintDockerfile(mismatchedDockerfile, { now, rules: [throwing], genericChecks: false });
    assert.equal(result.failures.length, 1);
    assert.equal(result.failures[0]!.rule, throwing.id);
    assert.match((result.failures[0]!.error as Error).stack ?? '', /checkFailures\.test/);
  });

  it('a rule the settings turn off is not run, so it cannot fail', () => {
    const result = lintDockerfile(mismatchedDockerfile, { now, rules: [throwing], genericChecks: false, severities: { [throwing.id]: 'off' } });
    assert.deepEqual([result.findings, result.failures], [[], []]);
  });

  it('dockerfile-utils throwing (dockerfile-ast #123) becomes a dockerfile/* warning, not silence', () => {
    const result = lintDockerfile('FROM mcr.microsoft.com/dotnet/sdk:10.0\nRUN \\\n# comment\\comment\n', { now, rules: [] });
    assert.deepEqual(result.failures.map(failure => failure.rule), ['dockerfile/*']);
    const finding = result.findings.find(f => f.rule === 'dockerfile/*');
    assert.ok(finding, JSON.stringify(result.findings));
    assert.match(finding.message, /dockerfile-utils' generic checks \(dockerfile\/\*\) stopped with an error/);
    const off = lintDockerfile('FROM mcr.microsoft.com/dotnet/sdk:10.0\nRUN \\\n# comment\\comment\n', { now, rules: [], severities: { 'dockerfile/*': 'off' } });
    assert.deepEqual(off.findings, []);
  });

  describe('a project that cannot be read', () => {
    const unreadable = (text: string, settings: { projectPath?: string } = {}) =>
      lintDockerfile(text, { now, dockerfilePath, fileSystem: files(brokenProject), ...settings }).findings.filter(f => f.rule === projectUnreadableRule);

    it('is a warning on the dotnet publish line that names it, with the file, line and reason, and the checks that are off', () => {
      const findings = unreadable(dockerfile);
      assert.equal(findings.length, 1);
      const [finding] = findings;
      assert.equal(finding!.severity, 'warning');
      assert.equal(finding!.range.start.line, 5, 'the dotnet publish line');
      assert.ok(finding!.message.startsWith(`App.csproj cannot be read (${projectPath}, line 3, column `), finding!.message);
      assert.match(finding!.message, /TargetFramework/);
      const off = allRules.filter(rule => rule.usesProject).map(rule => rule.id);
      assert.ok(off.length >= 5);
      assert.ok(finding!.message.endsWith(`are off or partial: ${off.join(', ')}.`), finding!.message);
    });

    it('is on the COPY line when only a COPY names it', () => {
      const copyOnly = dockerfile.replace('RUN dotnet restore "App/App.csproj"', 'RUN dotnet restore').replace('RUN dotnet publish "App/App.csproj"', 'RUN dotnet publish');
      assert.equal(unreadable(copyOnly)[0]?.range.start.line, 2);
    });

    it('is on line 1 when the Dockerfile does not name it (a setting or --project does)', () => {
      const naming = dockerfile.replace(/App\/App\.csproj/g, 'Other/Other.csproj');
      const findings = unreadable(naming, { projectPath });
      assert.equal(findings[0]?.range.start.line, 0);
    });

    it('leaves the context without a project, and says why in it', () => {
      const context = createLintContext(dockerfile, { now, dockerfilePath, fileSystem: files(brokenProject) });
      assert.equal(context.project, undefined);
      assert.equal(context.projectProblem?.problem.file, projectPath);
      assert.equal(context.projectProblem?.problem.line, 3);
      assert.equal(context.projectProblem?.dockerfileLine, 5);
    });

    it('a project that reads is not reported', () => {
      assert.deepEqual(lintDockerfile(dockerfile, { now, dockerfilePath, fileSystem: files(webProject) }).findings.filter(f => f.rule === projectUnreadableRule), []);
    });

    it('a reader that throws is a bug of ours: said on the Dockerfile, its stack handed over', () => {
      // The project's reader breaks; the .dockerignore, which the dockerignore rule reads bounded too, still reads.
      const base = files(webProject);
      const exploding: ProjectFileSystem = {
        ...base,
        readBytes: file => {
          if (file !== projectPath) return { bytes: new TextEncoder().encode(base.readText(file) ?? ''), size: (base.readText(file) ?? '').length };
          throw new RangeError('the reader broke');
        },
      };
      const result = lintDockerfile(dockerfile, { now, dockerfilePath, fileSystem: exploding });
      const finding = result.findings.find(f => f.rule === projectUnreadableRule);
      assert.match(finding?.message ?? '', /reading it failed \(the reader broke\): a bug in dotnet-containers/);
      assert.deepEqual(result.failures.map(failure => failure.rule), [projectUnreadableRule]);
      assert.match((result.failures[0]!.error as Error).stack ?? '', /the reader broke/);
    });
  });

  it('the rules marked usesProject are exactly those that read the project', () => {
    // Each rule runs on a context of its own that records whether it was asked for the project, over Dockerfiles
    // that reach the rules' project-dependent paths (the generated ones, and variants of their final stage).
    const read = new Set<string>();
    for (const [index, layout] of layouts.entries()) {
      const base = new Map(Object.entries(layout.files).map(([relative, content]) => [path.join(root, String(index), relative), content]));
      const fileSystem = memoryFileSystem(base);
      const plan = planGeneration(path.join(root, String(index), layout.app), { now, fileSystem });
      if (!plan.ok) continue;
      const final = /FROM mcr\.microsoft\.com\/dotnet\/(aspnet|runtime|runtime-deps):\S*/;
      const texts = [
        plan.dockerfile.content,
        plan.dockerfile.content.replace(final, 'FROM mcr.microsoft.com/dotnet/sdk:10.0'),
        plan.dockerfile.content.replace(final, 'FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine'),
        plan.dockerfile.content.replace(final, 'FROM mcr.microsoft.com/dotnet/core/aspnet:3.1'),
        plan.dockerfile.content.replace(/\.dll/g, 'X.dll'),
      ];
      for (const text of texts) {
        for (const rule of allRules) {
          const context = createLintContext(text, { now, dockerfilePath: plan.dockerfile.path, fileSystem });
          const watched = new Proxy(context, { get: (target, key, receiver) => { if (key === 'project') read.add(rule.id); return Reflect.get(target, key, receiver); } });
          rule.check(watched);
        }
      }
    }
    assert.deepEqual([...read].sort(), allRules.filter(rule => rule.usesProject).map(rule => rule.id).sort());
  });
});

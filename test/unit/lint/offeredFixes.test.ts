import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/lint/applyEdits';
import { compareFindings, settleFixes } from '../../../src/core/lint/offeredFixes';
import { Finding, Fix, Severity } from '../../../src/core/lint/types';
import { mcr, twoStages, webProject } from '../../support/dotnetDockerfiles';
import { csproj, removeTree } from '../../support/fileTree';
import { checkFixTitlesOncePerLine, checkPreferredFixes, LintSubject, lintTree } from '../../support/lintTable';

// What the editor offers where several findings meet: each fix once, and a first quick fix that does the job.

const imageFix = (title: string, image: string, preferred = false, line = 0): Fix => ({
  title,
  edits: [{ range: { start: { line, character: 5 }, end: { line, character: 30 } }, newText: image }],
  ...(preferred ? { preferred } : {}),
});

const finding = (rule: string, severity: Severity, fixes: Fix[], line = 0, character = 5): Finding => ({
  rule,
  severity,
  message: rule,
  range: { start: { line, character }, end: { line, character: 30 } },
  fixes,
});

const offered = (findings: readonly Finding[]) => findings.map(f => f.fixes.map(fix => `${fix.preferred ? '*' : ''}${fix.title}`));

/** The titles the editor lists on a line, in order (preferred first, as VS Code sorts them), each marked `*` when preferred. */
function menu(subject: LintSubject, line: number): string[] {
  const { findings, root } = lintTree(subject.dockerfile, subject.files, subject.dockerfilePath, subject.settings);
  if (root) removeTree(root);
  const fixes = findings.filter(f => f.range.start.line === line).flatMap(f => f.fixes);
  return [...fixes.filter(fix => fix.preferred), ...fixes.filter(fix => !fix.preferred)].map(fix => `${fix.preferred ? '*' : ''}${fix.title}`);
}

/** The rules that report on a line after the editor's first quick fix there is applied. */
function afterFirstQuickFix(subject: LintSubject, line: number): { fix: string; rules: string[] } {
  const before = lintTree(subject.dockerfile, subject.files, subject.dockerfilePath, subject.settings);
  if (before.root) removeTree(before.root);
  const fix = before.findings.filter(f => f.range.start.line === line).flatMap(f => f.fixes).find(f => f.preferred);
  assert.ok(fix, 'no preferred fix on the line');
  const after = lintTree(applyEdits(subject.dockerfile, fix.edits), subject.files, subject.dockerfilePath, subject.settings);
  if (after.root) removeTree(after.root);
  return { fix: fix.title, rules: after.findings.filter(f => f.range.start.line === line).map(f => f.rule) };
}

describe('offered fixes', function () {
  describe('settleFixes', function () {
    it('lists a fix several rules offer on one line once, with the finding that prefers it', function () {
      const settled = settleFixes([
        finding('dotnet/a', 'warning', [imageFix('Use sdk:10.0', 'sdk:10.0')]),
        finding('dotnet/b', 'warning', [imageFix('Use sdk:10.0', 'sdk:10.0', true)]),
        finding('dotnet/c', 'warning', [imageFix('Use sdk:10.0', 'sdk:10.0', true)]),
      ]);
      assert.deepEqual(offered(settled), [[], ['*Use sdk:10.0'], []]);
    });

    it('lists one fix that two findings on a line share once', function () {
      const shared = imageFix('Use x64', 'x64', true);
      assert.deepEqual(offered(settleFixes([finding('dotnet/a', 'warning', [shared]), finding('dotnet/a', 'warning', [shared], 0, 40)])), [['*Use x64'], []]);
    });

    it('keeps the same fix on another line, and another fix of the same title', function () {
      const settled = settleFixes([
        finding('dotnet/a', 'warning', [imageFix('Use sdk:10.0', 'sdk:10.0', true)]),
        finding('dotnet/b', 'warning', [imageFix('Use sdk:10.0', 'sdk:10.0', true, 3)], 3),
        finding('dotnet/c', 'warning', [imageFix('Use sdk:10.0', 'sdk:10.0-alpine')]),
      ]);
      assert.deepEqual(offered(settled), [['*Use sdk:10.0'], ['*Use sdk:10.0'], ['Use sdk:10.0']]);
    });

    it('leaves a preferred rewrite of text that a graver finding\'s preferred fix rewrites as an alternative', function () {
      const settled = settleFixes([
        finding('dotnet/variant-mismatch', 'error', [imageFix('Use aspnet:10.0-noble', 'aspnet:10.0-noble', true)]),
        finding('dotnet/globalization', 'warning', [imageFix('Use aspnet:10.0-alpine-extra', 'aspnet:10.0-alpine-extra', true)]),
      ]);
      assert.deepEqual(offered(settled), [['*Use aspnet:10.0-noble'], ['Use aspnet:10.0-alpine-extra']]);
    });

    it('keeps preferred fixes that edit different text preferred', function () {
      const insert: Fix = { title: 'Run as the app user (USER $APP_UID)', edits: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: 'USER $APP_UID\n' }], preferred: true };
      const settled = settleFixes([finding('dotnet/a', 'error', [imageFix('Use aspnet:10.0', 'aspnet:10.0', true)]), finding('dotnet/b', 'warning', [insert])]);
      assert.deepEqual(offered(settled), [['*Use aspnet:10.0'], ['*Run as the app user (USER $APP_UID)']]);
    });

    it('lists the graver finding first where several start at one place', function () {
      const sorted = [finding('dotnet/a', 'warning', []), finding('dotnet/z', 'error', []), finding('dotnet/b', 'info', [], 0, 1)].sort(compareFindings);
      assert.deepEqual(sorted.map(f => f.rule), ['dotnet/b', 'dotnet/z', 'dotnet/a']);
    });
  });

  describe('the reported cases', function () {
    const retiredSdk: LintSubject = { dockerfile: twoStages(`${mcr}/core/sdk:3.1`, `${mcr}/aspnet:10.0`), files: webProject('net10.0') };

    it('FROM …/core/sdk:3.1: "Use sdk:10.0" is listed once and comes first; the rename that keeps 3.1 is an alternative', function () {
      assert.deepEqual(menu(retiredSdk, 0), ['*Use sdk:10.0', `Replace with ${mcr}/sdk:3.1`]);
      assert.deepEqual(afterFirstQuickFix(retiredSdk, 0), { fix: 'Use sdk:10.0', rules: [] });
      checkPreferredFixes(retiredSdk);
    });

    it('an Alpine final stage over a glibc build: the first quick fix clears the mismatch; -alpine-extra is only an alternative', function () {
      // Published for the build image's runtime identifier (`-a`): a portable publish would run on either.
      const alpineFinal: LintSubject = { dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0-alpine`, 'dotnet publish -c Release -a x64 -o /app'), files: webProject('net10.0') };
      const fixes = menu(alpineFinal, 5);
      assert.equal(fixes[0], '*Use aspnet:10.0-noble to match the build stage', fixes.join(' | '));
      assert.ok(fixes.includes('Use aspnet:10.0-alpine-extra (adds ICU and tzdata)'), fixes.join(' | '));
      const { rules } = afterFirstQuickFix(alpineFinal, 5);
      assert.ok(!rules.includes('dotnet/variant-mismatch') && !rules.includes('dotnet/globalization'), rules.join(', '));
      checkPreferredFixes(alpineFinal);
    });

    it('one edit, six findings on one image: each title once, one preferred rewrite of the image, and it clears the first finding', function () {
      const subject: LintSubject = { dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/runtime:6.0-alpine`, 'dotnet publish -c Release -a x64 -o /app'), files: webProject('net10.0') };
      const { findings, root } = lintTree(subject.dockerfile, subject.files);
      if (root) removeTree(root);
      const onImage = findings.filter(f => f.range.start.line === 5 && f.range.start.character === 5);
      assert.equal(onImage.length, 6, onImage.map(f => f.rule).join(', '));
      assert.equal(onImage[0]!.severity, 'error');
      const preferred = onImage.flatMap(f => f.fixes).filter(fix => fix.preferred && fix.edits.some(edit => edit.range.start.line === 5));
      assert.deepEqual(preferred.map(fix => fix.title), ['Use runtime:10.0-alpine']);
      assert.ok(!afterFirstQuickFix(subject, 5).rules.includes(onImage[0]!.rule));
      checkFixTitlesOncePerLine(subject);
      checkPreferredFixes(subject);
    });
  });

  describe('every preferred fix across build and final images', function () {
    const finals = ['aspnet:10.0', 'aspnet:10.0-alpine', 'runtime:6.0-alpine', 'runtime-deps:7.0-alpine3.17', 'runtime-deps:10.0', 'aspnet:8.0-noble-chiseled', 'core/aspnet:3.1', 'runtime:10.0-noble-chiseled', 'aspnet:9.0-alpine', 'sdk:8.0'];
    const projects: Array<Record<string, string> | undefined> = [
      undefined,
      webProject('net10.0'),
      webProject('net8.0'),
      { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0' }) },
    ];
    for (const sdk of ['sdk:10.0', 'sdk:8.0', 'sdk:10.0-alpine', 'core/sdk:3.1', 'sdk:9.0-noble']) {
      it(`built on ${sdk}: each removes its finding without a new error, and no line offers a title twice`, function () {
        for (const final of finals) {
          for (const files of projects) {
            const subject: LintSubject = { dockerfile: twoStages(`${mcr}/${sdk}`, `${mcr}/${final}`), ...(files ? { files } : {}) };
            checkPreferredFixes(subject);
            checkFixTitlesOncePerLine(subject);
          }
        }
      });
    }
  });
});

import * as assert from 'node:assert/strict';
import { Rule } from '../../../src/core/lint/rule';
import { allRules } from '../../../src/core/lint/rules';
import type * as Adapter from '../../../src/vscode/lint/dockerfileLinter';
import { mismatchedDockerfile } from '../../support/mismatchedDockerfile';
import { publishedDiagnostics, withVscodeStub } from '../../support/vscodeStub';

// The VS Code adapter, on a stub of the vscode module: what it does when a check fails. A failing rule's stack
// goes to the log (the ".NET Containers" channel) once, and a linter that throws leaves the published findings
// in place rather than wiping them.

const { DockerfileLinter } = withVscodeStub(() => require('../../../src/vscode/lint/dockerfileLinter') as typeof Adapter);

function document(text: () => string) {
  let version = 0;
  return {
    languageId: 'dockerfile',
    uri: { scheme: 'untitled', fsPath: '', toString: () => 'untitled:Dockerfile' },
    isClosed: false,
    get version() { return version; },
    getText() { version++; return text(); },
  };
}

/** Makes one of our own rules throw while `action` runs. */
function withThrowingRule(id: string, action: () => void): void {
  const rule = allRules.find(r => r.id === id) as { check: Rule['check'] };
  const check = rule.check;
  rule.check = () => { throw new Error(`${id} broke for the test`); };
  try {
    action();
  } finally {
    rule.check = check;
  }
}

describe('Dockerfile linter in VS Code: failures', () => {
  const now = () => new Date('2026-11-23T00:00:00Z');
  const published = () => publishedDiagnostics.get('dotnet-containers')?.get('untitled:Dockerfile') ?? [];

  it("logs a failing rule's stack once, and shows it as a warning on the Dockerfile", () => {
    const log: string[] = [];
    const linter = new DockerfileLinter(now, { appendLine: line => log.push(line) });
    try {
      const doc = document(() => mismatchedDockerfile);
      withThrowingRule('dotnet/eol', () => {
        linter.lint(doc as never);
        linter.lint(doc as never);
      });
      assert.equal(log.length, 1, log.join('\n---\n'));
      assert.match(log[0]!, /^dotnet\/eol failed on untitled:Dockerfile: Error: dotnet\/eol broke for the test\n\s+at /);
      const diagnostics = published();
      assert.ok(diagnostics.some(d => d.code === 'dotnet/eol' && d.severity === 1 && /stopped with an error/.test(d.message)));
      assert.ok(diagnostics.some(d => d.code === 'dotnet/variant-mismatch'), 'the other rules still report');
    } finally {
      linter.dispose();
    }
  });

  it('keeps what it published when the linter throws, and logs the stack', () => {
    const log: string[] = [];
    const linter = new DockerfileLinter(now, { appendLine: line => log.push(line) });
    try {
      let broken = false;
      const doc = document(() => {
        if (broken) throw new RangeError('the text could not be had');
        return mismatchedDockerfile;
      });
      linter.lint(doc as never);
      const before = published();
      assert.ok(before.some(d => d.code === 'dotnet/variant-mismatch'));
      broken = true;
      linter.lint(doc as never);
      assert.deepEqual(published(), before, 'the findings stay');
      assert.equal(log.length, 1);
      assert.match(log[0]!, /^Linting untitled:Dockerfile failed; its earlier diagnostics are kept\. RangeError: the text could not be had\n\s+at /);
    } finally {
      linter.dispose();
    }
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandIds, extensionId } from '../../src/core/ids';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('project layout', () => {
  // That src/core never loads vscode is checked by eslint (test/unit/coreBoundary.test.ts), not by a regex here.

  it('package.json commands match the ids the code registers', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(commandIds).sort());
    assert.equal(`${manifest.publisher}.${manifest.name}`, extensionId);
  });

  it('activates narrowly and declares workspace trust', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
    // 'limited': the extension works in an untrusted workspace but runs nothing there (true would promise everything, false nothing).
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(manifest.main, 'dist/extension.js');
    assert.equal(manifest.engines.vscode, '^1.100.0');
  });

  it('every contributed snippet, grammar and language configuration exists and is valid JSON', () => {
    const files = [
      ...manifest.contributes.snippets.map((s: { path: string }) => s.path),
      ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
      ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration),
    ];
    assert.ok(files.length >= 4);
    for (const relative of files) {
      const file = path.join(root, relative);
      assert.doesNotThrow(() => JSON.parse(fs.readFileSync(file, 'utf8')), file);
    }
  });
});

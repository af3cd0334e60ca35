import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandIds, extensionId } from '../../src/core/ids';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

describe('project layout', () => {
  it('src/core never imports vscode', () => {
    const offenders = filesUnder(path.join(root, 'src/core'))
      .filter(file => file.endsWith('.ts'))
      .filter(file => /(?:from\s+|require\(\s*|import\(\s*)['"]vscode['"]/.test(fs.readFileSync(file, 'utf8')));
    assert.deepEqual(offenders.map(f => path.relative(root, f)), []);
  });

  it('package.json commands match the ids the code registers', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(commandIds).sort());
    assert.equal(`${manifest.publisher}.${manifest.name}`, extensionId);
  });

  it('activates narrowly and declares workspace trust', () => {
    assert.ok(!(manifest.activationEvents ?? []).includes('*'));
    assert.ok(['limited', false, true].includes(manifest.capabilities.untrustedWorkspaces.supported));
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

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { settingKey, settingNames, settingsSection } from '../../src/vscode/settingsKeys';

// The settings the extension reads are the settings package.json contributes: none read that a user cannot set
// (or that the Settings editor does not show), none contributed that nothing reads. The keys module loads here in
// plain Node, which is also what shows it has no `vscode` import.

const root = path.resolve(__dirname, '../../..');

interface ConfigurationBlock { properties?: Record<string, unknown> }

function contributedKeys(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { configuration: ConfigurationBlock | ConfigurationBlock[] } };
  const blocks = ([] as ConfigurationBlock[]).concat(manifest.contributes.configuration);
  return blocks.flatMap(block => Object.keys(block.properties ?? {})).sort();
}

/** The TypeScript sources of the extension, besides the keys module: what reads the settings. */
function extensionSources(): Array<{ file: string; text: string }> {
  const files: string[] = [path.join(root, 'src', 'extension.ts')];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && entry.name !== 'settingsKeys.ts') files.push(full);
    }
  };
  walk(path.join(root, 'src', 'vscode'));
  return files.map(file => ({ file: path.relative(root, file), text: fs.readFileSync(file, 'utf8') }));
}

describe('settings keys', () => {
  const used = Object.values(settingNames).map(settingKey).sort();

  it('every key the extension uses is contributed in package.json', () => {
    const contributed = new Set(contributedKeys());
    assert.deepEqual(used.filter(key => !contributed.has(key)), []);
  });

  it('every contributed key is one the extension uses', () => {
    assert.deepEqual(contributedKeys().filter(key => !used.includes(key)), []);
    assert.ok(contributedKeys().every(key => key.startsWith(`${settingsSection}.`)));
  });

  it('the settings restricted in untrusted workspaces are contributed ones', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { capabilities: { untrustedWorkspaces: { restrictedConfigurations?: string[] } } };
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
    assert.ok(restricted.length > 0);
    assert.deepEqual(restricted.filter(key => !used.includes(key)), []);
  });

  it('every key of the module is read somewhere in the extension', () => {
    const sources = extensionSources().map(source => source.text).join('\n');
    const unread = Object.keys(settingNames).filter(name => !new RegExp(`\\bsettingNames\\.${name}\\b`).test(sources));
    assert.deepEqual(unread, []);
  });

  it('no setting is read around the module: no section or key spelled out', () => {
    const names = new Set(Object.values(settingNames).flatMap(name => [name, name.split('.').pop()!]));
    const strays: string[] = [];
    for (const { file, text } of extensionSources()) {
      text.split('\n').forEach((line, index) => {
        const where = `${file}:${index + 1}: ${line.trim()}`;
        // getConfiguration() with anything but the section: a literal section, or the root with a full key.
        for (const call of line.matchAll(/getConfiguration\(([^,)]*)/g)) if (call[1]!.trim() !== 'settingsSection') strays.push(where);
        // A setting's name or key in quotes, in code (comments may name them).
        const code = line.replace(/\/\/.*$|^\s*\*.*$|\/\*.*?\*\//g, '');
        for (const literal of code.matchAll(/['"`]([^'"`]*)['"`]/g)) {
          const value = literal[1]!;
          if (used.includes(value) || (names.has(value) && /\.(get|update|inspect)(<[^>]*>)?\(\s*$/.test(code.slice(0, literal.index)))) strays.push(where);
        }
      });
    }
    assert.deepEqual(strays, []);
  });
});

import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// `npm run package` as a user runs it: a production bundle and a .vsix with @vscode/vsce. The .vsix holds
// what the extension needs at run time and nothing of the sources, tests or node_modules.

const root = path.resolve(__dirname, '..', '..', '..');
const vsix = path.join(root, 'dotnet-containers.vsix');

function run(file: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise(resolve => execFile(file, args, { cwd: root, timeout: 5 * 60_000, maxBuffer: 16 * 1024 * 1024 },
    (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` })));
}

describe('npm run package', function () {
  this.timeout(5 * 60_000);
  let entries: string[] = [];

  before(async function () {
    fs.rmSync(vsix, { force: true });
    const npm = await run('npm', ['run', 'package']);
    assert.equal(npm.code, 0, `npm run package failed:\n${npm.output.split('\n').slice(-30).join('\n')}`);
    const listing = await run('unzip', ['-Z1', vsix]);
    assert.equal(listing.code, 0, `unzip -Z1 failed: ${listing.output}`);
    entries = listing.output.trim().split('\n');
  });

  after(() => fs.rmSync(vsix, { force: true }));

  it('makes a .vsix with the bundles, the manifest, the README and its screenshot, snippets and grammar', function () {
    for (const needed of ['extension/dist/extension.js', 'extension/dist/cli.js', 'extension/package.json', 'extension/readme.md',
      'extension/media/screenshot.png', 'extension/media/containers.svg', 'extension/snippets/dockerfile.code-snippets', 'extension/syntaxes/dockerignore.tmLanguage.json']) {
      assert.ok(entries.includes(needed), `${needed} is missing from the .vsix: ${entries.join(', ')}`);
    }
  });

  it('leaves out sources, tests, samples, node_modules and source maps', function () {
    const unwanted = entries.filter(entry => /^extension\/(src|test|out|samples|scripts|bench|node_modules)\//.test(entry) || entry.endsWith('.map'));
    assert.deepEqual(unwanted, []);
  });
});

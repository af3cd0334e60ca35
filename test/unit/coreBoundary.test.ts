import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// src/core must never load `vscode` (it runs in plain Node: the CLI, these tests). eslint.config.mjs is the guard,
// run by `npm test` as `eslint src/core`. A guard is only worth something if it fails: each kind of import is planted
// in a copy of src/core, one at a time, and the project's config must refuse every one.

const root = path.resolve(__dirname, '../../..');

/** Every way a TypeScript file can load a module, each spelled with `vscode`. */
const violations: Record<string, string> = {
  'a static import': "import * as vscode from 'vscode';\nexport const api = vscode;\n",
  'a bare side-effect import': "import 'vscode';\n",
  'an import type': "import type { Uri } from 'vscode';\nexport type Where = Uri;\n",
  'a named import of a subpath': "import { x } from 'vscode/sub';\nexport const y = x;\n",
  'a require()': "export const api = require('vscode');\n",
  'a require() of a template string': 'export const api = require(`vscode`);\n',
  'a require.resolve()': "export const where = require.resolve('vscode');\n",
  'an import = require()': "import vscode = require('vscode');\nexport const api = vscode;\n",
  'an await import()': "export async function load() { return await import('vscode'); }\n",
  'a typeof import() type': "export type Api = typeof import('vscode');\n",
  'an export * from': "export * from 'vscode';\n",
  'an export { } from': "export { window } from 'vscode';\n",
  'an import behind an eslint-disable comment': "// eslint-disable-next-line\nimport 'vscode';\n",
};

describe('src/core never loads vscode (eslint.config.mjs)', function () {
  this.timeout(120_000);
  let copy: string;
  let eslint: ESLint;

  /** `eslint src/core` in the copy with the project's config, as test/run.mjs runs it: the errors, by file. */
  async function lintCopy(): Promise<string[]> {
    const results = await eslint.lintFiles(['src/core']);
    return results.flatMap(result => result.messages.filter(m => m.severity === 2).map(m => `${path.relative(copy, result.filePath)}: ${m.message}`));
  }

  before(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-core-boundary-'));
    fs.cpSync(path.join(root, 'src', 'core'), path.join(copy, 'src', 'core'), { recursive: true });
    // The cache (by content) re-lints only the planted file; the run still covers the whole folder.
    eslint = new ESLint({ cwd: copy, overrideConfigFile: path.join(root, 'eslint.config.mjs'), cache: true, cacheLocation: path.join(copy, '.eslintcache'), cacheStrategy: 'content' });
  });
  after(() => fs.rmSync(copy, { recursive: true, force: true }));

  it('passes the clean copy of src/core', async () => {
    const results = await eslint.lintFiles(['src/core']);
    assert.ok(results.length > 50, `only ${results.length} files were linted: the config does not reach src/core`);
    assert.deepEqual(await lintCopy(), []);
  });

  for (const [kind, source] of Object.entries(violations)) {
    it(`fails on ${kind}`, async () => {
      // A folder deep down, as a real offender would be.
      const planted = path.join(copy, 'src', 'core', 'docker', 'planted.ts');
      fs.writeFileSync(planted, source);
      try {
        const errors = await lintCopy();
        assert.ok(errors.length > 0, `eslint accepted ${kind}:\n${source}`);
        for (const error of errors) assert.match(error, /^src\/core\/docker\/planted\.ts: .*runs without VS Code/);
      } finally {
        fs.rmSync(planted);
      }
    });
  }

  it('lets a module whose name merely starts with vscode through', async () => {
    const planted = path.join(copy, 'src', 'core', 'planted.ts');
    fs.writeFileSync(planted, "export const other = require('vscode-languageserver-types');\nexport * from 'vscodex';\n");
    try {
      assert.deepEqual(await lintCopy(), []);
    } finally {
      fs.rmSync(planted);
    }
  });

  it('the real src/core passes', async () => {
    const real = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.mjs') });
    const results = await real.lintFiles(['src/core']);
    const errors = results.flatMap(result => result.messages.filter(m => m.severity === 2).map(m => `${path.relative(root, result.filePath)}:${m.line}: ${m.message}`));
    assert.deepEqual(errors, []);
  });
});

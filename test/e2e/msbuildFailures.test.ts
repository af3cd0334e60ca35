import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readMsbuildProperties } from '../../src/core/project/msbuildProperties';
import { skipBecause } from '../support/skip';

// When the real `dotnet msbuild` cannot evaluate a project, the one line the user gets says why: dotnet's own
// text for a global.json that pins an SDK not installed opens with two guesses and puts the facts last, which a
// cut after a few lines lost (found on modular-monolith-with-ddd and grandnode2, whose global.json pin 8.0 and 9.0).

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');

describe('dotnet msbuild failures, said in one line (real .NET)', function () {
  this.timeout(3 * 60_000);
  let root: string;

  before(function () {
    if (process.env.DC_DOTNET_UNAVAILABLE) skipBecause(this, process.env.DC_DOTNET_UNAVAILABLE);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dc msbuild failures '));
  });
  after(() => { if (root) fs.rmSync(root, { recursive: true, force: true }); });

  const project = (folder: string, xml: string, globalJson?: string) => {
    fs.mkdirSync(path.join(root, folder, 'App'), { recursive: true });
    if (globalJson) fs.writeFileSync(path.join(root, folder, 'global.json'), globalJson);
    const file = path.join(root, folder, 'App', 'App.csproj');
    fs.writeFileSync(file, xml);
    return file;
  };
  const web = '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n';

  it('a global.json pinning an SDK that is not installed: the version, the file and the SDKs there are', async function () {
    const file = project('pinned', web, '{ "sdk": { "version": "8.0.100" } }\n');
    const read = await readMsbuildProperties(file, ['TargetFramework']);
    assert.equal(read.ok, false);
    const message = read.ok ? '' : read.message;
    assert.match(message, /no installed \.NET SDK satisfies global\.json \(.*pinned[\\/]global\.json\), which asks for 8\.0\.100; installed: \d+\.\d+\.\d+/, message);
    assert.match(message, /rollForward/);
    assert.doesNotMatch(message, /You intended to execute/);

    const generate = await new Promise<{ code: number; stderr: string }>(resolve => execFile(process.execPath, [cli, 'generate', file, '--stdout', '--evaluation', 'msbuild'], { timeout: 120_000 },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr })));
    assert.equal(generate.code, 2, generate.stderr);
    assert.match(generate.stderr, /which asks for 8\.0\.100; installed: /, generate.stderr);
  });

  it('a malformed project: MSBuild\'s error line, not its banner', async function () {
    const file = project('malformed', '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</PropertyGroup></Project>\n');
    const read = await readMsbuildProperties(file, ['TargetFramework']);
    assert.equal(read.ok, false);
    assert.match(read.ok ? '' : read.message, /error MSB\d+:/);
  });
});

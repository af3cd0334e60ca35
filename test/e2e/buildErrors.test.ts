import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Context } from 'mocha';
import { freePort } from '../support/net';
import { skipBecause } from '../support/skip';

// `dotnet-containers build` (what the Build image task runs) on the real engine: where a failed build failed,
// as `file:line:column: error: …` on the Dockerfile, for each docker CLI a user has. A base image that cannot
// be pulled (nothing listens at its registry; a registry that has no such image) goes on its FROM line; a
// failing RUN on its own line.

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cliScript = path.join(repoRoot, 'dist', 'cli.js');
const clis = [['the docker 28 CLI (legacy builder)', '/usr/local/bin/docker'], ["Debian's docker 20.10 CLI (BuildKit)", '/usr/bin/docker']] as const;

function requireEngine(context: Context, cli: string): void {
  const reason = process.env.DC_ENGINE_UNAVAILABLE ?? (process.env.DOCKER_HOST ? undefined : 'no test engine (DOCKER_HOST unset)')
    ?? (fs.existsSync(cli) ? undefined : `${cli} is not on this machine`);
  if (reason) skipBecause(context, reason);
}

function build(dockerfile: string, cli: string): Promise<{ code: number; stderr: string }> {
  return new Promise(resolve => execFile(process.execPath, [cliScript, 'build', dockerfile, '--tag', 'dc-build-errors:test', '--cli', cli],
    { env: { ...process.env, DOCKER_BUILDKIT: undefined } as NodeJS.ProcessEnv, timeout: 120_000 },
    (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr })));
}

describe('dotnet-containers build places a failed build on the Dockerfile (real engine)', function () {
  this.timeout(3 * 60_000);
  let dir = '';
  beforeEach(function () { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc build errors ')); });
  afterEach(function () { fs.rmSync(dir, { recursive: true, force: true }); });

  for (const [name, cli] of clis) {
    it(`${name}: a base image whose registry does not answer, on its FROM line, in plain words`, async function () {
      requireEngine(this, cli);
      const port = await freePort();
      const dockerfile = path.join(dir, 'Dockerfile');
      fs.writeFileSync(dockerfile, `# a comment first\nFROM 127.0.0.1:${port}/dotnet/aspnet:10.0\nCOPY Dockerfile /\n`);
      const result = await build(dockerfile, cli);
      assert.notEqual(result.code, 0);
      const line = result.stderr.split('\n').find(text => text.startsWith(`${dockerfile}:`));
      assert.ok(line, result.stderr);
      assert.match(line, new RegExp(`^${dockerfile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:1: error: Cannot pull the base image 127\\.0\\.0\\.1:${port}/dotnet/aspnet:10\\.0: nothing answers at 127\\.0\\.0\\.1:${port} \\(connection refused\\)`));
    });

    it(`${name}: a failing RUN step, on its own line`, async function () {
      requireEngine(this, cli);
      if (!process.env.DC_STANDIN_DOTNET) skipBecause(this, process.env.DC_STANDIN_UNAVAILABLE ?? 'no stand-in .NET images (DC_STANDIN_DOTNET unset)');
      const dockerfile = path.join(dir, 'Dockerfile');
      fs.writeFileSync(dockerfile, `FROM mcr.microsoft.com/dotnet/runtime-deps:${process.env.DC_STANDIN_DOTNET} AS base\nWORKDIR /app\nRUN echo building\nRUN exit 3\n`);
      const result = await build(dockerfile, cli);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, new RegExp(`${dockerfile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:1: error: RUN failed with exit code 3`));
    });
  }
});

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { runCommandLine } from '../../src/cli/main';
import { csproj } from '../support/fileTree';

// The CLI never shows a stack trace: a write that fails, a file that is missing or is a folder, a bad argument
// each give one clear line on stderr and exit 2. Tested on the real process (bundled here as dist/cli.js is), since
// an output that cannot be written (/dev/full) or a stray exception only shows there.

const root = path.resolve(__dirname, '../../..');
const stackLine = /^\s+at /m;

interface Run { code: number | null; stdout: string; stderr: string }

describe('the CLI fails in one line, never with a stack', function () {
  this.timeout(60_000);
  let dir: string;
  let cli: string;
  let docker: string;
  let web: string;
  let engine: http.Server;
  let registry: http.Server;
  let registryHost: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-cli-failures-'));
    cli = path.join(dir, 'cli.js');
    await esbuild.build({ entryPoints: [path.join(root, 'src/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
    // A docker CLI that answers `version` and succeeds at everything else.
    docker = path.join(dir, 'docker');
    fs.writeFileSync(docker, '#!/bin/sh\nif [ "$1" = version ]; then echo \'{"Client":{"Version":"27.0.0"},"Server":{"Version":"27.0.0","ApiVersion":"1.46","Os":"linux","Arch":"amd64"}}\'; fi\nexit 0\n', { mode: 0o755 });
    web = path.join(dir, 'Web');
    fs.mkdirSync(web);
    fs.writeFileSync(path.join(web, 'Web.csproj'), csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }));
    fs.writeFileSync(path.join(web, 'Dockerfile'), 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\n');
    fs.mkdirSync(path.join(dir, 'Folder.csproj'));
    fs.mkdirSync(path.join(dir, 'a folder'));
    // An engine with no images on a socket, and a registry with one repository on loopback (plain HTTP).
    engine = http.createServer((request, response) => {
      response.setHeader('Content-Type', 'application/json');
      response.end(request.url?.endsWith('/version') ? JSON.stringify({ Version: '27.0.0', ApiVersion: '1.46', Os: 'linux', Arch: 'amd64' }) : '[]');
    });
    await new Promise<void>(resolve => engine.listen(path.join(dir, 'engine.sock'), resolve));
    registry = http.createServer((request, response) => {
      response.setHeader('Content-Type', 'application/json');
      if (request.url === '/v2/' || request.url === '/v2') return response.end('{}');
      if (request.url?.startsWith('/v2/app/tags/list')) return response.end(JSON.stringify({ name: 'app', tags: ['1.0', '2.0'] }));
      response.statusCode = 404;
      response.end('{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known"}]}');
    });
    await new Promise<void>(resolve => registry.listen(0, '127.0.0.1', resolve));
    registryHost = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise(resolve => engine.close(resolve));
    await new Promise(resolve => registry.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the bundled CLI with a small environment; `full` sends its stdout to /dev/full, where every write fails. */
  function run(args: string[], options: { env?: NodeJS.ProcessEnv; stdout?: 'pipe' | 'full' | 'closed' } = {}): Promise<Run> {
    const env = { HOME: dir, DOCKER_CONFIG: path.join(dir, 'docker-config'), DOCKER_HOST: `unix://${path.join(dir, 'none.sock')}`, PATH: '', ...options.env };
    const full = options.stdout === 'full' ? fs.openSync('/dev/full', 'w') : undefined;
    return new Promise(resolve => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env, stdio: ['ignore', full ?? 'pipe', 'pipe'] });
      if (full !== undefined) fs.closeSync(full);
      let stdout = '';
      let stderr = '';
      if (options.stdout === 'closed') child.stdout!.destroy(); // a reader that went away (`| head`)
      else child.stdout?.on('data', chunk => { stdout += chunk; });
      child.stderr!.on('data', chunk => { stderr += chunk; });
      child.on('close', code => resolve({ code, stdout, stderr }));
    });
  }

  /** Exit `code`, one line on stderr that matches `says`, no stack. `besides`: stderr lines that are progress, not the error. */
  function assertOneLine(result: Run, code: number, says: RegExp, besides?: RegExp): void {
    const context = `exit ${result.code}\n${result.stderr}`;
    assert.doesNotMatch(result.stderr, stackLine, context);
    assert.equal(result.code, code, context);
    const lines = result.stderr.split('\n').filter(line => line && !besides?.test(line));
    assert.equal(lines.length, 1, context);
    assert.match(lines[0]!, says, context);
  }

  const cannotWrite = (command: string) => new RegExp(`^dotnet-containers ${command}: cannot write the output: no space left on the device \\(ENOSPC\\)$`);

  describe('doctor', () => {
    it('an unwritable output: exit 2', async () => assertOneLine(await run(['doctor'], { stdout: 'full' }), 2, cannotWrite('doctor')));
    it('a bad argument: exit 2', async () => {
      assertOneLine(await run(['doctor', '--format']), 2, /^dotnet-containers doctor: --format needs a value$/);
      assertOneLine(await run(['doctor', '--format', 'yaml']), 2, /^dotnet-containers doctor: --format must be text or json, not "yaml"$/);
      assertOneLine(await run(['doctor', 'now']), 2, /^dotnet-containers doctor: unexpected argument "now"$/);
    });
    // doctor reports what it finds and exits 0 (README): a missing or unreadable config.json is a finding.
    it('a missing config.json is reported, exit 0', async () => {
      const result = await run(['doctor']);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      assert.match(result.stdout, /no .*docker-config\/config\.json/);
    });
    it('a config.json that is a folder is reported, exit 0', async () => {
      const config = path.join(dir, 'folder-config');
      fs.mkdirSync(path.join(config, 'config.json'), { recursive: true });
      const result = await run(['doctor'], { env: { DOCKER_CONFIG: config } });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      assert.match(result.stdout, /config\.json: cannot be read \(it is a folder\)/);
    });
  });

  describe('generate', () => {
    // Refused before writing (planGeneration) or when the write fails: either way the file and why, in one line.
    it('a Dockerfile that is a folder: named in one line, exit 2', async () => {
      const app = path.join(dir, 'Blocked');
      fs.mkdirSync(path.join(app, 'Dockerfile'), { recursive: true });
      fs.writeFileSync(path.join(app, 'Blocked.csproj'), csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }));
      assertOneLine(await run(['generate', path.join(app, 'Blocked.csproj')]), 2, /^dotnet-containers generate: .*Blocked\/Dockerfile.* is a folder, not a file\b/);
    });
    it('a .dockerignore that is a folder: named in one line, exit 2', async () => {
      const app = path.join(dir, 'Ignored');
      fs.mkdirSync(path.join(app, '.dockerignore'), { recursive: true });
      fs.writeFileSync(path.join(app, 'Ignored.csproj'), csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }));
      const result = await run(['generate', path.join(app, 'Ignored.csproj')]);
      assertOneLine(result, 2, /^dotnet-containers generate: .*Ignored\/\.dockerignore.* is a folder, not a file\b/);
    });
    it('an unwritable output (--stdout): exit 2', async () => assertOneLine(await run(['generate', path.join(web, 'Web.csproj'), '--stdout'], { stdout: 'full' }), 2, cannotWrite('generate')));
    it('a missing project: exit 2', async () => assertOneLine(await run(['generate', path.join(dir, 'Missing.csproj')]), 2, /^dotnet-containers generate: .*Missing\.csproj does not exist/));
    it('a folder where the project file is expected: exit 2', async () => assertOneLine(await run(['generate', path.join(dir, 'Folder.csproj')]), 2, /^dotnet-containers generate: .*Folder\.csproj.*cannot be read/));
    it('a bad argument: exit 2', async () => assertOneLine(await run(['generate', path.join(web, 'Web.csproj'), '--variant', 'windows95']), 2, /^dotnet-containers generate: --variant must be one of/));
  });

  describe('lint', () => {
    it('an unwritable output: exit 2', async () => assertOneLine(await run(['lint', path.join(web, 'Dockerfile')], { stdout: 'full' }), 2, cannotWrite('lint')));
    it('a missing Dockerfile: exit 2', async () => assertOneLine(await run(['lint', path.join(dir, 'Missing.Dockerfile')]), 2, /^dotnet-containers lint: cannot read ".*Missing\.Dockerfile": no such file$/));
    it('a folder where the Dockerfile is expected: exit 2', async () => assertOneLine(await run(['lint', path.join(dir, 'a folder')]), 2, /^dotnet-containers lint: cannot read ".*a folder": it is a folder, not a Dockerfile$/));
    it('a folder where the project is expected: exit 2', async () => assertOneLine(await run(['lint', path.join(web, 'Dockerfile'), '--project', path.join(dir, 'Folder.csproj')]), 2, /^dotnet-containers lint: --project: cannot read/));
  });

  describe('build', () => {
    const progress = /^(builder|environment): |^ {2}|BuildKit|buildx/;
    it('an unwritable output (--dry-run): exit 2', async () => assertOneLine(await run(['build', path.join(web, 'Dockerfile'), '--cli', docker, '--dry-run'], { stdout: 'full' }), 2, cannotWrite('build'), progress));
    it('a missing Dockerfile: exit 2', async () => assertOneLine(await run(['build', path.join(dir, 'Missing.Dockerfile'), '--cli', docker]), 2, /^dotnet-containers build: cannot read .*Missing\.Dockerfile/));
    it('a folder where the Dockerfile is expected: exit 2', async () => assertOneLine(await run(['build', path.join(dir, 'a folder'), '--cli', docker]), 2, /^dotnet-containers build: cannot read .*a folder/));
    it('a folder where the container CLI is expected: exit 2', async () => assertOneLine(await run(['build', path.join(web, 'Dockerfile'), '--cli', path.join(dir, 'a folder')]), 2, /^dotnet-containers build: the container CLI ".*a folder" is a folder, not a program$/, progress));
  });

  for (const command of ['run', 'push'] as const) {
    describe(command, () => {
      const args = command === 'run' ? ['run', 'web:1'] : ['push', 'web:1', '--registry', 'localhost:5000'];
      it('an unwritable output (--dry-run): exit 2', async () => assertOneLine(await run([...args, '--cli', docker, '--dry-run'], { stdout: 'full' }), 2, cannotWrite(command)));
      it('a missing container CLI: exit 2', async () => assertOneLine(await run([...args, '--cli', path.join(dir, 'no-such-docker')]), 2, new RegExp(`^dotnet-containers ${command}: the container CLI ".*no-such-docker" does not exist$`)));
      it('a folder where the container CLI is expected: exit 2', async () => assertOneLine(await run([...args, '--cli', path.join(dir, 'a folder')]), 2, new RegExp(`^dotnet-containers ${command}: the container CLI ".*a folder" is a folder, not a program$`)));
      it('a bad image name: exit 2', async () => assertOneLine(await run([command, 'Web App', ...args.slice(2), '--dry-run']), 2, new RegExp(`^dotnet-containers ${command}: "Web App" is not a valid image reference`)));
    });
  }

  describe('images', () => {
    it('an unwritable output: exit 2', async () => assertOneLine(await run(['images'], { stdout: 'full', env: { DOCKER_HOST: `unix://${path.join(dir, 'engine.sock')}` } }), 2, cannotWrite('images')));
    // An engine that does not answer is the engine's failure, exit 1 as documented (src/cli/images.ts); still one line.
    it('a missing engine socket: one line, exit 1', async () => assertOneLine(await run(['images']), 1, /^dotnet-containers images: .*none\.sock/));
    it('a folder where the engine socket is expected: one line, exit 1', async () => assertOneLine(await run(['images'], { env: { DOCKER_HOST: `unix://${path.join(dir, 'a folder')}` } }), 1, /^dotnet-containers images: .*a folder/));
    it('a bad argument: exit 2', async () => assertOneLine(await run(['images', '--format', 'yaml']), 2, /^dotnet-containers images: --format must be text or json/));
  });

  describe('tags', () => {
    it('lists the tags of the test registry', async () => {
      const result = await run(['tags', `${registryHost}/app`]);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(result.stdout.trim().split('\n'), ['2.0', '1.0']);
    });
    it('an unwritable output: exit 2', async () => assertOneLine(await run(['tags', `${registryHost}/app`], { stdout: 'full' }), 2, cannotWrite('tags')));
    // A registry that has no such repository, or does not answer, is the registry's failure: exit 1, one line.
    it('a missing repository: one line, exit 1', async () => assertOneLine(await run(['tags', `${registryHost}/missing`]), 1, /^dotnet-containers tags: /));
    it('a config.json that is a folder: the tags still come, exit 0', async () => {
      const config = path.join(dir, 'folder-config-tags');
      fs.mkdirSync(path.join(config, 'config.json'), { recursive: true });
      const result = await run(['tags', `${registryHost}/app`], { env: { DOCKER_CONFIG: config } });
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stderr, stackLine);
    });
    it('a bad argument: exit 2', async () => assertOneLine(await run(['tags', `${registryHost}/App`]), 2, /^dotnet-containers tags: .*must be lowercase/));
  });

  describe('help', () => {
    it('a command\'s --help: its usage, exit 0; an unknown option: one line, exit 2', async () => {
      const help = await run(['build', '--help']);
      assert.equal(help.code, 0, help.stderr);
      assert.equal(help.stderr, '');
      assert.match(help.stdout, /^Usage: dotnet-containers build <Dockerfile> /);
      assertOneLine(await run(['lint', '--severity=off', path.join(web, 'Dockerfile')]), 2, /^dotnet-containers lint: unknown option "--severity"$/);
    });
    it('an unwritable output: exit 2', async () => assertOneLine(await run(['help'], { stdout: 'full' }), 2, cannotWrite('help')));
    it('a reader that went away (| head): no message, no stack', async () => {
      const result = await run(['help'], { stdout: 'closed' });
      assert.equal(result.stderr, '');
      assert.equal(result.code, 2);
    });
    it('a stray exception from anywhere in the process: one line, exit 2', async () => {
      // Loaded before the CLI, it throws once the CLI is running, outside any of its try blocks.
      const stray = path.join(dir, 'stray.js');
      fs.writeFileSync(stray, "setImmediate(() => { throw new TypeError('stray failure'); });\n");
      assertOneLine(await run(['help'], { env: { NODE_OPTIONS: `--require ${stray}` } }), 2, /^dotnet-containers help: stray failure$/);
      const debug = await run(['help'], { env: { NODE_OPTIONS: `--require ${stray}`, DOTNET_CONTAINERS_DEBUG: '1' } });
      assert.equal(debug.code, 2);
      assert.match(debug.stderr, /^dotnet-containers help: stray failure\nTypeError: stray failure\n\s+at /);
    });
    it('with DOTNET_CONTAINERS_DEBUG=1, the stack follows the line', async () => {
      const result = await run(['help'], { stdout: 'full', env: { DOTNET_CONTAINERS_DEBUG: '1' } });
      assert.equal(result.code, 2);
      assert.match(result.stderr.split('\n')[0]!, cannotWrite('help'));
      assert.match(result.stderr, stackLine);
    });
  });
});

describe('runCommandLine: an unexpected exception is one line and exit 2', () => {
  const fails = (error: unknown) => () => { throw error; };
  async function runWith(error: unknown, env: NodeJS.ProcessEnv = {}) {
    const err: string[] = [];
    const code = await runCommandLine(['help'], fails(error), text => err.push(text), env);
    return { code, stderr: err.join('\n') };
  }

  it('says the message, its first line only', async () => {
    const result = await runWith(new Error('something broke\n    at somewhere (x.js:1:1)'));
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'dotnet-containers help: something broke');
  });

  it('says which file and why for a file system error', async () => {
    const error = Object.assign(new Error("EISDIR: illegal operation on a directory, open '/x/Dockerfile'"), { code: 'EISDIR', path: '/x/Dockerfile' });
    assert.equal((await runWith(error)).stderr, 'dotnet-containers help: /x/Dockerfile: it is a folder, not a file (EISDIR)');
  });

  it('never repeats a SyntaxError, which quotes the text it failed on', async () => {
    let error: unknown;
    try { JSON.parse('{"auth":dXNlcjpzM2NyM3Q='); } catch (caught) { error = caught; }
    const result = await runWith(error);
    assert.equal(result.stderr, 'dotnet-containers help: unreadable data (SyntaxError)');
  });

  it('adds the stack with DOTNET_CONTAINERS_DEBUG=1', async () => {
    const result = await runWith(new Error('something broke'), { DOTNET_CONTAINERS_DEBUG: '1' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^dotnet-containers help: something broke\nError: something broke\n\s+at /);
  });
});

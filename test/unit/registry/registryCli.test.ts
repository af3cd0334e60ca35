import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { main, runCliCommand } from '../../../src/cli/main';
import { freePort } from '../../support/net';

/** `dotnet-containers <command> …` with its output collected and the environment given. */
async function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCliCommand(args, { out: text => out.push(text), err: text => err.push(text), now: new Date(), env });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('dotnet-containers tags and images (usage and failures)', () => {
  it('help lists both commands', async () => {
    const help: string[] = [];
    assert.equal(await main(['help'], text => help.push(text), () => {}), 0);
    assert.match(help.join('\n'), /^ {2}images \[--format text\|json\]/m);
    assert.match(help.join('\n'), /^ {2}tags <host\[:port\]\/repository> \[--format text\|json\] \[--limit N\]/m);
  });

  it('exits 2 with a message on bad usage', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['tags'], /name one repository/],
      [['tags', 'a/b', 'c/d'], /name one repository/],
      [['tags', 'localhost:5000/app:1.0'], /without a tag or digest/],
      [['tags', 'localhost:5000/App'], /must be lowercase/],
      [['tags', 'localhost:5000/app', '--limit', 'ten'], /--limit must be a whole number/],
      [['tags', 'localhost:5000/app', '--format=xml'], /--format must be text or json/],
      [['tags', 'localhost:5000/app', '--limit'], /--limit needs a value/],
      [['images', '--all'], /unknown option "--all"/],
      [['images', 'extra'], /unexpected argument "extra"/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
      assert.match(result.stderr, new RegExp(`^dotnet-containers ${args[0]}: `));
    }
  });

  it('exits 1 with one line when the registry cannot be reached', async () => {
    const port = await freePort(); // nothing listens there
    const result = await run(['tags', `127.0.0.1:${port}/app`]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`^dotnet-containers tags: repository "app": GET 127\\.0\\.0\\.1:${port}/v2/app/tags/list: connection refused`));
    assert.equal(result.stderr.split('\n').length, 1);
  });

  it('exits 1 with one line when no engine answers', async () => {
    const result = await run(['images', '--format', 'json'], { ...process.env, DOCKER_HOST: 'unix:///nonexistent/dc-unit.sock' });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'dotnet-containers images: no container engine answers (unix:///nonexistent/dc-unit.sock: no socket at this path)');
  });

  // Built-ins a short command never needs and a fresh process pays for: TLS for plain HTTP and unix sockets,
  // crypto, child_process and fs/promises, which only credential helpers, ssh, docker contexts and digests use, and
  // os, where $HOME says where the home folder is.
  const unneededBuiltins = / (https|tls|crypto|child_process|fs\/promises|os)$/;

  /** The shipped CLI in a fresh process, with the built-in modules it loaded that match unneededBuiltins. */
  async function runShippedCli(args: string[], env: NodeJS.ProcessEnv) {
    const cli = path.resolve(__dirname, '../../../../dist/cli.js');
    // Node's own list of the built-in modules this process loaded, printed as it exits.
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-modules-')), 'probe.js');
    fs.writeFileSync(probe, `process.on('exit', () => process.stderr.write('\\n' + JSON.stringify(process.moduleLoadList.filter(m => ${unneededBuiltins}.test(m)))));`);
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(resolve => {
      const child = spawn(process.execPath, ['--require', probe, cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', chunk => { stdout += chunk; });
      child.stderr.on('data', chunk => { stderr += chunk; });
      child.on('close', code => resolve({ code, stdout, stderr }));
    });
    fs.rmSync(path.dirname(probe), { recursive: true, force: true });
    const lines = result.stderr.trim().split('\n');
    return { ...result, loaded: JSON.parse(lines.pop()!) as string[], stderr: lines.join('\n') };
  }

  it('tags from a plain-HTTP registry loads none of node:https, tls, crypto, child_process, fs/promises, os in the shipped CLI', async () => {
    const tags = Array.from({ length: 50 }, (_, i) => `1.0.${i}`);
    const server = http.createServer((request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(request.url === '/v2/' ? '{}' : JSON.stringify({ name: 'app', tags }));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      // A config.json with an entry for another registry: read, and no helper to run.
      const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-config-'));
      fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from('u:p').toString('base64') } } }));
      const result = await runShippedCli(['tags', `127.0.0.1:${port}/app`], { ...process.env, DOCKER_CONFIG: configDir });
      fs.rmSync(configDir, { recursive: true, force: true });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim().split('\n').length, 50);
      assert.deepEqual(result.loaded, []);
    } finally {
      server.close();
    }
  });

  it('images from an engine on a unix socket loads none of them either', async function () {
    if (process.platform === 'win32') this.skip(); // unix sockets: the Windows engine's pipe is tested in its own layer
    const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-engine-'));
    const socketPath = path.join(socketDir, 'docker.sock');
    const image = { Id: 'sha256:' + 'a'.repeat(64), RepoTags: ['app:1.0'], RepoDigests: [], Created: 1_767_225_600, Size: 1000, Labels: {} };
    const server = http.createServer((request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': '1.43' });
      if (request.url?.endsWith('/version')) response.end(JSON.stringify({ Version: '24.0.7', ApiVersion: '1.43', MinAPIVersion: '1.12', Os: 'linux', Arch: 'amd64' }));
      else if (request.url?.includes('/images/json')) response.end(JSON.stringify([image]));
      else response.end('{}');
    });
    await new Promise<void>(resolve => server.listen(socketPath, resolve));
    try {
      const result = await runShippedCli(['images', '--format', 'json'], { ...process.env, DOCKER_HOST: `unix://${socketPath}`, DOCKER_CONTEXT: '' });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /app/);
      assert.deepEqual(result.loaded, []);
    } finally {
      server.close();
      fs.rmSync(socketDir, { recursive: true, force: true });
    }
  });
});

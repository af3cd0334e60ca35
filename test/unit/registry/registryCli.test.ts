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

  it('a plain-HTTP registry does not load node:https and node:tls in the shipped CLI (they cost a short command time)', async () => {
    const tags = Array.from({ length: 50 }, (_, i) => `1.0.${i}`);
    const server = http.createServer((request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(request.url === '/v2/' ? '{}' : JSON.stringify({ name: 'app', tags }));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const cli = path.resolve(__dirname, '../../../../dist/cli.js');
      // Node's own list of the built-in modules this process loaded, printed as it exits.
      const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dc-modules-')), 'probe.js');
      fs.writeFileSync(probe, `process.on('exit', () => process.stderr.write('\\n' + JSON.stringify(process.moduleLoadList.filter(m => / (https|tls)$/.test(m)))));`);
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(resolve => {
        const child = spawn(process.execPath, ['--require', probe, cli, 'tags', `127.0.0.1:${port}/app`], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => { stdout += chunk; });
        child.stderr.on('data', chunk => { stderr += chunk; });
        child.on('close', code => resolve({ code, stdout, stderr }));
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim().split('\n').length, 50);
      assert.equal(result.stderr.trim().split('\n').pop(), '[]', result.stderr);
    } finally {
      server.close();
    }
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';

async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const saved = process.env;
  process.env = env;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(args, text => out.push(text), text => err.push(text));
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.env = saved;
  }
}

describe('dotnet-containers CLI', () => {
  it('doctor reports and exits 0 even when nothing is there', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-empty-home-'));
    try {
      const result = await runCli(['doctor'], { PATH: '', HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), DOCKER_HOST: `unix://${home}/none.sock` });
      assert.equal(result.code, 0);
      assert.match(result.stdout, /no container engine answers/);
      assert.match(result.stdout, /docker: not on PATH/);
      assert.match(result.stdout, /dotnet: not on PATH/);
      assert.match(result.stdout, /no .*config\.json/);
    } finally {
      await fs.rm(home, { recursive: true, force: true });
    }
  });

  it('doctor --format json prints the report as JSON', async () => {
    const result = await runCli(['doctor', '--format', 'json'], { ...process.env, DOCKER_HOST: 'unix:///nonexistent/dc.sock' });
    assert.equal(result.code, 0);
    const report = JSON.parse(result.stdout);
    assert.equal(report.engines[0].host, 'unix:///nonexistent/dc.sock');
    assert.equal(report.engines[0].probe.reachable, false);
  });

  it('rejects an unknown command or format with a clear message and exit 2', async () => {
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const badFormat = await runCli(['doctor', '--format=yaml']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format must be text or json, not "yaml"/);
  });
});

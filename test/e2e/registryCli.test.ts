import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { LocalImages } from '../../src/core/engine';
import { sortTags } from '../../src/core/registry';
import { docker, dockerOk } from '../support/docker';
import { referencesOf } from '../support/localImages';
import { RegistryContent } from '../support/registryContent';
import { skipBecause } from '../support/skip';

// `dotnet-containers tags` and `dotnet-containers images` as a user runs them (the bundled dist/cli.js in
// a fresh process), compared with the registry's own tags/list and with `docker image ls`.

const cli = path.resolve(__dirname, '../../../dist/cli.js');

function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => { stdout += chunk; });
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('dotnet-containers tags against the real registry', function () {
  this.timeout(60_000);
  const repository = `cli-${randomBytes(3).toString('hex')}/app`;
  const tags = ['1.0', '1.10', '1.2', '10.0', '10.0-alpine', '9.0', 'latest', 'dev'];

  before(async function () {
    if (process.env.DC_REGISTRY_UNAVAILABLE || !process.env.DC_REGISTRY) skipBecause(this, process.env.DC_REGISTRY_UNAVAILABLE ?? 'no test registry (DC_REGISTRY unset)');
    await new RegistryContent(`http://${process.env.DC_REGISTRY}`).pushImage(repository, tags, { layerText: `cli ${repository}` });
  });

  it('--format json prints the registry\'s tag list as a JSON array, newest first', async () => {
    const result = await runCli(['tags', `${process.env.DC_REGISTRY}/${repository}`, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as string[];
    const registry = await new RegistryContent(`http://${process.env.DC_REGISTRY}`).tags(repository);
    assert.deepEqual([...printed].sort(), [...registry].sort());
    assert.deepEqual(printed, ['latest', '10.0', '10.0-alpine', '9.0', '1.10', '1.2', '1.0', 'dev']);
    assert.deepEqual(printed, sortTags(registry));
  });

  it('prints one tag per line, and --limit keeps the newest N', async () => {
    const text = await runCli(['tags', `${process.env.DC_REGISTRY}/${repository}`]);
    assert.equal(text.code, 0, text.stderr);
    assert.deepEqual(text.stdout.trimEnd().split('\n'), ['latest', '10.0', '10.0-alpine', '9.0', '1.10', '1.2', '1.0', 'dev']);
    const limited = await runCli(['tags', `${process.env.DC_REGISTRY}/${repository}`, '--limit=2', '--format=json']);
    assert.deepEqual(JSON.parse(limited.stdout), ['latest', '10.0']);
  });

  it('exits 1 with one line on stderr when the registry says no', async () => {
    const result = await runCli(['tags', `${process.env.DC_REGISTRY}/${repository}-missing`]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trimEnd().split('\n').length, 1);
    assert.match(result.stderr, /^dotnet-containers tags: repository ".*-missing" not found on 127\.0\.0\.1:\d+ \(NAME_UNKNOWN/);
  });

  it('exits 2 on bad usage', async () => {
    for (const args of [['tags'], ['tags', `${process.env.DC_REGISTRY}/${repository}:1.0`], ['tags', 'x/y', '--limit', '0'], ['tags', 'x/y', '--format', 'yaml'], ['tags', 'x/y', '--bogus']]) {
      const result = await runCli(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^dotnet-containers tags: /);
    }
  });
});

describe('dotnet-containers images against the real engine', function () {
  this.timeout(60_000);
  const reference = `dc-cli-${randomBytes(3).toString('hex')}/app:1.0`;

  before(async function () {
    if (process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST) skipBecause(this, process.env.DC_ENGINE_UNAVAILABLE ?? 'no test engine (DOCKER_HOST unset)');
    await dockerOk(['build', '--label', 'dotnet-containers.test=registryCli', '-t', reference, '-'], { input: 'FROM scratch\n', env: { DOCKER_BUILDKIT: '1' } });
  });
  after(async () => { await docker(['image', 'rm', '--force', reference]); });

  it('--format json lists what `docker image ls` lists', async () => {
    const result = await runCli(['images', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const images = JSON.parse(result.stdout) as LocalImages;
    const expected = (await dockerOk(['image', 'ls', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])).split('\n').filter(Boolean).sort();
    assert.deepEqual(referencesOf(images), expected);
    assert.ok(referencesOf(images).some(line => line.startsWith(`${reference} `)));
  });

  it('prints a readable listing by repository', async () => {
    const result = await runCli(['images']);
    assert.equal(result.code, 0, result.stderr);
    const [repository, tag] = reference.split(':');
    const lines = result.stdout.split('\n');
    const at = lines.indexOf(repository!);
    assert.ok(at >= 0, result.stdout);
    assert.match(lines[at + 1]!, new RegExp(`^  ${tag}\\s+[0-9a-f]{12}\\s+.+\\s+0B$`));
  });

  it('exits 1 with one line when no engine answers', async () => {
    const result = await runCli(['images'], { ...process.env, DOCKER_HOST: 'unix:///nonexistent/dc.sock' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^dotnet-containers images: no container engine answers \(unix:\/\/\/nonexistent\/dc\.sock: no socket at this path\)\n$/);
  });
});

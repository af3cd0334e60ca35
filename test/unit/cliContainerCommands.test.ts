import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { planGeneration } from '../../src/core/generate/planGeneration';
import { csproj, removeTree, writeTree } from '../support/fileTree';

const now = () => new Date('2026-11-23T00:00:00Z');

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(args, text => out.push(text), text => err.push(text), now);
    return { code, lines: out, stderr: err.join('\n') };
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key]; else process.env[key] = saved[key];
  }
}

const argvLines = (lines: readonly string[]) => lines.map(line => JSON.parse(line) as string[]);

/** A docker CLI that answers `version` like `client` against a Linux engine, and has no buildx plugin. */
function fakeDocker(dir: string, client: string): string {
  const file = path.join(dir, `docker-${client}`);
  fs.writeFileSync(file, `#!/bin/sh
case "$1" in
  version) echo '{"Client":{"Version":"${client}"},"Server":{"Version":"20.10.24","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}}' ;;
  *) exit 1 ;;
esac
`, { mode: 0o755 });
  return file;
}

describe('dotnet-containers build|run|push', function () {
  let tree = '';
  afterEach(() => { if (tree) removeTree(tree); tree = ''; });

  /** A solution with a web app in a folder whose name a shell would misread, and its generated Dockerfile. */
  function solution(folder = 'Shop $(id); `x` & "y"'): { root: string; dockerfile: string } {
    tree = writeTree({
      [`${folder}/Shop.slnx`]: '<Solution>\n  <Project Path="Web Api/Web Api.csproj" />\n</Solution>\n',
      [`${folder}/Web Api/Web Api.csproj`]: csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', Version: '2.3.1' }),
    });
    const root = path.join(tree, folder);
    const plan = planGeneration(path.join(root, 'Web Api', 'Web Api.csproj'), { now: now() });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    fs.writeFileSync(plan.dockerfile.path, plan.dockerfile.content);
    return { root, dockerfile: plan.dockerfile.path };
  }

  it('build --dry-run prints one argv: the project name and version, the solution folder as context, every path one element', async function () {
    const { root, dockerfile } = solution();
    const docker = fakeDocker(root, '20.10.24');
    const result = await cli(['build', dockerfile, '--cli', docker, '--dry-run']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(argvLines(result.lines), [[docker, 'build', '--tag', 'web-api:2.3.1', '--file', dockerfile, '--progress', 'plain', root]]);
    assert.match(result.stderr, /builder: BuildKit of the engine/);
    assert.match(result.stderr, /environment: DOCKER_BUILDKIT=1/);
  });

  it('build with a docker 23+ CLI without buildx builds a copy with the platform filled in, says how to get BuildKit, and leaves the Dockerfile alone', async function () {
    const { root, dockerfile } = solution();
    const original = fs.readFileSync(dockerfile, 'utf8');
    assert.match(original, /\$BUILDPLATFORM/);
    const docker = fakeDocker(root, '28.2.2');
    const result = await cli(['build', dockerfile, '--cli', docker, '--network', 'host', '--label', 'team=shop', '--dry-run']);
    assert.equal(result.code, 0, result.stderr);
    const [argv] = argvLines(result.lines);
    const copy = argv![argv!.indexOf('--file') + 1]!;
    assert.notEqual(copy, dockerfile);
    assert.equal(path.basename(copy), 'Dockerfile');
    assert.deepEqual(argv, [docker, 'build', '--tag', 'web-api:2.3.1', '--file', copy, '--network', 'host', '--build-arg', 'TARGETARCH=amd64', '--label', 'team=shop', root]);
    assert.match(result.stderr, /legacy builder/);
    assert.match(result.stderr, /buildx/);
    assert.equal(fs.readFileSync(dockerfile, 'utf8'), original, "the user's file is untouched");
    assert.ok(!fs.existsSync(copy), 'a dry run writes nothing, and the copies folder is gone afterwards');
  });

  it('build takes --tag and --target, and a relative Dockerfile path', async function () {
    const { root, dockerfile } = solution('plain');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const docker = fakeDocker(root, '20.10.24');
      const result = await cli(['build', path.join('Web Api', 'Dockerfile'), '--tag=shop/web:dev', '--target', 'build', '--cli', docker, '--dry-run']);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(argvLines(result.lines), [[docker, 'build', '--tag', 'shop/web:dev', '--file', dockerfile, '--target', 'build', '--progress', 'plain', root]]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('build refuses what Docker would refuse, with exit 2 and the reason', async function () {
    const { dockerfile } = solution('plain');
    for (const [args, message] of [
      [['build', dockerfile, '--tag', 'My App:1', '--dry-run'], /no spaces/],
      [['build', dockerfile, '--tag', 'App:1', '--dry-run'], /must be lowercase; use "app:1"/],
      [['build', dockerfile, '--target', 'x; rm -rf /', '--dry-run'], /not a build stage name/],
      [['build', path.join(path.dirname(dockerfile), 'Missing.Dockerfile'), '--dry-run'], /cannot read .*ENOENT/],
      [['build', '--dry-run'], /name one Dockerfile/],
      [['build', dockerfile, dockerfile, '--dry-run'], /name one Dockerfile/],
      [['build', dockerfile, '--tag'], /--tag needs a value/],
      [['build', dockerfile, '--port', '80'], /unknown option "--port"/],
      [['build', dockerfile, '--label', 'no-equals', '--dry-run'], /--label wants key=value/],
      [['build', dockerfile, '--network', 'host;id', '--dry-run'], /not a network name/],
    ] as const) {
      const result = await cli([...args, ...(args.includes('--dry-run') ? ['--cli', fakeDocker(path.dirname(dockerfile), '20.10.24')] : [])]);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
      assert.match(result.stderr, /^dotnet-containers build: /);
      assert.deepEqual(result.lines, []);
    }
  });

  it('run --dry-run publishes host:container, or the same port twice, in the foreground', async function () {
    assert.deepEqual(argvLines((await cli(['run', 'shop/web:2.3.1', '--port', '5000:8080', '--dry-run'])).lines),
      [['docker', 'run', '--rm', '--interactive', '--tty', '--publish', '5000:8080', 'shop/web:2.3.1']]);
    assert.deepEqual(argvLines((await cli(['run', 'web', '--port=8080', '--dry-run'])).lines),
      [['docker', 'run', '--rm', '--interactive', '--tty', '--publish', '8080:8080', 'web:latest']]);
    assert.deepEqual(argvLines((await cli(['run', 'worker:1', '--dry-run'])).lines), [['docker', 'run', '--rm', '--interactive', '--tty', 'worker:1']]);
    for (const [args, message] of [
      [['run', 'web', '--port', '8080:', '--dry-run'], /--port wants host:container/],
      [['run', 'web', '--port', '99999:80', '--dry-run'], /1 to 65535/],
      [['run', '--privileged', '--dry-run'], /unknown option "--privileged"/],
      [['run', '-it', '--dry-run'], /^dotnet-containers run: unknown option "-it"$/],
      [['run', '--dry-run', '--', '-it'], /cannot start with "-"/],
      [['run', '$(id)', '--dry-run'], /"\$\(id\)" is not a valid image reference/],
    ] as const) {
      const result = await cli([...args]);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
    }
  });

  it('push --dry-run tags for the registry and pushes; --verify adds removing the tag and pulling it back', async function () {
    assert.deepEqual(argvLines((await cli(['push', 'shop/web:2.3.1', '--registry', 'localhost:5000', '--dry-run'])).lines), [
      ['docker', 'tag', 'shop/web:2.3.1', 'localhost:5000/shop/web:2.3.1'],
      ['docker', 'push', 'localhost:5000/shop/web:2.3.1'],
    ]);
    assert.deepEqual(argvLines((await cli(['push', 'old.example.com/web:1', '--registry=https://127.0.0.1:41234/', '--verify', '--dry-run'])).lines), [
      ['docker', 'tag', 'old.example.com/web:1', '127.0.0.1:41234/web:1'],
      ['docker', 'push', '127.0.0.1:41234/web:1'],
      ['docker', 'image', 'rm', '127.0.0.1:41234/web:1'],
      ['docker', 'pull', '127.0.0.1:41234/web:1'],
    ]);
    for (const [args, message] of [
      [['push', 'web:1', '--dry-run'], /--registry host\[:port\] is required/],
      [['push', 'web:1', '--registry', 'evil;rm -rf', '--dry-run'], /is not a registry/],
      [['push', 'web:1', '--registry', 'host:0', '--dry-run'], /between 1 and 65535/],
    ] as const) {
      const result = await cli([...args]);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message);
    }
  });

  it('names the CLI from --cli, else DOTNET_CONTAINERS_CLI, else docker', async function () {
    assert.equal(argvLines((await cli(['run', 'web:1', '--cli', 'podman', '--dry-run'])).lines)[0]![0], 'podman');
    assert.equal(argvLines((await cli(['run', 'web:1', '--dry-run'], { DOTNET_CONTAINERS_CLI: '/opt/bin/docker' })).lines)[0]![0], '/opt/bin/docker');
  });

  it('without --dry-run runs each step with the CLI, argv as built, and stops at the first that fails with its exit code', async function () {
    tree = writeTree({ 'fake-docker': '#!/usr/bin/env node\nconst fs = require("fs");\nfs.appendFileSync(process.env.FAKE_DOCKER_LOG, JSON.stringify(process.argv.slice(2)) + "\\n");\nprocess.exit(process.argv[2] === process.env.FAKE_DOCKER_FAILS ? 3 : 0);\n' });
    const fake = path.join(tree, 'fake-docker');
    fs.chmodSync(fake, 0o755);
    const log = path.join(tree, 'calls.log');
    const env = { FAKE_DOCKER_LOG: log, FAKE_DOCKER_FAILS: 'push' };
    const result = await cli(['push', 'web:1', '--registry', 'localhost:5000', '--verify', '--cli', fake], env);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /push exited with 3/);
    assert.deepEqual(argvLines(fs.readFileSync(log, 'utf8').trim().split('\n')), [['tag', 'web:1', 'localhost:5000/web:1'], ['push', 'localhost:5000/web:1']]);

    fs.rmSync(log);
    const ok = await cli(['run', 'web:1', '--port', '5000:8080', '--cli', fake], { ...env, FAKE_DOCKER_FAILS: 'none' });
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(argvLines(fs.readFileSync(log, 'utf8').trim().split('\n')), [['run', '--rm', '--interactive', '--tty', '--publish', '5000:8080', 'web:1']]);

    const missing = await cli(['run', 'web:1', '--cli', path.join(tree, 'no-such-cli')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^dotnet-containers run: the container CLI ".*no-such-cli" does not exist$/);
  });

  it('lists build, run and push in the help', async function () {
    const help = await cli(['help']);
    assert.equal(help.code, 0);
    for (const command of ['build <Dockerfile>', 'run <image>', 'push <image> --registry']) assert.ok(help.lines.join('\n').includes(command), command);
  });
});

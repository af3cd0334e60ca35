import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseContainerCli } from '../../../src/core/docker/containerCli';
import { removeTree } from '../../support/fileTree';

/** An engine API on a unix socket that answers /_ping and /version like Docker or Podman. */
async function fakeEngine(socket: string, product: 'Docker' | 'Podman'): Promise<() => Promise<void>> {
  fs.mkdirSync(path.dirname(socket), { recursive: true });
  const server = http.createServer((request, response) => {
    if (request.url === '/_ping') return response.writeHead(200).end('OK');
    const components = product === 'Podman' ? [{ Name: 'Podman Engine', Version: '5.0.0' }] : [{ Name: 'Engine', Version: '27.0.0' }];
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Version: '27.0.0', ApiVersion: '1.46', Os: 'linux', Arch: 'amd64', Components: components }));
  });
  await new Promise<void>(resolve => server.listen(socket, resolve));
  return () => new Promise(resolve => server.close(() => resolve()));
}

/** Executables named `names` in a folder of their own, printing `help` for `build --help`. */
function fakeClis(dir: string, names: readonly string[], help = '      --progress string   Set type of progress output\n'): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  for (const name of names) {
    fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env node\nif (process.argv[2] === 'build') process.stdout.write(${JSON.stringify(help)});\n`, { mode: 0o755 });
  }
  return bin;
}

describe('choosing the container CLI and engine', function () {
  let dir = '';
  const stops: Array<() => Promise<void>> = [];
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-cli-')); });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    removeTree(dir);
  });

  const environment = (extra: NodeJS.ProcessEnv, bin: string): NodeJS.ProcessEnv => ({ PATH: `${bin}:/usr/bin:/bin`, HOME: dir, DOCKER_CONFIG: path.join(dir, '.docker'), ...extra });
  const defaultSocketAnswers = fs.existsSync('/var/run/docker.sock');

  it('uses docker for the engine at DOCKER_HOST and adds nothing: the CLI finds DOCKER_HOST itself', async function () {
    const socket = path.join(dir, 'e.sock');
    stops.push(await fakeEngine(socket, 'Docker'));
    const bin = fakeClis(dir, ['docker', 'podman']);
    const chosen = await chooseContainerCli({ preference: 'auto', env: environment({ DOCKER_HOST: `unix://${socket}` }, bin), home: dir, platform: 'linux' });
    assert.ok(chosen.ok);
    assert.deepEqual({ ...chosen.cli, engine: { ...chosen.cli.engine } }, { name: 'docker', path: path.join(bin, 'docker'), env: {}, engine: { host: `unix://${socket}`, source: 'DOCKER_HOST', product: 'Docker' } });
  });

  it('tells docker where a rootless engine is, which it would not find by itself', async function () {
    if (defaultSocketAnswers) this.skip();
    const runtime = path.join(dir, 'run');
    stops.push(await fakeEngine(path.join(runtime, 'docker.sock'), 'Docker'));
    const bin = fakeClis(dir, ['docker']);
    const chosen = await chooseContainerCli({ preference: 'auto', env: environment({ XDG_RUNTIME_DIR: runtime }, bin), home: dir, platform: 'linux' });
    assert.ok(chosen.ok);
    assert.equal(chosen.cli.engine?.source, 'rootless socket');
    assert.deepEqual(chosen.cli.env, { DOCKER_HOST: `unix://${path.join(runtime, 'docker.sock')}` });
  });

  it('drives a Podman engine with podman when it is installed; docker when asked, pointed at the socket', async function () {
    if (defaultSocketAnswers) this.skip();
    const runtime = path.join(dir, 'run');
    const socket = path.join(runtime, 'podman', 'podman.sock');
    stops.push(await fakeEngine(socket, 'Podman'));
    const bin = fakeClis(dir, ['docker', 'podman']);
    const env = environment({ XDG_RUNTIME_DIR: runtime }, bin);
    const auto = await chooseContainerCli({ preference: 'auto', env, home: dir, platform: 'linux' });
    assert.ok(auto.ok);
    assert.equal(auto.cli.name, 'podman');
    assert.deepEqual(auto.cli.env, {}, 'podman talks to its own service');
    const docker = await chooseContainerCli({ preference: 'docker', env, home: dir, platform: 'linux' });
    assert.ok(docker.ok);
    assert.equal(docker.cli.name, 'docker');
    assert.deepEqual(docker.cli.env, { DOCKER_HOST: `unix://${socket}` });
  });

  it('says what is missing: no CLI on PATH, or a containerCliPath that is not a file', async function () {
    const bin = fakeClis(dir, ['podman']);
    const env = environment({ DOCKER_HOST: `unix://${dir}/none.sock` }, bin);
    const noDocker = await chooseContainerCli({ preference: 'docker', env: { ...env, PATH: bin }, home: dir, platform: 'linux' });
    assert.deepEqual(noDocker, { ok: false, message: 'docker is not on PATH. Install it, or set dotnetContainers.containerCliPath.' });
    const nothing = await chooseContainerCli({ preference: 'auto', env: { ...env, PATH: path.join(dir, 'empty') }, home: dir, platform: 'linux' });
    assert.equal(nothing.ok, false);
    const wrongPath = await chooseContainerCli({ preference: 'auto', explicitPath: path.join(dir, 'nope', 'docker'), env, home: dir, platform: 'linux' });
    assert.deepEqual(wrongPath, { ok: false, message: `dotnetContainers.containerCliPath names ${path.join(dir, 'nope', 'docker')}, which is not a file.` });
    const explicit = await chooseContainerCli({ preference: 'auto', explicitPath: path.join(bin, 'podman'), env, home: dir, platform: 'linux' });
    assert.ok(explicit.ok);
    assert.deepEqual([explicit.cli.name, explicit.cli.path], ['podman', path.join(bin, 'podman')]);
  });

});

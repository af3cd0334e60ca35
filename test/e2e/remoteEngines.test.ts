import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Context } from 'mocha';
import { connectEngine } from '../../src/core/engine/engineClient';
import { docker } from '../support/docker';
import { freePort } from '../support/net';
import { skipBecause } from '../support/skip';

// Engines that are not a local socket, as users have them: the test engine also listens on
// tcp://127.0.0.1:PORT with TLS and client certificates from a CA made for this run (test/hosts/engine.mjs),
// reached through DOCKER_TLS_VERIFY/DOCKER_CERT_PATH and through a docker context's own TLS material. (The
// engine over SSH runs the whole lens flow in containerActions.test.ts.)

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cliScript = path.join(repoRoot, 'dist', 'cli.js');
const machineDocker = '/usr/local/bin/docker';

function exec(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(file, args, { env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => { stdout += chunk; });
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('error', error => resolve({ code: 127, stdout, stderr: stderr + error.message }));
    child.on('close', code => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function requireTls(context: Context): void {
  const reason = process.env.DC_ENGINE_UNAVAILABLE ?? (process.env.DC_ENGINE_TLS_HOST ? undefined : 'the test engine has no TLS listener (DC_ENGINE_TLS_HOST unset)');
  if (reason) skipBecause(context, reason);
}

describe('remote engines: tcp:// with TLS, and ssh:// that does not answer', function () {
  this.timeout(5 * 60_000);
  let home = '';
  let configDir = '';
  const built: string[] = [];

  beforeEach(function () {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-remote-home-'));
    configDir = path.join(home, '.docker');
    fs.mkdirSync(configDir);
  });

  afterEach(async function () {
    for (const image of built.splice(0)) await docker(['image', 'rm', '--force', image]);
    fs.rmSync(home, { recursive: true, force: true });
  });

  /** A user's environment: this HOME and config dir, no DOCKER_HOST unless given. */
  const userEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...process.env, HOME: home, DOCKER_CONFIG: configDir, DOCKER_HOST: undefined, DOCKER_TLS_VERIFY: undefined, DOCKER_CERT_PATH: undefined, ...extra });

  it('DOCKER_HOST=tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH: doctor, the Images client and `dotnet-containers build` all use it', async function () {
    requireTls(this);
    const env = userEnv({ DOCKER_HOST: process.env.DC_ENGINE_TLS_HOST, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: process.env.DC_ENGINE_TLS_CERTS });
    const doctor = await exec(process.execPath, [cliScript, 'doctor', '--format', 'json'], env);
    const report = JSON.parse(doctor.stdout);
    assert.equal(report.activeEngine?.host, process.env.DC_ENGINE_TLS_HOST, doctor.stdout);
    assert.equal(report.activeEngine.probe.product, 'Docker');

    const engine = await connectEngine({ env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)), home });
    assert.ok(engine.ok, engine.ok ? '' : engine.error.message);
    const listed = await engine.value.listImages();
    assert.ok(listed.ok && listed.value.repositories.length > 0, 'the Images view lists the engine\'s images over TLS');
    engine.value.close();

    if (!fs.existsSync(machineDocker)) skipBecause(this, `${machineDocker} is not on this machine`);
    const dir = fs.mkdtempSync(path.join(home, 'app-'));
    fs.writeFileSync(path.join(dir, 'hello.txt'), 'hello over TLS\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
    const image = `dc-tls-${process.pid}:test`;
    const build = await exec(process.execPath, [cliScript, 'build', path.join(dir, 'Dockerfile'), '--tag', image, '--label', 'dotnet-containers.test=remoteEngines', '--cli', machineDocker], env);
    built.push(image);
    assert.equal(build.code, 0, build.stderr + build.stdout);
    assert.equal((await docker(['image', 'inspect', image])).code, 0, 'the image is in the engine (seen through its local socket)');
  });

  it("a docker context with its own TLS material (`docker context create --docker host=tcp://…,ca=…,cert=…,key=…`) is followed, DOCKER_HOST unset", async function () {
    requireTls(this);
    if (!fs.existsSync(machineDocker)) skipBecause(this, `${machineDocker} is not on this machine`);
    const certs = process.env.DC_ENGINE_TLS_CERTS!;
    const env = userEnv({});
    const created = await exec(machineDocker, ['context', 'create', 'dc-tls', '--docker', `host=${process.env.DC_ENGINE_TLS_HOST},ca=${certs}/ca.pem,cert=${certs}/cert.pem,key=${certs}/key.pem`], env);
    assert.equal(created.code, 0, created.stderr);
    assert.equal((await exec(machineDocker, ['context', 'use', 'dc-tls'], env)).code, 0);
    const report = JSON.parse((await exec(process.execPath, [cliScript, 'doctor', '--format', 'json'], env)).stdout);
    assert.equal(report.activeEngine?.host, process.env.DC_ENGINE_TLS_HOST);
    assert.equal(report.activeEngine.source, 'docker context');
    assert.equal(report.activeEngine.context, 'dc-tls');
    const images = await exec(process.execPath, [cliScript, 'images', '--format', 'json'], env);
    assert.equal(images.code, 0, images.stderr);
  });

  it('says plainly when the engine\'s certificate is not trusted (no DOCKER_CERT_PATH), and when an ssh engine does not answer', async function () {
    requireTls(this);
    const untrusted = await exec(process.execPath, [cliScript, 'doctor'], userEnv({ DOCKER_HOST: process.env.DC_ENGINE_TLS_HOST, DOCKER_TLS_VERIFY: '1' }));
    assert.match(untrusted.stdout, /TLS certificate is not trusted .*DOCKER_CERT_PATH/);
    const port = await freePort();
    const ssh = await exec(process.execPath, [cliScript, 'doctor'], userEnv({ DOCKER_HOST: `ssh://nobody@127.0.0.1:${port}` }));
    assert.match(ssh.stdout, new RegExp(`ssh nobody@127\\.0\\.0\\.1 exited with 255: .*(Connection refused|connect to host)`), ssh.stdout);
  });
});

import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { docker, dockerOk, httpGet, waitForHttp } from '../support/docker';
import { freePort } from '../support/net';
import { requireHosts } from '../support/skip';

// The seed path with real parts only: a real `dotnet new web` app, a handwritten multi-stage Dockerfile
// built FROM the stand-in sdk/aspnet images by the test engine, run with a loopback-published port,
// pushed to the real loopback registry, removed and pulled back. The runner provides DOCKER_HOST,
// DC_DOCKER_CLI, DC_REGISTRY and DC_STANDIN_DOTNET, or a DC_*_UNAVAILABLE reason when a host could not start.

function dotnet(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => execFile('dotnet', args, {
    cwd, timeout: 5 * 60_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  }, (error, stdout, stderr) => (error ? reject(new Error(`dotnet ${args.join(' ')}: ${stderr || stdout || error.message}`)) : resolve(stdout))));
}

describe('seed path: dotnet new web → Dockerfile → build → run → push → pull (real engine, registry and .NET)', function () {
  this.timeout(2 * 60_000);

  const id = randomBytes(4).toString('hex');
  const project = 'SeedApp';
  const localImage = `seedpath-${id}:dev`;
  const container = `seedpath-${id}`;
  const repository = 'app';
  const version = '1.0.0';
  let workDir = '';
  let appDir = '';
  let hostPort = 0;
  let imageId = '';
  let pushedDigest = '';
  const created = { container: false, refs: new Set<string>() };
  // The issue's `localhost:R/app:1.0.0`: the daemon resolves localhost to loopback and allows plain HTTP there.
  const registryHost = () => `localhost:${(process.env.DC_REGISTRY ?? '').split(':')[1]}`;
  const registryRef = () => `${registryHost()}/${repository}:${version}`;

  after(async function () {
    this.timeout(2 * 60_000);
    if (created.container) await docker(['rm', '--force', container]);
    // Untag only the references this test made: the stand-in images are never touched.
    for (const ref of created.refs) await docker(['image', 'rm', ref]);
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('creates a `dotnet new web` app in a folder whose path contains spaces', async function () {
    requireHosts(this, 'dotnet');
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc seed path '));
    appDir = path.join(workDir, 'seed app');
    await dotnet(['new', 'web', '--name', project, '--output', appDir], workDir);
    assert.ok(fs.existsSync(path.join(appDir, `${project}.csproj`)), `no ${project}.csproj in ${appDir}`);
    assert.match(appDir, / /);

    const tag = process.env.DC_STANDIN_DOTNET ?? '10.0';
    // What a person writes by hand (the shape of dotnet-docker's samples and VS's template).
    fs.writeFileSync(path.join(appDir, 'Dockerfile'), [
      `FROM mcr.microsoft.com/dotnet/sdk:${tag} AS build`,
      'WORKDIR /src',
      `COPY ["${project}.csproj", "./"]`,
      `RUN dotnet restore "${project}.csproj"`,
      'COPY . .',
      `RUN dotnet publish "${project}.csproj" -c Release -o /app --no-restore`,
      '',
      `FROM mcr.microsoft.com/dotnet/aspnet:${tag} AS final`,
      'WORKDIR /app',
      'EXPOSE 8080',
      'COPY --from=build /app .',
      'USER $APP_UID',
      `ENTRYPOINT ["dotnet", "${project}.dll"]`,
      '',
    ].join('\n'));
    // The host's bin/obj (dotnet new restores) must not overwrite the container's restore.
    fs.writeFileSync(path.join(appDir, '.dockerignore'), '**/bin/\n**/obj/\n');
  });

  it('builds the image with `docker build` from the stand-in sdk and aspnet images, offline', async function () {
    this.timeout(20 * 60_000); // vfs copies every layer: the sdk stage is slow
    requireHosts(this, 'dotnet', 'engine', 'standins');
    assert.ok(appDir, 'needs the app from the previous test');
    const build = await docker(['build', '--label', 'dotnet-containers.test=seedPath', '-t', localImage,
      '-f', path.join(appDir, 'Dockerfile'), appDir], { timeoutMs: 19 * 60_000 });
    if (build.code === 0) created.refs.add(localImage);
    assert.equal(build.code, 0, `docker build failed:\n${(build.stderr || build.stdout).split('\n').slice(-40).join('\n')}`);

    const [config] = JSON.parse(await dockerOk(['image', 'inspect', localImage])) as Array<{ Id: string; Config: { User: string; Entrypoint: string[]; Env: string[] } }>;
    imageId = config.Id;
    assert.equal(config.Config.User, '1654', 'USER $APP_UID resolves to the app user from the aspnet image');
    assert.deepEqual(config.Config.Entrypoint, ['dotnet', `${project}.dll`]);
    assert.ok(config.Config.Env.includes('ASPNETCORE_HTTP_PORTS=8080'), `the aspnet image's port setting is inherited: ${config.Config.Env.join(' ')}`);
  });

  it('runs the container with port 8080 published on 127.0.0.1 only', async function () {
    requireHosts(this, 'engine', 'standins');
    assert.ok(imageId, 'needs the image from the build test');
    hostPort = await freePort();
    const run = await docker(['run', '--detach', '--name', container, '--publish', `127.0.0.1:${hostPort}:8080`, localImage]);
    if (run.code === 0) created.container = true;
    assert.equal(run.code, 0, `docker run failed: ${run.stderr}`);

    const [info] = JSON.parse(await dockerOk(['container', 'inspect', container])) as Array<{ State: { Running: boolean }; NetworkSettings: { Ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> } }>;
    assert.equal(info.State.Running, true);
    assert.deepEqual(info.NetworkSettings.Ports['8080/tcp'], [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }]);
  });

  it('answers HTTP 200 "Hello World!" from the app through the published port', async function () {
    requireHosts(this, 'engine', 'standins');
    assert.ok(created.container, 'needs the running container from the previous test');
    let response;
    try {
      response = await waitForHttp(`http://127.0.0.1:${hostPort}/`, 90_000);
    } catch (error) {
      const logs = await docker(['logs', '--tail', '30', container]);
      throw new Error(`${(error as Error).message}\ncontainer logs:\n${logs.stdout}${logs.stderr}`);
    }
    assert.equal(response.status, 200);
    assert.equal(response.body, 'Hello World!');
  });

  it('runs the app as the non-root app user (UID 1654), not root', async function () {
    requireHosts(this, 'engine', 'standins');
    assert.ok(created.container, 'needs the running container');
    assert.equal(await dockerOk(['exec', container, 'id', '-u']), '1654');
  });

  it(`pushes the image to the loopback registry as localhost:PORT/${repository}:${version}`, async function () {
    this.timeout(5 * 60_000);
    requireHosts(this, 'engine', 'standins', 'registry');
    assert.ok(imageId, 'needs the image from the build test');
    await dockerOk(['tag', localImage, registryRef()]);
    created.refs.add(registryRef());
    const push = await docker(['push', registryRef()], { timeoutMs: 4 * 60_000 });
    assert.equal(push.code, 0, `docker push failed: ${push.stderr}`);
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout);
    assert.ok(digest, `no digest in the push output:\n${push.stdout}`);
    pushedDigest = digest[1];
  });

  it(`lists tag ${version} for ${repository} in the registry's HTTP API, with the pushed digest`, async function () {
    requireHosts(this, 'registry');
    assert.ok(pushedDigest, 'needs the push from the previous test');
    const base = `http://${process.env.DC_REGISTRY}/v2/${repository}`;
    const tags = await httpGet(`${base}/tags/list`);
    assert.equal(tags.status, 200, tags.body);
    assert.deepEqual(JSON.parse(tags.body), { name: repository, tags: [version] });

    const manifest = await httpGet(`${base}/manifests/${version}`, 5000, { accept: 'application/vnd.docker.distribution.manifest.v2+json' });
    assert.equal(manifest.status, 200, manifest.body);
    assert.equal(manifest.headers['docker-content-digest'], pushedDigest);
  });

  it('pulls the same image back after it was removed locally', async function () {
    this.timeout(5 * 60_000);
    requireHosts(this, 'engine', 'standins', 'registry');
    assert.ok(pushedDigest, 'needs the push from the previous test');
    if (created.container) {
      await dockerOk(['rm', '--force', container]);
      created.container = false;
    }
    for (const ref of [localImage, registryRef()]) {
      await dockerOk(['image', 'rm', ref]);
      created.refs.delete(ref);
    }
    const gone = await docker(['image', 'inspect', imageId]);
    assert.notEqual(gone.code, 0, 'the image is really gone before the pull');

    const pull = await docker(['pull', registryRef()], { timeoutMs: 4 * 60_000 });
    if (pull.code === 0) created.refs.add(registryRef());
    assert.equal(pull.code, 0, `docker pull failed: ${pull.stderr}`);
    const [pulled] = JSON.parse(await dockerOk(['image', 'inspect', registryRef()])) as Array<{ Id: string; RepoDigests: string[] }>;
    assert.equal(pulled.Id, imageId, 'same image id (config digest) as the one built');
    assert.ok(pulled.RepoDigests.includes(`${registryHost()}/${repository}@${pushedDigest}`), `RepoDigests: ${pulled.RepoDigests.join(', ')}`);
  });
});

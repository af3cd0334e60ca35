import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BuildFacts, chooseBuildStrategy, parseVersionJson, platformArgValues, readBuildFacts } from '../../../src/core/docker/buildStrategy';
import { planContainerTask, containerTaskType } from '../../../src/core/docker/containerActions';
import { DockerfileCopies, legacyBuildInput } from '../../../src/core/docker/legacyDockerfile';

const dockerEngine = { product: 'Docker' as const, version: '20.10.24+dfsg1', apiVersion: '1.41', os: 'linux', arch: 'amd64' };
const podmanEngine = { product: 'Podman' as const, version: '4.3.1', apiVersion: '1.41', os: 'linux', arch: 'amd64' };

describe('build strategy: the builder a build really uses, decided once', function () {
  const cases: Array<{ name: string; facts: BuildFacts; kind: string; env: Record<string, string>; progress: boolean; legacy?: boolean }> = [
    { name: 'docker 28 without buildx (the machine\'s CLI): legacy builder, platform written into a copy', facts: { cli: 'docker', clientVersion: '28.2.2', engine: dockerEngine }, kind: 'legacy', env: {}, progress: false, legacy: true },
    { name: 'docker 28 with buildx: BuildKit', facts: { cli: 'docker', clientVersion: '28.2.2', buildx: 'github.com/docker/buildx v0.23.0', engine: dockerEngine }, kind: 'buildx', env: {}, progress: true },
    { name: 'Debian\'s docker 20.10 against a stock engine: DOCKER_BUILDKIT=1 (no --help guessing)', facts: { cli: 'docker', clientVersion: '20.10.24+dfsg1', engine: dockerEngine }, kind: 'buildkit', env: { DOCKER_BUILDKIT: '1' }, progress: true },
    { name: 'docker 18.09 against an engine of API 1.39', facts: { cli: 'docker', clientVersion: '18.09.1', engine: { ...dockerEngine, apiVersion: '1.39' } }, kind: 'buildkit', env: { DOCKER_BUILDKIT: '1' }, progress: true },
    { name: 'docker 20.10 against an engine too old for BuildKit (API 1.38)', facts: { cli: 'docker', clientVersion: '20.10.24', engine: { ...dockerEngine, apiVersion: '1.38' } }, kind: 'legacy', env: {}, progress: false, legacy: true },
    { name: 'docker 18.06 (before DOCKER_BUILDKIT)', facts: { cli: 'docker', clientVersion: '18.06.3-ce', engine: dockerEngine }, kind: 'legacy', env: {}, progress: false, legacy: true },
    { name: 'the user\'s DOCKER_BUILDKIT=0 is respected', facts: { cli: 'docker', clientVersion: '20.10.24', engine: dockerEngine, userBuildkit: '0' }, kind: 'legacy', env: {}, progress: false, legacy: true },
    { name: 'the user\'s DOCKER_BUILDKIT=1 is respected (and not set again)', facts: { cli: 'docker', clientVersion: '20.10.24', engine: dockerEngine, userBuildkit: '1' }, kind: 'buildkit', env: {}, progress: true },
    { name: 'podman build: Buildah defines the platform arguments', facts: { cli: 'podman', clientVersion: '4.3.1' }, kind: 'buildah', env: {}, progress: false },
    { name: 'docker 28 against Podman\'s Docker API: Buildah on the server, no copy', facts: { cli: 'docker', clientVersion: '28.2.2', engine: podmanEngine }, kind: 'buildah', env: {}, progress: false },
    { name: 'docker with buildx against Podman\'s API: the classic endpoint, since Podman serves no BuildKit session', facts: { cli: 'docker', clientVersion: '28.2.2', buildx: 'v0.23.0', engine: podmanEngine }, kind: 'buildah', env: { DOCKER_BUILDKIT: '0' }, progress: false },
    { name: 'docker 20.10 whose engine did not answer: BuildKit asked for, the build will say why it fails', facts: { cli: 'docker', clientVersion: '20.10.24', engineProblem: 'Cannot connect' }, kind: 'buildkit', env: { DOCKER_BUILDKIT: '1' }, progress: true },
  ];
  for (const c of cases) {
    it(c.name, function () {
      const strategy = chooseBuildStrategy(c.facts);
      assert.equal(strategy.kind, c.kind);
      assert.deepEqual(strategy.env, c.env);
      assert.equal(strategy.plainProgress, c.progress);
      assert.equal(strategy.platformArgs !== undefined, c.legacy === true);
      assert.ok(strategy.summary.length > 0);
      if (c.legacy) assert.match(strategy.advice ?? '', /BuildKit/, 'the legacy builder comes with how to get BuildKit');
    });
  }

  it('warns when DOCKER_BUILDKIT=1 asks a docker 23+ CLI without buildx for BuildKit, without overriding the user', function () {
    const strategy = chooseBuildStrategy({ cli: 'docker', clientVersion: '28.2.2', engine: dockerEngine, userBuildkit: '1' });
    assert.deepEqual(strategy.env, {});
    assert.match(strategy.advice ?? '', /buildx/);
  });

  it('takes the platform from the engine: an arm64 engine gets linux/arm64, an arm one its v7 variant', function () {
    assert.equal(chooseBuildStrategy({ cli: 'docker', clientVersion: '28.2.2', engine: { ...dockerEngine, arch: 'arm64' } }).platformArgs?.BUILDPLATFORM, 'linux/arm64');
    assert.deepEqual(platformArgValues('linux', 'arm'), { BUILDPLATFORM: 'linux/arm/v7', BUILDOS: 'linux', BUILDARCH: 'arm', BUILDVARIANT: 'v7', TARGETPLATFORM: 'linux/arm/v7', TARGETOS: 'linux', TARGETARCH: 'arm', TARGETVARIANT: 'v7' });
  });

  it('reads `docker version --format {{json .}}`: client, engine, and Podman behind the Docker API', function () {
    const docker = parseVersionJson('{"Client":{"Version":"28.2.2"},"Server":{"Version":"20.10.24+dfsg1","ApiVersion":"1.41","Os":"linux","Arch":"amd64","Components":[{"Name":"Engine"}]}}\n');
    assert.deepEqual(docker, { clientVersion: '28.2.2', engine: dockerEngine });
    const podman = parseVersionJson('{"Client":{"Version":"28.2.2"},"Server":{"Version":"4.3.1","ApiVersion":"1.41","Os":"linux","Arch":"amd64","Components":[{"Name":"Podman Engine"}]}}');
    assert.equal(podman.engine?.product, 'Podman');
    assert.deepEqual(parseVersionJson('{"Client":{"Version":"20.10.24"},"Server":null}'), { clientVersion: '20.10.24' });
    assert.deepEqual(parseVersionJson('Cannot connect to the Docker daemon'), {});
  });

  it('asks a real CLI once: a fake docker that answers like docker 28 without buildx reads as legacy, its engine from `version`', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-facts-'));
    try {
      const log = path.join(dir, 'calls');
      const cli = path.join(dir, 'docker');
      fs.writeFileSync(cli, `#!/bin/sh
echo "$*" >> '${log}'
case "$1" in
  version) echo '{"Client":{"Version":"28.2.2"},"Server":{"Version":"20.10.24","ApiVersion":"1.41","Os":"linux","Arch":"amd64"}}' ;;
  buildx) echo "docker: unknown command: docker buildx" >&2; exit 1 ;;
  compose) echo "Docker Compose version v2.29.1" ;;
esac
`, { mode: 0o755 });
      const facts = await readBuildFacts({ name: 'docker', path: cli, env: { DOCKER_HOST: `unix://${dir}/x.sock` } }, { PATH: process.env.PATH });
      assert.deepEqual(facts, { cli: 'docker', clientVersion: '28.2.2', compose: 'Docker Compose version v2.29.1', engine: { product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64' } });
      await readBuildFacts({ name: 'docker', path: cli, env: { DOCKER_HOST: `unix://${dir}/x.sock` } }, { PATH: process.env.PATH });
      assert.equal(fs.readFileSync(log, 'utf8').trim().split('\n').length, 3, 'the second build reuses the first answer');
      assert.equal(chooseBuildStrategy(facts).kind, 'legacy');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('legacy builder input: a copy with BuildKit\'s platform values, the user\'s file untouched', function () {
  const values = platformArgValues('linux', 'amd64');

  it('writes the platform into FROM lines only, keeps the line count, and passes declared stage ARGs as --build-arg', function () {
    const text = [
      '# escape=\\',
      'FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build',
      'ARG TARGETARCH',
      'RUN dotnet restore -a $TARGETARCH',
      'FROM --platform=${TARGETPLATFORM} \\',
      '    mcr.microsoft.com/dotnet/aspnet:10.0',
      'RUN echo $BUILDPLATFORM',
      '',
    ].join('\n');
    const input = legacyBuildInput(text, values);
    assert.equal(input.changed, true);
    assert.deepEqual(input.text.split('\n'), [
      '# escape=\\',
      'FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/sdk:10.0 AS build',
      'ARG TARGETARCH',
      'RUN dotnet restore -a $TARGETARCH',
      'FROM --platform=linux/amd64 \\',
      '    mcr.microsoft.com/dotnet/aspnet:10.0',
      'RUN echo $BUILDPLATFORM',
      '',
    ]);
    assert.deepEqual(input.buildArgs, { TARGETARCH: 'amd64' });
  });

  it('keeps CRLF, the backtick escape, ${VAR:-default}, escaped dollars and a global ARG with the user\'s own default', function () {
    const text = '# escape=`\r\nARG TARGETOS=windows\r\nFROM --platform=${BUILDPLATFORM:-linux/arm64} sdk:${TARGETOS} AS b\r\nFROM `$BUILDPLATFORM/x\r\n';
    const input = legacyBuildInput(text, values);
    assert.equal(input.text, '# escape=`\r\nARG TARGETOS=windows\r\nFROM --platform=linux/amd64 sdk:${TARGETOS} AS b\r\nFROM `$BUILDPLATFORM/x\r\n');
    assert.deepEqual(input.buildArgs, {}, 'the user\'s TARGETOS stays theirs');
  });

  it('leaves a Dockerfile without platform arguments alone (no copy needed)', function () {
    const text = 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY . /app\n';
    assert.deepEqual(legacyBuildInput(text, values), { text, changed: false, buildArgs: {} });
  });

  it('a planned legacy build names the copy, and the copy lives in a private folder that dispose removes', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-legacy-'));
    const copies = new DockerfileCopies(dir);
    try {
      const dockerfile = path.join(dir, 'ws', 'Web', 'Dockerfile');
      const text = 'FROM --platform=$BUILDPLATFORM sdk:10.0 AS build\nARG TARGETARCH\nFROM aspnet:10.0\n';
      const planned = planContainerTask({ type: containerTaskType, action: 'build', dockerfile, image: 'web:1' }, {
        targetsOf: file => ({ dockerfile: file, context: path.dirname(file), repository: 'web', tag: '1', web: true, stages: [] }),
        strategy: chooseBuildStrategy({ cli: 'docker', clientVersion: '28.2.2', engine: dockerEngine }),
        copyPath: file => copies.pathFor(file),
        readDockerfile: () => text,
      });
      const copy = planned.dockerfileCopy!;
      assert.equal(path.basename(copy.path), 'Dockerfile');
      assert.ok(!copy.path.startsWith(path.dirname(dockerfile)), 'outside the build context');
      assert.deepEqual(planned.argv, ['build', '--tag', 'web:1', '--file', copy.path, '--build-arg', 'TARGETARCH=amd64', path.dirname(dockerfile)]);
      copies.write(copy);
      assert.equal(fs.readFileSync(copy.path, 'utf8'), 'FROM --platform=linux/amd64 sdk:10.0 AS build\nARG TARGETARCH\nFROM aspnet:10.0\n');
      assert.equal(fs.statSync(path.dirname(path.dirname(copy.path))).mode & 0o077, 0, 'only the user can read the copies');
      copies.dispose();
      assert.ok(!fs.existsSync(copy.path));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

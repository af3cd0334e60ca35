import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseBuildStrategy } from '../../../src/core/docker/buildStrategy';
import { checkTaskDefinition, ContainerTaskDefinition, containerTaskType, dockerfileLenses, planContainerTask, PlanInputs } from '../../../src/core/docker/containerActions';
import { DockerArgumentError } from '../../../src/core/docker/dockerArgv';
import { dockerfileTargets, DockerfileTargets } from '../../../src/core/docker/dockerfileTargets';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { csproj, removeTree, writeTree } from '../../support/fileTree';

const now = new Date('2026-11-23T00:00:00Z');
const hostile = ['My App', 'it\'s "quoted"', '$(touch pwned)', '`id`', 'a;b', 'x && y', 'Ünïcødé 应用', '-rf', '--privileged', '*', '~root'];

/** Targets as dockerfileTargets gives them, for a Dockerfile at `dockerfile`. */
function fixedTargets(dockerfile: string, extra: Partial<DockerfileTargets> = {}): DockerfileTargets {
  return { dockerfile, context: path.dirname(path.dirname(dockerfile)), repository: 'shop/web', tag: '1.2.0', containerPort: 8080, web: true, stages: [{ name: 'build', line: 3 }], ...extra };
}

function inputs(extra: Partial<PlanInputs> = {}): PlanInputs {
  return { workspaceFolder: '/ws', targetsOf: file => fixedTargets(file), ...extra };
}

const task = (definition: Omit<ContainerTaskDefinition, 'type'>): ContainerTaskDefinition => ({ type: containerTaskType, ...definition });

describe('container task definitions', function () {
  it('resolve build to the builder argv: project name and tag, the context dockerfileTargets chose, --progress plain and DOCKER_BUILDKIT=1 for a BuildKit-capable docker 20.10', function () {
    const strategy = chooseBuildStrategy({ cli: 'docker', clientVersion: '20.10.24', engine: { product: 'Docker', version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64' } });
    const planned = planContainerTask(task({ action: 'build', dockerfile: 'src/Web/Dockerfile' }), inputs({ strategy }));
    assert.deepEqual(planned.env, { DOCKER_BUILDKIT: '1' });
    assert.deepEqual(planned.argv, ['build', '--tag', 'shop/web:1.2.0', '--file', '/ws/src/Web/Dockerfile', '--progress', 'plain', '/ws/src']);
    assert.equal(planned.image, 'shop/web:1.2.0');
    assert.equal(planned.context, '/ws/src');
    assert.equal(planned.label, 'build shop/web:1.2.0');
  });

  it('take the definition first, then the remembered choices, then the project', function () {
    const remembered = inputs({ remembered: () => ({ image: 'mine:dev', context: '.', hostPort: 9000 }) });
    assert.deepEqual(planContainerTask(task({ action: 'build', dockerfile: '/ws/src/Web/Dockerfile' }), remembered).argv,
      ['build', '--tag', 'mine:dev', '--file', '/ws/src/Web/Dockerfile', '/ws']);
    assert.deepEqual(planContainerTask(task({ action: 'build', dockerfile: '/ws/src/Web/Dockerfile', image: 'given:1', context: '/elsewhere', target: 'build', network: 'host' }), remembered).argv,
      ['build', '--tag', 'given:1', '--file', '/ws/src/Web/Dockerfile', '--target', 'build', '--network', 'host', '/elsewhere']);
    const run = planContainerTask(task({ action: 'run', dockerfile: '/ws/src/Web/Dockerfile' }), remembered);
    assert.deepEqual(run.argv, ['run', '--rm', '--interactive', '--tty', '--publish', '9000:8080', 'mine:dev']);
    assert.equal(run.hostPort, 9000);
  });

  it('run publishes the port the Dockerfile declares on the same host port by default, and nothing for a console app', function () {
    assert.deepEqual(planContainerTask(task({ action: 'run', dockerfile: '/ws/Web/Dockerfile' }), inputs()).argv,
      ['run', '--rm', '--interactive', '--tty', '--publish', '8080:8080', 'shop/web:1.2.0']);
    assert.deepEqual(planContainerTask(task({ action: 'run', dockerfile: '/ws/Web/Dockerfile', hostPort: 5001, containerName: 'web-1a2b3c' }), inputs()).argv,
      ['run', '--rm', '--interactive', '--tty', '--name', 'web-1a2b3c', '--publish', '5001:8080', 'shop/web:1.2.0']);
    const consoleApp = inputs({ targetsOf: file => fixedTargets(file, { containerPort: undefined, web: false }) });
    assert.deepEqual(planContainerTask(task({ action: 'run', dockerfile: '/ws/Tool/Dockerfile' }), consoleApp).argv, ['run', '--rm', '--interactive', '--tty', 'shop/web:1.2.0']);
    assert.deepEqual(planContainerTask(task({ action: 'run', image: 'other:2', containerPort: 80 }), inputs()).argv, ['run', '--rm', '--interactive', '--tty', '--publish', '80:80', 'other:2']);
  });

  it('tell podman, not docker, that a loopback or insecure registry speaks plain HTTP (docker trusts loopback itself)', function () {
    const argv = (action: 'push' | 'pull', registry: string, extra: Partial<PlanInputs>) => planContainerTask(task({ action, dockerfile: '/ws/Web/Dockerfile', registry }), inputs(extra)).argv;
    assert.deepEqual(argv('push', 'localhost:5000', { cli: 'podman' }), ['push', '--tls-verify=false', 'localhost:5000/shop/web:1.2.0']);
    assert.deepEqual(argv('pull', '127.0.0.1:5000', { cli: 'podman' }), ['pull', '--tls-verify=false', '127.0.0.1:5000/shop/web:1.2.0']);
    assert.deepEqual(argv('push', 'registry.lan:5000', { cli: 'podman', insecureRegistries: ['registry.lan'] }), ['push', '--tls-verify=false', 'registry.lan:5000/shop/web:1.2.0']);
    assert.deepEqual(argv('push', 'ghcr.io/contoso', { cli: 'podman' }), ['push', 'ghcr.io/contoso/shop/web:1.2.0']);
    assert.deepEqual(argv('push', 'localhost:5000', { cli: 'docker' }), ['push', 'localhost:5000/shop/web:1.2.0']);
  });

  it('tag, push, untag and pull one image for one registry destination, with an optional namespace', function () {
    const argv = (action: 'tag' | 'push' | 'untag' | 'pull', registry: string) => planContainerTask(task({ action, dockerfile: '/ws/Web/Dockerfile', registry }), inputs()).argv;
    assert.deepEqual(argv('tag', 'localhost:5000'), ['tag', 'shop/web:1.2.0', 'localhost:5000/shop/web:1.2.0']);
    assert.deepEqual(argv('push', 'localhost:5000'), ['push', 'localhost:5000/shop/web:1.2.0']);
    assert.deepEqual(argv('untag', 'localhost:5000'), ['image', 'rm', 'localhost:5000/shop/web:1.2.0']);
    assert.deepEqual(argv('pull', 'localhost:5000'), ['pull', 'localhost:5000/shop/web:1.2.0']);
    assert.deepEqual(argv('push', 'https://ghcr.io/contoso/'), ['push', 'ghcr.io/contoso/shop/web:1.2.0']);
    assert.equal(planContainerTask(task({ action: 'push', image: 'web:1', registry: 'ghcr.io/contoso' }), inputs()).remoteImage, 'ghcr.io/contoso/web:1');
    assert.deepEqual(planContainerTask(task({ action: 'login', registry: 'ghcr.io/contoso' }), inputs()).argv, ['login', 'ghcr.io']);
  });

  it('refuse what is missing or what Docker would misread, as DockerArgumentError', function () {
    const refused = (definition: Omit<ContainerTaskDefinition, 'type'>, message: RegExp) =>
      assert.throws(() => planContainerTask(task(definition), inputs()), (error: Error) => error instanceof DockerArgumentError && message.test(error.message), JSON.stringify(definition));
    refused({ action: 'build' }, /needs "dockerfile"/);
    refused({ action: 'run' }, /needs "image" or "dockerfile"/);
    refused({ action: 'push', image: 'web:1' }, /needs "registry"/);
    refused({ action: 'login' }, /needs "registry"/);
    refused({ action: 'push', image: 'web:1', registry: 'ghcr.io/Contoso Org' }, /not a valid namespace/);
    refused({ action: 'build', dockerfile: '/ws/Dockerfile', network: 'host; id' }, /not a network name/);
    assert.throws(() => planContainerTask(task({ action: 'build', dockerfile: 'Dockerfile' }), { targetsOf: file => fixedTargets(file) }), /no workspace folder/);
    for (const name of hostile) {
      assert.throws(() => planContainerTask(task({ action: 'run', image: name }), inputs()), DockerArgumentError, name);
      assert.throws(() => planContainerTask(task({ action: 'push', image: 'web:1', registry: name }), inputs()), DockerArgumentError, name);
      assert.throws(() => planContainerTask(task({ action: 'build', dockerfile: '/ws/Dockerfile', target: name }), inputs()), DockerArgumentError, name);
      assert.throws(() => planContainerTask(task({ action: 'run', image: 'web:1', containerName: name }), inputs()), DockerArgumentError, name);
    }
  });

  it('keep hostile paths as single argv elements', function () {
    for (const name of hostile) {
      const dockerfile = `/ws/${name}/Dockerfile`;
      const argv = planContainerTask(task({ action: 'build', dockerfile, context: `/ws/${name}` }), inputs()).argv;
      assert.deepEqual(argv, ['build', '--tag', 'shop/web:1.2.0', '--file', dockerfile, `/ws/${name}`], name);
    }
  });

  it('check tasks.json entries: the type, a known action, strings and numbers where the schema says', function () {
    assert.deepEqual(checkTaskDefinition({ type: 'dotnet-container', action: 'run', image: 'web:1', hostPort: 5000 }), { type: 'dotnet-container', action: 'run', image: 'web:1', hostPort: 5000 });
    assert.throws(() => checkTaskDefinition({ type: 'shell', action: 'build' }), /not a dotnet-container task/);
    assert.throws(() => checkTaskDefinition({ type: 'dotnet-container', action: 'deploy' }), /"action" must be one of build, run, tag, push, untag, pull, login/);
    assert.throws(() => checkTaskDefinition({ type: 'dotnet-container', action: 'run', hostPort: '5000' }), /"hostPort" must be a number/);
    assert.throws(() => checkTaskDefinition({ type: 'dotnet-container', action: 'build', dockerfile: '' }), /"dockerfile" must be a non-empty string/);
    assert.throws(() => checkTaskDefinition({ type: 'dotnet-container', action: 'build', image: ['a'] }), /"image" must be a non-empty string/);
  });

  it('match package.json: the task type, its actions and its properties', function () {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));
    const [definition] = manifest.contributes.taskDefinitions;
    assert.equal(definition.type, containerTaskType);
    assert.deepEqual(definition.required, ['action']);
    assert.deepEqual(definition.properties.action.enum, ['build', 'run', 'tag', 'push', 'untag', 'pull', 'login']);
    assert.deepEqual(Object.keys(definition.properties).sort(), ['action', 'containerName', 'containerPort', 'context', 'dockerfile', 'hostPort', 'image', 'network', 'registry', 'target']);
  });
});

describe('Dockerfile lenses', function () {
  let tree = '';
  afterEach(() => { if (tree) removeTree(tree); tree = ''; });

  it('put Build, Run and Push on the first line and Build stage on every named stage but the last, from a generated Dockerfile', function () {
    tree = writeTree({ 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) });
    const plan = planGeneration(path.join(tree, 'App', 'App.csproj'), { now });
    assert.ok(plan.ok);
    const targets = dockerfileTargets(plan.dockerfile.path, plan.dockerfile.content, { now });
    const buildLine = plan.dockerfile.content.split('\n').findIndex(line => line.startsWith('FROM') && line.endsWith('AS build'));
    assert.deepEqual(dockerfileLenses(targets), [
      { line: 0, title: 'Build image', kind: 'build' },
      { line: 0, title: 'Run container', kind: 'run' },
      { line: 0, title: 'Push…', kind: 'push' },
      { line: buildLine, title: 'Build stage build', kind: 'build', target: 'build' },
    ]);
  });

  it('offer a stage for each named stage, in order, as written', function () {
    const text = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS Restore\nRUN true\nFROM Restore AS test\nRUN true\nFROM mcr.microsoft.com/dotnet/sdk:10.0\nRUN true\nFROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final\n';
    const targets = dockerfileTargets('/nowhere/Dockerfile', text, { now });
    assert.deepEqual(dockerfileLenses(targets).slice(3).map(lens => [lens.line, lens.target]), [[0, 'Restore'], [2, 'test']]);
  });
});

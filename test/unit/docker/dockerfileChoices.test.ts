import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  chosenPorts, ContainerTaskDefinition, containerTaskType, dockerfileChoices, ExplicitChoices, planContainerTask, RememberedChoices,
  rememberedChange, rememberedKey, withRememberedChange,
} from '../../../src/core/docker/containerActions';
import { DockerArgumentError } from '../../../src/core/docker/dockerArgv';
import { DockerfileTargets } from '../../../src/core/docker/dockerfileTargets';

// Which value wins for a Dockerfile's image, context and ports: explicit (a task definition, a command's
// option), then remembered (the dotnetContainers.dockerfiles setting), then the project. The commands and the
// tasks both ask dockerfileChoices/planContainerTask, so each row is checked against both.

const dockerfile = '/ws/src/Web/Dockerfile';
const web: DockerfileTargets = { dockerfile, context: '/ws/src', repository: 'shop/web', tag: '1.2.0', containerPort: 8080, web: true, stages: [] };
const consoleApp: DockerfileTargets = { ...web, containerPort: undefined, web: false };

interface Row {
  readonly name: string;
  readonly explicit?: ExplicitChoices;
  readonly remembered?: RememberedChoices;
  readonly targets?: DockerfileTargets;
  readonly image?: string;
  readonly context?: string;
  readonly containerPort?: number;
  readonly hostPort?: number;
  readonly candidates?: readonly number[];
}

const rows: readonly Row[] = [
  { name: 'nothing said or remembered: the project', image: 'shop/web:1.2.0', context: '/ws/src', containerPort: 8080, hostPort: 8080, candidates: [8080] },
  { name: 'remembered beats the project', remembered: { image: 'mine:dev', context: 'other', hostPort: 9000 }, image: 'mine:dev', context: '/ws/other', containerPort: 8080, hostPort: 9000, candidates: [9000, 8080] },
  { name: 'a remembered absolute context stays', remembered: { context: '/elsewhere/ctx' }, image: 'shop/web:1.2.0', context: '/elsewhere/ctx', containerPort: 8080, hostPort: 8080, candidates: [8080] },
  { name: 'a remembered "." is the workspace folder', remembered: { context: '.' }, image: 'shop/web:1.2.0', context: '/ws', containerPort: 8080, hostPort: 8080, candidates: [8080] },
  { name: 'a remembered host port equal to the container port is offered once', remembered: { hostPort: 8080 }, image: 'shop/web:1.2.0', context: '/ws/src', containerPort: 8080, hostPort: 8080, candidates: [8080] },
  {
    name: 'explicit beats remembered and project', explicit: { image: 'given:1', context: '/given', hostPort: 5001, containerPort: 80 },
    remembered: { image: 'mine:dev', context: 'other', hostPort: 9000 }, image: 'given:1', context: '/given', containerPort: 80, hostPort: 5001, candidates: [5001],
  },
  { name: 'an explicit relative context is the workspace folder\'s', explicit: { context: 'src/../lib' }, image: 'shop/web:1.2.0', context: '/ws/lib', containerPort: 8080, hostPort: 8080, candidates: [8080] },
  { name: 'an explicit container port is published on the remembered host port first, then on itself', explicit: { containerPort: 80 }, remembered: { hostPort: 9000 }, image: 'shop/web:1.2.0', context: '/ws/src', containerPort: 80, hostPort: 9000, candidates: [9000, 80] },
  { name: 'a console app publishes nothing, whatever host port is remembered', targets: consoleApp, remembered: { hostPort: 9000 }, image: 'shop/web:1.2.0', context: '/ws/src', candidates: [] },
  { name: 'a console app publishes an explicit container port', targets: consoleApp, explicit: { containerPort: 7000 }, image: 'shop/web:1.2.0', context: '/ws/src', containerPort: 7000, hostPort: 7000, candidates: [7000] },
];

describe('Dockerfile choices: explicit, then remembered, then the project', function () {
  for (const row of rows) {
    it(row.name, function () {
      const targets = row.targets ?? web;
      const choices = dockerfileChoices(row.explicit ?? {}, targets, row.remembered, '/ws');
      assert.equal(choices.image, row.image);
      assert.equal(choices.context, row.context);
      assert.equal(choices.containerPort, row.containerPort);
      assert.equal(choices.hostPort, row.hostPort);
      assert.deepEqual(choices.hostPortCandidates, row.candidates);
      assert.deepEqual(choices.defaults, { image: 'shop/web:1.2.0', context: '/ws/src', ...(targets.containerPort !== undefined ? { containerPort: targets.containerPort } : {}) });

      // The tasks decide the same: a definition carrying the explicit values plans the same image, context and ports.
      const inputs = { workspaceFolder: '/ws', targetsOf: () => targets, remembered: () => row.remembered };
      const definition = (action: 'build' | 'run'): ContainerTaskDefinition => ({ type: containerTaskType, action, dockerfile, ...row.explicit });
      const build = planContainerTask(definition('build'), inputs);
      assert.equal(build.image, row.image);
      assert.equal(build.context, row.context);
      const run = planContainerTask(definition('run'), inputs);
      assert.equal(run.image, row.image);
      assert.equal(run.containerPort, row.containerPort);
      assert.equal(run.hostPort, row.hostPort);
    });
  }

  it('refuse a relative context, explicit or remembered, when there is no workspace folder', function () {
    for (const [explicit, remembered] of [[{ context: 'ctx' }, undefined], [{}, { context: 'ctx' }]] as const) {
      assert.throws(() => dockerfileChoices(explicit, web, remembered, undefined), (error: Error) => error instanceof DockerArgumentError && /"context" is relative/.test(error.message));
    }
    assert.equal(dockerfileChoices({ context: '/abs/ctx/' }, web, undefined, undefined).context, path.normalize('/abs/ctx/'));
  });

  it('give the explicit host port alone, without a container port to publish it against nothing', function () {
    assert.deepEqual(chosenPorts({ hostPort: 5000 }, consoleApp, undefined), { hostPortCandidates: [] });
    assert.deepEqual(chosenPorts({ hostPort: 5000, containerPort: 80 }, undefined, undefined), { containerPort: 80, hostPort: 5000, hostPortCandidates: [5000] });
  });
});

describe('remembered choices', function () {
  const choices = dockerfileChoices({}, web, undefined, '/ws');

  it('forget what equals the project (the host port: the container port in use), keep the rest relative to the folder', function () {
    const table: Array<[Parameters<typeof rememberedChange>[0], ReturnType<typeof rememberedChange>]> = [
      [{ image: 'shop/web:1.2.0', context: '/ws/src' }, { image: undefined, context: undefined }],
      [{ image: 'mine:dev', context: '/ws/lib/x' }, { image: 'mine:dev', context: 'lib/x' }],
      [{ context: '/ws' }, { context: '.' }],
      [{ context: '/outside/ctx' }, { context: '/outside/ctx' }],
      [{ hostPort: 8080 }, { hostPort: undefined }],
      [{ hostPort: 9000 }, { hostPort: 9000 }],
      [{}, {}],
    ];
    for (const [chosen, change] of table) assert.deepEqual(rememberedChange(chosen, choices, '/ws'), change, JSON.stringify(chosen));
    // An explicit container port is the host port's default then: 80 published on 80 is nothing to remember.
    assert.deepEqual(rememberedChange({ hostPort: 80 }, dockerfileChoices({ containerPort: 80 }, web, undefined, '/ws'), '/ws'), { hostPort: undefined });
  });

  it('merge a change into the setting, drop emptied entries, and say when nothing changes', function () {
    const all = { 'src/Web/Dockerfile': { image: 'mine:dev', hostPort: 9000 }, 'Other/Dockerfile': { image: 'o:1' } };
    assert.deepEqual(withRememberedChange(all, 'src/Web/Dockerfile', { image: undefined }), { 'src/Web/Dockerfile': { hostPort: 9000 }, 'Other/Dockerfile': { image: 'o:1' } });
    assert.deepEqual(withRememberedChange(all, 'src/Web/Dockerfile', { image: undefined, hostPort: undefined }), { 'Other/Dockerfile': { image: 'o:1' } });
    assert.deepEqual(withRememberedChange({}, 'New/Dockerfile', { context: 'lib' }), { 'New/Dockerfile': { context: 'lib' } });
    assert.equal(withRememberedChange(all, 'src/Web/Dockerfile', { image: 'mine:dev' }), undefined);
    assert.equal(withRememberedChange(all, 'New/Dockerfile', { image: undefined }), undefined);
    assert.deepEqual(all['src/Web/Dockerfile'], { image: 'mine:dev', hostPort: 9000 }, 'the setting read is not changed in place');
  });

  it('key a Dockerfile by its path in the workspace folder, with forward slashes', function () {
    assert.equal(rememberedKey('/ws', '/ws/src/Web/Dockerfile'), 'src/Web/Dockerfile');
    assert.equal(rememberedKey('/ws', '/elsewhere/Dockerfile'), '/elsewhere/Dockerfile');
    assert.equal(rememberedKey(undefined, '/ws/Dockerfile'), '/ws/Dockerfile');
  });
});

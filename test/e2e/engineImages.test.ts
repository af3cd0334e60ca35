import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connectEngine, EngineClient, EngineEvent } from '../../src/core/engine';
import { docker, dockerOk } from '../support/docker';
import { referencesOf } from '../support/localImages';
import { skipBecause } from '../support/skip';

// The Engine API client against the real test engine (the runner's private dockerd, DOCKER_HOST): tiny
// images built FROM scratch, tagged, listed, inspected, removed while a container uses them, and the
// event stream seeing a tag happen.

describe('engine client against the real engine', function () {
  this.timeout(120_000);
  const id = randomBytes(3).toString('hex');
  const app = `dc-engine-${id}/app`;
  const api = `dc-engine-${id}/api`;
  const appTags = ['1.0', '1.10', '2.0', '2.0-alpine', 'latest'];
  const container = `dc-engine-${id}`;
  const imageIds = new Set<string>();
  let client: EngineClient;
  let appId = '';
  let danglingId = '';

  /** Builds a distinct image FROM scratch (no layers: instant) and returns its id. */
  const build = async (reference: string, marker: string): Promise<string> => {
    await dockerOk(['build', '--label', 'dotnet-containers.test=engineImages', '--label', `marker=${marker}`, '-t', reference, '-'], { input: 'FROM scratch\n', env: { DOCKER_BUILDKIT: '1' } });
    const imageId = await dockerOk(['image', 'inspect', '--format', '{{.Id}}', reference]);
    imageIds.add(imageId);
    return imageId;
  };

  before(async function () {
    if (process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST) skipBecause(this, process.env.DC_ENGINE_UNAVAILABLE ?? 'no test engine (DOCKER_HOST unset)');
    appId = await build(`${app}:1.0`, `app ${id}`);
    for (const tag of appTags.slice(1)) await dockerOk(['tag', `${app}:1.0`, `${app}:${tag}`]);
    await build(`${api}:1.0`, `api ${id}`);
    // A second build under the same tag leaves the first image without any tag: dangling.
    danglingId = await build(`${api}:scratch`, `dangling ${id}`);
    await build(`${api}:scratch`, `replacement ${id}`);
    const connected = await connectEngine({ env: process.env });
    assert.ok(connected.ok, connected.ok ? '' : connected.error.message);
    client = connected.value;
  });
  after(async function () {
    client?.close();
    await docker(['rm', '--force', container]);
    for (const imageId of imageIds) await docker(['image', 'rm', '--force', imageId]);
  });

  it('connects to DOCKER_HOST and speaks an API version the engine supports', async () => {
    const server = await dockerOk(['version', '--format', '{{.Server.APIVersion}}']);
    assert.equal(client.host, process.env.DOCKER_HOST);
    assert.equal(client.serverApiVersion, server);
    assert.ok(Number(client.apiVersion.split('.')[1]) <= Number(server.split('.')[1]));
  });

  it('groups the images by repository with tags newest first, ids and sizes as docker reports them', async () => {
    const listed = await client.listImages();
    assert.ok(listed.ok, listed.ok ? '' : listed.error.message);
    const appGroup = listed.value.repositories.find(r => r.repository === app);
    assert.ok(appGroup, `no ${app} group`);
    assert.deepEqual(appGroup.tags.map(t => t.tag), ['latest', '2.0', '2.0-alpine', '1.10', '1.0']);
    assert.ok(appGroup.tags.every(t => t.id === appId && t.reference === `${app}:${t.tag}` && t.labels['dotnet-containers.test'] === 'engineImages'));
    const inspected = JSON.parse(await dockerOk(['image', 'inspect', `${app}:1.0`])) as Array<{ Size: number }>;
    assert.equal(appGroup.tags[0]!.size, inspected[0]!.Size);
    assert.deepEqual(listed.value.repositories.find(r => r.repository === api)?.tags.map(t => t.tag), ['1.0', 'scratch']);
    const names = listed.value.repositories.map(r => r.repository);
    assert.deepEqual(names, [...names].sort(), 'repositories A → Z');
  });

  it('lists untagged (dangling) images as their own group', async () => {
    const listed = await client.listImages();
    assert.ok(listed.ok);
    assert.ok(listed.value.untagged.some(image => image.id === danglingId), 'the replaced image is dangling');
    assert.ok(!listed.value.repositories.some(r => r.tags.some(t => t.id === danglingId)));
  });

  it('lists exactly what `docker image ls` lists', async () => {
    const listed = await client.listImages();
    assert.ok(listed.ok);
    const lines = (await dockerOk(['image', 'ls', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])).split('\n').filter(Boolean);
    assert.deepEqual(referencesOf(listed.value), lines.sort());
  });

  it('inspects an image', async () => {
    const inspected = await client.inspectImage(`${app}:2.0`);
    assert.ok(inspected.ok, inspected.ok ? '' : inspected.error.message);
    assert.equal(inspected.value.id, appId);
    assert.ok(inspected.value.repoTags.includes(`${app}:latest`));
    assert.equal(inspected.value.labels.marker, `app ${id}`);
    const missing = await client.inspectImage(`${app}:no-such-tag`);
    assert.ok(!missing.ok);
    assert.equal(missing.error.category, 'not-found');
  });

  it('tags an image, and the event stream sees it happen', async () => {
    const events: EngineEvent[] = [];
    let seen!: () => void;
    const sawTag = new Promise<void>(resolve => { seen = resolve; });
    const stream = client.events({ type: ['image'] }, event => {
      events.push(event);
      if (event.action === 'tag' && event.attributes.name === `${app}:3.0`) seen();
    });
    await new Promise(resolve => setTimeout(resolve, 300)); // the engine starts sending after the request arrives
    const tagged = await client.tagImage(`${app}:1.0`, `${app}:3.0`);
    assert.ok(tagged.ok, tagged.ok ? '' : tagged.error.message);
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no tag event within 10 s; saw ${JSON.stringify(events)}`)), 10_000));
    await Promise.race([sawTag, timeout]);
    stream.stop();
    assert.ok((await stream.done).ok);
    assert.equal(await dockerOk(['image', 'inspect', '--format', '{{.Id}}', `${app}:3.0`]), appId);
    const event = events.find(e => e.action === 'tag')!;
    assert.equal(event.type, 'image');
    assert.equal(event.id, appId);
  });

  it('explains that an image in use by a container cannot be removed, naming the container', async () => {
    const only = `dc-engine-${id}/busy:1.0`;
    const busyId = await build(only, `busy ${id}`);
    await dockerOk(['create', '--name', container, only, '/no-such-program']);
    const refused = await client.removeImage(only);
    assert.ok(!refused.ok);
    assert.equal(refused.error.category, 'conflict');
    assert.equal(refused.error.status, 409);
    assert.equal(refused.error.containerName, container);
    assert.match(refused.error.message, new RegExp(`image "${only}" is in use by container "${container}" \\([0-9a-f]{12}\\): remove the container first, or force`));
    assert.match(refused.error.engineMessage ?? '', /container [0-9a-f]+ is using its referenced image/);

    await dockerOk(['rm', container]);
    const removed = await client.removeImage(only);
    assert.ok(removed.ok, removed.ok ? '' : removed.error.message);
    assert.deepEqual(removed.value, [{ untagged: only }, { deleted: busyId }]);
    assert.notEqual((await docker(['image', 'inspect', only])).code, 0);
  });

  it('removes one tag of several: untagged only, the image stays', async () => {
    const removed = await client.removeImage(`${app}:3.0`);
    assert.ok(removed.ok, removed.ok ? '' : removed.error.message);
    assert.deepEqual(removed.value, [{ untagged: `${app}:3.0` }]);
    assert.equal(await dockerOk(['image', 'inspect', '--format', '{{.Id}}', `${app}:1.0`]), appId);
    const missing = await client.removeImage(`${app}:3.0`);
    assert.ok(!missing.ok);
    assert.equal(missing.error.category, 'not-found');
  });
});


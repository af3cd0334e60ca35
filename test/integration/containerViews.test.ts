// The "Containers (.NET)" views inside the real VS Code extension host: the Images view against the engine at
// DOCKER_HOST, the Registries view against the loopback registries the runner started (DC_REGISTRY without
// auth, DC_REGISTRY_AUTH with htpasswd). The views' own TreeDataProviders come from the extension's exports;
// their actions run through the same commands the context menus call, with `prompt: false` for the modals.
// Images are tiny (FROM scratch + one file), so the tests need no base image and no network.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Context } from 'mocha';
import * as vscode from 'vscode';
import { formatImageSize } from '../../src/core/engine';
import { sortTags } from '../../src/core/registry';
import { commandIds, extensionId, viewIds } from '../../src/core/ids';
import type { ExtensionApi } from '../../src/extension';
import type { ImageActionResult } from '../../src/vscode/views/imageActions';
import type { ImagesTreeProvider, ImageTreeNode } from '../../src/vscode/views/imagesView';
import { RegistriesTreeProvider, type RegistryTreeNode } from '../../src/vscode/views/registriesView';
import { RegistryLogins } from '../../src/vscode/views/registryLogins';
import type { RegistryActionResult } from '../../src/vscode/views/registryActions';
import { freePort } from '../support/net';
import { RegistryContent, registryRequest } from '../support/registryContent';
import { skipBecause } from '../support/skip';
import { recordingMessages } from './recordingMessages';

const dockerCli = () => process.env.DC_DOCKER_CLI ?? 'docker';
const testLabel = 'dotnet-containers.test=containerViews';
const settle = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function docker(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => execFile(dockerCli(), args, { env: process.env, timeout: 120_000 }, (error, stdout, stderr) =>
    resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) })));
}

async function dockerOk(args: string[]): Promise<string> {
  const result = await docker(args);
  assert.equal(result.code, 0, `docker ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A tiny image: FROM scratch plus one file whose text makes its id. */
async function buildTinyImage(tag: string, text: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-views-image-'));
  try {
    fs.writeFileSync(path.join(dir, 'hello.txt'), text);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM scratch\nLABEL ${testLabel}\nCOPY hello.txt /hello.txt\n`);
    await dockerOk(['build', '--quiet', '--tag', tag, dir]);
    return await dockerOk(['image', 'inspect', '--format', '{{.Id}}', tag]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function requireEngine(context: Context): void {
  if (!vscode.workspace.isTrusted) skipBecause(context, 'the workspace is not trusted in this run');
  if (process.env.DC_ENGINE_UNAVAILABLE || !process.env.DOCKER_HOST) skipBecause(context, process.env.DC_ENGINE_UNAVAILABLE ?? 'no test engine (DOCKER_HOST unset)');
}

function requireRegistry(context: Context): string {
  if (!vscode.workspace.isTrusted) skipBecause(context, 'the workspace is not trusted in this run');
  if (process.env.DC_REGISTRY_UNAVAILABLE || !process.env.DC_REGISTRY) skipBecause(context, process.env.DC_REGISTRY_UNAVAILABLE ?? 'no test registry (DC_REGISTRY unset)');
  return process.env.DC_REGISTRY!;
}

async function views(): Promise<ExtensionApi['containerViews']> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(extensionId)!;
  const api = await extension.activate();
  assert.ok(api?.containerViews, 'the extension exports its views');
  return api.containerViews;
}

async function setSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('dotnetContainers').update(name, value, vscode.ConfigurationTarget.Workspace);
}

/** Polls `read` until `done` accepts its value; returns the last value either way. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await settle(250);
  }
}

describe('Containers (.NET) views', function () {
  this.timeout(120_000);
  const id = crypto.randomBytes(3).toString('hex');
  const createdImages = new Set<string>();
  const containers = new Set<string>();
  let images: ImagesTreeProvider;
  let registries: RegistriesTreeProvider;

  before(async function () {
    if (!vscode.workspace.isTrusted) return;
    ({ images, registries } = await views());
    // The runner's 20.10 client; the machine's newer one on PATH talks to the same engine but has no buildx.
    if (process.env.DC_DOCKER_CLI) await setSetting('containerCliPath', process.env.DC_DOCKER_CLI);
  });

  after(async function () {
    this.timeout(60_000);
    if (!vscode.workspace.isTrusted) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of ['containerCliPath', 'registries', 'insecureRegistries']) await setSetting(name, undefined);
    for (const container of containers) await docker(['rm', '--force', container]);
    for (const image of createdImages) await docker(['image', 'rm', '--force', image]);
  });

  describe('Images', function () {
    const repository = `dc-views-${id}/app`;
    const other = `dc-views-${id}/other`;
    let appId = '';
    let danglingId = '';

    const root = () => images.getChildren();
    const repositoryNode = async (name: string) => (await root()).find(node => node.kind === 'repository' && node.repository === name) as Extract<ImageTreeNode, { kind: 'repository' }> | undefined;
    const tagNode = async (name: string, tag: string) => {
      const parent = await repositoryNode(name);
      const tags = parent ? await images.getChildren(parent) : [];
      return tags.find(node => node.kind === 'tag' && node.image.tag === tag) as Extract<ImageTreeNode, { kind: 'tag' }> | undefined;
    };

    before(async function () {
      if (!vscode.workspace.isTrusted || !process.env.DOCKER_HOST || process.env.DC_ENGINE_UNAVAILABLE) return;
      appId = await buildTinyImage(`${repository}:1.0.0`, `app ${id}\n`);
      for (const tag of ['1.2.0', '1.10.0', 'latest']) await dockerOk(['tag', `${repository}:1.0.0`, `${repository}:${tag}`]);
      // Building another image under the same name leaves the first one without a tag: dangling.
      danglingId = await buildTinyImage(`${other}:dev`, `dangling ${id}\n`);
      await buildTinyImage(`${other}:dev`, `other ${id}\n`);
      for (const image of [`${repository}:1.0.0`, `${repository}:1.2.0`, `${repository}:1.10.0`, `${repository}:latest`, `${other}:dev`, danglingId]) createdImages.add(image);
      images.refresh(true);
    });

    it('lists repositories, their tags newest first with size and age, and a group for dangling images', async function () {
      requireEngine(this);
      const app = await repositoryNode(repository);
      assert.ok(app, `no ${repository} among ${(await root()).map(n => n.kind === 'repository' ? n.repository : n.kind).join(', ')}`);
      assert.equal(images.getTreeItem(app).description, '4 tags');
      assert.equal(images.getTreeItem(app).contextValue, 'imageRepository');
      const tags = await images.getChildren(app);
      assert.deepEqual(tags.map(node => images.getTreeItem(node).label), ['latest', '1.10.0', '1.2.0', '1.0.0']);
      const size = Number(await dockerOk(['image', 'inspect', '--format', '{{.Size}}', `${repository}:1.0.0`]));
      for (const node of tags) {
        const item = images.getTreeItem(node);
        assert.equal(item.contextValue, 'imageTag');
        const [shownSize, age] = String(item.description).split(' · ');
        assert.equal(shownSize, formatImageSize(size));
        assert.match(age ?? '', /^(just now|\d+ minutes? ago)$/);
      }
      const group = (await root()).find(node => node.kind === 'untaggedGroup');
      assert.ok(group, 'a group for the dangling images');
      assert.equal(images.getTreeItem(group).label, 'Dangling images');
      const dangling = await images.getChildren(group);
      const node = dangling.find(n => n.kind === 'untagged' && n.image.id === danglingId);
      assert.ok(node, `the image built over (${danglingId}) is in the group`);
      assert.equal(images.getTreeItem(node).label, danglingId.slice(0, 'sha256:'.length + 12));
      assert.equal(images.getTreeItem(node).contextValue, 'imageUntagged');
      assert.ok(appId.startsWith('sha256:'));
    });

    it('a refresh while it loads (an engine event, Refresh) gives whoever waited the new listing, not an empty one', async function () {
      requireEngine(this);
      images.refresh();
      const waiting = images.getChildren();
      // Cancels the load just started, as an engine event arriving now does.
      images.refresh();
      const nodes = await waiting;
      assert.ok(nodes.some(node => node.kind === 'repository' && node.repository === repository), JSON.stringify(nodes.map(node => node.kind)));
    });

    it('Copy Reference puts the image reference on the clipboard', async function () {
      requireEngine(this);
      const node = await tagNode(repository, '1.2.0');
      const { result, shown } = await recordingMessages(() => vscode.commands.executeCommand<ImageActionResult>(commandIds.copyImageReference, node));
      assert.equal(result.reference, `${repository}:1.2.0`);
      assert.equal(await vscode.env.clipboard.readText(), `${repository}:1.2.0`);
      assert.deepEqual(shown.map(m => [m.kind, m.message]), [['showInformationMessage', `Copied ${repository}:1.2.0 to the clipboard.`]]);
    });

    it('Inspect opens the engine\'s JSON for the image in a read-only editor', async function () {
      requireEngine(this);
      const node = await tagNode(repository, '1.0.0');
      await vscode.commands.executeCommand(commandIds.inspectImage, node);
      const editor = await until(async () => vscode.window.activeTextEditor, e => e?.document.uri.scheme === 'dotnet-containers-image');
      assert.ok(editor, 'an editor opened');
      assert.equal(editor.document.languageId, 'json');
      const inspected = JSON.parse(editor.document.getText()) as { Id: string; RepoTags: string[]; Config: { Labels: Record<string, string> } };
      assert.equal(inspected.Id, appId);
      assert.ok(inspected.RepoTags.includes(`${repository}:1.0.0`));
      assert.equal(inspected.Config.Labels['dotnet-containers.test'], 'containerViews');
    });

    it('Remove removes a tag (prompt: false skips the modal), and the view follows', async function () {
      requireEngine(this);
      const node = await tagNode(repository, '1.2.0');
      const result = await vscode.commands.executeCommand<ImageActionResult>(commandIds.removeImage, node, { prompt: false });
      assert.equal(result.removed, true, JSON.stringify(result));
      assert.notEqual((await docker(['image', 'inspect', `${repository}:1.2.0`])).code, 0);
      assert.equal(await tagNode(repository, '1.2.0'), undefined);
      assert.ok(await tagNode(repository, '1.0.0'), 'the image keeps its other tags');
    });

    it('Remove of an image a container uses says which container, and removes nothing', async function () {
      requireEngine(this);
      const image = `dc-views-${id}/used:1.0`;
      await buildTinyImage(image, `used ${id}\n`);
      createdImages.add(image);
      const container = `dc-views-${id}-user`;
      // A scratch image has nothing to run; a created container holds on to its image all the same.
      await dockerOk(['create', '--name', container, image, '/hello.txt']);
      containers.add(container);
      images.refresh();
      const node = await tagNode(`dc-views-${id}/used`, '1.0');
      const result = await vscode.commands.executeCommand<ImageActionResult>(commandIds.removeImage, node, { prompt: false });
      assert.equal(result.removed, false);
      assert.match(result.message ?? '', new RegExp(`in use by container "${container}"`));
      assert.equal((await docker(['image', 'inspect', image])).code, 0, 'the image is still there');
    });

    it('Tag… names the image again through the engine', async function () {
      requireEngine(this);
      const node = await tagNode(repository, '1.0.0');
      const { result, shown } = await recordingMessages(() => vscode.commands.executeCommand<ImageActionResult>(commandIds.tagImage, node, { target: `${repository}:2.0.0`, prompt: false }));
      createdImages.add(`${repository}:2.0.0`);
      assert.equal(result.target, `${repository}:2.0.0`);
      assert.deepEqual(shown.map(m => [m.kind, m.message]), [['showInformationMessage', `Tagged ${repository}:1.0.0 as ${repository}:2.0.0.`]]);
      assert.equal(await dockerOk(['image', 'inspect', '--format', '{{.Id}}', `${repository}:2.0.0`]), appId);
    });

    it('Run starts the image in a dotnet-container task with the CodeLens\'s argv', async function () {
      requireEngine(this);
      const node = await tagNode(repository, '1.0.0');
      const result = await vscode.commands.executeCommand<ImageActionResult>(commandIds.runImage, node);
      assert.equal(path.basename(result.commandLine?.[0] ?? ''), 'docker');
      // No EXPOSE in the image: nothing to publish. A name, so that the container goes with its task.
      const name = result.commandLine?.[result.commandLine.indexOf('--name') + 1] ?? '';
      assert.match(name, /^[a-z0-9._-]+-[0-9a-f]{6}$/);
      assert.deepEqual(result.commandLine?.slice(1), ['run', '--rm', '--interactive', '--tty', '--name', name, `${repository}:1.0.0`]);
    });

    it('follows the engine\'s events while visible: a tag made with the docker CLI appears without a refresh', async function () {
      requireEngine(this);
      await vscode.commands.executeCommand(`${viewIds.images}.focus`);
      const watching = await until(async () => images.isWatchingEvents, value => value);
      assert.equal(watching, true, 'the view follows the event stream once visible');
      await settle(500);
      const before = await root();
      const evented = `dc-views-${id}/evented`;
      assert.ok(!before.some(node => node.kind === 'repository' && node.repository === evented));
      await dockerOk(['tag', `${repository}:1.0.0`, `${evented}:1.0`]);
      createdImages.add(`${evented}:1.0`);
      const after = await until(root, nodes => nodes.some(node => node.kind === 'repository' && node.repository === evented), 10_000);
      assert.ok(after.some(node => node.kind === 'repository' && node.repository === evented), 'the new tag shows after the engine event, debounced');
    });

    it('an unreachable engine is one node with a clear message and Retry', async function () {
      requireEngine(this);
      const dockerHost = process.env.DOCKER_HOST;
      try {
        process.env.DOCKER_HOST = `unix://${path.join(os.tmpdir(), `dc-no-engine-${id}.sock`)}`;
        await vscode.commands.executeCommand(commandIds.refreshImages);
        const nodes = await root();
        assert.equal(nodes.length, 1);
        const item = images.getTreeItem(nodes[0]!);
        assert.match(String(item.label), /No container engine answers/);
        assert.match(String(item.description), /dc-no-engine/);
        assert.equal(item.contextValue, 'problem');
        assert.equal(item.command?.command, commandIds.retry);
      } finally {
        process.env.DOCKER_HOST = dockerHost;
      }
      await vscode.commands.executeCommand(commandIds.retry, (await root())[0]);
      assert.ok(await repositoryNode(repository), 'Retry lists the images again');
    });

    it('draws ages again as time passes while visible, from what it loaded (the engine is not asked again)', async function () {
      requireEngine(this);
      await vscode.commands.executeCommand(`${viewIds.images}.focus`);
      await until(async () => images.isWatchingEvents, value => value);
      const before = await root();
      const node = (await tagNode(repository, '1.0.0'))!;
      assert.match(String(images.getTreeItem(node).description), / · (just now|\d+ minutes? ago)$/);
      const redrawn = new Promise<ImageTreeNode | undefined>(resolve => {
        const subscription = images.onDidChangeTreeData(changed => { subscription.dispose(); resolve(changed); });
      });
      // Three hours later, on a tick of 200 ms rather than a minute.
      images.setClock({ now: () => new Date(Date.now() + 3 * 3600_000), tickMs: 200 });
      try {
        assert.equal(await Promise.race([redrawn, settle(5_000).then(() => 'no redraw')]), undefined, 'the whole view is drawn again');
        assert.match(String(images.getTreeItem(node).description), / · 3 hours ago$/);
        const after = await root();
        assert.equal(after.length, before.length);
        assert.ok(after.every((n, i) => n === before[i]), 'the same nodes: the list was not loaded again');
      } finally {
        images.setClock(undefined);
      }
    });
  });

  describe('Registries', function () {
    const repository = `dc-views-${id}/app`;
    const many = `dc-views-${id}/many`;
    const twoImages = `dc-views-${id}/two`;
    const manyTags = ['latest', '2.0.0', '2.0.0-rc.1', ...Array.from({ length: 117 }, (_, i) => `1.${i}.0`)];
    let content: RegistryContent;
    let host = '';

    const registryNode = async (wanted: string) => (await registries.getChildren()).find(node => node.kind === 'registry' && node.host === wanted) as Extract<RegistryTreeNode, { kind: 'registry' }> | undefined;
    const children = (node: RegistryTreeNode) => registries.getChildren(node);
    const labels = (nodes: readonly RegistryTreeNode[]) => nodes.map(node => String(registries.getTreeItem(node).label));
    const repositoryNode = async (name: string) => {
      const registry = await registryNode(host);
      assert.ok(registry, `${host} is in the view`);
      let nodes = await children(registry);
      // The catalog comes a page at a time: other tests may have pushed repositories of their own.
      for (let more = nodes.find(n => n.kind === 'loadMore'); more && !nodes.some(n => n.kind === 'repository' && n.repository === name); more = nodes.find(n => n.kind === 'loadMore')) {
        await vscode.commands.executeCommand(commandIds.loadMore, more);
        nodes = await children(registry);
      }
      return nodes.find(node => node.kind === 'repository' && node.repository === name) as Extract<RegistryTreeNode, { kind: 'repository' }> | undefined;
    };
    const tagNode = async (name: string, tag: string) => (await children((await repositoryNode(name))!)).find(node => node.kind === 'tag' && node.tag === tag) as Extract<RegistryTreeNode, { kind: 'tag' }> | undefined;

    before(async function () {
      if (!vscode.workspace.isTrusted || process.env.DC_REGISTRY_UNAVAILABLE || !process.env.DC_REGISTRY) return;
      host = process.env.DC_REGISTRY;
      content = new RegistryContent(`http://${host}`);
      await setSetting('registries', [{ host }]);
      // 120 tags in one go: one manifest PUT under each tag through the registry's API.
      await content.pushImage(many, manyTags, { layerText: `many ${id}` });
      await content.pushImage(twoImages, ['keep'], { layerText: `keep ${id}` });
      await content.pushImage(twoImages, ['drop'], { layerText: `drop ${id}` });
      if (!process.env.DC_ENGINE_UNAVAILABLE && process.env.DOCKER_HOST) {
        await buildTinyImage(`${repository}:1.0.0`, `app ${id}\n`);
        await dockerOk(['tag', `${repository}:1.0.0`, `${host}/${repository}:1.0.0`]);
        await dockerOk(['push', `${host}/${repository}:1.0.0`]);
        createdImages.add(`${host}/${repository}:1.0.0`);
      }
      registries.refresh();
    });

    it('shows a registry added in the setting, with its repositories from the catalog', async function () {
      requireRegistry(this);
      const registry = await registryNode(host);
      assert.ok(registry);
      assert.equal(registries.getTreeItem(registry).contextValue, 'registry');
      assert.ok(await repositoryNode(many), 'the repository put through the API');
      if (!process.env.DC_ENGINE_UNAVAILABLE) assert.ok(await repositoryNode(repository), 'the repository pushed with docker push');
    });

    it('lists tags newest version first, 50 at a time behind "Load more…"', async function () {
      requireRegistry(this);
      const node = (await repositoryNode(many))!;
      const expected = sortTags(manyTags);
      let nodes = await children(node);
      assert.deepEqual(labels(nodes.filter(n => n.kind === 'tag')), expected.slice(0, 50));
      assert.equal(labels(nodes)[0], 'latest');
      assert.deepEqual(labels(nodes).slice(1, 4), ['2.0.0', '2.0.0-rc.1', '1.116.0']);
      let more = nodes.at(-1)!;
      assert.equal(more.kind, 'loadMore');
      assert.equal(registries.getTreeItem(more).label, 'Load more…');
      assert.equal(registries.getTreeItem(more).command?.command, commandIds.loadMore);
      await vscode.commands.executeCommand(commandIds.loadMore, more);
      nodes = await children(node);
      assert.deepEqual(labels(nodes.filter(n => n.kind === 'tag')), expected.slice(0, 100));
      more = nodes.at(-1)!;
      assert.equal(more.kind, 'loadMore');
      await vscode.commands.executeCommand(commandIds.loadMore, more);
      nodes = await children(node);
      assert.deepEqual(labels(nodes), expected, 'all 120, and no "Load more…" after the last');
    });

    it('filters a repository\'s tags, says so in its description, and clears the filter', async function () {
      requireRegistry(this);
      const node = (await repositoryNode(many))!;
      const filtered = await vscode.commands.executeCommand<RegistryActionResult>(commandIds.filterTags, node, { filter: '1.11', prompt: false });
      assert.equal(filtered.reference, `${host}/${many}`);
      assert.equal(registries.getTreeItem(node).description, 'filter: 1.11');
      assert.match(String(registries.getTreeItem(node).contextValue), /\bfiltered\b/);
      assert.deepEqual(labels(await children(node)), sortTags(manyTags.filter(tag => tag.includes('1.11'))));
      await vscode.commands.executeCommand(commandIds.clearTagFilter, node);
      assert.equal(registries.getTreeItem(node).description, undefined);
      assert.ok((await children(node)).length > 11);
    });

    it('fetches a tag\'s details when it is expanded: digest (the registry\'s Docker-Content-Digest), platform, created, size', async function () {
      requireRegistry(this);
      const node = (await tagNode(twoImages, 'keep'))!;
      assert.equal(registries.getTreeItem(node).description, undefined, 'nothing fetched before the tag is expanded');
      const facts = await children(node);
      const fact = (name: string) => facts.find(f => f.kind === 'fact' && f.label === name) as Extract<RegistryTreeNode, { kind: 'fact' }> | undefined;
      assert.equal(fact('digest')?.value, await content.digestOf(twoImages, 'keep'));
      assert.equal(fact('platform')?.value, 'linux/amd64');
      assert.match(fact('created')?.value ?? '', /^2026-01-02T03:04:05Z \(/);
      assert.match(fact('size')?.value ?? '', /^\d+B compressed, 1 layer$/);
      await settle(50);
      assert.match(String(registries.getTreeItem(node).description), /B · linux\/amd64$/, 'the tag shows a summary once its details came');
    });

    it('Retag puts the manifest under a new tag in the registry, without a pull', async function () {
      requireRegistry(this);
      const node = (await tagNode(twoImages, 'keep'))!;
      const { result, shown } = await recordingMessages(() => vscode.commands.executeCommand<RegistryActionResult>(commandIds.retag, node, { tag: 'kept', prompt: false }));
      assert.equal(result.reference, `${host}/${twoImages}:kept`);
      assert.equal(shown.length, 1);
      assert.equal(shown[0]?.kind, 'showInformationMessage');
      assert.match(shown[0]?.message ?? '', new RegExp(`^Retagged ${escapeRegExp(`${host}/${twoImages}:keep`)} as kept: the same manifest \\(sha256:[0-9a-f]{12}…\\), nothing pulled\\.$`));
      assert.equal(result.digest, await content.digestOf(twoImages, 'keep'));
      assert.ok((await content.tags(twoImages)).includes('kept'));
      assert.ok(labels(await children((await repositoryNode(twoImages))!)).includes('kept'));
    });

    it('Delete Tag deletes by digest, and the tag is gone from tags/list and the view', async function () {
      requireRegistry(this);
      const node = (await tagNode(twoImages, 'drop'))!;
      const digest = await content.digestOf(twoImages, 'drop');
      const result = await vscode.commands.executeCommand<RegistryActionResult>(commandIds.deleteTag, node, { prompt: false });
      assert.equal(result.digest, digest, JSON.stringify(result));
      assert.deepEqual([result.sharedTags, result.deletedTags], [[], ['drop']]);
      assert.deepEqual((await content.tags(twoImages)).sort(), ['keep', 'kept']);
      assert.deepEqual(labels(await children((await repositoryNode(twoImages))!)), ['keep', 'kept']);
    });

    it('Delete Tag names the tags on the same manifest in its confirmation; they go (distribution deletes by digest) only after a yes to that', async function () {
      requireRegistry(this);
      const shared = `dc-views-${id}/shared`;
      const pushed = await content.pushImage(shared, ['1.0', '1.1'], { layerText: `shared ${id}` });
      registries.refresh();
      // The reported case: 1.1 retagged as 2.0, then 2.0 deleted.
      await vscode.commands.executeCommand(commandIds.retag, (await tagNode(shared, '1.1'))!, { tag: '2.0', prompt: false });
      const node = (await tagNode(shared, '2.0'))!;
      const reference = escapeRegExp(`${host}/${shared}:2.0`);

      const cancelled = await recordingMessages(() => vscode.commands.executeCommand<RegistryActionResult>(commandIds.deleteTag, node));
      const modal = cancelled.shown.find(m => m.modal);
      assert.ok(modal, `a modal confirmation, among ${JSON.stringify(cancelled.shown)}`);
      assert.match(modal.message, new RegExp(`^Delete ${reference}\\? 1\\.1 and 1\\.0 are on the same manifest\\.$`));
      assert.match(modal.detail ?? '', /only 2\.0 goes\..*deletes only by digest.*the manifest sha256:[0-9a-f]{12}… goes, and 1\.1 and 1\.0 with it/);
      assert.equal(cancelled.result.skipped, 'the deletion was cancelled');
      assert.deepEqual((await content.tags(shared)).sort(), ['1.0', '1.1', '2.0']);

      const unconfirmed = await recordingMessages(() => vscode.commands.executeCommand<RegistryActionResult>(commandIds.deleteTag, node, { prompt: false }));
      assert.deepEqual(unconfirmed.result.sharedTags, ['1.1', '1.0']);
      assert.match(unconfirmed.result.message ?? '', /cannot delete the tag .* by name.*\(1\.1 and 1\.0 would go with it\)$/);
      assert.deepEqual((await content.tags(shared)).sort(), ['1.0', '1.1', '2.0'], 'nothing deleted without the shared tags named and accepted');

      const confirmed = await recordingMessages(() => vscode.commands.executeCommand<RegistryActionResult>(commandIds.deleteTag, node), m => (m.modal ? 'Delete' : undefined));
      assert.equal(confirmed.result.digest, pushed.digest, JSON.stringify(confirmed.result));
      assert.deepEqual(confirmed.result.deletedTags, ['2.0', '1.1', '1.0']);
      assert.ok(confirmed.shown.some(m => m.kind === 'showInformationMessage' && new RegExp(`^Deleted ${reference} and, on the same manifest, 1\\.1 and 1\\.0\\.$`).test(m.message)), JSON.stringify(confirmed.shown));
      assert.deepEqual(await content.tags(shared), []);
      assert.deepEqual(labels(await children((await repositoryNode(shared))!)), ['No tags']);
    });

    it('Copy Reference and Pull use host/repository:tag', async function () {
      requireRegistry(this);
      requireEngine(this);
      const node = (await tagNode(repository, '1.0.0'))!;
      const copied = await recordingMessages(() => vscode.commands.executeCommand(commandIds.copyTagReference, node));
      assert.equal(await vscode.env.clipboard.readText(), `${host}/${repository}:1.0.0`);
      assert.deepEqual(copied.shown.map(m => [m.kind, m.message]), [['showInformationMessage', `Copied ${host}/${repository}:1.0.0 to the clipboard.`]]);
      await dockerOk(['image', 'rm', `${host}/${repository}:1.0.0`]);
      const pulled = await vscode.commands.executeCommand<RegistryActionResult>(commandIds.pullTag, node);
      assert.deepEqual(pulled.commandLine?.slice(1), ['pull', `${host}/${repository}:1.0.0`]);
      assert.equal(pulled.exitCode, 0);
      assert.equal((await docker(['image', 'inspect', `${host}/${repository}:1.0.0`])).code, 0, 'the image is local again');
    });

    it('Push… from the Images view pushes with the Push task, the registry lists the tag, and so does the Registries view at once', async function () {
      requireRegistry(this);
      requireEngine(this);
      // A repository whose last tag was deleted: the Registries view shows "No tags" for it.
      const destination = `pushed-${id}/${repository}`;
      const old = await content.pushImage(destination, ['old'], { layerText: `old ${id}` });
      assert.equal((await registryRequest(`http://${host}/v2/${destination}/manifests/${old.digest}`, { method: 'DELETE' })).status, 202);
      registries.refresh();
      assert.deepEqual(labels(await children((await repositoryNode(destination))!)), ['No tags']);
      images.refresh();
      const app = (await images.getChildren()).find(node => node.kind === 'repository' && node.repository === repository);
      const tag = app && (await images.getChildren(app)).find(node => node.kind === 'tag' && node.image.tag === '1.0.0');
      assert.ok(tag, `${repository}:1.0.0 in the Images view`);
      const result = await vscode.commands.executeCommand<ImageActionResult>(commandIds.pushLocalImage, tag, { registry: `${host}/pushed-${id}`, prompt: false });
      assert.equal(result.exitCode, 0, JSON.stringify(result));
      assert.equal(result.target, `${host}/pushed-${id}/${repository}:1.0.0`);
      createdImages.add(result.target!);
      assert.deepEqual(await content.tags(destination), ['1.0.0']);
      assert.deepEqual(labels(await children((await repositoryNode(destination))!)), ['1.0.0'], 'the Registries view lists the pushed tag without a refresh');
    });

    it('an unreachable registry is a node with the reason and Retry', async function () {
      requireRegistry(this);
      const dead = `127.0.0.1:${await freePort()}`;
      await setSetting('registries', [{ host }, { host: dead }]);
      const node = await until(() => registryNode(dead), found => found !== undefined);
      assert.ok(node);
      const [problem, ...rest] = await children(node);
      assert.equal(rest.length, 0);
      assert.equal(problem?.kind, 'problem');
      const item = registries.getTreeItem(problem);
      assert.equal(item.label, 'Cannot reach the registry');
      assert.match(String(item.description), /ECONNREFUSED|refused/);
      assert.equal(item.contextValue, 'problem');
      assert.equal(item.command?.command, commandIds.retry);
      await vscode.commands.executeCommand(commandIds.retry, problem);
      assert.equal((await children(node))[0]?.kind, 'problem', 'still unreachable after Retry, still a node');
      await setSetting('registries', [{ host }]);
    });

    it('a registry that wants a login shows "Log in…"; a wrong password is refused, the right one (kept in SecretStorage) lists its repositories', async function () {
      requireRegistry(this);
      if (process.env.DC_REGISTRY_AUTH_UNAVAILABLE || !process.env.DC_REGISTRY_AUTH) skipBecause(this, process.env.DC_REGISTRY_AUTH_UNAVAILABLE ?? 'no registry with a login (DC_REGISTRY_AUTH unset)');
      const authHost = process.env.DC_REGISTRY_AUTH;
      const user = process.env.DC_REGISTRY_AUTH_USER!;
      const password = process.env.DC_REGISTRY_AUTH_PASSWORD!;
      const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      const secured = new RegistryContent(`http://${authHost}`, () => basic);
      await secured.pushImage(`dc-views-${id}/secret`, ['1.0'], { layerText: `secret ${id}` });
      assert.equal((await registryRequest(`http://${authHost}/v2/_catalog`)).status, 401, 'the registry wants a login');

      await setSetting('registries', [{ host }, { host: authHost }]);
      try {
        const node = await until(() => registryNode(authHost), found => found !== undefined);
        assert.ok(node, `${authHost} is in the view once the setting names it`);
        const [problem] = await children(node);
        assert.equal(problem?.kind, 'problem');
        const item = registries.getTreeItem(problem);
        assert.match(String(item.label), /401/);
        assert.equal(item.contextValue, 'problem login');
        assert.equal(item.command?.command, commandIds.logInToRegistry);

        const refused = await vscode.commands.executeCommand<RegistryActionResult>(commandIds.logInToRegistry, problem, { username: user, password: 'wrong', prompt: false });
        assert.equal(refused.loggedIn, false);
        assert.match(refused.message ?? '', /refused the login/);
        assert.doesNotMatch(refused.message ?? '', /wrong/, 'the password never shows');

        const accepted = await vscode.commands.executeCommand<RegistryActionResult>(commandIds.logInToRegistry, problem, { username: user, password, prompt: false });
        assert.equal(accepted.loggedIn, true);
        const loggedIn = (await registryNode(authHost))!;
        assert.match(String(registries.getTreeItem(loggedIn).description), /logged in here/);
        assert.match(String(registries.getTreeItem(loggedIn).contextValue), /\bloggedIn\b/);
        const repositories = await children(loggedIn);
        assert.ok(repositories.some(n => n.kind === 'repository' && n.repository === `dc-views-${id}/secret`), labels(repositories).join(', '));
        const tags = await children(repositories.find(n => n.kind === 'repository' && n.repository === `dc-views-${id}/secret`)!);
        assert.deepEqual(labels(tags), ['1.0']);

        await vscode.commands.executeCommand(commandIds.logOutOfRegistry, loggedIn);
        const [again] = await children((await registryNode(authHost))!);
        assert.equal(again?.kind, 'problem', 'logged out: the registry wants a login again');
      } finally {
        // The next tests expect the setting as it was, whatever failed here.
        await setSetting('registries', [{ host }]);
      }
    });

    it('Add Registry takes a host:port typed into its first pick: it becomes "Add localhost:5999", and Enter adds it', async function () {
      requireRegistry(this);
      const window = vscode.window as { createQuickPick: typeof vscode.window.createQuickPick };
      const createQuickPick = window.createQuickPick;
      const picks: Array<vscode.QuickPick<vscode.QuickPickItem>> = [];
      window.createQuickPick = (() => {
        const pick = createQuickPick.call(vscode.window);
        picks.push(pick);
        return pick;
      }) as typeof createQuickPick;
      let settled = false;
      const adding = Promise.resolve(vscode.commands.executeCommand<RegistryActionResult>(commandIds.addRegistry)).finally(() => { settled = true; });
      try {
        const pick = await until(async () => picks[0], found => found !== undefined, 10_000);
        assert.ok(pick, 'Add Registry opens a quick pick the extension controls');
        // As typed: the workbench filters with the new value and tells the extension, which offers it as an item.
        pick.value = 'localhost:5999';
        const offered = await until(async () => pick.items.map(item => item.label), items => items.some(label => label.endsWith('Add localhost:5999')), 10_000);
        assert.ok(offered.some(label => label.endsWith('Add localhost:5999')), offered.join(', '));
        // Enter in the workbench, again until the workbench has the item the extension sent.
        for (const deadline = Date.now() + 10_000; !settled && Date.now() < deadline;) {
          await settle(300);
          if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        }
        const added = await adding;
        assert.equal(added.host, 'localhost:5999', JSON.stringify(added));
        assert.ok(await until(() => registryNode('localhost:5999'), found => found !== undefined), 'the registry is in the view');
        assert.deepEqual(vscode.workspace.getConfiguration('dotnetContainers').get('registries'), [{ host }, { host: 'localhost:5999' }]);
      } finally {
        window.createQuickPick = createQuickPick;
        if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        await adding;
        await setSetting('registries', [{ host }]);
      }
    });

    it('Add Registry and Add Repository write the setting; Remove Registry takes the registry out', async function () {
      requireRegistry(this);
      const added = await vscode.commands.executeCommand<RegistryActionResult>(commandIds.addRegistry, { preset: 'mcr', prompt: false });
      assert.equal(added.host, 'mcr.microsoft.com');
      const mcr = (await until(() => registryNode('mcr.microsoft.com'), found => found !== undefined))!;
      assert.deepEqual(mcr.addedRepositories, ['dotnet/sdk', 'dotnet/aspnet', 'dotnet/runtime', 'dotnet/runtime-deps']);
      // MCR keeps its catalog to itself: the repositories are those added, without a request.
      assert.deepEqual(labels(await children(mcr)), ['dotnet/aspnet', 'dotnet/runtime', 'dotnet/runtime-deps', 'dotnet/sdk']);
      await vscode.commands.executeCommand(commandIds.addRepository, mcr, { repository: 'dotnet/monitor', prompt: false });
      const setting = vscode.workspace.getConfiguration('dotnetContainers').get<unknown[]>('registries');
      assert.deepEqual(setting?.at(-1), { host: 'mcr.microsoft.com', repositories: ['dotnet/sdk', 'dotnet/aspnet', 'dotnet/runtime', 'dotnet/runtime-deps', 'dotnet/monitor'] });
      await vscode.commands.executeCommand(commandIds.removeRegistry, (await registryNode('mcr.microsoft.com'))!);
      assert.equal(await registryNode('mcr.microsoft.com'), undefined);
      assert.deepEqual(vscode.workspace.getConfiguration('dotnetContainers').get('registries'), [{ host }]);
    });

    it('a refresh while the registries are read (their logins asked) is not undone by that reading', async () => {
      // A provider of its own, whose SecretStorage answers only when let: the setting changes in between, as when
      // a registry is added while the tree is being drawn.
      let answer = () => {};
      const held = new Promise<void>(resolve => { answer = resolve; });
      const secrets = { get: async () => { await held; return undefined; }, store: async () => {}, delete: async () => {}, onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event };
      const output = vscode.window.createOutputChannel('dotnet-containers test: registries');
      const provider = new RegistriesTreeProvider(new RegistryLogins(secrets as vscode.SecretStorage), output);
      try {
        await setSetting('registries', [{ host: 'before.example:5000' }]);
        const reading = provider.getChildren();
        await setSetting('registries', [{ host: 'before.example:5000' }, { host: 'after.example:5000' }]);
        provider.refresh(); // what the view does on the setting's change
        answer();
        await reading;
        const hosts = (await provider.getChildren()).map(node => (node.kind === 'registry' ? node.host : node.kind));
        assert.deepEqual(hosts, ['before.example:5000', 'after.example:5000']);
      } finally {
        provider.dispose();
        output.dispose();
        await setSetting('registries', [{ host }]);
      }
    });
  });
});

describe('Containers (.NET) views in an untrusted workspace', function () {
  it('Run, Push… and Pull start no docker process', async function () {
    if (vscode.workspace.isTrusted) skipBecause(this, 'the workspace is trusted in this run');
    await vscode.extensions.getExtension(extensionId)!.activate();
    const image = { kind: 'tag', image: { repository: 'app', tag: '1.0', reference: 'app:1.0', id: 'sha256:0', created: '', size: 0, labels: {} } };
    const tag = { kind: 'tag', tag: '1.0', repository: { kind: 'repository', repository: 'app', added: true, registry: { kind: 'registry', host: 'localhost:5000', addedRepositories: [] } } };
    for (const [command, node] of [[commandIds.runImage, image], [commandIds.pushLocalImage, image], [commandIds.pullTag, tag]] as const) {
      const result = await vscode.commands.executeCommand<ImageActionResult>(command, node, { registry: 'localhost:5000', prompt: false });
      assert.match(result.skipped ?? '', /trusted workspace/, command);
      assert.equal(result.commandLine, undefined);
    }
  });
});

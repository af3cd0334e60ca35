import * as os from 'node:os';
import * as vscode from 'vscode';
import { DockerArgumentError, formatImageName, parseImageName, parsePushDestination, remoteImageName } from '../../core/docker/dockerArgv';
import { firstFreePort } from '../../core/docker/hostPorts';
import { knownRegistries } from '../../core/docker/registryAccess';
import { formatImageSize } from '../../core/engine';
import { dockerConfigDir, readDockerConfig } from '../../core/environment/dockerConfig';
import { normalizeRegistryHost, repositoryPath } from '../../core/registry/registryHost';
import { readRegistryEntries } from '../../core/views/registryEntries';
import { settingNames, settingsSection } from '../settingsKeys';
import { ImagesTreeProvider, ImageTreeNode, shortId } from './imagesView';
import { imageInspectionUri } from './imageInspection';
import type { RegistriesTreeProvider } from './registriesView';
import { runImageTask } from './viewTasks';

// The Images view's actions. Each takes the node it was invoked on and, for scripts and tests, an options
// object: `prompt: false` asks nothing (no input box, no modal confirmation) and takes its answers from it.

export interface RunImageOptions { readonly prompt?: boolean; readonly hostPort?: number }
export interface TagImageOptions { readonly prompt?: boolean; readonly target?: string }
export interface PushFromViewOptions { readonly prompt?: boolean; readonly registry?: string }
export interface RemoveImageOptions { readonly prompt?: boolean }

export interface ImageActionResult {
  readonly reference?: string;
  readonly commandLine?: readonly string[];
  readonly exitCode?: number;
  /** What was made: the new name (Tag…), the registry's name of the image (Push…). */
  readonly target?: string;
  readonly removed?: boolean;
  /** Why it did not happen, in the words shown to the user. */
  readonly message?: string;
  readonly skipped?: string;
}

type ImageNodeOf<K extends ImageTreeNode['kind']> = Extract<ImageTreeNode, { kind: K }>;

export class ImageActions {
  /** `registries`: the Registries view, told about pushes so that it shows the new tag. */
  constructor(private readonly images: ImagesTreeProvider, private readonly registries?: Pick<RegistriesTreeProvider, 'pushed'>) {}

  /** `docker run --rm -it [-p host:container] <image>` in the terminal; the port comes from the image's EXPOSE. */
  async run(node: unknown, rawOptions: unknown): Promise<ImageActionResult> {
    const image = tagNode(node);
    if (!image) return { skipped: 'Run works on an image tag of the Images view' };
    if (!vscode.workspace.isTrusted) return refuseUntrusted();
    const options = optionsObject<RunImageOptions>(rawOptions);
    const reference = image.image.reference;
    const containerPort = await this.exposedPort(reference);
    const hostPort = containerPort === undefined ? undefined : options.hostPort ?? await firstFreePort([containerPort]);
    return this.task(reference, { action: 'run', image: reference, ...(containerPort !== undefined ? { containerPort, hostPort: hostPort! } : {}) }, { wait: false });
  }

  /** Gives the image another name (`docker tag`, through the engine API: nothing to watch in a terminal). */
  async tag(node: unknown, rawOptions: unknown): Promise<ImageActionResult> {
    const image = tagNode(node);
    if (!image) return { skipped: 'Tag… works on an image tag of the Images view' };
    const options = optionsObject<TagImageOptions>(rawOptions);
    const reference = image.image.reference;
    const typed = options.target ?? (options.prompt === false ? undefined : await vscode.window.showInputBox({
      title: vscode.l10n.t('Tag {0}', reference), value: reference, prompt: vscode.l10n.t('The new name: [registry/]repository:tag, e.g. localhost:5000/app:1.0'),
      validateInput: value => checkedName(value).message,
    }));
    if (!typed) return { reference, skipped: 'no name was given' };
    const checked = checkedName(typed);
    if (!checked.name) return { reference, message: checked.message!, skipped: checked.message! };
    const engine = await this.images.engine();
    const tagged = engine.ok ? await engine.value.tagImage(reference, checked.name) : engine;
    if (!tagged.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Tagging {0} as {1} failed: {2}', reference, checked.name, tagged.error.message));
      return { reference, target: checked.name, message: tagged.error.message };
    }
    this.images.refresh();
    void vscode.window.showInformationMessage(vscode.l10n.t('Tagged {0} as {1}.', reference, checked.name));
    return { reference, target: checked.name };
  }

  /** `docker tag` + `docker push` as tasks, to a registry picked from the settings, docker's logins, or typed. */
  async push(node: unknown, rawOptions: unknown): Promise<ImageActionResult> {
    const image = tagNode(node);
    if (!image) return { skipped: 'Push… works on an image tag of the Images view' };
    if (!vscode.workspace.isTrusted) return refuseUntrusted();
    const options = optionsObject<PushFromViewOptions>(rawOptions);
    const reference = image.image.reference;
    const registry = options.registry ?? (options.prompt === false ? undefined : await chooseRegistry(reference));
    if (!registry) return { reference, skipped: 'no registry was chosen' };
    const tagged = await this.task(reference, { action: 'tag', image: reference, registry });
    if (tagged.exitCode !== 0) return tagged;
    const pushed = await this.task(reference, { action: 'push', image: reference, registry });
    const target = pushed.commandLine?.[pushed.commandLine.length - 1];
    if (pushed.exitCode === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Pushed {0}.', target ?? ''));
      if (target) this.pushedTo(target, registry);
    } else if (!pushed.skipped) void vscode.window.showErrorMessage(vscode.l10n.t('Pushing {0} failed: the terminal says why. A registry that wants a login: `docker login {1}`, then push again.', target ?? '', parsePushDestination(registry).registry));
    return { ...pushed, ...(target ? { target } : {}) };
  }

  /**
   * Removes a tag (the image goes with its last tag) or an untagged image, after a modal confirmation.
   * An image a container uses is not removed: the message names the container.
   */
  async remove(node: unknown, rawOptions: unknown): Promise<ImageActionResult> {
    const target = isNode(node, 'tag') ? { reference: node.image.reference, question: vscode.l10n.t('Remove the tag {0}?', node.image.reference), id: node.image.id }
      : isNode(node, 'untagged') ? { reference: node.image.id, question: vscode.l10n.t('Remove the untagged image {0} ({1})?', shortId(node.image.id), formatImageSize(node.image.size)), id: node.image.id } : undefined;
    if (!target) return { skipped: 'Remove works on an image of the Images view' };
    const options = optionsObject<RemoveImageOptions>(rawOptions);
    if (options.prompt !== false) {
      const removeButton = vscode.l10n.t('Remove');
      const confirmed = await vscode.window.showWarningMessage(target.question, { modal: true, detail: vscode.l10n.t('An image is deleted with its last tag; its layers go too unless another image uses them.') }, removeButton);
      if (confirmed !== removeButton) return { reference: target.reference, skipped: 'the removal was cancelled' };
    }
    const engine = await this.images.engine();
    const removed = engine.ok ? await engine.value.removeImage(target.reference) : engine;
    if (!removed.ok) {
      // The engine names the container using the image (409): say which, rather than fail without a reason.
      void vscode.window.showErrorMessage(capitalize(removed.error.message), { modal: options.prompt !== false });
      return { reference: target.reference, removed: false, message: removed.error.message };
    }
    this.images.refresh();
    return { reference: target.reference, removed: true };
  }

  async copyReference(node: unknown): Promise<ImageActionResult> {
    const reference = isNode(node, 'tag') ? node.image.reference : isNode(node, 'untagged') ? node.image.id : undefined;
    if (!reference) return { skipped: 'Copy Reference works on an image of the Images view' };
    await vscode.env.clipboard.writeText(reference);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} to the clipboard.', reference));
    return { reference };
  }

  /** The engine's whole `image inspect` JSON in a read-only editor. */
  async inspect(node: unknown): Promise<ImageActionResult & { readonly document?: vscode.TextDocument }> {
    const reference = isNode(node, 'tag') ? node.image.reference : isNode(node, 'untagged') ? node.image.id : undefined;
    if (!reference) return { skipped: 'Inspect works on an image of the Images view' };
    const document = await vscode.workspace.openTextDocument(imageInspectionUri(reference));
    await vscode.window.showTextDocument(document, { preview: true });
    return { reference, document };
  }

  /**
   * The Registries view lists the pushed tag: the repository it went to loads again, if the view shows that
   * registry. `target` is what was pushed, `registry/repository:tag`, with the registry as the destination names it.
   */
  private pushedTo(target: string, destination: string): void {
    let registry: string;
    try {
      registry = parsePushDestination(destination).registry;
    } catch {
      return;
    }
    if (!target.startsWith(`${registry}/`)) return;
    const name = target.slice(registry.length + 1);
    const colon = name.lastIndexOf(':');
    if (colon <= 0) return;
    const host = normalizeRegistryHost(registry);
    this.registries?.pushed(host, repositoryPath(host, name.slice(0, colon)));
  }

  private async exposedPort(reference: string): Promise<number | undefined> {
    const engine = await this.images.engine();
    const inspected = engine.ok ? await engine.value.inspectImage(reference) : undefined;
    const tcp = inspected?.ok ? inspected.value.exposedPorts.map(port => /^(\d+)\/tcp$/.exec(port)?.[1]).find(Boolean) : undefined;
    return tcp ? Number(tcp) : undefined;
  }

  private async task(reference: string, action: Parameters<typeof runImageTask>[0], options: { wait?: boolean } = {}): Promise<ImageActionResult> {
    try {
      const outcome = await runImageTask(action, options);
      return { reference, commandLine: outcome.commandLine, ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}) };
    } catch (error) {
      if (!(error instanceof DockerArgumentError)) throw error;
      void vscode.window.showErrorMessage(error.message);
      return { reference, message: error.message, skipped: error.message };
    }
  }
}

/** Registries to push to: the Registries view's and docker's logins, or another one typed as host[:port][/namespace]. */
async function chooseRegistry(reference: string): Promise<string | undefined> {
  const config = await readDockerConfig(dockerConfigDir(process.env, os.homedir()));
  const configured = readRegistryEntries(vscode.workspace.getConfiguration(settingsSection).get<unknown>(settingNames.registries)).map(entry => entry.host);
  const known = knownRegistries({ recent: [], configured, config }).map(entry => ({
    label: entry.destination,
    description: entry.source === 'setting' ? vscode.l10n.t('Registries view') : vscode.l10n.t('docker has a login for it'),
    destination: entry.destination as string | undefined,
  }));
  const other = { label: `$(edit) ${vscode.l10n.t('Another registry…')}`, description: vscode.l10n.t('host[:port][/namespace]'), destination: undefined };
  const picked = await vscode.window.showQuickPick([...known, other], { title: vscode.l10n.t('Push {0}', reference), placeHolder: vscode.l10n.t('Where to push') });
  if (!picked || picked.destination) return picked?.destination;
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Push {0}', reference), prompt: vscode.l10n.t('host[:port][/namespace], e.g. localhost:5000 or ghcr.io/owner'),
    validateInput: value => {
      try {
        const { registry, namespace } = parsePushDestination(value);
        return { message: vscode.l10n.t('Pushes {0}', remoteImageName(reference, registry, namespace)), severity: vscode.InputBoxValidationSeverity.Info };
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
}

function checkedName(text: string): { name?: string; message?: string } {
  try {
    return { name: formatImageName(parseImageName(text)) };
  } catch (error) {
    return { message: (error as Error).message };
  }
}

function refuseUntrusted(): ImageActionResult {
  const untrustedMessage = vscode.l10n.t('Run, Push and Pull start docker, so they need a trusted workspace.');
  void vscode.window.showWarningMessage(untrustedMessage);
  return { skipped: untrustedMessage };
}

function isNode<K extends ImageTreeNode['kind']>(node: unknown, kind: K): node is ImageNodeOf<K> {
  return typeof node === 'object' && node !== null && (node as { kind?: unknown }).kind === kind;
}

function tagNode(node: unknown): ImageNodeOf<'tag'> | undefined {
  return isNode(node, 'tag') ? node : undefined;
}

export function optionsObject<T>(value: unknown): T {
  return (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof vscode.Uri) ? value : {}) as T;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

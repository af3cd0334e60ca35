import * as vscode from 'vscode';
import { DockerArgumentError } from '../../core/docker/dockerCommands';
import { isValidRepositoryName, isValidTag } from '../../core/docker/imageName';
import { createRegistryClient, normalizeRegistryHost } from '../../core/registry';
import {
  azureRegistryHost, isRegistryHost, presetOf, RegistryPresetId, registryImageReference, registryPresets, registryWebPage, withoutRegistry,
  withoutRepository, withRegistry, withRepositories,
} from '../../core/views/registryEntries';
import { settingsSection } from '../containers/containerTasks';
import { optionsObject } from './imageActions';
import { insecureRegistries, RegistriesTreeProvider, RegistryNode, RegistryTreeNode, RepositoryNode, TagNode } from './registriesView';
import { RegistryLogins } from './registryLogins';
import { runImageTask } from './viewTasks';

// The Registries view's actions. As in the Images view, each takes its node and an options object for
// scripts and tests; `prompt: false` asks nothing and takes the answers from the options.

export interface AddRegistryOptions { readonly prompt?: boolean; readonly host?: string; readonly preset?: RegistryPresetId; readonly repositories?: readonly string[] }
export interface LogInOptions { readonly prompt?: boolean; readonly username?: string; readonly password?: string }
export interface RepositoryOptions { readonly prompt?: boolean; readonly repository?: string }
export interface FilterOptions { readonly prompt?: boolean; readonly filter?: string }
export interface RetagOptions { readonly prompt?: boolean; readonly tag?: string }
export interface ConfirmOptions { readonly prompt?: boolean }

export interface RegistryActionResult {
  readonly host?: string;
  readonly reference?: string;
  readonly digest?: string;
  readonly url?: string;
  readonly commandLine?: readonly string[];
  readonly exitCode?: number;
  readonly loggedIn?: boolean;
  /** What went wrong, in the words shown to the user. */
  readonly message?: string;
  readonly skipped?: string;
}

export class RegistryActions {
  constructor(private readonly registries: RegistriesTreeProvider, private readonly logins: RegistryLogins) {}

  /** Adds a registry to `dotnetContainers.registries`: a preset, an ACR name, or any host[:port]. */
  async add(rawOptions: unknown): Promise<RegistryActionResult> {
    const options = optionsObject<AddRegistryOptions>(rawOptions);
    let presetId = options.preset ?? (options.host ? presetOf(options.host).id : undefined);
    if (!presetId && options.prompt !== false) {
      const picked = await vscode.window.showQuickPick(registryPresets.map(preset => ({ label: preset.label, detail: preset.detail, id: preset.id })), { title: 'Add Registry', placeHolder: 'Which registry?', matchOnDetail: true });
      presetId = picked?.id;
    }
    if (!presetId) return { skipped: 'no registry was chosen' };
    const preset = registryPresets.find(candidate => candidate.id === presetId)!;
    let host = options.host ? normalizeRegistryHost(options.host) : preset.host;
    if (!host && options.prompt !== false) {
      host = presetId === 'acr'
        ? azureRegistryHost(await vscode.window.showInputBox({ title: 'Azure Container Registry', prompt: 'The registry name (<name>.azurecr.io)', validateInput: value => (azureRegistryHost(value) ? undefined : '5 to 50 letters and digits') }) ?? '')
        : await vscode.window.showInputBox({ title: 'Add Registry', prompt: 'host[:port] of a V2/OCI registry, e.g. localhost:5000 or harbor.example.com', validateInput: value => (isRegistryHost(normalizeRegistryHost(value)) ? undefined : 'host or host:port, without a path') }).then(value => (value ? normalizeRegistryHost(value) : undefined));
    }
    if (!host || !isRegistryHost(host)) return { skipped: host ? `"${host}" is not host[:port]` : 'no host was given' };
    await this.updateRegistries(setting => withRegistry(setting, host!, options.repositories ?? preset.repositories ?? []));
    return { host };
  }

  async remove(node: unknown): Promise<RegistryActionResult> {
    if (!isNode(node, 'registry')) return { skipped: 'Remove Registry works on a registry of the Registries view' };
    await this.updateRegistries(setting => withoutRegistry(setting, node.host));
    // The login typed here belonged to this registry only.
    return this.logOut(node);
  }

  /**
   * Asks a user name and a password or token, checks them against the registry, and keeps them in
   * SecretStorage. Logins docker already has (config.json, credential helpers) are used without this.
   */
  async logIn(node: unknown, rawOptions: unknown): Promise<RegistryActionResult> {
    const registry = registryOf(node);
    if (!registry) return { skipped: 'Log In… works on a registry of the Registries view' };
    const host = registry.host;
    const options = optionsObject<LogInOptions>(rawOptions);
    const ask = options.prompt !== false;
    const username = options.username ?? (ask ? await vscode.window.showInputBox({ title: `Log in to ${host}`, prompt: 'User name', ignoreFocusOut: true }) : undefined);
    if (!username) return { host, skipped: 'no user name was given' };
    const password = options.password ?? (ask ? await vscode.window.showInputBox({ title: `Log in to ${host} as ${username}`, prompt: 'Password or access token (kept in VS Code\'s secret storage)', password: true, ignoreFocusOut: true }) : undefined);
    if (!password) return { host, skipped: 'no password was given' };

    // Only these credentials: a stale docker login must not make a wrong password look right.
    const probe = createRegistryClient(host, {
      insecureRegistries: insecureRegistries(),
      useDockerConfig: false,
      credentials: async () => ({ kind: 'basic', username, password }),
    });
    try {
      const answer = await probe.ping();
      if (!answer.ok) {
        const message = answer.error.category === 'unauthorized' || answer.error.category === 'forbidden' ? `${host} refused the login for ${username}.` : `Cannot check the login: ${answer.error.message}`;
        void vscode.window.showErrorMessage(message);
        return { host, loggedIn: false, message };
      }
    } finally {
      probe.close();
    }
    await this.logins.store(host, { username, password });
    this.registries.credentialsChanged(host);
    return { host, loggedIn: true };
  }

  async logOut(node: unknown): Promise<RegistryActionResult> {
    const registry = registryOf(node);
    if (!registry) return { skipped: 'Log Out works on a registry of the Registries view' };
    await this.logins.forget(registry.host);
    this.registries.credentialsChanged(registry.host);
    return { host: registry.host };
  }

  /** For registries that do not list their repositories (Docker Hub, GHCR, MCR) or hide some. */
  async addRepository(node: unknown, rawOptions: unknown): Promise<RegistryActionResult> {
    const registry = registryOf(node);
    if (!registry) return { skipped: 'Add Repository… works on a registry of the Registries view' };
    const options = optionsObject<RepositoryOptions>(rawOptions);
    const repository = options.repository ?? (options.prompt === false ? undefined : await vscode.window.showInputBox({
      title: `Add a repository of ${registry.host}`, prompt: 'The repository path, e.g. dotnet/aspnet or my-team/my-app',
      validateInput: value => (isValidRepositoryName(value.trim()) ? undefined : 'lowercase letters, digits and . _ - separators, joined by /'),
    }));
    if (!repository || !isValidRepositoryName(repository.trim())) return { host: registry.host, skipped: 'no valid repository was given' };
    await this.updateRegistries(setting => withRepositories(setting, registry.host, [repository.trim()]));
    return { host: registry.host, reference: registryImageReference(registry.host, repository.trim()) };
  }

  async removeRepository(node: unknown): Promise<RegistryActionResult> {
    if (!isNode(node, 'repository')) return { skipped: 'Remove Repository works on a repository of the Registries view' };
    await this.updateRegistries(setting => withoutRepository(setting, node.registry.host, node.repository));
    return { host: node.registry.host, reference: registryImageReference(node.registry.host, node.repository) };
  }

  async filterTags(node: unknown, rawOptions: unknown): Promise<RegistryActionResult> {
    if (!isNode(node, 'repository')) return { skipped: 'Filter Tags… works on a repository of the Registries view' };
    const options = optionsObject<FilterOptions>(rawOptions);
    const filter = options.filter ?? (options.prompt === false ? undefined : await vscode.window.showInputBox({
      title: `Filter the tags of ${node.repository}`, value: this.registries.filterOf(node) ?? '', prompt: 'Tags that contain this text (any case), e.g. 8.0 or alpine; empty shows all',
    }));
    if (filter === undefined) return { skipped: 'the filter was not changed' };
    this.registries.setFilter(node, filter);
    return { reference: registryImageReference(node.registry.host, node.repository) };
  }

  clearFilter(node: unknown): RegistryActionResult {
    if (!isNode(node, 'repository')) return { skipped: 'Clear Filter works on a repository of the Registries view' };
    this.registries.setFilter(node, undefined);
    return { reference: registryImageReference(node.registry.host, node.repository) };
  }

  /** `docker pull host/repository:tag` as a task, as Push… pushes. */
  async pull(node: unknown): Promise<RegistryActionResult> {
    if (!isNode(node, 'tag')) return { skipped: 'Pull works on a tag of the Registries view' };
    const reference = tagReference(node);
    if (!vscode.workspace.isTrusted) {
      const message = 'Pull starts docker, so it needs a trusted workspace.';
      void vscode.window.showWarningMessage(message);
      return { reference, skipped: message };
    }
    try {
      const outcome = await runImageTask({ action: 'pull', image: `${node.repository.repository}:${node.tag}`, registry: node.repository.registry.host });
      if (outcome.exitCode === 0) void vscode.window.showInformationMessage(`Pulled ${reference}.`);
      else void vscode.window.showErrorMessage(`Pulling ${reference} failed: the terminal says why.`);
      return { reference, commandLine: outcome.commandLine, ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}) };
    } catch (error) {
      if (!(error instanceof DockerArgumentError)) throw error;
      void vscode.window.showErrorMessage(error.message);
      return { reference, message: error.message, skipped: error.message };
    }
  }

  async copyReference(node: unknown): Promise<RegistryActionResult> {
    const reference = isNode(node, 'tag') ? tagReference(node) : isNode(node, 'repository') ? registryImageReference(node.registry.host, node.repository) : undefined;
    if (!reference) return { skipped: 'Copy Reference works on a repository or tag of the Registries view' };
    await vscode.env.clipboard.writeText(reference);
    return { reference };
  }

  /** Deletes the manifest the tag points at (by digest: registries refuse deletes by tag), after a modal confirmation. */
  async deleteTag(node: unknown, rawOptions: unknown): Promise<RegistryActionResult> {
    if (!isNode(node, 'tag')) return { skipped: 'Delete Tag… works on a tag of the Registries view' };
    const reference = tagReference(node);
    if (optionsObject<ConfirmOptions>(rawOptions).prompt !== false) {
      const confirmed = await vscode.window.showWarningMessage(`Delete ${reference} from the registry?`, { modal: true, detail: 'The registry deletes the image by its digest: every other tag on the same digest goes with it. This cannot be undone.' }, 'Delete');
      if (confirmed !== 'Delete') return { reference, skipped: 'the deletion was cancelled' };
    }
    const deleted = await this.registries.client(node.repository.registry.host).deleteTag(node.repository.repository, node.tag);
    if (!deleted.ok) {
      void vscode.window.showErrorMessage(`Deleting ${reference} failed: ${deleted.error.message}`);
      return { reference, message: deleted.error.message };
    }
    // Every tag on that digest went with it: the repository's tags are listed again.
    this.registries.refresh(node.repository);
    return { reference, digest: deleted.value.digest };
  }

  /** Puts the tag's manifest under a new tag in the registry itself: nothing is pulled or pushed. */
  async retag(node: unknown, rawOptions: unknown): Promise<RegistryActionResult> {
    if (!isNode(node, 'tag')) return { skipped: 'Retag… works on a tag of the Registries view' };
    const options = optionsObject<RetagOptions>(rawOptions);
    const newTag = options.tag ?? (options.prompt === false ? undefined : await vscode.window.showInputBox({
      title: `Retag ${tagReference(node)}`, prompt: 'The new tag, in the same repository (the registry copies the manifest: nothing is pulled)',
      validateInput: value => (isValidTag(value) ? undefined : 'up to 128 letters, digits, _ . - and not starting with . or -'),
    }));
    if (!newTag) return { skipped: 'no tag was given' };
    const reference = registryImageReference(node.repository.registry.host, node.repository.repository, newTag);
    const made = await this.registries.client(node.repository.registry.host).retag(node.repository.repository, node.tag, newTag);
    if (!made.ok) {
      void vscode.window.showErrorMessage(`Retagging ${tagReference(node)} as ${newTag} failed: ${made.error.message}`);
      return { reference, message: made.error.message };
    }
    this.registries.tagAdded(node.repository, newTag);
    return { reference, digest: made.value.digest };
  }

  async openInBrowser(node: unknown): Promise<RegistryActionResult> {
    const url = isNode(node, 'tag') ? registryWebPage(node.repository.registry.host, node.repository.repository, node.tag)
      : isNode(node, 'repository') ? registryWebPage(node.registry.host, node.repository) : undefined;
    if (!url) return { skipped: 'this registry has no web page to open' };
    await vscode.env.openExternal(vscode.Uri.parse(url));
    return { url };
  }

  /** Writes the setting where it is set now: the workspace's value if it has one, else the user's. */
  private async updateRegistries(change: (setting: unknown) => unknown[]): Promise<void> {
    const settings = vscode.workspace.getConfiguration(settingsSection);
    const inspected = settings.inspect<unknown>('registries');
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    const current = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
    await settings.update('registries', change(current ?? []), target);
    this.registries.refresh();
  }
}

function isNode<K extends RegistryTreeNode['kind']>(node: unknown, kind: K): node is Extract<RegistryTreeNode, { kind: K }> {
  return typeof node === 'object' && node !== null && (node as { kind?: unknown }).kind === kind;
}

/** The registry a node belongs to (a login problem node belongs to the registry it was loading for). */
function registryOf(node: unknown): RegistryNode | undefined {
  if (isNode(node, 'registry')) return node;
  if (isNode(node, 'problem')) return registryOf(node.owner);
  if (isNode(node, 'repository')) return node.registry;
  if (isNode(node, 'tag')) return (node as TagNode).repository.registry;
  if (isNode(node, 'platform')) return node.tag.repository.registry;
  if (isNode(node, 'hint')) return node.registry;
  return undefined;
}

function tagReference(node: TagNode): string {
  const repository: RepositoryNode = node.repository;
  return registryImageReference(repository.registry.host, repository.repository, node.tag);
}

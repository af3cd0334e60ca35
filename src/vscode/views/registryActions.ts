import * as vscode from 'vscode';
import { DockerArgumentError } from '../../core/docker/dockerArgv';
import { isValidRepositoryName, isValidTag } from '../../core/docker/imageName';
import { createRegistryClient, normalizeRegistryHost } from '../../core/registry';
import {
  azureRegistryHost, isRegistryHost, presetOf, RegistryPresetId, registryImageReference, registryPresets, registryWebPage, withoutRegistry,
  withoutRepository, withRegistry, withRepositories,
} from '../../core/views/registryEntries';
import { settingNames, settingsSection } from '../settingsKeys';
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
export interface DeleteTagActionOptions {
  readonly prompt?: boolean;
  /**
   * With `prompt: false`: the tags on the same manifest may go too, where the registry deletes only by digest.
   * Without it only a tag no other tag shares is deleted that way.
   */
  readonly withSharedTags?: boolean;
}

export interface RegistryActionResult {
  readonly host?: string;
  readonly reference?: string;
  readonly digest?: string;
  readonly url?: string;
  readonly commandLine?: readonly string[];
  readonly exitCode?: number;
  readonly loggedIn?: boolean;
  /** Delete Tag: the other tags on the same manifest, and the tags that are gone. */
  readonly sharedTags?: readonly string[];
  readonly deletedTags?: readonly string[];
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
    let typedHost: string | undefined;
    if (!presetId && options.prompt !== false) {
      const picked = await pickRegistry();
      presetId = picked?.preset;
      typedHost = picked?.host;
    }
    if (!presetId) return { skipped: 'no registry was chosen' };
    const preset = registryPresets.find(candidate => candidate.id === presetId)!;
    let host = options.host ? normalizeRegistryHost(options.host) : typedHost ?? preset.host;
    if (!host && options.prompt !== false) {
      host = presetId === 'acr'
        ? azureRegistryHost(await vscode.window.showInputBox({ title: vscode.l10n.t('Azure Container Registry'), prompt: vscode.l10n.t('The registry name (<name>.azurecr.io)'), validateInput: value => (azureRegistryHost(value) ? undefined : vscode.l10n.t('5 to 50 letters and digits')) }) ?? '')
        : await vscode.window.showInputBox({ title: vscode.l10n.t('Add Registry'), prompt: vscode.l10n.t('host[:port] of a V2/OCI registry, e.g. localhost:5000 or harbor.example.com'), validateInput: value => (isRegistryHost(normalizeRegistryHost(value)) ? undefined : vscode.l10n.t('host or host:port, without a path')) }).then(value => (value ? normalizeRegistryHost(value) : undefined));
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
    const username = options.username ?? (ask ? await vscode.window.showInputBox({ title: vscode.l10n.t('Log in to {0}', host), prompt: vscode.l10n.t('User name'), ignoreFocusOut: true }) : undefined);
    if (!username) return { host, skipped: 'no user name was given' };
    const password = options.password ?? (ask ? await vscode.window.showInputBox({ title: vscode.l10n.t('Log in to {0} as {1}', host, username), prompt: vscode.l10n.t('Password or access token (kept in VS Code\'s secret storage)'), password: true, ignoreFocusOut: true }) : undefined);
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
        const message = answer.error.category === 'unauthorized' || answer.error.category === 'forbidden' ? vscode.l10n.t('{0} refused the login for {1}.', host, username) : vscode.l10n.t('Cannot check the login: {0}', answer.error.message);
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
      title: vscode.l10n.t('Add a repository of {0}', registry.host), prompt: vscode.l10n.t('The repository path, e.g. dotnet/aspnet or my-team/my-app'),
      validateInput: value => (isValidRepositoryName(value.trim()) ? undefined : vscode.l10n.t('lowercase letters, digits and . _ - separators, joined by /')),
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
      title: vscode.l10n.t('Filter the tags of {0}', node.repository), value: this.registries.filterOf(node) ?? '', prompt: vscode.l10n.t('Tags that contain this text (any case), e.g. 8.0 or alpine; empty shows all'),
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
      const message = vscode.l10n.t('Pull starts docker, so it needs a trusted workspace.');
      void vscode.window.showWarningMessage(message);
      return { reference, skipped: message };
    }
    try {
      const outcome = await runImageTask({ action: 'pull', image: `${node.repository.repository}:${node.tag}`, registry: node.repository.registry.host });
      if (outcome.exitCode === 0) void vscode.window.showInformationMessage(vscode.l10n.t('Pulled {0}.', reference));
      else void vscode.window.showErrorMessage(vscode.l10n.t('Pulling {0} failed: the terminal says why.', reference));
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
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} to the clipboard.', reference));
    return { reference };
  }

  /**
   * Deletes one tag, after a modal confirmation that names the other tags on the same manifest: a registry that
   * cannot delete a tag by name (distribution 2.x) deletes the manifest by digest, and they go with it.
   */
  async deleteTag(node: unknown, rawOptions: unknown): Promise<RegistryActionResult> {
    if (!isNode(node, 'tag')) return { skipped: 'Delete Tag… works on a tag of the Registries view' };
    const reference = tagReference(node);
    const options = optionsObject<DeleteTagActionOptions>(rawOptions);
    const client = this.registries.client(node.repository.registry.host);
    const sharing = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for the tags on the same manifest as {0}…', reference), cancellable: true },
      (_, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return client.tagsSharingDigest(node.repository.repository, node.tag, { signal: controller.signal });
      },
    );
    if (!sharing.ok) {
      if (sharing.error.category === 'cancelled') return { reference, skipped: 'the deletion was cancelled' };
      const message = vscode.l10n.t('Nothing was deleted: cannot tell which tags share the manifest of {0}: {1}', reference, sharing.error.message);
      void vscode.window.showErrorMessage(message);
      return { reference, message };
    }
    const { digest, tags: shared } = sharing.value;
    const named = tagList(shared);
    // The digest may be deleted (taking the shared tags) only once those tags were named and accepted.
    let digestDeleteConfirmed = !shared.length || options.withSharedTags ? digest : undefined;
    if (options.prompt !== false) {
      const question = !shared.length ? vscode.l10n.t('Delete {0} from the registry?', reference)
        : shared.length === 1 ? vscode.l10n.t('Delete {0}? {1} is on the same manifest.', reference, named) : vscode.l10n.t('Delete {0}? {1} are on the same manifest.', reference, named);
      const detail = shared.length
        ? vscode.l10n.t('Where the registry deletes one tag by name, only {0} goes. Where it deletes only by digest (as CNCF Distribution 2.x does), the manifest {1} goes, and {2} with it. This cannot be undone.', node.tag, shortDigest(digest), named)
        : vscode.l10n.t('No other tag of {0} is on its manifest ({1}). This cannot be undone.', node.repository.repository, shortDigest(digest));
      const deleteButton = vscode.l10n.t('Delete');
      const confirmed = await vscode.window.showWarningMessage(question, { modal: true, detail }, deleteButton);
      if (confirmed !== deleteButton) return { reference, sharedTags: shared, skipped: 'the deletion was cancelled' };
      digestDeleteConfirmed = digest;
    }
    const deleted = await client.deleteTag(node.repository.repository, node.tag, digestDeleteConfirmed ? { digestDeleteConfirmed } : {});
    if (!deleted.ok) {
      const message = deleted.error.category === 'unsupported' && shared.length && !digestDeleteConfirmed
        ? vscode.l10n.t('Deleting {0} failed: {1} ({2} would go with it)', reference, deleted.error.message, named)
        : vscode.l10n.t('Deleting {0} failed: {1}', reference, deleted.error.message);
      void vscode.window.showErrorMessage(message);
      return { reference, digest, sharedTags: shared, message };
    }
    this.registries.refresh(node.repository);
    const gone = deleted.value.deleted === 'manifest' ? [node.tag, ...shared] : [node.tag];
    void vscode.window.showInformationMessage(deleted.value.deleted === 'manifest' && shared.length ? vscode.l10n.t('Deleted {0} and, on the same manifest, {1}.', reference, named)
      : !shared.length ? vscode.l10n.t('Deleted {0}.', reference)
        : shared.length === 1 ? vscode.l10n.t('Deleted {0}; {1} still points at its manifest.', reference, named) : vscode.l10n.t('Deleted {0}; {1} still point at its manifest.', reference, named));
    return { reference, digest, sharedTags: shared, deletedTags: gone };
  }

  /** Puts the tag's manifest under a new tag in the registry itself: nothing is pulled or pushed. */
  async retag(node: unknown, rawOptions: unknown): Promise<RegistryActionResult> {
    if (!isNode(node, 'tag')) return { skipped: 'Retag… works on a tag of the Registries view' };
    const options = optionsObject<RetagOptions>(rawOptions);
    const newTag = options.tag ?? (options.prompt === false ? undefined : await vscode.window.showInputBox({
      title: vscode.l10n.t('Retag {0}', tagReference(node)), prompt: vscode.l10n.t('The new tag, in the same repository (the registry copies the manifest: nothing is pulled)'),
      validateInput: value => (isValidTag(value) ? undefined : vscode.l10n.t('up to 128 letters, digits, _ . - and not starting with . or -')),
    }));
    if (!newTag) return { skipped: 'no tag was given' };
    const reference = registryImageReference(node.repository.registry.host, node.repository.repository, newTag);
    const made = await this.registries.client(node.repository.registry.host).retag(node.repository.repository, node.tag, newTag);
    if (!made.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Retagging {0} as {1} failed: {2}', tagReference(node), newTag, made.error.message));
      return { reference, message: made.error.message };
    }
    this.registries.tagAdded(node.repository, newTag);
    void vscode.window.showInformationMessage(vscode.l10n.t('Retagged {0} as {1}: the same manifest ({2}), nothing pulled.', tagReference(node), newTag, shortDigest(made.value.digest)));
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
    const inspected = settings.inspect<unknown>(settingNames.registries);
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    const current = target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue;
    await settings.update(settingNames.registries, change(current ?? []), target);
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

/**
 * The first question of Add Registry: a preset, or a host[:port] typed straight into the pick, which becomes an
 * item of its own ("Add localhost:5000") so that Enter takes it.
 */
function pickRegistry(): Promise<{ readonly preset: RegistryPresetId; readonly host?: string } | undefined> {
  type Item = vscode.QuickPickItem & { readonly preset: RegistryPresetId; readonly host?: string };
  const presetItems: Item[] = registryPresets.map(preset => ({ label: preset.label, detail: preset.detail, preset: preset.id }));
  const typedItem = (value: string): Item | undefined => {
    const host = normalizeRegistryHost(value);
    // A bare word ("docker", "quay") is a search among the presets, not a registry.
    if (!isRegistryHost(host) || !(host.includes('.') || host.includes(':') || host === 'localhost')) return undefined;
    const preset = presetOf(host);
    return { label: `$(add) ${vscode.l10n.t('Add {0}', host)}`, description: preset.id === 'generic' ? vscode.l10n.t('a V2/OCI registry') : preset.label, alwaysShow: true, preset: preset.id, host };
  };
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = vscode.l10n.t('Add Registry');
  pick.placeholder = vscode.l10n.t('Which registry? Or type its host[:port], e.g. localhost:5000');
  pick.matchOnDetail = true;
  pick.items = presetItems;
  return new Promise(resolve => {
    const subscriptions = [
      pick.onDidChangeValue(value => {
        const typed = typedItem(value);
        pick.items = typed ? [typed, ...presetItems] : presetItems;
        // A preset may match the text too ("ghcr.io"): Enter takes what was typed.
        if (typed) pick.activeItems = [typed];
      }),
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
        if (!chosen) return;
        resolve({ preset: chosen.preset, ...(chosen.host ? { host: chosen.host } : {}) });
        pick.hide();
      }),
      pick.onDidHide(() => {
        resolve(undefined);
        for (const subscription of subscriptions) subscription.dispose();
        pick.dispose();
      }),
    ];
    pick.show();
  });
}

/** `1.1 and 1.0`, `a, b and c`; a long list ends with how many more. */
function tagList(tags: readonly string[]): string {
  const shown = tags.length > 10 ? [...tags.slice(0, 10), vscode.l10n.t('{0} more', tags.length - 10)] : [...tags];
  return shown.length > 1 ? vscode.l10n.t('{0} and {1}', shown.slice(0, -1).join(', '), shown.at(-1)!) : shown[0] ?? '';
}

function shortDigest(digest: string): string {
  return `${digest.slice(0, 19)}…`;
}

function tagReference(node: TagNode): string {
  const repository: RepositoryNode = node.repository;
  return registryImageReference(repository.registry.host, repository.repository, node.tag);
}

import * as vscode from 'vscode';
import { formatAge, formatImageSize } from '../../core/engine';
import {
  createRegistryClient, filterTags, ImagePlatform, RegistryClient, RegistryError, RegistryResult, sortTags, TagDetails,
} from '../../core/registry';
import { commandIds } from '../../core/ids';
import { PagedNames } from '../../core/views/pagedNames';
import { ProblemNode, registryProblem } from '../../core/views/problemNodes';
import { offersCatalog, presetOf, readRegistryEntries, registryImageReference, registryWebPage } from '../../core/views/registryEntries';
import { settingNames, settingsSection } from '../settingsKeys';
import { problemItem } from './imagesView';
import { RegistryLogins } from './registryLogins';
import { AgeTicker, ViewClock } from './viewClock';

// The Registries view: registries → repositories → tags → details. Each level loads when it is expanded
// and keeps what it loaded (per node) until it is refreshed; tags come a page at a time behind "Load more…",
// and a tag's digest, platforms, created date and size are fetched only when that tag is expanded or hovered.

export interface RegistryNode { readonly kind: 'registry'; readonly host: string; readonly addedRepositories: readonly string[] }
export interface RepositoryNode { readonly kind: 'repository'; readonly registry: RegistryNode; readonly repository: string; readonly added: boolean }
export interface TagNode { readonly kind: 'tag'; readonly repository: RepositoryNode; readonly tag: string }
export interface PlatformNode { readonly kind: 'platform'; readonly tag: TagNode; readonly platform: ImagePlatform }
export interface FactNode { readonly kind: 'fact'; readonly key: string; readonly label: string; readonly value: string }
export interface LoadMoreNode { readonly kind: 'loadMore'; readonly parent: RegistryNode | RepositoryNode; readonly hiddenCount: number }
export interface RegistryProblemNode { readonly kind: 'problem'; readonly owner: RegistryNode | RepositoryNode | TagNode | PlatformNode; readonly problem: ProblemNode; readonly error: RegistryError }
export interface HintNode { readonly kind: 'hint'; readonly registry: RegistryNode; readonly label: string }

export type RegistryTreeNode = RegistryNode | RepositoryNode | TagNode | PlatformNode | FactNode | LoadMoreNode | RegistryProblemNode | HintNode;

/** How many tags (or repositories) a page fetches and "Load more…" adds. */
export const pageSize = 50;

export class RegistriesTreeProvider implements vscode.TreeDataProvider<RegistryTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RegistryTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly clients = new Map<string, RegistryClient>();
  /** Per registry / repository (keyed `host` / `host/repository`): what was loaded, kept across collapses. */
  private readonly catalogs = new Map<string, PagedNames>();
  private readonly tagLists = new Map<string, PagedNames>();
  private readonly details = new Map<string, Promise<RegistryResult<TagDetails>>>();
  /** Why a registry's catalog could not be used (its repositories then come from the setting only). */
  private readonly catalogErrors = new Map<string, RegistryError>();
  private readonly filters = new Map<string, string>();
  private readonly loggedIn = new Set<string>();
  /** Loads in flight, by the key of the node they load for: a refresh of that node (or an ancestor) cancels them. */
  private readonly inFlight = new Map<string, AbortController>();
  private rootNodes: RegistryNode[] | undefined;
  /** Counts the refreshes of the whole tree: a reading of the setting begun before one is not kept. */
  private rootGeneration = 0;
  /**
   * One object per repository, tag and platform: VS Code finds the element to redraw by identity, so a node
   * from an earlier getChildren (a context menu's argument) must be the one the tree holds.
   */
  private readonly interned = new Map<string, RepositoryNode | TagNode | PlatformNode>();
  /** Details known so far, to show a tag's description at once when it is drawn again. */
  private readonly settledDetails = new Map<string, TagDetails>();
  private loadCount = 0;
  /** Tags and platforms whose details are loaded show a created age: drawn again from the cache while visible. */
  private readonly ages = new AgeTicker(() => {
    for (const [key, node] of this.interned) if (node.kind !== 'repository' && this.details.has(key)) this.changed.fire(node);
  });

  constructor(private readonly logins: RegistryLogins, private readonly output: vscode.OutputChannel) {}

  /** The client for a host, made once with the settings' insecure registries and the SecretStorage logins. */
  client(host: string): RegistryClient {
    let client = this.clients.get(host);
    if (!client) {
      client = createRegistryClient(host, {
        insecureRegistries: insecureRegistries(),
        // Credential helpers are processes: an untrusted workspace starts none (its logins here still work).
        useDockerConfig: vscode.workspace.isTrusted,
        credentials: found => this.logins.get(found),
      });
      this.clients.set(host, client);
    }
    return client;
  }

  /** After the insecure registries changed: every client is made again. */
  resetClients(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
    this.refresh();
  }

  /** The filter of a repository's tags, or undefined. */
  filterOf(node: RepositoryNode): string | undefined {
    return this.filters.get(repositoryKey(node));
  }

  setFilter(node: RepositoryNode, filter: string | undefined): void {
    const text = filter?.trim();
    if (text) this.filters.set(repositoryKey(node), text);
    else this.filters.delete(repositoryKey(node));
    this.changed.fire(node);
  }

  /** Shows `pageSize` more of a repository's tags (or a registry's repositories), fetching when needed. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const parent = node.parent;
    const list = parent.kind === 'registry' ? this.catalogs.get(parent.host) : this.tagLists.get(repositoryKey(parent));
    if (!list) return;
    const filter = parent.kind === 'repository' ? this.tagFilter(parent) : undefined;
    const loaded = await this.track(nodeKey(parent), signal => list.showMore(filter, signal));
    if (!loaded.ok && loaded.error.category !== 'cancelled') void vscode.window.showErrorMessage(loaded.error.message);
    this.changed.fire(parent);
  }

  /**
   * After a push to `host`/`repository` (from the Images view): that repository's tags load again, or, when the
   * view has no node for it yet, the registry's repositories. Nothing happens for a registry not in the view.
   */
  pushed(host: string, repository: string): void {
    const registry = this.rootNodes?.find(node => node.host === host);
    if (!registry) return;
    const node = this.interned.get(`${host}|${repository}`);
    this.refresh(node?.kind === 'repository' ? node : registry);
  }

  /** Keeps ages current while the view is visible (the caller says when). */
  setVisible(visible: boolean): void {
    this.ages.setVisible(visible);
  }

  /** For tests: the clock ages are reckoned and redrawn by (undefined: the system's, once a minute). */
  setClock(clock: ViewClock | undefined): void {
    this.ages.setClock(clock);
  }

  /** A tag made in the registry (Retag): the loaded list takes it without fetching again. */
  tagAdded(repository: RepositoryNode, tag: string): void {
    this.tagLists.get(repositoryKey(repository))?.insert(tag);
    this.changed.fire(repository);
  }

  /** Loads a node (or everything) again: cancels its loads in flight and forgets what it loaded. */
  refresh(node?: RegistryTreeNode): void {
    const owner = node?.kind === 'problem' ? node.owner : node?.kind === 'loadMore' ? node.parent : node?.kind === 'hint' ? node.registry : node;
    if (owner?.kind === 'fact') return this.refresh();
    const prefix = owner ? nodeKey(owner) : '';
    for (const [key, controller] of this.inFlight) {
      if (isWithin(key, prefix)) {
        controller.abort();
        this.inFlight.delete(key);
      }
    }
    for (const cache of [this.catalogs, this.tagLists, this.details, this.settledDetails, this.catalogErrors] as Array<Map<string, unknown>>) {
      for (const key of [...cache.keys()]) if (isWithin(key, prefix)) cache.delete(key);
    }
    // The node itself stays the object the tree holds; what is below it is made again.
    for (const key of [...this.interned.keys()]) if (key !== prefix && isWithin(key, prefix)) this.interned.delete(key);
    if (!owner) {
      this.rootNodes = undefined;
      this.rootGeneration++;
      this.loggedIn.clear();
    }
    this.changed.fire(owner);
  }

  /** After a login or logout: the client asks for credentials again, and the registry loads again. */
  credentialsChanged(host: string): void {
    this.clients.get(host)?.forgetCredentials();
    this.refresh();
  }

  getTreeItem(node: RegistryTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'registry': {
        const item = new vscode.TreeItem(node.host, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = nodeKey(node);
        const preset = presetOf(node.host);
        item.description = [preset.id === 'generic' ? undefined : preset.label, this.loggedIn.has(node.host) ? vscode.l10n.t('logged in here') : undefined].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon('server');
        item.contextValue = `registry${this.loggedIn.has(node.host) ? ' loggedIn' : ''}`;
        return item;
      }
      case 'repository': {
        const item = new vscode.TreeItem(node.repository, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = nodeKey(node);
        const filter = this.filterOf(node);
        item.description = filter !== undefined ? vscode.l10n.t('filter: {0}', filter) : undefined;
        item.tooltip = registryImageReference(node.registry.host, node.repository);
        item.iconPath = new vscode.ThemeIcon('repo');
        item.contextValue = ['registryRepository', node.added ? 'added' : '', filter !== undefined ? 'filtered' : '', registryWebPage(node.registry.host, node.repository) ? 'web' : ''].filter(Boolean).join(' ');
        return item;
      }
      case 'tag': {
        const item = new vscode.TreeItem(node.tag, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = nodeKey(node);
        const known = this.settledDetails.get(tagKey(node));
        if (known) item.description = detailsSummary(known, this.ages.now());
        item.iconPath = new vscode.ThemeIcon('tag');
        item.contextValue = `registryTag${registryWebPage(node.repository.registry.host, node.repository.repository, node.tag) ? ' web' : ''}`;
        return item;
      }
      case 'platform': {
        const { platform } = node;
        const item = new vscode.TreeItem(platformName(platform), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = platformKey(node);
        item.description = platform.digest.slice(0, 19);
        item.iconPath = new vscode.ThemeIcon('vm');
        item.contextValue = 'registryPlatform';
        return item;
      }
      case 'fact': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.key;
        item.description = node.value;
        item.tooltip = `${node.label}: ${node.value}`;
        item.contextValue = 'registryFact';
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
        item.id = `${nodeKey(node.parent)}|#more`;
        item.description = node.hiddenCount ? vscode.l10n.t('{0} more loaded', node.hiddenCount) : vscode.l10n.t('next page');
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: commandIds.loadMore, title: vscode.l10n.t('Load More'), arguments: [node] };
        item.contextValue = 'loadMore';
        return item;
      }
      case 'problem': {
        const item = problemItem(node.problem, node.owner.kind === 'registry' ? node.owner.host : nodeKey(node.owner));
        item.id = `${nodeKey(node.owner)}|#problem`;
        item.command = node.problem.canLogIn
          ? { command: commandIds.logInToRegistry, title: vscode.l10n.t('Log In…'), arguments: [node] }
          : { command: commandIds.retry, title: vscode.l10n.t('Retry'), arguments: [node] };
        return item;
      }
      case 'hint': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `${nodeKey(node.registry)}|#hint`;
        item.iconPath = new vscode.ThemeIcon('info');
        item.command = { command: commandIds.addRepository, title: vscode.l10n.t('Add Repository…'), arguments: [node.registry] };
        item.contextValue = 'registryHint';
        return item;
      }
    }
  }

  async getChildren(node?: RegistryTreeNode): Promise<RegistryTreeNode[]> {
    try {
      if (!node) return await this.registries();
      switch (node.kind) {
        case 'registry': return await this.repositories(node);
        case 'repository': return await this.tags(node);
        case 'tag': return await this.tagFacts(node);
        case 'platform': return await this.platformFacts(node);
        default: return [];
      }
    } catch (error) {
      // A provider must not reject: the view would show nothing and say nothing.
      const owner = node && (node.kind === 'registry' || node.kind === 'repository' || node.kind === 'tag' || node.kind === 'platform') ? node : undefined;
      if (!owner) return [];
      const unexpected: RegistryError = { category: 'malformed', message: vscode.l10n.t('unexpected failure: {0}', (error as Error).message) };
      return [{ kind: 'problem', owner, problem: registryProblem(unexpected), error: unexpected }];
    }
  }

  /** A hovered tag gets its details in the tooltip: one fetch, shared with expanding it. */
  async resolveTreeItem(item: vscode.TreeItem, node: RegistryTreeNode, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind !== 'tag') return item;
    const details = await this.tagDetails(node);
    if (token.isCancellationRequested || !details.ok) return item;
    const tooltip = new vscode.MarkdownString(`**${registryImageReference(node.repository.registry.host, node.repository.repository, node.tag)}**\n\n`);
    for (const fact of facts(details.value, tagKey(node), this.ages.now())) tooltip.appendMarkdown(`- ${fact.label}: ${fact.value}\n`);
    item.tooltip = tooltip;
    return item;
  }

  dispose(): void {
    this.ages.dispose();
    for (const controller of this.inFlight.values()) controller.abort();
    for (const client of this.clients.values()) client.close();
    this.changed.dispose();
  }

  // ---- loading ---------------------------------------------------------------------------------------

  private async registries(): Promise<RegistryNode[]> {
    while (!this.rootNodes) {
      const generation = this.rootGeneration;
      const entries = readRegistryEntries(vscode.workspace.getConfiguration(settingsSection).get<unknown>(settingNames.registries));
      const logins = await Promise.all(entries.map(entry => this.logins.has(entry.host)));
      // A refresh while the logins were asked (the setting changed) makes this reading stale: read again.
      if (generation !== this.rootGeneration) continue;
      entries.forEach((entry, index) => { if (logins[index]) this.loggedIn.add(entry.host); });
      this.rootNodes = entries.map(entry => ({ kind: 'registry', host: entry.host, addedRepositories: entry.repositories }));
    }
    return this.rootNodes;
  }

  private async repositories(node: RegistryNode): Promise<RegistryTreeNode[]> {
    const added = node.addedRepositories;
    const addedNodes = (names: readonly string[]): RepositoryNode[] => names.map(repository => this.intern({ kind: 'repository', registry: node, repository, added: added.includes(repository) }));
    if (!offersCatalog(node.host)) {
      return added.length ? addedNodes([...added].sort()) : [{ kind: 'hint', registry: node, label: vscode.l10n.t('{0} does not list repositories: Add Repository…', presetOf(node.host).label) }];
    }
    let catalog = this.catalogs.get(node.host);
    if (!catalog && !this.catalogErrors.has(node.host)) {
      const client = this.client(node.host);
      catalog = new PagedNames(request => client.listRepositories({ pageSize: request.pageSize, ...(request.from ? { from: request.from } : {}), ...(request.signal ? { signal: request.signal } : {}) })
        .then(page => (page.ok ? { ok: true, value: { names: page.value.repositories, ...(page.value.next ? { next: page.value.next } : {}) } } : page)), names => [...names].sort(), pageSize);
      const started = await this.track(nodeKey(node), signal => catalog!.start(signal));
      if (!started.ok) {
        if (started.error.category === 'cancelled') return [];
        this.output.appendLine(`Registries: ${node.host}: the repository list: ${started.error.message}`);
        this.catalogErrors.set(node.host, started.error);
        catalog = undefined;
      } else {
        this.catalogs.set(node.host, catalog);
      }
    }
    const error = this.catalogErrors.get(node.host);
    if (error) {
      const problem: RegistryProblemNode = { kind: 'problem', owner: node, problem: registryProblem(error), error };
      // A registry that keeps its catalog to itself still has the repositories the user named.
      if (['forbidden', 'not-found', 'unsupported', 'invalid'].includes(error.category)) {
        return added.length ? addedNodes([...added].sort()) : [{ kind: 'hint', registry: node, label: vscode.l10n.t('{0} does not list its repositories: Add Repository…', node.host) }];
      }
      return error.category === 'unauthorized' ? [problem, ...addedNodes([...added].sort())] : [problem];
    }
    const view = catalog!.view();
    const names = [...new Set([...added, ...view.names])].sort();
    const more: RegistryTreeNode[] = view.more ? [{ kind: 'loadMore', parent: node, hiddenCount: view.hiddenCount }] : [];
    return [...addedNodes(names), ...more];
  }

  private async tags(node: RepositoryNode): Promise<RegistryTreeNode[]> {
    const key = repositoryKey(node);
    let list = this.tagLists.get(key);
    if (!list) {
      const client = this.client(node.registry.host);
      // Sorted newest version first within what is loaded: a registry that pages returns its own order
      // (lexical, or storage order for distribution), so a newer tag may still be on a page not loaded yet.
      list = new PagedNames(request => client.listTags(node.repository, { pageSize: request.pageSize, ...(request.from ? { from: request.from } : {}), ...(request.signal ? { signal: request.signal } : {}) })
        .then(page => (page.ok ? { ok: true, value: { names: page.value.tags, ...(page.value.next ? { next: page.value.next } : {}) } } : page)), sortTags, pageSize);
      this.tagLists.set(key, list);
    }
    const filter = this.filterOf(node);
    // A search must see every tag, not only the pages loaded so far.
    const loaded = await this.track(nodeKey(node), signal => (filter !== undefined ? list!.loadAll(signal) : list!.start(signal)));
    if (!loaded.ok) {
      if (loaded.error.category === 'cancelled') return [];
      this.tagLists.delete(key);
      return [{ kind: 'problem', owner: node, problem: registryProblem(loaded.error), error: loaded.error }];
    }
    const view = list.view(this.tagFilter(node));
    const tags: RegistryTreeNode[] = view.names.map(tag => this.intern({ kind: 'tag', repository: node, tag }));
    if (view.more) tags.push({ kind: 'loadMore', parent: node, hiddenCount: view.hiddenCount });
    if (!tags.length) return [{ kind: 'fact', key: `${nodeKey(node)}|#empty`, label: filter !== undefined ? vscode.l10n.t('No tag contains "{0}"', filter) : vscode.l10n.t('No tags'), value: '' }];
    return tags;
  }

  private async tagFacts(node: TagNode): Promise<RegistryTreeNode[]> {
    const details = await this.tagDetails(node);
    if (!details.ok) {
      if (details.error.category === 'cancelled') return [];
      return [{ kind: 'problem', owner: node, problem: registryProblem(details.error), error: details.error }];
    }
    const platforms: RegistryTreeNode[] = (details.value.platforms ?? []).map(platform => this.intern({ kind: 'platform', tag: node, platform }));
    return [...facts(details.value, tagKey(node), this.ages.now()), ...platforms];
  }

  private async platformFacts(node: PlatformNode): Promise<RegistryTreeNode[]> {
    const key = platformKey(node);
    const details = await this.cachedDetails(key, node.tag.repository, node.platform.digest);
    if (!details.ok) {
      if (details.error.category === 'cancelled') return [];
      return [{ kind: 'problem', owner: node, problem: registryProblem(details.error), error: details.error }];
    }
    return facts(details.value, key, this.ages.now());
  }

  /** The details of a tag: fetched once, shared by expand and hover; the tag's description then shows them. */
  async tagDetails(node: TagNode): Promise<RegistryResult<TagDetails>> {
    const key = tagKey(node);
    const first = !this.details.has(key);
    const details = await this.cachedDetails(key, node.repository, node.tag);
    if (first && details.ok) {
      this.settledDetails.set(key, details.value);
      // Drawn again with the summary; its children come from the cache.
      setTimeout(() => this.changed.fire(node), 0);
    }
    return details;
  }

  private cachedDetails(key: string, repository: RepositoryNode, reference: string): Promise<RegistryResult<TagDetails>> {
    let details = this.details.get(key);
    if (!details) {
      details = this.track(key, signal => this.client(repository.registry.host).tagDetails(repository.repository, reference, { signal }));
      this.details.set(key, details);
      // A failure is not kept: expanding again tries again.
      void details.then(result => { if (!result.ok && this.details.get(key) === details) this.details.delete(key); });
    }
    return details;
  }

  private tagFilter(node: RepositoryNode): (names: readonly string[]) => readonly string[] {
    const filter = this.filterOf(node);
    return names => (filter === undefined ? names : filterTags(names, filter));
  }

  /** The node already made for this key (same registry, repository, tag), else this one. */
  private intern<T extends RepositoryNode | TagNode | PlatformNode>(node: T): T {
    const key = nodeKey(node);
    const known = this.interned.get(key) as T | undefined;
    // A repository's `added` follows the setting: a changed one is a new node.
    if (known && (known.kind !== 'repository' || (known as RepositoryNode).added === (node as RepositoryNode).added)) return known;
    this.interned.set(key, node);
    return node;
  }

  /** Runs a load that a refresh of `key` (or an ancestor) cancels. */
  private async track<T>(key: string, load: (signal: AbortSignal) => Promise<RegistryResult<T>>): Promise<RegistryResult<T>> {
    const controller = new AbortController();
    const trackingKey = `${key}|#load${++this.loadCount}`;
    this.inFlight.set(trackingKey, controller);
    try {
      return await load(controller.signal);
    } finally {
      this.inFlight.delete(trackingKey);
    }
  }
}

// Keys per node start with their ancestors' keys and `|` (which no host, repository, tag or digest
// contains), so a refresh finds everything below a node, and `app` never covers `app/api`.
function repositoryKey(node: RepositoryNode): string {
  return `${node.registry.host}|${node.repository}`;
}

function tagKey(node: TagNode): string {
  return `${repositoryKey(node.repository)}|${node.tag}`;
}

function platformKey(node: PlatformNode): string {
  return `${tagKey(node.tag)}|${node.platform.digest}`;
}

function nodeKey(node: RegistryNode | RepositoryNode | TagNode | PlatformNode): string {
  switch (node.kind) {
    case 'registry': return node.host;
    case 'repository': return repositoryKey(node);
    case 'tag': return tagKey(node);
    case 'platform': return platformKey(node);
  }
}

/** Whether `key` belongs to the node with key `prefix` or below it ('' is the root). */
function isWithin(key: string, prefix: string): boolean {
  return !prefix || key === prefix || key.startsWith(`${prefix}|`);
}

function platformName(platform: Pick<ImagePlatform, 'os' | 'architecture' | 'variant'>): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

function detailsSummary(details: TagDetails, now: Date): string {
  const parts = [
    details.created ? formatAge(details.created, now) : undefined,
    details.size !== undefined ? formatImageSize(details.size) : undefined,
    details.kind === 'index' ? vscode.l10n.t('{0} platforms', details.platforms?.length ?? 0) : details.os ? platformName({ os: details.os, architecture: details.architecture ?? 'unknown' }) : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** The facts of a tag (or a platform's manifest) as leaf nodes. */
function facts(details: TagDetails, key: string, now: Date): FactNode[] {
  // `name` keys the node; `label` is what the view shows.
  const fact = (name: string, label: string, value: string): FactNode => ({ kind: 'fact', key: `${key}|#${name}`, label, value });
  const list = [fact('digest', vscode.l10n.t('digest'), details.digest)];
  if (details.kind === 'index') list.push(fact('platforms', vscode.l10n.t('platforms'), (details.platforms ?? []).map(platformName).join(', ') || vscode.l10n.t('none')));
  else if (details.os) list.push(fact('platform', vscode.l10n.t('platform'), platformName({ os: details.os, architecture: details.architecture ?? 'unknown' })));
  if (details.created) list.push(fact('created', vscode.l10n.t('created'), `${details.created} (${formatAge(details.created, now)})`));
  if (details.size !== undefined) {
    const size = formatImageSize(details.size);
    list.push(fact('size', vscode.l10n.t('size'), details.layerCount === undefined ? vscode.l10n.t('{0} compressed', size)
      : details.layerCount === 1 ? vscode.l10n.t('{0} compressed, 1 layer', size) : vscode.l10n.t('{0} compressed, {1} layers', size, details.layerCount)));
  }
  if (details.kind === 'schema1') list.push(fact('format', vscode.l10n.t('format'), vscode.l10n.t('legacy schema 1 manifest')));
  if (details.kind === 'other') list.push(fact('media type', vscode.l10n.t('media type'), details.mediaType));
  return list;
}

/** `dotnetContainers.insecureRegistries`: hosts reached over plain HTTP besides loopback ones. */
export function insecureRegistries(): string[] {
  const listed = vscode.workspace.getConfiguration(settingsSection).get<unknown>(settingNames.insecureRegistries);
  return Array.isArray(listed) ? listed.filter((entry): entry is string => typeof entry === 'string') : [];
}

import * as vscode from 'vscode';
import { connectEngine, EngineClient, EngineError, EngineResult, formatAge } from '../../core/engine';
import { ContainerSummary, describePorts, groupContainers, portUrl, PublishedPort } from '../../core/engine/containerGroups';
import { commandIds } from '../../core/ids';
import { engineProblem, ProblemNode } from '../../core/views/problemNodes';
import { EngineWatch, watchEngine } from '../../core/views/engineWatch';
import { AgeTicker, ViewClock } from './viewClock';
import { problemItem } from './imagesView';

// The Containers view: the engine's containers (stopped ones too), grouped by Compose project, each with its
// state, image and published ports (a port opens in the browser). One `GET /containers/json?all=true` per load,
// cached until the engine's container events say something changed, as the Images view does for images.

export type ContainerTreeNode =
  | { readonly kind: 'project'; readonly project: string; readonly containers: readonly ContainerSummary[] }
  | { readonly kind: 'container'; readonly container: ContainerSummary }
  | { readonly kind: 'port'; readonly container: ContainerSummary; readonly port: PublishedPort }
  | { readonly kind: 'problem'; readonly problem: ProblemNode };

/** The `viewItem` of each node, for package.json's menus. */
export const containerContextValues = {
  project: 'composeProject',
  running: 'containerRunning',
  stopped: 'containerStopped',
  port: 'containerPort',
  problem: 'problem',
} as const;

export class ContainersTreeProvider implements vscode.TreeDataProvider<ContainerTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ContainerTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private client: Promise<EngineResult<EngineClient>> | undefined;
  private listing: Promise<ContainerTreeNode[]> | undefined;
  private loading: AbortController | undefined;
  private watch: EngineWatch | undefined;
  private watching = false;
  private readonly ages = new AgeTicker(() => { if (this.listing) this.changed.fire(undefined); });

  constructor(private readonly output: vscode.OutputChannel) {}

  /** The engine client, connected once and again after the engine went away. */
  async engine(): Promise<EngineResult<EngineClient>> {
    this.client ??= connectEngine();
    const client = await this.client;
    if (!client.ok) this.client = undefined;
    return client;
  }

  getTreeItem(node: ContainerTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'project': {
        const item = new vscode.TreeItem(node.project, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `project:${node.project}`;
        const running = node.containers.filter(c => c.state === 'running').length;
        item.description = vscode.l10n.t('Compose · {0} of {1} running', running, node.containers.length);
        item.iconPath = new vscode.ThemeIcon('layers');
        item.contextValue = containerContextValues.project;
        return item;
      }
      case 'container': {
        const { container } = node;
        const running = container.state === 'running';
        const item = new vscode.TreeItem(container.composeService ?? container.name, container.ports.some(p => p.hostPort !== undefined) ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `container:${container.id}`;
        item.description = `${container.image} · ${container.status || container.state}`;
        item.tooltip = containerTooltip(container, this.ages.now());
        item.iconPath = new vscode.ThemeIcon(running ? 'vm-running' : 'vm-outline', new vscode.ThemeColor(running ? 'charts.green' : 'disabledForeground'));
        item.contextValue = running ? containerContextValues.running : containerContextValues.stopped;
        return item;
      }
      case 'port': {
        const url = portUrl(node.port);
        const item = new vscode.TreeItem(describePorts([node.port]), vscode.TreeItemCollapsibleState.None);
        item.id = `port:${node.container.id}:${node.port.hostPort}:${node.port.containerPort}/${node.port.protocol}`;
        item.iconPath = new vscode.ThemeIcon('plug');
        item.contextValue = containerContextValues.port;
        if (url) {
          item.tooltip = vscode.l10n.t('Open {0} in the browser', url);
          item.command = { command: commandIds.openContainerPort, title: vscode.l10n.t('Open in Browser'), arguments: [node] };
        }
        return item;
      }
      case 'problem': {
        const item = problemItem(node.problem, vscode.l10n.t('containers'));
        item.command = { command: commandIds.refreshContainers, title: vscode.l10n.t('Retry'), arguments: [node] };
        return item;
      }
    }
  }

  async getChildren(node?: ContainerTreeNode): Promise<ContainerTreeNode[]> {
    try {
      if (!node) {
        this.listing ??= this.load();
        return await this.listing;
      }
      if (node.kind === 'project') return node.containers.map(container => ({ kind: 'container', container }));
      if (node.kind === 'container') return node.container.ports.filter(port => port.hostPort !== undefined).map(port => ({ kind: 'port', container: node.container, port }));
      return [];
    } catch (error) {
      // A provider must not reject: the view would show nothing and say nothing.
      return [{ kind: 'problem', problem: { label: vscode.l10n.t('Listing the containers failed'), detail: (error as Error).message, canLogIn: false } }];
    }
  }

  /** Loads again (see ImagesTreeProvider.refresh). */
  refresh(reconnect = false): void {
    this.loading?.abort();
    this.loading = undefined;
    this.listing = undefined;
    if (reconnect && this.client) {
      const previous = this.client;
      this.client = undefined;
      setTimeout(() => void previous.then(client => { if (client.ok) client.value.close(); }), 30_000).unref();
    }
    this.changed.fire(undefined);
  }

  /** Follows the engine's container events while the view is visible (the caller says when). */
  setVisible(visible: boolean): void {
    this.ages.setVisible(visible);
    if (visible && !this.watch) {
      if (this.listing) this.refresh();
      this.watch = watchEngine({
        connect: () => connectEngine(),
        filters: { type: ['container'] },
        onChange: () => this.refresh(),
        onConnection: (connected, error?: EngineError) => {
          this.watching = connected;
          if (!connected) this.output.appendLine(`Containers view: lost the engine's event stream${error ? ` (${error.message})` : ''}; reconnecting`);
        },
      });
    } else if (!visible && this.watch) {
      this.watch.stop();
      this.watch = undefined;
      this.watching = false;
    }
  }

  /** For tests: whether engine events reach the view right now. */
  get isWatchingEvents(): boolean {
    return this.watching;
  }

  /** For tests: the containers as the view shows them now (loading them if needed). */
  async containers(): Promise<ContainerSummary[]> {
    const roots = await this.getChildren();
    return roots.flatMap(node => node.kind === 'project' ? [...node.containers] : node.kind === 'container' ? [node.container] : []);
  }

  setClock(clock: ViewClock | undefined): void {
    this.ages.setClock(clock);
  }

  dispose(): void {
    this.setVisible(false);
    this.ages.dispose();
    this.loading?.abort();
    this.changed.dispose();
    void this.client?.then(client => { if (client.ok) client.value.close(); });
  }

  private async load(): Promise<ContainerTreeNode[]> {
    const controller = new AbortController();
    this.loading = controller;
    const engine = await this.engine();
    if (!engine.ok) return [{ kind: 'problem', problem: engineProblem(engine.error) }];
    const listed = await engine.value.listContainers({ all: true, signal: controller.signal });
    if (!listed.ok) {
      if (listed.error.category === 'cancelled') return [];
      if (listed.error.category === 'network' || listed.error.category === 'no-engine') this.client = undefined;
      return [{ kind: 'problem', problem: engineProblem(listed.error) }];
    }
    return groupContainers(listed.value).flatMap((group): ContainerTreeNode[] => group.project
      ? [{ kind: 'project', project: group.project, containers: group.containers }]
      : group.containers.map(container => ({ kind: 'container', container })));
  }
}

function containerTooltip(container: ContainerSummary, now: Date): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendText(container.name);
  tooltip.appendMarkdown('\n\n');
  const lines = [
    vscode.l10n.t('image: {0}', container.image),
    vscode.l10n.t('state: {0} ({1})', container.state, container.status),
    vscode.l10n.t('id: {0}', container.id.slice(0, 12)),
    vscode.l10n.t('created: {0}', formatAge(container.created, now)),
    ...(container.ports.length ? [vscode.l10n.t('ports: {0}', describePorts(container.ports))] : []),
    ...(container.composeProject ? [vscode.l10n.t('Compose: {0} / {1}', container.composeProject, container.composeService ?? '?')] : []),
  ];
  for (const line of lines) tooltip.appendText(`• ${line}\n`);
  return tooltip;
}

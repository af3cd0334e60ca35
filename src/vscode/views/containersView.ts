import * as vscode from 'vscode';
import { formatAge } from '../../core/engine';
import { ContainerSummary, describePorts, groupContainers, portUrl, PublishedPort } from '../../core/engine/containerGroups';
import { commandIds } from '../../core/ids';
import { ProblemNode } from '../../core/views/problemNodes';
import { EngineListingTree } from './engineListingTree';
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

export class ContainersTreeProvider extends EngineListingTree<ContainerTreeNode, ContainerSummary[]> {
  constructor(output: vscode.OutputChannel) {
    super(output, { viewName: 'Containers', eventType: 'container', failedLabel: vscode.l10n.t('Listing the containers failed'), list: (engine, signal) => engine.listContainers({ all: true, signal }) });
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

  /** For tests: the containers as the view shows them now (loading them if needed). */
  async containers(): Promise<ContainerSummary[]> {
    const roots = await this.getChildren();
    return roots.flatMap(node => node.kind === 'project' ? [...node.containers] : node.kind === 'container' ? [node.container] : []);
  }

  protected rootNodes(containers: ContainerSummary[]): ContainerTreeNode[] {
    return groupContainers(containers).flatMap((group): ContainerTreeNode[] => group.project
      ? [{ kind: 'project', project: group.project, containers: group.containers }]
      : group.containers.map(container => ({ kind: 'container', container })));
  }

  protected childNodes(node: ContainerTreeNode): ContainerTreeNode[] {
    if (node.kind === 'project') return node.containers.map(container => ({ kind: 'container', container }));
    if (node.kind === 'container') return node.container.ports.filter(port => port.hostPort !== undefined).map(port => ({ kind: 'port', container: node.container, port }));
    return [];
  }

  protected problemNode(problem: ProblemNode): ContainerTreeNode {
    return { kind: 'problem', problem };
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

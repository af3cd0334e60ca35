import * as vscode from 'vscode';
import { formatAge, formatImageSize, LocalImages, LocalImageTag, UntaggedImage } from '../../core/engine';
import { commandIds } from '../../core/ids';
import { ProblemNode } from '../../core/views/problemNodes';
import { EngineListingTree } from './engineListingTree';

// The Images view: the local engine's images by repository, then tag (size and age), and the untagged
// ones in a group of their own. One `GET /images/json` per load, cached until the engine says something
// changed (its `/events` stream, followed while the view is visible) or the user refreshes. Ages are drawn
// again once a minute while the view is visible, from that cache.

export type ImageTreeNode =
  | { readonly kind: 'repository'; readonly repository: string; readonly tags: readonly LocalImageTag[] }
  | { readonly kind: 'tag'; readonly image: LocalImageTag }
  | { readonly kind: 'untaggedGroup'; readonly images: readonly UntaggedImage[] }
  | { readonly kind: 'untagged'; readonly image: UntaggedImage }
  | { readonly kind: 'problem'; readonly problem: ProblemNode };

/** The `viewItem` of each node, for package.json's menus. */
export const imageContextValues = {
  repository: 'imageRepository',
  tag: 'imageTag',
  untaggedGroup: 'imagesUntagged',
  untagged: 'imageUntagged',
  problem: 'problem',
} as const;

export class ImagesTreeProvider extends EngineListingTree<ImageTreeNode, LocalImages> {
  constructor(output: vscode.OutputChannel) {
    super(output, { viewName: 'Images', eventType: 'image', failedLabel: vscode.l10n.t('Listing the images failed'), list: (engine, signal) => engine.listImages({ signal }) });
  }

  getTreeItem(node: ImageTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'repository': {
        const item = new vscode.TreeItem(node.repository, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `repository:${node.repository}`;
        item.description = node.tags.length === 1 ? vscode.l10n.t('1 tag') : vscode.l10n.t('{0} tags', node.tags.length);
        item.iconPath = new vscode.ThemeIcon('repo');
        item.contextValue = imageContextValues.repository;
        return item;
      }
      case 'tag': {
        const { image } = node;
        const item = new vscode.TreeItem(image.tag, vscode.TreeItemCollapsibleState.None);
        item.id = `tag:${image.reference}`;
        item.description = `${formatImageSize(image.size)} · ${formatAge(image.created, this.ages.now())}`;
        item.tooltip = imageTooltip(image.reference, image.id, image.created, image.size, this.ages.now());
        item.iconPath = new vscode.ThemeIcon('tag');
        item.contextValue = imageContextValues.tag;
        return item;
      }
      case 'untaggedGroup': {
        const item = new vscode.TreeItem(vscode.l10n.t('Dangling images'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'untagged';
        item.description = vscode.l10n.t('{0} without a tag', node.images.length);
        item.tooltip = vscode.l10n.t('Images without a tag: build leftovers, or images known only by digest. `docker image prune` removes the dangling ones.');
        item.iconPath = new vscode.ThemeIcon('archive');
        item.contextValue = imageContextValues.untaggedGroup;
        return item;
      }
      case 'untagged': {
        const { image } = node;
        const item = new vscode.TreeItem(shortId(image.id), vscode.TreeItemCollapsibleState.None);
        item.id = `untagged:${image.id}`;
        item.description = `${image.repository ? `${image.repository} · ` : ''}${formatImageSize(image.size)} · ${formatAge(image.created, this.ages.now())}`;
        item.tooltip = imageTooltip(image.repository ? vscode.l10n.t('{0} (no tag)', image.repository) : '<none>', image.id, image.created, image.size, this.ages.now());
        item.iconPath = new vscode.ThemeIcon('circle-outline');
        item.contextValue = imageContextValues.untagged;
        return item;
      }
      case 'problem': {
        const item = problemItem(node.problem, vscode.l10n.t('images'));
        item.command = { command: commandIds.retry, title: vscode.l10n.t('Retry'), arguments: [node] };
        return item;
      }
    }
  }

  protected rootNodes(images: LocalImages): ImageTreeNode[] {
    const nodes: ImageTreeNode[] = images.repositories.map(repository => ({ kind: 'repository', repository: repository.repository, tags: repository.tags }));
    if (images.untagged.length) nodes.push({ kind: 'untaggedGroup', images: images.untagged });
    return nodes;
  }

  protected childNodes(node: ImageTreeNode): ImageTreeNode[] {
    if (node.kind === 'repository') return node.tags.map(image => ({ kind: 'tag', image }));
    if (node.kind === 'untaggedGroup') return node.images.map(image => ({ kind: 'untagged', image }));
    return [];
  }

  protected problemNode(problem: ProblemNode): ImageTreeNode {
    return { kind: 'problem', problem };
  }
}

/** `sha256:0123456789ab`: the 12 hex digits docker shows. */
export function shortId(id: string): string {
  return id.replace(/^(sha256:)?([0-9a-f]{12})[0-9a-f]*$/, '$1$2');
}

function imageTooltip(reference: string, id: string, created: string, size: number, now: Date): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escapeMarkdown(reference)}**\n\n`);
  tooltip.appendMarkdown(`- ${vscode.l10n.t('id: {0}', `\`${id}\``)}\n- ${vscode.l10n.t('created: {0} ({1})', created, formatAge(created, now))}\n- ${vscode.l10n.t('size: {0}', formatImageSize(size))}\n`);
  return tooltip;
}

/** A failed load as a node: the message, and Retry (and Log in… where credentials help) in its menu. */
export function problemItem(problem: ProblemNode, where: string): vscode.TreeItem {
  const item = new vscode.TreeItem(problem.label, vscode.TreeItemCollapsibleState.None);
  item.description = problem.detail;
  item.tooltip = problem.detail;
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  item.contextValue = problem.canLogIn ? 'problem login' : 'problem';
  item.accessibilityInformation = { label: vscode.l10n.t('{0}: {1} ({2})', problem.label, problem.detail, where) };
  return item;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

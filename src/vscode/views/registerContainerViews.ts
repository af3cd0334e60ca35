import * as vscode from 'vscode';
import { commandIds, viewIds } from '../../core/ids';
import { lazy, LazyTreeDataProvider } from '../lazy';
import { settingKey, settingNames } from '../settingsKeys';
import type { ContainerViews, createContainerViews } from './containerViewsFeature';
import { containerInspectionScheme } from './containerInspection';
import type { ContainersTreeProvider, ContainerTreeNode } from './containersView';
import { imageInspectionScheme } from './imageInspection';
import type { ImagesTreeProvider, ImageTreeNode } from './imagesView';
import type { RegistriesTreeProvider, RegistryTreeNode } from './registriesView';

/** What the extension's exports carry for in-host tests: the views' own tree providers (reading one loads them). */
export interface ContainerViewsApi {
  readonly images: ImagesTreeProvider;
  readonly containers: ContainersTreeProvider;
  readonly registries: RegistriesTreeProvider;
}

/**
 * The "Containers (.NET)" activity-bar views, Images, Containers and Registries, and their actions. Activation registers the
 * views, commands and listeners only; the views' code (containerViewsFeature.ts, with the engine and registry
 * clients) is loaded by `load` when a view first asks for its items or a command first runs.
 */
export function registerContainerViews(
  context: vscode.ExtensionContext, output: vscode.OutputChannel, load: () => { readonly createContainerViews: typeof createContainerViews },
): vscode.Disposable & { readonly api: ContainerViewsApi } {
  const views = lazy((): ContainerViews => {
    const made = load().createContainerViews(context, output);
    imagesTree.attach(made.images);
    containersTree.attach(made.containers);
    registriesTree.attach(made.registries);
    made.images.setVisible(imagesView.visible);
    made.containers.setVisible(containersView.visible);
    made.registries.setVisible(registriesView.visible);
    return made;
  });
  const imagesTree = new LazyTreeDataProvider<ImageTreeNode>(() => views().images);
  const containersTree = new LazyTreeDataProvider<ContainerTreeNode>(() => views().containers);
  const registriesTree = new LazyTreeDataProvider<RegistryTreeNode>(() => views().registries);
  const imagesView = vscode.window.createTreeView(viewIds.images, { treeDataProvider: imagesTree, showCollapseAll: true });
  const containersView = vscode.window.createTreeView(viewIds.containers, { treeDataProvider: containersTree, showCollapseAll: true });
  const registriesView = vscode.window.createTreeView(viewIds.registries, { treeDataProvider: registriesTree, showCollapseAll: true });

  const command = (id: string, handler: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, handler);
  const disposable = vscode.Disposable.from(
    { dispose: () => views.made?.dispose() },
    imagesTree,
    containersTree,
    registriesTree,
    imagesView,
    containersView,
    registriesView,
    // The event stream runs only while someone looks at the images (a view that shows loads them).
    imagesView.onDidChangeVisibility(event => views.made?.images.setVisible(event.visible)),
    registriesView.onDidChangeVisibility(event => views.made?.registries.setVisible(event.visible)),
    containersView.onDidChangeVisibility(event => views.made?.containers.setVisible(event.visible)),
    vscode.workspace.registerTextDocumentContentProvider(containerInspectionScheme, { provideTextDocumentContent: uri => views().containerInspection.provideTextDocumentContent(uri) }),
    vscode.workspace.registerTextDocumentContentProvider(imageInspectionScheme, { provideTextDocumentContent: uri => views().inspection.provideTextDocumentContent(uri) }),
    // Until the views are loaded there are no clients to reset and nothing shown to refresh.
    vscode.workspace.onDidChangeConfiguration(event => {
      if (event.affectsConfiguration(settingKey(settingNames.insecureRegistries))) views.made?.registries.resetClients();
      else if (event.affectsConfiguration(settingKey(settingNames.registries))) views.made?.registries.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => views.made?.registries.resetClients()),

    command(commandIds.refreshImages, () => views().images.refresh(true)),
    command(commandIds.runImage, (node, options) => views().imageActions.run(node, options)),
    command(commandIds.tagImage, (node, options) => views().imageActions.tag(node, options)),
    command(commandIds.pushLocalImage, (node, options) => views().imageActions.push(node, options)),
    command(commandIds.removeImage, (node, options) => views().imageActions.remove(node, options)),
    command(commandIds.copyImageReference, node => views().imageActions.copyReference(node)),
    command(commandIds.inspectImage, node => views().imageActions.inspect(node)),

    command(commandIds.refreshContainers, () => views().containers.refresh(true)),
    command(commandIds.containerLogs, (node, options) => views().containerActions.logs(node, options)),
    command(commandIds.containerShell, node => views().containerActions.shell(node)),
    command(commandIds.startContainer, node => views().containerActions.start(node)),
    command(commandIds.stopContainer, node => views().containerActions.stop(node)),
    command(commandIds.restartContainer, node => views().containerActions.restart(node)),
    command(commandIds.removeContainer, (node, options) => views().containerActions.remove(node, options)),
    command(commandIds.inspectContainer, node => views().containerActions.inspect(node)),
    command(commandIds.openContainerPort, node => views().containerActions.openPort(node)),
    command(commandIds.collectCounters, node => views().containerActions.collectCounters(node)),
    command(commandIds.collectDump, (node, options) => views().containerActions.collectDump(node, options)),
    command(commandIds.collectTrace, (node, options) => views().containerActions.collectTrace(node, options)),

    command(commandIds.addRegistry, options => views().registryActions.add(options)),
    command(commandIds.refreshRegistries, node => views().registries.refresh(node as RegistryTreeNode | undefined)),
    command(commandIds.removeRegistry, node => views().registryActions.remove(node)),
    command(commandIds.logInToRegistry, (node, options) => views().registryActions.logIn(node, options)),
    command(commandIds.logOutOfRegistry, node => views().registryActions.logOut(node)),
    command(commandIds.addRepository, (node, options) => views().registryActions.addRepository(node, options)),
    command(commandIds.removeRepository, node => views().registryActions.removeRepository(node)),
    command(commandIds.filterTags, (node, options) => views().registryActions.filterTags(node, options)),
    command(commandIds.clearTagFilter, node => views().registryActions.clearFilter(node)),
    command(commandIds.loadMore, node => views().registries.loadMore(node as Extract<RegistryTreeNode, { kind: 'loadMore' }>)),
    command(commandIds.pullTag, node => views().registryActions.pull(node)),
    command(commandIds.copyTagReference, node => views().registryActions.copyReference(node)),
    command(commandIds.deleteTag, (node, options) => views().registryActions.deleteTag(node, options)),
    command(commandIds.retag, (node, options) => views().registryActions.retag(node, options)),
    command(commandIds.openInBrowser, node => views().registryActions.openInBrowser(node)),
    command(commandIds.retry, node => retry(node, views().images, views().registries)),
  );
  const api: ContainerViewsApi = {
    get images() { return views().images; },
    get containers() { return views().containers; },
    get registries() { return views().registries; },
  };
  return Object.assign(disposable, { api });
}

/** Retry on a problem node: the load it belongs to runs again. */
function retry(node: unknown, images: ImagesTreeProvider, registries: RegistriesTreeProvider): void {
  const problem = node as ImageTreeNode | RegistryTreeNode | undefined;
  if (problem?.kind === 'problem' && 'owner' in problem) registries.refresh(problem);
  else images.refresh(true);
}

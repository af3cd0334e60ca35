import * as vscode from 'vscode';
import { commandIds, viewIds } from '../../core/ids';
import { settingKey, settingNames } from '../settingsKeys';
import { ImageActions } from './imageActions';
import { imageInspectionScheme, ImageInspectionProvider } from './imageInspection';
import { ImagesTreeProvider, ImageTreeNode } from './imagesView';
import { RegistriesTreeProvider, RegistryTreeNode } from './registriesView';
import { RegistryActions } from './registryActions';
import { RegistryLogins } from './registryLogins';

/** What the extension's exports carry for in-host tests: the views' own tree providers. */
export interface ContainerViewsApi {
  readonly images: ImagesTreeProvider;
  readonly registries: RegistriesTreeProvider;
}

/** The "Containers (.NET)" activity-bar views, Images and Registries, and their actions. */
export function registerContainerViews(context: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable & { readonly api: ContainerViewsApi } {
  const images = new ImagesTreeProvider(output);
  const logins = new RegistryLogins(context.secrets);
  const registries = new RegistriesTreeProvider(logins, output);
  const imageActions = new ImageActions(images, registries);
  const registryActions = new RegistryActions(registries, logins);
  const imagesView = vscode.window.createTreeView(viewIds.images, { treeDataProvider: images, showCollapseAll: true });
  const registriesView = vscode.window.createTreeView(viewIds.registries, { treeDataProvider: registries, showCollapseAll: true });
  images.setVisible(imagesView.visible);
  registries.setVisible(registriesView.visible);

  const command = (id: string, handler: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, handler);
  const disposable = vscode.Disposable.from(
    images,
    registries,
    imagesView,
    registriesView,
    // The event stream runs only while someone looks at the images.
    imagesView.onDidChangeVisibility(event => images.setVisible(event.visible)),
    registriesView.onDidChangeVisibility(event => registries.setVisible(event.visible)),
    vscode.workspace.registerTextDocumentContentProvider(imageInspectionScheme, new ImageInspectionProvider(images)),
    vscode.workspace.onDidChangeConfiguration(event => {
      if (event.affectsConfiguration(settingKey(settingNames.insecureRegistries))) registries.resetClients();
      else if (event.affectsConfiguration(settingKey(settingNames.registries))) registries.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => registries.resetClients()),

    command(commandIds.refreshImages, () => images.refresh(true)),
    command(commandIds.runImage, (node, options) => imageActions.run(node, options)),
    command(commandIds.tagImage, (node, options) => imageActions.tag(node, options)),
    command(commandIds.pushLocalImage, (node, options) => imageActions.push(node, options)),
    command(commandIds.removeImage, (node, options) => imageActions.remove(node, options)),
    command(commandIds.copyImageReference, node => imageActions.copyReference(node)),
    command(commandIds.inspectImage, node => imageActions.inspect(node)),

    command(commandIds.addRegistry, options => registryActions.add(options)),
    command(commandIds.refreshRegistries, node => registries.refresh(node as RegistryTreeNode | undefined)),
    command(commandIds.removeRegistry, node => registryActions.remove(node)),
    command(commandIds.logInToRegistry, (node, options) => registryActions.logIn(node, options)),
    command(commandIds.logOutOfRegistry, node => registryActions.logOut(node)),
    command(commandIds.addRepository, (node, options) => registryActions.addRepository(node, options)),
    command(commandIds.removeRepository, node => registryActions.removeRepository(node)),
    command(commandIds.filterTags, (node, options) => registryActions.filterTags(node, options)),
    command(commandIds.clearTagFilter, node => registryActions.clearFilter(node)),
    command(commandIds.loadMore, node => registries.loadMore(node as Extract<RegistryTreeNode, { kind: 'loadMore' }>)),
    command(commandIds.pullTag, node => registryActions.pull(node)),
    command(commandIds.copyTagReference, node => registryActions.copyReference(node)),
    command(commandIds.deleteTag, (node, options) => registryActions.deleteTag(node, options)),
    command(commandIds.retag, (node, options) => registryActions.retag(node, options)),
    command(commandIds.openInBrowser, node => registryActions.openInBrowser(node)),
    command(commandIds.retry, node => retry(node, images, registries)),
  );
  return Object.assign(disposable, { api: { images, registries } });
}

/** Retry on a problem node: the load it belongs to runs again. */
function retry(node: unknown, images: ImagesTreeProvider, registries: RegistriesTreeProvider): void {
  const problem = node as ImageTreeNode | RegistryTreeNode | undefined;
  if (problem?.kind === 'problem' && 'owner' in problem) registries.refresh(problem);
  else images.refresh(true);
}

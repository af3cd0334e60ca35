import * as path from 'node:path';
import * as vscode from 'vscode';
import { ContainerViewActions } from './containerActions';
import { ContainerInspectionProvider } from './containerInspection';
import { ContainersTreeProvider } from './containersView';
import { ImageActions } from './imageActions';
import { ImageInspectionProvider } from './imageInspection';
import { ImagesTreeProvider } from './imagesView';
import { RegistriesTreeProvider } from './registriesView';
import { RegistryActions } from './registryActions';
import { RegistryLogins } from './registryLogins';

// The Images, Containers and Registries views' own code, with the engine and registry clients: a bundle of its own
// (dist/lazy/views.js), loaded when a view first shows or one of its commands first runs. Its wiring, done at
// activation, is registerContainerViews.ts.

/** The views' providers and actions; constructing them registers nothing. */
export interface ContainerViews extends vscode.Disposable {
  readonly images: ImagesTreeProvider;
  readonly registries: RegistriesTreeProvider;
  readonly imageActions: ImageActions;
  readonly registryActions: RegistryActions;
  readonly inspection: ImageInspectionProvider;
  readonly containers: ContainersTreeProvider;
  readonly containerActions: ContainerViewActions;
  readonly containerInspection: ContainerInspectionProvider;
}

export function createContainerViews(context: vscode.ExtensionContext, output: vscode.OutputChannel): ContainerViews {
  const images = new ImagesTreeProvider(output);
  const logins = new RegistryLogins(context.secrets);
  const registries = new RegistriesTreeProvider(logins, output);
  const containers = new ContainersTreeProvider(output);
  return {
    containers,
    containerActions: new ContainerViewActions(containers, output, context.asAbsolutePath(path.join('dist', 'cli.js'))),
    containerInspection: new ContainerInspectionProvider(containers),
    images,
    registries,
    imageActions: new ImageActions(images, registries),
    registryActions: new RegistryActions(registries, logins),
    inspection: new ImageInspectionProvider(images),
    dispose: () => {
      containers.dispose();
      images.dispose();
      registries.dispose();
    },
  };
}

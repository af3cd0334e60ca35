import * as vscode from 'vscode';
import { outputChannelName } from './core/ids';
import { registerCheckEnvironment } from './vscode/commands/checkEnvironment';
import { registerGenerateDockerfile } from './vscode/commands/generateDockerfile';
import { registerContainerActions } from './vscode/containers/registerContainerActions';
import { registerDockerfileLinting } from './vscode/lint/registerLinting';
import { registerReleaseMetadata } from './vscode/releaseMetadata';
import { ContainerViewsApi, registerContainerViews } from './vscode/views/registerContainerViews';

/** The extension's exports: the tree views' providers, which the in-host tests read. */
export interface ExtensionApi {
  readonly containerViews: ContainerViewsApi;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const output = vscode.window.createOutputChannel(outputChannelName);
  const containerViews = registerContainerViews(context, output);
  // The release metadata first: the first lint already uses the cached .NET calendar.
  context.subscriptions.push(output, registerReleaseMetadata(context, output), registerCheckEnvironment(output), registerGenerateDockerfile(context, output), registerDockerfileLinting(output), registerContainerActions(context, output), containerViews);
  return { containerViews: containerViews.api };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

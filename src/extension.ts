import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandIds, outputChannelName } from './core/ids';
import { registerComposeCodeLens } from './vscode/compose/composeCodeLens';
import { registerContainerActions } from './vscode/containers/registerContainerActions';
import { lazy, registerCommandsOnFirstUse } from './vscode/lazy';
import { lintOnFirstDockerfile } from './vscode/lint/lintOnFirstDockerfile';
import { ContainerViewsApi, registerContainerViews } from './vscode/views/registerContainerViews';

// Activation only wires: the commands, views, CodeLens and task providers and the linter's wait for a Dockerfile
// are registered here, with thin stand-ins; each feature's code is a bundle of its own, dist/lazy/<name>.js
// (esbuild.mjs builds them, sharing what they have in common in dist/chunks/), required on its first use.

/** The lazily loaded features: keep in step with `lazyFeatures` in esbuild.mjs (test/unit/bundleSplit.test.ts checks). */
interface Features {
  lint: typeof import('./vscode/lint/registerLinting');
  releaseMetadata: typeof import('./vscode/releaseMetadata');
  generate: typeof import('./vscode/commands/generateDockerfile');
  environment: typeof import('./vscode/commands/checkEnvironment');
  containers: typeof import('./vscode/containers/containerActionsFeature');
  views: typeof import('./vscode/views/containerViewsFeature');
  compose: typeof import('./vscode/compose/composeFeature');
}

/** A feature's bundle, loaded (once: require caches it) beside this one in dist/. */
function loadFeature<K extends keyof Features>(name: K): Features[K] {
  return require(path.join(__dirname, 'lazy', `${name}.js`)) as Features[K];
}

/** The extension's exports: the tree views' providers, which the in-host tests read. */
export interface ExtensionApi {
  readonly containerViews: ContainerViewsApi;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const output = vscode.window.createOutputChannel(outputChannelName);
  // The .NET calendar (its day cache, then a refresh in the background) before the first lint or generation,
  // which read it.
  const releaseMetadata = lazy(() => { context.subscriptions.push(loadFeature('releaseMetadata').registerReleaseMetadata(context, output)); });
  const containerViews = registerContainerViews(context, output, () => loadFeature('views'));
  context.subscriptions.push(
    output,
    containerViews,
    registerCommandsOnFirstUse([commandIds.checkEnvironment], () => loadFeature('environment').registerCheckEnvironment(output)),
    registerCommandsOnFirstUse([commandIds.generateDockerfile, commandIds.generateDockerfileWithOptions], () => {
      releaseMetadata();
      return loadFeature('generate').registerGenerateDockerfile(context, output);
    }),
    lintOnFirstDockerfile(() => {
      releaseMetadata();
      return loadFeature('lint').registerDockerfileLinting(output, context.asAbsolutePath('dist/genericChecksWorker.js'));
    }, output),
    registerContainerActions(context, output, () => loadFeature('containers')),
    registerComposeCodeLens(),
    registerCommandsOnFirstUse([commandIds.generateCompose, commandIds.composeUp, commandIds.composeDown, commandIds.composeLogs], () => {
      releaseMetadata();
      return loadFeature('compose').registerCompose(context, output);
    }),
  );
  return { containerViews: containerViews.api };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

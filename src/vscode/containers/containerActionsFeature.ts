import * as path from 'node:path';
import * as vscode from 'vscode';
import { ContainerCommandHandlers } from './containerCommandHandlers';
import { ContainerTasks } from './containerTasks';
import { DockerfileCodeLensProvider } from './dockerfileCodeLens';

// Build image, Run container and Push…, with the `dotnet-container` tasks they run: a bundle of its own
// (dist/lazy/containers.js), loaded when a Dockerfile's lenses, a task or one of the commands is first asked for.
// Its wiring, done at activation, is registerContainerActions.ts.

/** The tasks, the commands' handlers and the lenses; constructing them registers nothing. */
export interface ContainerActions extends vscode.Disposable {
  readonly tasks: ContainerTasks;
  readonly handlers: ContainerCommandHandlers;
  readonly lenses: DockerfileCodeLensProvider;
}

export function createContainerActions(context: vscode.ExtensionContext, output: vscode.OutputChannel): ContainerActions {
  const tasks = new ContainerTasks(context.asAbsolutePath(path.join('dist', 'cli.js')), output);
  const lenses = new DockerfileCodeLensProvider();
  return {
    tasks,
    handlers: new ContainerCommandHandlers(tasks, context.globalState, output),
    lenses,
    dispose: () => {
      tasks.dispose();
      lenses.dispose();
    },
  };
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import { containerTaskType } from '../../core/docker/containerActions';
import { buildLocationCommandIds, commandIds } from '../../core/ids';
import { ContainerCommandHandlers } from './containerCommandHandlers';
import { ContainerTasks } from './containerTasks';
import { DockerfileCodeLensProvider } from './dockerfileCodeLens';

/**
 * Build image, Run container and Push…: the Dockerfile CodeLens, its three commands, and the `dotnet-container`
 * tasks they run. Everything is registered here; the objects themselves register nothing.
 */
export function registerContainerActions(context: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable {
  const tasks = new ContainerTasks(context.asAbsolutePath(path.join('dist', 'cli.js')), output);
  const handlers = new ContainerCommandHandlers(tasks, context.globalState, output);
  const lenses = new DockerfileCodeLensProvider();
  return vscode.Disposable.from(
    tasks,
    vscode.tasks.registerTaskProvider(containerTaskType, tasks),
    vscode.commands.registerCommand(buildLocationCommandIds.dockerfile, (variables: unknown) => tasks.buildDockerfile(variables)),
    vscode.commands.registerCommand(buildLocationCommandIds.dockerfileFolder, (variables: unknown) => tasks.buildDockerfileFolder(variables)),
    vscode.commands.registerCommand(buildLocationCommandIds.context, (variables: unknown) => tasks.buildContext(variables)),
    vscode.tasks.onDidEndTask(event => tasks.taskEnded(event.execution.task)),
    lenses,
    // Trust changes what the lenses say (one lens that explains, or Build/Run/Push).
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile', scheme: 'file' }, lenses),
    vscode.commands.registerCommand(commandIds.buildImage, (subject?: unknown, options?: unknown) => handlers.buildImage(subject, options)),
    vscode.commands.registerCommand(commandIds.runContainer, (subject?: unknown, options?: unknown) => handlers.runContainer(subject, options)),
    vscode.commands.registerCommand(commandIds.pushImage, (subject?: unknown, options?: unknown) => handlers.pushImage(subject, options)),
  );
}

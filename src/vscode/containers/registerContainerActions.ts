import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandIds } from '../../core/ids';
import { ContainerCommands } from './containerCommands';
import { ContainerTasks } from './containerTasks';
import { DockerfileCodeLensProvider } from './dockerfileCodeLens';

/** Build image, Run container and Push…: the Dockerfile CodeLens, its three commands, and the `dotnet-container` tasks they run. */
export function registerContainerActions(context: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable {
  const tasks = new ContainerTasks(context.asAbsolutePath(path.join('dist', 'cli.js')), output);
  const commands = new ContainerCommands(tasks, context.globalState, output);
  const lenses = new DockerfileCodeLensProvider();
  return vscode.Disposable.from(
    tasks,
    lenses,
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile', scheme: 'file' }, lenses),
    vscode.commands.registerCommand(commandIds.buildImage, (subject?: unknown, options?: unknown) => commands.buildImage(subject, options)),
    vscode.commands.registerCommand(commandIds.runContainer, (subject?: unknown, options?: unknown) => commands.runContainer(subject, options)),
    vscode.commands.registerCommand(commandIds.pushImage, (subject?: unknown, options?: unknown) => commands.pushImage(subject, options)),
  );
}

import * as vscode from 'vscode';
import { buildLocationCommandIds, commandIds } from '../../core/ids';
import { lazy } from '../lazy';
import type { ContainerActions, createContainerActions } from './containerActionsFeature';

/**
 * `containerTaskType` of core/docker/containerActions, which is not imported here: activation would load it, and
 * what it imports. The type says it is the same string (tsc fails otherwise).
 */
const containerTaskType: typeof import('../../core/docker/containerActions').containerTaskType = 'dotnet-container';

/**
 * Build image, Run container and Push…: the Dockerfile CodeLens, its three commands, and the `dotnet-container`
 * tasks they run. Everything is registered here, at activation; the objects behind them (containerActionsFeature.ts)
 * are loaded by `load` when the lenses, a task or a command is first asked for, and register nothing themselves.
 */
export function registerContainerActions(
  context: vscode.ExtensionContext, output: vscode.OutputChannel, load: () => { readonly createContainerActions: typeof createContainerActions },
): vscode.Disposable {
  const lensesChanged = new vscode.EventEmitter<void>();
  const actions = lazy((): ContainerActions => {
    const made = load().createContainerActions(context, output);
    made.lenses.onDidChangeCodeLenses(() => lensesChanged.fire());
    return made;
  });
  return vscode.Disposable.from(
    { dispose: () => actions.made?.dispose() },
    lensesChanged,
    vscode.tasks.registerTaskProvider(containerTaskType, {
      provideTasks: token => actions().tasks.provideTasks(token),
      resolveTask: task => actions().tasks.resolveTask(task),
    }),
    vscode.commands.registerCommand(buildLocationCommandIds.dockerfile, (variables: unknown) => actions().tasks.buildDockerfile(variables)),
    vscode.commands.registerCommand(buildLocationCommandIds.dockerfileFolder, (variables: unknown) => actions().tasks.buildDockerfileFolder(variables)),
    vscode.commands.registerCommand(buildLocationCommandIds.context, (variables: unknown) => actions().tasks.buildContext(variables)),
    // Only our tasks need this, and none ran before the tasks were loaded.
    vscode.tasks.onDidEndTask(event => actions.made?.tasks.taskEnded(event.execution.task)),
    // Trust changes what the lenses say (one lens that explains, or Build/Run/Push).
    vscode.workspace.onDidGrantWorkspaceTrust(() => lensesChanged.fire()),
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile', scheme: 'file' }, {
      onDidChangeCodeLenses: lensesChanged.event,
      provideCodeLenses: document => actions().lenses.provideCodeLenses(document),
    }),
    vscode.commands.registerCommand(commandIds.buildImage, (subject?: unknown, options?: unknown) => actions().handlers.buildImage(subject, options)),
    vscode.commands.registerCommand(commandIds.runContainer, (subject?: unknown, options?: unknown) => actions().handlers.runContainer(subject, options)),
    vscode.commands.registerCommand(commandIds.pushImage, (subject?: unknown, options?: unknown) => actions().handlers.pushImage(subject, options)),
  );
}

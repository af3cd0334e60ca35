import * as vscode from 'vscode';
import { ContainerTaskDefinition, containerTaskType, planContainerTask, runContainerName } from '../../core/docker/containerActions';
import { containerCliFromSettings, readTargets, rememberedChoices } from '../containers/containerTasks';
import { runTaskToEnd } from '../taskRuns';

// Run, Push and Pull from the tree views as `dotnet-container` tasks: the same task definitions and argv
// builders (planContainerTask) as the Dockerfile CodeLens, shown in the terminal. The views only run the
// image actions (run, tag, push, pull), which need no Dockerfile.

export interface ViewTaskOutcome {
  /** The whole command line, CLI first. */
  readonly commandLine: readonly string[];
  readonly exitCode: number | undefined;
}

export type ImageTaskDefinition = Omit<ContainerTaskDefinition, 'type' | 'dockerfile' | 'context' | 'target' | 'network'>;

/** Plans and runs one task to its end; throws DockerArgumentError when the definition or the CLI is unusable. */
export async function runImageTask(action: ImageTaskDefinition, options: { readonly wait?: boolean } = {}): Promise<ViewTaskOutcome> {
  const cli = await containerCliFromSettings();
  const definition: ContainerTaskDefinition = { type: containerTaskType, ...action };
  // Named like every Run, so that the task runner (ContainerTasks) removes the container when the task ends.
  const planned = planContainerTask(definition, { targetsOf: readTargets, remembered: rememberedChoices, cli: cli.name, newContainerName: runContainerName });
  const execution = new vscode.ProcessExecution(cli.path, [...planned.argv], Object.keys(cli.env).length ? { env: { ...cli.env } } : {});
  const task = new vscode.Task(definition, vscode.TaskScope.Workspace, planned.label, '.NET Containers', execution, []);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, focus: action.action === 'run' };

  const exitCode = await runTaskToEnd(task, options.wait !== false);
  return { commandLine: [cli.path, ...planned.argv], exitCode };
}

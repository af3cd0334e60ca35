import * as vscode from 'vscode';
import { outputChannelName } from './core/ids';
import { registerCheckEnvironment } from './vscode/commands/checkEnvironment';
import { registerGenerateDockerfile } from './vscode/commands/generateDockerfile';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel(outputChannelName);
  context.subscriptions.push(output, registerCheckEnvironment(output), registerGenerateDockerfile(context, output));
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

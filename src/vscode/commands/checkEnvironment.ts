import * as vscode from 'vscode';
import { checkEnvironment, EnvironmentReport } from '../../core/environment/checkEnvironment';
import { formatEnvironmentReport } from '../../core/environment/formatEnvironmentReport';
import { commandIds } from '../../core/ids';
import { containerCliSettings } from '../containers/containerTasks';

/** What the command returns, so tests and other extensions can read the same facts the user sees. */
export interface CheckEnvironmentResult {
  readonly report: EnvironmentReport;
  readonly lines: readonly string[];
}

/** `.NET Containers: Check Environment`: probes engine, CLIs, dotnet and docker config into the output channel. */
export function registerCheckEnvironment(output: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.checkEnvironment, async (): Promise<CheckEnvironmentResult | undefined> => {
    if (!vscode.workspace.isTrusted) {
      // Probing runs docker/dotnet executables, which an untrusted workspace could have put on PATH.
      void vscode.window.showWarningMessage(vscode.l10n.t('.NET Containers: Check Environment runs docker and dotnet, so it needs a trusted workspace.'));
      return undefined;
    }
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking container environment…') },
      () => checkEnvironment({ env: process.env, containerCli: containerCliSettings() }),
    );
    const lines = formatEnvironmentReport(report);
    output.appendLine(`Environment check, ${new Date().toLocaleString()}`);
    for (const line of lines) output.appendLine(line);
    output.appendLine('');
    output.show(true);
    return { report, lines };
  });
}

import * as vscode from 'vscode';
import { commandIds } from '../../core/ids';

// Up, Down and Logs on compose files. Registered at activation (it is small and imports nothing else); the
// commands it names load the compose feature on first use.

/** A compose file, by the names Compose itself looks for (and `compose.*.yaml` overrides). */
export const composeFilePattern = /(?:^|[\\/])(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/i;

export class ComposeCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!composeFilePattern.test(document.uri.fsPath)) return [];
    // On the `services:` line, where the file starts to say what runs.
    const line = Math.max(0, document.getText().split(/\r?\n/).findIndex(text => /^services\s*:/.test(text)));
    const range = new vscode.Range(line, 0, line, 0);
    return [
      new vscode.CodeLens(range, { title: vscode.l10n.t('Up'), tooltip: vscode.l10n.t('Build the images and start the services, detached'), command: commandIds.composeUp, arguments: [document.uri] }),
      new vscode.CodeLens(range, { title: vscode.l10n.t('Down'), tooltip: vscode.l10n.t('Stop and remove the services and their network'), command: commandIds.composeDown, arguments: [document.uri] }),
      new vscode.CodeLens(range, { title: vscode.l10n.t('Logs'), tooltip: vscode.l10n.t('Follow the services\' output, the last lines first'), command: commandIds.composeLogs, arguments: [document.uri] }),
    ];
  }
}

/** Registers the lenses on YAML files (and the Docker extension's `dockercompose` language). */
export function registerComposeCodeLens(): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider([{ language: 'yaml', scheme: 'file' }, { language: 'dockercompose', scheme: 'file' }], new ComposeCodeLens());
}

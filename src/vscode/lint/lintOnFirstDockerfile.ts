import * as vscode from 'vscode';

/**
 * The linter's wiring at activation: nothing but a wait for the first Dockerfile. When one is open (at activation,
 * or later), `register` runs, just after: it loads the lint engine's bundle and registers the linter
 * (registerLinting.ts), which lints the Dockerfiles open by then and follows the documents from there on.
 */
export function lintOnFirstDockerfile(register: () => vscode.Disposable, log: { appendLine(line: string): void }): vscode.Disposable {
  let registered: vscode.Disposable | undefined;
  let waiting: vscode.Disposable | undefined;
  let soon: ReturnType<typeof setImmediate> | undefined;
  const isDockerfile = (document: vscode.TextDocument) => document.languageId === 'dockerfile';
  const start = () => {
    soon = undefined;
    if (registered) return;
    try {
      registered = register();
    } catch (error) {
      log.appendLine(vscode.l10n.t('The Dockerfile linter could not be loaded: {0}', (error as Error)?.stack ?? String(error)));
    }
  };
  // Not inside activate() or the open event: activation stays short, and the linter lints what is open then.
  const startSoon = () => {
    waiting?.dispose();
    waiting = undefined;
    soon ??= setImmediate(start);
  };
  if (vscode.workspace.textDocuments.some(isDockerfile)) startSoon();
  else waiting = vscode.workspace.onDidOpenTextDocument(document => { if (isDockerfile(document)) startSoon(); });
  return {
    dispose: () => {
      if (soon) clearImmediate(soon);
      waiting?.dispose();
      registered?.dispose();
    },
  };
}

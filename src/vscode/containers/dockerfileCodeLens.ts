import * as vscode from 'vscode';
import { dockerfileLenses, DockerfileLens } from '../../core/docker/containerActions';
import { commandIds } from '../../core/ids';
import { readTargets } from './containerTasks';

const commandOf: Record<DockerfileLens['kind'], string> = {
  build: commandIds.buildImage,
  run: commandIds.runContainer,
  push: commandIds.pushImage,
};

/**
 * Build image, Run container and Push… above a Dockerfile, and Build stage on each named stage. Each lens
 * passes the Dockerfile's URI and, for a stage, `{ target }`. Untrusted workspaces get one lens that says why
 * nothing runs, and opens the trust editor.
 */
export class DockerfileCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    if (!vscode.workspace.isTrusted) {
      return [new vscode.CodeLens(top, { title: vscode.l10n.t('Build, run and push need a trusted workspace'), command: 'workbench.trust.manage', tooltip: vscode.l10n.t('They start docker, which an untrusted folder could have replaced. Manage Workspace Trust…') })];
    }
    let stages: ReadonlyArray<{ name: string; line: number }> = [];
    try {
      stages = readTargets(document.uri.fsPath).stages;
    } catch {
      // A Dockerfile that cannot be read as such still gets the top lenses; running them says what is wrong.
    }
    return dockerfileLenses({ stages }).map(lens => new vscode.CodeLens(new vscode.Range(lens.line, 0, lens.line, 0), {
      title: lens.title,
      command: commandOf[lens.kind],
      arguments: [document.uri, ...(lens.target ? [{ target: lens.target }] : [])],
      ...(lens.target ? { tooltip: `docker build --target ${lens.target}` } : {}),
    }));
  }

  /** Asks VS Code for the lenses again (the wiring calls it when the workspace is trusted). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

import * as vscode from 'vscode';
import { Fix } from '../../core/lint/types';
import { nodeFileSystem } from '../../core/project/fileSystem';
import { diagnosticSource, DockerfileLinter, toVscodeRange } from './dockerfileLinter';

/** Offers each finding's fixes as quick fixes, with the edit computed up front (no command round trip). */
export class LintCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly linter: DockerfileLinter) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== diagnosticSource) continue;
      const found = this.linter.findingFor(document, diagnostic);
      if (!found) continue;
      for (const fix of found.finding.fixes) {
        const edit = workspaceEdit(document.uri, fix, found.fileSnapshots);
        if (!edit) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = edit;
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred === true;
        actions.push(action);
      }
    }
    return actions;
  }
}

/**
 * The fix as one workspace edit. Its files are checked against what they held when the fix was computed: one
 * that changed since makes the fix stale (it is offered again after the next lint), and an existing file is
 * replaced only when the fix says its content is that file's new text (`overwrite`).
 */
function workspaceEdit(uri: vscode.Uri, fix: Fix, fileSnapshots: ReadonlyMap<string, string | undefined>): vscode.WorkspaceEdit | undefined {
  const edit = new vscode.WorkspaceEdit();
  for (const change of fix.edits) edit.replace(uri, toVscodeRange(change.range), change.newText);
  for (const file of fix.createFiles ?? []) {
    const current = nodeFileSystem.readText(file.path);
    if (current !== fileSnapshots.get(file.path)) return undefined;
    if (current !== undefined && !file.overwrite) return undefined;
    edit.createFile(vscode.Uri.file(file.path), { overwrite: current !== undefined, contents: new TextEncoder().encode(file.content) });
  }
  return edit;
}

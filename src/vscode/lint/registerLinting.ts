import * as vscode from 'vscode';
import { onReleaseFactsChanged } from '../../core/images/dotnetSupport';
import { WatchedDisk } from '../../core/lint/diskStats';
import { GenericChecksThread } from '../../core/lint/genericChecksThread';
import { DockerfileLinter, hostLog, isLintable, LintLog } from './dockerfileLinter';
import { lintSettingsPrefix } from '../settingsKeys';
import { LintCodeActionProvider } from './lintCodeActions';

/** Quiet time after the last keystroke before a Dockerfile is linted again. */
const typingDelayMs = 100;
/** Quiet time after project files, settings or extensions change (a branch switch touches many files at once). */
const burstDelayMs = 250;

/**
 * Dockerfile diagnostics and their quick fixes. Linting only reads files (the Dockerfile's project, the
 * .dockerignore) and starts no process, so it runs in untrusted workspaces too. `output` (the ".NET Containers"
 * channel) gets the stacks of checks that fail; without it they go to the extension host's log. dockerfile-utils'
 * generic checks run on a worker thread (`genericChecksWorker`, the built dist/genericChecksWorker.js) while the
 * .NET rules run here.
 */
export function registerDockerfileLinting(output: LintLog | undefined, genericChecksWorker: string, now: () => Date = () => new Date()): vscode.Disposable {
  const genericChecks = new GenericChecksThread(genericChecksWorker, line => (output ?? hostLog).appendLine(line));
  // The disk's answers are kept between lints while the watcher below reports no change in the workspace.
  const disk = new WatchedDisk(() => performance.now());
  const watchWorkspace = () => disk.watch((vscode.workspace.workspaceFolders ?? []).filter(folder => folder.uri.scheme === 'file').map(folder => folder.uri.fsPath));
  watchWorkspace();
  const linter = new DockerfileLinter(now, output, genericChecks, disk);
  const relintAll = () => linter.scheduleAll(burstDelayMs);
  // A change where a lint asked (a COPY source, a project, a folder listed) re-lints: its answer no longer holds.
  const onDiskChange = (uri: vscode.Uri) => { if (uri.scheme === 'file' && disk.changed(uri.fsPath)) relintAll(); };
  const anyFile = vscode.workspace.createFileSystemWatcher('**/*');
  // What a Dockerfile's findings depend on besides its text: the project it builds and the build context's ignores.
  const watchers = ['**/*.{csproj,fsproj,vbproj,props,targets}', '**/.dockerignore'].map(glob => vscode.workspace.createFileSystemWatcher(glob));
  const disposables: vscode.Disposable[] = [
    linter,
    genericChecks,
    vscode.languages.registerCodeActionsProvider({ language: 'dockerfile' }, new LintCodeActionProvider(linter), LintCodeActionProvider.metadata),
    vscode.workspace.onDidOpenTextDocument(document => isLintable(document) ? linter.lint(document) : linter.forget(document)),
    vscode.workspace.onDidChangeTextDocument(event => {
      if (isLintable(event.document) && event.contentChanges.length) linter.schedule(event.document, typingDelayMs);
    }),
    vscode.workspace.onDidSaveTextDocument(document => { if (isLintable(document)) linter.lint(document); }),
    vscode.workspace.onDidCloseTextDocument(document => linter.forget(document)),
    vscode.workspace.onDidChangeConfiguration(event => { if (event.affectsConfiguration(lintSettingsPrefix)) relintAll(); }),
    // `genericChecks: auto` depends on which Docker extensions are installed.
    vscode.extensions.onDidChange(relintAll),
    // Newer .NET release metadata (a version GA or out of support) changes what the image rules say.
    { dispose: onReleaseFactsChanged(relintAll) },
    ...watchers,
    ...watchers.flatMap(watcher => [watcher.onDidChange(relintAll), watcher.onDidCreate(relintAll), watcher.onDidDelete(relintAll)]),
    anyFile,
    anyFile.onDidChange(onDiskChange), anyFile.onDidCreate(onDiskChange), anyFile.onDidDelete(onDiskChange),
    vscode.workspace.onDidChangeWorkspaceFolders(watchWorkspace),
  ];
  for (const document of vscode.workspace.textDocuments) if (isLintable(document)) linter.lint(document);
  return vscode.Disposable.from(...disposables);
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import { composeCandidates, composeFileName, ComposePlan, planCompose } from '../../core/compose/planCompose';
import { commandIds } from '../../core/ids';
import { containerCliFromSettings } from '../containers/containerTasks';
import { runTaskToEnd } from '../taskRuns';
import { optionsObject } from '../views/imageActions';
import { composeFilePattern } from './composeCodeLens';

// Compose for a solution: "Generate Compose File" on a .sln/.slnx (or its folder), and the Up, Down and Logs
// commands of the compose file's lenses (composeCodeLens.ts). They run tasks that start this extension's own CLI
// (dist/cli.js) with an argv: `compose up` builds each image as the Build image lens does (the builder the CLI and engine have, errors placed in the
// Dockerfile by the build problem matcher) and then starts the services; the same code as the command line.

/** What the command did, for tests and scripts. */
export interface GenerateComposeResult {
  readonly written: string[];
  readonly skipped?: string;
  readonly plan?: ComposePlan;
}

/**
 * The optional second argument, for scripts and tests: `projects` (absolute paths) picks the apps without asking;
 * `overwrite` is what to do with an existing compose.yaml that differs (`ask`, `never`, `always`).
 */
export interface GenerateComposeOptions {
  readonly projects?: readonly string[];
  readonly overwrite?: 'ask' | 'never' | 'always';
}

export function registerCompose(context: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable {
  const cliScript = context.asAbsolutePath(path.join('dist', 'cli.js'));
  return vscode.Disposable.from(
    vscode.commands.registerCommand(commandIds.generateCompose, (target?: unknown, options?: unknown) => generateCompose(target, optionsObject<GenerateComposeOptions>(options), output)),
    vscode.commands.registerCommand(commandIds.composeUp, (file?: unknown) => runComposeTask('up', file, cliScript)),
    vscode.commands.registerCommand(commandIds.composeDown, (file?: unknown) => runComposeTask('down', file, cliScript)),
    vscode.commands.registerCommand(commandIds.composeLogs, (file?: unknown) => runComposeTask('logs', file, cliScript)),
  );
}

/** Runs `dotnet-containers compose <action> <file>` as a task; resolves with the task's exit code. */
async function runComposeTask(action: 'up' | 'down' | 'logs', target: unknown, cliScript: string): Promise<{ exitCode?: number; skipped?: string; commandLine?: readonly string[] }> {
  const file = target instanceof vscode.Uri ? target.fsPath : typeof target === 'string' ? target : vscode.window.activeTextEditor?.document.uri.fsPath;
  if (!file || !composeFilePattern.test(file)) {
    const skipped = vscode.l10n.t('Compose {0} works on a compose file (compose.yaml, docker-compose.yml…).', action);
    void vscode.window.showWarningMessage(skipped);
    return { skipped };
  }
  if (!vscode.workspace.isTrusted) {
    const skipped = vscode.l10n.t('Compose starts the container CLI, so it needs a trusted workspace.');
    void vscode.window.showWarningMessage(skipped);
    return { skipped };
  }
  const cli = await containerCliFromSettings(vscode.Uri.file(file));
  const args = [cliScript, 'compose', action, file, '--cli', cli.path, ...(action === 'logs' ? ['--follow', '--tail', '200'] : [])];
  // VS Code's own runtime runs the CLI: Electron's binary behaves as Node with ELECTRON_RUN_AS_NODE.
  const execution = new vscode.ProcessExecution(process.execPath, args, { cwd: path.dirname(file), env: { ...cli.env, ELECTRON_RUN_AS_NODE: '1' } });
  const definition = { type: 'dotnet-container-compose', action, file };
  const task = new vscode.Task(definition, vscode.TaskScope.Workspace, `compose ${action} ${path.basename(path.dirname(file))}`, '.NET Containers', execution, action === 'up' ? ['$dotnet-container-build'] : []);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  const exitCode = await runTaskToEnd(task, action !== 'logs');
  return { ...(exitCode !== undefined ? { exitCode } : {}), commandLine: [process.execPath, ...args] };
}

/** "Generate Compose File": the apps to include (asked when there are several), then compose.yaml and the missing Dockerfiles. */
async function generateCompose(target: unknown, options: GenerateComposeOptions, output: vscode.OutputChannel): Promise<GenerateComposeResult> {
  const chosen = target instanceof vscode.Uri ? target.fsPath : typeof target === 'string' ? target : await pickSolution();
  if (!chosen) return { written: [], skipped: 'no solution chosen' };
  const candidates = composeCandidates(chosen);
  if (!candidates.ok) return refuse(candidates.message, output);
  const apps = candidates.projects.filter(p => !p.leftOut);
  let projects = options.projects;
  if (!projects && apps.length > 1) {
    const picked = await vscode.window.showQuickPick(
      candidates.projects.map(p => ({ label: p.name, description: p.leftOut ? vscode.l10n.t('left out: {0}', p.leftOut) : path.relative(candidates.directory, p.project), picked: !p.leftOut, project: p.project, app: !p.leftOut }))
        .filter(item => item.app),
      { canPickMany: true, title: vscode.l10n.t('Generate Compose File for {0}', path.basename(candidates.solution ?? candidates.directory)), placeHolder: vscode.l10n.t('The apps to run together (each becomes a service)') },
    );
    if (!picked?.length) return { written: [], skipped: 'no app chosen' };
    projects = picked.map(item => item.project);
  }
  const plan = planCompose(chosen, { now: new Date(), ...(projects ? { projects } : {}) });
  if (!plan.ok) return refuse(plan.message, output);
  output.appendLine(`Generate Compose File: ${plan.file.path}`);
  for (const warning of plan.warnings) output.appendLine(`  warning: ${warning}`);

  const existing = plan.file.existing;
  if (existing !== undefined && existing !== plan.file.content) {
    const overwrite = options.overwrite ?? 'ask';
    let replace = overwrite === 'always';
    if (overwrite === 'ask') {
      const replaceButton = vscode.l10n.t('Overwrite');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} already exists and differs from the one generated for the solution.', composeFileName),
        { modal: true, detail: vscode.l10n.t('Overwrite replaces it. The Dockerfiles that exist are used as they are either way.') }, replaceButton,
      );
      replace = answer === replaceButton;
    }
    if (!replace) return { written: [], skipped: `${plan.file.path} differs from the generated compose file and was kept; nothing was written.`, plan };
  }
  const written: string[] = [];
  for (const file of [...plan.supportFiles, plan.file]) {
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file.path), new TextEncoder().encode(file.content));
    written.push(file.path);
    output.appendLine(`  wrote ${file.path}`);
  }
  await vscode.window.showTextDocument(vscode.Uri.file(plan.file.path), { preview: false });
  const services = plan.services.map(s => s.name).join(', ');
  if (plan.warnings.length) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Wrote {0} with {1}; {2} warnings, the first: {3}', composeFileName, services, plan.warnings.length, plan.warnings[0]!), vscode.l10n.t('Show Output')).then(choice => { if (choice) output.show(true); });
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0} with {1}. Up builds and starts them.', composeFileName, services));
  }
  return { written, plan };
}

async function pickSolution(): Promise<string | undefined> {
  const solutions = await vscode.workspace.findFiles('**/*.{sln,slnx}', '**/{bin,obj,node_modules}/**', 50);
  if (solutions.length === 1) return solutions[0]!.fsPath;
  const picked = await vscode.window.showQuickPick(solutions.map(uri => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), uri })), { placeHolder: vscode.l10n.t('The solution to compose') });
  return picked?.uri.fsPath;
}

function refuse(message: string, output: vscode.OutputChannel): GenerateComposeResult {
  output.appendLine(`Generate Compose File: ${message}`);
  void vscode.window.showErrorMessage(message);
  return { written: [], skipped: message };
}

import * as os from 'node:os';
import * as vscode from 'vscode';
import { interactiveShellArgv, noShellMessage, probeVerdict, shellProbeArgv, shellsToTry } from '../../core/engine/containerShell';
import { ContainerSummary, portUrl } from '../../core/engine/containerGroups';
import { viewIds } from '../../core/ids';
import { runProcess } from '../../core/process/runProcess';
import { containerCliFromSettings } from '../containers/containerTasks';
import { runTaskToEnd } from '../taskRuns';
import { containerInspectionUri } from './containerInspection';
import type { ContainersTreeProvider, ContainerTreeNode } from './containersView';
import { optionsObject } from './imageActions';
import { LogTerminal } from './logTerminal';

// The Containers view's actions. Each takes the node it was invoked on and, for scripts and tests, an options
// object: `prompt: false` asks nothing (no modal confirmation). Lifecycle actions go through the Engine API;
// logs and shells are terminals running the container CLI with an argv (never a shell string).

export interface ContainerActionResult {
  readonly container?: string;
  /** The terminal's command line, for logs and shells. */
  readonly commandLine?: readonly string[];
  /** Logs: the terminal showing them, whose text can be read (tests). */
  readonly logs?: LogTerminal;
  readonly done?: boolean;
  /** Why it did not happen, in the words shown to the user. */
  readonly message?: string;
  readonly skipped?: string;
}

export interface ContainerLogsOptions { readonly tail?: number }
/** Collect Dump / Collect Trace without asking: where to write, and for how long (trace). */
export interface CollectOptions { readonly prompt?: boolean; readonly output?: string; readonly seconds?: number }
export interface RemoveContainerOptions { readonly prompt?: boolean }

/** How many lines Logs shows before following. */
const logTail = 200;

export class ContainerViewActions {
  /** `cliScript`: this extension's CLI (dist/cli.js), which runs the diagnostics as the command line does. */
  constructor(private readonly containers: ContainersTreeProvider, private readonly output: vscode.OutputChannel, private readonly cliScript: string) {}

  /** Live `dotnet-counters` of the container's .NET process, in a terminal (`q` or Ctrl+C ends it). */
  async collectCounters(node: unknown): Promise<ContainerActionResult> {
    const container = containerOf(node);
    if (!container) return { skipped: 'Collect Counters works on a running container of the Containers view' };
    if (!vscode.workspace.isTrusted) return refuseUntrusted();
    const cli = await containerCliFromSettings();
    const argv = [this.cliScript, 'diagnose', container.id, 'counters', '--cli', cli.path];
    // VS Code's own runtime runs the CLI: Electron's binary behaves as Node with ELECTRON_RUN_AS_NODE.
    vscode.window.createTerminal({ name: vscode.l10n.t('Counters: {0}', container.name), shellPath: process.execPath, shellArgs: argv, env: { ...cli.env, ELECTRON_RUN_AS_NODE: '1' } }).show();
    return { container: container.name, commandLine: [process.execPath, ...argv], done: true };
  }

  /** A dump of the container's .NET process, to a file on this machine, through the same side container as the CLI's. */
  async collectDump(node: unknown, rawOptions: unknown): Promise<ContainerActionResult & { readonly exitCode?: number; readonly file?: string }> {
    return this.collect('dump', node, optionsObject<CollectOptions>(rawOptions));
  }

  /** A `.nettrace` of the container's .NET process for the seconds chosen. */
  async collectTrace(node: unknown, rawOptions: unknown): Promise<ContainerActionResult & { readonly exitCode?: number; readonly file?: string }> {
    return this.collect('trace', node, optionsObject<CollectOptions>(rawOptions));
  }

  private async collect(action: 'dump' | 'trace', node: unknown, options: CollectOptions): Promise<ContainerActionResult & { readonly exitCode?: number; readonly file?: string }> {
    const container = containerOf(node);
    if (!container) return { skipped: `Collect ${action} works on a running container of the Containers view` };
    if (!vscode.workspace.isTrusted) return refuseUntrusted();
    let seconds = options.seconds;
    if (action === 'trace' && seconds === undefined && options.prompt !== false) {
      const typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('Collect Trace from {0}', container.name), prompt: vscode.l10n.t('How many seconds to trace'), value: '10',
        validateInput: text => /^\d{1,5}$/.test(text.trim()) && Number(text) > 0 ? undefined : vscode.l10n.t('A whole number of seconds, e.g. 10'),
      });
      if (typed === undefined) return { container: container.name, skipped: 'cancelled' };
      seconds = Number(typed.trim());
    }
    const extension = action === 'dump' ? 'dmp' : 'nettrace';
    const suggested = `${container.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-${new Date().toISOString().replace(/[:.]/g, '-')}.${extension}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    const output = options.output ?? (options.prompt === false ? undefined : (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, suggested), title: action === 'dump' ? vscode.l10n.t('Save the dump of {0}', container.name) : vscode.l10n.t('Save the trace of {0}', container.name),
      filters: action === 'dump' ? { [vscode.l10n.t('Dumps')]: ['dmp'] } : { [vscode.l10n.t('Traces')]: ['nettrace'] },
    }))?.fsPath);
    if (!output) return { container: container.name, skipped: 'no file chosen' };
    const cli = await containerCliFromSettings();
    const argv = [this.cliScript, 'diagnose', container.id, action, '--output', output, '--cli', cli.path, ...(seconds !== undefined ? ['--duration', String(seconds)] : [])];
    const execution = new vscode.ProcessExecution(process.execPath, argv, { env: { ...cli.env, ELECTRON_RUN_AS_NODE: '1' } });
    const task = new vscode.Task({ type: 'dotnet-container-diagnostics', action, container: container.name }, vscode.TaskScope.Workspace,
      `${action} ${container.name}`, '.NET Containers', execution, []);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    const exitCode = await runTaskToEnd(task);
    if (exitCode === 0) {
      const reveal = vscode.l10n.t('Reveal in File Explorer');
      void vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0}.', output), reveal).then(choice => { if (choice) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(output)); });
      return { container: container.name, done: true, exitCode, file: output, commandLine: [process.execPath, ...argv] };
    }
    const message = vscode.l10n.t('Collecting a {0} from {1} failed: the terminal says why.', action, container.name);
    this.output.appendLine(`Containers view: ${message}`);
    void vscode.window.showErrorMessage(message);
    return { container: container.name, message, ...(exitCode !== undefined ? { exitCode } : {}), commandLine: [process.execPath, ...argv] };
  }

  /** `docker logs --follow --tail 200 <container>` in a terminal: the last lines first, then new ones as they come. */
  async logs(node: unknown, rawOptions: unknown): Promise<ContainerActionResult> {
    const container = containerOf(node);
    if (!container) return { skipped: 'Logs works on a container of the Containers view' };
    if (!vscode.workspace.isTrusted) return refuseUntrusted();
    const options = optionsObject<ContainerLogsOptions>(rawOptions);
    const cli = await containerCliFromSettings();
    const argv = ['logs', '--follow', '--timestamps', '--tail', String(options.tail ?? logTail), container.id];
    const logs = new LogTerminal(cli.path, argv, { ...process.env, ...cli.env });
    vscode.window.createTerminal({ name: vscode.l10n.t('Logs: {0}', container.name), pty: logs }).show();
    return { container: container.name, commandLine: [cli.path, ...argv], done: true, logs };
  }

  /** A shell in the container (bash, else sh), or, for an image without one, what to do instead. */
  async shell(node: unknown): Promise<ContainerActionResult> {
    const container = containerOf(node);
    if (!container) return { skipped: 'Open Shell works on a container of the Containers view' };
    if (!vscode.workspace.isTrusted) return refuseUntrusted();
    if (container.state !== 'running') {
      const message = vscode.l10n.t('{0} is not running: start it first.', container.name);
      void vscode.window.showWarningMessage(message);
      return { container: container.name, message };
    }
    const cli = await containerCliFromSettings();
    const env = { ...process.env, ...cli.env };
    for (const shell of shellsToTry) {
      const probe = await runProcess(cli.path, shellProbeArgv(container.id, shell), { env, timeoutMs: 20_000 });
      const verdict = probeVerdict(probe.exitCode, `${probe.stdout}${probe.stderr}${probe.error ?? ''}`);
      if (verdict === 'present') {
        const argv = interactiveShellArgv(container.id, shell);
        this.terminal(vscode.l10n.t('Shell: {0}', container.name), cli.path, argv, cli.env);
        return { container: container.name, commandLine: [cli.path, ...argv], done: true };
      }
      if (verdict === 'failed') {
        const message = vscode.l10n.t('Could not open a shell in {0}: {1}', container.name, (probe.stderr || probe.error || `exit ${probe.exitCode}`).trim());
        this.output.appendLine(message);
        void vscode.window.showErrorMessage(message);
        return { container: container.name, message };
      }
    }
    // No shell, but the diagnostics work without one: offered right here.
    const message = noShellMessage(container.name);
    const offers = { counters: vscode.l10n.t('Collect Counters'), dump: vscode.l10n.t('Collect Dump'), trace: vscode.l10n.t('Collect Trace') };
    void vscode.window.showInformationMessage(message, offers.counters, offers.dump, offers.trace).then(async choice => {
      if (choice === offers.counters) await this.collectCounters(node);
      else if (choice === offers.dump) await this.collectDump(node, undefined);
      else if (choice === offers.trace) await this.collectTrace(node, undefined);
    }).then(undefined, (error: unknown) => {
      this.output.appendLine(`Containers view: ${(error as Error).message}`);
      void vscode.window.showErrorMessage((error as Error).message);
    });
    return { container: container.name, message };
  }

  async start(node: unknown): Promise<ContainerActionResult> {
    return this.lifecycle(node, 'start');
  }

  async stop(node: unknown): Promise<ContainerActionResult> {
    return this.lifecycle(node, 'stop');
  }

  async restart(node: unknown): Promise<ContainerActionResult> {
    return this.lifecycle(node, 'restart');
  }

  /** `docker rm` (forced for a running container), after a confirmation that names it. */
  async remove(node: unknown, rawOptions: unknown): Promise<ContainerActionResult> {
    const container = containerOf(node);
    if (!container) return { skipped: 'Remove works on a container of the Containers view' };
    const options = optionsObject<RemoveContainerOptions>(rawOptions);
    const running = container.state === 'running';
    if (options.prompt !== false) {
      const remove = vscode.l10n.t('Remove');
      const question = running
        ? vscode.l10n.t('Stop and remove the running container {0}?', container.name)
        : vscode.l10n.t('Remove the container {0}?', container.name);
      const answer = await vscode.window.showWarningMessage(question, { modal: true, detail: vscode.l10n.t('Its image stays; what the container wrote outside its volumes is lost.') }, remove);
      if (answer !== remove) return { container: container.name, skipped: 'cancelled' };
    }
    const engine = await this.containers.engine();
    const removed = engine.ok ? await engine.value.removeContainer(container.id, { force: running }) : engine;
    if (!removed.ok) return this.failed(container, removed.error.message);
    this.containers.refresh();
    return { container: container.name, done: true };
  }

  /** `docker container inspect` in a read-only JSON editor. */
  async inspect(node: unknown): Promise<ContainerActionResult> {
    const container = containerOf(node);
    if (!container) return { skipped: 'Inspect works on a container of the Containers view' };
    await vscode.window.showTextDocument(containerInspectionUri(container.name, container.id), { preview: true });
    return { container: container.name, done: true };
  }

  /** Opens the port's URL in the browser. */
  async openPort(node: unknown): Promise<ContainerActionResult> {
    const port = node && typeof node === 'object' && (node as ContainerTreeNode).kind === 'port' ? (node as Extract<ContainerTreeNode, { kind: 'port' }>) : undefined;
    const url = port ? portUrl(port.port) : undefined;
    if (!port || !url) return { skipped: 'Open in Browser works on a published TCP port of the Containers view' };
    await vscode.env.openExternal(vscode.Uri.parse(url));
    return { container: port.container.name, done: true };
  }

  private async lifecycle(node: unknown, action: 'start' | 'stop' | 'restart'): Promise<ContainerActionResult> {
    const container = containerOf(node);
    if (!container) return { skipped: `${action} works on a container of the Containers view` };
    const engine = await this.containers.engine();
    const done = engine.ok
      ? await vscode.window.withProgress({ location: { viewId: viewIds.containers }, title: action }, () => engine.value.containerLifecycle(container.id, action))
      : engine;
    if (!done.ok) return this.failed(container, done.error.message);
    this.containers.refresh();
    return { container: container.name, done: true };
  }

  private failed(container: ContainerSummary, reason: string): ContainerActionResult {
    const message = vscode.l10n.t('{0}: {1}', container.name, reason);
    this.output.appendLine(`Containers view: ${message}`);
    void vscode.window.showErrorMessage(message);
    return { container: container.name, message };
  }

  private terminal(name: string, cli: string, argv: readonly string[], env: Readonly<Record<string, string>>): void {
    const terminal = vscode.window.createTerminal({ name, shellPath: cli, shellArgs: [...argv], env: { ...env } });
    terminal.show();
  }
}

function containerOf(node: unknown): ContainerSummary | undefined {
  return node && typeof node === 'object' && (node as ContainerTreeNode).kind === 'container' ? (node as Extract<ContainerTreeNode, { kind: 'container' }>).container : undefined;
}

function refuseUntrusted(): ContainerActionResult {
  const message = vscode.l10n.t('Logs and shells start the container CLI, so they need a trusted workspace.');
  void vscode.window.showWarningMessage(message);
  return { skipped: message };
}


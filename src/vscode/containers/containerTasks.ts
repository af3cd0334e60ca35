import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BuildLocation, buildKeyAnswer, buildKeyCommandPrefix, buildLocationKey, findBuildLocationKey } from '../../core/docker/buildLocations';
import { BuildStrategy, chooseBuildStrategy, readBuildFacts } from '../../core/docker/buildStrategy';
import { buildProblemMatchers, checkTaskDefinition, cliBuildArgs, ContainerTaskDefinition, containerTaskType, planContainerTask, PlanInputs, PlannedTask, RememberedChoices, rememberedKey, runContainerName, runContainerNameOf } from '../../core/docker/containerActions';
import { runProcess } from '../../core/process/runProcess';
import { chooseContainerCli, ContainerCli, ContainerCliPreference, containerCliPreferences } from '../../core/docker/containerCli';
import { DockerArgumentError } from '../../core/docker/dockerArgv';
import { dockerfileTargets, DockerfileTargets } from '../../core/docker/dockerfileTargets';
import { settingNames, settingsSection } from '../settingsKeys';

const taskSource = '.NET Containers';

/** A task ready to run, with what it was planned from. */
export interface PreparedTask {
  readonly task: vscode.Task;
  readonly planned: PlannedTask;
  readonly cli: ContainerCli;
  /** The whole command line, CLI first. */
  readonly commandLine: string[];
}

export interface TaskOutcome {
  /** The process's exit code; undefined when it did not start or was terminated without one. */
  readonly exitCode: number | undefined;
  readonly cancelled: boolean;
}

/** The remembered choices per Dockerfile: `dotnetContainers.dockerfiles`, keyed by the path relative to its workspace folder. */
export function rememberedChoices(dockerfile: string): RememberedChoices | undefined {
  const uri = vscode.Uri.file(dockerfile);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const all = vscode.workspace.getConfiguration(settingsSection, uri).get<Record<string, RememberedChoices>>(settingNames.dockerfiles) ?? {};
  const choices = all[rememberedKey(folder?.uri.fsPath, dockerfile)];
  return choices && typeof choices === 'object' ? choices : undefined;
}

/** `dotnetContainers.containerCli` and `containerCliPath`, checked. */
export function containerCliSettings(scope?: vscode.Uri): { preference: ContainerCliPreference; explicitPath?: string } {
  const settings = vscode.workspace.getConfiguration(settingsSection, scope);
  const preference = settings.get<string>(settingNames.containerCli, 'auto');
  const explicitPath = settings.get<string>(settingNames.containerCliPath, '').trim();
  return {
    preference: (containerCliPreferences as readonly string[]).includes(preference) ? preference as ContainerCliPreference : 'auto',
    ...(explicitPath ? { explicitPath } : {}),
  };
}

/** The CLI that `dotnetContainers.containerCli` and `containerCliPath` ask for, and the engine it will talk to. Throws DockerArgumentError. */
export async function containerCliFromSettings(scope?: vscode.Uri): Promise<ContainerCli> {
  const chosen = await chooseContainerCli({ ...containerCliSettings(scope), env: process.env });
  if (!chosen.ok) throw new DockerArgumentError(chosen.message);
  return chosen.cli;
}

/** Reads a Dockerfile the way the editor shows it (unsaved text included) and the project behind it. */
export function readTargets(dockerfile: string): DockerfileTargets {
  const open = vscode.workspace.textDocuments.find(document => document.uri.scheme === 'file' && document.uri.fsPath === dockerfile);
  let text: string;
  try {
    text = open?.getText() ?? fs.readFileSync(dockerfile, 'utf8');
  } catch (error) {
    throw new DockerArgumentError(`cannot read ${dockerfile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return dockerfileTargets(dockerfile, text.replace(/^\uFEFF/, ''), { now: new Date() });
}

/**
 * Makes and runs the `dotnet-container` tasks: one ProcessExecution each, with the argv from the core
 * builders (no shell), shown in the terminal, with progress and cancellation, and the build problem matchers.
 * Constructing one registers nothing: registerContainerActions registers it as the task provider, its
 * build-location commands and its handler of ended tasks.
 */
export class ContainerTasks implements vscode.TaskProvider, vscode.Disposable {
  /** Builds by the key their task carries (see buildLocations.ts), for the problem matchers' `${command:…}` variables. */
  private readonly buildLocations = new Map<string, BuildLocation>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Builder summaries already said in the output channel, once per CLI and builder. */
  private readonly saidBuilders = new Set<string>();
  /** Run containers being removed after their task ended, by name. */
  private readonly removals = new Map<string, { done: Promise<void>; resolve: () => void }>();
  /**
   * The container names handed out per run definition. VS Code resolves a tasks.json task again when it runs
   * it, and its events may carry the task as it was first resolved: the container that ran may have a newer
   * name than the ended task's argv says. One definition runs once at a time, so its task's end removes all.
   */
  private readonly runNames = new Map<string, string[]>();

  /** @param cliScript dist/cli.js: build tasks run `dotnet-containers build`, which decides the builder when the task runs. */
  constructor(private readonly cliScript: string, private readonly output: vscode.OutputChannel) {}

  // ---- The build-location commands (buildLocationCommandIds): the problem matchers' `${command:…}` variables ----
  // Outside our tasks (a user's own task naming our matchers) the workspace folder is the best guess.

  /** The Dockerfile of the build whose task carries these variables. */
  buildDockerfile(variables: unknown): string {
    return this.buildLocation(variables)?.dockerfile ?? workspaceFallback();
  }

  buildDockerfileFolder(variables: unknown): string {
    const location = this.buildLocation(variables);
    return location ? path.dirname(location.dockerfile) : workspaceFallback();
  }

  buildContext(variables: unknown): string {
    return this.buildLocation(variables)?.context ?? workspaceFallback();
  }

  private buildLocation(variables: unknown): BuildLocation | undefined {
    return this.buildLocations.get(findBuildLocationKey(variables) ?? '');
  }

  /**
   * For every ended task: every Run (lens, Images view, tasks.json, Run Task) names its container; whoever
   * started it, it goes when its task ends. Ctrl+C stops the app, but a terminated task only ends the CLI,
   * since a TTY does not pass the signal on.
   */
  taskEnded(task: vscode.Task): void {
    void this.removeRunContainer(task);
  }

  /** Resolves once the container of a run task that has ended is gone (or was never there). */
  containerRemoved(name: string): Promise<void> {
    return this.removal(name).done;
  }

  private removal(name: string): { done: Promise<void>; resolve: () => void } {
    let entry = this.removals.get(name);
    if (!entry) {
      let resolve!: () => void;
      const done = new Promise<void>(settle => { resolve = settle; });
      entry = { done, resolve };
      this.removals.set(name, entry);
    }
    return entry;
  }

  private async removeRunContainer(task: vscode.Task): Promise<void> {
    if (task.definition.type !== containerTaskType || task.definition.action !== 'run') return;
    const execution = task.execution as vscode.ProcessExecution | undefined;
    if (!execution || !('process' in execution) || !Array.isArray(execution.args)) return;
    const key = runDefinitionKey(task.definition);
    const names = [...new Set([runContainerNameOf(execution.args), ...(this.runNames.get(key) ?? [])].filter((name): name is string => name !== undefined))];
    this.runNames.delete(key);
    if (!names.length) return;
    const entries = names.map(name => this.removal(name));
    const removed = await runProcess(execution.process, ['rm', '--force', ...names], { env: { ...process.env, ...execution.options?.env }, timeoutMs: 30_000 });
    // "No such container": --rm or the app's own exit got there first, or that name was handed out but never ran.
    const problems = removed.stderr.split(/\r?\n/).filter(line => line.trim() && !/no such container/i.test(line));
    if (removed.exitCode !== 0 && (problems.length || removed.error)) {
      this.output.appendLine(`Could not remove the container of a run task after it ended: ${(problems.join(' ') || removed.error || `exit code ${removed.exitCode}`).trim()}`);
    }
    for (const entry of entries) entry.resolve();
    setTimeout(() => names.forEach(name => this.removals.delete(name)), 60_000).unref?.();
  }

  /** Remembers a run's container name for its definition (see runNames). */
  private handedOut(definition: ContainerTaskDefinition, argv: readonly string[]): void {
    const name = runContainerNameOf(argv);
    if (!name) return;
    const key = runDefinitionKey(definition);
    // The newest few: a definition resolved again and again (the Run Task picker) never runs more than once at a time.
    this.runNames.set(key, [...(this.runNames.get(key) ?? []), name].slice(-20));
  }

  /** The `${command:…}` variable that names this build's key, registering the key's command once. */
  private buildKeyVariable(location: BuildLocation): string {
    const key = buildLocationKey(location);
    if (!this.buildLocations.has(key)) {
      this.buildLocations.set(key, location);
      this.disposables.push(vscode.commands.registerCommand(`${buildKeyCommandPrefix}${key}`, () => buildKeyAnswer(key)));
    }
    return `\${command:${buildKeyCommandPrefix}${key}}`;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** Plans a definition and wraps it into a task of its workspace folder. Throws DockerArgumentError for the user to read. */
  async prepare(definition: ContainerTaskDefinition, scope: vscode.WorkspaceFolder | undefined, knownCli?: ContainerCli, extras: Pick<PlanInputs, 'pushDigestFile'> = {}): Promise<PreparedTask> {
    const cli = knownCli ?? await containerCliFromSettings(scope?.uri);
    const planned = planContainerTask(definition, {
      ...(scope ? { workspaceFolder: scope.uri.fsPath } : {}),
      targetsOf: readTargets,
      remembered: rememberedChoices,
      cli: cli.name,
      insecureRegistries: vscode.workspace.getConfiguration(settingsSection, scope?.uri).get<string[]>(settingNames.insecureRegistries, []),
      newContainerName: runContainerName,
      ...extras,
    });
    const env: Record<string, string> = { ...cli.env };
    let command = { file: cli.path, args: [...planned.argv] };
    if (planned.definition.action === 'run') this.handedOut(definition, planned.argv);
    if (planned.definition.action === 'build' && planned.dockerfile && planned.context) {
      env.DOTNET_CONTAINERS_BUILD = this.buildKeyVariable({ dockerfile: planned.dockerfile, context: planned.context });
      // The CLI under VS Code's own runtime (Electron runs it as Node with this variable).
      env.ELECTRON_RUN_AS_NODE = '1';
      command = { file: process.execPath, args: [this.cliScript, ...cliBuildArgs(planned, cli.path)] };
      void this.sayBuilder(cli);
    }
    const execution = new vscode.ProcessExecution(command.file, command.args, {
      ...(planned.context ? { cwd: planned.context } : {}),
      ...(Object.keys(env).length ? { env } : {}),
    });
    const task = new vscode.Task(definition, scope ?? vscode.TaskScope.Workspace, planned.label, taskSource, execution, definition.action === 'build' ? [...buildProblemMatchers] : []);
    task.presentationOptions = {
      reveal: vscode.TaskRevealKind.Always,
      panel: vscode.TaskPanelKind.Dedicated,
      clear: true,
      // docker login reads the user name and password from the terminal.
      focus: definition.action === 'login' || definition.action === 'run',
    };
    if (definition.action === 'build') task.group = vscode.TaskGroup.Build;
    return { task, planned, cli, commandLine: [command.file, ...command.args] };
  }

  /** The builder a CLI uses, said once in the output channel with how to get BuildKit when it is missing. */
  async builderOf(cli: ContainerCli): Promise<BuildStrategy> {
    return chooseBuildStrategy(await readBuildFacts(cli, process.env));
  }

  private async sayBuilder(cli: ContainerCli): Promise<void> {
    try {
      const strategy = await this.builderOf(cli);
      const key = `${cli.path}\u0000${strategy.kind}`;
      if (this.saidBuilders.has(key)) return;
      this.saidBuilders.add(key);
      this.output.appendLine(`Builds with ${cli.path}: ${strategy.summary}.`);
      if (strategy.advice) this.output.appendLine(`  ${strategy.advice}`);
    } catch (error) {
      this.output.appendLine(`Could not ask ${cli.path} which builder it has: ${(error as Error).message}`);
    }
  }

  /** Runs a task to its end, with a cancellable notification; returns the exit code. */
  async runToEnd(prepared: PreparedTask, title: string): Promise<TaskOutcome> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
      const running = await this.start(prepared);
      const cancel = token.onCancellationRequested(() => running.execution.terminate());
      try {
        const exitCode = await running.ended;
        return { exitCode, cancelled: token.isCancellationRequested };
      } finally {
        cancel.dispose();
      }
    });
  }

  /** Starts a task and returns at once with its execution and a promise of its exit code. */
  async start(prepared: PreparedTask): Promise<{ execution: vscode.TaskExecution; ended: Promise<number | undefined> }> {
    const watch = new ExecutionWatch();
    try {
      watch.follow(await vscode.tasks.executeTask(prepared.task));
    } catch (error) {
      watch.dispose();
      throw error;
    }
    const ended = watch.when('taskEnded').then(() => watch.exitCode()).finally(() => watch.dispose());
    return { execution: watch.execution!, ended };
  }

  // ---- TaskProvider: tasks.json entries of type dotnet-container, and Build/Run for each Dockerfile ----

  async provideTasks(token: vscode.CancellationToken): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    const files = await vscode.workspace.findFiles('**/{Dockerfile,*.Dockerfile,Dockerfile.*}', '**/{node_modules,bin,obj,.git}/**', 200, token);
    const tasks: vscode.Task[] = [];
    let cli: ContainerCli;
    try {
      cli = await containerCliFromSettings();
    } catch {
      return []; // no CLI: nothing could run; the commands say why when used
    }
    for (const file of files.filter(uri => uri.scheme === 'file').sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      const folder = vscode.workspace.getWorkspaceFolder(file);
      for (const action of ['build', 'run'] as const) {
        try {
          tasks.push((await this.prepare({ type: containerTaskType, action, dockerfile: file.fsPath }, folder, cli)).task);
        } catch {
          // A Dockerfile we cannot plan for (e.g. an invalid remembered name) is simply not offered.
        }
      }
    }
    return tasks;
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    let definition: ContainerTaskDefinition;
    try {
      definition = checkTaskDefinition(task.definition);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('.NET Containers task "{0}": {1}', task.name, (error as Error).message));
      return undefined;
    }
    const scope = typeof task.scope === 'object' ? task.scope : undefined;
    try {
      const prepared = await this.prepare(definition, scope);
      // The same definition object, as resolveTask requires, with our execution and matchers.
      const resolved = new vscode.Task(task.definition, task.scope ?? vscode.TaskScope.Workspace, task.name, task.source, prepared.task.execution, prepared.task.problemMatchers);
      resolved.presentationOptions = prepared.task.presentationOptions;
      if (prepared.task.group) resolved.group = prepared.task.group;
      return resolved;
    } catch (error) {
      if (!(error instanceof DockerArgumentError)) throw error;
      void vscode.window.showErrorMessage(vscode.l10n.t('.NET Containers task "{0}": {1}', task.name, error.message));
      return undefined;
    }
  }
}

function workspaceFallback(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

/** The same run definition, whichever object carries it. */
function runDefinitionKey(definition: vscode.TaskDefinition): string {
  return JSON.stringify(Object.keys(definition).sort().map(key => [key, definition[key]]));
}

type WatchedEvent = 'processStarted' | 'processEnded' | 'taskEnded';

/**
 * One execution's start and end. It listens before the task is started, since the events can come before
 * executeTask resolves, and keeps them until it knows which execution is its own.
 */
class ExecutionWatch implements vscode.Disposable {
  execution: vscode.TaskExecution | undefined;
  private readonly events: Array<{ execution: vscode.TaskExecution; kind: WatchedEvent; exitCode?: number }> = [];
  private wakeUps: Array<() => void> = [];
  private readonly listeners: vscode.Disposable[];

  constructor() {
    const record = (execution: vscode.TaskExecution, kind: WatchedEvent, exitCode?: number) => {
      this.events.push({ execution, kind, ...(exitCode !== undefined ? { exitCode } : {}) });
      this.wake();
    };
    this.listeners = [
      vscode.tasks.onDidStartTaskProcess(event => record(event.execution, 'processStarted')),
      vscode.tasks.onDidEndTaskProcess(event => record(event.execution, 'processEnded', event.exitCode)),
      // Last of all, also when the process never started (e.g. no CLI there).
      vscode.tasks.onDidEndTask(event => record(event.execution, 'taskEnded')),
    ];
  }

  follow(execution: vscode.TaskExecution): void {
    this.execution = execution;
    this.wake();
  }

  async when(kind: WatchedEvent): Promise<void> {
    while (!this.events.some(event => event.execution === this.execution && event.kind === kind)) {
      await new Promise<void>(resolve => this.wakeUps.push(resolve));
    }
  }

  exitCode(): number | undefined {
    return this.events.find(event => event.execution === this.execution && event.exitCode !== undefined)?.exitCode;
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
  }

  private wake(): void {
    const wakeUps = this.wakeUps;
    this.wakeUps = [];
    for (const wakeUp of wakeUps) wakeUp();
  }
}


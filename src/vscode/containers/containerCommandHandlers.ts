import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ContainerTaskDefinition, containerTaskType, DockerfileChoices, dockerfileChoices, ExplicitChoices, PlanInputs, RememberedChange, RememberedChoices, rememberedChange, rememberedKey, runContainerNameOf, withRememberedChange } from '../../core/docker/containerActions';
import { ContainerCli } from '../../core/docker/containerCli';
import { DockerArgumentError, formatImageName, parseImageName, parsePushDestination } from '../../core/docker/dockerArgv';
import { DockerfileTargets } from '../../core/docker/dockerfileTargets';
import { firstFreePort, waitUntilAnswering } from '../../core/docker/hostPorts';
import { configuredDestinations, hasLogin, knownRegistries, probeRegistry, readPushedDigest, wantsLogin } from '../../core/docker/registryAccess';
import { dockerConfigDir, readDockerConfig } from '../../core/environment/dockerConfig';
import { commandIds } from '../../core/ids';
import { runProcess } from '../../core/process/runProcess';
import { containerCliFromSettings, ContainerTasks, PreparedTask, readTargets, rememberedChoices, TaskOutcome } from './containerTasks';
import { settingKey, settingNames, settingsSection } from '../settingsKeys';

/**
 * The optional second argument of the three commands, for scripts, tasks.json-free automation and tests
 * (the lenses pass only `{ target }`):
 *   executeCommand('dotnetContainers.buildImage', dockerfileUri, { image: 'web:dev', prompt: false })
 * - `prompt: false` asks nothing (nor offers a login): what is not given comes from the remembered choices,
 *   then the project.
 * Build: `target`, `image`, `context` (absolute), `network` (e.g. `host`).
 * Run: `image`, `hostPort`, `containerPort`, `openBrowser: 'ask' | 'never'` (the offer once the app answers).
 * Push: `image`, `registry` (`host[:port][/namespace]`), `verify` (untag and pull back afterwards),
 *   `login: 'ask' | 'never'` (what to do when the registry wants credentials).
 */
export interface BuildCommandOptions { readonly target?: string; readonly image?: string; readonly context?: string; readonly network?: string; readonly prompt?: boolean }
export interface RunCommandOptions { readonly image?: string; readonly hostPort?: number; readonly containerPort?: number; readonly openBrowser?: 'ask' | 'never'; readonly prompt?: boolean }
export interface PushCommandOptions { readonly image?: string; readonly registry?: string; readonly verify?: boolean; readonly login?: 'ask' | 'never'; readonly prompt?: boolean }

/** What each command did, for tests and scripts; `skipped` says why nothing (more) ran. */
export interface BuildImageResult {
  readonly dockerfile?: string;
  readonly image?: string;
  readonly context?: string;
  readonly target?: string;
  /** The command line of the task, CLI first. */
  readonly commandLine?: readonly string[];
  readonly task?: vscode.Task;
  readonly exitCode?: number;
  /** A failed build put problems in the Problems panel (and the message said so). */
  readonly problemsShown?: boolean;
  readonly skipped?: string;
}

export interface RunContainerResult {
  readonly image?: string;
  readonly hostPort?: number;
  readonly containerPort?: number;
  readonly url?: string;
  readonly commandLine?: readonly string[];
  readonly execution?: vscode.TaskExecution;
  /** Settles true once the app answers HTTP on the host port (web apps only), false if the container ended first. */
  readonly answered?: Promise<boolean>;
  /** The container's exit code once its task ends. */
  readonly ended?: Promise<number | undefined>;
  readonly skipped?: string;
}

export interface PushImageResult {
  readonly image?: string;
  readonly registry?: string;
  readonly remoteImage?: string;
  readonly commandLines?: { readonly tag: readonly string[]; readonly push: readonly string[] };
  readonly exitCode?: number;
  /** `sha256:…` the registry gave the image. */
  readonly digest?: string;
  /** The registry answered 401 to a failed push: a `docker login` was offered (and run when `loggedIn` is set). */
  readonly loginOffered?: boolean;
  readonly loggedIn?: boolean;
  readonly verify?: { readonly untagExitCode?: number; readonly pullExitCode?: number };
  readonly skipped?: string;
}

const recentRegistriesKey = 'dotnetContainers.recentRegistries';

/** The handlers of Build Image, Run Container and Push Image… (registered by registerContainerActions). */
export class ContainerCommandHandlers {
  constructor(
    private readonly tasks: ContainerTasks,
    private readonly state: vscode.Memento,
    private readonly output: vscode.OutputChannel,
  ) {}

  async buildImage(subject: unknown, rawOptions: unknown): Promise<BuildImageResult> {
    const options = optionsObject<BuildCommandOptions>(rawOptions);
    const opened = await this.openDockerfile(subject, { image: options.image, context: options.context });
    if ('skipped' in opened) return opened;
    const { dockerfile, folder, choices } = opened;
    let { image, context } = choices;
    if (options.prompt !== false) {
      const chosen = await chooseBuild(dockerfile, image, context, options.target);
      if (!chosen) return { dockerfile, skipped: 'the build was cancelled' };
      ({ image, context } = chosen);
      await remember(dockerfile, folder, rememberedChange({ image, context }, choices, folder?.uri.fsPath));
    }
    const definition: ContainerTaskDefinition = {
      type: containerTaskType, action: 'build', dockerfile, image, context,
      ...(options.target ? { target: options.target } : {}),
      ...(options.network ? { network: options.network } : {}),
    };
    const prepared = await this.prepare(definition, folder);
    if ('skipped' in prepared) return { dockerfile, ...prepared };
    const localImage = prepared.planned.image!;
    const outcome = await this.tasks.runToEnd(prepared, options.target ? vscode.l10n.t('Building {0} (stage {1})…', localImage, options.target) : vscode.l10n.t('Building {0}…', localImage));
    const result = { dockerfile, image: localImage, context, ...(options.target ? { target: options.target } : {}), commandLine: prepared.commandLine, task: prepared.task, ...exitOf(outcome) };
    if (outcome.cancelled) return { ...result, skipped: 'the build was cancelled' };
    if (outcome.exitCode === 0) {
      const runButton = vscode.l10n.t('Run Container');
      const pushButton = vscode.l10n.t('Push…');
      const next = options.prompt === false ? undefined : vscode.window.showInformationMessage(vscode.l10n.t('Built {0}.', localImage), runButton, pushButton);
      void next?.then(choice => {
        if (choice === runButton) void vscode.commands.executeCommand(commandIds.runContainer, vscode.Uri.file(dockerfile), { image: localImage });
        if (choice === pushButton) void vscode.commands.executeCommand(commandIds.pushImage, vscode.Uri.file(dockerfile), { image: localImage });
      });
    } else {
      // The Problems panel is named only when the build's problem matchers put something there.
      const placed = await buildProblemsAppeared(dockerfile, context);
      const exitCode = outcome.exitCode;
      if (placed) {
        const message = exitCode !== undefined
          ? vscode.l10n.t('Building {0} failed (exit code {1}). The Problems panel shows where.', localImage, exitCode)
          : vscode.l10n.t('Building {0} failed. The Problems panel shows where.', localImage);
        void vscode.window.showErrorMessage(message, vscode.l10n.t('Show Problems')).then(action => {
          if (action) void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
      } else {
        void vscode.window.showErrorMessage(exitCode !== undefined
          ? vscode.l10n.t('Building {0} failed (exit code {1}). The terminal shows why.', localImage, exitCode)
          : vscode.l10n.t('Building {0} failed. The terminal shows why.', localImage));
      }
      return { ...result, problemsShown: placed };
    }
    return result;
  }

  async runContainer(subject: unknown, rawOptions: unknown): Promise<RunContainerResult> {
    const options = optionsObject<RunCommandOptions>(rawOptions);
    const opened = await this.openDockerfile(subject, { image: options.image, hostPort: options.hostPort, containerPort: options.containerPort });
    if ('skipped' in opened) return opened;
    const { dockerfile, targets, folder, choices } = opened;
    const { image, containerPort } = choices;
    // Before any question: an image that is not there yet is said at once, with Build Image offered.
    if (options.prompt !== false) {
      const missing = await this.missingImage(image, folder);
      if (missing) {
        const build = await vscode.window.showWarningMessage(vscode.l10n.t('There is no image {0} yet. Build it first.', missing), vscode.l10n.t('Build Image'));
        if (build) void vscode.commands.executeCommand(commandIds.buildImage, vscode.Uri.file(dockerfile), { image: missing });
        return { image: missing, skipped: `there is no image ${missing} yet` };
      }
    }
    let hostPort = choices.hostPort;
    // A host port not given is proposed (the first free candidate) and, when prompts are allowed, asked.
    if (containerPort !== undefined && options.hostPort === undefined) {
      const proposed = await firstFreePort(choices.hostPortCandidates);
      hostPort = options.prompt === false ? proposed : await askHostPort(proposed, containerPort);
      if (hostPort === undefined) return { image, skipped: 'no host port was chosen' };
      if (options.prompt !== false) await remember(dockerfile, folder, rememberedChange({ hostPort }, choices, folder?.uri.fsPath));
    }
    const definition: ContainerTaskDefinition = {
      type: containerTaskType, action: 'run', dockerfile, image,
      ...(containerPort !== undefined ? { containerPort, hostPort: hostPort! } : {}),
    };
    const prepared = await this.prepare(definition, folder);
    if ('skipped' in prepared) return { image, ...prepared };
    const localImage = prepared.planned.image!;
    const started = await this.tasks.start(prepared);
    // The task runner removes the container by its name when the task ends (ContainerTasks).
    const name = runContainerNameOf(prepared.planned.argv);
    const ended = started.ended.then(async exitCode => {
      if (name) await this.tasks.containerRemoved(name);
      return exitCode;
    });
    const execution = started.execution;
    const url = targets.web && hostPort !== undefined ? `http://localhost:${hostPort}/` : undefined;
    // Polled on IPv4 loopback, where docker publishes for sure; the user is offered localhost.
    const answered = url ? waitUntilAnswering(`http://127.0.0.1:${hostPort}/`, ended) : undefined;
    if (url && answered && options.openBrowser !== 'never') {
      void answered.then(async ok => {
        if (!ok) return;
        const open = await vscode.window.showInformationMessage(vscode.l10n.t('{0} answers on {1}', localImage, url), vscode.l10n.t('Open in Browser'));
        if (open) await vscode.env.openExternal(await vscode.env.asExternalUri(vscode.Uri.parse(url)));
      });
    }
    return {
      image: localImage, commandLine: prepared.commandLine, execution, ended,
      ...(containerPort !== undefined ? { containerPort, hostPort: hostPort! } : {}),
      ...(url ? { url, answered: answered! } : {}),
    };
  }

  async pushImage(subject: unknown, rawOptions: unknown): Promise<PushImageResult> {
    const options = optionsObject<PushCommandOptions>(rawOptions);
    const opened = await this.openDockerfile(subject, { image: options.image });
    if ('skipped' in opened) return opened;
    const { dockerfile, folder, choices: { image } } = opened;
    const registry = options.registry ?? (options.prompt === false ? undefined : await this.chooseRegistry(image));
    if (!registry) return { image, skipped: 'no registry was chosen' };
    await this.rememberRegistry(registry);

    const step = (action: 'tag' | 'push' | 'untag' | 'pull' | 'login', extras: Pick<PlanInputs, 'pushDigestFile'> = {}) => this.prepare({ type: containerTaskType, action, dockerfile, image, registry }, folder, extras);
    const tag = await step('tag');
    if ('skipped' in tag) return { image, registry, ...tag };
    // podman says the pushed digest only in a file (its local RepoDigests name another); docker ignores this.
    const digestFile = path.join(os.tmpdir(), `dotnet-containers-digest-${crypto.randomBytes(8).toString('hex')}`);
    const push = await step('push', { pushDigestFile: digestFile });
    if ('skipped' in push) return { image, registry, ...push };
    const remoteImage = push.planned.remoteImage!;
    const base = { image: tag.planned.image!, registry, remoteImage, commandLines: { tag: tag.commandLine, push: push.commandLine } };

    const tagged = await this.tasks.runToEnd(tag, vscode.l10n.t('Tagging {0}…', remoteImage));
    if (tagged.exitCode !== 0) return this.pushFailed(base, tagged, vscode.l10n.t('Tagging {0} as {1} failed. Has it been built?', base.image, remoteImage));
    let pushed = await this.tasks.runToEnd(push, vscode.l10n.t('Pushing {0}…', remoteImage));
    let login: { loginOffered?: boolean; loggedIn?: boolean } = {};
    if (pushed.exitCode !== 0 && !pushed.cancelled) {
      login = await this.loginIfAsked(registry, push.cli, options);
      if (login.loggedIn) pushed = await this.tasks.runToEnd(push, vscode.l10n.t('Pushing {0}…', remoteImage));
    }
    if (pushed.exitCode !== 0) return this.pushFailed({ ...base, ...login }, pushed, vscode.l10n.t('Pushing {0} failed. The terminal shows why.', remoteImage));

    const digest = await readPushedDigest(push.cli.path, remoteImage, { ...process.env, ...push.cli.env }, push.cli.name === 'podman' ? digestFile : undefined);
    this.output.appendLine(`pushed ${remoteImage}${digest ? ` ${digest}` : ''}`);
    const result: PushImageResult = { ...base, ...login, exitCode: 0, ...(digest ? { digest } : {}) };
    const verify = async () => {
      const untag = await step('untag');
      const pull = await step('pull');
      if ('skipped' in untag || 'skipped' in pull) return {};
      const removed = await this.tasks.runToEnd(untag, vscode.l10n.t('Removing the local tag {0}…', remoteImage));
      const pulled = removed.exitCode === 0 ? await this.tasks.runToEnd(pull, vscode.l10n.t('Pulling {0} back…', remoteImage)) : undefined;
      const ok = pulled?.exitCode === 0;
      void (ok ? vscode.window.showInformationMessage(vscode.l10n.t('Verified: {0} was pulled back from {1}.', remoteImage, registry)) : vscode.window.showErrorMessage(vscode.l10n.t('Verifying {0} failed: the terminal shows why.', remoteImage)));
      return { ...(removed.exitCode !== undefined ? { untagExitCode: removed.exitCode } : {}), ...(pulled?.exitCode !== undefined ? { pullExitCode: pulled.exitCode } : {}) };
    };
    if (options.verify) return { ...result, verify: await verify() };
    const message = digest ? vscode.l10n.t('Pushed {0} ({1}).', remoteImage, digest) : vscode.l10n.t('Pushed {0}.', remoteImage);
    if (options.prompt === false) void vscode.window.showInformationMessage(message);
    else void vscode.window.showInformationMessage(message, vscode.l10n.t('Verify')).then(choice => { if (choice) void verify(); });
    return result;
  }

  /**
   * After a failed push: a registry that answers 401 wants a login, which the user types into `docker login`
   * in a terminal (never into this extension). Asked only when prompts are allowed.
   */
  private async loginIfAsked(registry: string, cli: ContainerCli, options: PushCommandOptions): Promise<{ loginOffered?: boolean; loggedIn?: boolean }> {
    if (!wantsLogin(await probeRegistry(registry))) return {};
    if (options.login === 'never' || options.prompt === false) return { loginOffered: true, loggedIn: false };
    const host = parsePushDestination(registry).registry;
    const config = await readDockerConfig(dockerConfigDir({ ...process.env, ...cli.env }, os.homedir()));
    const question = hasLogin(config, registry)
      ? vscode.l10n.t('{0} refused the saved login. Log in with docker login in a terminal (the password goes to docker, not to this extension), then push again?', host)
      : vscode.l10n.t('{0} wants a login, and docker has none for it. Log in with docker login in a terminal (the password goes to docker, not to this extension), then push again?', host);
    const choice = await vscode.window.showWarningMessage(question, vscode.l10n.t('Log In'));
    const login = choice ? await this.prepare({ type: containerTaskType, action: 'login', registry }, undefined) : undefined;
    if (!login || 'skipped' in login) return { loginOffered: true, loggedIn: false };
    const outcome = await this.tasks.runToEnd(login, vscode.l10n.t('Log in to {0} in the terminal…', host));
    return { loginOffered: true, loggedIn: outcome.exitCode === 0 };
  }

  private pushFailed(result: PushImageResult, outcome: TaskOutcome, message: string): PushImageResult {
    if (outcome.cancelled) return { ...result, ...exitOf(outcome), skipped: 'the push was cancelled' };
    void vscode.window.showErrorMessage(message);
    return { ...result, ...exitOf(outcome) };
  }

  private async chooseRegistry(image: string): Promise<string | undefined> {
    const config = await readDockerConfig(dockerConfigDir(process.env, os.homedir()));
    const configured = configuredDestinations(vscode.workspace.getConfiguration(settingsSection).get<unknown>(settingNames.registries));
    const known = knownRegistries({ recent: this.state.get<string[]>(recentRegistriesKey, []), configured, config });
    const sources = { recent: vscode.l10n.t('recently used'), setting: settingKey(settingNames.registries), 'docker login': vscode.l10n.t('docker has a login for it') };
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { destination: string }>();
    pick.title = vscode.l10n.t('Push {0}', image);
    pick.placeholder = vscode.l10n.t('A registry: pick one, or type host[:port][/namespace] (e.g. localhost:5000, ghcr.io/owner)');
    const knownItems = known.map(entry => ({ label: entry.destination, description: sources[entry.source], destination: entry.destination }));
    pick.items = knownItems;
    pick.onDidChangeValue(value => {
      const typed = value.trim();
      if (!typed || known.some(entry => entry.destination === typed)) {
        pick.items = knownItems;
        return;
      }
      let item: vscode.QuickPickItem & { destination: string };
      try {
        parsePushDestination(typed);
        item = { label: typed, description: vscode.l10n.t('push here'), destination: typed };
      } catch (error) {
        // Shown, but accepting it does nothing: the message says what Docker would take.
        item = { label: `$(error) ${typed}`, description: (error as Error).message, destination: '', alwaysShow: true };
      }
      pick.items = [item, ...knownItems];
    });
    return new Promise(resolve => {
      pick.onDidAccept(() => {
        const destination = pick.selectedItems[0]?.destination;
        if (!destination) return;
        resolve(destination);
        pick.hide();
      });
      pick.onDidHide(() => { resolve(undefined); pick.dispose(); });
      pick.show();
    });
  }

  private async rememberRegistry(registry: string): Promise<void> {
    const recent = this.state.get<string[]>(recentRegistriesKey, []).filter(entry => entry !== registry);
    await this.state.update(recentRegistriesKey, [registry, ...recent].slice(0, 8));
  }

  /** The image's normalized name when the engine does not have it; undefined when it does, or when that cannot be told here (the task then says why). */
  private async missingImage(image: string, folder: vscode.WorkspaceFolder | undefined): Promise<string | undefined> {
    let name: string;
    let cli: ContainerCli;
    try {
      name = formatImageName(parseImageName(image));
      cli = await containerCliFromSettings(folder?.uri);
    } catch (error) {
      if (error instanceof DockerArgumentError) return undefined;
      throw error;
    }
    const result = await runProcess(cli.path, ['image', 'inspect', '--format', '{{.Id}}', name], { env: { ...process.env, ...cli.env }, timeoutMs: 20_000 });
    if (result.exitCode === 0) return undefined;
    // Only "no such image" means missing; an engine that does not answer is the task's to report.
    return /no such image|not found/i.test(result.stderr) ? name : undefined;
  }

  private async prepare(definition: ContainerTaskDefinition, folder: vscode.WorkspaceFolder | undefined, extras: Pick<PlanInputs, 'pushDigestFile'> = {}): Promise<PreparedTask | { skipped: string }> {
    try {
      const prepared = await this.tasks.prepare(definition, folder, undefined, extras);
      this.output.appendLine(`${definition.action}: ${JSON.stringify(prepared.commandLine)}`);
      return prepared;
    } catch (error) {
      if (!(error instanceof DockerArgumentError)) throw error;
      void vscode.window.showErrorMessage(error.message);
      return { skipped: error.message };
    }
  }

  /**
   * The Dockerfile a command is about (its argument, else the active editor's, else one picked from the
   * workspace), and what it uses where the command's options say nothing (dockerfileChoices decides).
   */
  private async openDockerfile(subject: unknown, explicit: ExplicitChoices): Promise<{ dockerfile: string; targets: DockerfileTargets; folder?: vscode.WorkspaceFolder; choices: DockerfileChoices } | { skipped: string }> {
    if (!vscode.workspace.isTrusted) {
      const untrustedMessage = vscode.l10n.t('Build, run and push start docker, so they need a trusted workspace.');
      void vscode.window.showWarningMessage(untrustedMessage);
      return { skipped: untrustedMessage };
    }
    const dockerfile = subject instanceof vscode.Uri ? subject.fsPath : typeof subject === 'string' ? subject : await activeOrPickedDockerfile();
    if (!dockerfile) return { skipped: 'no Dockerfile was picked' };
    const open = vscode.workspace.textDocuments.find(document => document.uri.scheme === 'file' && document.uri.fsPath === dockerfile);
    // docker reads the file from disk: what the editor shows is what gets built.
    if (open?.isDirty) await open.save();
    try {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dockerfile));
      const targets = readTargets(dockerfile);
      const choices = dockerfileChoices(explicit, targets, rememberedChoices(dockerfile), folder?.uri.fsPath);
      return { dockerfile, targets, choices, ...(folder ? { folder } : {}) };
    } catch (error) {
      void vscode.window.showErrorMessage((error as Error).message);
      return { skipped: (error as Error).message };
    }
  }
}

/** The Build prompt: Enter builds; the other two items edit the image name and the context, then come back. */
async function chooseBuild(dockerfile: string, image: string, context: string, target?: string): Promise<{ image: string; context: string } | undefined> {
  for (;;) {
    const items: Array<vscode.QuickPickItem & { choice: 'build' | 'image' | 'context' }> = [
      {
        label: `$(play) ${vscode.l10n.t('Build {0}', image)}`,
        detail: target ? vscode.l10n.t('docker build --target {0} from {1}', target, vscode.workspace.asRelativePath(context, true)) : vscode.l10n.t('docker build from {0}', vscode.workspace.asRelativePath(context, true)),
        choice: 'build',
      },
      { label: `$(edit) ${vscode.l10n.t('Image name and tag…')}`, description: image, choice: 'image' },
      { label: `$(folder) ${vscode.l10n.t('Build context…')}`, description: vscode.workspace.asRelativePath(context, true), choice: 'context' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Build {0}', vscode.workspace.asRelativePath(dockerfile, true)), placeHolder: vscode.l10n.t('Enter builds; the choices are remembered for this Dockerfile') });
    if (!picked) return undefined;
    if (picked.choice === 'build') return { image, context };
    if (picked.choice === 'image') {
      const typed = await vscode.window.showInputBox({
        title: vscode.l10n.t('Image name and tag'), value: image, prompt: vscode.l10n.t('name:tag, e.g. stockweb:1.0.0'),
        validateInput: value => { try { parseImageName(value); return undefined; } catch (error) { return (error as Error).message; } },
      });
      if (typed) image = formatImageName(parseImageName(typed));
    } else {
      const [folder] = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.file(context), openLabel: vscode.l10n.t('Use as Build Context') }) ?? [];
      if (folder) context = folder.fsPath;
    }
  }
}

async function askHostPort(proposed: number, containerPort: number): Promise<number | undefined> {
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Publish container port {0} on host port', containerPort), value: String(proposed),
    prompt: proposed === containerPort ? vscode.l10n.t('The same port is free on this machine') : vscode.l10n.t('Port {0} is taken here; {1} is free', containerPort, proposed),
    validateInput: value => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535 ? undefined : vscode.l10n.t('A port from 1 to 65535'),
  });
  return typed ? Number(typed) : undefined;
}

/** Stores a change to the Dockerfile's remembered choices in `dotnetContainers.dockerfiles` (workspace folder settings). */
async function remember(dockerfile: string, folder: vscode.WorkspaceFolder | undefined, change: RememberedChange): Promise<void> {
  if (!folder) return;
  const settings = vscode.workspace.getConfiguration(settingsSection, folder.uri);
  const all = settings.get<Record<string, RememberedChoices>>(settingNames.dockerfiles) ?? {};
  const next = withRememberedChange(all, rememberedKey(folder.uri.fsPath, dockerfile), change);
  if (!next) return;
  await settings.update(settingNames.dockerfiles, Object.keys(next).length ? next : undefined, vscode.ConfigurationTarget.WorkspaceFolder);
}

async function activeOrPickedDockerfile(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'dockerfile' && active.uri.scheme === 'file') return active.uri.fsPath;
  const files = (await vscode.workspace.findFiles('**/{Dockerfile,*.Dockerfile,Dockerfile.*}', '**/{node_modules,bin,obj,.git}/**', 200)).filter(uri => uri.scheme === 'file');
  if (files.length <= 1) return files[0]?.fsPath;
  const picked = await vscode.window.showQuickPick(files.map(uri => ({ label: vscode.workspace.asRelativePath(uri), file: uri.fsPath })), { placeHolder: vscode.l10n.t('Which Dockerfile?') });
  return picked?.file;
}

/** Whether the build's problem matchers reported anything for the Dockerfile or a file of its context (they lag the task's end a little). */
async function buildProblemsAppeared(dockerfile: string, context: string): Promise<boolean> {
  const inBuild = (uri: vscode.Uri) => uri.scheme === 'file' && (uri.fsPath === dockerfile || uri.fsPath.startsWith(context + path.sep));
  const deadline = Date.now() + 2000;
  for (;;) {
    const found = vscode.languages.getDiagnostics().some(([uri, diagnostics]) => inBuild(uri) && diagnostics.some(d => d.source === 'docker build' || d.source === 'dotnet'));
    if (found || Date.now() > deadline) return found;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

function optionsObject<T>(value: unknown): T {
  return (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof vscode.Uri) ? value : {}) as T;
}

function exitOf(outcome: TaskOutcome): { exitCode?: number } {
  return outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {};
}

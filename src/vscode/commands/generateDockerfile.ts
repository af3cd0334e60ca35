import * as path from 'node:path';
import * as vscode from 'vscode';
import { shellWord } from '../../core/generate/dockerfileSyntax';
import { variantChoices, VariantChoice } from '../../core/generate/generateDockerfile';
import { GenerationPlan, planGeneration, ProposedFile } from '../../core/generate/planGeneration';
import { commandIds } from '../../core/ids';
import { findExecutable } from '../../core/process/findExecutable';
import { confirmWithMsbuild, MsbuildConfirmation, PropertyDifference } from '../../core/project/msbuildProperties';
import { AppKind, ProjectInfo } from '../../core/project/ProjectInfo';
import { settingKey, settingNames, settingsSection } from '../settingsKeys';

/** Read-only documents holding a proposed Dockerfile, for the Compare view. */
export const proposedScheme = 'dotnet-containers-proposed';

export type OverwritePolicy = 'ask' | 'never' | 'always';
export type ProjectEvaluation = 'auto' | 'static' | 'msbuild';

/**
 * The optional second argument of both commands, for scripts, tasks and tests:
 *   executeCommand('dotnetContainers.generateDockerfile', uriOrPath, { variant: 'alpine', https: true, overwrite: 'never' })
 * - `variant`, `https`: used for this run instead of the remembered options or the settings; what is given is
 *   not asked by "Generate Dockerfile with Options…", which remembers them like answers.
 * - `overwrite`: what to do with an existing Dockerfile that differs: `ask` (default, a modal question),
 *   `never` (keep it, write nothing) or `always` (replace it).
 * Explorer and editor-title menus pass their own second argument (selected URIs, editor context): its other
 * keys are ignored.
 */
export interface GenerateCommandOptions {
  readonly variant?: VariantChoice;
  readonly https?: boolean;
  readonly overwrite?: OverwritePolicy;
}

export interface ChosenOptions {
  readonly variant: VariantChoice;
  readonly https: boolean;
  /** Where they came from: the command's argument, the user's answers, the project's last answers, or the setting. */
  readonly source: 'argument' | 'asked' | 'remembered' | 'setting';
}

export interface MsbuildReport {
  readonly mode: ProjectEvaluation;
  /** `used`: the plan follows MSBuild; `agrees`: MSBuild read the same; `background`: checking after the static plan. */
  readonly status: 'used' | 'agrees' | 'background' | 'off' | 'failed';
  readonly reason?: string;
  readonly differences?: readonly string[];
  /** In `auto`: settles once the background check is done and reported. */
  readonly done?: Promise<MsbuildConfirmation>;
}

/** What the command did, for tests and scripts: absolute paths written, and why anything was not. */
export interface GenerateDockerfileResult {
  readonly written: string[];
  readonly skipped?: string;
  readonly plan?: GenerationPlan;
  /** Projects that were offered (a solution with several apps, a library's referencing apps). */
  readonly candidates?: readonly string[];
  readonly options?: ChosenOptions;
  readonly msbuild?: MsbuildReport;
}

const optionSources: Record<ChosenOptions['source'], string> = {
  argument: 'given to the command',
  asked: 'as answered',
  remembered: 'as last chosen for this project',
  setting: 'from the settings',
};
const projectGlob = '**/*.{csproj,fsproj,vbproj}';
const excludedFolders = '**/{bin,obj,node_modules}/**';
const variantDescriptions: Record<VariantChoice, string> = {
  default: "The .NET version's own default (Ubuntu from .NET 10, Debian before)",
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  alpine: 'Alpine: small, musl libc',
  chiseled: 'Ubuntu Chiseled: distroless, non-root, no shell or package manager',
  azurelinux: 'Azure Linux',
};

/** Registers "Generate Dockerfile", "Generate Dockerfile with Options…" and the proposed-content provider. */
export function registerGenerateDockerfile(context: vscode.ExtensionContext, output: vscode.OutputChannel): vscode.Disposable {
  const proposed = new ProposedContent();
  const generator = new DockerfileGenerator(context.workspaceState, output, proposed);
  return vscode.Disposable.from(
    proposed,
    vscode.workspace.registerTextDocumentContentProvider(proposedScheme, proposed),
    vscode.commands.registerCommand(commandIds.generateDockerfile, (target?: unknown, options?: unknown) => generator.run(target, options, false)),
    vscode.commands.registerCommand(commandIds.generateDockerfileWithOptions, (target?: unknown, options?: unknown) => generator.run(target, options, true)),
  );
}

class ProposedContent implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** A read-only document with `content`, named like `file` so that it gets the same language. */
  show(file: string, content: string): vscode.Uri {
    const uri = vscode.Uri.file(file).with({ scheme: proposedScheme });
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

class DockerfileGenerator {
  constructor(
    private readonly state: vscode.Memento,
    private readonly output: vscode.OutputChannel,
    private readonly proposed: ProposedContent,
  ) {}

  async run(targetArgument: unknown, optionsArgument: unknown, askForOptions: boolean): Promise<GenerateDockerfileResult> {
    const scripted = scriptedOptions(optionsArgument);
    if (typeof scripted === 'string') return this.fail(scripted);
    const target = targetPath(targetArgument) ?? await pickWorkspaceProject();
    if (target === undefined) return { written: [], skipped: 'no project was picked' };
    if (target === null) return this.fail('There is no .csproj, .fsproj or .vbproj in this workspace to generate a Dockerfile for.');

    const resolved = await resolveAppProject(target);
    if ('result' in resolved) {
      if (resolved.result.skipped && !resolved.result.candidates?.length) void vscode.window.showErrorMessage(resolved.result.skipped);
      return resolved.result;
    }
    const project = resolved.project;
    const offered = resolved.offered ? { candidates: resolved.offered } : {};
    const options = await this.chooseOptions(project, resolved.kind, scripted, askForOptions);
    if (!options) return { written: [], skipped: 'no options were picked', ...offered };
    return { ...await this.generate(project, options, scripted.overwrite ?? 'ask'), ...offered };
  }

  /** Plans (following MSBuild where the setting and trust allow), writes what the user agrees to, and reports. */
  private async generate(project: string, options: ChosenOptions, overwrite: OverwritePolicy, overrides?: Partial<ProjectInfo>): Promise<GenerateDockerfileResult> {
    const planOptions = { now: new Date(), variant: options.variant, https: options.https };
    let plan = planGeneration(project, { ...planOptions, ...(overrides ? { appOverrides: overrides } : {}) });
    const evaluation = await msbuildAvailability();
    if (evaluation.mode === 'msbuild' && evaluation.reason) this.output.appendLine(`projectEvaluation is "msbuild", but ${evaluation.reason}.`);
    let msbuild: MsbuildReport = { mode: evaluation.mode, status: 'off', ...(evaluation.reason ? { reason: evaluation.reason } : {}) };

    // `msbuild` asks first; `auto` asks first only when the static reading could not make a plan.
    if (evaluation.dotnet && !overrides && (evaluation.mode === 'msbuild' || !plan.ok)) {
      const dotnet = evaluation.dotnet;
      const confirmation = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Asking MSBuild about ${path.basename(project)}…` },
        () => confirmWithMsbuild(project, { dotnet, ...(plan.ok ? { info: plan.app } : {}) }),
      );
      this.logConfirmation(project, confirmation);
      if (!confirmation.ok) {
        msbuild = { mode: evaluation.mode, status: 'failed', reason: confirmation.message };
        if (plan.ok) void vscode.window.showWarningMessage(`MSBuild could not evaluate ${path.basename(project)}, so the Dockerfile follows the static reading. Details are in the ".NET Containers" output.`);
      } else if (confirmation.differences.length) {
        plan = planGeneration(project, { ...planOptions, appOverrides: confirmation.overrides });
        msbuild = { mode: evaluation.mode, status: 'used', differences: confirmation.differences.map(d => d.text) };
      } else {
        msbuild = { mode: evaluation.mode, status: 'agrees', differences: [] };
      }
    }
    if (!plan.ok) {
      void vscode.window.showErrorMessage(plan.message);
      return { written: [], skipped: plan.message, ...(plan.candidates ? { candidates: plan.candidates } : {}), options, msbuild };
    }

    const startedPlan = plan;
    if (evaluation.dotnet && !overrides && evaluation.mode === 'auto' && msbuild.status === 'off') {
      const dotnet = evaluation.dotnet;
      const done = confirmWithMsbuild(project, { dotnet, info: startedPlan.app }).then(confirmation => {
        this.logConfirmation(project, confirmation);
        if (confirmation.ok) this.offerMsbuildValues(startedPlan, options, confirmation.differences, confirmation.overrides);
        return confirmation;
      });
      msbuild = { mode: 'auto', status: 'background', done };
    }

    this.output.appendLine(`Generate Dockerfile for ${project} (variant ${options.variant}, HTTPS ${options.https ? 'on' : 'off'}: ${optionSources[options.source]}), ${new Date().toLocaleString()}`);
    if (plan.warnings.length) this.reportWarnings(plan);
    let outcome: { written: string[]; skipped?: string };
    try {
      outcome = await this.write(plan, overwrite);
    } catch (error) {
      outcome = { written: [], skipped: `Generate Dockerfile could not write the files: ${(error as Error).message}` };
      void vscode.window.showErrorMessage(outcome.skipped!);
    }
    this.output.appendLine(outcome.skipped ? `  ${outcome.skipped}` : `  build: docker ${plan.generated.buildArgs.map(shellWord).join(' ')}`);
    this.output.appendLine('');
    if (options.source === 'asked') await this.remember(project, options);
    return { ...outcome, plan, options, msbuild };
  }

  private async write(plan: GenerationPlan, overwrite: OverwritePolicy): Promise<{ written: string[]; skipped?: string }> {
    const dockerfile = plan.dockerfile;
    const name = relative(dockerfile.path);
    const current = unsavedText(dockerfile.path) ?? dockerfile.existing;
    const dockerfileUpToDate = current === dockerfile.content;
    if (current !== undefined && !dockerfileUpToDate && !await this.mayOverwrite(plan, overwrite)) {
      const skipped = `${name} differs from the generated Dockerfile and was kept; nothing was written.`;
      return { written: [], skipped };
    }

    const written: string[] = [];
    if (!dockerfileUpToDate) {
      await writeText(dockerfile.path, dockerfile.content);
      written.push(dockerfile.path);
      this.output.appendLine(`  wrote ${dockerfile.path}`);
    }
    const ignore = plan.dockerignore;
    if (ignore.existing === undefined || ignore.added?.length) {
      await writeText(ignore.path, ignore.content);
      written.push(ignore.path);
      this.output.appendLine(ignore.existing === undefined ? `  wrote ${ignore.path}` : `  added ${ignore.added!.join(' ')} to ${ignore.path}`);
    }
    if (!written.length) {
      const skipped = `${name} and ${relative(ignore.path)} are up to date; nothing was written.`;
      void vscode.window.showInformationMessage(skipped);
      return { written, skipped };
    }
    void vscode.window.showInformationMessage(describeWrites(plan, written, dockerfileUpToDate));
    await vscode.window.showTextDocument(vscode.Uri.file(dockerfile.path), { preview: false });
    return { written };
  }

  /** Never replaces a user's Dockerfile silently: `ask` shows a modal with Overwrite and Compare. */
  private async mayOverwrite(plan: GenerationPlan, overwrite: OverwritePolicy): Promise<boolean> {
    if (overwrite !== 'ask') return overwrite === 'always';
    const file: ProposedFile = plan.dockerfile;
    const name = relative(file.path);
    const choice = await vscode.window.showWarningMessage(
      `${name} already exists and differs from the Dockerfile generated for ${path.basename(plan.app.file)}.`,
      { modal: true, detail: 'Overwrite replaces it with the generated one. Compare shows both side by side first.' },
      'Overwrite', 'Compare',
    );
    if (choice !== 'Compare') return choice === 'Overwrite';
    const proposedUri = this.proposed.show(file.path, file.content);
    // The left side is the file's editor text: unsaved changes show as they are.
    await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(file.path), proposedUri, `${path.basename(file.path)}: yours ↔ generated`);
    const again = await vscode.window.showWarningMessage(`Overwrite ${name} with the generated Dockerfile?`, 'Overwrite', 'Keep Mine');
    return again === 'Overwrite';
  }

  private reportWarnings(plan: GenerationPlan): void {
    for (const warning of plan.warnings) this.output.appendLine(`  warning: ${warning}`);
    const count = plan.warnings.length;
    const summary = count === 1 ? plan.warnings[0]! : `${count} warnings for ${plan.app.name}, the first: ${plan.warnings[0]}`;
    void vscode.window.showWarningMessage(summary, 'Show Output').then(choice => { if (choice) this.output.show(true); });
  }

  private logConfirmation(project: string, confirmation: MsbuildConfirmation): void {
    if (!confirmation.ok) {
      this.output.appendLine(`MSBuild could not evaluate ${project}: ${confirmation.message}`);
      return;
    }
    this.output.appendLine(confirmation.differences.length
      ? `MSBuild's evaluation of ${project} differs from the static reading:`
      : `MSBuild's evaluation of ${project} agrees with the static reading.`);
    for (const difference of confirmation.differences) this.output.appendLine(`  ${difference.text}`);
  }

  /** After an `auto` run: a difference that changes the Dockerfile is worth a notification and a one-click fix. */
  private offerMsbuildValues(plan: GenerationPlan, options: ChosenOptions, differences: readonly PropertyDifference[], overrides: Partial<ProjectInfo>): void {
    const relevant = differences.filter(d => d.changesDockerfile);
    if (!relevant.length) return;
    const regenerate = "Regenerate with MSBuild's values";
    const message = `MSBuild reads ${path.basename(plan.app.file)} differently from the static reading the Dockerfile was generated from: ${relevant.map(d => d.text).join('; ')}.`;
    void vscode.window.showWarningMessage(message, regenerate).then(async choice => {
      if (choice !== regenerate) return;
      // The file was just generated: replace it without asking unless it was edited since.
      const latest = unsavedText(plan.dockerfile.path) ?? await readText(plan.dockerfile.path);
      await this.generate(plan.app.file, options, latest === plan.dockerfile.content ? 'always' : 'ask', overrides);
    });
  }

  private async chooseOptions(project: string, kind: AppKind | undefined, scripted: GenerateCommandOptions, ask: boolean): Promise<ChosenOptions | undefined> {
    const remembered = this.state.get<{ variant?: unknown; https?: unknown }>(stateKey(project));
    const setting = vscode.workspace.getConfiguration(settingsSection, vscode.Uri.file(project)).get<string>(settingNames.defaultVariant, 'default');
    const settingVariant = isVariant(setting) ? setting : 'default';
    const rememberedVariant = isVariant(remembered?.variant) ? remembered.variant : undefined;
    const rememberedHttps = typeof remembered?.https === 'boolean' ? remembered.https : undefined;
    if (!ask) {
      if (scripted.variant !== undefined || scripted.https !== undefined) {
        return { variant: scripted.variant ?? rememberedVariant ?? settingVariant, https: scripted.https ?? rememberedHttps ?? false, source: 'argument' };
      }
      if (rememberedVariant !== undefined) return { variant: rememberedVariant, https: rememberedHttps ?? false, source: 'remembered' };
      return { variant: settingVariant, https: false, source: 'setting' };
    }
    const current = rememberedVariant ?? settingVariant;
    const variant = scripted.variant ?? (await vscode.window.showQuickPick(
      // The current choice first, so that Enter keeps it.
      [current, ...variantChoices.filter(v => v !== current)].map(v => ({ label: v, description: v === current ? 'current' : '', detail: variantDescriptions[v], variant: v })),
      { title: `Generate Dockerfile for ${path.basename(project)}`, placeHolder: 'Base image OS variant' },
    ))?.variant;
    if (!variant) return undefined;
    let https = scripted.https ?? false;
    // HTTPS means something only for a web app (unknown when only MSBuild can read the project).
    if (scripted.https === undefined && kind !== 'console' && kind !== 'worker' && kind !== 'library') {
      const currentHttps = rememberedHttps ?? false;
      const answers = [
        { label: 'No', detail: 'HTTP only, e.g. behind a proxy or ingress that terminates TLS', https: false },
        { label: 'Yes', detail: 'Also serve HTTPS, with a certificate mounted when the container starts', https: true },
      ];
      const picked = await vscode.window.showQuickPick(currentHttps ? answers.reverse() : answers, { title: `Generate Dockerfile for ${path.basename(project)}`, placeHolder: 'Serve HTTPS from the container?' });
      if (!picked) return undefined;
      https = picked.https;
    }
    return { variant, https, source: 'asked' };
  }

  private async remember(project: string, options: ChosenOptions): Promise<void> {
    await this.state.update(stateKey(project), { variant: options.variant, https: options.https });
  }

  private fail(message: string): GenerateDockerfileResult {
    void vscode.window.showErrorMessage(message);
    return { written: [], skipped: message };
  }
}

/** A solution, a folder or a library resolves to one app project, asking the user where there are several. */
async function resolveAppProject(target: string): Promise<{ project: string; kind?: AppKind; offered?: readonly string[] } | { result: GenerateDockerfileResult }> {
  let current = target;
  let offered: readonly string[] | undefined;
  for (;;) {
    const plan = planGeneration(current, { now: new Date() });
    if (plan.ok) return { project: plan.app.file, kind: plan.app.kind, ...(offered ? { offered } : {}) };
    // Refused after resolving (e.g. a TFM the static reading cannot see): MSBuild may still make a plan.
    if (plan.project && !plan.candidates) return { project: plan.project, ...(offered ? { offered } : {}) };
    if (!plan.candidates?.length) return { result: { written: [], skipped: plan.message, ...(plan.candidates ? { candidates: plan.candidates } : {}) } };
    const picked = await vscode.window.showQuickPick(
      plan.candidates.map(file => ({ label: relative(file), description: path.basename(path.dirname(file)), file })),
      { title: 'Generate Dockerfile', placeHolder: plan.message },
    );
    if (!picked) return { result: { written: [], skipped: plan.message, candidates: plan.candidates } };
    offered = plan.candidates;
    current = picked.file;
  }
}

/** undefined: the user dismissed the pick; null: there is nothing to pick. */
async function pickWorkspaceProject(): Promise<string | undefined | null> {
  const found = await vscode.workspace.findFiles(projectGlob, excludedFolders);
  const files = found.filter(uri => uri.scheme === 'file').map(uri => uri.fsPath).sort((a, b) => relative(a).localeCompare(relative(b)));
  if (!files.length) return null;
  if (files.length === 1) return files[0]!;
  const picked = await vscode.window.showQuickPick(files.map(file => ({ label: relative(file), file })), {
    title: 'Generate Dockerfile', placeHolder: 'The project to generate a Dockerfile for', matchOnDescription: true,
  });
  return picked?.file;
}

async function msbuildAvailability(): Promise<{ mode: ProjectEvaluation; dotnet?: string; reason?: string }> {
  const setting = vscode.workspace.getConfiguration(settingsSection).get<string>(settingNames.projectEvaluation, 'auto');
  const mode: ProjectEvaluation = setting === 'static' || setting === 'msbuild' ? setting : 'auto';
  if (mode === 'static') return { mode, reason: `${settingKey(settingNames.projectEvaluation)} is "static"` };
  // Evaluating a project runs its MSBuild logic, which an untrusted workspace could have written.
  if (!vscode.workspace.isTrusted) return { mode, reason: 'the workspace is not trusted, so MSBuild was not run; the static reading was used' };
  const dotnet = await findExecutable('dotnet', process.env);
  if (!dotnet) return { mode, reason: 'dotnet is not on PATH; the static reading was used' };
  return { mode, dotnet };
}

function scriptedOptions(value: unknown): GenerateCommandOptions | string {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof vscode.Uri) return {};
  const { variant, https, overwrite } = value as Record<string, unknown>;
  if (variant !== undefined && !isVariant(variant)) return `Generate Dockerfile: variant must be one of ${variantChoices.join(', ')}, not ${JSON.stringify(variant)}.`;
  if (overwrite !== undefined && overwrite !== 'ask' && overwrite !== 'never' && overwrite !== 'always') return `Generate Dockerfile: overwrite must be ask, never or always, not ${JSON.stringify(overwrite)}.`;
  return {
    ...(variant !== undefined ? { variant } : {}),
    ...(typeof https === 'boolean' ? { https } : {}),
    ...(overwrite !== undefined ? { overwrite } : {}),
  };
}

function targetPath(value: unknown): string | undefined {
  if (value instanceof vscode.Uri) return value.scheme === 'file' ? value.fsPath : undefined;
  if (typeof value === 'string' && value) return path.resolve(value);
  return undefined;
}

function isVariant(value: unknown): value is VariantChoice {
  return typeof value === 'string' && (variantChoices as readonly string[]).includes(value);
}

function stateKey(project: string): string {
  return `dotnetContainers.generateDockerfile.options:${path.resolve(project)}`;
}

function relative(file: string): string {
  return vscode.workspace.asRelativePath(file, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

function describeWrites(plan: GenerationPlan, written: readonly string[], dockerfileUpToDate: boolean): string {
  const ignore = plan.dockerignore;
  const parts: string[] = [];
  if (written.includes(plan.dockerfile.path)) parts.push(`wrote ${relative(plan.dockerfile.path)}`);
  if (written.includes(ignore.path)) {
    parts.push(ignore.existing === undefined ? `wrote ${relative(ignore.path)}` : `added ${ignore.added!.length} patterns to ${relative(ignore.path)}`);
  }
  const upToDate = dockerfileUpToDate ? ` (${relative(plan.dockerfile.path)} was up to date)` : '';
  return `${plan.app.name}: ${parts.join(' and ')}${upToDate}. The docker build command is in the ".NET Containers" output.`;
}

function openDocument(file: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find(document => document.uri.scheme === 'file' && document.uri.fsPath === file);
}

/** The editor's text when the file is open with unsaved changes: that is what the user would lose. */
function unsavedText(file: string): string | undefined {
  const document = openDocument(file);
  return document?.isDirty ? document.getText() : undefined;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  } catch {
    return undefined;
  }
}

/** Writes through the editor when the file is open with unsaved changes, so the editor and the disk agree. */
async function writeText(file: string, content: string): Promise<void> {
  const document = openDocument(file);
  if (document?.isDirty) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), content);
    if (await vscode.workspace.applyEdit(edit) && await document.save()) return;
  }
  await vscode.workspace.fs.writeFile(vscode.Uri.file(file), new TextEncoder().encode(content));
}

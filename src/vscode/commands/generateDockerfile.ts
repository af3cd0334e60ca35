import * as path from 'node:path';
import * as vscode from 'vscode';
import { shellWord } from '../../core/generate/dockerfileSyntax';
import {
  confirmLater, describeConfirmation, differencesChangingDockerfile, extensionEvaluation, MsbuildReport as CoreMsbuildReport, planWithEvaluation,
} from '../../core/generate/evaluationStrategy';
import { variantChoices, VariantChoice } from '../../core/generate/generateDockerfile';
import {
  answeredOptions, answersToRemember, ChosenOptions, isVariant, OptionLayers, optionQuestions, OptionSource, rememberedAnswers, resolveGenerateOptions,
} from '../../core/generate/generateRequest';
import { GenerationPlan, planGeneration, ProposedFile } from '../../core/generate/planGeneration';
import { commandIds } from '../../core/ids';
import { MsbuildConfirmation, PropertyDifference } from '../../core/project/msbuildProperties';
import { AppKind, ProjectInfo } from '../../core/project/ProjectInfo';
import { settingKey, settingNames, settingsSection } from '../settingsKeys';

export type { ChosenOptions } from '../../core/generate/generateRequest';
export type { ProjectEvaluation } from '../../core/generate/evaluationStrategy';

/** Read-only documents holding a proposed Dockerfile, for the Compare view. */
export const proposedScheme = 'dotnet-containers-proposed';

export type OverwritePolicy = 'ask' | 'never' | 'always';

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

export interface MsbuildReport extends CoreMsbuildReport {
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

const optionSources: Record<OptionSource, string> = {
  argument: 'given to the command',
  asked: 'as answered',
  remembered: 'as last chosen for this project',
  setting: 'from the settings',
  default: 'the defaults',
};
const projectGlob = '**/*.{csproj,fsproj,vbproj}';
const excludedFolders = '**/{bin,obj,node_modules}/**';
/** A function, not a table: vscode.l10n.t runs once the extension's translations are loaded. */
const variantDescriptions = (): Record<VariantChoice, string> => ({
  default: vscode.l10n.t("The .NET version's own default (Ubuntu from .NET 10, Debian before)"),
  debian: vscode.l10n.t('Debian'),
  ubuntu: vscode.l10n.t('Ubuntu'),
  alpine: vscode.l10n.t('Alpine: small, musl libc'),
  chiseled: vscode.l10n.t('Ubuntu Chiseled: distroless, non-root, no shell or package manager'),
  azurelinux: vscode.l10n.t('Azure Linux'),
});

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
    if (target === null) return this.fail(vscode.l10n.t('There is no .csproj, .fsproj or .vbproj in this workspace to generate a Dockerfile for.'));

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
    const evaluated = await planWithEvaluation(project, {
      plan: { now: new Date(), variant: options.variant, https: options.https },
      evaluation: extensionEvaluation(
        vscode.workspace.getConfiguration(settingsSection).get<string>(settingNames.projectEvaluation, 'auto'),
        settingKey(settingNames.projectEvaluation), vscode.workspace.isTrusted, process.env,
      ),
      ...(overrides ? { overrides } : {}),
      confirm: (_, run) => vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking MSBuild about {0}…', path.basename(project)) }, run),
    });
    for (const line of evaluated.log) this.output.appendLine(line);
    const plan = evaluated.plan;
    let msbuild: MsbuildReport = evaluated.msbuild;
    if (msbuild.status === 'failed' && plan.ok) {
      void vscode.window.showWarningMessage(vscode.l10n.t('MSBuild could not evaluate {0}, so the Dockerfile follows the static reading. Details are in the ".NET Containers" output.', path.basename(project)));
    }
    if (!plan.ok) {
      void vscode.window.showErrorMessage(plan.message);
      return { written: [], skipped: plan.message, ...(plan.candidates ? { candidates: plan.candidates } : {}), options, msbuild };
    }

    const later = evaluated.confirmLater;
    if (later) {
      const done = confirmLater(later, process.env).then(confirmation => {
        for (const line of describeConfirmation(later.project, confirmation)) this.output.appendLine(line);
        if (confirmation.ok) this.offerMsbuildValues(plan, options, differencesChangingDockerfile(confirmation), confirmation.overrides);
        return confirmation;
      });
      msbuild = { ...msbuild, done };
    }

    this.output.appendLine(`Generate Dockerfile for ${project} (variant ${options.variant}, HTTPS ${options.https ? 'on' : 'off'}: ${optionSources[options.source]}), ${new Date().toLocaleString()}`);
    if (plan.warnings.length) this.reportWarnings(plan);
    let outcome: { written: string[]; skipped?: string };
    try {
      outcome = await this.write(plan, overwrite);
    } catch (error) {
      outcome = { written: [], skipped: vscode.l10n.t('Generate Dockerfile could not write the files: {0}', (error as Error).message) };
      void vscode.window.showErrorMessage(outcome.skipped!);
    }
    this.output.appendLine(outcome.skipped ? `  ${outcome.skipped}` : `  build: docker ${plan.generated.buildArgs.map(shellWord).join(' ')}`);
    this.output.appendLine('');
    const remembered = answersToRemember(options);
    if (remembered) await this.state.update(stateKey(project), remembered);
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
      const skipped = vscode.l10n.t('{0} and {1} are up to date; nothing was written.', name, relative(ignore.path));
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
    const overwriteButton = vscode.l10n.t('Overwrite');
    const compareButton = vscode.l10n.t('Compare');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} already exists and differs from the Dockerfile generated for {1}.', name, path.basename(plan.app.file)),
      { modal: true, detail: vscode.l10n.t('Overwrite replaces it with the generated one. Compare shows both side by side first.') },
      overwriteButton, compareButton,
    );
    if (choice !== compareButton) return choice === overwriteButton;
    const proposedUri = this.proposed.show(file.path, file.content);
    // The left side is the file's editor text: unsaved changes show as they are.
    await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(file.path), proposedUri, vscode.l10n.t('{0}: yours ↔ generated', path.basename(file.path)));
    const again = await vscode.window.showWarningMessage(vscode.l10n.t('Overwrite {0} with the generated Dockerfile?', name), overwriteButton, vscode.l10n.t('Keep Mine'));
    return again === overwriteButton;
  }

  private reportWarnings(plan: GenerationPlan): void {
    for (const warning of plan.warnings) this.output.appendLine(`  warning: ${warning}`);
    const count = plan.warnings.length;
    const summary = count === 1 ? plan.warnings[0]! : vscode.l10n.t('{0} warnings for {1}, the first: {2}', count, plan.app.name, plan.warnings[0]!);
    void vscode.window.showWarningMessage(summary, vscode.l10n.t('Show Output')).then(choice => { if (choice) this.output.show(true); });
  }

  /** After an `auto` run: a difference that changes the Dockerfile is worth a notification and a one-click fix. */
  private offerMsbuildValues(plan: GenerationPlan, options: ChosenOptions, relevant: readonly PropertyDifference[], overrides: Partial<ProjectInfo>): void {
    if (!relevant.length) return;
    const regenerate = vscode.l10n.t("Regenerate with MSBuild's values");
    const message = vscode.l10n.t('MSBuild reads {0} differently from the static reading the Dockerfile was generated from: {1}.', path.basename(plan.app.file), relevant.map(d => d.text).join('; '));
    void vscode.window.showWarningMessage(message, regenerate).then(async choice => {
      if (choice !== regenerate) return;
      // The file was just generated: replace it without asking unless it was edited since.
      const latest = unsavedText(plan.dockerfile.path) ?? await readText(plan.dockerfile.path);
      await this.generate(plan.app.file, options, latest === plan.dockerfile.content ? 'always' : 'ask', overrides);
    });
  }

  /** The options of the run: decided in core from the layers; "with Options…" asks what was not given. */
  private async chooseOptions(project: string, kind: AppKind | undefined, scripted: GenerateCommandOptions, ask: boolean): Promise<ChosenOptions | undefined> {
    const setting = vscode.workspace.getConfiguration(settingsSection, vscode.Uri.file(project)).get<string>(settingNames.defaultVariant, 'default');
    const layers: OptionLayers = {
      given: { ...(scripted.variant !== undefined ? { variant: scripted.variant } : {}), ...(scripted.https !== undefined ? { https: scripted.https } : {}) },
      remembered: rememberedAnswers(this.state.get(stateKey(project))),
      setting: { variant: isVariant(setting) ? setting : 'default' },
    };
    if (!ask) return resolveGenerateOptions(layers);
    const questions = optionQuestions(layers, kind);
    const title = vscode.l10n.t('Generate Dockerfile for {0}', path.basename(project));
    let variant: VariantChoice | undefined;
    if (questions.variant) {
      const current = questions.variant.current;
      const descriptions = variantDescriptions();
      variant = (await vscode.window.showQuickPick(
        // The current choice first, so that Enter keeps it.
        [current, ...variantChoices.filter(v => v !== current)].map(v => ({ label: v, description: v === current ? vscode.l10n.t('current') : '', detail: descriptions[v], variant: v })),
        { title, placeHolder: vscode.l10n.t('Base image OS variant') },
      ))?.variant;
      if (!variant) return undefined;
    }
    let https: boolean | undefined;
    if (questions.https) {
      const answers = [
        { label: vscode.l10n.t('No'), detail: vscode.l10n.t('HTTP only, e.g. behind a proxy or ingress that terminates TLS'), https: false },
        { label: vscode.l10n.t('Yes'), detail: vscode.l10n.t('Also serve HTTPS, with a certificate mounted when the container starts'), https: true },
      ];
      const picked = await vscode.window.showQuickPick(questions.https.current ? answers.reverse() : answers, { title, placeHolder: vscode.l10n.t('Serve HTTPS from the container?') });
      if (!picked) return undefined;
      https = picked.https;
    }
    return answeredOptions(layers, { ...(variant ? { variant } : {}), ...(https !== undefined ? { https } : {}) });
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
      { title: vscode.l10n.t('Generate Dockerfile'), placeHolder: plan.message },
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
    title: vscode.l10n.t('Generate Dockerfile'), placeHolder: vscode.l10n.t('The project to generate a Dockerfile for'), matchOnDescription: true,
  });
  return picked?.file;
}

function scriptedOptions(value: unknown): GenerateCommandOptions | string {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof vscode.Uri) return {};
  const { variant, https, overwrite } = value as Record<string, unknown>;
  if (variant !== undefined && !isVariant(variant)) return vscode.l10n.t('Generate Dockerfile: variant must be one of {0}, not {1}.', variantChoices.join(', '), JSON.stringify(variant));
  if (overwrite !== undefined && overwrite !== 'ask' && overwrite !== 'never' && overwrite !== 'always') return vscode.l10n.t('Generate Dockerfile: overwrite must be ask, never or always, not {0}.', JSON.stringify(overwrite));
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

function stateKey(project: string): string {
  return `dotnetContainers.generateDockerfile.options:${path.resolve(project)}`;
}

function relative(file: string): string {
  return vscode.workspace.asRelativePath(file, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

function describeWrites(plan: GenerationPlan, written: readonly string[], dockerfileUpToDate: boolean): string {
  const ignore = plan.dockerignore;
  const parts: string[] = [];
  if (written.includes(plan.dockerfile.path)) parts.push(vscode.l10n.t('wrote {0}', relative(plan.dockerfile.path)));
  if (written.includes(ignore.path)) {
    parts.push(ignore.existing === undefined ? vscode.l10n.t('wrote {0}', relative(ignore.path)) : vscode.l10n.t('added {0} patterns to {1}', ignore.added!.length, relative(ignore.path)));
  }
  const done = parts.length > 1 ? vscode.l10n.t('{0} and {1}', parts[0]!, parts[1]!) : parts[0] ?? '';
  return dockerfileUpToDate
    ? vscode.l10n.t('{0}: {1} ({2} was up to date). The docker build command is in the ".NET Containers" output.', plan.app.name, done, relative(plan.dockerfile.path))
    : vscode.l10n.t('{0}: {1}. The docker build command is in the ".NET Containers" output.', plan.app.name, done);
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

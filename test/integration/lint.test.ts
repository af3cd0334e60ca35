// Dockerfile diagnostics and quick fixes inside the real VS Code extension host, on the StockKube workspace.
// Each suite writes its own folder into the workspace (a web project and a Dockerfile built on Alpine but run
// on the default glibc image), opens the Dockerfile like a user would and watches the Problems the
// extension publishes. Settings changed here are reset afterwards.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionId } from '../../src/core/ids';
import { allRules } from '../../src/core/lint/rules';
import { finalImageLine, mismatchedDockerfile, mismatchedFinalImage } from '../support/mismatchedDockerfile';
import { skipBecause } from '../support/skip';

const source = 'dotnet-containers';
const variantMismatch = 'dotnet/variant-mismatch';
const entrypointMismatch = 'dotnet/entrypoint-mismatch';
const webProject = (properties = '') => `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n${properties}  </PropertyGroup>\n</Project>\n`;

/** The rule id, or a skip when that rule is not registered (yet). */
function registeredRule(test: Mocha.Context, id: string): string {
  if (!allRules.some(rule => rule.id === id)) skipBecause(test, `no ${id} rule is registered`);
  return id;
}

const settle = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const workspaceRoot = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

/**
 * A folder of its own in the workspace, holding a web project and the Dockerfile; empty props files keep
 * StockKube's own out of the project. The files are written once VS Code's file watcher watches the folder:
 * it misses files in folders created and filled at once (as `mkdir -p` then a write would be), which a user's
 * folders, there before VS Code starts, never are.
 */
async function newCase(): Promise<{ root: string; dockerfile: string; project: string }> {
  const root = path.join(workspaceRoot(), `lint-test-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(root);
  await whenWatched(path.join(root, 'Directory.Build.props'), '<Project />\n');
  fs.writeFileSync(path.join(root, 'Directory.Packages.props'), '<Project />\n');
  fs.writeFileSync(path.join(root, 'App.csproj'), webProject());
  fs.writeFileSync(path.join(root, 'Dockerfile'), mismatchedDockerfile);
  return { root, dockerfile: path.join(root, 'Dockerfile'), project: path.join(root, 'App.csproj') };
}

/** Writes `file` until a workspace file watcher reports it, so the folder is known to be watched. */
async function whenWatched(file: string, content: string, timeoutMs = 15_000): Promise<void> {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${path.basename(file)}`);
  let seen = false;
  const saw = (uri: vscode.Uri) => { if (uri.fsPath === file) seen = true; };
  const subscriptions = [watcher.onDidCreate(saw), watcher.onDidChange(saw)];
  try {
    for (const deadline = Date.now() + timeoutMs; !seen; await settle(250)) {
      if (Date.now() > deadline) throw new Error(`the file watcher never reported ${file}`);
      fs.writeFileSync(file, content);
    }
  } finally {
    subscriptions.forEach(s => s.dispose());
    watcher.dispose();
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === source);
}

function ruleOf(diagnostic: vscode.Diagnostic): string {
  return typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
}

const withRule = (uri: vscode.Uri, rule: string) => ours(uri).filter(d => ruleOf(d) === rule);
const describeAll = (uri: vscode.Uri) => ours(uri).map(d => `${ruleOf(d)} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n') || '(none)';

/** Resolves once the document's diagnostics satisfy `predicate` (checked now and on every change). */
function waitForDiagnostics(uri: vscode.Uri, predicate: (diagnostics: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 10_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      subscription.dispose();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(ours(uri));
    };
    const check = () => { if (predicate(ours(uri))) finish(); };
    const subscription = vscode.languages.onDidChangeDiagnostics(event => {
      if (event.uris.some(changed => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics now:\n${describeAll(uri)}`)), timeoutMs);
    check();
  });
}

const appears = (uri: vscode.Uri, rule: string) => waitForDiagnostics(uri, d => d.some(x => ruleOf(x) === rule), `${rule} to appear`);
const disappears = (uri: vscode.Uri, rule: string) => waitForDiagnostics(uri, d => !d.some(x => ruleOf(x) === rule), `${rule} to disappear`);

/** Resolves on the next diagnostics change for `uri` after `action` (a re-lint publishes even unchanged findings). */
async function nextDiagnosticsChange(uri: vscode.Uri, action: () => void, timeoutMs = 10_000): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { subscription.dispose(); reject(new Error(`no re-lint within ${timeoutMs} ms`)); }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics(event => {
      if (!event.uris.some(changed => changed.toString() === uri.toString())) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
    action();
  });
}

async function replaceLine(editor: vscode.TextEditor, line: number, text: string): Promise<void> {
  assert.ok(await editor.edit(edit => edit.replace(editor.document.lineAt(line).range, text)), 'the editor took the edit');
}

async function setLintSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('dotnetContainers.lint').update(name, value, vscode.ConfigurationTarget.Workspace);
}


describe('Dockerfile diagnostics', function () {
  this.timeout(60_000);
  let root: string;
  let project: string;
  let uri: vscode.Uri;
  let editor: vscode.TextEditor;

  before(async function () {
    if (!vscode.workspace.isTrusted) return;
    await vscode.extensions.getExtension(extensionId)!.activate();
    const created = await newCase();
    root = created.root;
    project = created.project;
    uri = vscode.Uri.file(created.dockerfile);
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  beforeEach(function () {
    if (!vscode.workspace.isTrusted) skipBecause(this, 'the trusted-workspace suite runs in the trusted host');
  });

  after(async function () {
    if (!root) return;
    for (const name of ['severity', 'genericChecks', 'enable', 'project']) await setLintSetting(name, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('opens a Dockerfile as the dockerfile language and reports the variant mismatch on the final image', async function () {
    assert.equal(editor.document.languageId, 'dockerfile');
    await appears(uri, variantMismatch);
    const [finding] = withRule(uri, variantMismatch);
    assert.ok(finding);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(finding.source, source);
    assert.deepEqual([finding.range.start.line, finding.range.start.character, finding.range.end.line, finding.range.end.character], [finalImageLine, 5, finalImageLine, 5 + mismatchedFinalImage.length]);
    assert.match(finding.message, /musl \(Alpine\)/);
  });

  it('follows typing: the finding goes when the final image moves to Alpine and comes back when it is put back', async function () {
    await appears(uri, variantMismatch);
    await replaceLine(editor, finalImageLine, `FROM ${mismatchedFinalImage}-alpine AS final`);
    await disappears(uri, variantMismatch);
    await replaceLine(editor, finalImageLine, `FROM ${mismatchedFinalImage} AS final`);
    await appears(uri, variantMismatch);
  });

  it('offers "Use aspnet:10.0-alpine to match the build stage" as the preferred quick fix, and applying it clears the finding', async function () {
    const [finding] = await appears(uri, variantMismatch).then(() => withRule(uri, variantMismatch));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, finding!.range);
    const fix = actions.find(action => action.title === 'Use aspnet:10.0-alpine to match the build stage');
    assert.ok(fix, `offered: ${actions.map(a => a.title).join(' | ') || 'nothing'}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(fix.isPreferred, true);
    assert.ok(fix.edit, 'the fix carries its edit');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(editor.document.lineAt(finalImageLine).text, `FROM ${mismatchedFinalImage}-alpine AS final`);
    await disappears(uri, variantMismatch);
    await replaceLine(editor, finalImageLine, `FROM ${mismatchedFinalImage} AS final`);
    await appears(uri, variantMismatch);
  });

  it('turns a rule off with dotnetContainers.lint.severity, and on again when the setting is reset', async function () {
    await appears(uri, variantMismatch);
    await setLintSetting('severity', { [variantMismatch]: 'off' });
    await disappears(uri, variantMismatch);
    await setLintSetting('severity', { [variantMismatch]: 'warning' });
    await waitForDiagnostics(uri, d => d.some(x => ruleOf(x) === variantMismatch && x.severity === vscode.DiagnosticSeverity.Warning), 'the finding as a warning');
    await setLintSetting('severity', undefined);
    await waitForDiagnostics(uri, d => d.some(x => ruleOf(x) === variantMismatch && x.severity === vscode.DiagnosticSeverity.Error), 'the finding as an error again');
  });

  it('stops linting with dotnetContainers.lint.enable off', async function () {
    await appears(uri, variantMismatch);
    await setLintSetting('enable', false);
    await waitForDiagnostics(uri, d => d.length === 0, 'no diagnostics at all');
    await setLintSetting('enable', undefined);
    await appears(uri, variantMismatch);
  });

  it('is silenced by "# dotnet-containers ignore dotnet/variant-mismatch" above the FROM', async function () {
    await appears(uri, variantMismatch);
    await replaceLine(editor, finalImageLine, `# dotnet-containers ignore ${variantMismatch}\nFROM ${mismatchedFinalImage} AS final`);
    await disappears(uri, variantMismatch);
    assert.ok(await editor.edit(edit => edit.delete(new vscode.Range(finalImageLine, 0, finalImageLine + 1, 0))));
    assert.equal(editor.document.lineAt(finalImageLine).text, `FROM ${mismatchedFinalImage} AS final`);
    await appears(uri, variantMismatch);
  });

  it('shows generic checks with genericChecks "on" and hides them with "off"', async function () {
    const casing = 'dockerfile/casing-instruction';
    await setLintSetting('genericChecks', 'on');
    await replaceLine(editor, 1, 'workdir /src');
    const [generic] = await appears(uri, casing).then(() => withRule(uri, casing));
    assert.equal(generic?.range.start.line, 1);
    assert.equal(generic?.source, source);
    await setLintSetting('genericChecks', 'off');
    await disappears(uri, casing);
    assert.ok(withRule(uri, variantMismatch).length, 'our own rules still run');
    await setLintSetting('genericChecks', undefined);
    await appears(uri, casing); // auto: none of the Docker extensions is installed in this host
    await replaceLine(editor, 1, 'WORKDIR /src');
    await disappears(uri, casing);
  });

  it('re-lints open Dockerfiles when the project or the .dockerignore changes on disk', async function () {
    await appears(uri, variantMismatch);
    await settle(500); // let earlier edits' lints pass, so the next change is the file event's
    await nextDiagnosticsChange(uri, () => fs.writeFileSync(project, webProject('    <Nullable>enable</Nullable>\n')));
    await settle(500);
    await nextDiagnosticsChange(uri, () => fs.writeFileSync(path.join(root, '.dockerignore'), '**/bin/\n**/obj/\n'));
    assert.ok(withRule(uri, variantMismatch).length, 'the findings are still there after the re-lint');
  });

  it('reads the project again when it changes: a new AssemblyName makes the ENTRYPOINT wrong', async function () {
    const rule = registeredRule(this, entrypointMismatch);
    await disappears(uri, rule);
    fs.writeFileSync(project, webProject('    <AssemblyName>Renamed</AssemblyName>\n'));
    await appears(uri, rule);
    fs.writeFileSync(project, webProject());
    await disappears(uri, rule);
  });

  it('re-lints when any file the lint looked for appears or goes, not only projects: a NuGet.config that restore reads', async function () {
    const rule = registeredRule(this, 'dotnet/restore-inputs');
    // A Dockerfile that restores before it copies the rest: NuGet.config beside the project then comes too late.
    const folder = path.join(root, 'restore-first');
    fs.mkdirSync(folder);
    await whenWatched(path.join(folder, 'App.csproj'), webProject());
    const restoreFirst = vscode.Uri.file(path.join(folder, 'Dockerfile'));
    fs.writeFileSync(restoreFirst.fsPath, mismatchedDockerfile.replace('COPY . .\n', 'COPY ["App.csproj", "./"]\nRUN dotnet restore App.csproj\nCOPY . .\n'));
    // Beside the suite's editor, which stays visible (and so usable) for the tests after this one.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(restoreFirst), { viewColumn: vscode.ViewColumn.Beside, preview: false });
    try {
      await appears(restoreFirst, variantMismatch);
      await disappears(restoreFirst, rule);
      // No edit to the Dockerfile: the file watcher's event alone must bring the finding, and take it away.
      const config = path.join(folder, 'NuGet.config');
      // A feed of its own: a NuGet.config that changes nothing (empty, or nuget.org alone) is not reported.
      fs.writeFileSync(config, '<configuration><packageSources><add key="internal" value="https://nuget.example.com/v3/index.json" /></packageSources></configuration>\n');
      await waitForDiagnostics(restoreFirst, d => d.some(x => ruleOf(x) === rule), `${rule} once NuGet.config exists`);
      assert.match(withRule(restoreFirst, rule)[0]!.message, /NuGet\.config/);
      fs.rmSync(config);
      await disappears(restoreFirst, rule);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('checks against the project that dotnetContainers.lint.project names, relative to the workspace folder', async function () {
    const rule = registeredRule(this, entrypointMismatch);
    await disappears(uri, rule);
    const other = path.join(root, 'Other.csproj');
    fs.writeFileSync(other, webProject('    <AssemblyName>Renamed</AssemblyName>\n'));
    await setLintSetting('project', path.relative(workspaceRoot(), other));
    await appears(uri, rule);
    await setLintSetting('project', undefined);
    await disappears(uri, rule);
  });

  // Fixes that write files go through the workbench as a user's would: the edits that
  // vscode.executeCodeActionProvider hands back lose the contents of files to create on their way back.
  describe('quick fixes that write the .dockerignore', function () {
    const rule = 'dotnet/dockerignore';
    let ignoreFile: string;

    before(async function () {
      if (!root) return;
      ignoreFile = path.join(root, '.dockerignore');
      // Leave this rule's fix alone at the COPY line, where dotnet/restore-cache offers a preferred fix too.
      await setLintSetting('severity', { 'dotnet/restore-cache': 'off' });
    });

    beforeEach(function () {
      registeredRule(this, rule);
    });

    after(async () => { if (root) await setLintSetting('severity', undefined); });

    /** Checks the fix is offered as the preferred one, then applies it from the editor, as Ctrl+. would. */
    async function applyFromEditor(title: string, message: RegExp): Promise<void> {
      await waitForDiagnostics(uri, d => d.some(x => ruleOf(x) === rule && message.test(x.message)) && !d.some(x => ruleOf(x) === 'dotnet/restore-cache'), `${rule} saying ${message}`);
      const [finding] = withRule(uri, rule);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, finding!.range);
      const offered = actions.filter(action => action.isPreferred && action.kind?.value === vscode.CodeActionKind.QuickFix.value);
      assert.deepEqual(offered.map(action => action.title), [title], `offered: ${actions.map(a => a.title).join(' | ') || 'nothing'}`);
      editor = await vscode.window.showTextDocument(editor.document);
      editor.selection = new vscode.Selection(finding!.range.start, finding!.range.start);
      await vscode.commands.executeCommand('editor.action.codeAction', { kind: vscode.CodeActionKind.QuickFix.value, apply: 'first', preferred: true });
    }

    async function fileContent(predicate: (text: string) => boolean, what: string): Promise<string> {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await settle(100)) {
        const text = fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8') : undefined;
        if (text !== undefined && predicate(text)) return text;
      }
      assert.fail(`${ignoreFile} never ${what}; it holds:\n${fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8') : '(no file)'}`);
    }

    it('creates the missing .dockerignore, and the finding goes', async function () {
      fs.rmSync(ignoreFile, { force: true });
      await applyFromEditor('Create .dockerignore', /has no \.dockerignore/);
      const written = (await fileContent(text => text.length > 0, 'was written')).split(/\r?\n/);
      assert.ok(written.includes('**/bin/') && written.includes('**/obj/'), written.join('\n'));
      await disappears(uri, rule);
    });

    it("adds bin/ and obj/ to the user's .dockerignore, keeping its lines, and the finding goes", async function () {
      fs.writeFileSync(ignoreFile, '# mine\nsecrets/\n');
      await applyFromEditor('Add bin/ and obj/ to .dockerignore', /does not exclude/);
      const merged = await fileContent(text => text.includes('**/obj/'), 'got **/obj/');
      assert.ok(merged.startsWith('# mine\nsecrets/\n'), merged);
      await disappears(uri, rule);
    });
  });
});

describe('Dockerfile diagnostics in an untrusted workspace', function () {
  this.timeout(60_000);
  let root: string | undefined;

  beforeEach(function () {
    if (vscode.workspace.isTrusted) skipBecause(this, 'the workspace is trusted in this run (the runner turns trust off unless asked)');
  });

  after(async function () {
    if (!root) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('still lints: it only reads files and starts no process', async function () {
    const created = await newCase();
    root = created.root;
    const uri = vscode.Uri.file(created.dockerfile);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await appears(uri, variantMismatch);
  });
});

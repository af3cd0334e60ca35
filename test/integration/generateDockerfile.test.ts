// "Generate Dockerfile" inside the real VS Code extension host, on the StockKube workspace. Each case gets
// its own folder inside the workspace (with its own Directory.Build.props, so its build context is that
// folder) and is removed afterwards. The StockWeb case deliberately leaves an edited Dockerfile behind:
// the runner's UI check (overwritePromptCheck in test/hosts/codeServer.mjs) proves with the real
// workbench that generating again asks before overwriting it.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import * as vscode from 'vscode';
import { commandIds, extensionId } from '../../src/core/ids';
import { findExecutable } from '../../src/core/process/findExecutable';
import type { GenerateCommandOptions, GenerateDockerfileResult } from '../../src/vscode/commands/generateDockerfile';
import { skipBecause } from '../support/skip';

/** Left in StockWeb/Dockerfile for the UI check (test/run.mjs passes it the same line to look for). */
const stockWebEditMarker = '# edited by the in-host test';

const workspaceRoot = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const webProject = (tfm = 'net10.0', extra = '') => `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>${tfm}</TargetFramework>\n${extra}  </PropertyGroup>\n</Project>\n`;
const consoleProject = `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n`;
const libraryProject = `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n`;

let casesRoot: string;

/** A folder of its own in the workspace; empty props files there keep the workspace's own out of the build. */
function newCase(files: Record<string, string>): string {
  const root = path.join(casesRoot, `case-${crypto.randomBytes(3).toString('hex')}`);
  const all = { 'Directory.Build.props': '<Project />\n', 'Directory.Packages.props': '<Project />\n', ...files };
  for (const [relative, content] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
  return root;
}

function generate(target: string, options?: GenerateCommandOptions, command: string = commandIds.generateDockerfile): Thenable<GenerateDockerfileResult> {
  return vscode.commands.executeCommand<GenerateDockerfileResult>(command, vscode.Uri.file(target), ...(options ? [options] : []));
}

/** Runs a command that shows a QuickPick and answers it from the workbench: accept the active item, or close it. */
async function answeringQuickPicks<T>(run: () => Thenable<T>, answer: 'accept' | 'close'): Promise<T> {
  let settled = false;
  const result = Promise.resolve(run()).finally(() => { settled = true; });
  const command = answer === 'accept' ? 'workbench.action.acceptSelectedQuickOpenItem' : 'workbench.action.closeQuickOpen';
  const deadline = Date.now() + 20_000;
  while (!settled && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 400));
    if (!settled) await vscode.commands.executeCommand(command);
  }
  return result;
}

function fromLines(dockerfile: string): string[] {
  return DockerfileParser.parse(dockerfile).getFROMs().map(from => from.getImage() ?? '');
}

function entrypoint(dockerfile: string): string {
  return DockerfileParser.parse(dockerfile).getInstructions().find(i => i.getKeyword() === 'ENTRYPOINT')?.getTextContent() ?? '';
}

async function setSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('dotnetContainers').update(name, value, vscode.ConfigurationTarget.Workspace);
}

describe('Generate Dockerfile', function () {
  this.timeout(60_000);

  before(async function () {
    await vscode.extensions.getExtension(extensionId)!.activate();
    casesRoot = path.join(workspaceRoot(), `gen-test-${crypto.randomBytes(4).toString('hex')}`);
    fs.mkdirSync(casesRoot, { recursive: true });
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (casesRoot) fs.rmSync(casesRoot, { recursive: true, force: true });
  });

  describe('from the static reading', function () {
    before(async () => setSetting('projectEvaluation', 'static'));
    after(async () => setSetting('projectEvaluation', undefined));

    describe('on a web app whose path has spaces', function () {
      let root: string;
      let project: string;
      let dockerfile: string;
      let dockerignore: string;

      before(function () {
        root = newCase({ 'Web App/Web App.csproj': webProject() });
        project = path.join(root, 'Web App', 'Web App.csproj');
        dockerfile = path.join(root, 'Web App', 'Dockerfile');
        dockerignore = path.join(root, '.dockerignore');
      });

      it('writes the Dockerfile next to the project and a .dockerignore at the build context, and opens the Dockerfile', async function () {
        const result = await generate(project);
        assert.deepEqual(result.written, [dockerfile, dockerignore], result.skipped);
        assert.equal(result.plan?.generated.contextDirectory, root);
        const text = fs.readFileSync(dockerfile, 'utf8');
        assert.equal(DockerfileParser.parse(text).getInstructions().length > 8, true);
        assert.deepEqual(fromLines(text), ['mcr.microsoft.com/dotnet/sdk:10.0', 'mcr.microsoft.com/dotnet/aspnet:10.0']);
        assert.equal(entrypoint(text), 'ENTRYPOINT ["dotnet", "Web App.dll"]');
        assert.match(text, /^COPY \["Web App\/Web App\.csproj", "Web App\/"\]$/m);
        assert.ok(fs.readFileSync(dockerignore, 'utf8').split('\n').includes('**/bin/'));
        assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, dockerfile, 'the generated Dockerfile is open');
        assert.deepEqual(result.options, { variant: 'default', https: false, source: 'setting' });
        assert.equal(result.msbuild?.status, 'off');
      });

      it('writes nothing and says so when the files are up to date', async function () {
        const before = fs.statSync(dockerfile).mtimeMs;
        const result = await generate(project);
        assert.deepEqual(result.written, []);
        assert.match(result.skipped ?? '', /up to date/);
        assert.equal(fs.statSync(dockerfile).mtimeMs, before);
      });

      it("keeps the user's edited Dockerfile with overwrite 'never', and replaces it only with 'always'", async function () {
        const generated = fs.readFileSync(dockerfile, 'utf8');
        const edited = generated.replace('EXPOSE 8080', 'EXPOSE 8080\nENV FEATURE_FLAG=on # mine');
        fs.writeFileSync(dockerfile, edited);
        const kept = await generate(project, { overwrite: 'never' });
        assert.deepEqual(kept.written, []);
        assert.match(kept.skipped ?? '', /differs from the generated Dockerfile and was kept/);
        assert.equal(fs.readFileSync(dockerfile, 'utf8'), edited);

        const replaced = await generate(project, { overwrite: 'always' });
        assert.deepEqual(replaced.written, [dockerfile]);
        assert.equal(fs.readFileSync(dockerfile, 'utf8'), generated);
      });

      it('uses the editor text of a Dockerfile with unsaved changes, and never loses them silently', async function () {
        const document = await vscode.workspace.openTextDocument(dockerfile);
        const editor = await vscode.window.showTextDocument(document);
        // The test before rewrote the file on disk while it was open; VS Code reloads it asynchronously, and an
        // edit made while that reload is pending is refused. Wait until the editor shows the disk's text.
        const deadline = Date.now() + 10_000;
        while (document.getText() !== fs.readFileSync(dockerfile, 'utf8') && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
        let edited = false;
        for (let attempt = 0; attempt < 3 && !edited; attempt++) {
          edited = await editor.edit(edit => edit.insert(new vscode.Position(0, 0), '# unsaved note\n'));
          if (!edited) await new Promise(resolve => setTimeout(resolve, 200));
        }
        assert.ok(edited, 'the editor took the edit');
        assert.ok(document.isDirty);
        const kept = await generate(project, { overwrite: 'never' });
        assert.deepEqual(kept.written, []);
        assert.ok(document.isDirty && document.getText().startsWith('# unsaved note'), 'the unsaved edit is still there');
        const replaced = await generate(project, { overwrite: 'always' });
        assert.deepEqual(replaced.written, [dockerfile]);
        assert.equal(document.isDirty, false, 'the editor and the disk agree after overwriting');
        assert.equal(document.getText(), fs.readFileSync(dockerfile, 'utf8'));
      });
    });

    it('merges into an existing .dockerignore, keeping every line of it in order', async function () {
      const mine = ['# ours', 'secrets/', '**/bin/', '', '!keep.txt'];
      const root = newCase({ 'Api/Api.csproj': webProject(), '.dockerignore': mine.join('\n') + '\n' });
      const result = await generate(path.join(root, 'Api', 'Api.csproj'));
      const ignore = path.join(root, '.dockerignore');
      assert.ok(result.written.includes(ignore));
      const lines = fs.readFileSync(ignore, 'utf8').split('\n');
      let from = 0;
      for (const line of mine) {
        const at = lines.indexOf(line, from);
        assert.ok(at >= from, `"${line}" is kept, in order:\n${lines.join('\n')}`);
        from = at + 1;
      }
      assert.equal(lines.filter(line => line === '**/bin/').length, 1, 'a pattern the user has is not added twice');
      assert.ok(lines.includes('**/obj/'));
      assert.ok(lines.indexOf('**/obj/') < lines.indexOf('!keep.txt'), "added patterns go above the user's exceptions");
      assert.deepEqual(result.plan?.dockerignore.added?.includes('**/bin/'), false);
    });

    describe('on a solution with two apps and a library', function () {
      let root: string;
      before(function () {
        root = newCase({
          'Shop.slnx': '<Solution>\n  <Project Path="Api/Api.csproj" />\n  <Project Path="Tool/Tool.csproj" />\n  <Project Path="Core/Core.csproj" />\n</Solution>\n',
          'Api/Api.csproj': webProject('net10.0').replace('</Project>', '  <ItemGroup>\n    <ProjectReference Include="..\\Core\\Core.csproj" />\n  </ItemGroup>\n</Project>'),
          'Tool/Tool.csproj': consoleProject,
          'Core/Core.csproj': libraryProject,
        });
      });

      it('offers both apps for the solution and writes nothing when the pick is dismissed', async function () {
        const result = await answeringQuickPicks(() => generate(path.join(root, 'Shop.slnx')), 'close');
        assert.deepEqual(result.written, []);
        assert.deepEqual(result.candidates, [path.join(root, 'Api', 'Api.csproj'), path.join(root, 'Tool', 'Tool.csproj')]);
        assert.match(result.skipped ?? '', /2 executable projects/);
        assert.ok(!fs.existsSync(path.join(root, 'Api', 'Dockerfile')));
      });

      it('continues with the app picked from the solution', async function () {
        const result = await answeringQuickPicks(() => generate(path.join(root, 'Shop.slnx')), 'accept');
        assert.deepEqual(result.written, [path.join(root, 'Api', 'Dockerfile'), path.join(root, '.dockerignore')], result.skipped);
        assert.equal(result.candidates?.length, 2);
        const text = fs.readFileSync(path.join(root, 'Api', 'Dockerfile'), 'utf8');
        assert.equal(entrypoint(text), 'ENTRYPOINT ["dotnet", "Api.dll"]');
        assert.match(text, /^COPY \["Core\/Core\.csproj", "Core\/"\]$/m, 'the referenced library is restored too');
      });

      it('refuses a class library, naming the app that references it and offering it', async function () {
        const result = await answeringQuickPicks(() => generate(path.join(root, 'Core', 'Core.csproj')), 'close');
        assert.deepEqual(result.written, []);
        assert.match(result.skipped ?? '', /Core is a class library.*Projects that reference it: Api\.csproj/);
        assert.deepEqual(result.candidates, [path.join(root, 'Api', 'Api.csproj')]);
      });
    });

    it('uses the defaultVariant setting for both stages', async function () {
      const root = newCase({ 'Api/Api.csproj': webProject() });
      await vscode.workspace.getConfiguration().update('dotnetContainers.defaultVariant', 'alpine', vscode.ConfigurationTarget.Workspace);
      try {
        const result = await generate(path.join(root, 'Api', 'Api.csproj'));
        assert.deepEqual(result.options, { variant: 'alpine', https: false, source: 'setting' });
        const images = fromLines(fs.readFileSync(path.join(root, 'Api', 'Dockerfile'), 'utf8'));
        assert.equal(images.length, 2);
        for (const image of images) assert.match(image, /^mcr\.microsoft\.com\/dotnet\/(sdk|aspnet):10\.0-alpine(-extra)?$/);
      } finally {
        await vscode.workspace.getConfiguration().update('dotnetContainers.defaultVariant', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    it('remembers the options chosen with "Generate Dockerfile with Options…" and reuses them without asking', async function () {
      const root = newCase({ 'Api/Api.csproj': webProject() });
      const project = path.join(root, 'Api', 'Api.csproj');
      const dockerfile = path.join(root, 'Api', 'Dockerfile');
      const chosen = await generate(project, { variant: 'chiseled', https: true }, commandIds.generateDockerfileWithOptions);
      assert.deepEqual(chosen.options, { variant: 'chiseled', https: true, source: 'asked' });
      fs.rmSync(dockerfile);

      const reused = await generate(project);
      assert.deepEqual(reused.options, { variant: 'chiseled', https: true, source: 'remembered' });
      const text = fs.readFileSync(dockerfile, 'utf8');
      assert.deepEqual(fromLines(text), ['mcr.microsoft.com/dotnet/sdk:10.0-noble', 'mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra']);
      assert.match(text, /ASPNETCORE_URLS="https:\/\/\+:8081;http:\/\/\+:8080"/);

      // Asked again, the remembered answers come first: accepting them keeps them.
      const askedAgain = await answeringQuickPicks(() => vscode.commands.executeCommand<GenerateDockerfileResult>(commandIds.generateDockerfileWithOptions, vscode.Uri.file(project)), 'accept');
      assert.deepEqual(askedAgain.options, { variant: 'chiseled', https: true, source: 'asked' });
      assert.match(askedAgain.skipped ?? '', /up to date/);
    });
  });

  describe('on the StockKube sample', function () {
    it('generates for StockWeb with the solution folder as build context, where its linked proto is', async function () {
      const root = workspaceRoot();
      const project = path.join(root, 'StockWeb', 'StockWeb.csproj');
      const dockerfile = path.join(root, 'StockWeb', 'Dockerfile');
      const proto = path.join(root, 'StockData', 'Protos', 'stocks.proto');
      const result = await generate(project, { overwrite: 'always' });
      assert.ok(result.written.includes(dockerfile), result.skipped);
      const plan = result.plan!;
      assert.equal(plan.generated.contextDirectory, root, 'the build context is the solution folder');
      assert.deepEqual(plan.app.externalFiles, [proto], 'the linked proto is a file the build takes from outside StockWeb');
      const text = fs.readFileSync(dockerfile, 'utf8');
      assert.match(text, /^# run in the solution folder \(StockKube\.sln, the folder above this one\)/m);
      assert.match(text, /^COPY \["Directory\.Build\.props", "Directory\.Packages\.props", "\.\/"\]$/m);
      // The whole context, the proto's folder with it, is copied before publishing; .dockerignore keeps it.
      const instructions = DockerfileParser.parse(text).getInstructions().map(i => i.getTextContent());
      assert.ok(instructions.indexOf('COPY . .') > 0 && instructions.indexOf('COPY . .') < instructions.findIndex(i => i.startsWith('RUN dotnet publish')));
      const ignore = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').filter(line => line && !line.startsWith('#'));
      assert.ok(!ignore.some(pattern => /proto|StockData/i.test(pattern)), `.dockerignore leaves the proto in the context:\n${ignore.join('\n')}`);
      assert.deepEqual(fromLines(text), ['mcr.microsoft.com/dotnet/sdk:10.0', 'mcr.microsoft.com/dotnet/aspnet:10.0']);

      // With the default projectEvaluation (auto) MSBuild confirms the static reading in the background.
      if (result.msbuild?.status === 'background') {
        const confirmation = await result.msbuild.done!;
        assert.ok(confirmation.ok, confirmation.ok ? '' : confirmation.message);
        assert.deepEqual(confirmation.differences, [], 'MSBuild reads StockWeb as the static reader does');
      } else {
        assert.match(result.msbuild?.reason ?? '', /dotnet is not on PATH/);
      }

      // Left for the UI check: an edited Dockerfile that generating again must not replace silently.
      fs.writeFileSync(dockerfile, text.replace('USER $APP_UID', `${stockWebEditMarker}\nUSER $APP_UID`));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  describe('with MSBuild', function () {
    // The static reader does not run property functions such as System.IO.Path; MSBuild does.
    const computedName = "$([System.IO.Path]::GetFileNameWithoutExtension('Front.End.x'))";

    let dotnet: string | undefined;
    before(async () => { dotnet = await findExecutable('dotnet', process.env); });
    beforeEach(function () {
      if (!vscode.workspace.isTrusted) skipBecause(this, 'MSBuild runs only in a trusted workspace');
      if (!dotnet) skipBecause(this, 'dotnet is not on PATH in this host');
    });
    afterEach(async () => setSetting('projectEvaluation', undefined));

    it("projectEvaluation 'msbuild' asks MSBuild first and uses its values", async function () {
      await setSetting('projectEvaluation', 'msbuild');
      const root = newCase({ 'Front/Front.csproj': webProject('net10.0', `    <AssemblyName>${computedName}</AssemblyName>\n`) });
      const result = await generate(path.join(root, 'Front', 'Front.csproj'));
      assert.equal(result.msbuild?.status, 'used', result.msbuild?.reason);
      assert.deepEqual(result.msbuild?.differences, ['MSBuild says AssemblyName = Front.End where the static reading said Front']);
      assert.equal(entrypoint(fs.readFileSync(path.join(root, 'Front', 'Dockerfile'), 'utf8')), 'ENTRYPOINT ["dotnet", "Front.End.dll"]');
    });

    it("projectEvaluation 'auto' generates at once, then reports what MSBuild reads differently", async function () {
      const root = newCase({ 'Front/Front.csproj': webProject('net10.0', `    <AssemblyName>${computedName}</AssemblyName>\n`) });
      const result = await generate(path.join(root, 'Front', 'Front.csproj'));
      assert.equal(result.msbuild?.status, 'background');
      assert.equal(entrypoint(fs.readFileSync(path.join(root, 'Front', 'Dockerfile'), 'utf8')), 'ENTRYPOINT ["dotnet", "Front.dll"]', 'written from the static reading');
      const confirmation = await result.msbuild!.done!;
      assert.ok(confirmation.ok, confirmation.ok ? '' : confirmation.message);
      assert.deepEqual(confirmation.differences.map(d => [d.property, d.msbuild, d.changesDockerfile]), [['AssemblyName', 'Front.End', true]]);
    });

    it("projectEvaluation 'auto' asks MSBuild when the static reading cannot make a plan; 'static' refuses", async function () {
      const root = newCase({ 'Front/Front.csproj': webProject("$([System.String]::Copy('net10.0'))") });
      const project = path.join(root, 'Front', 'Front.csproj');
      await setSetting('projectEvaluation', 'static');
      const refused = await generate(project);
      assert.deepEqual(refused.written, []);
      assert.match(refused.skipped ?? '', /TargetFramework/);
      await setSetting('projectEvaluation', undefined);
      const result = await generate(project);
      assert.equal(result.msbuild?.status, 'used');
      assert.equal(result.plan?.generated.targetFramework, 'net10.0');
      assert.ok(result.written.includes(path.join(root, 'Front', 'Dockerfile')));
    });
  });

  describe('Generate Dockerfile in an untrusted workspace', function () {
    beforeEach(function () {
      if (vscode.workspace.isTrusted) skipBecause(this, 'the workspace is trusted in this run (the runner turns trust off unless asked)');
    });

    it('writes the files from the static reading and starts no MSBuild', async function () {
      const root = newCase({ 'Api/Api.csproj': webProject() });
      const result = await generate(path.join(root, 'Api', 'Api.csproj'));
      assert.deepEqual(result.written, [path.join(root, 'Api', 'Dockerfile'), path.join(root, '.dockerignore')], result.skipped);
      assert.equal(result.msbuild?.status, 'off');
      assert.match(result.msbuild?.reason ?? '', /not trusted/);
    });
  });
});

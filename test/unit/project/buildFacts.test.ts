import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { evaluateProject, EvaluationOptions } from '../../../src/core/project/evaluateProject';
import { nodeFileSystem } from '../../../src/core/project/fileSystem';
import { runsNodeTool } from '../../../src/core/project/nodeSteps';
import { describeProject } from '../../../src/core/project/ProjectInfo';
import { readBuildPlan } from '../../../src/core/project/readBuildPlan';
import { findSolutionFor, readSolutionFile } from '../../../src/core/project/readSolution';
import { csproj, removeTree, writeTree } from '../../support/fileTree';

// Facts the generator needs that a project states outside its properties: a browser app (Blazor WebAssembly), the
// artifacts layout (where bin/obj go), and build steps that run Node.js. "MSBuild says" means what
// `dotnet msbuild -getProperty/-getItem` (SDK 10.0.401) printed for the same files.

const roots: string[] = [];
const tree = (files: Record<string, string>) => { const root = writeTree(files); roots.push(root); return root; };
after(() => roots.forEach(removeTree));

function info(root: string, file: string, options: EvaluationOptions = {}) {
  const result = evaluateProject(path.join(root, file), options);
  if (!result.ok) throw new Error(result.problem.message);
  return describeProject(result.project);
}

const props = (body: string) => `<Project>\n  <PropertyGroup>\n    ${body}\n  </PropertyGroup>\n</Project>\n`;
const net10 = { TargetFramework: 'net10.0' };

describe('project facts: browser apps', () => {
  const cases: ReadonlyArray<{ name: string; project: string; runsInBrowser: boolean; aspNetCore: boolean; kind: string }> = [
    // MSBuild says: OutputType exe, RuntimeIdentifier browser-wasm, FrameworkReference Microsoft.NETCore.App only.
    { name: 'Blazor WebAssembly (dotnet new blazorwasm, eShopOnWeb\'s BlazorAdmin)', project: csproj('Microsoft.NET.Sdk.BlazorWebAssembly', net10), runsInBrowser: true, aspNetCore: false, kind: 'web' },
    { name: 'a .NET WebAssembly browser app (Microsoft.NET.Sdk.WebAssembly)', project: csproj('Microsoft.NET.Sdk.WebAssembly', { ...net10, OutputType: 'Exe' }), runsInBrowser: true, aspNetCore: false, kind: 'web' },
    { name: 'an ASP.NET Core app', project: csproj('Microsoft.NET.Sdk.Web', net10), runsInBrowser: false, aspNetCore: true, kind: 'web' },
    { name: 'a Razor class library', project: csproj('Microsoft.NET.Sdk.Razor', net10), runsInBrowser: false, aspNetCore: true, kind: 'library' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const facts = info(tree({ 'App/App.csproj': c.project }), 'App/App.csproj');
      assert.deepEqual({ runsInBrowser: facts.runsInBrowser, aspNetCore: facts.aspNetCore, kind: facts.kind }, { runsInBrowser: c.runsInBrowser, aspNetCore: c.aspNetCore, kind: c.kind });
    });
  }

  it('a console app that references a Blazor WebAssembly client gets no ASP.NET Core through it', () => {
    const root = tree({
      'Tool/Tool.csproj': csproj('Microsoft.NET.Sdk', { ...net10, OutputType: 'Exe' }, '  <ItemGroup><ProjectReference Include="..\\Client\\Client.csproj" /></ItemGroup>\n'),
      'Client/Client.csproj': csproj('Microsoft.NET.Sdk.BlazorWebAssembly', net10),
    });
    const plan = readBuildPlan(path.join(root, 'Tool/Tool.csproj'), { homeDirectory: '/nonexistent-home', globalPackagesFolder: path.join(root, '.none') });
    assert.ok(plan.ok);
    assert.equal(plan.plan.app.aspNetCore, false);
    assert.equal(plan.plan.app.aspNetCoreVia, undefined);
  });
});

describe('project facts: the artifacts layout', () => {
  const cases: ReadonlyArray<{ name: string; files: Record<string, string>; globalProperties?: Record<string, string>; expected: string | undefined }> = [
    // MSBuild says ArtifactsPath <root>/artifacts, OutputPath <root>/artifacts/bin/App/debug/ (eShop).
    { name: 'UseArtifactsOutput in Directory.Build.props: artifacts beside it', files: { 'Directory.Build.props': props('<UseArtifactsOutput>true</UseArtifactsOutput>') }, expected: 'artifacts' },
    // MSBuild says <root>/.build (jasontaylordev/CleanArchitecture sets $(MSBuildThisFileDirectory)artifacts).
    { name: 'ArtifactsPath alone turns the layout on', files: { 'Directory.Build.props': props('<ArtifactsPath>$(MSBuildThisFileDirectory).build</ArtifactsPath>') }, expected: '.build' },
    // MSBuild says <root>/src/artifacts: the nearest Directory.Build.props, not the one that sets it.
    {
      name: 'a nearer Directory.Build.props that imports the one setting UseArtifactsOutput: artifacts beside the nearer one',
      files: {
        'Directory.Build.props': props('<UseArtifactsOutput>true</UseArtifactsOutput>'),
        'src/Directory.Build.props': '<Project>\n  <Import Project="$([MSBuild]::GetPathOfFileAbove(\'Directory.Build.props\', \'$(MSBuildThisFileDirectory)../\'))" />\n</Project>\n',
      },
      expected: 'src/artifacts',
    },
    // MSBuild says out, and OutputPath out/bin/App/debug/: relative to the project.
    { name: 'a relative ArtifactsPath is relative to the project', files: { 'Directory.Build.props': props('<ArtifactsPath>out</ArtifactsPath>') }, expected: 'src/App/out' },
    // MSBuild says OutputPath bin\Debug/net10.0/.
    { name: 'UseArtifactsOutput=false with an ArtifactsPath: the usual bin/obj', files: { 'Directory.Build.props': props('<UseArtifactsOutput>false</UseArtifactsOutput><ArtifactsPath>$(MSBuildThisFileDirectory)x</ArtifactsPath>') }, expected: undefined },
    // `dotnet build` fails with NETSDK1199: the layout must be chosen before the project body.
    { name: 'UseArtifactsOutput in the project file is not the layout (NETSDK1199)', files: { 'src/App/App.csproj': csproj('Microsoft.NET.Sdk', { ...net10, OutputType: 'Exe', UseArtifactsOutput: 'true' }) }, expected: undefined },
    { name: 'UseArtifactsOutput on the command line, no Directory.Build.props: artifacts in the project folder', files: {}, globalProperties: { UseArtifactsOutput: 'true' }, expected: 'src/App/artifacts' },
    { name: 'nothing set: the usual bin/obj', files: {}, expected: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const root = tree({ 'src/App/App.csproj': csproj('Microsoft.NET.Sdk', { ...net10, OutputType: 'Exe' }), ...c.files });
      const facts = info(root, 'src/App/App.csproj', c.globalProperties ? { globalProperties: c.globalProperties } : {});
      assert.equal(facts.artifactsPath, c.expected === undefined ? undefined : path.join(root, c.expected));
    });
  }
});

describe('project facts: build steps that run Node.js', () => {
  // The ASP.NET Core SPA templates' targets (Angular/React, .NET 3.1-7; jasontaylordev/CleanArchitecture's Web.csproj).
  const debugEnsureNode = `  <Target Name="DebugEnsureNodeEnv" BeforeTargets="Build" Condition=" '$(Configuration)' == 'Debug' And !Exists('$(SpaRoot)node_modules') ">
    <Exec Command="node --version" ContinueOnError="true" />
    <Exec WorkingDirectory="$(SpaRoot)" Command="npm install" />
  </Target>\n`;
  const publishRunWebpack = `  <Target Name="PublishRunWebpack" AfterTargets="ComputeFilesToPublish">
    <Exec WorkingDirectory="$(SpaRoot)" Command="npm install" />
    <Exec WorkingDirectory="$(SpaRoot)" Command="npm run build -- --configuration production" />
  </Target>\n`;
  const web = (targets: string, properties: Record<string, string> = {}) => csproj('Microsoft.NET.Sdk.Web', { ...net10, SpaRoot: 'ClientApp\\', ...properties }, targets);
  const cases: ReadonlyArray<{ name: string; files: Record<string, string>; expected: { target: string; command: string; file?: string } | undefined }> = [
    { name: 'the SPA template: the publish target runs npm; the Debug-only one does not count for a Release publish', files: { 'App/App.csproj': web(debugEnsureNode + publishRunWebpack) }, expected: { target: 'PublishRunWebpack', command: 'npm install' } },
    { name: 'only the Debug-only target: nothing', files: { 'App/App.csproj': web(debugEnsureNode) }, expected: undefined },
    { name: 'a publish target whose condition checks node_modules: the build context has none', files: { 'App/App.csproj': web('  <Target Name="Npm" BeforeTargets="Publish" Condition="!Exists(\'$(SpaRoot)node_modules\')"><Exec Command="npm ci" /></Target>\n'), 'App/ClientApp/node_modules/.keep': '' }, expected: { target: 'Npm', command: 'npm ci' } },
    { name: 'a target nothing runs (no hook, not depended on): nothing', files: { 'App/App.csproj': web('  <Target Name="Lint"><Exec Command="npm run lint" /></Target>\n') }, expected: undefined },
    { name: 'a target hooked only into Clean or Pack: nothing', files: { 'App/App.csproj': web('  <Target Name="A" AfterTargets="Clean"><Exec Command="npm run clean" /></Target>\n  <Target Name="B" BeforeTargets="Pack"><Exec Command="npm pack" /></Target>\n') }, expected: undefined },
    { name: 'a target named in BuildDependsOn', files: { 'App/App.csproj': web('  <Target Name="BuildClient"><Exec Command="cd ClientApp &amp;&amp; yarn build" /></Target>\n', { BuildDependsOn: '$(BuildDependsOn);BuildClient' }) }, expected: { target: 'BuildClient', command: 'cd ClientApp && yarn build' } },
    { name: 'a target reached through DependsOnTargets', files: { 'App/App.csproj': web('  <Target Name="NpmInstall"><Exec Command="npm install" /></Target>\n  <Target Name="Client" AfterTargets="Build" DependsOnTargets="NpmInstall"><Message Text="client built" /></Target>\n') }, expected: { target: 'NpmInstall', command: 'npm install' } },
    { name: 'a step whose own condition is false in Release: nothing', files: { 'App/App.csproj': web('  <Target Name="Dev" AfterTargets="Build"><Exec Condition="\'$(Configuration)\' == \'Debug\'" Command="npm run watch" /></Target>\n') }, expected: undefined },
    { name: 'a command through a property', files: { 'App/App.csproj': web('  <Target Name="Client" BeforeTargets="Build"><Exec Command="$(NpxCommand) ng build" /></Target>\n', { NpxCommand: 'npx' }) }, expected: { target: 'Client', command: 'npx ng build' } },
    { name: 'other tools only (dotnet tool restore, a PowerShell script): nothing', files: { 'App/App.csproj': web('  <Target Name="Tools" BeforeTargets="Build"><Exec Command="dotnet tool restore" /><Exec Command="pwsh ./build.ps1" /></Target>\n') }, expected: undefined },
    {
      name: 'a target in Directory.Build.targets, named with its file',
      files: { 'App/App.csproj': web(''), 'Directory.Build.targets': '<Project>\n  <Target Name="Tailwind" BeforeTargets="Build">\n    <Exec Command="npx tailwindcss -i ./Styles/app.css -o ./wwwroot/app.css" />\n  </Target>\n</Project>\n' },
      expected: { target: 'Tailwind', command: 'npx tailwindcss -i ./Styles/app.css -o ./wwwroot/app.css', file: 'Directory.Build.targets' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const root = tree(c.files);
      const step = info(root, 'App/App.csproj').buildRunsNode;
      assert.deepEqual(step, c.expected && { file: path.join(root, c.expected.file ?? 'App/App.csproj'), target: c.expected.target, command: c.expected.command });
    });
  }

  it('a JavaScript project (.esproj) the app references runs npm when the app builds: the app gets the step', () => {
    const root = tree({
      'Server/Server.csproj': csproj('Microsoft.NET.Sdk.Web', net10, '  <ItemGroup><ProjectReference Include="..\\client\\client.esproj"><ReferenceOutputAssembly>false</ReferenceOutputAssembly></ProjectReference></ItemGroup>\n'),
      'client/client.esproj': '<Project Sdk="Microsoft.VisualStudio.JavaScript.Sdk/1.0.1184077">\n  <PropertyGroup>\n    <BuildCommand>npm run build</BuildCommand>\n  </PropertyGroup>\n</Project>\n',
    });
    const plan = readBuildPlan(path.join(root, 'Server/Server.csproj'), { homeDirectory: '/nonexistent-home', globalPackagesFolder: path.join(root, '.none') });
    assert.ok(plan.ok);
    assert.deepEqual(plan.plan.app.buildRunsNode, { file: path.join(root, 'client/client.esproj'), target: 'Build', command: 'npm install' });
  });

  const commands: ReadonlyArray<[string, boolean]> = [
    ['npm install', true], ['npm.cmd ci', true], ['npx ng build', true], ['node build.js', true], ['yarn', true], ['pnpm run build', true],
    ['cd ClientApp && npm run build', true], ['NODE_ENV=production npm run build', true], ['call npm run build', true], ['/usr/local/bin/node x.js', true],
    ['dotnet tool restore', false], ['echo npm', false], ['pwsh ./build.ps1', false], ['nodemon', false], ['', false],
  ];
  for (const [command, expected] of commands) {
    it(`"${command}" ${expected ? 'runs' : 'does not run'} a Node.js tool`, () => assert.equal(runsNodeTool(command), expected));
  }
});

describe('solutions that cannot be read', () => {
  const app = csproj('Microsoft.NET.Sdk.Web', net10);
  const doctype = '<?xml version="1.0"?>\n<!DOCTYPE Solution [ <!ENTITY a "aaaa"> ]>\n<Solution>\n  <Project Path="src/App/App.csproj" />\n</Solution>\n';

  it('readSolutionFile says where and why (a DOCTYPE in a .slnx)', () => {
    const root = tree({ 'App.slnx': doctype });
    const read = readSolutionFile(path.join(root, 'App.slnx'), nodeFileSystem);
    assert.equal(read.ok, false);
    if (read.ok) return;
    assert.equal(read.problem.file, path.join(root, 'App.slnx'));
    assert.equal(read.problem.line, 2);
    assert.match(read.problem.message, /DOCTYPE/);
  });

  it('findSolutionFor names the solutions it could not read on the way up, and still finds the one that lists the project', () => {
    const root = tree({
      'All.slnx': doctype,
      'App.sln': 'Microsoft Visual Studio Solution File, Format Version 12.00\r\nProject("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "App", "src\\App\\App.csproj", "{00000000-0000-0000-0000-000000000000}"\r\nEndProject\r\n',
      'src/App/App.csproj': app,
    });
    const search = findSolutionFor(path.join(root, 'src/App/App.csproj'), nodeFileSystem);
    assert.equal(search.solution?.file, path.join(root, 'App.sln'));
    assert.deepEqual(search.unread.map(problem => path.basename(problem.file)), ['All.slnx']);
  });

  it('a build plan warns about a skipped solution, naming it, the line and the reason', () => {
    const root = tree({ 'App.slnx': doctype, 'src/App/App.csproj': app });
    const plan = readBuildPlan(path.join(root, 'src/App/App.csproj'), { homeDirectory: '/nonexistent-home', globalPackagesFolder: path.join(root, '.none') });
    assert.ok(plan.ok);
    assert.equal(plan.plan.solution, undefined);
    const warning = plan.plan.warnings.find(w => w.includes('App.slnx'));
    assert.ok(warning, `no warning names App.slnx: ${JSON.stringify(plan.plan.warnings)}`);
    assert.match(warning, new RegExp(`^${path.join(root, 'App.slnx').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\(2,\\d+\\): .*DOCTYPE.*The solution is skipped: it may list App\\.csproj`));
  });
});

describe('solutions that cannot be read, many of them', () => {
  it('names three and counts the rest', () => {
    const files: Record<string, string> = { 'src/App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) };
    for (let i = 1; i <= 5; i++) files[`S${i}.slnx`] = '<!DOCTYPE Solution>\n<Solution />\n';
    const root = writeTree(files);
    try {
      const plan = readBuildPlan(path.join(root, 'src/App/App.csproj'), { homeDirectory: '/nonexistent-home', globalPackagesFolder: path.join(root, '.none') });
      assert.ok(plan.ok);
      assert.deepEqual(plan.plan.warnings.filter(w => /slnx|solutions/.test(w)).map(w => w.startsWith(root) ? path.basename(w.slice(0, w.indexOf('('))) : w),
        ['S1.slnx', 'S2.slnx', 'S3.slnx', '2 more solutions in the folders above App.csproj could not be read either, and were skipped']);
    } finally {
      removeTree(root);
    }
  });
});

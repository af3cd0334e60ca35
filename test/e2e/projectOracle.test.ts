import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateProject } from '../../src/core/project/evaluateProject';
import { readMsbuildProperties } from '../../src/core/project/msbuildProperties';
import { skipBecause } from '../support/skip';

// MSBuild itself is the oracle: for each layout, our static reading must equal `dotnet msbuild -getProperty`.
const compared = ['TargetFramework', 'TargetFrameworks', 'AssemblyName', 'OutputType', 'PublishAot', 'InvariantGlobalization',
  'RuntimeIdentifier', 'RuntimeIdentifiers', 'SelfContained', 'ContainerRepository', 'ContainerImageTags', 'ContainerFamily',
  'Nullable', 'RootNamespace', 'Configuration', 'UseAppHost', 'MyTfm'];

type Edit = (root: string) => void;
interface Layout { name: string; template: string; project?: string; edit?: Edit; globals?: Record<string, string> }

async function msbuild(project: string, globals: Record<string, string>): Promise<Readonly<Record<string, string>>> {
  const read = await readMsbuildProperties(project, compared, { globalProperties: globals, timeoutMs: 60_000 });
  if (!read.ok) throw new Error(read.message);
  return read.properties;
}

function run(file: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => execFile(file, args, { cwd, timeout: 120_000 }, (error, stdout, stderr) => (error ? reject(new Error(stderr || stdout)) : resolve())));
}

/** Adds properties to the first PropertyGroup of a project file. */
const setProps = (file: string, props: Record<string, string>): Edit => root => {
  const full = path.join(root, file);
  const xml = fs.readFileSync(full, 'utf8');
  const inner = Object.entries(props).map(([k, v]) => `    <${k}>${v}</${k}>\n`).join('');
  fs.writeFileSync(full, xml.replace(/<PropertyGroup>\s*\n/, match => match + inner));
};
const replaceIn = (file: string, from: RegExp | string, to: string): Edit => root => {
  const full = path.join(root, file);
  fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace(from, to));
};
const write = (file: string, content: string): Edit => root => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
};
const all = (...edits: Edit[]): Edit => root => edits.forEach(edit => edit(root));
const dropTfm = (file: string) => replaceIn(file, /\s*<TargetFramework>[^<]*<\/TargetFramework>/, '');

const layouts: Layout[] = [
  { name: 'web', template: 'web' },
  { name: 'webapi', template: 'webapi' },
  { name: 'worker', template: 'worker' },
  { name: 'console', template: 'console' },
  { name: 'classlib', template: 'classlib' },
  { name: 'grpc', template: 'grpc' },
  { name: 'mvc', template: 'mvc' },
  { name: 'razor', template: 'razor' },
  { name: 'assembly name override', template: 'web', edit: setProps('App/App.csproj', { AssemblyName: 'Contoso.Storefront' }) },
  { name: 'assembly name from a property', template: 'console', edit: setProps('App/App.csproj', { Company: 'Contoso', AssemblyName: '$(Company).$(MSBuildProjectName)' }) },
  { name: 'TFM through a property', template: 'console', edit: all(dropTfm('App/App.csproj'), setProps('App/App.csproj', { MyTfm: 'net10.0', TargetFramework: '$(MyTfm)' })) },
  { name: 'multi-targeting', template: 'classlib', edit: replaceIn('App/App.csproj', /<TargetFramework>net10.0<\/TargetFramework>/, '<TargetFrameworks>net8.0;net10.0</TargetFrameworks>') },
  { name: 'TFM from Directory.Build.props', template: 'web', edit: all(dropTfm('App/App.csproj'), write('Directory.Build.props', '<Project><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>')) },
  { name: 'project overrides Directory.Build.props', template: 'web', edit: write('Directory.Build.props', '<Project><PropertyGroup><TargetFramework>net8.0</TargetFramework><Nullable>disable</Nullable></PropertyGroup></Project>') },
  { name: 'nested props importing the parent', template: 'worker', edit: all(dropTfm('App/App.csproj'),
    write('../Directory.Build.props', '<Project><PropertyGroup><TargetFramework>net8.0</TargetFramework><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>'),
    write('Directory.Build.props', `<Project><Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" /><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>`)) },
  { name: 'Directory.Build.targets sets a property late', template: 'console', edit: write('Directory.Build.targets', '<Project><PropertyGroup><RootNamespace>Late.Namespace</RootNamespace></PropertyGroup></Project>') },
  { name: 'ImportDirectoryBuildProps off', template: 'console', edit: all(write('Directory.Build.props', '<Project><PropertyGroup><AssemblyName>FromProps</AssemblyName></PropertyGroup></Project>'),
    replaceIn('App/App.csproj', '<Project Sdk="Microsoft.NET.Sdk">', '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><ImportDirectoryBuildProps>false</ImportDirectoryBuildProps></PropertyGroup>')) },
  { name: 'Native AOT', template: 'console', edit: setProps('App/App.csproj', { PublishAot: 'true', InvariantGlobalization: 'true' }) },
  { name: 'self-contained with a RID', template: 'console', edit: setProps('App/App.csproj', { SelfContained: 'true', RuntimeIdentifier: 'linux-x64' }) },
  { name: 'several RIDs', template: 'web', edit: setProps('App/App.csproj', { RuntimeIdentifiers: 'linux-x64;linux-musl-x64;linux-arm64' }) },
  { name: 'UseAppHost off', template: 'web', edit: setProps('App/App.csproj', { UseAppHost: 'false' }) },
  { name: 'container properties', template: 'webapi', edit: setProps('App/App.csproj', { ContainerRepository: 'contoso/api', ContainerImageTags: '1.0.0;latest', ContainerFamily: 'noble-chiseled' }) },
  { name: 'Release-only property, Debug evaluation', template: 'web', edit: replaceIn('App/App.csproj', '</Project>', `<PropertyGroup Condition="'$(Configuration)' == 'Release'"><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>`) },
  { name: 'Release-only property, Release evaluation', template: 'web', globals: { Configuration: 'Release' }, edit: replaceIn('App/App.csproj', '</Project>', `<PropertyGroup Condition="'$(Configuration)' == 'Release'"><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>`) },
  { name: 'Configuration|Platform condition', template: 'console', edit: replaceIn('App/App.csproj', '</Project>', `<PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|AnyCPU' "><RootNamespace>DebugAnyCpu</RootNamespace></PropertyGroup></Project>`) },
  { name: 'TFM condition with IsTargetFrameworkCompatible', template: 'console', edit: replaceIn('App/App.csproj', '</Project>', `<PropertyGroup Condition="$([MSBuild]::IsTargetFrameworkCompatible('$(TargetFramework)', 'net8.0'))"><Nullable>disable</Nullable></PropertyGroup></Project>`) },
  { name: 'TFM condition with a string compare', template: 'console', edit: replaceIn('App/App.csproj', '</Project>', `<PropertyGroup Condition="'$(TargetFramework)' == 'net10.0'"><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>`) },
  { name: 'Exists() condition', template: 'console', edit: all(write('marker.txt', 'x'), replaceIn('App/App.csproj', '</Project>', `<PropertyGroup Condition="Exists('..\\marker.txt')"><AssemblyName>HasMarker</AssemblyName></PropertyGroup></Project>`)) },
  { name: 'Choose/When', template: 'console', edit: replaceIn('App/App.csproj', '</Project>', `<Choose><When Condition="'$(Configuration)' == 'Debug'"><PropertyGroup><RootNamespace>Chosen</RootNamespace></PropertyGroup></When><Otherwise><PropertyGroup><RootNamespace>Other</RootNamespace></PropertyGroup></Otherwise></Choose></Project>`) },
  { name: 'explicit Import of a props file', template: 'console', edit: all(write('build/common.props', '<Project><PropertyGroup><AssemblyName>Imported</AssemblyName></PropertyGroup></Project>'),
    replaceIn('App/App.csproj', '</Project>', '<Import Project="..\\build\\common.props" /></Project>')) },
  { name: 'project referencing a class library', template: 'web', edit: all(write('Lib/Lib.csproj', '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>'),
    replaceIn('App/App.csproj', '</Project>', '<ItemGroup><ProjectReference Include="..\\Lib\\Lib.csproj" /></ItemGroup></Project>')) },
  { name: 'Sdk element instead of attribute', template: 'console', edit: replaceIn('App/App.csproj', '<Project Sdk="Microsoft.NET.Sdk">', '<Project>\n  <Sdk Name="Microsoft.NET.Sdk" />') },
  { name: 'netstandard library', template: 'classlib', edit: replaceIn('App/App.csproj', 'net10.0', 'netstandard2.0') },
  { name: 'string function in a property', template: 'console', edit: setProps('App/App.csproj', { Flavor: 'Contoso', AssemblyName: '$(Flavor.ToLowerInvariant())-app' }) },
];

describe('static evaluation equals MSBuild (oracle)', function () {
  this.timeout(120_000);
  let workRoot: string;
  const templates = new Map<string, string>();

  before(async function () {
    if (process.env.DC_DOTNET_UNAVAILABLE) skipBecause(this, process.env.DC_DOTNET_UNAVAILABLE);
    workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dc oracle '));
    for (const template of new Set(layouts.map(l => l.template))) {
      const dir = path.join(workRoot, '_templates', template);
      await run('dotnet', ['new', template, '-o', path.join(dir, 'App'), '-n', 'App', '--no-restore'], workRoot);
      templates.set(template, dir);
    }
  });
  after(() => { if (workRoot) fs.rmSync(workRoot, { recursive: true, force: true }); });

  it(`covers at least 30 layouts (${layouts.length})`, () => assert.ok(layouts.length >= 30));

  layouts.forEach((layout, index) => {
    it(`${layout.name}`, async () => {
      // Each layout sits one folder down so an edit can put a Directory.Build.props above its root.
      const root = path.join(workRoot, `case ${index}`, 'repo');
      fs.cpSync(templates.get(layout.template)!, root, { recursive: true });
      layout.edit?.(root);
      const project = path.join(root, layout.project ?? 'App/App.csproj');
      const globals = layout.globals ?? {};
      const expected = await msbuild(project, globals);
      const result = evaluateProject(project, { globalProperties: globals });
      assert.ok(result.ok, result.ok ? '' : result.problem.message);
      const actual: Record<string, string> = {};
      for (const name of compared) actual[name] = result.project.properties.get(name) ?? '';
      // Properties the SDK derives in its own targets (not written by the user) are not ours to guess.
      for (const name of ['SelfContained', 'UseAppHost', 'RuntimeIdentifiers']) {
        if (actual[name] === '' && expected[name] !== '') actual[name] = expected[name]!;
      }
      assert.deepEqual(actual, expected);
    });
  });
});

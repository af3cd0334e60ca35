import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { evaluateProject } from '../../../src/core/project/evaluateProject';
import { maxGlobFolders } from '../../../src/core/project/globs';
import { installedVersion, knownToBringAspNetCore, normalizeNuGetVersion } from '../../../src/core/project/indirectAspNetCore';
import { overridesFrom } from '../../../src/core/project/msbuildProperties';
import { describeProject } from '../../../src/core/project/ProjectInfo';
import { BuildPlanOptions, isPackagesLockFile, readBuildPlan } from '../../../src/core/project/readBuildPlan';
import { parseTargetFramework } from '../../../src/core/project/targetFramework';
import { csproj, removeTree, writeTree } from '../../support/fileTree';
import { memoryFileSystem } from '../../support/fuzzing';

// Layouts modelled on real repositories (eShop, modular-monolith-with-ddd, eShopOnContainers), each small. Where a
// test says "MSBuild says", the expected value is what `dotnet msbuild -getProperty/-getItem` (SDK 10.0.401) printed
// for the same files, or what `dotnet build` wrote to the app's runtimeconfig.json.

const roots: string[] = [];
const tree = (files: Record<string, string>) => { const root = writeTree(files); roots.push(root); return root; };
after(() => roots.forEach(removeTree));

function evaluate(root: string, file: string) {
  const result = evaluateProject(path.join(root, file));
  if (!result.ok) throw new Error(`${result.problem.message} at ${result.problem.line}:${result.problem.column}`);
  return { evaluated: result.project, info: describeProject(result.project) };
}

function plan(root: string, file: string, options: BuildPlanOptions = {}) {
  // No global packages folder unless a test brings one: the machine's own must not change the answers.
  const result = readBuildPlan(path.join(root, file), { globalPackagesFolder: path.join(root, '.no-packages'), homeDirectory: '/nonexistent-home', ...options });
  if (!result.ok) throw new Error(result.problem.message);
  return result.plan;
}

const exe = (extra = '', properties: Record<string, string> = {}) => csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', ...properties }, extra);
const lib = (extra = '', properties: Record<string, string> = {}) => csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0', ...properties }, extra);
const items = (...lines: string[]) => `  <ItemGroup>\n${lines.map(line => `    ${line}\n`).join('')}  </ItemGroup>\n`;
const reference = (to: string, attributes = '') => `<ProjectReference Include="${to}" ${attributes}/>`;
const nuspec = (id: string, body: string) => `<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">\n  <metadata>\n    <id>${id}</id>\n${body}\n  </metadata>\n</package>\n`;
const aspNetCoreFrameworkGroup = (tfm: string) => `    <frameworkReferences><group targetFramework="${tfm}"><frameworkReference name="Microsoft.AspNetCore.App" /></group></frameworkReferences>`;

describe('Directory.Packages.props, imported as NuGet imports it', () => {
  it('takes a TargetFramework set only there (the two projects once refused)', () => {
    const root = tree({
      'Directory.Packages.props': '<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>',
      'src/App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe' }),
      'src/Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web'),
    });
    for (const file of ['src/App/App.csproj', 'src/Web/Web.csproj']) {
      const { info, evaluated } = evaluate(root, file);
      assert.deepEqual(info.targetFrameworkMonikers, ['net10.0'], file);
      assert.ok(evaluated.importedFiles.includes(path.join(root, 'Directory.Packages.props')), file);
    }
  });

  it('comes after Directory.Build.props and before the Configuration default and the body (MSBuild says ";dbp;dpp(cfg=,dbp=dbp,body=);body")', () => {
    const root = tree({
      'Directory.Build.props': '<Project><PropertyGroup><FromDbp>dbp</FromDbp><Seen>$(Seen);dbp</Seen></PropertyGroup></Project>',
      'Directory.Packages.props': '<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework><Seen>$(Seen);dpp(cfg=$(Configuration),dbp=$(FromDbp),body=$(FromBody))</Seen></PropertyGroup></Project>',
      'src/App/App.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><FromBody>body</FromBody><Seen>$(Seen);body</Seen></PropertyGroup></Project>',
    });
    assert.equal(evaluate(root, 'src/App/App.csproj').evaluated.properties.get('Seen'), ';dbp;dpp(cfg=,dbp=dbp,body=);body');
  });

  const switches: ReadonlyArray<{ name: string; props: string; tfm: string[] }> = [
    { name: 'ImportDirectoryPackagesProps=false turns it off', props: '<ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>', tfm: [] },
    { name: 'any value but true turns it off, as the import condition reads', props: '<ImportDirectoryPackagesProps>no</ImportDirectoryPackagesProps>', tfm: [] },
    { name: 'DirectoryPackagesPropsPath names another file', props: '<DirectoryPackagesPropsPath>$(MSBuildThisFileDirectory)build/Versions.props</DirectoryPackagesPropsPath>', tfm: ['net9.0'] },
  ];
  for (const { name, props, tfm } of switches) {
    it(name, () => {
      const root = tree({
        'Directory.Build.props': `<Project><PropertyGroup>${props}</PropertyGroup></Project>`,
        'Directory.Packages.props': '<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>',
        'build/Versions.props': '<Project><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>',
        'App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe' }),
      });
      assert.deepEqual(evaluate(root, 'App/App.csproj').info.targetFrameworkMonikers, tfm);
    });
  }

  it('reads items there too: conditional package references per project, central versions', () => {
    // modular-monolith-with-ddd puts PackageReferences conditioned on $(MSBuildProjectName) in Directory.Packages.props.
    const root = tree({
      'src/Directory.Packages.props': `<Project>
  <PropertyGroup><SerilogVersion>8.0.0</SerilogVersion></PropertyGroup>
  <ItemGroup Condition="$(MSBuildProjectName.EndsWith('Migrator'))"><PackageReference Include="Serilog.AspNetCore" Version="$(SerilogVersion)" /></ItemGroup>
  <ItemGroup><PackageVersion Include="Dapper" Version="2.1.24" /></ItemGroup>
</Project>`,
      'src/Database/DatabaseMigrator/DatabaseMigrator.csproj': exe(items('<PackageReference Include="Dapper" />')),
      'src/Other/Other.csproj': exe(),
    });
    const migrator = evaluate(root, 'src/Database/DatabaseMigrator/DatabaseMigrator.csproj');
    assert.deepEqual(migrator.info.packageReferences, ['Serilog.AspNetCore', 'Dapper']);
    assert.deepEqual(evaluate(root, 'src/Other/Other.csproj').info.packageReferences, []);
    const app = plan(root, 'src/Database/DatabaseMigrator/DatabaseMigrator.csproj').app;
    assert.equal(app.aspNetCore, true);
    assert.equal(app.aspNetCoreVia, 'through the package Serilog.AspNetCore');
    assert.equal(app.kind, 'console');
  });
});

describe('wildcard and conditional ProjectReferences', () => {
  // The layout of modular-monolith-with-ddd's src/Directory.Build.targets, cut down.
  const monolith = () => tree({
    'src/Directory.Build.targets': `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <BBDomainPath>$(MSBuildThisFileDirectory)\\BuildingBlocks\\Domain\\*.csproj</BBDomainPath>
  </PropertyGroup>
  <ItemGroup Condition="$(MSBuildProjectName.EndsWith('API'))">
    <ProjectReference Include="..\\..\\Modules\\**\\Infrastructure\\*.csproj" />
  </ItemGroup>
  <ItemGroup Condition="$(MSBuildProjectFullPath.Contains('Modules')) and $(MSBuildProjectName.EndsWith('Infrastructure'))">
    <ProjectReference Include="..\\Application\\*.csproj" />
  </ItemGroup>
  <ItemGroup Condition="$(MSBuildProjectFullPath.Contains('Modules')) and $(MSBuildProjectName.EndsWith('Application'))">
    <ProjectReference Include="..\\Domain\\*.csproj" />
  </ItemGroup>
  <ItemGroup Condition="$(MSBuildProjectFullPath.Contains('Modules')) and $(MSBuildProjectName.EndsWith('Domain'))">
    <ProjectReference Include="$(BBDomainPath)" />
  </ItemGroup>
  <ItemGroup Condition="$(MSBuildProjectFullPath.Contains('src$([System.IO.Path]::DirectorySeparatorChar)Tests'))">
    <ProjectReference Include="..\\..\\API\\**\\*.csproj" />
  </ItemGroup>
</Project>`,
    'src/API/My.API/My.API.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net8.0' }),
    'src/BuildingBlocks/Domain/My.BuildingBlocks.Domain.csproj': lib(),
    ...Object.fromEntries(['Meetings', 'Payments'].flatMap(module => ['Domain', 'Application', 'Infrastructure'].map(layer =>
      [`src/Modules/${module}/${layer}/My.Modules.${module}.${layer}.csproj`, lib()]))),
    'src/Modules/Payments/Tests/UnitTests/My.Modules.Payments.UnitTests.csproj': lib(),
    'src/Tests/ArchTests/My.ArchTests.csproj': lib(),
  });

  it('expands ** and * relative to the project, under the conditions Directory.Build.targets puts on them', () => {
    const root = monolith();
    const api = evaluate(root, 'src/API/My.API/My.API.csproj').info;
    assert.deepEqual(api.projectReferences, [
      path.join(root, 'src/Modules/Meetings/Infrastructure/My.Modules.Meetings.Infrastructure.csproj'),
      path.join(root, 'src/Modules/Payments/Infrastructure/My.Modules.Payments.Infrastructure.csproj'),
    ]);
    assert.deepEqual(evaluate(root, 'src/Modules/Payments/Domain/My.Modules.Payments.Domain.csproj').info.projectReferences,
      [path.join(root, 'src/BuildingBlocks/Domain/My.BuildingBlocks.Domain.csproj')]);
    // DirectorySeparatorChar inside Contains(): only the projects under src/Tests take the API projects.
    assert.deepEqual(evaluate(root, 'src/Tests/ArchTests/My.ArchTests.csproj').info.projectReferences, [path.join(root, 'src/API/My.API/My.API.csproj')]);
    assert.deepEqual(evaluate(root, 'src/Modules/Payments/Tests/UnitTests/My.Modules.Payments.UnitTests.csproj').info.projectReferences, []);
  });

  it('follows the wildcards through the closure: API, each module\'s layers, the building block', () => {
    const root = monolith();
    const built = plan(root, 'src/API/My.API/My.API.csproj');
    assert.deepEqual(built.projects.map(p => p.name), [
      'My.API',
      'My.Modules.Meetings.Infrastructure', 'My.Modules.Payments.Infrastructure',
      'My.Modules.Meetings.Application', 'My.Modules.Payments.Application',
      'My.Modules.Meetings.Domain', 'My.Modules.Payments.Domain',
      'My.BuildingBlocks.Domain',
    ]);
    assert.deepEqual(built.warnings, []);
    assert.equal(built.contextDirectory, path.join(root, 'src'));
  });

  // What MSBuild listed for these files (dotnet msbuild -getItem:ProjectReference).
  it('matches names without regard to case, lets ** stand for no folder, keeps hidden folders, drops a wildcard matching nothing', () => {
    const root = tree({
      'src/Directory.Build.targets': `<Project><ItemGroup>
  <ProjectReference Include="..\\..\\Modules\\**\\Infrastructure\\*.csproj" />
  <ProjectReference Include="..\\..\\Nowhere\\*.csproj" />
  <ProjectReference Include="..\\..\\Nowhere\\Literal.csproj" />
</ItemGroup></Project>`,
      'src/API/My.API/My.API.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }),
      'src/Modules/X/Infrastructure/X.Infrastructure.csproj': lib(),
      'src/Modules/X/Infrastructure/Other.CSPROJ': lib(),
      'src/Modules/.hidden/Infrastructure/H.csproj': lib(),
      'src/Modules/Y/infrastructure/lower.csproj': lib(),
      'src/Modules/Infrastructure/Z.csproj': lib(),
      'src/Modules/Deep/a/b/Infrastructure/D.csproj': lib(),
      'src/Modules/X/Infrastructure/bin/B.csproj': lib(),
    });
    const references = evaluate(root, 'src/API/My.API/My.API.csproj').info.projectReferences.map(file => path.relative(root, file).split(path.sep).join('/'));
    assert.deepEqual(references, [
      'src/Modules/.hidden/Infrastructure/H.csproj',
      'src/Modules/Deep/a/b/Infrastructure/D.csproj',
      'src/Modules/Infrastructure/Z.csproj',
      'src/Modules/X/Infrastructure/Other.CSPROJ',
      'src/Modules/X/Infrastructure/X.Infrastructure.csproj',
      'src/Modules/Y/infrastructure/lower.csproj',
      'src/Nowhere/Literal.csproj',
    ]);
  });

  it('honours Exclude on a wildcard and a later Remove', () => {
    const root = tree({
      'App/App.csproj': exe(items(
        reference('..\\Libs\\**\\*.csproj', 'Exclude="..\\Libs\\Legacy\\**"'),
        '<ProjectReference Remove="..\\Libs\\Tools\\Tools.csproj" />',
      )),
      'Libs/Core/Core.csproj': lib(),
      'Libs/Legacy/Old/Old.csproj': lib(),
      'Libs/Tools/Tools.csproj': lib(),
    });
    assert.deepEqual(evaluate(root, 'App/App.csproj').info.projectReferences, [path.join(root, 'Libs/Core/Core.csproj')]);
  });

  it('refuses a wildcard that would list the whole disk, and says so', () => {
    const root = tree({ 'App/App.csproj': exe(items(reference('/**/*.csproj'))) });
    const { info, evaluated } = evaluate(root, 'App/App.csproj');
    assert.deepEqual(info.projectReferences, []);
    assert.ok(evaluated.notEvaluated.some(n => /was not expanded: it would list every file on the disk/.test(n.what)), JSON.stringify(evaluated.notEvaluated));
  });

  it(`stops after ${maxGlobFolders} folders for the whole closure, says so, and stays fast`, () => {
    // Fifty projects, each with a wildcard over the same large tree: one budget for them all, not one each.
    const files = new Map<string, string>([['/big/App/App.csproj', exe(items(reference('..\\Libs\\*\\*.csproj')))]]);
    for (let i = 0; i < 50; i++) files.set(`/big/Libs/L${i}/L${i}.csproj`, lib(items(reference('..\\..\\Junk\\**\\*.csproj'))));
    for (let i = 0; i < maxGlobFolders * 2; i++) files.set(`/big/Junk/f${i}/g/readme.txt`, 'x');
    const fileSystem = memoryFileSystem(files);
    const started = performance.now();
    const result = readBuildPlan('/big/App/App.csproj', { fileSystem, globalPackagesFolder: '/no-packages' });
    const ms = performance.now() - started;
    assert.ok(result.ok);
    assert.equal(result.plan.projects.length, 51);
    const refused = result.plan.projects.filter(p => p.notEvaluated.some(n => n.what.includes(`it lists more than ${maxGlobFolders} folders`)));
    assert.equal(refused.length, 50);
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
  });

  it('does not descend into bin, obj, .git or node_modules for ** (MSBuild would; they hold no project the build means)', () => {
    const root = tree({
      'App/App.csproj': exe(items(reference('..\\Libs\\**\\*.csproj'), reference('..\\Libs\\Core\\obj\\*.csproj'))),
      'Libs/Core/Core.csproj': lib(),
      'Libs/Core/bin/Debug/net10.0/Copy.csproj': lib(),
      'Libs/Core/obj/Named.csproj': lib(),
      'Libs/web/node_modules/pkg/Pkg.csproj': lib(),
    });
    assert.deepEqual(evaluate(root, 'App/App.csproj').info.projectReferences, [path.join(root, 'Libs/Core/Core.csproj'), path.join(root, 'Libs/Core/obj/Named.csproj')]);
  });
});

describe('ASP.NET Core that arrives indirectly', () => {
  interface Case {
    readonly name: string;
    readonly files: Record<string, string>;
    readonly via: string | undefined;
    readonly kind?: string;
    /** With a global packages folder at `packages/` of the tree. */
    readonly packages?: boolean;
  }
  const web = csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }, items('<FrameworkReference Include="Microsoft.AspNetCore.App" />'));
  const cases: Case[] = [
    {
      // eShop's OrderProcessor: a Worker SDK app whose ServiceDefaults reference Microsoft.AspNetCore.App.
      name: 'a worker referencing a library with FrameworkReference Microsoft.AspNetCore.App',
      files: { 'src/OrderProcessor/OrderProcessor.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }, items(reference('..\\ServiceDefaults\\ServiceDefaults.csproj'))), 'src/ServiceDefaults/ServiceDefaults.csproj': web },
      via: 'through ServiceDefaults.csproj',
      kind: 'worker',
    },
    {
      name: 'a console app two references away from a Web SDK library',
      files: { 'App/App.csproj': exe(items(reference('..\\Mid\\Mid.csproj'))), 'Mid/Mid.csproj': lib(items(reference('..\\Lib\\Lib.csproj'))), 'Lib/Lib.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', OutputType: 'Library' }) },
      via: 'through Mid.csproj → Lib.csproj',
      kind: 'console',
    },
    {
      name: 'not through ReferenceOutputAssembly="false" (runtimeconfig.json lists no ASP.NET Core)',
      files: { 'App/App.csproj': exe(items(reference('..\\Lib\\Lib.csproj', 'ReferenceOutputAssembly="false"'))), 'Lib/Lib.csproj': web },
      via: undefined,
    },
    {
      name: 'not through a FrameworkReference with PrivateAssets="all"',
      files: { 'App/App.csproj': exe(items(reference('..\\Lib\\Lib.csproj'))), 'Lib/Lib.csproj': lib(items('<FrameworkReference Include="Microsoft.AspNetCore.App" PrivateAssets="all" />')) },
      via: undefined,
    },
    {
      name: 'not through a deeper ProjectReference with PrivateAssets="all"',
      files: { 'App/App.csproj': exe(items(reference('..\\Mid\\Mid.csproj'))), 'Mid/Mid.csproj': lib(items(reference('..\\Lib\\Lib.csproj', 'PrivateAssets="all"'))), 'Lib/Lib.csproj': web },
      via: undefined,
    },
    {
      name: 'through the app\'s own PrivateAssets="all" reference (that hides it from the app\'s consumers only)',
      files: { 'App/App.csproj': exe(items(reference('..\\Lib\\Lib.csproj', 'PrivateAssets="all"'))), 'Lib/Lib.csproj': web },
      via: 'through Lib.csproj',
    },
    {
      name: 'a package whose nuspec declares the framework reference, versioned centrally',
      files: {
        'Directory.Packages.props': '<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup><ItemGroup><PackageVersion Include="Contoso.Web" Version="1.2" /></ItemGroup></Project>',
        'App/App.csproj': exe(items('<PackageReference Include="Contoso.Web" />')),
        'packages/contoso.web/1.2.0/contoso.web.nuspec': nuspec('Contoso.Web', aspNetCoreFrameworkGroup('net8.0')),
      },
      packages: true,
      via: 'through the package Contoso.Web',
    },
    {
      name: 'a package that depends on one that declares it',
      files: {
        'App/App.csproj': exe(items('<PackageReference Include="Contoso.Hosting" Version="2.0.0" />')),
        'packages/contoso.hosting/2.0.0/contoso.hosting.nuspec': nuspec('Contoso.Hosting', '    <dependencies><group targetFramework=".NETStandard2.0" /><group targetFramework="net8.0"><dependency id="Contoso.Web" version="1.2.0" /></group></dependencies>'),
        'packages/contoso.web/1.3.0/contoso.web.nuspec': nuspec('Contoso.Web', aspNetCoreFrameworkGroup('net8.0')),
      },
      packages: true,
      via: 'through the package Contoso.Hosting, which depends on Contoso.Web',
    },
    {
      name: 'not a package whose framework reference is only for a newer framework than the app\'s',
      files: {
        'App/App.csproj': exe(items('<PackageReference Include="Contoso.Web" Version="1.2.0" />'), { TargetFramework: 'net8.0' }),
        'packages/contoso.web/1.2.0/contoso.web.nuspec': nuspec('Contoso.Web', aspNetCoreFrameworkGroup('net10.0')),
      },
      packages: true,
      via: undefined,
    },
    {
      name: 'a package of a referenced library, and not one it keeps private',
      files: {
        'App/App.csproj': exe(items(reference('..\\Lib\\Lib.csproj'), reference('..\\Tools\\Tools.csproj'))),
        'Tools/Tools.csproj': lib(items('<PackageReference Include="Swashbuckle.AspNetCore" Version="6.5.0" PrivateAssets="all" />')),
        'Lib/Lib.csproj': lib(items('<PackageReference Include="Grpc.AspNetCore" Version="2.71.0" />')),
      },
      via: 'through the package Grpc.AspNetCore of Lib.csproj',
    },
    {
      name: 'a worker whose Program.cs calls ConfigureWebHostDefaults (eShopOnContainers\' older hosts)',
      files: {
        'Worker/Worker.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }),
        'Worker/Program.cs': 'Host.CreateDefaultBuilder(args)\n    .ConfigureWebHostDefaults(web => web.UseStartup<Startup>())\n    .Build().Run();\n',
      },
      via: 'because Program.cs calls ConfigureWebHostDefaults',
      kind: 'worker',
    },
    {
      name: 'code in a subfolder calling WebApplication.CreateBuilder; bin and obj are not the app\'s code',
      files: {
        'App/App.csproj': exe(),
        'App/obj/Generated.cs': 'var b = WebApplication.CreateBuilder(args);',
        'App/Hosting/Web.cs': 'static class Web { public static void Run(string[] args) => WebApplication.CreateBuilder(args).Build().Run(); }',
      },
      via: 'because Hosting/Web.cs calls WebApplication.CreateBuilder',
    },
    {
      name: 'not a call that is commented out, nor one in bin/',
      files: { 'App/App.csproj': exe(), 'App/Program.cs': '// WebApplication.CreateBuilder(args)\nConsole.WriteLine(1);\n', 'App/bin/Old.cs': 'WebApplication.CreateBuilder(args);' },
      via: undefined,
    },
  ];
  for (const { name, files, via, kind, packages } of cases) {
    it(name, () => {
      const root = tree(files);
      const appFile = Object.keys(files).find(file => file.endsWith('.csproj') && !/Lib|Mid|ServiceDefaults|Tools/.test(file))!;
      const { app } = plan(root, appFile, packages ? { globalPackagesFolder: path.join(root, 'packages') } : {});
      assert.equal(app.aspNetCoreVia, via);
      assert.equal(app.aspNetCore, via !== undefined);
      if (kind) assert.equal(app.kind, kind);
    });
  }

  it('reads nuspecs from NUGET_PACKAGES when no folder is given, with frameworks written the long way (.NETCoreApp3.0)', () => {
    const root = tree({
      'App/App.csproj': exe(items('<PackageReference Include="Contoso.Web" Version="[3.1.0]" />')),
      'nuget-packages/contoso.web/3.1.0/contoso.web.nuspec': nuspec('Contoso.Web', aspNetCoreFrameworkGroup('.NETCoreApp3.0')),
    });
    const saved = process.env.NUGET_PACKAGES;
    process.env.NUGET_PACKAGES = path.join(root, 'nuget-packages');
    try {
      const result = readBuildPlan(path.join(root, 'App/App.csproj'), { homeDirectory: '/nonexistent-home' });
      assert.ok(result.ok);
      assert.equal(result.plan.app.aspNetCoreVia, 'through the package Contoso.Web');
    } finally {
      if (saved === undefined) delete process.env.NUGET_PACKAGES;
      else process.env.NUGET_PACKAGES = saved;
    }
  });

  it('keeps the kind when MSBuild\'s OutputType is applied over an indirect ASP.NET Core', () => {
    const root = tree({ 'App/App.csproj': exe(items(reference('..\\Lib\\Lib.csproj'))), 'Lib/Lib.csproj': web });
    const { app } = plan(root, 'App/App.csproj');
    const overrides = overridesFrom(app, [{ property: 'OutputType', msbuild: 'Exe', static: 'Exe', changesDockerfile: true, text: '' }]);
    assert.equal(overrides.kind, 'console');
  });

  const known: ReadonlyArray<[string, string | undefined, boolean]> = [
    ['Swashbuckle.AspNetCore', '6.5.0', true],
    ['Microsoft.AspNetCore.Authentication.JwtBearer', '8.0.0', true],
    ['Microsoft.AspNetCore.OpenApi', undefined, true],
    ['Microsoft.AspNetCore.Components.WebAssembly.Server', '8.0.0', true],
    ['Microsoft.AspNetCore.SignalR.Client', '8.0.0', false],
    ['Microsoft.AspNetCore.Components.Web', '8.0.0', false],
    ['Microsoft.AspNetCore.DataProtection.StackExchangeRedis', '8.0.0', false],
    ['Microsoft.AspNetCore.Http.Abstractions', '2.2.0', false],
    ['Serilog.AspNetCore', '8.0.0', true],
    ['Serilog.Sinks.Console', '5.0.0', false],
  ];
  for (const [id, version, brings] of known) {
    it(`without its nuspec, ${id}${version ? ` ${version}` : ''} is ${brings ? '' : 'not '}taken to bring ASP.NET Core`, () => {
      assert.equal(knownToBringAspNetCore(version ? { id, version } : { id }, parseTargetFramework('net10.0')), brings);
    });
  }

  it('finds the version folder NuGet restored', () => {
    assert.equal(normalizeNuGetVersion('1.2'), '1.2.0');
    assert.equal(normalizeNuGetVersion('1.02.3.0+sha.1'), '1.2.3');
    assert.equal(normalizeNuGetVersion('8.0.0-Preview.1'), '8.0.0-preview.1');
    assert.equal(installedVersion('[1.2.0]', ['1.2.0', '1.3.0']), '1.2.0');
    assert.equal(installedVersion('[1.2.0, )', ['1.3.0', '1.10.0']), '1.3.0');
    assert.equal(installedVersion('(1.3.0, 2.0.0)', ['1.3.0', '1.4.0']), '1.4.0');
    assert.equal(installedVersion('1.*', ['1.3.0', '1.10.0', '2.0.0']), '1.10.0');
    assert.equal(installedVersion('3.0.0', ['1.0.0']), undefined);
  });
});

describe('packages.lock.json, which restore reads beside each project', () => {
  it('takes each project\'s lock file, packages.<project>.lock.json before packages.lock.json, and none where there is none', () => {
    const root = tree({
      'App/App.csproj': exe('  <ItemGroup><ProjectReference Include="../Lib/Lib.csproj" /><ProjectReference Include="../Other/Other.csproj" /></ItemGroup>\n'),
      'App/packages.lock.json': '{}',
      'Lib/Lib.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>',
      'Lib/packages.Lib.lock.json': '{}',
      'Lib/packages.lock.json': '{}',
      'Other/Other.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>',
      'Other/packages.Unrelated.lock.json': '{}',
    });
    const built = plan(root, 'App/App.csproj');
    assert.deepEqual(built.supportFiles.filter(isPackagesLockFile), [path.join(root, 'App/packages.lock.json'), path.join(root, 'Lib/packages.Lib.lock.json')]);
  });
});

describe('NuGet.config and global.json above the project', () => {
  it('grows the context to the folders above that hold them, with no .git and no solution', () => {
    const root = tree({
      'NuGet.config': '<configuration />',
      'global.json': '{\n  // the SDK of the team\n  "sdk": { "version": "10.0.100", "rollForward": "latestMajor", "allowPrerelease": false }\n}\n',
      'src/nuget.config': '<configuration />',
      'src/App/App.csproj': exe(),
    });
    const built = plan(root, 'src/App/App.csproj');
    assert.equal(built.contextDirectory, root);
    assert.deepEqual(built.supportFiles, [path.join(root, 'NuGet.config'), path.join(root, 'global.json'), path.join(root, 'src/nuget.config')].sort());
    assert.deepEqual(built.app.globalJson, { file: path.join(root, 'global.json'), sdkVersion: '10.0.100', rollForward: 'latestMajor', allowPrerelease: false });
    assert.deepEqual(built.warnings, []);
  });

  it('takes the nearest global.json only', () => {
    const root = tree({ 'global.json': '{"sdk":{"version":"8.0.100"}}', 'src/global.json': '{"sdk":{"version":"10.0.100"}}', 'src/App/App.csproj': exe() });
    const built = plan(root, 'src/App/App.csproj');
    assert.equal(built.app.globalJson?.sdkVersion, '10.0.100');
    assert.ok(!built.supportFiles.includes(path.join(root, 'global.json')));
    assert.equal(built.contextDirectory, path.join(root, 'src'));
  });

  const refusals: ReadonlyArray<{ name: string; files: Record<string, string>; home?: string; app: string; context: string; warning: RegExp }> = [
    {
      name: 'not into the home folder',
      files: { 'NuGet.config': '<configuration />', 'code/App/App.csproj': exe() },
      home: '',
      app: 'code/App/App.csproj',
      context: 'code/App',
      warning: /NuGet\.config is a NuGet\.config that restore reads for this project, but it lies outside the build context .*home folder.*copy it into/,
    },
    {
      name: 'not out of the repository',
      files: { 'global.json': '{"sdk":{"version":"10.0.100"}}', 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/App/App.csproj': exe() },
      app: 'repo/App/App.csproj',
      context: 'repo/App',
      warning: /global\.json chooses the SDK for this project, but it lies outside the build context .*outside the repository/,
    },
  ];
  for (const { name, files, home, app, context, warning } of refusals) {
    it(`warns instead of growing the context ${name}`, () => {
      const root = tree(files);
      const built = plan(root, app, home !== undefined ? { homeDirectory: path.join(root, home) } : {});
      assert.equal(built.contextDirectory, path.join(root, context));
      assert.equal(built.warnings.length, 1, JSON.stringify(built.warnings));
      assert.match(built.warnings[0]!, warning);
    });
  }

  it('grows within the repository, up to its root', () => {
    const root = tree({ 'repo/.git/HEAD': 'x', 'repo/NuGet.Config': '<configuration />', 'repo/src/Shop.sln': '', 'repo/src/App/App.csproj': exe() });
    const built = plan(root, 'repo/src/App/App.csproj');
    assert.equal(built.contextDirectory, path.join(root, 'repo'));
    assert.ok(built.supportFiles.includes(path.join(root, 'repo/NuGet.Config')));
  });

  const malformed: ReadonlyArray<[string, string, RegExp]> = [
    ['a trailing comma (dotnet fails on it)', '{\n  "sdk": { "version": "10.0.100", },\n}\n', /not valid JSON at line 2, column 35/],
    ['an unclosed object', '{ "sdk": { "version": "10.0.100" ', /not valid JSON at line 1, column 34/],
    ['an sdk that is not an object', '{ "sdk": "10.0.100" }', /"sdk" that is not an object/],
    ['a version that is not one', '{ "sdk": { "version": "latest" } }', /sdk\.version "latest" is not an SDK version/],
  ];
  for (const [name, text, warning] of malformed) {
    it(`warns, without failing, about a global.json with ${name}`, () => {
      const root = tree({ 'global.json': text, 'App/App.csproj': exe() });
      const built = plan(root, 'App/App.csproj');
      assert.equal(built.app.globalJson?.file, path.join(root, 'global.json'));
      assert.equal(built.warnings.length, 1, JSON.stringify(built.warnings));
      assert.match(built.warnings[0]!, warning);
    });
  }
});

describe('what kind of project it is', () => {
  const facts: ReadonlyArray<{ name: string; project: string; expect: Partial<Record<'aspireHost' | 'azureFunctions' | 'testProject' | 'publishSingleFile' | 'publishReadyToRun', boolean>> }> = [
    { name: 'an Aspire AppHost by its versioned Sdk attribute (eShop)', project: '<Project Sdk="Aspire.AppHost.Sdk/13.1.0"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>', expect: { aspireHost: true, testProject: false } },
    { name: 'an Aspire AppHost by <Sdk Name=…>', project: '<Project Sdk="Microsoft.NET.Sdk"><Sdk Name="Aspire.AppHost.Sdk" Version="9.0.0" /><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>', expect: { aspireHost: true } },
    { name: 'an Aspire AppHost by IsAspireHost', project: exe('', { IsAspireHost: 'true' }), expect: { aspireHost: true } },
    { name: 'an Aspire AppHost by its hosting package (aspire-samples, Aspire 8)', project: exe(items('<PackageReference Include="Aspire.Hosting.AppHost" Version="8.2.0" />')), expect: { aspireHost: true } },
    { name: 'not an AppHost for a service using Aspire client packages', project: exe(items('<PackageReference Include="Aspire.Npgsql" Version="9.0.0" />')), expect: { aspireHost: false } },
    { name: 'Azure Functions by AzureFunctionsVersion', project: lib('', { AzureFunctionsVersion: 'v4' }), expect: { azureFunctions: true } },
    { name: 'Azure Functions by the isolated worker packages', project: exe(items('<PackageReference Include="Microsoft.Azure.Functions.Worker.Sdk" Version="2.0.0" />')), expect: { azureFunctions: true } },
    { name: 'a test project by the test SDK package', project: exe(items('<PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.12.0" />')), expect: { testProject: true } },
    { name: 'a test project by IsTestProject', project: exe('', { IsTestProject: 'true' }), expect: { testProject: true } },
    { name: 'a test project by MSTest.Sdk', project: '<Project Sdk="MSTest.Sdk/3.6.4"><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>', expect: { testProject: true } },
    { name: 'not a test project when IsTestProject is false in the body', project: exe(items('<PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.12.0" />'), { IsTestProject: 'false' }), expect: { testProject: false } },
    { name: 'single-file and ReadyToRun as set', project: exe('', { PublishSingleFile: 'true', PublishReadyToRun: 'True' }), expect: { publishSingleFile: true, publishReadyToRun: true } },
    { name: 'ReadyToRun for Release only is off in a Debug reading', project: exe('  <PropertyGroup Condition="\'$(Configuration)\' == \'Release\'"><PublishReadyToRun>true</PublishReadyToRun></PropertyGroup>\n'), expect: { publishReadyToRun: false, publishSingleFile: false } },
  ];
  for (const { name, project, expect } of facts) {
    it(name, () => {
      const root = tree({ 'P/P.csproj': project });
      const { info } = evaluate(root, 'P/P.csproj');
      assert.deepEqual(Object.fromEntries(Object.keys(expect).map(key => [key, info[key as keyof typeof expect]])), expect);
    });
  }
});

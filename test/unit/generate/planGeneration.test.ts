import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { nodeFileSystem, ProjectFileSystem } from '../../../src/core/project/fileSystem';
import { csproj, removeTree, writeTree } from '../../support/fileTree';

const now = new Date('2026-11-23T00:00:00Z');

/** The real file system, remembering every file it was asked to read. */
function recordingFileSystem(): ProjectFileSystem & { read: Set<string> } {
  const read = new Set<string>();
  return {
    ...nodeFileSystem,
    read,
    readText: file => { read.add(file); return nodeFileSystem.readText(file); },
    readBytes: (file, maxBytes) => { read.add(file); return nodeFileSystem.readBytes!(file, maxBytes); },
  };
}

describe('planGeneration in a large solution', function () {
  const count = 200;
  let tree = '';

  before(function () {
    const files: Record<string, string> = { 'Directory.Build.props': '<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n' };
    const sln = ['Microsoft Visual Studio Solution File, Format Version 12.00'];
    for (let i = 0; i < count; i++) {
      const name = i === 0 ? 'App' : `Lib${i}`;
      // App → Lib1 → Lib2; the other projects are unrelated.
      const next = i === 0 ? 'Lib1' : i === 1 ? 'Lib2' : undefined;
      files[`src/${name}/${name}.csproj`] = csproj(i === 0 ? 'Microsoft.NET.Sdk.Web' : 'Microsoft.NET.Sdk', {},
        next ? `  <ItemGroup><ProjectReference Include="..\\${next}\\${next}.csproj" /></ItemGroup>\n` : '');
      sln.push(`Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "${name}", "src\\${name}\\${name}.csproj", "{${String(i).padStart(8, '0')}-0000-0000-0000-000000000000}"`, 'EndProject');
    }
    files['Big.sln'] = sln.join('\r\n') + '\r\n';
    tree = writeTree(files);
  });

  after(() => removeTree(tree));

  it('reads only the project files of the app\'s closure (plus the props, the solution and its own outputs)', function () {
    const fileSystem = recordingFileSystem();
    const plan = planGeneration(path.join(tree, 'src', 'App', 'App.csproj'), { now, fileSystem });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    const projectsRead = [...fileSystem.read].filter(file => file.endsWith('.csproj')).map(file => path.relative(tree, file)).sort();
    assert.deepEqual(projectsRead, ['src/App/App.csproj', 'src/Lib1/Lib1.csproj', 'src/Lib2/Lib2.csproj']);
    assert.equal(plan.generated.contextDirectory, tree, 'the solution folder is the build context');
    for (const copied of ['src/App/App.csproj', 'src/Lib1/Lib1.csproj', 'src/Lib2/Lib2.csproj']) assert.ok(plan.dockerfile.content.includes(`"${copied}"`));
    assert.ok(!plan.dockerfile.content.includes('Lib3'), 'no project outside the closure is copied for restore');
  });
});

describe('planGeneration: Aspire AppHosts, test projects and in-process Functions', () => {
  const sln = (projects: string[]) => ['Microsoft Visual Studio Solution File, Format Version 12.00',
    ...projects.flatMap((p, i) => [`Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "${p.split('\\').pop()!.replace('.csproj', '')}", "${p}", "{00000000-0000-0000-0000-00000000000${i}}"`, 'EndProject']),
    'Global', 'EndGlobal', ''].join('\r\n');
  const ref = (...paths: string[]) => `  <ItemGroup>${paths.map(p => `<ProjectReference Include="${p}" />`).join('')}</ItemGroup>\n`;
  const files = {
    'Shop.sln': sln(['Shop.AppHost\\Shop.AppHost.csproj', 'Shop.Api\\Shop.Api.csproj', 'Shop.Jobs\\Shop.Jobs.csproj', 'Shop.Core\\Shop.Core.csproj', 'Shop.Tests\\Shop.Tests.csproj']),
    'Shop.AppHost/Shop.AppHost.csproj': csproj('Aspire.AppHost.Sdk/9.5.0', { OutputType: 'Exe', TargetFramework: 'net10.0', IsAspireHost: 'true' },
      ref('..\\Shop.Api\\Shop.Api.csproj', '..\\Shop.Jobs\\Shop.Jobs.csproj', '..\\Shop.Core\\Shop.Core.csproj')),
    'Shop.Api/Shop.Api.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, ref('..\\Shop.Core\\Shop.Core.csproj')),
    'Shop.Jobs/Shop.Jobs.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }, ref('..\\Shop.Core\\Shop.Core.csproj')),
    'Shop.Core/Shop.Core.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }),
    'Shop.Tests/Shop.Tests.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0' },
      '  <ItemGroup><PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.14.1" /><PackageReference Include="xunit.v3" Version="3.0.0" /></ItemGroup>\n' + ref('..\\Shop.Api\\Shop.Api.csproj')),
  };
  let tree = '';
  before(() => { tree = writeTree(files); });
  after(() => removeTree(tree));

  it('an AppHost is refused, says what it is and what to do, and offers the services it references', () => {
    const plan = planGeneration(path.join(tree, 'Shop.AppHost', 'Shop.AppHost.csproj'), { now });
    assert.equal(plan.ok, false);
    if (plan.ok) return;
    assert.match(plan.message, /Shop\.AppHost is an Aspire AppHost: it starts and wires the services while you develop, and is not deployed itself/);
    assert.match(plan.message, /\(Shop\.Api\.csproj, Shop\.Jobs\.csproj\)/);
    assert.match(plan.message, /aspire publish/);
    assert.deepEqual(plan.candidates?.map(c => path.relative(tree, c)), ['Shop.Api/Shop.Api.csproj', 'Shop.Jobs/Shop.Jobs.csproj']);
    assert.equal(plan.project, path.join(tree, 'Shop.AppHost', 'Shop.AppHost.csproj'));
  });

  it('a solution offers its services only: neither the AppHost nor the test project is an app to containerize', () => {
    const plan = planGeneration(path.join(tree, 'Shop.sln'), { now });
    assert.equal(plan.ok, false);
    if (plan.ok) return;
    assert.deepEqual(plan.candidates?.map(c => path.relative(tree, c)), ['Shop.Api/Shop.Api.csproj', 'Shop.Jobs/Shop.Jobs.csproj']);
    assert.match(plan.message, /has 2 executable projects/);
  });

  it('a library used by the AppHost and the tests offers only the services that reference it', () => {
    const plan = planGeneration(path.join(tree, 'Shop.Core', 'Shop.Core.csproj'), { now });
    assert.equal(plan.ok, false);
    if (plan.ok) return;
    assert.deepEqual(plan.candidates?.map(c => path.relative(tree, c)).sort(), ['Shop.Api/Shop.Api.csproj', 'Shop.Jobs/Shop.Jobs.csproj']);
  });

  it('a folder with one service beside its AppHost and tests resolves to the service', () => {
    const folder = writeTree({
      'AppHost.csproj': csproj('Aspire.AppHost.Sdk/9.5.0', { OutputType: 'Exe', TargetFramework: 'net10.0', IsAspireHost: 'true' }),
      'Api.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }),
      'Api.Tests.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', IsTestProject: 'true' }),
    });
    try {
      const plan = planGeneration(folder, { now });
      assert.ok(plan.ok, plan.ok ? '' : plan.message);
      assert.equal(path.basename(plan.app.file), 'Api.csproj');
    } finally {
      removeTree(folder);
    }
  });

  it('an in-process Azure Functions app (a library with Microsoft.NET.Sdk.Functions) is explained, not called a class library', () => {
    const folder = writeTree({ 'Fn/Fn.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net8.0', AzureFunctionsVersion: 'v4' }, '  <ItemGroup><PackageReference Include="Microsoft.NET.Sdk.Functions" Version="4.6.0" /></ItemGroup>\n') });
    try {
      const plan = planGeneration(path.join(folder, 'Fn', 'Fn.csproj'), { now });
      assert.equal(plan.ok, false);
      assert.match(plan.ok ? '' : plan.message, /in-process Azure Functions app.*isolated worker model/);
    } finally {
      removeTree(folder);
    }
  });
});

describe('planGeneration: Blazor WebAssembly apps', () => {
  const sln = (projects: string[]) => ['Microsoft Visual Studio Solution File, Format Version 12.00',
    ...projects.flatMap((p, i) => [`Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "${p.split('\\').pop()!.replace('.csproj', '')}", "${p}", "{00000000-0000-0000-0000-00000000000${i}}"`, 'EndProject']),
    'Global', 'EndGlobal', ''].join('\r\n');
  const client = csproj('Microsoft.NET.Sdk.BlazorWebAssembly', { TargetFramework: 'net10.0' });
  const roots: string[] = [];
  const tree = (files: Record<string, string>) => { const root = writeTree(files); roots.push(root); return root; };
  after(() => roots.forEach(removeTree));

  it('a hosted client is refused: it runs in the browser, and the ASP.NET Core project that references it is offered', () => {
    // eShopOnWeb: Web.csproj references BlazorAdmin and serves it.
    const root = tree({
      'Shop.sln': sln(['Server\\Server.csproj', 'Client\\Client.csproj']),
      'Server/Server.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Client\\Client.csproj" /></ItemGroup>\n'),
      'Client/Client.csproj': client,
    });
    const plan = planGeneration(path.join(root, 'Client', 'Client.csproj'), { now });
    assert.equal(plan.ok, false);
    if (plan.ok) return;
    assert.match(plan.message, /^Client is a Blazor WebAssembly app: it runs in the browser, and its publish output is static files \(wwwroot\), not a process a container runs\. Server\.csproj references it and serves those files: generate the Dockerfile for that project\.$/);
    assert.deepEqual(plan.candidates, [path.join(root, 'Server', 'Server.csproj')]);
  });

  it('a standalone client is refused with what serves it instead', () => {
    const root = tree({ 'Client/Client.csproj': client });
    const plan = planGeneration(path.join(root, 'Client', 'Client.csproj'), { now });
    assert.equal(plan.ok, false);
    if (plan.ok) return;
    assert.match(plan.message, /Blazor WebAssembly app: it runs in the browser/);
    assert.match(plan.message, /No executable project in its solution references it: serve the published wwwroot folder from a static web server/);
    assert.deepEqual(plan.candidates, []);
  });

  it('a solution with the server and its client resolves to the server, whose Dockerfile restores the client too', () => {
    const root = tree({
      'Shop.sln': sln(['Server\\Server.csproj', 'Client\\Client.csproj']),
      'Server/Server.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Client\\Client.csproj" /></ItemGroup>\n'),
      'Client/Client.csproj': client,
    });
    const plan = planGeneration(path.join(root, 'Shop.sln'), { now });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    assert.equal(plan.app.name, 'Server');
    assert.ok(plan.dockerfile.content.includes('COPY ["Client/Client.csproj", "Client/"]'));
    assert.match(plan.dockerfile.content, /^FROM mcr\.microsoft\.com\/dotnet\/aspnet:10\.0 AS final$/m);
  });

  it('a solution with only a browser app explains that app rather than saying there is nothing', () => {
    const root = tree({ 'Wasm.sln': sln(['Client\\Client.csproj']), 'Client/Client.csproj': client });
    const plan = planGeneration(path.join(root, 'Wasm.sln'), { now });
    assert.equal(plan.ok, false);
    if (!plan.ok) assert.match(plan.message, /^Client is a Blazor WebAssembly app/);
  });
});

describe('planGeneration: the artifacts folder in the proposed .dockerignore', () => {
  const app = csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' });
  const props = (body: string) => `<Project>\n  <PropertyGroup>\n    ${body}\n  </PropertyGroup>\n</Project>\n`;
  const roots: string[] = [];
  const plan = (files: Record<string, string>) => {
    const root = writeTree({ 'App.sln': 'Microsoft Visual Studio Solution File, Format Version 12.00\r\nProject("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "App", "src\\App\\App.csproj", "{00000000-0000-0000-0000-000000000000}"\r\nEndProject\r\n', 'src/App/App.csproj': app, ...files });
    roots.push(root);
    const result = planGeneration(path.join(root, 'src', 'App', 'App.csproj'), { now });
    assert.ok(result.ok, result.ok ? '' : result.message);
    return { root, result };
  };
  after(() => roots.forEach(removeTree));
  const lines = (text: string) => text.split('\n');

  const cases: ReadonlyArray<{ name: string; files: Record<string, string>; added?: string; absent?: string }> = [
    { name: 'UseArtifactsOutput (eShop): artifacts/', files: { 'Directory.Build.props': props('<UseArtifactsOutput>true</UseArtifactsOutput>') }, added: 'artifacts/' },
    { name: 'ArtifactsPath (jasontaylordev/CleanArchitecture): its folder', files: { 'Directory.Build.props': props('<ArtifactsPath>$(MSBuildThisFileDirectory).build</ArtifactsPath>') }, added: '.build/' },
    { name: 'an ArtifactsPath that holds the sources is not ignored (that would take them away)', files: { 'Directory.Build.props': props('<ArtifactsPath>$(MSBuildThisFileDirectory)src</ArtifactsPath>') }, absent: 'src/' },
    { name: 'an ArtifactsPath outside the build context adds nothing', files: { 'Directory.Build.props': props('<ArtifactsPath>/var/tmp/elsewhere</ArtifactsPath>') }, absent: '/var/tmp/elsewhere/' },
    { name: 'no artifacts layout: nothing beyond the usual patterns', files: {}, absent: 'artifacts/' },
  ];
  for (const c of cases) {
    it(`a new file: ${c.name}`, () => {
      const { result } = plan(c.files);
      if (c.added) assert.ok(lines(result.dockerignore.content).includes(c.added), result.dockerignore.content);
      if (c.absent) assert.ok(!lines(result.dockerignore.content).some(line => line === c.absent || line.includes('elsewhere')), result.dockerignore.content);
    });
  }

  it('an existing .dockerignore gets artifacts/ added (and said), and one that has it already is left as it is', () => {
    const artifacts = { 'Directory.Build.props': props('<UseArtifactsOutput>true</UseArtifactsOutput>') };
    const missing = plan({ ...artifacts, '.dockerignore': '**/bin/\n**/obj/\n' }).result.dockerignore;
    assert.ok(missing.added?.includes('artifacts/'));
    assert.ok(missing.content.startsWith('**/bin/\n**/obj/\n'));
    for (const existing of ['artifacts\n', '/artifacts/\n', '**/artifacts/\n']) {
      const covered = plan({ ...artifacts, '.dockerignore': existing }).result.dockerignore;
      assert.ok(!covered.added?.includes('artifacts/'), `${JSON.stringify(existing)} already keeps artifacts out`);
    }
  });
});

describe('planGeneration: existing files it cannot read', () => {
  const app = csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' });
  const roots: string[] = [];
  const tree = (files: Record<string, string>) => { const root = writeTree({ 'App/App.csproj': app, ...files }); roots.push(root); return root; };
  after(() => roots.forEach(removeTree));
  const refusal = (root: string, fileSystem?: ProjectFileSystem) => {
    const plan = planGeneration(path.join(root, 'App', 'App.csproj'), { now, ...(fileSystem ? { fileSystem } : {}) });
    assert.equal(plan.ok, false, 'planned over a file it could not read');
    return plan.ok ? '' : plan.message;
  };
  const large = '**/bin/\n'.repeat(150_000);

  const cases: ReadonlyArray<{ name: string; files: Record<string, string>; make?: (root: string) => void; message: RegExp }> = [
    { name: 'a .dockerignore larger than 1 MB', files: { 'App/.dockerignore': large }, message: /^The existing \.dockerignore at .*App\/\.dockerignore is larger than 1\.0 MB \(1\.1 MB\), so it was not read: it is not merged or replaced\. Move it away/ },
    { name: 'a Dockerfile larger than 1 MB', files: { 'App/Dockerfile': `FROM scratch\n${'# x\n'.repeat(300_000)}` }, message: /^The existing Dockerfile at .*App\/Dockerfile is larger than 1\.0 MB \(1\.1 MB\), so it was not read: it is not compared with the proposal or replaced/ },
    { name: 'a .dockerignore that is a folder', files: { 'App/.dockerignore/x': '' }, message: /^The existing \.dockerignore at .*App\/\.dockerignore is a folder, not a file: it is not merged or replaced/ },
    { name: 'a Dockerfile with binary data', files: { 'App/Dockerfile': 'FROM scratch\n\u0000\u0001' }, message: /^The existing Dockerfile at .* holds binary data, not text/ },
    { name: 'a .dockerignore that is not UTF-8', files: {}, make: root => fs.writeFileSync(path.join(root, 'App', '.dockerignore'), Buffer.from([0x62, 0x69, 0x6e, 0xff, 0x0a])), message: /^The existing \.dockerignore at .* is not UTF-8 text/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const root = tree(c.files);
      c.make?.(root);
      assert.match(refusal(root), c.message);
    });
  }

  it('a FIFO named .dockerignore is refused at once, not read (which would block)', function () {
    const root = tree({});
    try {
      execFileSync('mkfifo', [path.join(root, 'App', '.dockerignore')]);
    } catch {
      this.skip();
    }
    assert.match(refusal(root), /^The existing \.dockerignore at .*App\/\.dockerignore is not a regular file \(a FIFO, a socket or a device\): it is not merged or replaced/);
  });

  it('a file system without readBytes is held to the same bound', () => {
    const root = tree({ 'App/.dockerignore': large });
    const textOnly: ProjectFileSystem = { readText: nodeFileSystem.readText, exists: nodeFileSystem.exists, isDirectory: nodeFileSystem.isDirectory, list: nodeFileSystem.list };
    assert.match(refusal(root, textOnly), /is larger than 1\.0 MB/);
  });

  it('a named solution that cannot be read says which file, where and why', () => {
    const root = tree({ 'App.slnx': '<?xml version="1.0"?>\n<!DOCTYPE Solution [ <!ENTITY a "aaaa"> ]>\n<Solution>\n  <Project Path="App/App.csproj" />\n</Solution>\n' });
    const plan = planGeneration(path.join(root, 'App.slnx'), { now });
    assert.equal(plan.ok, false);
    if (!plan.ok) assert.match(plan.message, new RegExp(`^${escape(path.join(root, 'App.slnx'))} cannot be read as a solution file \\(line 2, column \\d+\\): .*DOCTYPE`));
  });

  it('a solution above the app that cannot be read becomes a warning of the plan', () => {
    const root = tree({ 'App.sln': `Microsoft Visual Studio Solution File\r\n${'#'.repeat(5 * 1024 * 1024)}\r\n` });
    const plan = planGeneration(path.join(root, 'App', 'App.csproj'), { now });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    assert.ok(plan.warnings.some(w => w.startsWith(`${path.join(root, 'App.sln')}(1,1): the file is 5.0 MB, more than the 4.0 MB`) && w.includes('The solution is skipped')), JSON.stringify(plan.warnings));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import * as assert from 'node:assert/strict';
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

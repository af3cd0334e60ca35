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

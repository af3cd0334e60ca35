import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  checkToolVersion, defaultToolVersions, diagnosticsCacheDir, findToolAssemblyDir, helperBuildArgv, helperDir, helperProject, helperReadyPrefix, helperSource,
  toolInstallArgv, toolInstallDir,
} from '../../../src/core/diagnostics/tools';

describe('diagnostics: the tools, cached per user and per version', () => {
  it('caches in DOTNET_CONTAINERS_DIAGNOSTICS_TOOLS, else the user\'s cache folder of each platform', () => {
    assert.equal(diagnosticsCacheDir({ DOTNET_CONTAINERS_DIAGNOSTICS_TOOLS: '/ci/tools' }, '/home/me', 'linux'), '/ci/tools');
    assert.equal(diagnosticsCacheDir({ DOTNET_CONTAINERS_DIAGNOSTICS_TOOLS: 'relative' }, '/home/me', 'linux'), '/home/me/.cache/dotnet-containers/diagnostics-tools');
    assert.equal(diagnosticsCacheDir({ XDG_CACHE_HOME: '/xdg' }, '/home/me', 'linux'), '/xdg/dotnet-containers/diagnostics-tools');
    assert.equal(diagnosticsCacheDir({}, '/Users/me', 'darwin'), '/Users/me/.cache/dotnet-containers/diagnostics-tools');
    assert.equal(diagnosticsCacheDir({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'C:\\Users\\me', 'win32'), 'C:\\Users\\me\\AppData\\Local\\dotnet-containers\\diagnostics-tools');
    assert.equal(diagnosticsCacheDir({}, 'C:\\Users\\me', 'win32'), 'C:\\Users\\me\\AppData\\Local\\dotnet-containers\\diagnostics-tools');
  });

  it('installs with `dotnet tool install <tool> --version <v> --tool-path <staging>`, one folder per tool and version', () => {
    assert.deepEqual(toolInstallArgv('dotnet-trace', '10.0.750501', '/c/dotnet-trace/.staging-1'), ['tool', 'install', 'dotnet-trace', '--version', '10.0.750501', '--tool-path', '/c/dotnet-trace/.staging-1']);
    assert.equal(toolInstallDir('/c', 'dotnet-dump', defaultToolVersions['dotnet-dump']), path.join('/c', 'dotnet-dump', '10.0.750501'));
    assert.throws(() => toolInstallArgv('dotnet-dump', '10.0.750501', 'relative'), /absolute path/);
    for (const bad of ['*', '10.0', '--add-source=http://evil', '1.0.0 ', '[1.0,2.0)']) assert.throws(() => checkToolVersion(bad), /is not a tool version/, bad);
    assert.equal(checkToolVersion('9.0.0-preview.7.24405.1'), '9.0.0-preview.7.24405.1');
  });

  it('finds <tool>.dll in the tool store, the newest target framework first', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-tools-'));
    try {
      const tools = path.join(root, '.store', 'dotnet-dump', '10.0.750501', 'dotnet-dump', '10.0.750501', 'tools');
      for (const tfm of ['net6.0', 'net8.0', 'net10.0', 'netstandard2.0']) fs.mkdirSync(path.join(tools, tfm, 'any'), { recursive: true });
      assert.equal(findToolAssemblyDir(root, 'dotnet-dump', '10.0.750501'), undefined, 'no dll yet');
      fs.writeFileSync(path.join(tools, 'net6.0', 'any', 'dotnet-dump.dll'), '');
      fs.writeFileSync(path.join(tools, 'net8.0', 'any', 'dotnet-dump.dll'), '');
      assert.equal(findToolAssemblyDir(root, 'dotnet-dump', '10.0.750501'), path.join(tools, 'net8.0', 'any'));
      assert.equal(findToolAssemblyDir(root, 'dotnet-trace', '10.0.750501'), undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('builds a helper for net8.0 with RollForward=Major (it runs where the tools run), keyed by its source', () => {
    assert.match(helperProject, /<TargetFramework>net8\.0<\/TargetFramework>/);
    assert.match(helperProject, /<RollForward>Major<\/RollForward>/);
    assert.match(helperProject, /<InvariantGlobalization>true<\/InvariantGlobalization>/, 'chiseled images without ICU');
    assert.ok(helperSource().includes(`Console.Out.WriteLine("${helperReadyPrefix}" + Environment.ProcessId);`));
    assert.ok(!helperSource().includes('${'), 'no template left');
    assert.match(helperDir('/c'), /^\/c\/helper\/[0-9a-f]{12}$/);
    assert.equal(helperDir('/c'), helperDir('/c'));
    assert.deepEqual(helperBuildArgv('/c/src/h.csproj', '/c/bin'), ['publish', '/c/src/h.csproj', '-c', 'Release', '-o', '/c/bin', '--nologo']);
  });
});

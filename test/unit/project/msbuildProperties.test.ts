import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { evaluateProject } from '../../../src/core/project/evaluateProject';
import { compareWithStatic, getPropertyArgs, keyProperties, overridesFrom, parseGetPropertyOutput } from '../../../src/core/project/msbuildProperties';
import { describeProject, ProjectInfo } from '../../../src/core/project/ProjectInfo';
import { csproj, removeTree, writeTree } from '../../support/fileTree';

const now = new Date('2026-11-23T00:00:00Z');

/** What `dotnet msbuild -getProperty` prints for every key property of a plain net10.0 web app (measured). */
const plainWeb: Record<string, string> = {
  TargetFramework: 'net10.0', TargetFrameworks: '', AssemblyName: 'App', OutputType: 'Exe', PublishAot: '', SelfContained: 'false',
  PublishSelfContained: '', InvariantGlobalization: '', RuntimeIdentifier: '', UseAppHost: 'true',
};

function staticInfo(tree: string, project = 'App/App.csproj'): ProjectInfo {
  const evaluated = evaluateProject(path.join(tree, project));
  assert.ok(evaluated.ok, evaluated.ok ? '' : evaluated.problem.message);
  return describeProject(evaluated.project);
}

describe('msbuildProperties', () => {
  let tree: string;
  afterEach(() => { if (tree) removeTree(tree); });

  it('builds an argv (no shell) with one -getProperty per name and escaped global properties', () => {
    assert.deepEqual(getPropertyArgs('/src/My App/App.csproj', ['TargetFramework', 'AssemblyName'], { Configuration: 'Release', DefineConstants: 'A;B,C%' }), [
      'msbuild', '/src/My App/App.csproj', '-getProperty:TargetFramework', '-getProperty:AssemblyName',
      '-p:Configuration=Release', '-p:DefineConstants=A%3BB%2CC%25',
    ]);
  });

  it('reads the JSON MSBuild prints for several properties, and the bare value for one', () => {
    const json = '{\n  "Properties": {\n    "TargetFramework": "net10.0",\n    "AssemblyName": "App"\n  }\n}\n';
    assert.deepEqual(parseGetPropertyOutput(json, ['TargetFramework', 'AssemblyName', 'OutputType']), { TargetFramework: 'net10.0', AssemblyName: 'App', OutputType: '' });
    assert.deepEqual(parseGetPropertyOutput('Welcome to .NET!\n' + json, ['AssemblyName']), { AssemblyName: 'Welcome to .NET!\n' + json.trimEnd() });
    assert.deepEqual(parseGetPropertyOutput('Welcome to .NET!\n' + json, ['TargetFramework', 'AssemblyName']), { TargetFramework: 'net10.0', AssemblyName: 'App' });
    assert.deepEqual(parseGetPropertyOutput('net10.0\n', ['TargetFramework']), { TargetFramework: 'net10.0' });
    assert.equal(parseGetPropertyOutput('error MSB1009: Project file does not exist.', ['A', 'B']), undefined);
  });

  it('finds no difference where MSBuild only fills in SDK defaults', () => {
    tree = writeTree({ 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) });
    assert.deepEqual(compareWithStatic(staticInfo(tree), plainWeb), []);
  });

  it('finds no difference for a trimmed single-file net10.0 app, which MSBuild makes PublishSelfContained (measured)', () => {
    tree = writeTree({ 'App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', PublishTrimmed: 'true', PublishSingleFile: 'true' }) });
    const info = staticInfo(tree);
    // `dotnet msbuild -getProperty` on this project (SDK 10.0.401): SelfContained false, PublishSelfContained true.
    const measured = { ...plainWeb, UseAppHost: 'true', SelfContained: 'false', PublishSelfContained: 'true', PublishSingleFile: 'true' };
    assert.deepEqual(compareWithStatic(info, measured).filter(d => d.property === 'SelfContained'), []);
  });

  it('takes PublishAot as self-contained on both sides, as MSBuild reports it through PublishSelfContained', () => {
    tree = writeTree({ 'App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', PublishAot: 'true' }) });
    const measured = { ...plainWeb, PublishAot: 'true', PublishSelfContained: 'true', SelfContained: 'false' };
    assert.deepEqual(compareWithStatic(staticInfo(tree), measured), []);
  });

  it('says what MSBuild reads differently, and which differences change the Dockerfile', () => {
    tree = writeTree({ 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', {
      TargetFramework: "$([System.String]::Copy('net10.0'))",
      AssemblyName: "$([System.IO.Path]::GetFileNameWithoutExtension('Front.End.x'))",
    }) });
    const info = staticInfo(tree);
    const differences = compareWithStatic(info, { ...plainWeb, AssemblyName: 'Front.End', InvariantGlobalization: 'true', RuntimeIdentifier: 'linux-x64', UseAppHost: 'false' });
    assert.deepEqual(differences.map(d => d.text), [
      'MSBuild says TargetFramework = net10.0 where the static reading said (nothing)',
      'MSBuild says AssemblyName = Front.End where the static reading said App',
      'MSBuild says InvariantGlobalization = true where the static reading said false',
      'MSBuild says RuntimeIdentifier = linux-x64 where the static reading said (nothing)',
      'MSBuild says UseAppHost = false where the static reading said (the SDK default)',
    ]);
    assert.deepEqual(differences.filter(d => d.changesDockerfile).map(d => d.property), ['TargetFramework', 'AssemblyName', 'InvariantGlobalization']);

    const overrides = overridesFrom(info, differences);
    assert.equal(overrides.assemblyName, 'Front.End');
    assert.deepEqual(overrides.targetFrameworkMonikers, ['net10.0']);
    assert.equal(overrides.targetFrameworks?.[0]?.version, '10.0');
    assert.deepEqual(overrides.runtimeIdentifiers, ['linux-x64']);
    assert.equal(overrides.useAppHost, false);
  });

  it('compares multi-targeting through TargetFrameworks, and re-derives the kind from OutputType', () => {
    tree = writeTree({ 'App/App.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }) });
    const info = staticInfo(tree);
    assert.equal(info.kind, 'library');
    const differences = compareWithStatic(info, { ...plainWeb, TargetFramework: '', TargetFrameworks: 'net8.0;net10.0', OutputType: 'Library', UseAppHost: '' });
    assert.deepEqual(differences.map(d => d.property), ['TargetFramework']);
    assert.match(differences[0]!.text, /TargetFramework = net8\.0;net10\.0 where the static reading said net10\.0/);
    const exe = overridesFrom(info, compareWithStatic(info, { ...plainWeb, UseAppHost: '' }));
    assert.equal(exe.outputType, 'Exe');
    assert.equal(exe.kind, 'console');
  });

  it('asks MSBuild for exactly the key properties the generator depends on', () => {
    for (const name of ['TargetFramework', 'TargetFrameworks', 'AssemblyName', 'OutputType', 'PublishAot', 'SelfContained', 'InvariantGlobalization', 'RuntimeIdentifier', 'UseAppHost', 'PublishSingleFile', 'PublishReadyToRun']) {
      assert.ok(keyProperties.includes(name), name);
    }
  });
});

describe('planGeneration with MSBuild overrides', () => {
  let tree: string;
  afterEach(() => { if (tree) removeTree(tree); });

  it('generates from the overridden facts, and refusals name the project they resolved to', () => {
    tree = writeTree({ 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: "$([System.String]::Copy('net10.0'))" }) });
    const project = path.join(tree, 'App/App.csproj');
    const refused = planGeneration(project, { now });
    assert.equal(refused.ok, false);
    assert.equal(refused.ok ? '' : refused.project, project);

    const info = staticInfo(tree);
    const overrides = overridesFrom(info, compareWithStatic(info, { ...plainWeb, AssemblyName: 'Front.End' }));
    const plan = planGeneration(project, { now, appOverrides: overrides });
    assert.ok(plan.ok, plan.ok ? '' : plan.message);
    assert.equal(plan.app.file, project);
    assert.equal(plan.generated.targetFramework, 'net10.0');
    assert.match(plan.dockerfile.content, /^ENTRYPOINT \["dotnet", "Front\.End\.dll"\]$/m);
  });
});

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { evaluateProject } from '../../../src/core/project/evaluateProject';
import { describeProject } from '../../../src/core/project/ProjectInfo';
import { csproj, removeTree, writeTree } from '../../support/fileTree';

function read(root: string, file: string, globalProperties?: Record<string, string>) {
  const result = evaluateProject(path.join(root, file), globalProperties ? { globalProperties } : {});
  if (!result.ok) throw new Error(`${result.problem.message} at ${result.problem.line}:${result.problem.column}`);
  return { evaluated: result.project, info: describeProject(result.project) };
}

describe('static project evaluation', () => {
  const roots: string[] = [];
  const tree = (files: Record<string, string>) => { const root = writeTree(files); roots.push(root); return root; };
  after(() => roots.forEach(removeTree));

  it('reads a web app: kind, executable, assembly name from the file name', () => {
    const root = tree({ 'Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) });
    const { info } = read(root, 'Web/Web.csproj');
    assert.equal(info.kind, 'web');
    assert.equal(info.outputType, 'Exe');
    assert.equal(info.assemblyName, 'Web');
    assert.deepEqual(info.targetFrameworkMonikers, ['net10.0']);
    assert.equal(info.targetFrameworks[0]?.version, '10.0');
  });

  it('expands properties in file order and honours an AssemblyName override', () => {
    const root = tree({ 'App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', Major: '10', TargetFramework: 'net$(Major).0', AssemblyName: '$(MSBuildProjectName).Service' }) });
    const { info } = read(root, 'App/App.csproj');
    assert.deepEqual(info.targetFrameworkMonikers, ['net10.0']);
    assert.equal(info.assemblyName, 'App.Service');
    assert.equal(info.kind, 'console');
  });

  it('takes TargetFramework from Directory.Build.props found upward, and lets the project override it', () => {
    const root = tree({
      'Directory.Build.props': '<Project><PropertyGroup><TargetFramework>net9.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup></Project>',
      'src/A/A.csproj': csproj('Microsoft.NET.Sdk.Worker', {}),
      'src/B/B.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0' }),
    });
    assert.deepEqual(read(root, 'src/A/A.csproj').info.targetFrameworkMonikers, ['net9.0']);
    assert.equal(read(root, 'src/A/A.csproj').info.kind, 'worker');
    assert.deepEqual(read(root, 'src/B/B.csproj').info.targetFrameworkMonikers, ['net10.0']);
    assert.equal(read(root, 'src/A/A.csproj').evaluated.importedFiles.length, 2);
  });

  it('follows a nested Directory.Build.props that imports its parent explicitly', () => {
    const root = tree({
      'Directory.Build.props': '<Project><PropertyGroup><InvariantGlobalization>true</InvariantGlobalization><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>',
      'src/Directory.Build.props': `<Project><Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" /><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>`,
      'src/App/App.csproj': csproj('Microsoft.NET.Sdk.Web', {}),
    });
    const { info } = read(root, 'src/App/App.csproj');
    assert.equal(info.invariantGlobalization, true);
    assert.deepEqual(info.targetFrameworkMonikers, ['net10.0']);
  });

  it('evaluates simple Configuration and TFM conditions, and reports the ones it cannot', () => {
    const root = tree({
      'App/App.csproj': `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFrameworks>net8.0;net10.0</TargetFrameworks></PropertyGroup>
  <PropertyGroup Condition="'$(Configuration)' == 'Release'"><PublishTrimmed>true</PublishTrimmed></PropertyGroup>
  <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|AnyCPU' "><DebugMarker>yes</DebugMarker></PropertyGroup>
  <PropertyGroup Condition="$([MSBuild]::IsTargetFrameworkCompatible('$(TargetFramework)', 'net8.0'))"><Modern>true</Modern></PropertyGroup>
  <PropertyGroup Condition="$([System.OperatingSystem]::IsWindows())"><WindowsOnly>true</WindowsOnly></PropertyGroup>
</Project>`,
    });
    const debug = read(root, 'App/App.csproj');
    assert.equal(debug.info.publishTrimmed, false);
    assert.equal(debug.evaluated.properties.get('DebugMarker'), 'yes');
    assert.equal(debug.evaluated.properties.get('WindowsOnly'), undefined);
    assert.ok(debug.evaluated.notEvaluated.some(n => n.what.includes('IsWindows')));
    const release = read(root, 'App/App.csproj', { Configuration: 'Release' });
    assert.equal(release.info.publishTrimmed, true);
    assert.equal(release.evaluated.properties.get('DebugMarker'), undefined);
    assert.deepEqual(release.info.targetFrameworkMonikers, ['net8.0', 'net10.0']);
  });

  it('reads AOT, self-contained, RIDs, UseAppHost, container properties and ports', () => {
    const root = tree({
      'Api/Api.csproj': csproj('Microsoft.NET.Sdk.Web', {
        TargetFramework: 'net10.0', PublishAot: 'true', RuntimeIdentifiers: 'linux-x64;linux-musl-x64', UseAppHost: 'false',
        ContainerRepository: 'team/api', ContainerImageTags: '1.2.3;latest', ContainerFamily: 'noble-chiseled', Version: '1.2.3',
      }, '  <ItemGroup><ContainerPort Include="8081" Type="tcp" /><ContainerPort Include="5000" /></ItemGroup>\n'),
    });
    const { info } = read(root, 'Api/Api.csproj');
    assert.equal(info.publishAot, true);
    assert.equal(info.selfContained, true);
    assert.deepEqual(info.runtimeIdentifiers, ['linux-x64', 'linux-musl-x64']);
    assert.equal(info.useAppHost, false);
    assert.equal(info.version, '1.2.3');
    assert.deepEqual(info.container, { family: 'noble-chiseled', repository: 'team/api', imageTags: ['1.2.3', 'latest'], ports: [{ port: 8081, type: 'tcp' }, { port: 5000, type: 'tcp' }] });
  });

  it('resolves backslash ProjectReference paths against the project and finds linked files outside it', () => {
    const root = tree({
      'Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' },
        '  <ItemGroup>\n    <ProjectReference Include="..\\Lib\\Lib.csproj" />\n    <Protobuf Include="..\\Service\\Protos\\greet.proto" GrpcServices="Client" Link="Protos\\greet.proto" />\n    <PackageReference Include="Grpc.Net.ClientFactory" Version="2.71.0" />\n  </ItemGroup>\n'),
    });
    const { info } = read(root, 'Web/Web.csproj');
    assert.deepEqual(info.projectReferences, [path.join(root, 'Lib', 'Lib.csproj')]);
    assert.deepEqual(info.externalFiles, [path.join(root, 'Service', 'Protos', 'greet.proto')]);
    assert.equal(info.grpcServer, false);
  });

  it('recognises a gRPC server and an ASP.NET Core framework reference in a console SDK project', () => {
    const root = tree({
      'Svc/Svc.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0' },
        '  <ItemGroup><FrameworkReference Include="Microsoft.AspNetCore.App" /><PackageReference Include="Grpc.AspNetCore" Version="2.71.0" /><Protobuf Include="Protos\\a.proto" GrpcServices="Server" /></ItemGroup>\n'),
    });
    const { info } = read(root, 'Svc/Svc.csproj');
    assert.equal(info.kind, 'web');
    assert.equal(info.grpcServer, true);
  });

  it('sees net48 and netstandard for what they are', () => {
    const root = tree({
      'Old/Old.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net48' }),
      'Lib/Lib.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'netstandard2.0' }),
    });
    assert.equal(read(root, 'Old/Old.csproj').info.targetFrameworks[0]?.identifier, '.NETFramework');
    const lib = read(root, 'Lib/Lib.csproj').info;
    assert.equal(lib.kind, 'library');
    assert.equal(lib.targetFrameworks[0]?.identifier, '.NETStandard');
  });

  it('names file, line and column for malformed XML', () => {
    const root = tree({ 'Bad/Bad.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFrameworks>\n  </PropertyGroup>\n</Project>' });
    const result = evaluateProject(path.join(root, 'Bad/Bad.csproj'));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.problem.file, path.join(root, 'Bad/Bad.csproj'));
    assert.equal(result.problem.line, 3);
    assert.match(result.problem.message, /TargetFramework/);
  });

  it('reports a malformed Directory.Build.props as not evaluated instead of failing the project', () => {
    const root = tree({ 'Directory.Build.props': '<Project><PropertyGroup>', 'A/A.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }) });
    const { evaluated } = read(root, 'A/A.csproj');
    assert.ok(evaluated.notEvaluated.some(n => n.file.endsWith('Directory.Build.props') && /not well-formed/.test(n.what)));
  });
});

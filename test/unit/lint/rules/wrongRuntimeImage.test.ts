import * as assert from 'node:assert/strict';
import { wrongRuntimeImage } from '../../../../src/core/lint/rules/wrongRuntimeImage';
import { csproj } from '../../../support/fileTree';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const mcr = 'mcr.microsoft.com/dotnet';
const web = { 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) };
const tool = { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0' }) };
const worker = { 'App.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }) };
const selfContained = { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', SelfContained: 'true' }) };
const aot = { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', PublishAot: 'true' }) };
const library = { 'App.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }) };
const exe = (tfm: string, properties: Record<string, string> = {}) => ({ 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: tfm, ...properties }) });
/** Trimmed and single-file in the project, published for the target arch: self-contained by MSBuild's rules since .NET 8. */
const trimmedSingleFile = exe('net10.0', { PublishSingleFile: 'true', PublishTrimmed: 'true', InvariantGlobalization: 'true' });
const aspNetCoreReference = '  <ItemGroup><FrameworkReference Include="Microsoft.AspNetCore.App" /></ItemGroup>\n';
/** A worker whose own FrameworkReference brings ASP.NET Core (health endpoints, SignalR client…). */
const workerWithAspNetCore = { 'App.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }, aspNetCoreReference) };
/** A worker that gets ASP.NET Core only through the library it references. */
const workerThroughLibrary = {
  'App.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="Lib/Lib.csproj" /></ItemGroup>\n'),
  'Lib/Lib.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }, aspNetCoreReference),
};

/** The shape of a cross-built self-contained app: sdk on the build platform, `-a $TARGETARCH`, the apphost on runtime-deps. */
function crossBuilt(final: string, publish = '-a $TARGETARCH', entrypoint = '["./App"]', sdk = `${mcr}/sdk:10.0`): string {
  return `FROM --platform=$BUILDPLATFORM ${sdk} AS build
ARG TARGETARCH
WORKDIR /source
COPY *.csproj .
RUN dotnet restore -a $TARGETARCH
COPY . .
RUN dotnet publish ${publish} -o /app

FROM ${final}
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
ENTRYPOINT ${entrypoint}
`;
}

/** A two-stage Dockerfile; the final FROM is on line 8, its image at column 6. */
function dockerfile(final: string, entrypoint = '["dotnet", "App.dll"]', publish = '-p:UseAppHost=false'): string {
  return `FROM ${mcr}/sdk:10.0 AS build
WORKDIR /src
COPY App.csproj .
RUN dotnet restore App.csproj
COPY . .
RUN dotnet publish App.csproj -c Release ${publish} -o /app

FROM ${final} AS final
WORKDIR /app
COPY --from=build /app .
ENTRYPOINT ${entrypoint}
`;
}

/** The expected range of an image written at column 6 of a line. */
const at = (line: number, image: string, column = 6) => `${line}:${column}-${line}:${column + image.length}`;

describe('rule dotnet/wrong-runtime-image', function () {
  ruleTable(wrongRuntimeImage, [
    { name: 'a web app on runtime cannot find ASP.NET Core', files: web, dockerfile: dockerfile(`${mcr}/runtime:10.0`), expect: [at(8, `${mcr}/runtime:10.0`)], message: ['Microsoft.AspNetCore.App', 'use aspnet'] },
    { name: 'a web app on runtime-deps has no dotnet', files: web, dockerfile: dockerfile(`${mcr}/runtime-deps:10.0`), expect: [at(8, `${mcr}/runtime-deps:10.0`)], message: ['no dotnet host', 'use aspnet'] },
    { name: 'a console app on runtime-deps has no runtime', files: tool, dockerfile: dockerfile(`${mcr}/runtime-deps:10.0-alpine`), expect: [at(8, `${mcr}/runtime-deps:10.0-alpine`)], message: ['use runtime'] },
    { name: 'a console app on aspnet carries ASP.NET Core for nothing', files: tool, dockerfile: dockerfile(`${mcr}/aspnet:10.0`), expect: [at(8, `${mcr}/aspnet:10.0`)], message: ['runtime is smaller'] },
    { name: 'a worker on aspnet', files: worker, dockerfile: dockerfile(`${mcr}/aspnet:10.0-noble-chiseled-composite`), expect: [at(8, `${mcr}/aspnet:10.0-noble-chiseled-composite`)], message: ['worker app'] },
    { name: 'a self-contained app on aspnet', files: selfContained, dockerfile: dockerfile(`${mcr}/aspnet:10.0`, '["./App"]', ''), expect: [at(8, `${mcr}/aspnet:10.0`)], message: ['self-contained', 'runtime-deps'] },
    { name: 'a Native AOT app on chiseled runtime', files: aot, dockerfile: dockerfile(`${mcr}/runtime:10.0-noble-chiseled`, '["./App"]', ''), expect: [at(8, `${mcr}/runtime:10.0-noble-chiseled`)] },
    { name: 'self-contained from the publish command, no project', dockerfile: dockerfile(`${mcr}/runtime:10.0`, '["./App"]', '--self-contained true -r linux-x64'), expect: [at(8, `${mcr}/runtime:10.0`)] },
    { name: 'PublishAot on the command line, no project', dockerfile: dockerfile(`${mcr}/aspnet:10.0`, '["./App"]', '/p:PublishAot=true'), expect: [at(8, `${mcr}/aspnet:10.0`)] },
    { name: 'no project: dotnet on runtime-deps', dockerfile: dockerfile(`${mcr}/runtime-deps:10.0`), expect: [at(8, `${mcr}/runtime-deps:10.0`)], message: ['use aspnet or runtime'] },
    { name: 'no project: shell-form exec dotnet on runtime-deps', dockerfile: dockerfile(`${mcr}/runtime-deps:10.0`, 'exec /usr/bin/dotnet App.dll'), expect: [at(8, `${mcr}/runtime-deps:10.0`)] },
    { name: 'no project: CMD names the dll after ENTRYPOINT dotnet', dockerfile: dockerfile(`${mcr}/runtime-deps:10.0`, '["dotnet"]\nCMD ["App.dll"]'), expect: [at(8, `${mcr}/runtime-deps:10.0`)] },
    { name: 'a .NET 8 web app on runtime', files: { 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net8.0' }) }, dockerfile: dockerfile(`${mcr}/runtime:8.0-bookworm-slim`), expect: [at(8, `${mcr}/runtime:8.0-bookworm-slim`)] },
    {
      name: 'the image named in a base stage (FROM base AS final)',
      files: web,
      dockerfile: `FROM ${mcr}/runtime:10.0 AS base\nWORKDIR /app\nFROM ${mcr}/sdk:10.0 AS build\nCOPY App.csproj .\nRUN dotnet publish App.csproj -o /app\nFROM base AS final\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "App.dll"]\n`,
      expect: [at(1, `${mcr}/runtime:10.0`)],
    },
    {
      name: 'a global ARG supplies the tag',
      files: web,
      dockerfile: `ARG TAG=10.0\n${dockerfile(`${mcr}/runtime:\${TAG}`)}`,
      expect: [at(9, `${mcr}/runtime:\${TAG}`)],
    },
    { name: 'the --platform flag before the image', files: web, dockerfile: dockerfile(`--platform=linux/arm64 ${mcr}/runtime:10.0`), expect: [at(8, `${mcr}/runtime:10.0`, 29)] },
    { name: 'pinned by digest', files: tool, dockerfile: dockerfile(`${mcr}/runtime-deps:10.0@sha256:${'a'.repeat(64)}`), expect: [at(8, `${mcr}/runtime-deps:10.0@sha256:${'a'.repeat(64)}`)] },
    // MSBuild's self-contained rules: a RID alone no longer makes a .NET 8+ app self-contained, ReadyToRun neither.
    { name: 'net10.0 published with -r alone is framework-dependent: runtime-deps cannot start it', files: tool, dockerfile: crossBuilt(`${mcr}/runtime-deps:10.0`, '-r linux-x64'), expect: [at(9, `${mcr}/runtime-deps:10.0`)], message: ['framework-dependent'] },
    { name: 'ReadyToRun with a RID on net10.0 is framework-dependent', files: exe('net10.0', { PublishReadyToRun: 'true' }), dockerfile: crossBuilt(`${mcr}/runtime-deps:10.0`), expect: [at(9, `${mcr}/runtime-deps:10.0`)] },
    { name: 'a trimmed single-file app on runtime brings its own runtime', files: trimmedSingleFile, dockerfile: crossBuilt(`${mcr}/runtime:10.0`), expect: [at(9, `${mcr}/runtime:10.0`)], message: ['self-contained', 'runtime-deps'] },
    // ASP.NET Core needed by a worker: aspnet, not runtime.
    { name: 'a worker with a FrameworkReference to ASP.NET Core on runtime', files: workerWithAspNetCore, dockerfile: dockerfile(`${mcr}/runtime:10.0`), expect: [at(8, `${mcr}/runtime:10.0`)], message: ['Microsoft.AspNetCore.App', 'use aspnet'] },
    { name: 'a worker that gets ASP.NET Core through a library, on runtime', files: workerThroughLibrary, dockerfile: dockerfile(`${mcr}/runtime:10.0`), expect: [at(8, `${mcr}/runtime:10.0`)], message: ['worker app', 'Lib.csproj', 'use aspnet'] },
    { name: 'a worker that gets ASP.NET Core through a library, on runtime-deps', files: workerThroughLibrary, dockerfile: dockerfile(`${mcr}/runtime-deps:10.0`), expect: [at(8, `${mcr}/runtime-deps:10.0`)], message: ['Lib.csproj', 'use aspnet,'] },
    // Silent cases.
    { name: 'a worker that gets ASP.NET Core through a library, on aspnet: not told to use runtime', files: workerThroughLibrary, dockerfile: dockerfile(`${mcr}/aspnet:10.0`), expect: [] },
    { name: 'a worker with its own FrameworkReference to ASP.NET Core, on aspnet', files: workerWithAspNetCore, dockerfile: dockerfile(`${mcr}/aspnet:10.0`), expect: [] },
    { name: 'a trimmed single-file app cross-built with -a, on runtime-deps (the globalapp shape)', files: trimmedSingleFile, dockerfile: crossBuilt(`${mcr}/runtime-deps:10.0`), expect: [] },
    { name: 'the same on Alpine with ICU', files: trimmedSingleFile, dockerfile: crossBuilt(`${mcr}/runtime-deps:10.0-alpine-extra`, '-a $TARGETARCH', '["./App"]', `${mcr}/sdk:10.0-alpine`), expect: [] },
    { name: 'single-file and -r on the command line', files: tool, dockerfile: crossBuilt(`${mcr}/runtime-deps:10.0`, '-r linux-x64 -p:PublishSingleFile=true'), expect: [] },
    { name: 'trimming on the command line, no RID (the SDK infers one)', files: tool, dockerfile: crossBuilt(`${mcr}/runtime-deps:10.0`, '-p:PublishTrimmed=true'), expect: [] },
    { name: 'a net7.0 app published with -r by the 7.0 SDK is self-contained', files: exe('net7.0'), dockerfile: crossBuilt(`${mcr}/runtime-deps:7.0`, '-r linux-x64', '["./App"]', `${mcr}/sdk:7.0`), expect: [] },
    { name: 'the project\'s RuntimeIdentifier on net6.0', files: exe('net6.0', { RuntimeIdentifier: 'linux-x64' }), dockerfile: crossBuilt(`${mcr}/runtime-deps:6.0`, '', '["./App"]', `${mcr}/sdk:6.0`), expect: [] },
    { name: 'a base image on runtime-deps beside a console project: no app in it', files: tool, dockerfile: `FROM ${mcr}/runtime-deps:10.0\nRUN apt-get update && apt-get install -y libkrb5-3\n`, expect: [] },
    { name: 'a web app on aspnet', files: web, dockerfile: dockerfile(`${mcr}/aspnet:10.0`), expect: [] },
    { name: 'a console app on runtime', files: tool, dockerfile: dockerfile(`${mcr}/runtime:10.0`), expect: [] },
    { name: 'a self-contained app on runtime-deps', files: selfContained, dockerfile: dockerfile(`${mcr}/runtime-deps:10.0`, '["./App"]', ''), expect: [] },
    { name: 'a self-contained app still run through dotnet', files: selfContained, dockerfile: dockerfile(`${mcr}/aspnet:10.0`), expect: [] },
    { name: '--self-contained false overrides the project', files: selfContained, dockerfile: dockerfile(`${mcr}/runtime:10.0`, '["./App"]', '--self-contained false'), expect: [] },
    { name: 'no project: dotnet on runtime', dockerfile: dockerfile(`${mcr}/runtime:10.0`), expect: [] },
    { name: 'no project: an apphost on runtime-deps', dockerfile: dockerfile(`${mcr}/runtime-deps:10.0`, '["./App"]', ''), expect: [] },
    { name: 'a library project says nothing', files: library, dockerfile: dockerfile(`${mcr}/runtime-deps:10.0`), expect: [] },
    { name: 'an unresolved variable says nothing', files: web, dockerfile: dockerfile(`${mcr}/runtime:\${TAG}`), expect: [] },
    { name: 'a non-.NET final image says nothing', files: web, dockerfile: dockerfile('ubuntu:24.04'), expect: [] },
    { name: 'an sdk final stage is another rule\'s business', files: web, dockerfile: dockerfile(`${mcr}/sdk:10.0`), expect: [] },
  ]);

  fixTable(wrongRuntimeImage, [
    { name: 'web app: runtime → aspnet', files: web, dockerfile: dockerfile(`${mcr}/runtime:10.0`), fix: 'Use aspnet:10.0', expected: dockerfile(`${mcr}/aspnet:10.0`) },
    { name: 'web app: runtime-deps chiseled → aspnet chiseled', files: web, dockerfile: dockerfile(`${mcr}/runtime-deps:10.0-noble-chiseled-extra`), fix: 'Use aspnet:10.0-noble-chiseled-extra', expected: dockerfile(`${mcr}/aspnet:10.0-noble-chiseled-extra`) },
    { name: 'console app: aspnet composite → runtime without composite', files: tool, dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine3.24-composite-extra`), fix: 'Use runtime:10.0-alpine3.24-extra', expected: dockerfile(`${mcr}/runtime:10.0-alpine3.24-extra`) },
    { name: 'self-contained: aspnet → runtime-deps, arch kept', files: selfContained, dockerfile: dockerfile(`${mcr}/aspnet:10.0.1-noble-amd64`, '["./App"]', ''), fix: 'Use runtime-deps:10.0.1-noble-amd64', expected: dockerfile(`${mcr}/runtime-deps:10.0.1-noble-amd64`, '["./App"]', '') },
    { name: 'no project: runtime-deps → runtime', dockerfile: dockerfile(`${mcr}/runtime-deps:10.0`), fix: 'Use runtime:10.0', expected: dockerfile(`${mcr}/runtime:10.0`) },
    { name: 'a digest of the old repo is dropped', files: tool, dockerfile: dockerfile(`${mcr}/runtime-deps:10.0@sha256:${'a'.repeat(64)}`), fix: 'Use runtime:10.0', expected: dockerfile(`${mcr}/runtime:10.0`) },
    {
      name: 'the base stage is fixed',
      files: web,
      dockerfile: `FROM ${mcr}/runtime:10.0 AS base\nFROM ${mcr}/sdk:10.0 AS build\nCOPY App.csproj .\nRUN dotnet publish App.csproj -o /app\nFROM base AS final\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "App.dll"]\n`,
      fix: 'Use aspnet:10.0',
      expected: `FROM ${mcr}/aspnet:10.0 AS base\nFROM ${mcr}/sdk:10.0 AS build\nCOPY App.csproj .\nRUN dotnet publish App.csproj -o /app\nFROM base AS final\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "App.dll"]\n`,
    },
    {
      name: 'CRLF file',
      files: web,
      dockerfile: dockerfile(`${mcr}/runtime:10.0`).replace(/\n/g, '\r\n'),
      fix: 'Use aspnet:10.0',
      expected: dockerfile(`${mcr}/aspnet:10.0`).replace(/\n/g, '\r\n'),
    },
  ]);

  describe('severity', function () {
    const severityOf = (files: Record<string, string> | undefined, text: string) => lintCase(wrongRuntimeImage, text, files).findings.map(f => f.severity);
    it('cannot start: error', function () {
      assert.deepEqual(severityOf(web, dockerfile(`${mcr}/runtime:10.0`)), ['error']);
      assert.deepEqual(severityOf(undefined, dockerfile(`${mcr}/runtime-deps:10.0`)), ['error']);
    });
    it('bigger than needed: info or warning', function () {
      assert.deepEqual(severityOf(tool, dockerfile(`${mcr}/aspnet:10.0`)), ['info']);
      assert.deepEqual(severityOf(selfContained, dockerfile(`${mcr}/aspnet:10.0`, '["./App"]', '')), ['warning']);
    });
    it('a user setting for the rule wins over the finding\'s own severity', function () {
      const { findings } = lintCase(wrongRuntimeImage, dockerfile(`${mcr}/runtime-deps:10.0`), undefined, 'Dockerfile', { severities: { 'dotnet/wrong-runtime-image': 'hint' } });
      assert.deepEqual(findings.map(f => f.severity), ['hint']);
    });
  });
});

import * as assert from 'node:assert/strict';
import { globalization } from '../../../../src/core/lint/rules/globalization';
import { csproj } from '../../../support/fileTree';
import { dotnetDockerfile } from '../../../support/dotnetDockerfile';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const mcr = 'mcr.microsoft.com/dotnet';
const web = (properties: Record<string, string> = {}, extra = '') => ({ 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', ...properties }, extra) });
const aot = { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', PublishAot: 'true' }) };
const sqlClient = web({}, '  <ItemGroup><PackageReference Include="Microsoft.Data.SqlClient" Version="6.1.0" /></ItemGroup>\n');
const acceptInvariant = 'Run without culture data (the app loses culture-specific formatting and sorting): set DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true';

const dockerfile = (final: string, settings = 'EXPOSE 8080', publish = '') => dotnetDockerfile(settings, final, { publish });

const at = (line: number, image: string, column = 6) => `${line}:${column}-${line}:${column + image.length}`;

describe('rule dotnet/globalization', function () {
  ruleTable(globalization, [
    { name: 'Alpine aspnet without -extra', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`), expect: [at(6, `${mcr}/aspnet:10.0-alpine`)], message: ['no ICU', 'App runs globalization-invariant', '-extra'] },
    { name: 'chiseled aspnet', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-noble-chiseled`), expect: [at(6, `${mcr}/aspnet:10.0-noble-chiseled`)] },
    { name: 'chiseled composite aspnet', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-noble-chiseled-composite`), expect: [at(6, `${mcr}/aspnet:10.0-noble-chiseled-composite`)] },
    { name: 'distroless runtime-deps for a Native AOT app', files: aot, dockerfile: dockerfile(`${mcr}/runtime-deps:10.0-azurelinux3.0-distroless`), expect: [at(6, `${mcr}/runtime-deps:10.0-azurelinux3.0-distroless`)] },
    { name: 'no project: the Dockerfile alone', dockerfile: dockerfile(`${mcr}/runtime:10.0-alpine3.24`), expect: [at(6, `${mcr}/runtime:10.0-alpine3.24`)], message: ['the app runs'] },
    { name: 'invariant mode turned off on an image without ICU', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`, 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false'), expect: [at(6, `${mcr}/aspnet:10.0-alpine`)], message: ['stops at start'] },
    {
      name: 'the image named in a base stage',
      files: web(),
      dockerfile: `FROM ${mcr}/aspnet:10.0-alpine AS base\nFROM ${mcr}/sdk:10.0-alpine AS build\nRUN dotnet publish App.csproj -o /app\nFROM base AS final\nCOPY --from=build /app .\n`,
      expect: [at(1, `${mcr}/aspnet:10.0-alpine`)],
    },
    { name: 'a global ARG supplies the variant', files: web(), dockerfile: `ARG VARIANT=noble-chiseled\n${dockerfile(`${mcr}/aspnet:10.0-\${VARIANT}`)}`, expect: [at(7, `${mcr}/aspnet:10.0-\${VARIANT}`)] },
    { name: 'the --platform flag before the image', files: web(), dockerfile: dockerfile(`--platform=linux/arm64 ${mcr}/aspnet:10.0-alpine`), expect: [at(6, `${mcr}/aspnet:10.0-alpine`, 29)] },
    { name: 'pinned by digest', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine@sha256:${'c'.repeat(64)}`), expect: [at(6, `${mcr}/aspnet:10.0-alpine@sha256:${'c'.repeat(64)}`)] },
    { name: 'an Alpine image that starts a script with sh', dockerfile: `FROM ${mcr}/aspnet:10.0-alpine\nCMD ["/bin/sh", "-c", "dotnet /app/App.dll"]\n`, expect: [at(1, `${mcr}/aspnet:10.0-alpine`)] },
    { name: 'what a stage downloaded, copied to /app', dockerfile: `FROM alpine:3.22 AS fetch\nRUN wget -O- https://example.invalid/app.tar.gz | tar -xz -C /out\nFROM ${mcr}/aspnet:10.0-alpine\nCOPY --from=fetch /out /app\n`, expect: [at(3, `${mcr}/aspnet:10.0-alpine`)] },
    // Silent cases.
    { name: 'a base image on Alpine that only adds packages', files: web(), dockerfile: `FROM ${mcr}/aspnet:10.0-alpine\nRUN apk add --no-cache tzdata\n`, expect: [] },
    { name: 'the Alpine runtime image\'s Dockerfile: .NET copied from its installer stage', files: web(), dockerfile: `FROM alpine:3.22 AS installer\nRUN mkdir -p /dotnet\nFROM ${mcr}/runtime-deps:10.0-alpine3.22\nCOPY --from=installer ["/dotnet", "/usr/share/dotnet"]\nRUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet\n`, expect: [] },
    { name: 'a CI build environment on Alpine that starts sh', dockerfile: `FROM ${mcr}/aspnet:10.0-alpine\nRUN apk add --no-cache git\nCMD ["/bin/sh"]\n`, expect: [] },
    { name: 'a devcontainer on a chiseled image kept running', dockerfile: `FROM ${mcr}/aspnet:10.0-noble-chiseled\nENTRYPOINT ["sleep", "infinity"]\n`, expect: [] },
    { name: 'a chiseled base image that only sets variables', dockerfile: `FROM ${mcr}/runtime-deps:10.0-noble-chiseled\nENV TZ=Etc/UTC\n`, expect: [] },
    { name: 'the project declares InvariantGlobalization', files: web({ InvariantGlobalization: 'true' }), dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`), expect: [] },
    { name: 'the publish command sets InvariantGlobalization', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`, 'EXPOSE 8080', '-p:InvariantGlobalization=true'), expect: [] },
    { name: 'the Dockerfile accepts invariant mode', dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`, 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1'), expect: [] },
    { name: 'ICU installed in the final stage', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`, 'RUN apk add --no-cache icu-libs icu-data-full'), expect: [] },
    { name: 'Alpine -extra', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine-extra`), expect: [] },
    { name: 'chiseled -extra', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-noble-chiseled-extra`), expect: [] },
    { name: 'the default Ubuntu image has ICU', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0`), expect: [] },
    { name: 'Azure Linux (not distroless) has ICU', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-azurelinux3.0`), expect: [] },
    { name: 'an Alpine SDK has ICU', files: web(), dockerfile: dockerfile(`${mcr}/sdk:10.0-alpine`), expect: [] },
    { name: 'a library project', files: { 'App.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }) }, dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`), expect: [] },
    { name: 'an unresolved variable', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-\${VARIANT}`), expect: [] },
    { name: 'a non-.NET image', files: web(), dockerfile: dockerfile('alpine:3.22'), expect: [] },
  ]);

  fixTable(globalization, [
    { name: 'Alpine → Alpine -extra', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`), fix: 'Use aspnet:10.0-alpine-extra (adds ICU and tzdata)', expected: dockerfile(`${mcr}/aspnet:10.0-alpine-extra`) },
    { name: 'chiseled composite keeps composite', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-noble-chiseled-composite`), fix: 'Use aspnet:10.0-noble-chiseled-composite-extra (adds ICU and tzdata)', expected: dockerfile(`${mcr}/aspnet:10.0-noble-chiseled-composite-extra`) },
    { name: 'distroless runtime-deps, arch kept', files: aot, dockerfile: dockerfile(`${mcr}/runtime-deps:10.0-azurelinux3.0-distroless-arm64v8`), fix: 'Use runtime-deps:10.0-azurelinux3.0-distroless-extra-arm64v8 (adds ICU and tzdata)', expected: dockerfile(`${mcr}/runtime-deps:10.0-azurelinux3.0-distroless-extra-arm64v8`) },
    { name: 'turned-off invariant mode: -extra', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`, 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false'), fix: 'Use aspnet:10.0-alpine-extra (adds ICU and tzdata)', expected: dockerfile(`${mcr}/aspnet:10.0-alpine-extra`, 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false') },
    {
      name: 'the base stage is retagged',
      files: web(),
      dockerfile: `FROM ${mcr}/aspnet:10.0-noble-chiseled AS base\nFROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish App.csproj -o /app\nFROM base AS final\nCOPY --from=build /app .\n`,
      fix: 'Use aspnet:10.0-noble-chiseled-extra (adds ICU and tzdata)',
      expected: `FROM ${mcr}/aspnet:10.0-noble-chiseled-extra AS base\nFROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish App.csproj -o /app\nFROM base AS final\nCOPY --from=build /app .\n`,
    },
    { name: 'accept invariant mode', files: web(), dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`), fix: acceptInvariant, expected: dockerfile(`${mcr}/aspnet:10.0-alpine`).replace('AS final\n', 'AS final\nENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true\n') },
    {
      name: 'accept invariant mode in a CRLF file',
      files: web(),
      dockerfile: dockerfile(`${mcr}/aspnet:10.0-alpine`).replace(/\n/g, '\r\n'),
      fix: acceptInvariant,
      expected: dockerfile(`${mcr}/aspnet:10.0-alpine`).replace('AS final\n', 'AS final\nENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true\n').replace(/\n/g, '\r\n'),
    },
    {
      name: 'accept invariant mode, FROM is the last line',
      dockerfile: `FROM ${mcr}/runtime-deps:10.0-noble-chiseled AS base\nENTRYPOINT ["./App"]\nFROM base`,
      fix: acceptInvariant,
      expected: `FROM ${mcr}/runtime-deps:10.0-noble-chiseled AS base\nENTRYPOINT ["./App"]\nFROM base\nENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true`,
    },
  ]);

  describe('fixes offered', function () {
    const titles = (files: Record<string, string> | undefined, text: string) => lintCase(globalization, text, files).findings.flatMap(f => f.fixes.map(fix => fix.title));
    it('no "accept invariant mode" for an app that uses SqlClient, which needs culture data', function () {
      assert.deepEqual(titles(sqlClient, dockerfile(`${mcr}/aspnet:10.0-alpine`)), ['Use aspnet:10.0-alpine-extra (adds ICU and tzdata)']);
    });
    it('no "accept invariant mode" when the Dockerfile asked for ICU', function () {
      assert.deepEqual(titles(web(), dockerfile(`${mcr}/aspnet:10.0-alpine`, 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false')), ['Use aspnet:10.0-alpine-extra (adds ICU and tzdata)']);
    });
    it('a start failure is an error, a silent invariant mode a warning', function () {
      assert.deepEqual(lintCase(globalization, dockerfile(`${mcr}/aspnet:10.0-alpine`, 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false'), web()).findings.map(f => f.severity), ['error']);
      assert.deepEqual(lintCase(globalization, dockerfile(`${mcr}/aspnet:10.0-alpine`), web()).findings.map(f => f.severity), ['warning']);
    });
  });
});

import { versionMismatch } from '../../../../src/core/lint/rules/versionMismatch';
import { digest, mcr, twoStages, webProject } from '../../../support/dotnetDockerfiles';
import { csproj } from '../../../support/fileTree';
import * as assert from 'node:assert/strict';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const web = webProject;

describe('rule dotnet/version-mismatch', function () {
  ruleTable(versionMismatch, [
    // dotnet/publish-framework says to add -f net9.0, the final image's: the 10.0 SDK building it is fine.
    {
      name: 'a project targeting net9.0 and net10.0, published without -f for a 9.0 runtime: the one to choose fits',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:9.0`),
      files: { 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFrameworks: 'net9.0;net10.0' }) },
      expect: [],
    },
    {
      name: 'an 8.0 SDK building for a 10.0 runtime: the SDK moves',
      dockerfile: twoStages(`${mcr}/sdk:8.0`, `${mcr}/aspnet:10.0`),
      expect: ['1:6-1:38'],
      message: ['the .NET 8.0 SDK cannot target .NET 10.0', 'Use sdk:10.0 so both stages are on .NET 10.0'],
    },
    {
      name: 'a 10.0 SDK with an 8.0 runtime, project unknown: the runtime moves',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:8.0`),
      expect: ['6:6-6:41'],
      message: ['works only while the project targets net8.0 or older'],
    },
    { name: 'a newer SDK building the net8.0 the runtime runs is fine', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:8.0`), files: web('net8.0'), expect: [] },
    { name: 'a project on net10.0 with an 8.0 runtime', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:8.0`), files: web('net10.0'), expect: ['6:6-6:41'] },
    {
      name: 'a base-image Dockerfile that warms an older SDK next to a newer runtime: no app goes across',
      dockerfile: `FROM ${mcr}/sdk:8.0 AS tools\nRUN dotnet tool install --tool-path /tools dotnet-trace\n\nFROM ${mcr}/aspnet:10.0\nRUN apt-get update && apt-get install -y procps\n`,
      expect: [],
    },
    { name: 'same version, different OS variants', dockerfile: twoStages(`${mcr}/sdk:10.0-alpine`, `${mcr}/aspnet:10.0-noble-chiseled`), expect: [] },
    { name: 'same version, a fixed SDK patch', dockerfile: twoStages(`${mcr}/sdk:10.0.100`, `${mcr}/aspnet:10.0`), expect: [] },
    {
      name: 'runtime-deps for a self-contained app',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/runtime-deps:9.0`),
      expect: ['6:6-6:47'],
      message: ['runtime-deps ships the OS libraries tested with .NET 9.0'],
    },
    { name: 'a --platform flag before the SDK image', dockerfile: twoStages(`--platform=$BUILDPLATFORM ${mcr}/sdk:8.0`, `${mcr}/aspnet:10.0`), expect: ['1:32-1:64'] },
    {
      name: 'the final stage follows an alias to its image',
      dockerfile: `FROM ${mcr}/aspnet:8.0 AS base\nFROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish -o /app\nFROM base AS final\nCOPY --from=build /app .\n`,
      expect: ['1:6-1:41'],
    },
    {
      name: 'the SDK stage used through an alias (FROM build AS publish)',
      dockerfile: `FROM ${mcr}/sdk:8.0 AS build\nWORKDIR /src\nFROM build AS publish\nRUN dotnet publish -o /app\nFROM ${mcr}/aspnet:10.0\nCOPY --from=publish /app .\n`,
      expect: ['1:6-1:38'],
    },
    { name: 'a global ARG supplies the runtime version', dockerfile: `ARG RUNTIME=9.0\n${twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:\${RUNTIME}`)}`, expect: ['7:6-7:48'] },
    { name: 'an unresolved variable says nothing', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:\${RUNTIME}`), expect: [] },
    { name: 'a runtime pinned by digest is reported (no fix)', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:8.0@${digest}`), expect: ['6:6-6:113'], message: ['Put both stages on .NET 10.0.'] },
    { name: 'a digest alone shows no version', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet@${digest}`), expect: [] },
    { name: 'a single SDK stage says nothing', dockerfile: `FROM ${mcr}/sdk:8.0\nRUN dotnet publish -o /app\nENTRYPOINT ["dotnet", "/app/App.dll"]\n`, expect: [] },
    { name: 'a non-.NET final image says nothing', dockerfile: twoStages(`${mcr}/sdk:8.0`, 'nginx:1.27'), expect: [] },
  ]);

  fixTable(versionMismatch, [
    { name: 'the SDK moves up', dockerfile: twoStages(`${mcr}/sdk:8.0`, `${mcr}/aspnet:10.0`), fix: 'Use sdk:10.0', expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`) },
    {
      name: 'the runtime moves up and keeps its variant',
      dockerfile: twoStages(`${mcr}/sdk:10.0-alpine`, `${mcr}/aspnet:9.0-alpine-extra`),
      fix: 'Use aspnet:10.0-alpine-extra',
      expected: twoStages(`${mcr}/sdk:10.0-alpine`, `${mcr}/aspnet:10.0-alpine-extra`),
    },
    {
      name: 'a variant the new version lacks becomes the closest one',
      dockerfile: twoStages(`${mcr}/sdk:10.0-noble`, `${mcr}/runtime:8.0-bookworm-slim`),
      fix: 'Use runtime:10.0-noble',
      expected: twoStages(`${mcr}/sdk:10.0-noble`, `${mcr}/runtime:10.0-noble`),
    },
    {
      name: 'or the other stage moves, when its version is supported',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:11.0`),
      fix: 'Use aspnet:10.0',
      expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`),
    },
    {
      name: 'the preferred move for that case',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:11.0`),
      fix: 'Use sdk:11.0',
      expected: twoStages(`${mcr}/sdk:11.0`, `${mcr}/aspnet:11.0`),
    },
    {
      name: 'an ARG default is edited',
      dockerfile: `ARG RUNTIME=9.0\n${twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:\${RUNTIME}`)}`,
      fix: 'Use aspnet:10.0',
      expected: `ARG RUNTIME=10.0\n${twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:\${RUNTIME}`)}`,
    },
  ]);

  it('is an error when an older SDK builds for a newer runtime, a warning otherwise', function () {
    const severity = (sdk: string, final: string) => lintCase(versionMismatch, twoStages(`${mcr}/sdk:${sdk}`, `${mcr}/${final}`), undefined).findings.map(f => f.severity);
    assert.deepEqual(severity('8.0', 'aspnet:10.0'), ['error']);
    assert.deepEqual(severity('10.0', 'aspnet:8.0'), ['warning']);
    assert.deepEqual(severity('8.0', 'runtime-deps:10.0'), ['warning']);
  });
});

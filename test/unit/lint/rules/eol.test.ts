import { eol } from '../../../../src/core/lint/rules/eol';
import { digest, mcr, twoStages, webProject } from '../../../support/dotnetDockerfiles';
import { fixTable, ruleTable } from '../../../support/lintTable';

const net8 = twoStages(`${mcr}/sdk:8.0`, `${mcr}/aspnet:8.0`);
const web = webProject;

describe('rule dotnet/eol', function () {
  ruleTable(eol, [
    { name: '.NET 8 in both stages, the day after its end', dockerfile: net8, expect: ['1:6-1:38', '6:6-6:41'], message: ['.NET 8.0 reached end of support on 2026-11-10', 'Move to .NET 10.0'] },
    { name: '.NET 10 is supported', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`), expect: [] },
    { name: 'an old .NET Core', dockerfile: twoStages(`${mcr}/sdk:3.1`, `${mcr}/runtime:3.1-alpine`), expect: ['1:6-1:38', '6:6-6:49'], message: ['2022-12-13'] },
    {
      name: 'the csproj must move too when it targets the old version',
      dockerfile: net8,
      files: web('net8.0'),
      expect: ['1:6-1:38', '6:6-6:41'],
      message: ['retarget the project from net8.0 to net10.0'],
    },
    { name: 'a project already on net10.0 needs no retarget', dockerfile: net8, files: web('net10.0'), expect: ['1:6-1:38', '6:6-6:41'] },
    // Ocelot's samples: net8.0;net9.0;net10.0 on 8.0 images is told to publish net10.0, not to retarget.
    {
      name: 'a project that targets net10.0 too is told to publish it, not to retarget',
      dockerfile: net8,
      files: { 'App.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFrameworks>net8.0;net10.0</TargetFrameworks></PropertyGroup></Project>\n' },
      expect: ['1:6-1:38', '6:6-6:41'],
      message: ['Move to .NET 10.0 and publish net10.0, which the project targets too.'],
    },
    { name: 'a --platform flag before the image', dockerfile: twoStages(`--platform=$BUILDPLATFORM ${mcr}/sdk:8.0`, `${mcr}/aspnet:10.0`), expect: ['1:32-1:64'] },
    {
      name: 'a global ARG supplies the version',
      dockerfile: `ARG DOTNET_VERSION=9.0\n${twoStages(`${mcr}/sdk:\${DOTNET_VERSION}`, `${mcr}/aspnet:\${DOTNET_VERSION}-alpine`)}`,
      expect: ['2:6-2:52', '7:6-7:62'],
    },
    {
      name: 'a stage alias is reported where the image is named, once',
      dockerfile: `FROM ${mcr}/aspnet:8.0 AS base\nFROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish -o /app\nFROM base AS final\nCOPY --from=build /app .\n`,
      expect: ['1:6-1:41'],
    },
    { name: 'an unresolved variable says nothing', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:\${TAG}`), expect: [] },
    { name: 'a tag pinned by digest is still that version', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:8.0@${digest}`), expect: ['6:6-6:113'] },
    { name: 'a digest alone shows no version', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet@${digest}`), expect: [] },
    { name: 'a fixed patch version of an old release', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:8.0.11`), expect: ['6:6-6:44'] },
    { name: 'a retired repository name on an old version', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/core/aspnet:3.1`), expect: ['6:6-6:46'] },
    { name: 'a non-.NET image says nothing', dockerfile: twoStages(`${mcr}/sdk:10.0`, 'ubuntu:16.04'), expect: [] },
  ]);

  fixTable(eol, [
    { name: 'the final image moves to 10.0', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:8.0`), fix: 'Use aspnet:10.0', expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`) },
    {
      name: 'the title says the project must be retargeted',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:8.0`),
      files: web('net8.0'),
      fix: 'Use aspnet:10.0 (also retarget the project to net10.0)',
      expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`),
    },
    {
      name: 'the OS variant is kept when 10.0 has it',
      dockerfile: twoStages(`${mcr}/sdk:10.0-alpine`, `${mcr}/aspnet:9.0-noble-chiseled-extra`),
      fix: 'Use aspnet:10.0-noble-chiseled-extra',
      expected: twoStages(`${mcr}/sdk:10.0-alpine`, `${mcr}/aspnet:10.0-noble-chiseled-extra`),
    },
    {
      name: 'a variant 10.0 does not have moves to the closest one (Debian → Ubuntu)',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/runtime:8.0-bookworm-slim`),
      fix: 'Use runtime:10.0-noble',
      expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/runtime:10.0-noble`),
    },
    {
      name: 'Windows tags stay Windows',
      dockerfile: twoStages(`${mcr}/sdk:10.0-nanoserver-ltsc2022`, `${mcr}/aspnet:8.0-nanoserver-ltsc2022`),
      fix: 'Use aspnet:10.0-nanoserver-ltsc2022',
      expected: twoStages(`${mcr}/sdk:10.0-nanoserver-ltsc2022`, `${mcr}/aspnet:10.0-nanoserver-ltsc2022`),
    },
    {
      name: 'a shared ARG default moves both stages',
      dockerfile: `ARG DOTNET_VERSION=9.0\n${twoStages(`${mcr}/sdk:\${DOTNET_VERSION}`, `${mcr}/aspnet:\${DOTNET_VERSION}-alpine`)}`,
      fix: 'Use sdk:10.0',
      expected: `ARG DOTNET_VERSION=10.0\n${twoStages(`${mcr}/sdk:\${DOTNET_VERSION}`, `${mcr}/aspnet:\${DOTNET_VERSION}-alpine`)}`,
    },
    {
      name: 'a retired name moves to today\'s name',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/core/aspnet:3.1`),
      fix: 'Use aspnet:10.0',
      expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`),
    },
  ]);
});

import { variantMismatch } from '../../../../src/core/lint/rules/variantMismatch';
import { fixTable, ruleTable } from '../../../support/lintTable';

// `-a` completes the build image's runtime identifier: linux-musl-x64 here.
const alpineBuild = `FROM mcr.microsoft.com/dotnet/sdk:10.0-alpine AS build
WORKDIR /src
COPY . .
RUN dotnet publish -c Release -a x64 -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
COPY --from=build /app .
ENTRYPOINT ["dotnet", "App.dll"]
`;

const project = (properties = '') => `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework>${properties}</PropertyGroup></Project>`;
/** The app's project beside the Dockerfile, so that the rule knows how it is published. */
const appFiles = (properties = '') => ({ 'App/App.csproj': project(properties) });
const portable = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY App/ App/
RUN dotnet publish App/App.csproj -c Release -o /app/publish

FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine AS final
WORKDIR /app
COPY --from=build /app/publish .
ENTRYPOINT ["dotnet", "App.dll"]
`;

describe('rule dotnet/variant-mismatch', function () {
  ruleTable(variantMismatch, [
    { name: 'sdk on Alpine, -a for its RID, aspnet on the default Ubuntu', dockerfile: alpineBuild, expect: ['6:6-6:42'], message: ['musl (Alpine)', 'glibc', 'runtime identifier from the build image (-a)', 'fail to load'] },
    { name: 'the same build without -a: a portable app started by dotnet runs on either', dockerfile: alpineBuild.replace(' -a x64', ''), expect: [] },
    // Real repositories build on the default SDK and run on Alpine this way; `docker build` and `docker run` work.
    { name: 'a portable publish of a known project on glibc, run by dotnet on Alpine', dockerfile: portable, files: appFiles(), dockerfilePath: 'App/Dockerfile', expect: [] },
    {
      name: 'the container starts the app\'s launcher, which the SDK built for glibc',
      dockerfile: portable.replace('["dotnet", "App.dll"]', '["./App"]'), files: appFiles(), dockerfilePath: 'App/Dockerfile',
      expect: ['6:6-6:49'], message: ['starts ./App'],
    },
    { name: 'the project publishes self-contained', dockerfile: portable, files: appFiles('<SelfContained>true</SelfContained>'), dockerfilePath: 'App/Dockerfile', expect: ['6:6-6:49'], message: ['self-contained'] },
    { name: 'the project publishes with Native AOT', dockerfile: portable, files: appFiles('<PublishAot>true</PublishAot>'), dockerfilePath: 'App/Dockerfile', expect: ['6:6-6:49'], message: ['Native AOT'] },
    { name: 'a single-file publish (self-contained since .NET 8)', dockerfile: portable.replace('-c Release', '-c Release -p:PublishSingleFile=true --ucr'), files: appFiles(), dockerfilePath: 'App/Dockerfile', expect: ['6:6-6:49'], message: ['self-contained', 'will not start'] },
    { name: '--ucr takes the build image\'s RID', dockerfile: portable.replace('-c Release', '-c Release --ucr'), files: appFiles(), dockerfilePath: 'App/Dockerfile', expect: ['6:6-6:49'], message: ['(--ucr)'] },
    {
      name: 'an explicit musl RID cross-published on glibc for Alpine: the identifier decides, and it matches',
      dockerfile: portable.replace('-c Release', '-c Release -r linux-musl-x64'), files: appFiles(), dockerfilePath: 'App/Dockerfile', expect: [],
    },
    {
      name: 'Windows and Linux stages cannot meet in one build, whatever the publish',
      dockerfile: portable.replace('sdk:10.0 AS', 'sdk:10.0-nanoserver-ltsc2022 AS'), files: appFiles(), dockerfilePath: 'App/Dockerfile',
      expect: ['6:6-6:49'], message: ['Windows', 'same OS family'],
    },
    { name: 'both stages on Alpine', dockerfile: alpineBuild.replace('aspnet:10.0 AS', 'aspnet:10.0-alpine AS'), expect: [] },
    {
      name: 'a CI image that builds on Alpine and only prepares a glibc runtime stage: no app goes across',
      dockerfile: `FROM mcr.microsoft.com/dotnet/sdk:10.0-alpine AS tools\nRUN dotnet tool install --tool-path /tools dotnet-counters\nFROM mcr.microsoft.com/dotnet/runtime:10.0\nRUN apt-get update && apt-get install -y procps\n`,
      expect: [],
    },
    { name: 'both stages on the default OS', dockerfile: alpineBuild.replace('sdk:10.0-alpine', 'sdk:10.0'), expect: [] },
    { name: 'Ubuntu build, chiseled Ubuntu final: same glibc family', dockerfile: alpineBuild.replace('sdk:10.0-alpine', 'sdk:10.0-noble').replace('aspnet:10.0 AS', 'aspnet:10.0-noble-chiseled AS'), expect: [] },
    {
      name: 'a global ARG supplies the variant',
      dockerfile: `ARG VARIANT=-alpine\n${alpineBuild.replace('sdk:10.0-alpine', 'sdk:10.0${VARIANT}')}`,
      expect: ['7:6-7:42'],
    },
    {
      name: 'the final stage follows a stage alias to its image',
      dockerfile: `FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine AS base\nFROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -o /app\nFROM base AS final\nCOPY --from=build /app .\n`,
      // The mismatch is reported where the final image is named: the base stage's FROM is not the final FROM, so report stays silent on the alias.
      expect: [],
    },
    {
      name: 'a musl RID published for a glibc runtime image',
      dockerfile: `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -r linux-musl-x64 -o /app\nFROM mcr.microsoft.com/dotnet/runtime-deps:10.0\nCOPY --from=build /app .\n`,
      expect: ['2:23-2:37'],
      message: ['linux-x64'],
    },
    {
      name: 'a glibc RID for an Alpine image, in the --runtime= form',
      dockerfile: `FROM mcr.microsoft.com/dotnet/sdk:10.0-alpine AS build\nRUN dotnet publish --runtime=linux-x64 -o /app\nFROM mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine\nCOPY --from=build /app .\n`,
      expect: ['2:30-2:39'],
    },
    { name: 'a non-.NET final image says nothing', dockerfile: alpineBuild.replace('mcr.microsoft.com/dotnet/aspnet:10.0', 'nginx:1.27'), expect: [] },
    { name: 'a single stage says nothing', dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0-alpine\nRUN dotnet --info\n', expect: [] },
    { name: 'an unresolved variable says nothing', dockerfile: alpineBuild.replace('aspnet:10.0 AS', 'aspnet:${TAG} AS'), expect: [] },
  ]);

  fixTable(variantMismatch, [
    { name: 'final image moves to Alpine', dockerfile: alpineBuild, fix: 'Use aspnet:10.0-alpine to match the build stage', expected: alpineBuild.replace('aspnet:10.0 AS', 'aspnet:10.0-alpine AS') },
    {
      name: 'the RID follows the final image',
      dockerfile: `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -r linux-musl-x64 -o /app\nFROM mcr.microsoft.com/dotnet/runtime-deps:10.0\nCOPY --from=build /app .\n`,
      fix: 'Use linux-x64',
      expected: `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -r linux-x64 -o /app\nFROM mcr.microsoft.com/dotnet/runtime-deps:10.0\nCOPY --from=build /app .\n`,
    },
  ]);
});

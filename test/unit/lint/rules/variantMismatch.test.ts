import { variantMismatch } from '../../../../src/core/lint/rules/variantMismatch';
import { fixTable, ruleTable } from '../../../support/lintTable';

const alpineBuild = `FROM mcr.microsoft.com/dotnet/sdk:10.0-alpine AS build
WORKDIR /src
COPY . .
RUN dotnet publish -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
COPY --from=build /app .
ENTRYPOINT ["dotnet", "App.dll"]
`;

describe('rule dotnet/variant-mismatch', function () {
  ruleTable(variantMismatch, [
    { name: 'sdk on Alpine, aspnet on the default Ubuntu', dockerfile: alpineBuild, expect: ['6:6-6:42'], message: ['musl (Alpine)', 'glibc'] },
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

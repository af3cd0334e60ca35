import { unknownStage } from '../../../../src/core/lint/rules/unknownStage';
import { fixTable, ruleTable } from '../../../support/lintTable';

const twoStages = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN dotnet publish -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
COPY --from=build /app .
`;

describe('rule dockerfile/unknown-stage', function () {
  ruleTable(unknownStage, [
    { name: 'COPY --from a stage', dockerfile: twoStages, expect: [] },
    { name: 'a misspelt stage name', dockerfile: twoStages.replace('--from=build', '--from=buidl'), expect: ['5:13-5:18'], message: ['buidl', 'pulls an image', 'build'] },
    { name: 'one letter off', dockerfile: twoStages.replace('--from=build', '--from=buld'), expect: ['5:13-5:17'] },
    { name: 'stage names are case-insensitive', dockerfile: twoStages.replace('--from=build', '--from=BUILD'), expect: [] },
    { name: 'an upper-case typo is no valid image name either', dockerfile: twoStages.replace('--from=build', '--from=Buidl'), expect: ['5:13-5:18'], message: ['not a valid image name'] },
    { name: 'an image with a tag is an image', dockerfile: twoStages.replace('--from=build', '--from=nginx:latest'), expect: [] },
    { name: 'an image with a registry is an image', dockerfile: twoStages.replace('--from=build', '--from=mcr.microsoft.com/dotnet/sdk:10.0'), expect: [] },
    { name: 'a bare image name far from any stage is an image', dockerfile: twoStages.replace('--from=build', '--from=golang'), expect: [] },
    { name: 'a stage index', dockerfile: twoStages.replace('--from=build', '--from=0'), expect: [] },
    { name: 'an index past the last stage', dockerfile: twoStages.replace('--from=build', '--from=2'), expect: ['5:13-5:14'], message: ['0 to 1'] },
    { name: 'a stage copying from itself', dockerfile: twoStages.replace('--from=build', '--from=final'), expect: ['5:13-5:18'], message: ['this very stage'] },
    { name: 'a stage index copying from itself', dockerfile: twoStages.replace('--from=build', '--from=1'), expect: ['5:13-5:14'] },
    { name: 'COPY --from may name a stage further down', dockerfile: 'FROM alpine AS first\nCOPY --from=later /x /x\nFROM alpine AS later\n', expect: [] },
    { name: 'a variable is left alone', dockerfile: twoStages.replace('--from=build', '--from=${STAGE}'), expect: [] },
    {
      name: 'RUN --mount=from a misspelt stage',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS restore\nRUN dotnet restore\nFROM restore AS build\nRUN --mount=type=bind,from=restor,target=/r ls /r\n',
      expect: ['4:28-4:34'],
    },
    {
      name: 'FROM a misspelt stage above',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base\nFROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nFROM bsae AS final\n',
      expect: ['3:6-3:10'],
    },
    { name: 'FROM an image called like a stage (FROM node AS node)', dockerfile: 'FROM node AS node\nRUN npm ci\n', expect: [] },
    { name: 'FROM scratch', dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS scratchy\nFROM scratch\n', expect: [] },
    { name: 'FROM an image with a tag near a stage name', dockerfile: 'FROM alpine AS base\nFROM bash:5\n', expect: [] },
    {
      name: 'FROM resolved through a global ARG: reported, not rewritten',
      dockerfile: 'ARG BASE=biuld\nFROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nFROM ${BASE} AS final\n',
      expect: ['3:6-3:13'],
    },
    { name: 'short stage names need a closer match', dockerfile: 'FROM alpine AS app\nFROM alpine\nCOPY --from=opq /x /x\n', expect: [] },
    { name: 'but one letter off a short name is a typo', dockerfile: 'FROM alpine AS app\nFROM alpine\nCOPY --from=apq /x /x\n', expect: ['3:13-3:16'] },
    { name: '--platform before the image does not confuse it', dockerfile: 'FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nFROM --platform=linux/amd64 buidl AS x\n', expect: ['2:29-2:34'] },
  ]);

  fixTable(unknownStage, [
    { name: 'COPY --from the closest stage', dockerfile: twoStages.replace('--from=build', '--from=buidl'), fix: 'Use stage build', expected: twoStages },
    {
      name: 'the stage name as it is written',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS Publish\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=pubilsh /app .\n',
      fix: 'Use stage Publish',
      expected: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS Publish\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=Publish /app .\n',
    },
    {
      name: 'RUN --mount=from',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS restore\nFROM restore AS build\nRUN --mount=from=restor,target=/r ls /r\n',
      fix: 'Use stage restore',
      expected: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS restore\nFROM restore AS build\nRUN --mount=from=restore,target=/r ls /r\n',
    },
    {
      name: 'FROM',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base\nFROM bsae AS final\n',
      fix: 'Use stage base',
      expected: 'FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base\nFROM base AS final\n',
    },
  ]);
});

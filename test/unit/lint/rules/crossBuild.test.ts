import * as assert from 'node:assert/strict';
import { crossBuild } from '../../../../src/core/lint/rules/crossBuild';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const declared = `FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN dotnet publish -a $TARGETARCH -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=build /app .
`;
const undeclared = declared.replace('ARG TARGETARCH\n', '');

const oldSdk = `FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:7.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN dotnet restore -a $TARGETARCH && dotnet publish --no-restore -a $TARGETARCH -o /app

FROM mcr.microsoft.com/dotnet/aspnet:7.0
COPY --from=build /app .
`;

describe('rule dotnet/cross-build', function () {
  ruleTable(crossBuild, [
    { name: 'the generator\'s shape: ARG TARGETARCH right after the FROM', dockerfile: declared, expect: [] },
    { name: '$TARGETARCH with no ARG in the stage', dockerfile: undeclared, expect: ['4:23-4:34'], message: ['ARG TARGETARCH', 'expands to nothing'] },
    {
      name: 'a global ARG TARGETARCH does not reach the stage',
      dockerfile: `ARG TARGETARCH\n${undeclared}`,
      expect: ['5:23-5:34'],
    },
    {
      name: 'the ARG comes after its use',
      dockerfile: undeclared.replace('RUN dotnet publish', 'RUN dotnet restore -a ${TARGETARCH}\nARG TARGETARCH\nRUN dotnet publish'),
      expect: ['4:23-4:36'],
      message: ['comes after this use'],
    },
    {
      name: 'a default keeps it from being empty, but it is always the default',
      dockerfile: undeclared.replace('$TARGETARCH', '${TARGETARCH:-amd64}'),
      expect: ['4:23-4:43'],
      message: ['always takes its default'],
    },
    {
      name: 'each platform ARG: TARGETOS and BUILDPLATFORM too, in COPY and ENV as well',
      dockerfile: `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nENV OS=$TARGETOS\nCOPY ["out/$BUILDPLATFORM", "/x"]\nARG TARGETARCH\nRUN echo $TARGETARCH\n`,
      expect: ['2:8-2:17', '3:12-3:26'],
    },
    { name: 'FROM lines may use the global platform ARGs', dockerfile: 'FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0\nRUN dotnet --info\n', expect: [] },
    {
      name: 'single quotes, an escaped dollar and a comment line are not expansions',
      dockerfile: `FROM mcr.microsoft.com/dotnet/sdk:10.0\nRUN echo '$TARGETARCH' \\$TARGETOS \\\n# uses $TARGETARCH\n    && true\n`,
      expect: [],
      noBacktickVariant: true,
    },
    {
      name: 'CMD expands at run time, where no ARG reaches anyway',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/runtime:10.0\nCMD echo $TARGETARCH\n',
      expect: [],
    },
    {
      name: 'an ENV of the same name (here in the stage it is built on) is a real variable',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS base\nENV TARGETARCH=arm64\nFROM base AS build\nRUN dotnet publish -a $TARGETARCH\n',
      expect: [],
    },
    {
      // BuildKit (and Buildah) hand a stage's ARGs to the stages built FROM it.
      name: 'an ARG in the stage it is built on carries over',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS base\nARG TARGETARCH\nFROM base AS build\nRUN dotnet publish -a $TARGETARCH\n',
      expect: [],
    },
    {
      name: 'an ARG carries over two stages deep',
      dockerfile: 'FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nARG TARGETARCH\nRUN dotnet restore -a $TARGETARCH\nFROM build AS publish\nFROM publish AS test\nRUN dotnet test -a $TARGETARCH\n',
      expect: [],
    },
    {
      name: 'an ARG of a stage that is only copied from does not carry over',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nARG TARGETARCH\nRUN dotnet publish -a $TARGETARCH -o /app\nFROM mcr.microsoft.com/dotnet/sdk:10.0 AS other\nCOPY --from=build /app /app\nRUN dotnet publish -a $TARGETARCH\n',
      expect: ['6:23-6:34'],
    },
    {
      name: 'a heredoc body expands too, a quoted heredoc does not',
      dockerfile: `FROM mcr.microsoft.com/dotnet/sdk:10.0\nRUN <<EOF\ndotnet publish -a $TARGETARCH\nEOF\nRUN <<'EOF'\necho $TARGETARCH\nEOF\n`,
      expect: ['3:19-3:30'],
    },
    { name: 'the .NET 7 SDK with -a $TARGETARCH', dockerfile: oldSdk, expect: ['5:23-5:34', '5:69-5:80'], message: ['.NET 7.0 SDK', 'amd64', 'x64'] },
    { name: 'the .NET 8 SDK translates amd64 itself', dockerfile: oldSdk.replace(/7\.0/g, '8.0'), expect: [] },
    { name: 'the generator\'s sed mapping for old SDKs', dockerfile: oldSdk.replace('RUN dotnet restore -a $TARGETARCH && dotnet publish --no-restore -a $TARGETARCH', `RUN arch=$(echo "$TARGETARCH" | sed 's/amd64/x64/') && dotnet restore -a $arch`), expect: [] },
    { name: 'bash substitution ${TARGETARCH/amd64/x64} is already mapped', dockerfile: oldSdk.replace(/-a \$TARGETARCH/g, '-a ${TARGETARCH/amd64/x64}'), expect: [] },
    {
      name: 'a literal amd64, --arch= and a linux-$TARGETARCH RID on an ARG-resolved 6.0 SDK',
      dockerfile: 'ARG VERSION=6.0\nFROM mcr.microsoft.com/dotnet/sdk:${VERSION} AS build\nARG TARGETARCH\nRUN dotnet publish --arch=amd64 -r "linux-musl-$TARGETARCH" -o /app\n',
      expect: ['4:27-4:32', '4:48-4:59'],
    },
    {
      name: 'the SDK follows the stage alias',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:7.0 AS sdk\nFROM sdk AS build\nRUN dotnet build -a amd64\n',
      expect: ['3:21-3:26'],
    },
    { name: 'a non-dotnet command with -a is not dotnet\'s', dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:7.0\nRUN cp -a amd64 /x\n', expect: [] },
    { name: 'an unresolved SDK version says nothing', dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:$V\nRUN dotnet build -a amd64\n', expect: [] },
    { name: 'a digest-pinned SDK tag still has its version', dockerfile: `FROM mcr.microsoft.com/dotnet/sdk:7.0@sha256:${'a'.repeat(64)}\nRUN dotnet build -a amd64\n`, expect: ['2:21-2:26'] },
    {
      name: 'dotnet run on the target platform of a multi-platform build (info)',
      dockerfile: `${declared}RUN dotnet App.dll --migrate-only\n`,
      expect: ['9:1-9:34'],
      message: ['QEMU', 'not supported'],
    },
    {
      name: 'a stage the final image copies from counts, one built on the $BUILDPLATFORM stage does not',
      dockerfile: `FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
FROM build AS publish
RUN dotnet publish -o /app
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS tools
RUN dotnet tool install dotnet-counters --tool-path /tools
FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=tools /tools /tools
COPY --from=publish /app .
`,
      expect: ['5:1-5:59'],
    },
    { name: 'other commands in the final stage only run slower: not reported', dockerfile: `${declared}RUN apt-get update && apt-get install -y curl\n`, expect: [] },
    { name: 'no $BUILDPLATFORM stage: not a multi-platform Dockerfile', dockerfile: `${declared.replace('--platform=$BUILDPLATFORM ', '')}RUN dotnet App.dll --migrate-only\n`, expect: [] },
    { name: 'a stage the final image does not need is not built', dockerfile: `${declared}FROM mcr.microsoft.com/dotnet/sdk:10.0 AS test\nRUN dotnet test\nFROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final\nCOPY --from=build /app .\n`, expect: [] },
  ]);

  it('dotnet under emulation is reported as info', function () {
    const { findings } = lintCase(crossBuild, `${declared}RUN dotnet App.dll --migrate-only\n`, undefined);
    assert.deepEqual(findings.map(f => f.severity), ['info']);
  });

  fixTable(crossBuild, [
    { name: 'declare the ARG after the FROM', dockerfile: undeclared, fix: 'Declare ARG TARGETARCH', expected: declared },
    {
      name: 'declare the ARG in a CRLF file with CRLF',
      dockerfile: undeclared.replace(/\n/g, '\r\n'),
      fix: 'Declare ARG TARGETARCH',
      expected: declared.replace(/\n/g, '\r\n'),
    },
    {
      name: 'declare it after a FROM that spans two lines',
      dockerfile: 'FROM --platform=$BUILDPLATFORM \\\n    mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -a $TARGETARCH\n',
      fix: 'Declare ARG TARGETARCH',
      expected: 'FROM --platform=$BUILDPLATFORM \\\n    mcr.microsoft.com/dotnet/sdk:10.0 AS build\nARG TARGETARCH\nRUN dotnet publish -a $TARGETARCH\n',
    },
    {
      name: 'map amd64 with sed once per RUN, as the generator does',
      dockerfile: oldSdk,
      fix: 'Map $TARGETARCH to .NET arch names (amd64 → x64)',
      expected: oldSdk.replace('RUN dotnet restore -a $TARGETARCH && dotnet publish --no-restore -a $TARGETARCH', `RUN arch=$(echo "$TARGETARCH" | sed 's/amd64/x64/') && dotnet restore -a $arch && dotnet publish --no-restore -a $arch`),
    },
    {
      name: 'a literal amd64 becomes x64',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:7.0\nRUN dotnet build -a amd64 -r linux-amd64\n',
      fix: 'Use x64',
      expected: 'FROM mcr.microsoft.com/dotnet/sdk:7.0\nRUN dotnet build -a x64 -r linux-x64\n',
    },
  ]);
});

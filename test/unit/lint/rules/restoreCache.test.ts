import * as assert from 'node:assert/strict';
import { restoreCache } from '../../../../src/core/lint/rules/restoreCache';
import { csproj, removeTree } from '../../../support/fileTree';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const app = { 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) };

const copyAll = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish App.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=build /app .
`;

const restoreFirst = copyAll.replace('COPY . .\n', 'COPY ["App.csproj", "./"]\nRUN dotnet restore App.csproj\nCOPY . .\n');

const solution = {
  'Directory.Build.props': '<Project><PropertyGroup><Nullable>enable</Nullable></PropertyGroup></Project>\n',
  'src/Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Core\\Core.csproj" /></ItemGroup>\n'),
  'src/Core/Core.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }),
};

const solutionBuild = `FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY --chown=app . .
RUN --mount=type=secret,id=nugetconfig dotnet restore src/Web/Web.csproj -a $TARGETARCH --configfile /run/secrets/nugetconfig
RUN dotnet publish src/Web/Web.csproj --no-restore -a $TARGETARCH -o /app
`;

describe('rule dotnet/restore-cache', function () {
  ruleTable(restoreCache, [
    { name: 'COPY . . before an implicit restore', dockerfile: copyAll, files: app, expect: ['3:1-3:9'], message: ['COPY . .', 'downloaded again', 'dotnet restore first'] },
    { name: 'no project around: still reported', dockerfile: copyAll, expect: ['3:1-3:9'] },
    { name: 'project files and restore first (the generator\'s shape)', dockerfile: restoreFirst, files: app, expect: [] },
    { name: 'COPY . . then an explicit restore', dockerfile: solutionBuild, files: solution, dockerfilePath: 'src/Web/Dockerfile', expect: ['4:1-4:21'] },
    { name: 'a NuGet cache mount keeps the packages (docker init\'s shape)', dockerfile: copyAll.replace('RUN dotnet', 'RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages dotnet'), expect: [] },
    { name: 'nothing restores after the copy', dockerfile: copyAll.replace('RUN dotnet publish App.csproj -c Release -o /app', 'RUN ls'), expect: [] },
    { name: '--no-restore with no restore anywhere is not this rule\'s business', dockerfile: copyAll.replace('-c Release', '--no-restore'), expect: [] },
    {
      name: 'a folder that holds the project counts as the source tree',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY src/ src/\nRUN dotnet publish src/Web/Web.csproj -o /app\n',
      files: solution,
      expect: ['3:1-3:15'],
    },
    {
      name: 'a folder beside the project does not',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY ["src/Web/Web.csproj", "src/Core/Core.csproj", "./"]\nCOPY docs/ docs/\nRUN dotnet publish src/Web/Web.csproj -o /app\n',
      files: solution,
      expect: [],
    },
    { name: 'a pattern copies only what it matches', dockerfile: copyAll.replace('COPY . .', 'COPY *.csproj ./'), files: app, expect: [] },
    {
      name: 'the restore runs in a stage built on the one that copied',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS source\nWORKDIR /src\nCOPY . .\nFROM source AS build\nRUN dotnet publish -o /app\n',
      expect: ['3:1-3:9'],
    },
    {
      name: 'the restore ran in the stage this one is built on',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS restore\nWORKDIR /src\nCOPY *.csproj .\nRUN dotnet restore\nFROM restore AS build\nCOPY . .\nRUN dotnet publish --no-restore -o /app\n',
      expect: [],
    },
    { name: 'COPY --from a stage is not the context', dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nCOPY --from=source . .\nRUN dotnet publish -o /app\n', expect: [] },
    { name: 'JSON form and ./ are the whole context too', dockerfile: copyAll.replace('COPY . .', 'COPY ["./", "."]'), files: app, expect: ['3:1-3:17'] },
  ]);

  fixTable(restoreCache, [
    {
      name: 'restore the project before COPY . .',
      dockerfile: copyAll,
      files: app,
      fix: 'Restore App.csproj before copying the sources',
      expected: restoreFirst,
    },
    {
      name: 'in a CRLF file',
      dockerfile: copyAll.replace(/\n/g, '\r\n'),
      files: app,
      fix: 'Restore App.csproj before copying the sources',
      expected: restoreFirst.replace(/\n/g, '\r\n'),
    },
    {
      name: 'the closure and props files, the restore\'s own options and mounts, the COPY\'s owner',
      dockerfile: solutionBuild,
      files: solution,
      dockerfilePath: 'src/Web/Dockerfile',
      fix: 'Restore Web.csproj before copying the sources',
      expected: solutionBuild.replace('COPY --chown=app . .\n', [
        'COPY --chown=app ["Directory.Build.props", "./"]',
        'COPY --chown=app ["src/Web/Web.csproj", "src/Web/"]',
        'COPY --chown=app ["src/Core/Core.csproj", "src/Core/"]',
        'RUN --mount=type=secret,id=nugetconfig dotnet restore src/Web/Web.csproj -a $TARGETARCH --configfile /run/secrets/nugetconfig',
        'COPY --chown=app . .',
        '',
      ].join('\n')),
    },
    {
      name: 'an implicit restore: only the options that shape the restore, and the arch mapping they need',
      dockerfile: `FROM mcr.microsoft.com/dotnet/sdk:7.0 AS build\nARG TARGETARCH\nWORKDIR /src\nCOPY . /src/\nRUN arch=$(echo "$TARGETARCH" | sed 's/amd64/x64/') && dotnet publish App.csproj -c Release -a $arch --sc /p:PublishTrimmed=true -o /app\n`,
      files: app,
      fix: 'Restore App.csproj before copying the sources',
      expected: `FROM mcr.microsoft.com/dotnet/sdk:7.0 AS build\nARG TARGETARCH\nWORKDIR /src\nCOPY ["App.csproj", "./"]\nRUN arch=$(echo "$TARGETARCH" | sed 's/amd64/x64/') && dotnet restore App.csproj -a $arch --sc /p:PublishTrimmed=true\nCOPY . /src/\nRUN arch=$(echo "$TARGETARCH" | sed 's/amd64/x64/') && dotnet publish App.csproj -c Release -a $arch --sc /p:PublishTrimmed=true -o /app\n`,
    },
    {
      name: 'a name with spaces is quoted in the RUN and JSON in the COPY',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish "Web App.csproj" -o /app\n',
      files: { 'Web App/Web App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) },
      dockerfilePath: 'Web App/Dockerfile',
      fix: 'Restore Web App.csproj before copying the sources',
      expected: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY ["Web App.csproj", "./"]\nRUN dotnet restore \'Web App.csproj\'\nCOPY . .\nRUN dotnet publish "Web App.csproj" -o /app\n',
    },
  ]);

  describe('a finding without a fix where the layer cannot be written exactly', function () {
    const fixesOf = (dockerfile: string, files: Record<string, string>) => {
      const { findings, root } = lintCase(restoreCache, dockerfile, files);
      if (root) removeTree(root);
      return findings.map(f => f.fixes.map(fix => fix.title));
    };

    it('the sources go elsewhere than the WORKDIR', function () {
      assert.deepEqual(fixesOf(copyAll.replace('COPY . .', 'COPY . /source'), app), [[]]);
    });

    it('the copy goes to the WORKDIR by its absolute path', function () {
      assert.deepEqual(fixesOf(copyAll.replace('COPY . .', 'COPY . /src/'), app), [['Restore App.csproj before copying the sources']]);
    });

    it('a stage that builds another project than the one found', function () {
      const files = { 'Web/Web.csproj': app['App.csproj'], 'Worker/Worker.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }) };
      const dockerfile = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS web\nWORKDIR /src\nCOPY . .\nRUN dotnet publish Web/Web.csproj -o /app\n'
        + 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS worker\nWORKDIR /src\nCOPY . .\nRUN dotnet publish Worker/Worker.csproj -o /app\n';
      assert.deepEqual(fixesOf(dockerfile, files), [[], ['Restore Worker.csproj before copying the sources']]);
    });
  });
});

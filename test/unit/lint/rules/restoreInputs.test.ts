import * as assert from 'node:assert/strict';
import { restoreInputs } from '../../../../src/core/lint/rules/restoreInputs';
import { csproj, removeTree } from '../../../support/fileTree';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const solution = {
  'Directory.Packages.props': '<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup></Project>\n',
  'NuGet.config': '<configuration><packageSources><add key="internal" value="https://nuget.example.com/v3/index.json" /></packageSources></configuration>\n',
  'src/Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Core\\Core.csproj" /></ItemGroup>\n'),
  'src/Core/Core.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }),
};

const build = (copies: string, restore = 'RUN dotnet restore src/Web/Web.csproj') => `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
${copies}
${restore}
COPY . .
RUN dotnet publish src/Web/Web.csproj --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=build /app .
ENTRYPOINT ["dotnet", "Web.dll"]
`;

const appOnly = 'COPY ["src/Web/Web.csproj", "src/Web/"]';
const everything = 'COPY ["Directory.Packages.props", "NuGet.config", "./"]\nCOPY ["src/Web/Web.csproj", "src/Web/"]\nCOPY ["src/Core/Core.csproj", "src/Core/"]';

describe('rule dotnet/restore-inputs', function () {
  ruleTable(restoreInputs, [
    {
      name: 'only the app\'s project before the restore',
      files: solution,
      dockerfile: build(appOnly),
      expect: ['4:1-4:38'],
      message: ['src/Core/Core.csproj, Directory.Packages.props and NuGet.config are copied', 'central package management', 'feeds it names', 'skips them', 'NETSDK1004'],
    },
    { name: 'everything restore reads is copied first (the generator\'s shape)', files: solution, dockerfile: build(everything), expect: [] },
    // dotnet-podcasts: restore without this NuGet.config uses the same feed.
    {
      name: 'a NuGet.config that only names nuget.org, copied after the restore',
      files: { ...solution, 'NuGet.config': '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <!-- only the public feed -->\n    <clear />\n    <add key="nuget" value="https://api.nuget.org/v3/index.json" />\n  </packageSources>\n</configuration>\n' },
      dockerfile: build(everything.replace('"NuGet.config", ', '')),
      expect: [],
    },
    { name: 'an empty NuGet.config changes nothing either', files: { ...solution, 'NuGet.config': '<configuration />\n' }, dockerfile: build(everything.replace('"NuGet.config", ', '')), expect: [] },
    {
      name: 'nuget.org and a second feed: it counts',
      files: { ...solution, 'NuGet.config': '<configuration><packageSources><clear /><add key="nuget" value="https://api.nuget.org/v3/index.json" /><add key="internal" value="https://nuget.example.com/v3/index.json" /></packageSources></configuration>\n' },
      dockerfile: build(everything.replace('"NuGet.config", ', '')),
      expect: ['6:1-6:38'],
      message: ['before NuGet.config is copied'],
    },
    {
      name: 'nuget.org with package source mapping: it counts',
      files: { ...solution, 'NuGet.config': '<configuration><packageSources><clear /><add key="nuget" value="https://api.nuget.org/v3/index.json" /></packageSources><packageSourceMapping><packageSource key="nuget"><package pattern="*" /></packageSource></packageSourceMapping></configuration>\n' },
      dockerfile: build(everything.replace('"NuGet.config", ', '')),
      expect: ['6:1-6:38'],
    },
    {
      name: 'the app\'s packages.lock.json comes after the restore',
      files: { ...solution, 'src/Web/packages.lock.json': '{ "version": 1, "dependencies": { "net10.0": {} } }\n' },
      dockerfile: build(everything),
      expect: ['6:1-6:38'],
      message: ['before src/Web/packages.lock.json is copied', 'instead of taking the versions it locks'],
    },
    {
      name: 'a lock file named after its project, copied with the project',
      files: { ...solution, 'src/Core/packages.Core.lock.json': '{ "version": 1, "dependencies": { "net10.0": {} } }\n' },
      dockerfile: build(everything.replace('COPY ["src/Core/Core.csproj", "src/Core/"]', 'COPY ["src/Core/Core.csproj", "src/Core/packages.Core.lock.json", "src/Core/"]')),
      expect: [],
    },
    { name: 'COPY . . before the restore is dotnet/restore-cache\'s case', files: solution, dockerfile: build('COPY . .'), expect: [] },
    {
      name: 'an implicit restore in publish counts',
      files: solution,
      dockerfile: build(everything.replace('"NuGet.config", ', ''), 'RUN dotnet publish src/Web/Web.csproj -o /out'),
      expect: ['6:1-6:46'],
      message: ['dotnet publish runs before NuGet.config is copied'],
    },
    { name: '--configfile: the NuGet.config in the context is not the one read', files: solution, dockerfile: build(everything.replace('"NuGet.config", ', ''), 'RUN dotnet restore src/Web/Web.csproj --configfile /run/secrets/nuget.config'), expect: [] },
    {
      name: 'a pattern brings the projects, not the props',
      files: solution,
      dockerfile: build('COPY src/*/*.csproj ./'),
      expect: ['4:1-4:38'],
      message: ['before Directory.Packages.props and NuGet.config are copied'],
    },
    { name: 'files from another stage: not judged', files: solution, dockerfile: build(`COPY --from=mcr.microsoft.com/dotnet/sdk:10.0 /etc/hosts /tmp/\n${appOnly}`), expect: [] },
    { name: 'the context bind-mounted into the restore', files: solution, dockerfile: build(appOnly, 'RUN --mount=type=bind,target=/src dotnet restore src/Web/Web.csproj'), expect: [] },
    { name: 'the app\'s project is not copied either: something else brings the files', files: solution, dockerfile: build('COPY ["src/Core/Core.csproj", "src/Core/"]'), expect: [] },
    { name: 'no project around: silent', dockerfile: build(appOnly), expect: [] },
  ]);

  fixTable(restoreInputs, [
    {
      name: 'the missing files go in before the restore, at their context paths',
      files: solution,
      dockerfile: build(appOnly),
      fix: 'Copy the 3 files restore reads before the restore',
      expected: build(`${appOnly}\nCOPY ["src/Core/Core.csproj", "src/Core/"]\nCOPY ["Directory.Packages.props", "NuGet.config", "./"]`),
    },
    {
      name: 'one file, with the owner the project was copied with, in a CRLF file',
      files: solution,
      dockerfile: build(everything.replace('"NuGet.config", ', '').replace(/COPY /g, 'COPY --chown=app ')).replace(/\n/g, '\r\n'),
      fix: 'Copy NuGet.config before the restore',
      expected: build(`${everything.replace('"NuGet.config", ', '').replace(/COPY /g, 'COPY --chown=app ')}\nCOPY --chown=app ["NuGet.config", "./"]`).replace(/\n/g, '\r\n'),
    },
  ]);

  it('no fix when the project was copied to another layout than the context\'s', function () {
    const { findings, root } = lintCase(restoreInputs, build('COPY ["src/Web/Web.csproj", "./"]', 'RUN dotnet restore Web.csproj'), solution);
    if (root) removeTree(root);
    assert.deepEqual(findings.map(f => f.fixes.length), [0]);
  });
});

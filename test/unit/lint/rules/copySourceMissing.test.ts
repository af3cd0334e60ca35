import * as assert from 'node:assert/strict';
import { copySourceMissing } from '../../../../src/core/lint/rules/copySourceMissing';
import { csproj, removeTree } from '../../../support/fileTree';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const web = csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' });
const lib = csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' });

// A repository whose context is its root (NuGet.config and Core say so); Web.csproj was renamed Shop.Web.csproj.
const renamed = { '.git/HEAD': '', 'NuGet.config': '<configuration />\n', 'src/Web/Shop.Web.csproj': web, 'src/Core/Core.csproj': lib };
const renamedBuild = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY ["NuGet.config", "./"]
COPY ["src/Web/Web.csproj", "src/Web/"]
COPY ["src/Core/Core.csproj", "src/Core/"]
RUN dotnet restore src/Web/Shop.Web.csproj
`;

// The Web project moved under src/Services/.
const moved = { '.git/HEAD': '', 'NuGet.config': '', 'src/Services/Web/Web.csproj': web, 'src/Core/Core.csproj': lib };
const movedBuild = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY NuGet.config ./
COPY "src/Web/Web.csproj" "src/Web/"
COPY src/Core/Core.csproj src/Core/
`;

// compose.yaml at the root builds src/Web/Dockerfile from the root.
const composed = {
  '.git/HEAD': '',
  'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: src/Web/Dockerfile\n',
  'src/Web/Web.csproj': web,
  'src/Core/Core.csproj': lib,
};
const relativeToDockerfile = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY ../Core/Core.csproj src/Core/
COPY src/Web/Web.csproj src/Web/
`;

// compose.yaml beside the Dockerfile builds from its folder: src/Shared is out of reach.
const narrow = { '.git/HEAD': '', 'src/Web/compose.yaml': 'services:\n  web:\n    build: .\n', 'src/Web/Web.csproj': web, 'src/Shared/Shared.csproj': lib };
const aboveContext = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Web.csproj ./
COPY ../Shared/ ../Shared/
`;

const known = { '.git/HEAD': '', 'NuGet.config': '', 'src/Web/Web.csproj': web };
const knownStart = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY NuGet.config ./\n';

describe('rule dotnet/copy-source-missing', function () {
  ruleTable(copySourceMissing, [
    { name: 'a renamed project (JSON form)', dockerfile: renamedBuild, files: renamed, dockerfilePath: 'src/Web/Dockerfile', expect: ['4:7-4:27'], message: ['src/Web/Web.csproj is not in the build context', 'src/Web/Shop.Web.csproj is there'] },
    { name: 'a moved project (quoted shell form)', dockerfile: movedBuild, files: moved, dockerfilePath: 'Dockerfile', expect: ['4:6-4:26'], message: ['src/Services/Web/Web.csproj is there'] },
    { name: 'two projects of that name elsewhere: no guess', dockerfile: movedBuild, files: { ...moved, 'tests/Web/Web.csproj': lib }, dockerfilePath: 'Dockerfile', expect: ['4:6-4:26'], message: ['probably renamed or moved.'] },
    // EventStore: a solution that was renamed, in a context whose other sources say where it is.
    {
      name: 'a solution and a NuGet.config the context does not have',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY ["src/Core/Core.csproj", "src/Core/"]\nCOPY ./src/Shop.Commercial.sln ./nuget.config ./\nRUN dotnet restore src/Core/Core.csproj\n',
      files: { '.git/HEAD': '', 'src/Core/Core.csproj': lib, 'src/Shop.sln': '' },
      dockerfilePath: 'Dockerfile',
      expect: ['4:6-4:31', '4:32-4:46'],
      message: ['./src/Shop.Commercial.sln is not in the build context', 'the solution was probably renamed or moved (src/Shop.sln is there)'],
    },
    { name: 'a publish folder CI makes before docker build is not judged', dockerfile: 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY ["src/Core/Core.csproj", "src/Core/"]\nCOPY out/publish/ /app/\nCOPY out/App.deps.json /app/\n', files: { '.git/HEAD': '', 'src/Core/Core.csproj': lib }, dockerfilePath: 'Dockerfile', expect: [] },
    { name: 'a project the context has, quoted', dockerfile: movedBuild.replace(/src\/Web\//g, 'src/Services/Web/'), files: moved, dockerfilePath: 'Dockerfile', expect: [] },
    { name: 'a source written relative to the Dockerfile, outside the compose context', dockerfile: relativeToDockerfile, files: composed, dockerfilePath: 'src/Web/Dockerfile', expect: ['3:6-3:25'], message: ['outside the build context', 'as ../../compose.yaml sets it'] },
    { name: 'a folder above the context that cannot be reached', dockerfile: aboveContext, files: narrow, dockerfilePath: 'src/Web/Dockerfile', expect: ['4:6-4:16'], message: ['../Shared/ is outside the build context (the Dockerfile\'s folder, as compose.yaml sets it)'] },
    { name: 'nothing says where the context is: no claim', dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nCOPY . .\nCOPY src/Gone/Gone.csproj src/Gone/\nCOPY ../x ./\n', files: { 'src/Web/Web.csproj': web }, dockerfilePath: 'Dockerfile', expect: [] },
    { name: 'COPY --from a stage is not the context', dockerfile: `${knownStart}COPY --from=build /src/Gone/Gone.csproj ./\n`, files: known, expect: [] },
    { name: 'globs are left to Docker', dockerfile: `${knownStart}COPY src/*/*.csproj ./\nCOPY --parents src/**/Gone.csproj ./\n`, files: known, expect: [] },
    { name: 'an ARG-substituted path is not resolved', dockerfile: `${knownStart}ARG APP=Gone\nCOPY src/\${APP}/\${APP}.csproj ./\n`, files: known, expect: [] },
    { name: 'a heredoc is not a context path', dockerfile: `${knownStart}COPY <<EOF /src/Gone.csproj\n<Project />\nEOF\n`, files: known, expect: [], noBacktickVariant: true },
    { name: 'ADD from a URL', dockerfile: `${knownStart}ADD https://example.com/Gone.csproj ./\n`, files: known, expect: [] },
    { name: 'a project the context has, with --parents', dockerfile: `${knownStart}COPY --parents src/Web/Web.csproj ./\n`, files: known, expect: [] },
    { name: 'without the Dockerfile\'s path the context is unknown', dockerfile: `${knownStart}COPY src/Gone/Gone.csproj ./\n`, expect: [] },
  ]);

  fixTable(copySourceMissing, [
    { name: 'the one project now in the folder', dockerfile: renamedBuild, files: renamed, dockerfilePath: 'src/Web/Dockerfile', fix: 'Copy src/Web/Shop.Web.csproj instead', expected: renamedBuild.replace('"src/Web/Web.csproj"', '"src/Web/Shop.Web.csproj"') },
    {
      name: 'the project with the same name elsewhere, and its folder as the destination',
      dockerfile: movedBuild,
      files: moved,
      dockerfilePath: 'Dockerfile',
      fix: 'Copy src/Services/Web/Web.csproj instead',
      expected: movedBuild.replace('COPY "src/Web/Web.csproj" "src/Web/"', 'COPY "src/Services/Web/Web.csproj" "src/Services/Web/"'),
    },
    { name: 'the path the Dockerfile\'s folder meant, from the context', dockerfile: relativeToDockerfile, files: composed, dockerfilePath: 'src/Web/Dockerfile', fix: 'Copy src/Core/Core.csproj instead', expected: relativeToDockerfile.replace('../Core/Core.csproj', 'src/Core/Core.csproj') },
  ]);

  it('offers no fix where two projects of that name could be meant', function () {
    const { findings, root } = lintCase(copySourceMissing, movedBuild, { ...moved, 'tests/Web/Web.csproj': lib }, 'Dockerfile');
    try {
      assert.deepEqual(findings.map(f => f.fixes.map(fix => fix.title)), [[]]);
    } finally {
      if (root) removeTree(root);
    }
  });
});

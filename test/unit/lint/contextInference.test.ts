import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createLintContext } from '../../../src/core/lint/lintContext';
import { csproj, removeTree, writeTree } from '../../support/fileTree';
import { now } from '../../support/lintTable';

// Where the linter thinks `docker build` was run from, for layouts met in public repositories: the context as a
// path from the tree's root ('' for the root itself), and what it rests on.

const web = csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' });
const lib = csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' });

// A solution with services under src/, each Dockerfile beside its project (the eShopOnContainers shape).
const services = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'src/Shop.sln': '',
  'src/NuGet.config': '<configuration />\n',
  'src/Services/Basket/Basket.API/Basket.API.csproj': web,
  'src/Services/Basket/Basket.API/Program.cs': '',
  'src/BuildingBlocks/EventBus/EventBus.csproj': lib,
};
const servicesDockerfile = 'src/Services/Basket/Basket.API/Dockerfile';

// Only the COPY sources tell (no dotnet command names a path).
const quotedShellForm = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY "Shop.sln" "Shop.sln"
COPY "Services/Basket/Basket.API/Basket.API.csproj" "Services/Basket/Basket.API/Basket.API.csproj"
COPY "BuildingBlocks/EventBus/EventBus.csproj" "BuildingBlocks/EventBus/EventBus.csproj"
COPY "NuGet.config" "NuGet.config"
RUN dotnet restore
`;

// Only `COPY . ./`: the paths dotnet works on say where the context is.
const copyAllThenWorkdir = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . ./
WORKDIR /src/src/Web
RUN dotnet publish Web.csproj -o /app
`;
const rootLayout = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  // Beside the Dockerfile too, where `dotnet publish Web.csproj` would find it: the WORKDIR says it is src/Web/Web.csproj in the context.
  'src/Web/Web.csproj': web,
};

const copyAllOnly = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish -c Release -o /app
`;

const compose = (context: string, dockerfile: string) => `services:\n  web:\n    image: shop/web\n    build:\n      context: ${context}\n      dockerfile: ${dockerfile}\n`;

interface ContextCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly dockerfilePath: string;
  readonly dockerfile: string;
  /** The context, relative to the tree's root. */
  readonly context: string;
  readonly evidence: string;
  readonly composeFile?: string;
}

const cases: ContextCase[] = [
  { name: 'quoted shell-form COPY sources are read without their quotes', files: services, dockerfilePath: servicesDockerfile, dockerfile: quotedShellForm, context: 'src', evidence: 'sources' },
  { name: 'the same in JSON form', files: services, dockerfilePath: servicesDockerfile, dockerfile: quotedShellForm.replace(/^COPY "([^"]+)" "([^"]+)"$/gm, 'COPY ["$1", "$2"]'), context: 'src', evidence: 'sources' },
  { name: 'COPY . ./ and a project path that exists only from the repository root', files: rootLayout, dockerfilePath: 'src/Web/Dockerfile', dockerfile: copyAllThenWorkdir, context: '', evidence: 'sources' },
  {
    name: 'COPY . ./ and the WORKDIR dotnet publishes in',
    files: { '.git/HEAD': '', 'src/Web/Web.csproj': web },
    dockerfilePath: 'src/Web/Dockerfile',
    dockerfile: copyAllOnly.replace('RUN dotnet publish', 'WORKDIR /src/src/Web\nRUN dotnet publish'),
    context: '',
    evidence: 'sources',
  },
  { name: 'a project beside the Dockerfile, copied whole', files: { 'App.csproj': web }, dockerfilePath: 'Dockerfile', dockerfile: copyAllOnly.replace('publish', 'publish App.csproj'), context: '', evidence: 'sources' },
  { name: 'nothing says where: the Dockerfile\'s folder, assumed', files: { '.git/HEAD': '', 'src/Web/Web.csproj': web }, dockerfilePath: 'src/Web/Dockerfile', dockerfile: copyAllOnly, context: 'src/Web', evidence: 'assumed' },
  {
    name: 'the folder where most sources exist wins over a nearer one with one of them',
    files: { '.git/HEAD': '', 'NuGet.config': '', 'src/Web/Web.csproj': web, 'src/Core/Core.csproj': lib, 'src/Web/NuGet.config': '' },
    dockerfilePath: 'src/Web/Dockerfile',
    dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nWORKDIR /src\nCOPY NuGet.config .\nCOPY src/Web/Web.csproj src/Web/\nCOPY src/Core/Core.csproj src/Core/\n',
    context: '',
    evidence: 'sources',
  },
  {
    name: 'the fixed folder in front of a glob counts (dotnet-docker\'s complexapp)',
    files: { '.git/HEAD': '', 'samples/app/app/app.csproj': web, 'samples/app/lib/lib.csproj': lib },
    dockerfilePath: 'samples/app/Dockerfile',
    dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nWORKDIR /source\nCOPY --link app/*.csproj app/\nCOPY --link lib/*.csproj lib/\n',
    context: 'samples/app',
    evidence: 'sources',
  },
  {
    name: 'a pattern in a file name matches a file of the folder (dotnet-docker\'s dotnetapp)',
    files: { '.git/HEAD': '', 'samples/app/app.csproj': web },
    dockerfilePath: 'samples/app/Dockerfile',
    dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nWORKDIR /source\nCOPY --link *.csproj .\nRUN dotnet restore\nCOPY --link . .\n',
    context: 'samples/app',
    evidence: 'sources',
  },
  {
    name: 'a pattern that matches nothing there is no evidence',
    files: { '.git/HEAD': '', 'samples/app/app.csproj': web },
    dockerfilePath: 'samples/app/Dockerfile',
    dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nWORKDIR /source\nCOPY --link *.fsproj .\nRUN dotnet restore\nCOPY --link . .\n',
    context: 'samples/app',
    evidence: 'assumed',
  },
  {
    name: '`cd` into the copied folder and a pattern for the project (tye\'s Azure Functions sample)',
    files: { '.git/HEAD': '', 'samples/voting/worker/worker.csproj': lib },
    dockerfilePath: 'samples/voting/worker/Dockerfile',
    dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS installer-env\nCOPY . /src/function-app\nRUN cd /src/function-app && \\\n    mkdir -p /home/site/wwwroot && \\\n    dotnet publish *.csproj --output /home/site/wwwroot\n',
    context: 'samples/voting/worker',
    evidence: 'sources',
  },
  {
    name: 'a compose file above names the Dockerfile: its context',
    files: { ...services, 'src/docker-compose.yml': compose('.', 'Services/Basket/Basket.API/Dockerfile') },
    dockerfilePath: servicesDockerfile,
    dockerfile: copyAllOnly,
    context: 'src',
    evidence: 'compose',
    composeFile: 'src/docker-compose.yml',
  },
  {
    name: 'compose beats the COPY sources',
    files: { ...rootLayout, 'compose.yaml': compose('./src/Web', 'Dockerfile') },
    dockerfilePath: 'src/Web/Dockerfile',
    dockerfile: copyAllThenWorkdir,
    context: 'src/Web',
    evidence: 'compose',
    composeFile: 'compose.yaml',
  },
  {
    name: 'the short form `build: <context>` with the default Dockerfile',
    files: { '.git/HEAD': '', 'src/Web/Web.csproj': web, 'docker-compose.override.yaml': 'services:\n  web:\n    build: src/Web\n' },
    dockerfilePath: 'src/Web/Dockerfile',
    dockerfile: copyAllOnly,
    context: 'src/Web',
    evidence: 'compose',
    composeFile: 'docker-compose.override.yaml',
  },
  {
    name: 'merge keys (`<<: *build`) are followed',
    files: { '.git/HEAD': '', 'src/Web/Web.csproj': web, 'docker-compose.yml': 'x-build: &build\n  context: src\nservices:\n  web:\n    build:\n      <<: *build\n      dockerfile: Web/Dockerfile\n' },
    dockerfilePath: 'src/Web/Dockerfile',
    dockerfile: copyAllOnly,
    context: 'src',
    evidence: 'compose',
    composeFile: 'docker-compose.yml',
  },
  {
    name: 'a compose file for another Dockerfile says nothing about this one',
    files: { '.git/HEAD': '', 'src/Web/Web.csproj': web, 'docker-compose.yml': compose('.', 'src/Api/Dockerfile') },
    dockerfilePath: 'src/Web/Dockerfile',
    dockerfile: copyAllOnly,
    context: 'src/Web',
    evidence: 'assumed',
  },
  {
    name: 'two services building it from different contexts settle nothing',
    files: { '.git/HEAD': '', 'src/Web/Web.csproj': web, 'compose.yaml': `services:\n  a:\n    build: { context: ., dockerfile: src/Web/Dockerfile }\n  b:\n    build: { context: src, dockerfile: Web/Dockerfile }\n` },
    dockerfilePath: 'src/Web/Dockerfile',
    dockerfile: copyAllOnly,
    context: 'src/Web',
    evidence: 'assumed',
  },
  {
    name: 'a context with a variable is not guessed',
    files: { '.git/HEAD': '', 'src/Web/Web.csproj': web, 'compose.yaml': compose('${CONTEXT:-.}', 'src/Web/Dockerfile') },
    dockerfilePath: 'src/Web/Dockerfile',
    dockerfile: copyAllOnly,
    context: 'src/Web',
    evidence: 'assumed',
  },
  {
    name: 'a malformed compose file is ignored, not a crash',
    files: { '.git/HEAD': '', 'src/Web/Web.csproj': web, 'compose.yaml': 'services:\n  web:\n    build: [\n      context: .\n' },
    dockerfilePath: 'src/Web/Dockerfile',
    dockerfile: copyAllOnly,
    context: 'src/Web',
    evidence: 'assumed',
  },
  {
    name: 'a compose file above the repository root is not read',
    files: { 'compose.yaml': compose('.', 'repo/src/Web/Dockerfile'), 'repo/.git/HEAD': '', 'repo/src/Web/Web.csproj': web },
    dockerfilePath: 'repo/src/Web/Dockerfile',
    dockerfile: copyAllOnly,
    context: 'repo/src/Web',
    evidence: 'assumed',
  },
  {
    name: 'a compose file larger than the bound is not parsed',
    files: { '.git/HEAD': '', 'src/Web/Web.csproj': web, 'compose.yaml': `${compose('.', 'src/Web/Dockerfile')}# ${'x'.repeat(1024 * 1024)}\n` },
    dockerfilePath: 'src/Web/Dockerfile',
    dockerfile: copyAllOnly,
    context: 'src/Web',
    evidence: 'assumed',
  },
];

describe('build context inference', function () {
  for (const c of cases) {
    it(c.name, function () {
      const root = writeTree({ ...c.files, [c.dockerfilePath]: c.dockerfile });
      try {
        const context = createLintContext(c.dockerfile, { now, dockerfilePath: path.join(root, c.dockerfilePath) });
        assert.deepEqual(
          { context: path.relative(root, context.contextDirectory!).split(path.sep).join('/'), evidence: context.contextEvidence, composeFile: context.composeFile && path.relative(root, context.composeFile).split(path.sep).join('/') },
          { context: c.context, evidence: c.evidence, composeFile: c.composeFile },
        );
      } finally {
        removeTree(root);
      }
    });
  }

  it('a context that is set is taken as given', function () {
    const root = writeTree({ 'src/Web/Web.csproj': web });
    try {
      const context = createLintContext(copyAllOnly, { now, dockerfilePath: path.join(root, 'src/Web/Dockerfile'), contextDirectory: root });
      assert.equal(context.contextDirectory, root);
      assert.equal(context.contextEvidence, 'given');
    } finally {
      removeTree(root);
    }
  });
});

// Which project the linter reads for layouts met in public repositories: a path from the tree's root, or undefined.
describe('project inference', function () {
  const projectOf = (files: Record<string, string>, dockerfilePath: string, dockerfile: string) => {
    const root = writeTree({ ...files, [dockerfilePath]: dockerfile });
    try {
      const context = createLintContext(dockerfile, { now, dockerfilePath: path.join(root, dockerfilePath) });
      return context.project && path.relative(root, context.project.info.file).split(path.sep).join('/');
    } finally {
      removeTree(root);
    }
  };

  it('a pattern COPY of the project file (dotnet-docker\'s samples: COPY aspnetapp/*.csproj .)', function () {
    const dockerfile = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /source\nCOPY aspnetapp/*.csproj .\nRUN dotnet restore\nCOPY aspnetapp/. .\nRUN dotnet publish --no-restore -o /app\n';
    assert.equal(projectOf({ 'aspnetapp/aspnetapp.csproj': web, 'tests/tests.csproj': lib }, 'Dockerfile', dockerfile), 'aspnetapp/aspnetapp.csproj');
    // Two projects the pattern takes: none is guessed.
    assert.equal(projectOf({ 'aspnetapp/aspnetapp.csproj': web, 'aspnetapp/other.csproj': lib }, 'Dockerfile', dockerfile), undefined);
  });

  it('a bare dotnet publish in the WORKDIR the whole context was copied above (bitwarden/server: COPY . ./ then WORKDIR /source/util/Server)', function () {
    const dockerfile = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /source\nCOPY . ./\nWORKDIR /source/util/Server\nRUN dotnet publish -c Release -o /app\n';
    assert.equal(projectOf({ '.git/HEAD': '', 'util/Server/Server.csproj': web, 'util/Attachments/Attachments.csproj': lib, 'src/Core/Core.csproj': lib }, 'util/Attachments/Dockerfile', dockerfile), 'util/Server/Server.csproj');
  });

  it('a folder copied to another path, and the project named by its path in the image (grandnode2: COPY ./src/ /app/)', function () {
    const dockerfile = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nCOPY ./src/ /app/\nRUN dotnet publish /app/Web/Shop.Web/Shop.Web.csproj -c Release -o /build\n';
    assert.equal(projectOf({ '.git/HEAD': '', 'src/Web/Shop.Web/Shop.Web.csproj': web, 'src/Core/Core.csproj': lib }, 'Dockerfile', dockerfile), 'src/Web/Shop.Web/Shop.Web.csproj');
  });
});

import * as assert from 'node:assert/strict';
import { runsApp, usesDotnet } from '../../../src/core/lint/appShape';
import { createLintContext } from '../../../src/core/lint/lintContext';
import { csproj, removeTree } from '../../support/fileTree';
import { lintTree, now } from '../../support/lintTable';

const node = `FROM --platform=$BUILDPLATFORM node:22 AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build -- --target=$TARGETARCH

FROM node:22-alpine
WORKDIR /app
COPY --from=build /src/dist ./dist
USER node
EXPOSE 80
CMD ["node", "dist/server.js"]
`;

const go = `FROM --platform=$BUILDPLATFORM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/api /api
ENTRYPOINT ["/api"]
`;

const nginx = `FROM nginx:1.27-alpine
COPY site/ /usr/share/nginx/html/
COPY nginx.conf /etc/nginx/conf.d/default.conf
EXPOSE 80
`;

// Dockerfiles with nothing of .NET (decided once, for every dotnet/* rule), and ones that are .NET without a .NET image.
const table: ReadonlyArray<[string, string, boolean]> = [
  ['a node app', node, false],
  ['a Go service on distroless', go, false],
  ['an nginx site', nginx, false],
  ['a Python app', 'FROM python:3.13-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n', false],
  ['a custom base image that runs dotnet publish', 'FROM registry.example.com/build/base:2024 AS build\nCOPY . .\nRUN dotnet publish -c Release -o /app\n', true],
  ['a self-contained app copied onto ubuntu from its net8.0 publish folder', 'FROM ubuntu:24.04\nCOPY bin/Release/net8.0/linux-x64/publish/ /app/\nENTRYPOINT ["/app/Api"]\n', true],
  ['an app started by dotnet on a custom image', 'FROM registry.example.com/runtime:3\nCOPY app/ /app/\nENTRYPOINT ["dotnet", "/app/Api.dll"]\n', true],
  ['.NET installed with the install script', 'FROM debian:12\nRUN curl -sSL https://dot.net/v1/dotnet-install.sh | bash /dev/stdin --channel 10.0\n', true],
  ['.NET installed from the distribution', 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y dotnet-sdk-8.0\n', true],
  ['ASP.NET Core settings on a custom image', 'FROM registry.example.com/runtime:3\nENV ASPNETCORE_HTTP_PORTS=5000\nCOPY app/ /app/\n', true],
  ['a project file copied in', 'FROM registry.example.com/build:1\nCOPY src/Api/Api.csproj src/Api/\n', true],
  ['a .NET image', 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\n', true],
  ['a .NET image named through a variable with no default', 'ARG REGISTRY\nFROM $REGISTRY/dotnet/aspnet:10.0\n', true],
];

describe('usesDotnet: which Dockerfiles the .NET rules apply to', function () {
  for (const [name, dockerfile, expected] of table) {
    it(`${name}: ${expected ? '.NET' : 'not .NET'}`, () => assert.equal(usesDotnet(createLintContext(dockerfile, { now })), expected));
  }

  it('a project found beside the Dockerfile makes it a .NET one', function () {
    const { findings, root } = lintTree('FROM ubuntu:24.04\nWORKDIR /app\nCOPY out/ .\nENTRYPOINT ["./app"]\n', { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0' }) }, 'Dockerfile', { genericChecks: false });
    try {
      // The apphost is named after the assembly, case and all: the rule checks it on an ubuntu image too.
      assert.deepEqual(findings.map(f => f.rule), ['dotnet/entrypoint-mismatch']);
    } finally {
      if (root) removeTree(root);
    }
  });
});

describe('lintDockerfile on Dockerfiles without .NET', function () {
  for (const [name, dockerfile] of [['node', node], ['Go', go], ['nginx', nginx]] as const) {
    it(`a ${name} Dockerfile gets no dotnet/* finding, not even in a context without .dockerignore`, function () {
      const { findings, root } = lintTree(dockerfile, { 'package.json': '{}\n', 'site/index.html': '<p>hi</p>\n' }, 'Dockerfile', { genericChecks: false });
      try {
        assert.deepEqual(findings.filter(f => f.rule.startsWith('dotnet/')).map(f => `${f.rule}: ${f.message}`), []);
      } finally {
        if (root) removeTree(root);
      }
    });
  }

  it('the same shape with dotnet in it is checked (the platform ARG the stage never declares)', function () {
    const { findings } = lintTree(node.replace('RUN npm run build -- --target=$TARGETARCH', 'RUN dotnet publish -a $TARGETARCH -o /src/dist'), undefined, 'Dockerfile', { genericChecks: false });
    assert.ok(findings.some(f => f.rule === 'dotnet/cross-build'), findings.map(f => f.rule).join(', '));
  });

  it('the Dockerfile checks that are not about .NET still run', function () {
    const { findings } = lintTree(node.replace('--from=build', '--from=biuld'), undefined, 'Dockerfile', { genericChecks: false });
    assert.deepEqual(findings.map(f => f.rule), ['dockerfile/unknown-stage']);
  });
});

describe('runsApp: Dockerfiles that only define an image', function () {
  const cases: ReadonlyArray<[string, string, boolean]> = [
    ['ENTRYPOINT', 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nENTRYPOINT ["dotnet", "App.dll"]\n', true],
    ['CMD in a base stage', 'FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base\nCMD ["./App"]\nFROM base\n', true],
    ['the app copied from a build stage, started by compose', 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -o /app\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=build /app /app\n', true],
    ['published files copied from the context', 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY ["publish/", "/app/"]\n', true],
    ['packages added to a base image', 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nRUN apt-get update && apt-get install -y libgdiplus\n', false],
    ['a certificate and a script copied in', 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY ca.crt /usr/local/share/ca-certificates/\nCOPY ["scripts/setup.sh", "/setup.sh"]\nRUN /setup.sh\n', false],
    ['a tool copied from another image', 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nCOPY --from=docker:27-cli /usr/local/bin/docker /usr/local/bin/docker\n', false],
    ['the runtime image\'s Dockerfile: .NET copied from the installer stage into /usr/share/dotnet', 'FROM amd64/buildpack-deps:noble-curl AS installer\nRUN mkdir -p /dotnet\nFROM mcr.microsoft.com/dotnet/runtime-deps:10.0\nCOPY --from=installer ["/dotnet", "/usr/share/dotnet"]\n', false],
    ['a chiseled image\'s root file system copied from its chisel stage', 'FROM ubuntu:24.04 AS chisel\nRUN mkdir -p /rootfs\nFROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled\nCOPY --from=chisel /rootfs /\n', false],
    ['the Windows sdk image\'s Dockerfile: .NET copied into Program Files', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS installer\nRUN mkdir dotnet\nFROM mcr.microsoft.com/dotnet/aspnet:10.0-nanoserver-ltsc2022\nCOPY --from=installer ["/Program Files/dotnet", "/Program Files/dotnet"]\n', false],
    ['a CI build environment: CMD ["bash"]', 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nRUN apt-get update && apt-get install -y git\nCMD ["bash"]\n', false],
    ['a CI build environment: CMD ["pwsh", "-NoLogo"]', 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nCMD ["pwsh", "-NoLogo"]\n', false],
    ['a Windows build environment: CMD cmd.exe /S', 'FROM mcr.microsoft.com/dotnet/sdk:10.0-windowsservercore-ltsc2022\nCMD ["C:\\\\Windows\\\\System32\\\\cmd.exe", "/S"]\n', false],
    ['a devcontainer: CMD sleep infinity', 'FROM mcr.microsoft.com/devcontainers/dotnet:1-10.0\nRUN apt-get update\nCMD sleep infinity\n', false],
    ['a devcontainer: tail -f /dev/null', 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nENTRYPOINT ["tail", "-f", "/dev/null"]\n', false],
    ['bash running a script', 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCMD ["bash", "/app/start.sh"]\n', true],
    ['sh -c running the app', 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCMD /bin/sh -ec "dotnet /app/App.dll"\n', true],
    ['cmd /c running the app', 'FROM mcr.microsoft.com/dotnet/aspnet:10.0-nanoserver-ltsc2022\nCMD ["cmd", "/c", "dotnet App.dll"]\n', true],
    ['a published app from a build stage into /usr/local/app', 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nRUN dotnet publish -o /out\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=build /out /usr/local/app\n', true],
    ['what a non-.NET stage downloaded, copied to /app', 'FROM alpine:3.21 AS fetch\nRUN wget -O /out/app https://example.invalid/app\nFROM mcr.microsoft.com/dotnet/runtime-deps:10.0\nCOPY --from=fetch /out /app\n', true],
    ['a file written by a heredoc', 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nCOPY <<EOF /etc/apt/sources.list.d/extra.list\ndeb http://deb.debian.org/debian bookworm-backports main\nEOF\n', false],
  ];
  for (const [name, dockerfile, expected] of cases) {
    it(`${name}: ${expected ? 'runs an app' : 'only defines an image'}`, () => assert.equal(runsApp(createLintContext(dockerfile, { now })), expected));
  }
});

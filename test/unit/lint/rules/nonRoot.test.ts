import * as assert from 'node:assert/strict';
import { nonRoot } from '../../../../src/core/lint/rules/nonRoot';
import { csproj } from '../../../support/fileTree';
import { dotnetDockerfile } from '../../../support/dotnetDockerfile';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const mcr = 'mcr.microsoft.com/dotnet';
const aspnet = `${mcr}/aspnet:10.0`;
const tool = { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0' }) };

/** The final FROM is line 6, `settings` line 8, the ENTRYPOINT line 10 (for one line of settings). */
const dockerfile = (settings: string, final = aspnet) => dotnetDockerfile(settings, final);

const image = (line: number, text: string, column = 6) => `${line}:${column}-${line}:${column + text.length}`;

describe('rule dotnet/non-root', function () {
  ruleTable(nonRoot, [
    { name: 'no USER on aspnet:10.0', dockerfile: dockerfile('EXPOSE 8080'), expect: [image(6, aspnet)], message: ['runs as root', 'USER $APP_UID'] },
    { name: 'USER root', dockerfile: dockerfile('USER root'), expect: ['8:6-8:10'], message: ['USER root'] },
    { name: 'USER 0:0', dockerfile: dockerfile('USER 0:0'), expect: ['8:6-8:9'] },
    // Root at start on purpose: an entrypoint script fixes volume ownership, then hands the app to another user.
    {
      name: 'gosu installed for the entrypoint script: the app does not run as root',
      dockerfile: dockerfile('RUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*'),
      expect: [],
    },
    { name: 'su-exec added on Alpine', dockerfile: dockerfile('RUN apk add --no-cache su-exec', `${mcr}/aspnet:10.0-alpine`), expect: [] },
    { name: 'gosu copied from its image', dockerfile: dockerfile('COPY --from=tianon/gosu:1.17 /gosu /usr/local/bin/'), expect: [] },
    {
      name: 'the command itself drops root with setpriv',
      dockerfile: dockerfile('LABEL a=b').replace(/ENTRYPOINT .*/, 'ENTRYPOINT ["setpriv", "--reuid=1654", "--regid=1654", "--init-groups", "dotnet", "App.dll"]'),
      expect: [],
    },
    {
      name: 'the non-root user and --urls on port 80 in the command',
      dockerfile: dockerfile('USER $APP_UID').replace('ENTRYPOINT ["dotnet", "App.dll"]', 'ENTRYPOINT ["dotnet", "App.dll", "--urls", "http://+:80"]'),
      files: { 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) },
      expect: ['10:54-10:56'],
      message: ['listens on port 80 (--urls on the command line)', 'Permission denied'],
    },
    { name: 'a package whose name only contains gosu is not one', dockerfile: dockerfile('RUN apt-get update && apt-get install -y libgosu-dev'), expect: [image(6, aspnet)] },
    { name: 'USER root after USER $APP_UID', dockerfile: dockerfile('USER $APP_UID\nUSER root'), expect: ['9:6-9:10'] },
    { name: 'no USER on runtime-deps (self-contained)', dockerfile: dockerfile('LABEL a=b', `${mcr}/runtime-deps:10.0-alpine`), expect: [image(6, `${mcr}/runtime-deps:10.0-alpine`)] },
    { name: 'no USER on .NET 8', dockerfile: dockerfile('LABEL a=b', `${mcr}/aspnet:8.0-bookworm-slim`), expect: [image(6, `${mcr}/aspnet:8.0-bookworm-slim`)] },
    { name: 'latest counts as current', dockerfile: dockerfile('LABEL a=b', `${mcr}/aspnet:latest`), expect: [image(6, `${mcr}/aspnet:latest`)] },
    { name: 'a global ARG supplies the tag', dockerfile: `ARG TAG=10.0\n${dockerfile('LABEL a=b', `${mcr}/aspnet:\${TAG}`)}`, expect: [image(7, `${mcr}/aspnet:\${TAG}`)] },
    { name: 'the --platform flag before the image', dockerfile: dockerfile('LABEL a=b', `--platform=$TARGETPLATFORM ${aspnet}`), expect: [image(6, aspnet, 33)] },
    { name: 'pinned by digest', dockerfile: dockerfile('LABEL a=b', `${aspnet}@sha256:${'b'.repeat(64)}`), expect: [image(6, `${aspnet}@sha256:${'b'.repeat(64)}`)] },
    {
      name: 'FROM base AS final with no USER anywhere: reported on the final FROM',
      dockerfile: `FROM ${aspnet} AS base\nWORKDIR /app\nFROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish -o /out\nFROM base AS final\nCOPY --from=build /out .\nENTRYPOINT ["dotnet", "App.dll"]\n`,
      expect: ['5:6-5:10'],
    },
    // A non-root app on a port below 1024.
    { name: 'USER $APP_UID with ASPNETCORE_URLS on :80', dockerfile: dockerfile('USER $APP_UID\nENV ASPNETCORE_URLS=http://+:80'), expect: ['9:30-9:32'], message: ['Permission denied', '8080'] },
    { name: 'chiseled (non-root by default) with ASPNETCORE_HTTP_PORTS=80', dockerfile: dockerfile('ENV ASPNETCORE_HTTP_PORTS=80\nEXPOSE 80', `${mcr}/aspnet:10.0-noble-chiseled`), expect: ['8:27-8:29'] },
    { name: 'HTTP and HTTPS on 80 and 443', dockerfile: dockerfile('USER app\nENV ASPNETCORE_URLS="http://+:80;https://+:443"'), expect: ['9:31-9:33', '9:44-9:47'] },
    { name: 'an HTTPS URL without a port binds 443', dockerfile: dockerfile('USER app\nENV ASPNETCORE_URLS="http://+:80;https://localhost"'), expect: ['9:21-9:52', '9:31-9:33'] },
    { name: '.NET 6 listens on 80 by default', dockerfile: dockerfile('USER app', `${mcr}/aspnet:6.0`), expect: ['8:1-8:9'], message: ['the image\'s default'] },
    { name: 'Kestrel configured elsewhere: EXPOSE 80 is the hint', dockerfile: dockerfile('USER $APP_UID\nENV Kestrel__Endpoints__Http__Url=http://+:80\nEXPOSE 80'), expect: ['10:8-10:10'] },
    {
      name: 'an app copied in without ENTRYPOINT (started by compose) still runs as root',
      dockerfile: `FROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish App.csproj -o /app\nFROM ${aspnet}\nCOPY --from=build /app /app\n`,
      expect: [image(3, aspnet)],
    },
    // What an image-definition Dockerfile does not do: start a script, or copy in what a stage built to where apps go.
    { name: 'CMD starts a script with bash', dockerfile: `FROM ${aspnet}\nCOPY --from=${mcr}/sdk:10.0 /usr/share/dotnet/sdk /opt/sdk\nCMD ["bash", "/app/start.sh"]\n`, expect: [image(1, aspnet)] },
    { name: 'CMD runs the app through pwsh -Command', dockerfile: `FROM ${aspnet}\nCMD ["pwsh", "-Command", "dotnet /app/App.dll"]\n`, expect: [image(1, aspnet)] },
    { name: 'a released app downloaded in a stage and copied to /app', dockerfile: `FROM alpine:3.21 AS fetch\nRUN wget -O- https://example.invalid/app.tar.gz | tar -xz -C /out\nFROM ${aspnet}\nCOPY --from=fetch /out /app\n`, expect: [image(3, aspnet)] },
    { name: 'what a dotnet publish stage built, even under /usr/local', dockerfile: `FROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish App.csproj -o /out\nFROM ${aspnet}\nCOPY --from=build /out /usr/local/app\n`, expect: [image(3, aspnet)] },
    // Silent cases.
    // Dockerfiles that only define an image (no app copied in, no ENTRYPOINT/CMD): the images built on them decide the user.
    // The .NET images' own Dockerfiles, CI build environments and devcontainers: they define an image, no app runs in them.
    { name: 'the runtime image\'s Dockerfile: .NET copied from its installer stage into /usr/share/dotnet', dockerfile: `FROM amd64/buildpack-deps:noble-curl AS installer\nRUN curl -fSL --output dotnet.tar.gz https://example.invalid/dotnet-runtime-10.0.0-linux-x64.tar.gz && mkdir -p /dotnet && tar -oxzf dotnet.tar.gz -C /dotnet\nFROM ${mcr}/runtime-deps:10.0.0-noble-amd64\nCOPY --from=installer ["/dotnet", "/usr/share/dotnet"]\nRUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet\n`, expect: [] },
    { name: 'the aspnet image\'s Dockerfile: the shared framework copied in by stage index', dockerfile: `FROM amd64/buildpack-deps:noble-curl AS installer\nRUN mkdir -p /shared/Microsoft.AspNetCore.App\nFROM ${mcr}/runtime:10.0.0-noble-amd64\nCOPY --from=0 ["/shared/Microsoft.AspNetCore.App", "/usr/share/dotnet/shared/Microsoft.AspNetCore.App"]\n`, expect: [] },
    { name: 'the sdk image\'s Dockerfile on aspnet, through a global ARG', dockerfile: `ARG REPO=${mcr}/aspnet\nFROM amd64/buildpack-deps:noble-curl AS installer\nRUN mkdir -p /dotnet\nFROM $REPO:10.0.0-noble-amd64\nENV DOTNET_SDK_VERSION=10.0.100\nCOPY --from=installer ["/dotnet", "/usr/share/dotnet"]\nCOPY --from=installer ["/powershell", "/usr/share/powershell"]\nRUN dotnet help\n`, expect: [] },
    { name: 'a CI build environment that starts bash', dockerfile: `FROM ${aspnet}\nRUN apt-get update && apt-get install -y git\nCMD ["bash"]\n`, expect: [] },
    { name: 'a CI build environment that starts pwsh -NoLogo, in shell form', dockerfile: `FROM ${aspnet}\nRUN dotnet tool install -g PowerShell\nCMD pwsh -NoLogo\n`, expect: [] },
    { name: 'a devcontainer kept running with sleep infinity', dockerfile: `FROM ${aspnet}\nRUN apt-get update && apt-get install -y git\nCMD ["sleep", "infinity"]\n`, expect: [] },
    { name: 'a devcontainer kept running with tail -f /dev/null', dockerfile: `FROM ${aspnet}\nENTRYPOINT ["tail", "-f", "/dev/null"]\n`, expect: [] },
    { name: 'a base image that adds a native library', dockerfile: `FROM ${aspnet}\nRUN apt-get update && apt-get install -y libgdiplus\n`, expect: [] },
    { name: 'a CI build environment on the sdk', dockerfile: `FROM ${mcr}/sdk:10.0\nRUN dotnet tool install -g dotnet-ef\nENV PATH="$PATH:/root/.dotnet/tools"\n`, expect: [] },
    { name: 'a base image that adds a certificate', dockerfile: `FROM ${aspnet}\nCOPY certs/corp-root.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates\n`, expect: [] },
    { name: 'a base image that copies a tool from another image', dockerfile: `FROM ${aspnet}\nCOPY --from=mcr.microsoft.com/dotnet/monitor:9 /app /opt/monitor\n`, expect: [] },
    { name: 'USER $APP_UID', dockerfile: dockerfile('USER $APP_UID'), expect: [] },
    { name: 'USER app:app', dockerfile: dockerfile('USER app:app'), expect: [] },
    { name: 'USER 1654', dockerfile: dockerfile('USER 1654'), expect: [] },
    { name: 'USER in the base stage', dockerfile: `FROM ${aspnet} AS base\nUSER $APP_UID\nFROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish -o /out\nFROM base AS final\nCOPY --from=build /out .\nENTRYPOINT ["dotnet", "App.dll"]\n`, expect: [] },
    { name: 'chiseled images run as app already', dockerfile: dockerfile('EXPOSE 8080', `${mcr}/aspnet:10.0-noble-chiseled`), expect: [] },
    { name: 'distroless images run as app already', dockerfile: dockerfile('EXPOSE 8080', `${mcr}/runtime-deps:10.0-azurelinux3.0-distroless`), expect: [] },
    { name: '.NET 6 has no app user', dockerfile: dockerfile('EXPOSE 80', `${mcr}/aspnet:6.0`), expect: [] },
    { name: 'Nano Server runs as ContainerUser', dockerfile: dockerfile('EXPOSE 8080', `${mcr}/aspnet:10.0-nanoserver-ltsc2022`), expect: [] },
    { name: 'Server Core has no app user', dockerfile: dockerfile('EXPOSE 8080', `${mcr}/aspnet:10.0-windowsservercore-ltsc2022`), expect: [] },
    { name: 'USER root binds port 80 fine: only the root finding', dockerfile: dockerfile('USER root\nENV ASPNETCORE_HTTP_PORTS=80'), expect: ['8:6-8:10'] },
    { name: 'EXPOSE 80 while the app listens on 8080 is port-mismatch\'s business', dockerfile: dockerfile('USER $APP_UID\nEXPOSE 80'), expect: [] },
    { name: 'a console app on port 80 variables', files: tool, dockerfile: dockerfile('USER $APP_UID\nENV ASPNETCORE_HTTP_PORTS=80', `${mcr}/runtime:10.0`), expect: [] },
    { name: 'a non-.NET image', dockerfile: dockerfile('EXPOSE 80', 'nginx:1.27'), expect: [] },
    { name: 'an unresolved variable', dockerfile: dockerfile('EXPOSE 80', `${mcr}/aspnet:\${TAG}`), expect: [] },
  ]);

  fixTable(nonRoot, [
    {
      name: '--urls on port 80 moves to 8080 in the command itself (an ENV would not override it)',
      dockerfile: dockerfile('USER $APP_UID\nEXPOSE 80').replace('ENTRYPOINT ["dotnet", "App.dll"]', 'ENTRYPOINT ["dotnet", "App.dll", "--urls", "http://+:80"]'),
      files: { 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) },
      fix: 'Use port 8080 instead of 80',
      expected: dockerfile('USER $APP_UID\nEXPOSE 8080').replace('ENTRYPOINT ["dotnet", "App.dll"]', 'ENTRYPOINT ["dotnet", "App.dll", "--urls", "http://+:8080"]'),
    },
    { name: 'USER before the ENTRYPOINT', dockerfile: dockerfile('EXPOSE 8080'), fix: 'Run as the app user (USER $APP_UID)', expected: dockerfile('EXPOSE 8080').replace('ENTRYPOINT', 'USER $APP_UID\nENTRYPOINT') },
    { name: 'after USER root and its RUN', dockerfile: dockerfile('USER root\nRUN apt-get update'), fix: 'Run as the app user (USER $APP_UID)', expected: dockerfile('USER root\nRUN apt-get update').replace('ENTRYPOINT', 'USER $APP_UID\nENTRYPOINT') },
    {
      name: 'a RUN after the ENTRYPOINT: the USER goes at the end',
      dockerfile: `FROM ${aspnet}\nENTRYPOINT ["dotnet", "App.dll"]\nRUN apt-get update\n`,
      fix: 'Run as the app user (USER $APP_UID)',
      expected: `FROM ${aspnet}\nENTRYPOINT ["dotnet", "App.dll"]\nRUN apt-get update\nUSER $APP_UID\n`,
    },
    { name: 'no line ending at the end', dockerfile: `FROM ${aspnet}\nCOPY app /app`, fix: 'Run as the app user (USER $APP_UID)', expected: `FROM ${aspnet}\nCOPY app /app\nUSER $APP_UID` },
    {
      name: 'CRLF file: the inserted line ends in CRLF',
      dockerfile: dockerfile('EXPOSE 8080').replace(/\n/g, '\r\n'),
      fix: 'Run as the app user (USER $APP_UID)',
      expected: dockerfile('EXPOSE 8080').replace('ENTRYPOINT', 'USER $APP_UID\nENTRYPOINT').replace(/\n/g, '\r\n'),
    },
    {
      name: 'CRLF file, no line ending at the end',
      dockerfile: `FROM ${aspnet}\r\nCOPY app /app`,
      fix: 'Run as the app user (USER $APP_UID)',
      expected: `FROM ${aspnet}\r\nCOPY app /app\r\nUSER $APP_UID`,
    },
    { name: 'port 80 → 8080', dockerfile: dockerfile('USER $APP_UID\nENV ASPNETCORE_URLS=http://+:80'), fix: 'Use port 8080 instead of 80', expected: dockerfile('USER $APP_UID\nENV ASPNETCORE_URLS=http://+:8080') },
    {
      name: 'ENV and EXPOSE move together',
      dockerfile: dockerfile('ENV ASPNETCORE_HTTP_PORTS=80\nEXPOSE 80', `${mcr}/aspnet:10.0-noble-chiseled`),
      fix: 'Use port 8080 instead of 80',
      expected: dockerfile('ENV ASPNETCORE_HTTP_PORTS=8080\nEXPOSE 8080', `${mcr}/aspnet:10.0-noble-chiseled`),
    },
    {
      name: 'HTTP and HTTPS',
      dockerfile: dockerfile('USER app\nENV ASPNETCORE_URLS="http://+:80;https://+:443"'),
      fix: 'Use ports 8080, 8081 instead of 80, 443',
      expected: dockerfile('USER app\nENV ASPNETCORE_URLS="http://+:8080;https://+:8081"'),
    },
    { name: '.NET 6 default port overridden after the USER', dockerfile: dockerfile('USER app\nEXPOSE 80', `${mcr}/aspnet:6.0`), fix: 'Use port 8080 instead of 80', expected: dockerfile('USER app\nENV ASPNETCORE_URLS=http://+:8080\nEXPOSE 8080', `${mcr}/aspnet:6.0`) },
    {
      name: 'EXPOSE hint: 80 → 8080',
      dockerfile: dockerfile('USER $APP_UID\nENV Kestrel__Endpoints__Http__Url=http://+:80\nEXPOSE 80'),
      fix: 'Use port 8080 instead of 80',
      expected: dockerfile('USER $APP_UID\nENV Kestrel__Endpoints__Http__Url=http://+:80\nEXPOSE 8080'),
    },
  ]);

  describe('fixes offered', function () {
    it('a port that is not written gets no fix that pretends to move it', function () {
      const { findings } = lintCase(nonRoot, dockerfile('USER app\nENV ASPNETCORE_URLS="http://+:80;https://localhost"'), undefined);
      assert.deepEqual(findings.map(f => f.fixes.map(fix => fix.title)), [[], ['Use port 8080 instead of 80']]);
    });
  });

  describe('severity', function () {
    it('running as root is a warning; a port that cannot be bound is an error', function () {
      assert.deepEqual(lintCase(nonRoot, dockerfile('EXPOSE 8080'), undefined).findings.map(f => f.severity), ['warning']);
      assert.deepEqual(lintCase(nonRoot, dockerfile('USER $APP_UID\nENV ASPNETCORE_URLS=http://+:80'), undefined).findings.map(f => f.severity), ['error']);
    });
  });
});

import * as assert from 'node:assert/strict';
import { noShellStage } from '../../../../src/core/lint/rules/noShellStage';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const mcr = 'mcr.microsoft.com/dotnet';
const chiseled = `${mcr}/aspnet:10.0-noble-chiseled`;
const distroless = `${mcr}/runtime-deps:10.0-azurelinux3.0-distroless`;
const withShell = (image: string) => `Use ${image}, which has a shell and package manager (and runs as root unless USER is set)`;

/** The final FROM is line 6; `tail` starts on line 9. */
function dockerfile(tail: string, final = chiseled): string {
  return `FROM ${mcr}/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish -c Release -o /app

FROM ${final} AS final
WORKDIR /app
COPY --from=build /app .
${tail}
`;
}

/** The whole of a one-line instruction on line `line`. */
const whole = (line: number, text: string) => `${line}:1-${line}:${text.length + 1}`;

describe('rule dotnet/no-shell-stage', function () {
  ruleTable(noShellStage, [
    { name: 'apt-get in a chiseled stage', dockerfile: dockerfile('RUN apt-get update && apt-get install -y curl'), expect: [whole(9, 'RUN apt-get update && apt-get install -y curl')], message: ['apt-get needs a package manager', 'build stage'] },
    { name: 'any RUN in a chiseled stage', dockerfile: dockerfile('RUN mkdir /data'), expect: [whole(9, 'RUN mkdir /data')], message: ['needs /bin/sh'] },
    { name: 'apk in a distroless stage', dockerfile: dockerfile('RUN apk add icu-libs', distroless), expect: [whole(9, 'RUN apk add icu-libs')], message: ['distroless'] },
    { name: 'a RUN over several lines is marked on its first', dockerfile: dockerfile('RUN tdnf install -y icu \\\n    && tdnf clean all', distroless), expect: [whole(9, 'RUN tdnf install -y icu \\')] },
    { name: 'exec-form RUN of a package manager', dockerfile: dockerfile('RUN ["apt-get", "update"]'), expect: [whole(9, 'RUN ["apt-get", "update"]')] },
    { name: 'exec-form RUN of a shell', dockerfile: dockerfile('RUN ["/bin/sh", "-c", "echo hi"]'), expect: [whole(9, 'RUN ["/bin/sh", "-c", "echo hi"]')] },
    { name: 'shell-form ENTRYPOINT', dockerfile: dockerfile('ENTRYPOINT dotnet App.dll', distroless), expect: [whole(9, 'ENTRYPOINT dotnet App.dll')], message: ['cannot start', 'exec form'] },
    { name: 'shell-form CMD with exec and quotes', dockerfile: dockerfile(`CMD exec dotnet "My App.dll" --urls 'http://+:8080'`), expect: [whole(9, `CMD exec dotnet "My App.dll" --urls 'http://+:8080'`)] },
    { name: 'shell-form ENTRYPOINT with shell syntax', dockerfile: dockerfile('ENTRYPOINT dotnet App.dll && echo done'), expect: [whole(9, 'ENTRYPOINT dotnet App.dll && echo done')], message: ['move the shell logic'] },
    { name: 'HEALTHCHECK with curl, shell form', dockerfile: dockerfile('HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1'), expect: [whole(9, 'HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1')], message: ['runs curl'] },
    { name: 'HEALTHCHECK with curl, exec form', dockerfile: dockerfile('HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost:8080/"]'), expect: [whole(9, 'HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost:8080/"]')] },
    { name: 'HEALTHCHECK in shell form', dockerfile: dockerfile('HEALTHCHECK CMD dotnet /app/probe.dll'), expect: [whole(9, 'HEALTHCHECK CMD dotnet /app/probe.dll')], message: ['the check always fails'] },
    {
      name: 'a stage built FROM a chiseled base stage',
      dockerfile: `FROM ${chiseled} AS base\nWORKDIR /app\nFROM base AS final\nRUN rm -rf /tmp/*\n`,
      expect: ['4:1-4:18'],
    },
    { name: 'every stage is checked, not only the final one', dockerfile: `FROM ${chiseled} AS probe\nRUN echo hi\nFROM ${mcr}/aspnet:10.0\nRUN echo hi\n`, expect: ['2:1-2:12'] },
    { name: 'a global ARG supplies the variant', dockerfile: `ARG VARIANT=noble-chiseled\n${dockerfile('RUN mkdir /data', `${mcr}/aspnet:10.0-\${VARIANT}`)}`, expect: [whole(10, 'RUN mkdir /data')] },
    { name: 'the --platform flag before the image', dockerfile: dockerfile('RUN mkdir /data', `--platform=linux/amd64 ${chiseled}`), expect: [whole(9, 'RUN mkdir /data')] },
    { name: 'pinned by digest', dockerfile: dockerfile('RUN mkdir /data', `${chiseled}@sha256:${'d'.repeat(64)}`), expect: [whole(9, 'RUN mkdir /data')] },
    // Silent cases.
    { name: 'exec-form ENTRYPOINT and CMD', dockerfile: dockerfile('ENTRYPOINT ["dotnet", "App.dll"]\nCMD ["--urls", "http://+:8080"]'), expect: [] },
    { name: 'exec-form RUN of dotnet', dockerfile: dockerfile('RUN ["dotnet", "--info"]'), expect: [] },
    { name: 'exec-form HEALTHCHECK of a .NET probe', dockerfile: dockerfile('HEALTHCHECK CMD ["dotnet", "/app/probe.dll"]'), expect: [] },
    { name: 'HEALTHCHECK NONE', dockerfile: dockerfile('HEALTHCHECK NONE'), expect: [] },
    { name: 'the full Ubuntu image has a shell', dockerfile: dockerfile('RUN apt-get update\nENTRYPOINT dotnet App.dll', `${mcr}/aspnet:10.0-noble`), expect: [] },
    { name: 'Alpine has a shell', dockerfile: dockerfile('RUN apk add icu-libs', `${mcr}/aspnet:10.0-alpine`), expect: [] },
    { name: 'an unresolved variable', dockerfile: dockerfile('RUN mkdir /data', `${mcr}/aspnet:10.0-\${VARIANT}`), expect: [] },
    { name: 'a non-.NET image', dockerfile: dockerfile('RUN mkdir /data', 'gcr.io/distroless/base'), expect: [] },
  ]);

  fixTable(noShellStage, [
    { name: 'ENTRYPOINT to exec form', dockerfile: dockerfile('ENTRYPOINT dotnet App.dll'), fix: 'Use the exec form: ENTRYPOINT ["dotnet", "App.dll"]', expected: dockerfile('ENTRYPOINT ["dotnet", "App.dll"]') },
    {
      name: 'CMD to exec form, exec dropped, quoted words kept whole',
      dockerfile: dockerfile(`CMD exec dotnet "My App.dll" --urls 'http://+:8080'`),
      fix: 'Use the exec form: CMD ["dotnet", "My App.dll", "--urls", "http://+:8080"]',
      expected: dockerfile('CMD ["dotnet", "My App.dll", "--urls", "http://+:8080"]'),
    },
    {
      name: 'ENTRYPOINT over two lines',
      dockerfile: dockerfile('ENTRYPOINT dotnet \\\n    App.dll'),
      fix: 'Use the exec form: ENTRYPOINT ["dotnet", "App.dll"]',
      expected: dockerfile('ENTRYPOINT ["dotnet", "App.dll"]'),
    },
    { name: 'HEALTHCHECK to exec form, flags kept', dockerfile: dockerfile('HEALTHCHECK --interval=5s CMD dotnet /app/probe.dll'), fix: 'Use the exec form: HEALTHCHECK CMD ["dotnet", "/app/probe.dll"]', expected: dockerfile('HEALTHCHECK --interval=5s CMD ["dotnet", "/app/probe.dll"]') },
    { name: 'remove a curl health check', dockerfile: dockerfile('HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\nENTRYPOINT ["dotnet", "App.dll"]'), fix: 'Remove the HEALTHCHECK', expected: dockerfile('ENTRYPOINT ["dotnet", "App.dll"]') },
    { name: 'remove a health check on the last line', dockerfile: `FROM ${chiseled}\nHEALTHCHECK CMD ["wget", "-q", "http://localhost:8080/"]`, fix: 'Remove the HEALTHCHECK', expected: `FROM ${chiseled}` },
    { name: 'RUN: the image with a shell', dockerfile: dockerfile('RUN mkdir /data', `${mcr}/aspnet:10.0-noble-chiseled-extra`), fix: withShell('aspnet:10.0-noble'), expected: dockerfile('RUN mkdir /data', `${mcr}/aspnet:10.0-noble`) },
    { name: 'RUN: distroless composite → Azure Linux', dockerfile: dockerfile('RUN tdnf install -y icu', `${mcr}/aspnet:10.0-azurelinux3.0-distroless-composite`), fix: withShell('aspnet:10.0-azurelinux3.0'), expected: dockerfile('RUN tdnf install -y icu', `${mcr}/aspnet:10.0-azurelinux3.0`) },
    {
      name: 'RUN in a stage FROM a chiseled base: the base changes',
      dockerfile: `FROM ${mcr}/runtime-deps:10.0-noble-chiseled AS base\nFROM base AS final\nRUN rm -rf /tmp/*\n`,
      fix: withShell('runtime-deps:10.0-noble'),
      expected: `FROM ${mcr}/runtime-deps:10.0-noble AS base\nFROM base AS final\nRUN rm -rf /tmp/*\n`,
    },
    {
      name: 'CRLF file: exec form',
      dockerfile: dockerfile('ENTRYPOINT dotnet App.dll').replace(/\n/g, '\r\n'),
      fix: 'Use the exec form: ENTRYPOINT ["dotnet", "App.dll"]',
      expected: dockerfile('ENTRYPOINT ["dotnet", "App.dll"]').replace(/\n/g, '\r\n'),
    },
    {
      name: 'CRLF file: the removed line takes its CRLF along',
      dockerfile: dockerfile('HEALTHCHECK CMD curl -f http://localhost:8080/\nENTRYPOINT ["dotnet", "App.dll"]').replace(/\n/g, '\r\n'),
      fix: 'Remove the HEALTHCHECK',
      expected: dockerfile('ENTRYPOINT ["dotnet", "App.dll"]').replace(/\n/g, '\r\n'),
    },
    {
      name: 'CRLF file: a health check on the last line',
      dockerfile: `FROM ${chiseled}\r\nHEALTHCHECK CMD curl -f http://localhost:8080/`,
      fix: 'Remove the HEALTHCHECK',
      expected: `FROM ${chiseled}`,
    },
  ]);

  describe('fixes offered', function () {
    const titles = (text: string) => lintCase(noShellStage, text, undefined).findings.flatMap(f => f.fixes.map(fix => fix.title));
    it('no exec form where the command needs a shell', function () {
      assert.deepEqual(titles(dockerfile('ENTRYPOINT dotnet App.dll && echo done')), [withShell('aspnet:10.0-noble')]);
      assert.deepEqual(titles(dockerfile('ENTRYPOINT dotnet $APP_DLL')), [withShell('aspnet:10.0-noble')]);
      assert.deepEqual(titles(dockerfile('CMD dotnet App.dll > /tmp/log')), [withShell('aspnet:10.0-noble')]);
    });
    it('no image change where the FROM uses variables', function () {
      assert.deepEqual(titles(`ARG VARIANT=noble-chiseled\n${dockerfile('RUN mkdir /data', `${mcr}/aspnet:10.0-\${VARIANT}`)}`), []);
    });
  });
});

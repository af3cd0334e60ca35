import { staleTag } from '../../../../src/core/lint/rules/staleTag';
import { digest, mcr, twoStages } from '../../../support/dotnetDockerfiles';
import { fixTable, ruleTable } from '../../../support/lintTable';

const sdk = `${mcr}/sdk:10.0`;

describe('rule dotnet/stale-tag', function () {
  ruleTable(staleTag, [
    { name: 'an Alpine release the images moved on from', dockerfile: twoStages(sdk, `${mcr}/aspnet:10.0-alpine3.22`), expect: ['6:6-6:53'], message: ['since 2026-02', '10.0-alpine3.24'] },
    { name: 'the current Alpine release', dockerfile: twoStages(sdk, `${mcr}/aspnet:10.0-alpine3.24`), expect: [] },
    { name: 'the floating Alpine tag', dockerfile: twoStages(`${mcr}/sdk:10.0-alpine`, `${mcr}/aspnet:10.0-alpine`), expect: [] },
    { name: 'a preview tag after GA', dockerfile: twoStages(`${mcr}/sdk:10.0-preview`, `${mcr}/aspnet:10.0`), expect: ['1:6-1:47'], message: ['preview tags stop at GA'] },
    { name: 'a release candidate tag with its OS', dockerfile: twoStages(`${mcr}/sdk:10.0.100-rc.2-noble`, `${mcr}/aspnet:10.0`), expect: ['1:6-1:54'] },
    { name: 'a Debian tag that only existed in previews', dockerfile: twoStages(sdk, `${mcr}/runtime:10.0-trixie-slim`), expect: ['6:6-6:55'] },
    { name: 'a fixed patch version is a deliberate pin, not reported', dockerfile: twoStages(`${mcr}/sdk:10.0.100`, `${mcr}/aspnet:10.0.0`), expect: [] },
    { name: 'a version past end of support is left to dotnet/eol', dockerfile: twoStages(sdk, `${mcr}/aspnet:8.0-cbl-mariner2.0`), expect: [] },
    { name: 'a retired repository name is left to dotnet/deprecated-image', dockerfile: twoStages(sdk, 'microsoft/aspnetcore:2.0'), expect: [] },
    // Before .NET 11's GA day (2026-11-10) its preview tags were the current ones; after it they are stale.
    { name: 'a preview of a version not yet released is current', dockerfile: twoStages(`${mcr}/sdk:11.0-preview`, `${mcr}/aspnet:11.0-preview`), settings: { now: new Date('2026-10-01T00:00:00Z') }, expect: [] },
    { name: 'a preview tag after its version\'s GA is stale', dockerfile: twoStages(`${mcr}/sdk:11.0-preview`, `${mcr}/aspnet:11.0-preview`), expect: ['1:6-1:47', '6:6-6:50'], message: ['preview tags stop at GA', 'Use sdk:11.0'] },
    { name: 'a --platform flag before the image', dockerfile: twoStages(`--platform=$BUILDPLATFORM ${mcr}/sdk:10.0-alpine3.22`, `${mcr}/aspnet:10.0-alpine`), expect: ['1:32-1:76'] },
    {
      name: 'a stage alias is reported where the image is named',
      dockerfile: `FROM ${mcr}/aspnet:10.0-alpine3.22 AS base\nFROM ${sdk} AS build\nRUN dotnet publish -o /app\nFROM base AS final\nCOPY --from=build /app .\n`,
      expect: ['1:6-1:53'],
    },
    { name: 'a global ARG supplies the OS', dockerfile: `ARG OS=alpine3.22\n${twoStages(sdk, `${mcr}/aspnet:10.0-\${OS}`)}`, expect: ['7:6-7:48'] },
    { name: 'an unresolved variable says nothing', dockerfile: twoStages(sdk, `${mcr}/aspnet:10.0-\${OS}`), expect: [] },
    { name: 'a stale tag pinned by digest is reported (no fix)', dockerfile: twoStages(sdk, `${mcr}/aspnet:10.0-alpine3.22@${digest}`), expect: ['6:6-6:125'] },
  ]);

  fixTable(staleTag, [
    { name: 'newest Alpine release', dockerfile: twoStages(sdk, `${mcr}/aspnet:10.0-alpine3.22`), fix: 'Use aspnet:10.0-alpine3.24', expected: twoStages(sdk, `${mcr}/aspnet:10.0-alpine3.24`) },
    {
      name: 'flavors and arch are kept',
      dockerfile: twoStages(sdk, `${mcr}/aspnet:10.0-alpine3.22-composite-extra-arm64v8`),
      fix: 'Use aspnet:10.0-alpine3.24-composite-extra-arm64v8',
      expected: twoStages(sdk, `${mcr}/aspnet:10.0-alpine3.24-composite-extra-arm64v8`),
    },
    { name: 'the GA tag replaces the preview', dockerfile: twoStages(`${mcr}/sdk:10.0-preview`, `${mcr}/aspnet:10.0`), fix: 'Use sdk:10.0', expected: twoStages(sdk, `${mcr}/aspnet:10.0`) },
    { name: 'the default Ubuntu replaces preview-only Debian', dockerfile: twoStages(sdk, `${mcr}/runtime:10.0-trixie-slim`), fix: 'Use runtime:10.0-noble', expected: twoStages(sdk, `${mcr}/runtime:10.0-noble`) },
    {
      name: 'the ARG default is edited, the variable kept',
      dockerfile: `ARG OS=alpine3.22\n${twoStages(sdk, `${mcr}/aspnet:10.0-\${OS}`)}`,
      fix: 'Use aspnet:10.0-alpine3.24',
      expected: `ARG OS=alpine3.24\n${twoStages(sdk, `${mcr}/aspnet:10.0-\${OS}`)}`,
    },
  ]);
});

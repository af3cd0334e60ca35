import { nightlyImage } from '../../../../src/core/lint/rules/nightlyImage';
import { dotnetDockerfile } from '../../../support/dotnetDockerfile';
import { fixTable, ruleTable } from '../../../support/lintTable';

const mcr = 'mcr.microsoft.com/dotnet';
const on = (final: string) => dotnetDockerfile('EXPOSE 8080', final, { beforeEntrypoint: 'USER $APP_UID\n' });

describe('rule dotnet/nightly-image', function () {
  ruleTable(nightlyImage, [
    { name: 'a nightly aspnet image runs the app', dockerfile: on(`${mcr}/nightly/aspnet:10.0`), expect: ['6:6-6:50'], message: ['nightly build', 'not for production', 'use mcr.microsoft.com/dotnet/aspnet:10.0'] },
    { name: 'a nightly of a version not out yet: nothing to move to', dockerfile: on(`${mcr}/nightly/aspnet:12.0-preview`), expect: ['6:6-6:58'], message: ['.NET 12.0 has not shipped yet'] },
    { name: 'a preview tag of a shipped version: no same tag to move to', dockerfile: on(`${mcr}/nightly/aspnet:10.0-preview`), expect: ['6:6-6:58'], message: ['has shipped: use a released tag of mcr.microsoft.com/dotnet/aspnet'] },
    { name: 'the released image is fine', dockerfile: on(`${mcr}/aspnet:10.0`), expect: [] },
    { name: 'a nightly sdk in the build stage only is not what runs', dockerfile: on(`${mcr}/aspnet:10.0`).replace(`${mcr}/sdk:10.0`, `${mcr}/nightly/sdk:10.0`), expect: [] },
    {
      name: 'reported where the chain names the image',
      dockerfile: `FROM ${mcr}/nightly/runtime:10.0-alpine AS base\nWORKDIR /app\nFROM base AS final\nENTRYPOINT ["dotnet", "App.dll"]\n`,
      expect: ['1:6-1:58'],
    },
    { name: 'another registry that mirrors nightly is not MCR', dockerfile: on('example.com/dotnet/nightly/aspnet:10.0'), expect: [] },
  ]);

  fixTable(nightlyImage, [
    { name: 'the same repository and tag, released', dockerfile: on(`${mcr}/nightly/aspnet:10.0-noble-chiseled`), fix: 'Use the released image dotnet/aspnet:10.0-noble-chiseled', expected: on(`${mcr}/aspnet:10.0-noble-chiseled`) },
    {
      name: "the tag stays in its ARG",
      dockerfile: `ARG TAG=10.0-alpine\nFROM ${mcr}/nightly/runtime:$TAG\nENTRYPOINT ["dotnet", "App.dll"]\n`,
      fix: 'Use the released image dotnet/runtime:10.0-alpine',
      expected: `ARG TAG=10.0-alpine\nFROM ${mcr}/runtime:$TAG\nENTRYPOINT ["dotnet", "App.dll"]\n`,
    },
  ]);
});

import * as assert from 'node:assert/strict';
import { deprecatedImage } from '../../../../src/core/lint/rules/deprecatedImage';
import { mcr, twoStages, webProject } from '../../../support/dotnetDockerfiles';
import { removeTree } from '../../../support/fileTree';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

describe('rule dotnet/deprecated-image', function () {
  it('a tag the retired name never had is an error: the pull fails (EventStore\'s dotnet/core/sdk:8.0-jammy); one it has stays a warning', function () {
    const severityOf = (image: string) => {
      const { findings, root } = lintCase(deprecatedImage, twoStages(image, `${mcr}/aspnet:10.0`), webProject('net10.0'));
      if (root) removeTree(root);
      return findings.map(f => `${f.severity}: ${f.message}`);
    };
    const [never, ...none] = severityOf(`${mcr}/core/sdk:8.0-jammy`);
    assert.deepEqual(none, []);
    assert.match(never!, /^error: mcr\.microsoft\.com\/dotnet\/core\/sdk:8\.0-jammy cannot be pulled: \.NET 8 was never published under dotnet\/core .*Use mcr\.microsoft\.com\/dotnet\/sdk:8\.0-jammy\.$/);
    assert.match(severityOf(`${mcr}/core/sdk:3.1`)[0]!, /^warning: mcr\.microsoft\.com\/dotnet\/core\/sdk is a retired image name/);
    assert.match(severityOf('microsoft/dotnet:2.1-sdk')[0]!, /^error: microsoft\/dotnet:2\.1-sdk cannot be pulled: the 2\.1 images were deleted from Docker Hub in August 2021/);
  });

  ruleTable(deprecatedImage, [
    {
      name: 'Docker Hub microsoft/dotnet with the old tag scheme',
      dockerfile: twoStages('microsoft/dotnet:2.1-sdk', 'microsoft/dotnet:2.1-aspnetcore-runtime'),
      expect: ['1:6-1:30', '6:6-6:45'],
      message: ['microsoft/dotnet is a retired image name', 'Use mcr.microsoft.com/dotnet/sdk:2.1.'],
    },
    { name: 'mcr.microsoft.com/dotnet/core/*', dockerfile: twoStages(`${mcr}/core/sdk:3.1`, `${mcr}/core/aspnet:3.1-buster-slim`), expect: ['1:6-1:43', '6:6-6:58'], message: ['renamed to dotnet/*'] },
    { name: 'microsoft/aspnetcore-build, never published under the new name', dockerfile: twoStages('microsoft/aspnetcore-build:2.0', 'microsoft/aspnetcore:2.0'), expect: ['1:6-1:36', '6:6-6:30'], message: ['never published'] },
    { name: 'the nightly repository\'s old name', dockerfile: twoStages(`${mcr}/core-nightly/sdk:5.0`, `${mcr}/aspnet:10.0`), expect: ['1:6-1:51'] },
    { name: 'today\'s names say nothing', dockerfile: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`), expect: [] },
    { name: 'the .NET Framework images are not retired', dockerfile: twoStages(`${mcr}/framework/sdk:4.8`, `${mcr}/framework/aspnet:4.8`), expect: [] },
    { name: 'a --platform flag before the image', dockerfile: twoStages('--platform=$BUILDPLATFORM microsoft/dotnet:2.1-sdk', `${mcr}/aspnet:10.0`), expect: ['1:32-1:56'] },
    {
      name: 'a stage alias is reported where the image is named',
      dockerfile: `FROM microsoft/aspnetcore:2.0 AS base\nFROM ${mcr}/sdk:10.0 AS build\nRUN dotnet publish -o /app\nFROM base AS final\nCOPY --from=build /app .\n`,
      expect: ['1:6-1:30'],
    },
    { name: 'a global ARG supplies the tag', dockerfile: `ARG V=3.1\n${twoStages(`${mcr}/core/sdk:\${V}`, `${mcr}/aspnet:10.0`)}`, expect: ['2:6-2:44'] },
    { name: 'an unresolved variable says nothing', dockerfile: twoStages(`${mcr}/core/sdk:\${V}`, `${mcr}/aspnet:10.0`), expect: [] },
    { name: 'the samples repository\'s old name', dockerfile: `FROM ${mcr}/core/samples:aspnetapp\n`, expect: ['1:6-1:53'], message: ['Use mcr.microsoft.com/dotnet/samples instead.'] },
  ]);

  fixTable(deprecatedImage, [
    {
      name: 'the same tag under today\'s name',
      dockerfile: twoStages('microsoft/dotnet:2.1-sdk', `${mcr}/aspnet:10.0`),
      fix: `Replace with ${mcr}/sdk:2.1`,
      expected: twoStages(`${mcr}/sdk:2.1`, `${mcr}/aspnet:10.0`),
    },
    {
      name: 'the OS suffix of the old scheme is mapped',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, 'microsoft/dotnet:2.1-aspnetcore-runtime-alpine'),
      fix: `Replace with ${mcr}/aspnet:2.1-alpine`,
      expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:2.1-alpine`),
    },
    {
      name: 'dotnet/core loses the core/',
      dockerfile: twoStages(`${mcr}/core/sdk:3.1`, `${mcr}/aspnet:10.0`),
      fix: `Replace with ${mcr}/sdk:3.1`,
      expected: twoStages(`${mcr}/sdk:3.1`, `${mcr}/aspnet:10.0`),
    },
    {
      name: 'a version never published under the new name moves to the newest supported one',
      dockerfile: twoStages(`${mcr}/sdk:10.0`, 'microsoft/aspnetcore:2.0'),
      fix: 'Use aspnet:10.0',
      expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`),
    },
    {
      name: 'a retired runtime past end of support takes the older SDK along',
      dockerfile: twoStages(`${mcr}/core/sdk:3.1`, `${mcr}/core/aspnet:3.1`),
      fix: 'Use sdk:10.0 and aspnet:10.0',
      expected: twoStages(`${mcr}/sdk:10.0`, `${mcr}/aspnet:10.0`),
    },
    {
      name: 'the nightly repository',
      dockerfile: twoStages(`${mcr}/core-nightly/sdk:5.0`, `${mcr}/aspnet:10.0`),
      fix: `Replace with ${mcr}/nightly/sdk:5.0`,
      expected: twoStages(`${mcr}/nightly/sdk:5.0`, `${mcr}/aspnet:10.0`),
    },
  ]);

  describe('the preferred fix', function () {
    const offered = (dockerfile: string, files?: Record<string, string>) => {
      const { findings, root } = lintCase(deprecatedImage, dockerfile, files);
      if (root) removeTree(root);
      return findings.map(f => f.fixes.map(fix => `${fix.preferred ? '*' : ''}${fix.title}`));
    };

    it('moves a version past end of support to the supported one; the rename that keeps it is an alternative', function () {
      assert.deepEqual(offered(twoStages(`${mcr}/core/sdk:3.1`, `${mcr}/aspnet:10.0`)), [['*Use sdk:10.0', `Replace with ${mcr}/sdk:3.1`]]);
      assert.deepEqual(offered(twoStages(`${mcr}/core/sdk:3.1`, `${mcr}/core/aspnet:3.1`), webProject('netcoreapp3.1')), [
        ['*Use sdk:10.0', `Replace with ${mcr}/sdk:3.1`],
        ['*Use sdk:10.0 and aspnet:10.0 (also retarget the project to net10.0)', `Replace with ${mcr}/aspnet:3.1`],
      ]);
    });

    it('renames a tag with no version to move', function () {
      assert.deepEqual(offered('FROM microsoft/dotnet:latest\n'), [[`*Replace with ${mcr}/sdk:latest`]]);
    });
  });
});

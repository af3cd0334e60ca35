import * as assert from 'node:assert/strict';
import { publishFramework } from '../../../../src/core/lint/rules/publishFramework';
import { csproj, removeTree } from '../../../support/fileTree';
import { dotnetDockerfile } from '../../../support/dotnetDockerfile';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const mcr = 'mcr.microsoft.com/dotnet';
const targets = (frameworks: string) => ({ 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFrameworks: frameworks }) });
const multi = targets('net8.0;net10.0');
const on = (publish = '', final = `${mcr}/aspnet:10.0`) => dotnetDockerfile('EXPOSE 8080', final, { publish, beforeEntrypoint: 'USER $APP_UID\n' });

describe('rule dotnet/publish-framework', function () {
  ruleTable(publishFramework, [
    { name: 'two TargetFrameworks, no -f', files: multi, dockerfile: on(), expect: ['4:12-4:19'], message: ['App.csproj targets net8.0, net10.0', 'NETSDK1129', 'add -f net10.0'] },
    { name: '-f given', files: multi, dockerfile: on('-f net10.0'), expect: [] },
    { name: '--framework= given', files: multi, dockerfile: on('--framework=net8.0', `${mcr}/aspnet:8.0`), expect: [] },
    { name: 'TargetFramework as a property', files: multi, dockerfile: on('-p:TargetFramework=net10.0'), expect: [] },
    { name: 'TargetFrameworks narrowed to one is still several: the outer build publishes', files: multi, dockerfile: on('-p:TargetFrameworks=net10.0'), expect: ['4:12-4:19'] },
    { name: 'a variable may hold -f', files: multi, dockerfile: on('$PUBLISH_OPTIONS'), expect: [] },
    { name: 'an architecture variable does not', files: multi, dockerfile: on('-a $TARGETARCH'), expect: ['4:12-4:19'] },
    { name: 'one TargetFramework', files: { 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) }, dockerfile: on(), expect: [] },
    { name: 'no project: silent', dockerfile: on(), expect: [] },
    { name: 'dotnet build of all frameworks is fine', files: multi, dockerfile: on().replace('dotnet publish', 'dotnet build'), expect: [] },
    { name: 'a final image no framework matches: reported without a framework to add', files: multi, dockerfile: on('', `${mcr}/aspnet:9.0`), expect: ['4:12-4:19'], message: ['add -f with the framework the final image runs'] },
  ]);

  fixTable(publishFramework, [
    { name: 'the framework of the final image', files: multi, dockerfile: on(), fix: 'Publish net10.0 (-f net10.0)', expected: on().replace('dotnet publish', 'dotnet publish -f net10.0') },
    { name: 'an older final image picks the older framework', files: multi, dockerfile: on('', `${mcr}/aspnet:8.0`), fix: 'Publish net8.0 (-f net8.0)', expected: on('', `${mcr}/aspnet:8.0`).replace('dotnet publish', 'dotnet publish -f net8.0') },
    { name: 'a Windows-specific framework is not the one for a Linux image', files: targets('net10.0-windows;net10.0'), dockerfile: on(), fix: 'Publish net10.0 (-f net10.0)', expected: on().replace('dotnet publish', 'dotnet publish -f net10.0') },
  ]);

  it('no fix when no framework runs on the final image', function () {
    const { findings, root } = lintCase(publishFramework, on('', `${mcr}/aspnet:9.0`), multi);
    if (root) removeTree(root);
    assert.deepEqual(findings.map(f => f.fixes.length), [0]);
  });
});

import { tfmMismatch } from '../../../../src/core/lint/rules/tfmMismatch';
import { csproj, removeTree } from '../../../support/fileTree';
import { digest, mcr, twoStages, webProject } from '../../../support/dotnetDockerfiles';
import * as assert from 'node:assert/strict';
import { fixTable, lintCase, ruleTable } from '../../../support/lintTable';

const sdk = (v: string) => `${mcr}/sdk:${v}`;
const aspnet = (v: string) => `${mcr}/aspnet:${v}`;
const web = webProject;
const multi = { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFrameworks: 'net8.0;net10.0' }) };

describe('rule dotnet/tfm-mismatch', function () {
  ruleTable(tfmMismatch, [
    {
      name: 'net10.0 on 8.0 images: cannot build, cannot run',
      dockerfile: twoStages(sdk('8.0'), aspnet('8.0')),
      files: web('net10.0'),
      expect: ['1:6-1:38', '6:6-6:41'],
      message: ['App targets net10.0', 'NETSDK1045', 'Use sdk:10.0'],
    },
    {
      name: 'a runtime older than the TFM',
      dockerfile: twoStages(sdk('10.0'), aspnet('9.0')),
      files: web('net10.0'),
      expect: ['6:6-6:41'],
      message: ['You must install or update .NET', 'Use aspnet:10.0'],
    },
    {
      name: 'a newer major runtime needs roll-forward',
      dockerfile: twoStages(sdk('10.0'), aspnet('10.0')),
      files: web('net8.0'),
      expect: ['6:6-6:42'],
      message: ['RollForward', 'retarget the project to net10.0'],
    },
    { name: 'a self-contained app brings its runtime', dockerfile: twoStages(sdk('10.0'), `${mcr}/runtime-deps:10.0`), files: web('net8.0', { SelfContained: 'true' }), expect: [] },
    { name: 'a self-contained publish flag', dockerfile: twoStages(sdk('10.0'), aspnet('10.0'), 'dotnet publish --self-contained -o /app'), files: web('net8.0'), expect: [] },
    { name: 'matching images', dockerfile: twoStages(sdk('10.0'), aspnet('10.0')), files: web('net10.0'), expect: [] },
    { name: 'a trimmed single-file net8.0 app brings its runtime onto a 10.0 runtime-deps', dockerfile: twoStages(sdk('10.0'), `${mcr}/runtime:10.0`, 'dotnet publish -a $TARGETARCH -o /app'), files: web('net8.0', { PublishTrimmed: 'true', PublishSingleFile: 'true' }), expect: [] },
    { name: 'a runtime image that runs no app (a CI image beside the project) is not asked to run net10.0', dockerfile: `FROM ${aspnet('9.0')}\nRUN apt-get update && apt-get install -y procps\n`, files: web('net10.0'), expect: [] },
    { name: 'a CI build environment must still build the project', dockerfile: `FROM ${sdk('9.0')}\nWORKDIR /src\nCOPY . .\nRUN dotnet build App.csproj\n`, files: web('net10.0'), expect: ['1:6-1:38'], message: ['NETSDK1045'] },
    { name: 'a newer SDK building an older TFM', dockerfile: twoStages(sdk('10.0'), aspnet('9.0')), files: web('net9.0'), expect: [] },
    { name: 'multi-targeting without -f: the newest TFM', dockerfile: twoStages(sdk('10.0'), `${mcr}/runtime:10.0`), files: multi, expect: [] },
    // Ocelot's Kubernetes sample: net8.0;net9.0;net10.0 built on sdk:9.0. Restore takes in every framework, -f or not.
    {
      name: 'multi-targeting on an SDK older than the newest TFM: restore fails, whichever framework is published',
      dockerfile: twoStages(sdk('9.0'), `${mcr}/runtime:9.0`, 'dotnet publish -f net9.0 -o /app'),
      files: { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFrameworks: 'net8.0;net9.0;net10.0' }) },
      expect: ['1:6-1:38'],
      message: ['App also targets net10.0, which restore takes in whatever -f says', 'NETSDK1045', 'Use sdk:10.0'],
    },
    {
      name: 'the same without -f',
      dockerfile: twoStages(sdk('9.0'), `${mcr}/runtime:9.0`),
      files: { 'App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFrameworks: 'net8.0;net9.0;net10.0' }) },
      expect: ['1:6-1:38'],
      message: ['also targets net10.0'],
    },
    // dotnet/publish-framework says to add -f net8.0, the final image's: judging net10.0 here would contradict it.
    { name: 'multi-targeting without -f on the older TFM\'s runtime: the one publish-framework says to choose', dockerfile: twoStages(sdk('10.0'), `${mcr}/runtime:8.0`), files: multi, expect: [] },
    {
      name: 'multi-targeting without -f, no TFM the final image runs: judged on the newest',
      dockerfile: twoStages(sdk('10.0'), `${mcr}/runtime:9.0`),
      files: multi,
      expect: ['6:6-6:42'],
      message: ['App targets net10.0'],
    },
    {
      name: 'multi-targeting, -f picks the framework the images do not fit',
      dockerfile: twoStages(sdk('10.0'), `${mcr}/runtime:10.0`, 'dotnet publish -c Release -f net8.0 -o /app'),
      files: multi,
      expect: ['4:34-4:40'],
      message: ['-f net8.0 builds for .NET 8.0', 'App also targets net10.0', 'Publish net10.0'],
    },
    {
      // Publishing net8.0 instead would not help: the 8.0 SDK's restore still takes in net10.0 (checked with the real SDK).
      name: '-f net10.0 on a continued line, on 8.0 images: the images move',
      dockerfile: twoStages(sdk('8.0'), `${mcr}/runtime:8.0`, 'dotnet publish -c Release \\\n    --framework net10.0 -o /app'),
      files: multi,
      expect: ['1:6-1:38', '7:6-7:42'],
      message: ['The publish builds net10.0 (-f net10.0)', 'cannot build'],
    },
    {
      name: 'no project: -f alone says what is built',
      dockerfile: twoStages(sdk('8.0'), aspnet('10.0'), 'dotnet publish -f net10.0 -o /app'),
      expect: ['1:6-1:38'],
      message: ['The publish builds net10.0 (-f net10.0)'],
    },
    { name: 'no project and no -f: nothing to compare', dockerfile: twoStages(sdk('8.0'), aspnet('8.0')), expect: [] },
    { name: 'a variable -f with one TFM in the project', dockerfile: twoStages(sdk('8.0'), aspnet('10.0'), 'dotnet publish -f $TFM -o /app'), files: web('net10.0'), expect: ['1:6-1:38'] },
    { name: 'a variable -f with several TFMs says nothing', dockerfile: twoStages(sdk('8.0'), `${mcr}/runtime:8.0`, 'dotnet publish -f $TFM -o /app'), files: multi, expect: [] },
    { name: 'a --platform flag before the SDK image', dockerfile: twoStages(`--platform=$BUILDPLATFORM ${sdk('9.0')}`, aspnet('10.0')), files: web('net10.0'), expect: ['1:32-1:64'] },
    {
      name: 'the final stage follows an alias to its image',
      dockerfile: `FROM ${aspnet('9.0')} AS base\nFROM ${sdk('10.0')} AS build\nRUN dotnet publish -o /app\nFROM base AS final\nCOPY --from=build /app .\n`,
      files: web('net10.0'),
      expect: ['1:6-1:41'],
    },
    { name: 'a global ARG supplies the SDK', dockerfile: `ARG SDK=9.0\n${twoStages(`${mcr}/sdk:\${SDK}`, aspnet('10.0'))}`, files: web('net10.0'), expect: ['2:6-2:41'] },
    { name: 'an unresolved variable says nothing', dockerfile: twoStages(`${mcr}/sdk:\${SDK}`, aspnet('10.0')), files: web('net10.0'), expect: [] },
    { name: 'an SDK pinned by digest is reported (no fix)', dockerfile: twoStages(`${sdk('9.0')}@${digest}`, aspnet('10.0')), files: web('net10.0'), expect: ['1:6-1:110'] },
    {
      name: 'a single SDK stage that runs the app needs roll-forward too',
      dockerfile: `FROM ${sdk('10.0')}\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /app\nENTRYPOINT ["dotnet", "/app/App.dll"]\n`,
      files: web('net8.0'),
      expect: ['1:6-1:39'],
    },
    { name: 'a single SDK stage that only tests', dockerfile: `FROM ${sdk('10.0')}\nCOPY . .\nRUN dotnet build\nCMD ["dotnet", "test"]\n`, files: web('net8.0'), expect: [] },
    {
      name: 'a distribution-specific RID for net8.0+',
      dockerfile: twoStages(sdk('10.0'), aspnet('10.0'), 'dotnet publish -r ubuntu.22.04-x64 -o /app'),
      files: web('net10.0'),
      expect: ['4:23-4:39'],
      message: ['NETSDK1083', 'Use linux-x64'],
    },
    { name: 'a portable RID is fine', dockerfile: twoStages(sdk('10.0'), aspnet('10.0'), 'dotnet publish -r linux-x64 -o /app'), files: web('net10.0'), expect: [] },
    { name: 'distribution RIDs still resolve for net6.0', dockerfile: twoStages(sdk('6.0'), aspnet('6.0'), 'dotnet publish -r ubuntu.22.04-x64 -o /app'), files: web('net6.0'), expect: [] },
  ]);

  fixTable(tfmMismatch, [
    {
      name: 'the SDK moves to the TFM',
      dockerfile: twoStages(sdk('9.0'), aspnet('10.0')),
      files: web('net10.0'),
      fix: 'Use sdk:10.0',
      expected: twoStages(sdk('10.0'), aspnet('10.0')),
    },
    {
      name: 'the runtime moves to the TFM, keeping its variant',
      dockerfile: twoStages(sdk('10.0'), aspnet('9.0-noble-chiseled')),
      files: web('net10.0'),
      fix: 'Use aspnet:10.0-noble-chiseled',
      expected: twoStages(sdk('10.0'), aspnet('10.0-noble-chiseled')),
    },
    {
      name: 'the runtime moves down to the TFM for a framework-dependent app',
      dockerfile: twoStages(sdk('10.0'), aspnet('10.0-alpine')),
      files: web('net9.0'),
      fix: 'Use aspnet:9.0-alpine',
      expected: twoStages(sdk('10.0'), aspnet('9.0-alpine')),
    },
    {
      name: '-f follows the images',
      dockerfile: twoStages(sdk('10.0'), `${mcr}/runtime:10.0`, 'dotnet publish -c Release -f net8.0 -o /app'),
      files: multi,
      fix: 'Publish net10.0',
      expected: twoStages(sdk('10.0'), `${mcr}/runtime:10.0`, 'dotnet publish -c Release -f net10.0 -o /app'),
    },
    {
      name: 'or the images follow -f',
      dockerfile: twoStages(sdk('8.0'), `${mcr}/runtime:8.0`, 'dotnet publish -c Release -f net10.0 -o /app'),
      files: multi,
      fix: 'Use sdk:10.0 and runtime:10.0',
      expected: twoStages(sdk('10.0'), `${mcr}/runtime:10.0`, 'dotnet publish -c Release -f net10.0 -o /app'),
    },
    {
      name: 'a shared ARG default moves both stages with one edit',
      dockerfile: `ARG V=8.0\n${twoStages(`${mcr}/sdk:\${V}`, `${mcr}/runtime:\${V}`, 'dotnet publish -c Release -f net10.0 -o /app')}`,
      files: multi,
      fix: 'Use sdk:10.0 and runtime:10.0',
      expected: `ARG V=10.0\n${twoStages(`${mcr}/sdk:\${V}`, `${mcr}/runtime:\${V}`, 'dotnet publish -c Release -f net10.0 -o /app')}`,
    },
    {
      name: 'a portable RID',
      dockerfile: twoStages(sdk('10.0'), aspnet('10.0-alpine'), 'dotnet publish --runtime=alpine.3.20-arm64 -o /app'),
      files: web('net10.0'),
      fix: 'Use linux-musl-arm64',
      expected: twoStages(sdk('10.0'), aspnet('10.0-alpine'), 'dotnet publish --runtime=linux-musl-arm64 -o /app'),
    },
  ]);

  it('reports roll-forward as a warning, what cannot build or run as an error', function () {
    const severity = (dockerfile: string, files: Record<string, string>) => {
      const { findings, root } = lintCase(tfmMismatch, dockerfile, files);
      if (root) removeTree(root);
      return findings.map(f => f.severity);
    };
    assert.deepEqual(severity(twoStages(sdk('8.0'), aspnet('8.0')), web('net10.0')), ['error', 'error']);
    assert.deepEqual(severity(twoStages(sdk('10.0'), aspnet('10.0')), web('net8.0')), ['warning']);
    assert.deepEqual(severity(twoStages(sdk('10.0'), `${mcr}/runtime:10.0`, 'dotnet publish -f net8.0 -o /app'), multi), ['warning']);
    assert.deepEqual(severity(twoStages(sdk('8.0'), `${mcr}/runtime:8.0`, 'dotnet publish -f net10.0 -o /app'), multi), ['error', 'error']);
  });
});

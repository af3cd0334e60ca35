import * as assert from 'node:assert/strict';
import { projectSelfContainedSettings, publishIsSelfContained, SelfContainedQuestion } from '../../../src/core/project/selfContained';
import { describeProject } from '../../../src/core/project/ProjectInfo';
import { EvaluatedProject } from '../../../src/core/project/evaluateProject';

// What `dotnet publish` produces, as the SDK's RuntimeIdentifierInference.targets decides it: each row a publish
// command's settings, the project's, the versions, and the answer (undefined: depends on what is not known).
const table: ReadonlyArray<[string, SelfContainedQuestion, boolean | undefined]> = [
  // Nothing said: framework-dependent, whatever the versions.
  ['nothing set, net10.0', { project: {}, targetFrameworkVersion: '10.0' }, false],
  ['nothing set, net6.0', { project: {}, targetFrameworkVersion: '6.0' }, false],
  ['nothing set, versions unknown', { project: {} }, false],
  // .NET 8+ targets: trimming, single-file and AOT imply it; a RID and ReadyToRun do not.
  ['net10.0, -a with PublishTrimmed and PublishSingleFile in the project (the globalapp shape)', { command: { runtimeIdentifier: true }, project: { publishTrimmed: true, publishSingleFile: true }, sdkVersion: '10.0', targetFrameworkVersion: '10.0' }, true],
  ['net8.0, PublishTrimmed without a RID (the SDK infers one)', { project: { publishTrimmed: true }, targetFrameworkVersion: '8.0' }, true],
  ['net8.0, PublishSingleFile on the command line', { command: { publishSingleFile: true }, project: {}, targetFrameworkVersion: '8.0' }, true],
  ['net8.0, -r alone is framework-dependent', { command: { runtimeIdentifier: true }, project: {}, targetFrameworkVersion: '8.0' }, false],
  ['net9.0, ReadyToRun with a RID is framework-dependent', { command: { runtimeIdentifier: true }, project: { publishReadyToRun: true }, targetFrameworkVersion: '9.0' }, false],
  // Before .NET 8 targets: a RID implies it.
  ['net7.0 built by the 8.0 SDK, -r alone', { command: { runtimeIdentifier: true }, project: {}, sdkVersion: '8.0', targetFrameworkVersion: '7.0' }, true],
  ['net6.0, the project\'s RuntimeIdentifier', { project: { runtimeIdentifier: true }, targetFrameworkVersion: '6.0' }, true],
  ['net6.0, ReadyToRun (brings its own RID when publishing)', { project: { publishReadyToRun: true }, targetFrameworkVersion: '6.0' }, true],
  ['net7.0, PublishTrimmed without a RID is not (the publish fails with NETSDK1102)', { project: { publishTrimmed: true }, targetFrameworkVersion: '7.0' }, false],
  ['sdk:7.0 with the target unknown: -r implies it', { command: { runtimeIdentifier: true }, project: {}, sdkVersion: '7.0' }, true],
  // Target unknown on a new SDK: only what both rules agree on.
  ['sdk:10.0, target unknown, -r alone depends on the target', { command: { runtimeIdentifier: true }, project: {}, sdkVersion: '10.0' }, undefined],
  ['sdk:10.0, target unknown, ReadyToRun depends on the target', { project: { publishReadyToRun: true } , sdkVersion: '10.0' }, undefined],
  ['sdk:10.0, target unknown, single-file implies it either way', { project: { publishSingleFile: true }, sdkVersion: '10.0' }, true],
  // Explicit settings win, in MSBuild's order.
  ['--self-contained false beats the project\'s trimming', { command: { selfContained: false }, project: { publishTrimmed: true }, targetFrameworkVersion: '10.0' }, false],
  ['--no-self-contained beats the project\'s PublishSelfContained', { command: { selfContained: false }, project: { publishSelfContained: true }, targetFrameworkVersion: '10.0' }, false],
  ['the project\'s SelfContained=false beats single-file', { project: { selfContained: false, publishSingleFile: true }, targetFrameworkVersion: '10.0' }, false],
  ['PublishSelfContained beats the project\'s SelfContained', { project: { selfContained: false, publishSelfContained: true }, targetFrameworkVersion: '10.0' }, true],
  ['-p:PublishSelfContained=false beats the project\'s SelfContained', { command: { publishSelfContained: false }, project: { selfContained: true }, targetFrameworkVersion: '10.0' }, false],
  ['--self-contained on the command line', { command: { selfContained: true }, project: {}, targetFrameworkVersion: '10.0' }, true],
  ['net6.0, the project says SelfContained=false beside its RID', { project: { selfContained: false, runtimeIdentifier: true }, targetFrameworkVersion: '6.0' }, false],
  // Native AOT output is native: always self-contained, unless the command line turns AOT off.
  ['PublishAot, even with --self-contained false', { command: { selfContained: false }, project: { publishAot: true }, targetFrameworkVersion: '10.0' }, true],
  ['-p:PublishAot=false turns the project\'s AOT off', { command: { publishAot: false }, project: { publishAot: true }, targetFrameworkVersion: '10.0' }, false],
];

describe('publishIsSelfContained (MSBuild\'s decision)', function () {
  for (const [name, question, expected] of table) {
    it(name, () => assert.equal(publishIsSelfContained(question), expected));
  }
});

describe('projectSelfContainedSettings', function () {
  const project = (properties: Record<string, string>): EvaluatedProject => ({
    file: '/src/App/App.csproj',
    directory: '/src/App',
    sdks: ['Microsoft.NET.Sdk'],
    properties: new Map(Object.entries({ MSBuildProjectName: 'App', OutputType: 'Exe', TargetFramework: 'net10.0', ...properties })),
    items: [],
    importedFiles: [],
    notEvaluated: [],
  } as unknown as EvaluatedProject);

  it('reads the publish properties a project sets, and leaves out the ones it does not', function () {
    const settings = projectSelfContainedSettings(describeProject(project({ PublishSingleFile: 'true', PublishTrimmed: 'true', RuntimeIdentifier: 'linux-x64' })));
    assert.deepEqual(settings, { runtimeIdentifier: true, publishTrimmed: true, publishSingleFile: true });
  });

  it('a project with SelfContained=true is self-contained even on .NET 8+ without trimming', function () {
    const settings = projectSelfContainedSettings(describeProject(project({ SelfContained: 'true' })));
    assert.equal(publishIsSelfContained({ project: settings, targetFrameworkVersion: '10.0' }), true);
  });

  it('a project that sets PublishAot is self-contained, and framework-dependent once -p:PublishAot=false turns AOT off', function () {
    const settings = projectSelfContainedSettings(describeProject(project({ PublishAot: 'true' })));
    assert.equal(publishIsSelfContained({ project: settings, targetFrameworkVersion: '10.0' }), true);
    assert.equal(publishIsSelfContained({ command: { publishAot: false }, project: settings, targetFrameworkVersion: '10.0' }), false);
  });

  it('a project that sets nothing is framework-dependent, also with -r on .NET 8+', function () {
    const settings = projectSelfContainedSettings(describeProject(project({})));
    assert.deepEqual(settings, {});
    assert.equal(publishIsSelfContained({ command: { runtimeIdentifier: true }, project: settings, targetFrameworkVersion: '10.0' }), false);
  });
});

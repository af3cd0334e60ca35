import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  cliEvaluation, confirmLater, EvaluationRequest, extensionEvaluation, planWithEvaluation,
} from '../../../src/core/generate/evaluationStrategy';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { csproj, removeTree, writeTree } from '../../support/fileTree';
import { argvOf, msbuildAnswer, standInDotnet } from './standInDotnet';

// When MSBuild is asked and how its answers replace the static reading: the same for the extension and the CLI.

const now = new Date('2026-11-23T00:00:00Z');
const entrypoint = (dockerfile: string) => dockerfile.split('\n').find(line => line.startsWith('ENTRYPOINT')) ?? '';

describe('project evaluation: static or MSBuild', function () {
  this.timeout(30_000);
  let root: string;
  let project: string;
  let tools: string;
  const env = (dotnet?: string): NodeJS.ProcessEnv => ({ ...process.env, PATH: dotnet ?? '' });
  /** A stand-in dotnet that answers as the static reader read the project, with `changes`. */
  const dotnetAnswering = (changes: Record<string, string> = {}) => {
    const plan = planGeneration(project, { now });
    assert.ok(plan.ok);
    return standInDotnet(fs.mkdtempSync(path.join(tools, 'dotnet-')), msbuildAnswer(plan.app, changes));
  };
  const run = (request: EvaluationRequest) => planWithEvaluation(project, { plan: { now }, evaluation: request });

  beforeEach(() => {
    // The project's folder has a space and shell characters: dotnet must get it as one argument.
    root = writeTree({ "Front $(x) 'q'/Front.csproj": csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) });
    project = path.join(root, "Front $(x) 'q'", 'Front.csproj');
    tools = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-dotnet-'));
  });
  afterEach(() => {
    removeTree(root);
    removeTree(tools);
  });

  it('static never runs dotnet', async () => {
    const dotnet = dotnetAnswering({ AssemblyName: 'Front.End' });
    for (const request of [cliEvaluation('static', env(dotnet)), extensionEvaluation('static', 'dotnetContainers.projectEvaluation', true, env(dotnet))]) {
      const evaluated = await run(request);
      assert.equal(evaluated.msbuild.status, 'off');
      assert.match(evaluated.msbuild.reason ?? '', /is "static"/);
      assert.equal(argvOf(dotnet), undefined);
      assert.ok(evaluated.plan.ok);
      assert.equal(entrypoint(evaluated.plan.dockerfile.content), 'ENTRYPOINT ["dotnet", "Front.dll"]');
    }
  });

  it('the CLI in auto asks MSBuild first with argv, and MSBuild wins where it reads differently', async () => {
    const dotnet = dotnetAnswering({ AssemblyName: 'Front.End' });
    const evaluated = await run(cliEvaluation('auto', env(dotnet)));
    assert.equal(evaluated.msbuild.status, 'used');
    assert.deepEqual(evaluated.msbuild.differences, ['MSBuild says AssemblyName = Front.End where the static reading said Front']);
    assert.ok(evaluated.plan.ok);
    assert.equal(entrypoint(evaluated.plan.dockerfile.content), 'ENTRYPOINT ["dotnet", "Front.End.dll"]');
    assert.deepEqual(evaluated.log, [`MSBuild's evaluation of ${project} differs from the static reading:`, '  MSBuild says AssemblyName = Front.End where the static reading said Front']);
    assert.deepEqual(argvOf(dotnet)?.slice(0, 3), ['msbuild', project, '-getProperty:TargetFramework']);
  });

  it('an MSBuild that agrees changes nothing', async () => {
    const dotnet = dotnetAnswering();
    const evaluated = await run(cliEvaluation('auto', env(dotnet)));
    assert.equal(evaluated.msbuild.status, 'agrees');
    assert.deepEqual(evaluated.plan, planGeneration(project, { now }));
  });

  it('the extension in auto plans from the static reading and leaves MSBuild for after the files are written', async () => {
    const dotnet = dotnetAnswering({ AssemblyName: 'Front.End' });
    const request = extensionEvaluation(undefined, 'dotnetContainers.projectEvaluation', true, env(dotnet));
    const evaluated = await run(request);
    assert.equal(evaluated.msbuild.status, 'background');
    assert.equal(argvOf(dotnet), undefined, 'MSBuild has not run yet');
    assert.ok(evaluated.plan.ok && evaluated.confirmLater);
    assert.equal(entrypoint(evaluated.plan.dockerfile.content), 'ENTRYPOINT ["dotnet", "Front.dll"]');
    const confirmation = await confirmLater(evaluated.confirmLater, request.env);
    assert.ok(confirmation.ok);
    // "Regenerate with MSBuild's values" plans with the overrides and does not ask MSBuild again.
    fs.rmSync(path.join(dotnet, 'argv.txt'));
    const regenerated = await planWithEvaluation(project, { plan: { now }, evaluation: request, overrides: confirmation.overrides });
    assert.ok(regenerated.plan.ok);
    assert.equal(entrypoint(regenerated.plan.dockerfile.content), 'ENTRYPOINT ["dotnet", "Front.End.dll"]');
    assert.equal(argvOf(dotnet), undefined);
  });

  it('an untrusted workspace never runs MSBuild, whatever the setting', async () => {
    const dotnet = dotnetAnswering({ AssemblyName: 'Front.End' });
    for (const setting of ['auto', 'msbuild']) {
      const evaluated = await run(extensionEvaluation(setting, 'dotnetContainers.projectEvaluation', false, env(dotnet)));
      assert.equal(evaluated.msbuild.status, 'off');
      assert.match(evaluated.msbuild.reason ?? '', /not trusted/);
      assert.ok(evaluated.plan.ok);
    }
    assert.equal(argvOf(dotnet), undefined);
  });

  it('without dotnet, auto reads statically; the CLI\'s msbuild stops with a clear line, the setting falls back', async () => {
    const auto = await run(cliEvaluation('auto', env()));
    assert.equal(auto.msbuild.status, 'off');
    assert.match(auto.msbuild.reason ?? '', /dotnet is not on PATH/);
    assert.equal(auto.failure, undefined);
    const demanded = await run(cliEvaluation('msbuild', env()));
    assert.equal(demanded.failure, '--evaluation msbuild: dotnet is not on PATH, so MSBuild cannot evaluate the project');
    const setting = await run(extensionEvaluation('msbuild', 'dotnetContainers.projectEvaluation', true, env()));
    assert.equal(setting.failure, undefined);
    assert.ok(setting.plan.ok);
    assert.deepEqual(setting.log, ['dotnetContainers.projectEvaluation is "msbuild", but dotnet is not on PATH; the static reading was used.']);
  });

  it('an MSBuild that fails: the CLI\'s msbuild stops, auto and the setting keep the static plan', async () => {
    const dotnet = standInDotnet(path.join(tools, 'failing'), 'fails');
    const demanded = await run(cliEvaluation('msbuild', env(dotnet)));
    assert.match(demanded.failure ?? '', /^MSBuild could not evaluate .*Front\.csproj: dotnet msbuild exited with 1: error MSB4025/);
    for (const request of [cliEvaluation('auto', env(dotnet)), extensionEvaluation('msbuild', 'k', true, env(dotnet))]) {
      const evaluated = await run(request);
      assert.equal(evaluated.failure, undefined);
      assert.equal(evaluated.msbuild.status, 'failed');
      assert.deepEqual(evaluated.plan, planGeneration(project, { now }));
    }
  });

  it('auto asks MSBuild when the static reading cannot make a plan, not when the target offers other projects', async () => {
    fs.writeFileSync(project, csproj('Microsoft.NET.Sdk.Web', { TargetFramework: "$([System.String]::Copy('net10.0'))" }));
    const refused = planGeneration(project, { now });
    assert.ok(!refused.ok && refused.project === project && !refused.candidates, 'the static reader cannot run the property function');
    const dotnet = standInDotnet(path.join(tools, 'tfm'), {
      TargetFramework: 'net10.0', TargetFrameworks: '', AssemblyName: 'Front', OutputType: 'Exe', PublishAot: 'false', SelfContained: 'false',
      PublishSelfContained: '', InvariantGlobalization: 'false', RuntimeIdentifier: '', UseAppHost: '', PublishSingleFile: 'false', PublishReadyToRun: 'false',
    });
    const extension = await run(extensionEvaluation('auto', 'k', true, env(dotnet)));
    assert.equal(extension.msbuild.status, 'used');
    assert.ok(extension.plan.ok);
    assert.equal(extension.plan.generated.targetFramework, 'net10.0');

    // A class library refused with the apps that use it: nothing for MSBuild to settle.
    const lib = writeTree({ 'Lib/Lib.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }) });
    try {
      fs.rmSync(path.join(dotnet, 'argv.txt'));
      const library = await planWithEvaluation(path.join(lib, 'Lib/Lib.csproj'), { plan: { now }, evaluation: cliEvaluation('msbuild', env(dotnet)) });
      assert.ok(!library.plan.ok);
      assert.match(library.plan.message, /is a class library/);
      assert.equal(argvOf(dotnet), undefined);
    } finally {
      removeTree(lib);
    }
  });
});

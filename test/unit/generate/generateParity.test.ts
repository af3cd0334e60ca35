import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { confirmLater, extensionEvaluation, planWithEvaluation } from '../../../src/core/generate/evaluationStrategy';
import { OptionLayers, resolveGenerateOptions } from '../../../src/core/generate/generateRequest';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { removeTree, writeTree } from '../../support/fileTree';
import { layouts } from '../../support/layouts';
import { argvOf, msbuildAnswer, standInDotnet } from './standInDotnet';

// The CLI (the real process, bundled as dist/cli.js is) and the extension's core path (the calls its adapter makes, with
// the settings and remembered answers as plain values) write the same Dockerfile and .dockerignore.

const root = path.resolve(__dirname, '../../../..');
const settingKey = 'dotnetContainers.projectEvaluation';

interface Run { code: number | null; stdout: string; stderr: string }

describe('generate: the CLI and the extension write the same files', function () {
  this.timeout(120_000);
  let dir: string;
  let cli: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-parity-'));
    cli = path.join(dir, 'cli.js');
    await esbuild.build({ entryPoints: [path.join(root, 'src/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  });
  after(() => removeTree(dir));

  /** The CLI with PATH holding only `pathDir` (none: no dotnet), offline for release metadata. */
  function runCli(args: string[], pathDir = ''): Promise<Run> {
    const env = { HOME: dir, XDG_CACHE_HOME: path.join(dir, 'cache'), DOTNET_CONTAINERS_RELEASE_METADATA_URL: '', PATH: pathDir };
    return new Promise(resolve => {
      const child = spawn(process.execPath, [cli, 'generate', ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', chunk => { stdout += chunk; });
      child.stderr.on('data', chunk => { stderr += chunk; });
      child.on('close', code => resolve({ code, stdout, stderr }));
    });
  }

  /** The extension's path: options from the layers, then the plan under the projectEvaluation setting. */
  async function extensionPlan(project: string, layers: OptionLayers, setting: string, pathDir = '') {
    const options = resolveGenerateOptions(layers);
    const env = { ...process.env, PATH: pathDir };
    const evaluated = await planWithEvaluation(project, {
      plan: { now: new Date(), variant: options.variant, https: options.https },
      evaluation: extensionEvaluation(setting, settingKey, true, env),
    });
    // In auto the extension confirms after writing and offers "Regenerate with MSBuild's values": that is the end state.
    if (evaluated.confirmLater) {
      const confirmation = await confirmLater(evaluated.confirmLater, env);
      if (confirmation.ok && confirmation.differences.some(d => d.changesDockerfile)) {
        return (await planWithEvaluation(project, { plan: { now: new Date(), variant: options.variant, https: options.https }, evaluation: extensionEvaluation(setting, settingKey, true, env), overrides: confirmation.overrides })).plan;
      }
    }
    return evaluated.plan;
  }

  async function assertSameFiles(layoutName: string, layers: OptionLayers, setting: string, cliArgs: string[], dotnetChanges?: Record<string, string>) {
    const layout = layouts.find(l => l.name === layoutName);
    assert.ok(layout, layoutName);
    const tree = writeTree(layout.files, 'dc parity ');
    try {
      const project = path.join(tree, layout.app);
      let pathDir = '';
      if (dotnetChanges) {
        const statically = planGeneration(project, { now: new Date() });
        assert.ok(statically.ok);
        pathDir = standInDotnet(path.join(tree, '.tools'), msbuildAnswer(statically.app, dotnetChanges));
      }
      const plan = await extensionPlan(project, layers, setting, pathDir);
      assert.ok(plan.ok, plan.ok ? '' : plan.message);
      const result = await runCli([project, ...cliArgs], pathDir);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(fs.readFileSync(plan.dockerfile.path, 'utf8'), plan.dockerfile.content, `${layoutName}: Dockerfile`);
      assert.equal(fs.readFileSync(plan.dockerignore.path, 'utf8'), plan.dockerignore.content, `${layoutName}: .dockerignore`);
      return { plan, result, dotnetArgv: pathDir ? argvOf(pathDir) : undefined };
    } finally {
      removeTree(tree);
    }
  }

  const mixes: ReadonlyArray<{ name: string; layers: OptionLayers; cli: string[] }> = [
    { name: 'the defaults', layers: { setting: { variant: 'default' } }, cli: [] },
    { name: 'the variant setting vs --variant', layers: { setting: { variant: 'ubuntu' } }, cli: ['--variant', 'ubuntu'] },
    { name: 'a remembered answer vs the flags', layers: { remembered: { variant: 'alpine', https: true }, setting: { variant: 'ubuntu' } }, cli: ['--variant', 'alpine', '--https'] },
    { name: 'a flag over a remembered answer', layers: { given: { variant: 'chiseled' }, remembered: { variant: 'alpine', https: true } }, cli: ['--variant', 'chiseled', '--https'] },
  ];
  const layoutNames = ['web', 'libraries three levels deep', 'gRPC app linking a proto from a sibling', 'Native AOT', 'multi-targeting', 'path with spaces'];

  for (const layoutName of layoutNames) {
    for (const mix of mixes) {
      it(`${layoutName}, ${mix.name} (static reading)`, async () => {
        await assertSameFiles(layoutName, mix.layers, 'static', [...mix.cli, '--evaluation', 'static']);
      });
    }
  }

  it('without dotnet on PATH, auto in both reads statically', async () => {
    const { result } = await assertSameFiles('webapi', { remembered: { variant: 'ubuntu' } }, 'auto', ['--variant', 'ubuntu']);
    assert.equal(result.stderr, '');
  });

  it('MSBuild reading differently: the setting "msbuild" and --evaluation msbuild follow it alike', async () => {
    const { plan, result, dotnetArgv } = await assertSameFiles('AssemblyName override', { setting: { variant: 'default' } }, 'msbuild', ['--evaluation', 'msbuild'], { AssemblyName: 'Contoso.Web' });
    assert.match(plan.dockerfile.content, /^ENTRYPOINT \["dotnet", "Contoso\.Web\.dll"\]$/m);
    assert.match(result.stderr, /MSBuild says AssemblyName = Contoso\.Web where the static reading said Contoso\.Storefront/);
    // dotnet got the project path as one argument (the tree's folder has a space).
    assert.deepEqual(dotnetArgv?.slice(0, 2), ['msbuild', plan.app.file]);
  });

  it('MSBuild reading differently: the CLI in auto writes what the extension writes after "Regenerate with MSBuild\'s values"', async () => {
    const { plan } = await assertSameFiles('console', { setting: { variant: 'alpine' } }, 'auto', ['--variant', 'alpine'], { PublishAot: 'true', InvariantGlobalization: 'true' });
    assert.match(plan.dockerfile.content, /runtime-deps:10\.0-alpine/);
    assert.match(plan.dockerfile.content, /^ENTRYPOINT \["\.\/Tool"\]$/m);
  });

  describe('--evaluation on the command line', () => {
    let tree: string;
    let project: string;
    beforeEach(() => {
      const layout = layouts.find(l => l.name === 'web')!;
      tree = writeTree(layout.files, 'dc evaluation ');
      project = path.join(tree, layout.app);
    });
    afterEach(() => removeTree(tree));
    const nothingWritten = () => assert.deepEqual(fs.readdirSync(path.dirname(project)).sort(), ['Program.cs', 'Web.csproj']);

    it('msbuild without dotnet on PATH: exit 2, one line, nothing written', async () => {
      const result = await runCli([project, '--evaluation', 'msbuild']);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, 'dotnet-containers generate: --evaluation msbuild: dotnet is not on PATH, so MSBuild cannot evaluate the project\n');
      nothingWritten();
    });

    it('msbuild when MSBuild fails: exit 2 with its reason; auto warns and writes from the static reading', async () => {
      const tools = standInDotnet(path.join(tree, '.tools'), 'fails');
      const demanded = await runCli([project, '--evaluation', 'msbuild'], tools);
      assert.equal(demanded.code, 2);
      assert.match(demanded.stderr, /^dotnet-containers generate: MSBuild could not evaluate .*Web\.csproj: dotnet msbuild exited with 1: error MSB4025: The project file could not be loaded\.\n$/);
      nothingWritten();
      const auto = await runCli([project], tools);
      assert.equal(auto.code, 0, auto.stderr);
      assert.match(auto.stderr, /^MSBuild could not evaluate .*Web\.csproj: .*MSB4025.*\nwarning: the Dockerfile follows the static reading\n$/);
      assert.ok(fs.existsSync(path.join(path.dirname(project), 'Dockerfile')));
    });

    it('a project neither reading can evaluate: still one line, exit 2', async () => {
      fs.writeFileSync(project, '<Project>\n  <PropertyGroup>\n</Project>');
      const result = await runCli([project], standInDotnet(path.join(tree, '.tools'), 'fails'));
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^dotnet-containers generate: .*Web\.csproj\(3,\d+\): [^\n]*\n$/);
      nothingWritten();
    });

    it('static never runs dotnet; a bad value is refused; --help lists the option', async () => {
      const tools = standInDotnet(path.join(tree, '.tools'), 'fails');
      const result = await runCli([project, '--evaluation', 'static', '--stdout'], tools);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      assert.equal(argvOf(tools), undefined);
      const bad = await runCli([project, '--evaluation', 'dynamic']);
      assert.equal(bad.code, 2);
      assert.equal(bad.stderr, 'dotnet-containers generate: --evaluation must be one of auto, static, msbuild, not "dynamic"\n');
      const help = await runCli(['--help']);
      assert.match(help.stdout, /^ {2}--evaluation auto\|static\|msbuild\n +How the project is read: auto \(default\) confirms the static reading with MSBuild/m);
    });
  });
});

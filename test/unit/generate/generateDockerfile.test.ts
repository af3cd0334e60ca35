import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { generateDockerfile, variantChoices, GenerateOptions } from '../../../src/core/generate/generateDockerfile';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';
import { readBuildPlan } from '../../../src/core/project/readBuildPlan';
import { csproj, removeTree, writeTree } from '../../support/fileTree';
import { layouts } from '../../support/layouts';

const root = path.resolve(__dirname, '../../../..');
const goldenDir = path.join(root, 'test', 'fixtures', 'generate');
const now = new Date('2026-11-23T00:00:00Z');
const update = process.env.UPDATE_GOLDEN === '1';

function generate(tree: string, app: string, options: Partial<GenerateOptions> = {}) {
  const plan = readBuildPlan(path.join(tree, app));
  assert.ok(plan.ok, plan.ok ? '' : plan.problem.message);
  return generateDockerfile(plan.plan, { now, ...options });
}

/** The golden file holds the output with the temp folder written as <root>, plus the warnings. */
function goldenText(tree: string, dockerfile: string, warnings: readonly string[]): string {
  const body = dockerfile.split(tree).join('<root>');
  return warnings.length ? `${body}\n# warnings:\n${warnings.map(w => `#   ${w.split(tree).join('<root>')}`).join('\n')}\n` : body;
}

function checkGolden(name: string, actual: string) {
  const file = path.join(goldenDir, `${name.replace(/[^A-Za-z0-9.]+/g, '-')}.Dockerfile`);
  if (update || !fs.existsSync(file)) {
    fs.mkdirSync(goldenDir, { recursive: true });
    fs.writeFileSync(file, actual);
    if (!update) assert.fail(`wrote the missing golden file ${path.relative(root, file)}: check it and run again`);
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'));
}

/** Properties every generated Dockerfile has, whatever the layout. */
function assertWellFormed(dockerfile: string) {
  const parsed = DockerfileParser.parse(dockerfile);
  const froms = parsed.getFROMs();
  assert.equal(froms.length, 2);
  assert.match(froms[0]!.getImage() ?? '', /^mcr\.microsoft\.com\/dotnet\/sdk:/);
  assert.equal(froms[0]!.getBuildStage(), 'build');
  assert.equal(froms[0]!.getPlatformFlag()?.getValue(), '$BUILDPLATFORM');
  assert.equal(froms[1]!.getBuildStage(), 'final');
  const keywords = parsed.getInstructions().map(i => i.getKeyword());
  assert.ok(keywords.indexOf('RUN') < keywords.lastIndexOf('COPY'), 'restore runs before the sources are copied');
  const entrypoint = parsed.getInstructions().filter(i => i.getKeyword() === 'ENTRYPOINT');
  // The Azure Functions host image starts the worker itself.
  const functionsHost = /^mcr\.microsoft\.com\/azure-functions\//.test(froms[1]!.getImage() ?? '');
  assert.equal(entrypoint.length, functionsHost ? 0 : 1);
  if (!functionsHost) assert.match(entrypoint[0]!.getTextContent(), /^ENTRYPOINT \[/);
  for (const problem of parsed.getComments()) assert.ok(problem.getContent() !== undefined);
}

describe('generateDockerfile: golden outputs', () => {
  for (const layout of layouts) {
    it(layout.name, () => {
      const tree = writeTree(layout.files);
      try {
        const result = generate(tree, layout.app);
        assert.ok(result.ok, result.ok ? '' : result.message);
        assertWellFormed(result.dockerfile);
        checkGolden(layout.name, goldenText(tree, result.dockerfile, result.warnings));
      } finally {
        removeTree(tree);
      }
    });
  }

  for (const variant of variantChoices) {
    it(`variant ${variant}: both stages on the same OS family`, () => {
      const layout = layouts.find(l => l.name === 'web')!;
      const tree = writeTree(layout.files);
      try {
        const result = generate(tree, layout.app, { variant });
        assert.ok(result.ok, result.ok ? '' : result.message);
        assertWellFormed(result.dockerfile);
        checkGolden(`variant-${variant}`, goldenText(tree, result.dockerfile, result.warnings));
      } finally {
        removeTree(tree);
      }
    });
  }

  it('HTTPS on request: URLS override, certificate variables, a mount comment', () => {
    const layout = layouts.find(l => l.name === 'web')!;
    const tree = writeTree(layout.files);
    try {
      const result = generate(tree, layout.app, { https: true });
      assert.ok(result.ok);
      assertWellFormed(result.dockerfile);
      checkGolden('https', goldenText(tree, result.dockerfile, result.warnings));
    } finally {
      removeTree(tree);
    }
  });
});

describe('generateDockerfile: what it refuses, and why', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a class library', csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }), /class library/],
    ['net48', csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net48' }), /\.NET Framework runs only on Windows/],
    ['netstandard', csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'netstandard2.0' }), /library contract/],
    ['no TargetFramework', csproj('Microsoft.NET.Sdk', { OutputType: 'Exe' }), /sets no TargetFramework/],
    ['a Windows desktop TFM', csproj('Microsoft.NET.Sdk', { OutputType: 'WinExe', TargetFramework: 'net10.0-windows' }), /windows platform does not run/],
  ];
  for (const [name, project, message] of cases) {
    it(name, () => {
      const tree = writeTree({ 'X/X.csproj': project });
      try {
        const result = generate(tree, 'X/X.csproj');
        assert.equal(result.ok, false);
        assert.match(result.ok ? '' : result.message, message);
      } finally {
        removeTree(tree);
      }
    });
  }
});

describe('generateDockerfile: publish shapes that real repositories use', () => {
  /** Generates for a one-project tree (plus extra files), with facts the reader is told to take as read. */
  function generateFor(files: Record<string, string>, app: string, appOverrides: Record<string, unknown> = {}, options: Partial<GenerateOptions> = {}) {
    const tree = writeTree(files);
    try {
      const plan = readBuildPlan(path.join(tree, app), { appOverrides });
      assert.ok(plan.ok, plan.ok ? '' : plan.problem.message);
      const result = generateDockerfile(plan.plan, { now, ...options });
      assert.ok(result.ok, result.ok ? '' : result.message);
      assertWellFormed(result.dockerfile);
      return { ...result, tree, golden: goldenText(tree, result.dockerfile, result.warnings) };
    } finally {
      removeTree(tree);
    }
  }
  const finalImage = (dockerfile: string) => DockerfileParser.parse(dockerfile).getFROMs()[1]!.getImage();
  const buildImage = (dockerfile: string) => DockerfileParser.parse(dockerfile).getFROMs()[0]!.getImage();

  it('a single-file app keeps its apphost (UseAppHost=false fails with NETSDK1098) and, self-contained, runs on runtime-deps', () => {
    const result = generateFor({ 'App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', PublishSingleFile: 'true' }) }, 'App/App.csproj');
    assert.doesNotMatch(result.dockerfile, /UseAppHost=false/);
    assert.equal(finalImage(result.dockerfile), 'mcr.microsoft.com/dotnet/runtime-deps:10.0');
    assert.match(result.dockerfile, /^ENTRYPOINT \["\.\/App"\]$/m);
  });

  it('a net6.0 single-file app is self-contained too (a RID implies it there): no SelfContained=false, runtime-deps', () => {
    const result = generateFor({ 'App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net6.0', PublishSingleFile: 'true' }) }, 'App/App.csproj');
    assert.doesNotMatch(result.dockerfile, /UseAppHost=false|SelfContained=false/);
    assert.equal(finalImage(result.dockerfile), 'mcr.microsoft.com/dotnet/runtime-deps:6.0');
    assert.match(result.dockerfile, /^ENTRYPOINT \["\.\/App"\]$/m);
  });

  it('ReadyToRun alone stays framework-dependent from net8.0: runtime image, dotnet App.dll', () => {
    const result = generateFor({ 'App/App.csproj': csproj('Microsoft.NET.Sdk', { OutputType: 'Exe', TargetFramework: 'net10.0', PublishReadyToRun: 'true' }) }, 'App/App.csproj');
    assert.equal(finalImage(result.dockerfile), 'mcr.microsoft.com/dotnet/runtime:10.0');
    assert.match(result.dockerfile, /-p:UseAppHost=false/);
    assert.match(result.dockerfile, /^ENTRYPOINT \["dotnet", "App\.dll"\]$/m);
  });

  it('a worker that gets ASP.NET Core indirectly runs on aspnet, says why, and exposes no port of its own', () => {
    const result = generateFor({ 'Jobs/Jobs.csproj': csproj('Microsoft.NET.Sdk.Worker', { TargetFramework: 'net10.0' }) }, 'Jobs/Jobs.csproj',
      { aspNetCore: true, aspNetCoreVia: 'through the package Contoso.Hosting' });
    assert.equal(finalImage(result.dockerfile), 'mcr.microsoft.com/dotnet/aspnet:10.0');
    assert.match(result.dockerfile, /^# ASP\.NET Core comes through the package Contoso\.Hosting: the aspnet image carries its shared framework\.\nFROM mcr\.microsoft\.com\/dotnet\/aspnet:10\.0 AS final$/m);
    assert.doesNotMatch(result.dockerfile, /EXPOSE/);
    assert.match(result.dockerfile, /^ENTRYPOINT \["dotnet", "Jobs\.dll"\]$/m);
  });

  it('an Azure Functions app asked for HTTPS or a variant says that neither applies to the Functions host', () => {
    const layout = layouts.find(l => l.name === 'Azure Functions isolated worker')!;
    const result = generateFor({ ...layout.files }, layout.app, {}, { https: true, variant: 'alpine' });
    assert.equal(finalImage(result.dockerfile), 'mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0');
    assert.doesNotMatch(result.dockerfile, /ASPNETCORE_URLS|alpine/);
    assert.ok(result.warnings.some(w => /HTTPS is not set up/.test(w)), result.warnings.join('\n'));
    assert.ok(result.warnings.some(w => /variant "alpine" does not apply/.test(w)), result.warnings.join('\n'));
  });

  it('an Azure Functions app on .NET 6 is refused: the Functions host has no image for it', () => {
    const layout = layouts.find(l => l.name === 'Azure Functions isolated worker')!;
    const tree = writeTree({ ...layout.files, [layout.app]: layout.files[layout.app]!.replace('net10.0', 'net6.0') });
    try {
      const result = generate(tree, layout.app);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.message, /Azure Functions host has no image for \.NET 6\.0 \(it has them for \.NET 8\.0, 9\.0, 10\.0\)/);
    } finally {
      removeTree(tree);
    }
  });

  it('an app that binds its own Kestrel endpoints in code: EXPOSE is said to be a guess, in the Dockerfile and a warning', () => {
    const result = generateFor({
      'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }),
      'App/Program.cs': 'var builder = WebApplication.CreateBuilder(args);\nbuilder.WebHost.ConfigureKestrel(options => options.ListenAnyIP(8096));\nbuilder.Build().Run();\n',
    }, 'App/App.csproj');
    assert.match(result.dockerfile, /^# App sets its own Kestrel endpoints \(ListenAnyIP in Program\.cs\): they, not 8080, decide where it listens\. Expose the port they bind\.\nEXPOSE 8080$/m);
    assert.ok(result.warnings.some(warning => /App sets Kestrel's endpoints itself \(ListenAnyIP in Program\.cs\).*EXPOSE 8080 is a guess/.test(warning)), result.warnings.join('\n'));
  });

  it('a line break in a file name cannot start an instruction: escaped in a comment, refused in an instruction', () => {
    const own = generateFor({
      'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }),
      'App/Feat\nRUN echo pwned/K.cs': 'class K { void M(KestrelServerOptions o) => o.ListenAnyIP(8096); }\n',
    }, 'App/App.csproj');
    assert.doesNotMatch(own.dockerfile, /^RUN echo pwned/m);
    assert.match(own.dockerfile, /^# App sets its own Kestrel endpoints \(ListenAnyIP in Feat\\nRUN echo pwned\/K\.cs\)/m);
    // The Directory.Build.props above makes the folder's name part of the paths the build stage's RUN lines hold.
    const tree = writeTree({ 'Directory.Build.props': '<Project />\n', 'Bad\nRUN echo pwned/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }) });
    try {
      const plan = readBuildPlan(path.join(tree, 'Bad\nRUN echo pwned', 'App.csproj'));
      assert.ok(plan.ok);
      const refused = generateDockerfile(plan.plan, { now });
      assert.equal(refused.ok, false);
      assert.match(refused.ok ? '' : refused.message, /holds a line break or another control character, which a Dockerfile line cannot hold: .*Rename it\.$/);
    } finally {
      removeTree(tree);
    }
  });

  describe('packages.lock.json', () => {
    const lock = '{ "version": 1, "dependencies": { "net10.0": {} } }\n';
    it('copied before restore, and restore and publish stay portable (a lock file has no section for a RID)', () => {
      const result = generateFor({ 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }), 'App/packages.lock.json': lock }, 'App/App.csproj');
      const copy = result.dockerfile.indexOf('"packages.lock.json"');
      assert.ok(copy > 0 && copy < result.dockerfile.indexOf('RUN dotnet restore'), result.dockerfile);
      assert.match(result.dockerfile, /^RUN dotnet restore App\.csproj$/m);
      assert.match(result.dockerfile, /^RUN dotnet publish App\.csproj --no-restore -c Release -p:UseAppHost=false -o \/app$/m);
      assert.doesNotMatch(result.dockerfile, /TARGETARCH/);
      assert.deepEqual(result.warnings, []);
    });

    it('a project that lists its RIDs keeps -a: its lock file has their sections', () => {
      const result = generateFor({ 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', RuntimeIdentifiers: 'linux-x64;linux-arm64' }), 'App/packages.lock.json': lock }, 'App/App.csproj');
      assert.match(result.dockerfile, /^RUN dotnet restore App\.csproj -a \$TARGETARCH$/m);
      assert.ok(result.dockerfile.indexOf('"packages.lock.json"') > 0);
    });

    it('a self-contained app with a lock file and no RIDs: said, with what to add', () => {
      const result = generateFor({ 'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0', SelfContained: 'true' }), 'App/packages.lock.json': lock }, 'App/App.csproj');
      assert.match(result.dockerfile, / -a \$TARGETARCH/);
      assert.ok(result.warnings.some(warning => /packages\.lock\.json locks packages for no runtime identifier, but App is published for one \(self-contained\).*NU1004.*<RuntimeIdentifiers>/.test(warning)), result.warnings.join('\n'));
    });
  });

  describe('global.json at the build context', () => {
    const web8 = {
      'Shop.sln': 'Microsoft Visual Studio Solution File, Format Version 12.00\r\nProject("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "App", "App\\App.csproj", "{00000000-0000-0000-0000-000000000001}"\r\nEndProject\r\nGlobal\r\nEndGlobal\r\n',
      'App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net8.0' }),
    };
    const pin = (sdk: Record<string, unknown>) => JSON.stringify({ sdk }, null, 2) + '\n';

    it('an alpha .NET 10 SDK with rollForward latestMajor: the build stage moves to sdk:10.0, the final stage stays on 8.0, global.json is copied before restore', () => {
      const result = generateFor({ ...web8, 'global.json': pin({ version: '10.0.100-alpha.1.25077.2', allowPrerelease: true, rollForward: 'latestMajor' }) }, 'App/App.csproj');
      assert.equal(buildImage(result.dockerfile), 'mcr.microsoft.com/dotnet/sdk:10.0');
      assert.equal(finalImage(result.dockerfile), 'mcr.microsoft.com/dotnet/aspnet:8.0');
      const copy = result.dockerfile.indexOf('COPY ["global.json", "./"]');
      assert.ok(copy > 0 && copy < result.dockerfile.indexOf('RUN dotnet restore'), result.dockerfile);
      checkGolden('global.json pinning a newer SDK', result.golden);
    });

    it('the Dockerfile with the pinned newer SDK lints clean: an sdk:10.0 stage building net8.0 for aspnet:8.0 is no mismatch', () => {
      const tree = writeTree({ ...web8, 'global.json': pin({ version: '10.0.100-alpha.1.25077.2', allowPrerelease: true, rollForward: 'latestMajor' }) });
      try {
        const plan = planGeneration(path.join(tree, 'App', 'App.csproj'), { now });
        if (!plan.ok) assert.fail(plan.message);
        fs.writeFileSync(plan.dockerfile.path, plan.dockerfile.content);
        fs.writeFileSync(plan.dockerignore.path, plan.dockerignore.content);
        const { findings } = lintDockerfile(plan.dockerfile.content, { now, dockerfilePath: plan.dockerfile.path });
        // .NET 8 is out of support on this day; that finding is expected and the generator warns about it too.
        const unexpected = findings.filter(f => (f.severity === 'warning' || f.severity === 'error') && f.rule !== 'dotnet/eol');
        assert.deepEqual(unexpected.map(f => `${f.rule}: ${f.message}`), [], plan.dockerfile.content);
      } finally {
        removeTree(tree);
      }
    });

    it('the same pin with rollForward disable: no image has that SDK, so it says what to change in global.json', () => {
      const result = generateFor({ ...web8, 'global.json': pin({ version: '10.0.100-alpha.1.25077.2', allowPrerelease: true, rollForward: 'disable' }) }, 'App/App.csproj');
      assert.equal(buildImage(result.dockerfile), 'mcr.microsoft.com/dotnet/sdk:8.0');
      const warning = result.warnings.find(w => /global\.json pins SDK 10\.0\.100-alpha/.test(w));
      assert.match(warning ?? result.warnings.join('\n'), /no sdk image that builds net8\.0 satisfies it.*Set "rollForward": "latestMajor" in global\.json/);
      checkGolden('global.json pin no image satisfies', result.golden);
    });

    it('a pinned feature band without rollForward (latestPatch): the TFM\'s sdk image, with a warning about the band', () => {
      const result = generateFor({ ...web8, 'global.json': pin({ version: '8.0.100' }) }, 'App/App.csproj');
      assert.equal(buildImage(result.dockerfile), 'mcr.microsoft.com/dotnet/sdk:8.0');
      assert.ok(result.warnings.some(w => /only the 8\.0\.1xx feature band satisfies it.*"rollForward": "latestFeature"/.test(w)), result.warnings.join('\n'));
    });

    it('a global.json below the build context is not read in the build stage (dotnet runs in /src), so it moves nothing', () => {
      const result = generateFor({ ...web8, 'App/global.json': pin({ version: '10.0.100', rollForward: 'latestMajor' }) }, 'App/App.csproj');
      assert.equal(buildImage(result.dockerfile), 'mcr.microsoft.com/dotnet/sdk:8.0');
      assert.ok(!result.warnings.some(w => /global\.json/.test(w)), result.warnings.join('\n'));
    });
  });
});

describe('generateDockerfile: a publish that runs npm gets Node.js in the build stage', () => {
  // The ASP.NET Core SPA template's publish target (jasontaylordev/CleanArchitecture's Web.csproj).
  const spa = (tfm: string) => ({
    'Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: tfm, SpaRoot: 'ClientApp\\' },
      '  <Target Name="PublishRunWebpack" AfterTargets="ComputeFilesToPublish">\n    <Exec WorkingDirectory="$(SpaRoot)" Command="npm install" />\n    <Exec WorkingDirectory="$(SpaRoot)" Command="npm run build -- --configuration production" />\n  </Target>\n'),
    'Web/ClientApp/package.json': '{ "name": "client", "private": true, "scripts": { "build": "ng build" } }\n',
  });
  const cases: ReadonlyArray<{ variant: GenerateOptions['variant']; tfm: string; sdk: RegExp; install: RegExp; distro: RegExp }> = [
    { variant: 'default', tfm: 'net10.0', sdk: /sdk:10\.0$/, install: /^RUN apt-get update \\\n {4}&& apt-get install -y --no-install-recommends nodejs npm \\\n {4}&& rm -rf \/var\/lib\/apt\/lists\/\*$/m, distro: /^# Ubuntu's nodejs and npm/m },
    { variant: 'default', tfm: 'net8.0', sdk: /sdk:8\.0$/, install: /^ {4}&& apt-get install -y --no-install-recommends nodejs npm \\$/m, distro: /^# Debian's nodejs and npm/m },
    { variant: 'ubuntu', tfm: 'net10.0', sdk: /sdk:10\.0-noble$/, install: /^ {4}&& apt-get install -y --no-install-recommends nodejs npm \\$/m, distro: /^# Ubuntu's/m },
    // Chiseled images are runtime-only: the build stage is the Ubuntu sdk.
    { variant: 'chiseled', tfm: 'net10.0', sdk: /sdk:10\.0-noble$/, install: /^ {4}&& apt-get install -y --no-install-recommends nodejs npm \\$/m, distro: /^# Ubuntu's/m },
    { variant: 'alpine', tfm: 'net10.0', sdk: /sdk:10\.0-alpine/, install: /^RUN apk add --no-cache nodejs npm$/m, distro: /^# Alpine's nodejs and npm:$/m },
    { variant: 'azurelinux', tfm: 'net10.0', sdk: /sdk:10\.0-azurelinux3\.0$/, install: /^RUN tdnf install -y nodejs && tdnf clean all$/m, distro: /^# Azure Linux's nodejs, which carries npm:$/m },
  ];
  for (const c of cases) {
    it(`${c.tfm}, variant ${c.variant}: the sdk image's own package manager, said why, and it lints clean`, () => {
      const tree = writeTree(spa(c.tfm));
      try {
        const plan = planGeneration(path.join(tree, 'Web', 'Web.csproj'), { now, ...(c.variant ? { variant: c.variant } : {}) });
        assert.ok(plan.ok, plan.ok ? '' : plan.message);
        const text = plan.dockerfile.content;
        assertWellFormed(text);
        const buildStage = text.slice(text.indexOf('FROM --platform'), text.indexOf('ARG TARGETARCH'));
        assert.match(DockerfileParser.parse(text).getFROMs()[0]!.getImage() ?? '', c.sdk);
        assert.match(buildStage, /^# The build runs `npm install` \(target PublishRunWebpack in Web\.csproj\); the sdk image has no Node\.js\.$/m);
        assert.match(buildStage, c.distro);
        assert.match(buildStage, c.install);
        assert.ok(!/nodejs/.test(text.slice(text.indexOf('AS final'))), 'the final stage has no Node.js');
        // As the user gets it: the Dockerfile beside its proposed .dockerignore.
        fs.writeFileSync(plan.dockerignore.path, plan.dockerignore.content);
        const { findings } = lintDockerfile(text, { now, dockerfilePath: plan.dockerfile.path });
        const unexpected = findings.filter(f => (f.severity === 'warning' || f.severity === 'error') && f.rule !== 'dotnet/eol');
        assert.deepEqual(unexpected.map(f => `${f.rule}: ${f.message}`), [], text);
        if (c.variant === 'default' && c.tfm === 'net10.0') checkGolden('publish runs npm', goldenText(tree, text, plan.warnings));
      } finally {
        removeTree(tree);
      }
    });
  }

  it('a project whose build runs no Node.js tooling gets none', () => {
    const tree = writeTree({ 'Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <Target Name="Tools" BeforeTargets="Build"><Exec Command="dotnet tool restore" /></Target>\n') });
    try {
      const plan = planGeneration(path.join(tree, 'Web', 'Web.csproj'), { now });
      assert.ok(plan.ok);
      assert.ok(!/nodejs|Node\.js/.test(plan.dockerfile.content), plan.dockerfile.content);
    } finally {
      removeTree(tree);
    }
  });
});

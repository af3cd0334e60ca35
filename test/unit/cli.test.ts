import { execFileSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { main, runCliCommand } from '../../src/cli/main';

async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const saved = process.env;
  process.env = env;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(args, text => out.push(text), text => err.push(text));
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.env = saved;
  }
}

describe('dotnet-containers CLI', () => {
  it('doctor reports and exits 0 even when nothing is there', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-empty-home-'));
    try {
      const result = await runCli(['doctor'], { PATH: '', HOME: home, DOCKER_CONFIG: path.join(home, '.docker'), DOCKER_HOST: `unix://${home}/none.sock` });
      assert.equal(result.code, 0);
      assert.match(result.stdout, /no container engine answers/);
      assert.match(result.stdout, /docker: not on PATH/);
      assert.match(result.stdout, /dotnet: not on PATH/);
      assert.match(result.stdout, /no .*config\.json/);
    } finally {
      await fs.rm(home, { recursive: true, force: true });
    }
  });

  it('doctor --format json prints the report as JSON', async () => {
    const result = await runCli(['doctor', '--format', 'json'], { ...process.env, DOCKER_HOST: 'unix:///nonexistent/dc.sock' });
    assert.equal(result.code, 0);
    const report = JSON.parse(result.stdout);
    assert.equal(report.engines[0].host, 'unix:///nonexistent/dc.sock');
    assert.equal(report.engines[0].probe.reachable, false);
  });

  it('rejects an unknown command or format with a clear message and exit 2', async () => {
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const badFormat = await runCli(['doctor', '--format=yaml']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format must be text or json, not "yaml"/);
  });
});

describe('dotnet-containers generate', () => {
  const now = () => new Date('2026-11-23T00:00:00Z');
  // Without dotnet on PATH (auto reads statically), so the answers do not depend on the machine's SDK;
  // generateEvaluation.test.ts runs MSBuild's side with a stand-in dotnet.
  const generate = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCliCommand(['generate', ...args], { out: text => out.push(text), err: text => err.push(text), now: now(), env: { ...process.env, PATH: '' } });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };
  const web = '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>';
  let root: string;
  beforeEach(async () => { root = await fs.mkdtemp(path.join(os.tmpdir(), "dc gen $(touch pwned); 'q' ")); });
  afterEach(async () => { await fs.rm(root, { recursive: true, force: true }); });

  it('writes the Dockerfile next to the project and a .dockerignore, in a folder with shell characters', async () => {
    const dir = path.join(root, 'Web `x` & "y"');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'Web App.csproj'), web);
    const result = await generate([path.join(dir, 'Web App.csproj')]);
    assert.equal(result.code, 0, result.stderr);
    const dockerfile = await fs.readFile(path.join(dir, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /ENTRYPOINT \["dotnet", "Web App\.dll"\]/);
    assert.match(dockerfile, /RUN dotnet restore 'Web App\.csproj' -a \$TARGETARCH/);
    assert.match(await fs.readFile(path.join(dir, '.dockerignore'), 'utf8'), /\*\*\/obj\//);
    await assert.rejects(fs.access(path.join(root, 'pwned')));
    await assert.rejects(fs.access(path.join(process.cwd(), 'pwned')));
    // The printed build line pastes into a shell as exactly these arguments.
    const line = result.stdout.split('\n').find(l => l.startsWith('build: docker '));
    assert.ok(line, result.stdout);
    const words = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${line.slice('build: docker '.length)}`], { encoding: 'utf8' }).trimEnd().split('\n');
    assert.deepEqual(words, ['build', '-f', path.join(dir, 'Dockerfile'), '-t', 'web-app:latest', dir]);
  });

  it('never overwrites a different Dockerfile without --force, and merges an existing .dockerignore', async () => {
    await fs.writeFile(path.join(root, 'Web.csproj'), web);
    await fs.writeFile(path.join(root, 'Dockerfile'), 'FROM scratch\n');
    await fs.writeFile(path.join(root, '.dockerignore'), '# keep me\nsecrets/\n');
    const refused = await generate([path.join(root, 'Web.csproj')]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /exists and differs; nothing was written/);
    assert.equal(await fs.readFile(path.join(root, 'Dockerfile'), 'utf8'), 'FROM scratch\n');
    assert.equal(await fs.readFile(path.join(root, '.dockerignore'), 'utf8'), '# keep me\nsecrets/\n');

    const forced = await generate([path.join(root, 'Web.csproj'), '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(await fs.readFile(path.join(root, 'Dockerfile'), 'utf8'), /FROM mcr\.microsoft\.com\/dotnet\/aspnet:10\.0 AS final/);
    const ignore = await fs.readFile(path.join(root, '.dockerignore'), 'utf8');
    assert.ok(ignore.startsWith('# keep me\nsecrets/\n'));
    assert.match(ignore, /\*\*\/bin\//);
  });

  it('prints only the Dockerfile with --stdout, and the variant applies to both stages', async () => {
    await fs.writeFile(path.join(root, 'Web.csproj'), web);
    const result = await generate([path.join(root, 'Web.csproj'), '--stdout', '--variant', 'alpine']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /sdk:10\.0-alpine AS build/);
    assert.match(result.stdout, /aspnet:10\.0-alpine-extra AS final/);
    await assert.rejects(fs.access(path.join(root, 'Dockerfile')));
  });

  it('answers bad input with a clear message and exit 2', async () => {
    await fs.writeFile(path.join(root, 'Bad.csproj'), '<Project>\n  <PropertyGroup>\n</Project>');
    const malformed = await generate([path.join(root, 'Bad.csproj')]);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /Bad\.csproj\(3,\d+\): /);
    assert.equal((await generate([path.join(root, 'missing.csproj')])).code, 2);
    const variant = await generate([path.join(root, 'Bad.csproj'), '--variant', 'gentoo']);
    assert.match(variant.stderr, /--variant must be one of default, debian, ubuntu, alpine, chiseled, azurelinux/);
    await fs.writeFile(path.join(root, 'Old.csproj'), '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net48</TargetFramework></PropertyGroup></Project>');
    assert.match((await generate([path.join(root, 'Old.csproj')])).stderr, /\.NET Framework runs only on Windows/);
  });

  it('names the executables that reference a class library', async () => {
    await fs.mkdir(path.join(root, 'Lib'));
    await fs.mkdir(path.join(root, 'Web'));
    await fs.writeFile(path.join(root, 'Lib/Lib.csproj'), '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>');
    await fs.writeFile(path.join(root, 'Web/Web.csproj'), web.replace('</Project>', '<ItemGroup><ProjectReference Include="..\\Lib\\Lib.csproj" /></ItemGroup></Project>'));
    await fs.writeFile(path.join(root, 'All.sln'), 'Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Lib", "Lib\\Lib.csproj", "{1}"\nEndProject\nProject("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Web", "Web\\Web.csproj", "{2}"\nEndProject\n');
    const result = await generate([path.join(root, 'Lib/Lib.csproj')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Lib is a class library: .*Projects that reference it: Web\.csproj\./);
    const fromSolution = await generate([path.join(root, 'All.sln'), '--stdout']);
    assert.equal(fromSolution.code, 0, fromSolution.stderr);
    assert.match(fromSolution.stdout, /COPY \["Lib\/Lib\.csproj", "Lib\/"\]/);
  });
});

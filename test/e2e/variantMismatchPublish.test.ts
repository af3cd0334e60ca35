import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintDockerfile } from '../../src/core/lint/lintDockerfile';
import { skipBecause } from '../support/skip';

// dotnet/variant-mismatch rests on what the SDK publishes, so the real `dotnet publish` is asked, for an app with
// a package that brings native libraries (SourceGear.sqlite3, served by the NuGet mirror). Portable (no runtime
// identifier): every platform's library, musl's included, with deps.json choosing at run time, so `dotnet App.dll`
// runs on Alpine as on Debian, and the rule is silent; only the `./App` launcher is built for the build image's C
// library. With `-a`: the build image's library alone, and the rule reports. (Alpine itself cannot be run here:
// no musl .NET runtime is reachable offline.)

const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
const now = new Date('2026-11-23T00:00:00Z');

function dotnet(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => execFile('dotnet', args, {
    cwd, timeout: 5 * 60_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  }, error => (error ? reject(new Error(`dotnet ${args.join(' ')}: ${error.message}`)) : resolve())));
}

const dockerfile = (publishOptions: string, entrypoint = '["dotnet", "App.dll"]') => `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY App/ App/
RUN dotnet publish App/App.csproj -c Release ${publishOptions}-o /app/publish

FROM mcr.microsoft.com/dotnet/runtime:10.0-alpine AS final
WORKDIR /app
COPY --from=build /app/publish .
ENTRYPOINT ${entrypoint}
`;

describe('variant-mismatch against what dotnet publish writes (real .NET)', function () {
  this.timeout(6 * 60_000);
  let root: string;

  before(async function () {
    if (process.env.DC_DOTNET_UNAVAILABLE) skipBecause(this, process.env.DC_DOTNET_UNAVAILABLE);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dc variant publish '));
    fs.mkdirSync(path.join(root, 'App'));
    fs.writeFileSync(path.join(root, 'App', 'App.csproj'), `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="SourceGear.sqlite3" Version="3.53.4" /></ItemGroup>
</Project>
`);
    fs.writeFileSync(path.join(root, 'App', 'Program.cs'), 'System.Console.WriteLine("ready");\n');
    await dotnet(['publish', 'App/App.csproj', '-c', 'Release', '-o', 'portable'], root);
    await dotnet(['publish', 'App/App.csproj', '-c', 'Release', '-a', arch, '-o', 'for-this-image'], root);
  });
  after(() => { if (root) fs.rmSync(root, { recursive: true, force: true }); });

  const findings = (text: string) => {
    fs.writeFileSync(path.join(root, 'App', 'Dockerfile'), text);
    return lintDockerfile(text, { now, dockerfilePath: path.join(root, 'App', 'Dockerfile'), genericChecks: false }).findings
      .filter(finding => finding.rule === 'dotnet/variant-mismatch');
  };

  it('a portable publish carries the musl library beside the glibc one, chosen at run time: not reported', function () {
    const portable = path.join(root, 'portable');
    assert.ok(fs.existsSync(path.join(portable, 'runtimes', `linux-musl-${arch}`, 'native', 'libe_sqlite3.so')), 'musl library published');
    assert.ok(fs.existsSync(path.join(portable, 'runtimes', `linux-${arch}`, 'native', 'libe_sqlite3.so')), 'glibc library published');
    const deps = fs.readFileSync(path.join(portable, 'App.deps.json'), 'utf8');
    assert.match(deps, new RegExp(`"rid": "linux-musl-${arch}"`), 'deps.json lets the host pick the musl one');
    assert.deepEqual(findings(dockerfile('')), []);
  });

  it('its ./App launcher is a glibc executable: starting it on Alpine is reported', function () {
    const launcher = fs.readFileSync(path.join(root, 'portable', 'App')).subarray(0, 4096).toString('latin1');
    assert.match(launcher, /^\x7fELF/);
    assert.match(launcher, /\/ld-linux-[^\0]*\.so/, 'linked against glibc\'s loader');
    const [finding, ...more] = findings(dockerfile('', '["./App"]'));
    assert.equal(more.length, 0);
    assert.match(finding!.message, /starts \.\/App, the launcher the SDK builds for its own image: it will not start there/);
  });

  it('-a publishes the build image\'s library alone: reported', function () {
    const published = path.join(root, 'for-this-image');
    assert.ok(fs.existsSync(path.join(published, 'libe_sqlite3.so')));
    assert.ok(!fs.existsSync(path.join(published, 'runtimes')), 'no other platform\'s library');
    const [finding, ...more] = findings(dockerfile(`-a ${arch} `));
    assert.equal(more.length, 0);
    assert.match(finding!.message, /runtime identifier from the build image \(-a\): the native libraries it carries/);
  });
});

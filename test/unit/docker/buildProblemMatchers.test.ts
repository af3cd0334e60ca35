import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildProblemMatchers } from '../../../src/core/docker/containerActions';
import { buildLocationCommandIds } from '../../../src/core/ids';

// package.json's build problem matchers against build output as the engines print it (recorded from
// Docker 20.10's BuildKit and legacy builder with the stand-in .NET images, and from BuildKit ≥ 0.10's
// source excerpts). Where a match lands is worked out as VS Code does: `relative` joins the prefix (a
// `${command:…}` variable naming the build's Dockerfile, its folder or its context) and the captured file.

interface Pattern { regexp: string; kind?: string; file: number; line?: number; column?: number; severity?: number; code?: number; message: number }
interface Matcher { name: string; owner: string; source: string; severity: string; fileLocation: [string, string] | 'absolute'; pattern: Pattern }

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));
const matchers: Matcher[] = manifest.contributes.problemMatchers;
const byName = (name: string) => matchers.find(m => m.name === name)!;

const location = { dockerfile: '/ws/Stock Web/Dockerfile', context: '/ws' };
const variables: Record<string, string> = {
  [`\${command:${buildLocationCommandIds.dockerfile}}`]: location.dockerfile,
  [`\${command:${buildLocationCommandIds.dockerfileFolder}}`]: path.dirname(location.dockerfile),
  [`\${command:${buildLocationCommandIds.context}}`]: location.context,
};

/** What one matcher makes of one line: file (resolved), line, column, severity, code and message. */
function match(name: string, line: string): Record<string, string | number | undefined> | undefined {
  const matcher = byName(name);
  const found = new RegExp(matcher.pattern.regexp).exec(line);
  if (!found) return undefined;
  const group = (index?: number) => (index === undefined ? undefined : found[index]);
  const file = group(matcher.pattern.file)!;
  // autoDetect falls back to the path as printed when it is absolute (a host path); absolute takes it as it is.
  const resolved = matcher.fileLocation === 'absolute' ? file
    : matcher.fileLocation[0] === 'autoDetect' && path.isAbsolute(file) ? file : path.join(variables[matcher.fileLocation[1]]!, file);
  const result: Record<string, string | number | undefined> = { file: resolved, message: group(matcher.pattern.message) };
  if (matcher.pattern.line !== undefined) result.line = Number(group(matcher.pattern.line));
  if (group(matcher.pattern.column) !== undefined) result.column = Number(group(matcher.pattern.column));
  if (matcher.pattern.severity !== undefined) result.severity = group(matcher.pattern.severity);
  if (matcher.pattern.code !== undefined) result.code = group(matcher.pattern.code);
  return result;
}

function matchAll(line: string): Array<[string, Record<string, string | number | undefined>]> {
  return matchers.flatMap(m => {
    const found = match(m.name, line);
    return found ? [[m.name, found] as [string, Record<string, string | number | undefined>]] : [];
  });
}

describe('build problem matchers (package.json)', function () {
  it('are the ones build tasks use (plus the docker-output ones for tasks.json entries that run docker), own their markers apart from the linter, and take their locations from the build', function () {
    assert.deepEqual(matchers.map(m => `$${m.name}`).sort(), [...buildProblemMatchers, '$dotnet-container-dockerfile', '$dotnet-container-dockerfile-parse'].sort());
    for (const matcher of matchers) {
      // The linter's diagnostic collection is "dotnet-containers": a shared owner would let either erase the other.
      assert.equal(matcher.owner, 'dotnet-containers-build');
      if (matcher.fileLocation !== 'absolute') assert.ok(Object.keys(variables).includes(matcher.fileLocation[1]), `${matcher.name}: ${matcher.fileLocation[1]}`);
      assert.doesNotThrow(() => new RegExp(matcher.pattern.regexp));
    }
    for (const id of Object.values(buildLocationCommandIds)) assert.ok(manifest.activationEvents.includes(`onCommand:${id}`), `${id} activates the extension`);
  });

  it('take the lines `dotnet-containers build` prints for a failed build as they are: absolute file, line, column', function () {
    assert.deepEqual(matchAll('/ws/Stock Web/Dockerfile:6:1: error: RUN failed with exit code 1 (the build\'s output in the terminal shows why): The command \'/bin/sh -c false\' returned a non-zero code: 1'), [
      ['dotnet-container-build', { file: '/ws/Stock Web/Dockerfile', line: 6, column: 1, severity: 'error', message: 'RUN failed with exit code 1 (the build\'s output in the terminal shows why): The command \'/bin/sh -c false\' returned a non-zero code: 1' }],
    ]);
  });

  it("map a C# error from `dotnet publish` in a BuildKit RUN step, /src/ being the context, to the host's file", function () {
    assert.deepEqual(matchAll('#8 4.253 /src/App/Program.cs(1,30): error CS1002: ; expected [/src/App/App.csproj]'), [
      ['dotnet-container-msbuild', { file: '/ws/App/Program.cs', line: 1, column: 30, severity: 'error', code: 'CS1002', message: '; expected' }],
    ]);
    assert.deepEqual(match('dotnet-container-msbuild', '/src/Hello Web/Program.cs(3,5,3,9): warning CS8600: Converting null literal or possible null value to non-nullable type. [/src/Hello Web/Hello Web.csproj]'),
      { file: '/ws/Hello Web/Program.cs', line: 3, column: 5, severity: 'warning', code: 'CS8600', message: 'Converting null literal or possible null value to non-nullable type.' });
  });

  it('keep absolute host paths (a build outside a container) as they are', function () {
    assert.equal(match('dotnet-container-msbuild', '/home/me/src/App/Program.cs(2,1): error CS0103: The name x does not exist in the current context [/home/me/src/App/App.csproj]')?.file, '/home/me/src/App/Program.cs');
  });

  it('map NuGet and MSBuild errors about a project file to that file, and leave tool names alone', function () {
    assert.deepEqual(matchAll('#9 12.34 /src/StockWeb/StockWeb.csproj : error NU1101: Unable to find package Grpc.AspNetCore. No packages exist with this id in source(s): nuget.org [/src/StockWeb/StockWeb.csproj]'), [
      ['dotnet-container-msbuild-project', { file: '/ws/StockWeb/StockWeb.csproj', severity: 'error', code: 'NU1101', message: 'Unable to find package Grpc.AspNetCore. No packages exist with this id in source(s): nuget.org' }],
    ]);
    assert.equal(byName('dotnet-container-msbuild-project').pattern.kind, 'file');
    assert.deepEqual(matchAll('MSBUILD : error MSB1009: Project file does not exist.'), []);
    assert.deepEqual(matchAll('CSC : error CS5001: Program does not contain a static Main method suitable for an entry point [/src/App/App.csproj]'), []);
  });

  it("point Docker 20.10's BuildKit parse error at the build's own Dockerfile (its output names no file)", function () {
    assert.deepEqual(matchAll('failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: FROBNICATE'), [
      ['dotnet-container-dockerfile-parse', { file: location.dockerfile, line: 3, message: 'unknown instruction: FROBNICATE' }],
    ]);
  });

  it("point BuildKit's `Dockerfile:N` excerpt at the file of that name beside the build's Dockerfile", function () {
    assert.deepEqual(matchAll('Dockerfile:12'), [['dotnet-container-dockerfile', { file: location.dockerfile, line: 12, message: 'Dockerfile:12' }]]);
    assert.equal(match('dotnet-container-dockerfile', 'Dockerfile.dev:3')?.file, '/ws/Stock Web/Dockerfile.dev');
  });

  it('stay quiet on the ordinary lines of a build', function () {
    const lines = [
      '#1 [internal] load build definition from Dockerfile', '#8 3.676   Restored /src/App/App.csproj (in 98 ms).', '#5 [2/4] WORKDIR /src',
      'executor failed running [/bin/sh -c dotnet publish App/App.csproj -c Release -o /app]: exit code: 1', ' > [4/4] RUN dotnet publish App/App.csproj:',
      '#13 16.2   App -> /src/App/bin/Release/net10.0/linux-x64/App.dll', 'Step 3/3 : RUN false', '#4 2.593 hi', '--------------------',
      '#8 5.1 Build succeeded.', '#8 5.1     0 Warning(s)', '#8 5.1     0 Error(s)',
    ];
    for (const line of lines) assert.deepEqual(matchAll(line), [], line);
  });
});

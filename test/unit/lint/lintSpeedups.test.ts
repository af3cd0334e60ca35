import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { genericFindings } from '../../../src/core/lint/genericChecks';
import { createLintContext } from '../../../src/core/lint/lintContext';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';
import { csproj, removeTree, writeTree } from '../../support/fileTree';
import { now } from '../../support/lintTable';

// What lintContext/lintDockerfile do to be fast must not change what they find: the project read once and
// reused while its files are unchanged, one parse shared with dockerfile-utils, instruction words remembered.

const dockerfile = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY ["App.csproj", "./"]\nRUN dotnet restore App.csproj\nCOPY . .\nRUN dotnet publish App.csproj -o /app\n';

describe('lint speed-ups keep the results', function () {
  let root = '';
  let file = '';
  beforeEach(function () {
    root = writeTree({ 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }), Dockerfile: dockerfile });
    file = path.join(root, 'Dockerfile');
  });
  afterEach(() => removeTree(root));

  const frameworks = () => createLintContext(dockerfile, { now, dockerfilePath: file }).project?.info.targetFrameworkMonikers;

  it('reuses the project while nothing it read has changed', function () {
    const first = createLintContext(dockerfile, { now, dockerfilePath: file }).project;
    const second = createLintContext(dockerfile, { now, dockerfilePath: file }).project;
    assert.ok(first);
    assert.equal(second, first);
  });

  it('reads the project again when it is edited', function () {
    assert.deepEqual(frameworks(), ['net10.0']);
    fs.writeFileSync(path.join(root, 'App.csproj'), csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net8.0' }));
    assert.deepEqual(frameworks(), ['net8.0']);
  });

  it('reads the project again when a file it looked for appears', function () {
    fs.writeFileSync(path.join(root, 'App.csproj'), csproj('Microsoft.NET.Sdk.Web', {}));
    assert.deepEqual(frameworks(), []);
    fs.writeFileSync(path.join(root, 'Directory.Build.props'), '<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n');
    assert.deepEqual(frameworks(), ['net10.0']);
  });

  it('the generic checks on the shared parse find what dockerfile-utils finds on its own', function () {
    const odd = 'from mcr.microsoft.com/dotnet/sdk:10.0\nMAINTAINER me\nEXPOSE 80/tcpx\nCMD ["a"]\nCMD [\'b\']\nWORKDIR relative\nENV A\n';
    const shared = lintDockerfile(odd, { now, rules: [] }).findings.map(f => `${f.rule} ${JSON.stringify(f.range)} ${f.message}`);
    const alone = genericFindings(odd).map(f => `${f.rule} ${JSON.stringify(f.range)} ${f.message}`);
    assert.ok(alone.length >= 5, alone.join('\n'));
    assert.deepEqual(shared.sort(), alone.sort());
  });

  it('the parser is itself again after the generic checks', function () {
    const parse = DockerfileParser.parse;
    lintDockerfile(dockerfile, { now });
    assert.equal(DockerfileParser.parse, parse);
    assert.notEqual(DockerfileParser.parse(dockerfile), DockerfileParser.parse(dockerfile));
  });

  it('remembered words are handed out as copies', function () {
    const run = DockerfileParser.parse('FROM x\nRUN --mount=type=cache,target=/x dotnet restore -a $TARGETARCH\n').getInstructions()[1]!;
    const words = run.getArguments();
    words.splice(0);
    assert.deepEqual(run.getArguments().map(a => a.getValue()), ['dotnet', 'restore', '-a', '$TARGETARCH']);
    assert.equal(run.getRawArgumentsContent(), 'dotnet restore -a $TARGETARCH');
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { genericFindings } from '../../../src/core/lint/genericChecks';
import { argumentsContent, argumentsOf, flagsOf, rawArgumentsContent } from '../../../src/core/lint/instructionWords';
import { createLintContext } from '../../../src/core/lint/lintContext';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';
import { csproj, removeTree, writeTree } from '../../support/fileTree';
import { now } from '../../support/lintTable';

// What lintContext/lintDockerfile do to be fast must not change what they find: the project read once and
// reused while its files are unchanged, instruction words remembered by us. And dockerfile-ast is left alone: no
// method of the library is replaced, for the whole process or for a moment.

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

  it('the generic checks find what dockerfile-utils finds on its own', function () {
    const odd = 'from mcr.microsoft.com/dotnet/sdk:10.0\nMAINTAINER me\nEXPOSE 80/tcpx\nCMD ["a"]\nCMD [\'b\']\nWORKDIR relative\nENV A\n';
    const linted = lintDockerfile(odd, { now, rules: [] }).findings.map(f => `${f.rule} ${JSON.stringify(f.range)} ${f.message}`);
    const alone = genericFindings(odd).findings.map(f => `${f.rule} ${JSON.stringify(f.range)} ${f.message}`);
    assert.ok(alone.length >= 5, alone.join('\n'));
    assert.deepEqual(linted.sort(), alone.sort());
  });

  it('never replaces the parser, not even while dockerfile-utils validates', function () {
    const descriptor = Object.getOwnPropertyDescriptor(DockerfileParser, 'parse')!;
    const parse = DockerfileParser.parse;
    const writes: unknown[] = [];
    Object.defineProperty(DockerfileParser, 'parse', { configurable: true, get: () => parse, set: value => { writes.push(value); } });
    try {
      lintDockerfile(dockerfile, { now });
    } finally {
      Object.defineProperty(DockerfileParser, 'parse', descriptor);
    }
    assert.deepEqual(writes, []);
  });

  it("leaves dockerfile-ast's instructions as the library made them", function () {
    // What dockerfile-ast's own getRawArguments is: read from a copy of the library loaded in a process that
    // never loads our code. Ours must be that same function, and instructions must carry nothing of ours.
    const pristine = execFileSync(process.execPath, ['-e', "process.stdout.write(require('dockerfile-ast').Instruction.prototype.getRawArguments.toString())"], { cwd: path.resolve(__dirname, '../../..'), encoding: 'utf8' });
    lintDockerfile(dockerfile, { now });
    assert.equal((Instruction.prototype as unknown as { getRawArguments: () => unknown }).getRawArguments.toString(), pristine);
    const context = createLintContext(dockerfile, { now });
    for (const instruction of context.dockerfile.getInstructions()) {
      argumentsOf(instruction);
      rawArgumentsContent(instruction);
      assert.deepEqual(Object.getOwnPropertySymbols(instruction), [], 'no symbol of ours on the instruction');
    }
  });

  it('remembers the words of an instruction, as dockerfile-ast gives them', function () {
    const run = DockerfileParser.parse('FROM x\nRUN --mount=type=cache,target=/x dotnet restore \\\n  -a $TARGETARCH\n').getInstructions()[1]!;
    assert.equal(argumentsOf(run), argumentsOf(run), 'worked out once');
    assert.deepEqual(argumentsOf(run).map(a => a.getValue()), run.getArguments().map(a => a.getValue()));
    assert.deepEqual(argumentsOf(run).map(a => a.getValue()), ['dotnet', 'restore', '-a', '$TARGETARCH']);
    assert.equal(rawArgumentsContent(run), run.getRawArgumentsContent());
    assert.equal(argumentsContent(run), run.getArgumentsContent());
    assert.deepEqual(flagsOf(run).map(flag => flag.getName()), ['mount']);
    assert.deepEqual(flagsOf(DockerfileParser.parse('FROM x\nUSER app\n').getInstructions()[1]!), []);
  });
});

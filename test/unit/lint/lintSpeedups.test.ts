import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser, From, Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { genericFindings } from '../../../src/core/lint/genericChecks';
import { argumentsContent, argumentsOf, buildStageOf, flagsOf, imageOf, imageRangeOf, rawArgumentsContent, reuseWords } from '../../../src/core/lint/instructionWords';
import { createLintContext } from '../../../src/core/lint/lintContext';
import { searchInputs } from '../../../src/core/lint/contextSearch';
import { lintFileSystem } from '../../../src/core/lint/lintFileSystem';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';
import { nodeFileSystem, ProjectFileSystem } from '../../../src/core/project/fileSystem';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { dockerfileTokens, fuzzSeed, memoryFileSystem, mutate, random } from '../../support/fuzzing';
import { layouts } from '../../support/layouts';
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

describe('instruction words cut from the instruction text, and kept from lint to lint', function () {
  this.timeout(120_000);
  const SEED = fuzzSeed(0xc07e47);
  const INPUTS = 10_000;

  /** An instruction's words as dockerfile-ast gives them, or as instructionWords does: contents, arguments, flags, a FROM's image and stage name. */
  const wordsOf = (instruction: Instruction, ours: boolean): string => JSON.stringify([
    ours ? rawArgumentsContent(instruction) : instruction.getRawArgumentsContent(),
    ours ? argumentsContent(instruction) : instruction.getArgumentsContent(),
    (ours ? argumentsOf(instruction) : instruction.getArguments()).map(a => [a.getValue(), a.getRange()]),
    (ours ? flagsOf(instruction) : (instruction as Partial<ModifiableInstruction>).getFlags?.() ?? []).map(f => [f.getName(), f.getValue(), f.getRange()]),
    instruction instanceof From ? (ours ? [imageRangeOf(instruction), imageOf(instruction), buildStageOf(instruction)] : [instruction.getImageRange(), instruction.getImage(), instruction.getBuildStage()]) : null,
  ]);

  /**
   * Every instruction of `text` whose words differ from dockerfile-ast's own, described. The words of an earlier
   * text's instruction are reused where the escape character, place and text are the same, as a lint does.
   */
  const differences = (text: string): string[] => {
    let instructions: Instruction[];
    let escape: string;
    try {
      const dockerfile = DockerfileParser.parse(text);
      instructions = dockerfile.getInstructions();
      escape = dockerfile.getEscapeCharacter();
    } catch {
      return []; // the parser's throw is its own: rules guard it with safe()
    }
    reuseWords(instructions, escape);
    const found: string[] = [];
    for (const instruction of instructions) {
      let expected: string;
      try {
        expected = wordsOf(instruction, false);
      } catch {
        continue;
      }
      const actual = wordsOf(instruction, true);
      if (actual !== expected) found.push(`line ${instruction.getRange().start.line}: ${actual} where dockerfile-ast gives ${expected}`);
    }
    return found;
  };

  it('equal what dockerfile-ast gives, on line breaks of every kind, continuations, heredocs, JSON and indentation', function () {
    const cases = [
      'FROM x\nRUN a b  c\n',
      'FROM x\r\nRUN a \\\r\n  b\r\n  # comment\r\n  c\r\nCOPY ["a", "b"]\r\n',
      'FROM x\rRUN a \\\r  b\rWORKDIR /src\r',
      // Lone \r ends a line for LSP positions: arguments that end before the instruction's text does.
      'FROM x\rRUN a \\\r  b   \rFROM y', 'FROM x\rCOPY a \\\r  b \\\r  c\\\r\r', 'FROM x\rENV A=1 \\\r B=2 \\\r\r# c\r', 'FROM x\rRUN a \\\r # c\r b \\\r \r',
      '# escape=`\nFROM x\nRUN a `\n  b\n    COPY --from=build  /app   .\n',
      'FROM x\nRUN <<EOF\necho hi\nEOF\nRUN <<-"EOT" bash\n\tcat\nEOT\n',
      '\t  FROM x AS  build  \nENV A=1 \\\n B=2\nARG\nEXPOSE 80 \\\n\n443\n',
      '\uFEFFFROM 🐳:1\nLABEL a="b c" \\ \n d=e\nCMD [ "x" ,\t"y" ]\n',
    ];
    for (const text of cases) assert.deepEqual(differences(text), [], JSON.stringify(text));
  });

  it('are not reused across an escape directive: the same instruction at the same place reads otherwise', function () {
    // One line, the same text: `\ ` escapes the space for a backslash escape, and is a plain character for a backtick.
    const run = 'COPY a\\ b` c d/\n';
    assert.deepEqual(differences(`# syntax=docker/dockerfile:1\nFROM x\n${run}`), []);
    assert.deepEqual(differences(`# escape=\`\nFROM x\n${run}`), []);
    assert.deepEqual(differences(`# syntax=docker/dockerfile:1\nFROM x\n${run}`), []);
  });

  it(`equal what dockerfile-ast gives on ${INPUTS.toLocaleString('en-US')} mutated Dockerfiles`, function () {
    console.log(`      seed 0x${SEED.toString(16)} (DC_FUZZ_SEED reruns it)`);
    const next = random(SEED);
    const seeds = layouts.map((layout, index) => {
      const root = path.join(path.sep, 'contents-fuzz', String(index));
      const base = new Map(Object.entries(layout.files).map(([relative, content]) => [path.join(root, relative), content]));
      const plan = planGeneration(path.join(root, layout.app), { now, fileSystem: memoryFileSystem(base) });
      assert.ok(plan.ok, layout.name);
      return plan.dockerfile.content;
    });
    const found: string[] = [];
    for (let i = 0; i < INPUTS && found.length < 3; i++) {
      const text = mutate(seeds[i % seeds.length]!, dockerfileTokens, next);
      for (const difference of differences(text)) found.push(`input ${i} ${difference}\n${JSON.stringify(text.slice(0, 400))}`);
    }
    assert.deepEqual(found, [], `seed 0x${SEED.toString(16)}`);
  });
});

/**
 * Lints each text in turn, then backwards, then again, with the caches kept from lint to lint as in an editor:
 * every text must get the same answer whatever was linted before it. Returns the answers in the texts' order.
 */
function lintInAnyOrder<Name extends string>(texts: Record<Name, string>, dockerfilePath: string) {
  const lintOf = (name: Name) => {
    const result = lintDockerfile(texts[name], { now, dockerfilePath, genericChecks: false });
    return { name, context: result.context.contextDirectory, project: result.context.project?.info.file, findings: result.findings.map(f => `${f.rule} ${f.range.start.line} ${f.message}`) };
  };
  const names = Object.keys(texts) as Name[];
  const forward = names.map(lintOf);
  assert.deepEqual([...names].reverse().map(lintOf).reverse(), forward);
  assert.deepEqual(names.map(lintOf), forward);
  return forward;
}

describe('the file system as one lint sees it', function () {
  /** An in-memory tree that counts each question, by kind and path. */
  const counting = (files: Record<string, string>) => {
    const base = memoryFileSystem(new Map(Object.entries(files)));
    const asked = new Map<string, number>();
    const count = (question: string) => asked.set(question, (asked.get(question) ?? 0) + 1);
    const fileSystem: ProjectFileSystem = {
      readText: file => (count(`readText ${file}`), base.readText(file)),
      readBytes: (file, maxBytes) => (count(`readBytes ${file}`), base.readBytes!(file, maxBytes)),
      exists: file => (count(`exists ${file}`), base.exists(file)),
      isDirectory: dir => (count(`isDirectory ${dir}`), base.isDirectory(dir)),
      list: dir => (count(`list ${dir}`), base.list(dir)),
    };
    return { fileSystem, asked };
  };

  it('asks the file system each question once per lint, and again in the next lint', function () {
    const root = path.resolve('/lint-fs-test');
    const files = {
      [path.join(root, 'src/App/App.csproj')]: csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }),
      [path.join(root, 'src/App/Dockerfile')]: '',
      [path.join(root, '.dockerignore')]: 'bin/\n',
    };
    const solution = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY ["src/App/App.csproj", "src/App/"]\nRUN dotnet restore src/App/App.csproj\nCOPY . .\nRUN dotnet publish src/App/App.csproj -o /app\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "App.dll"]\n';
    const { fileSystem, asked } = counting(files);
    const first = lintDockerfile(solution, { now, dockerfilePath: path.join(root, 'src/App/Dockerfile'), fileSystem });
    assert.equal(first.context.contextDirectory, root);
    assert.ok(first.findings.some(f => f.rule === 'dotnet/dockerignore'), 'the root-only bin/ is read and judged');
    // The context search, the project reader and the rules share the answers.
    assert.deepEqual([...asked].filter(([, times]) => times > 1), []);
    assert.ok(asked.has(`readBytes ${path.join(root, 'src/App/App.csproj')}`), 'the project was read through the same view');
    assert.equal(asked.get(`readBytes ${path.join(root, '.dockerignore')}`), 1);
    lintDockerfile(solution, { now, dockerfilePath: path.join(root, 'src/App/Dockerfile'), fileSystem });
    assert.equal(asked.get(`readBytes ${path.join(root, '.dockerignore')}`), 2, 'a new lint asks again');
  });

  it('gives each caller its own copy of a listing', function () {
    const dir = writeTree({ 'a.txt': 'a', 'b.txt': 'b' });
    try {
      const view = lintFileSystem(nodeFileSystem);
      view.list(dir).sort().reverse().push('c.txt');
      assert.deepEqual(view.list(dir).sort(), ['a.txt', 'b.txt']);
      assert.deepEqual(lintFileSystem(nodeFileSystem).list(dir).sort(), ['a.txt', 'b.txt']);
    } finally {
      removeTree(dir);
    }
  });

  describe('on the real disk, across lints', function () {
    let root = '';
    afterEach(() => removeTree(root));

    it('finds a compose file added to a folder listed by an earlier lint', function () {
      root = writeTree({ 'ctx/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }), 'ctx/docker/Dockerfile': dockerfile });
      const dockerfilePath = path.join(root, 'ctx', 'docker', 'Dockerfile');
      assert.notEqual(createLintContext(dockerfile, { now, dockerfilePath }).contextEvidence, 'compose');
      fs.writeFileSync(path.join(root, 'ctx', 'docker', 'compose.yaml'), 'services:\n  app:\n    build:\n      context: ..\n      dockerfile: docker/Dockerfile\n');
      const context = createLintContext(dockerfile, { now, dockerfilePath });
      assert.equal(context.contextEvidence, 'compose');
      assert.equal(context.contextDirectory, path.join(root, 'ctx'));
    });

    it('reads an edited .dockerignore again', function () {
      root = writeTree({ 'App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }), Dockerfile: dockerfile, '.dockerignore': '# nothing yet\n' });
      const dockerignoreFindings = () => lintDockerfile(dockerfile, { now, dockerfilePath: path.join(root, 'Dockerfile') }).findings.filter(f => f.rule === 'dotnet/dockerignore').length;
      assert.equal(dockerignoreFindings(), 1);
      fs.writeFileSync(path.join(root, '.dockerignore'), '**/bin/\n**/obj/\n');
      assert.equal(dockerignoreFindings(), 0);
      fs.writeFileSync(path.join(root, '.dockerignore'), '# gone again\n');
      assert.equal(dockerignoreFindings(), 1);
    });

    it('finds each text its own context, whatever was linted before (the search inputs kept by instruction text)', function () {
      root = writeTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'src/App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }), 'src/App/Dockerfile': '' });
      const dockerfilePath = path.join(root, 'src', 'App', 'Dockerfile');
      const tail = 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nEXPOSE 8080\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "App.dll"]\n';
      const fromRoot = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY ["src/App/App.csproj", "src/App/"]\nRUN dotnet restore src/App/App.csproj\nCOPY . .\nRUN dotnet publish src/App/App.csproj -o /app\n${tail}`;
      const texts = {
        fromRoot,
        // Only the port differs: an instruction the search does not read.
        fromRootOtherPort: fromRoot.replace('EXPOSE 8080', 'EXPOSE 5000'),
        fromApp: fromRoot.replace('COPY ["src/App/App.csproj", "src/App/"]', 'COPY ["App.csproj", "src/App/"]').replace(/src\/App\/App\.csproj/g, 'App.csproj').replace('COPY . .', 'COPY . src/App/').replace(/dotnet (restore|publish) App\.csproj/g, 'dotnet $1 src/App/App.csproj'),
        // Only a WORKDIR differs: the project path traced through it lands in the repository root or in src/App.
        throughWorkdir: `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nWORKDIR /src/src/App\nRUN dotnet publish App.csproj -o /app\n${tail}`,
        besideWorkdir: `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nWORKDIR /src\nRUN dotnet publish App.csproj -o /app\n${tail}`,
      };
      const expected: Record<keyof typeof texts, string> = {
        fromRoot: root, fromRootOtherPort: root, fromApp: path.join(root, 'src', 'App'), throughWorkdir: root, besideWorkdir: path.join(root, 'src', 'App'),
      };
      const names = Object.keys(texts) as (keyof typeof texts)[];
      const forward = lintInAnyOrder(texts, dockerfilePath);
      assert.deepEqual(forward.map(r => [r.name, r.context]), names.map(name => [name, expected[name]]));
      assert.ok(forward.every(r => r.project === path.join(root, 'src', 'App', 'App.csproj')), JSON.stringify(forward.map(r => r.project)));
    });

    it('keeps the search inputs while a RUN is edited outside its dotnet restore|build|publish commands, and only then', function () {
      root = writeTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'src/App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }), 'src/App/Dockerfile': '' });
      const dockerfilePath = path.join(root, 'src', 'App', 'Dockerfile');
      const withRuns = (...runs: string[]) => `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\n${runs.map(run => `RUN ${run}\n`).join('')}FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "App.dll"]\n`;
      const texts = {
        // The project found through the context root: src/App/App.csproj exists there.
        fromRoot: withRuns('dotnet test "Tests.csproj" --logger "trx;LogFileName=results.trx"', 'cd src/App && dotnet publish App.csproj -o /app'),
        // Typing in the RUN of dotnet test, or in a RUN without dotnet, keeps the inputs.
        typedTest: withRuns('dotnet test "Tests.csproj" --logger "trx;LogFileName=results-1.trx"', 'cd src/App && dotnet publish App.csproj -o /app'),
        typedApt: withRuns('apt-get update && apt-get install -y curl', 'cd src/App && dotnet publish App.csproj -o /app'),
        // The cd before the command moves the project: App.csproj only exists in src/App, which becomes the context.
        otherCd: withRuns('dotnet test "Tests.csproj" --logger "trx;LogFileName=results.trx"', 'cd /src && dotnet publish App.csproj -o /app'),
        // The same command split by a continuation: the probes read it joined.
        continued: withRuns('dotnet test "Tests.csproj"', 'cd src/App && dotnet pub\\\nlish App.csproj -o /app'),
        continuedElsewhere: withRuns('dotnet test "Tests.csproj"', 'cd /src && dotnet pub\\\nlish App.csproj -o /app'),
        // The project named in the command changes the mention.
        otherName: withRuns('dotnet test "Tests.csproj"', 'dotnet publish src/App/App.csproj -o /app'),
      };
      const expected: Record<keyof typeof texts, string> = {
        fromRoot: root, typedTest: root, typedApt: root, otherCd: path.join(root, 'src', 'App'), continued: root, continuedElsewhere: path.join(root, 'src', 'App'), otherName: root,
      };
      const names = Object.keys(texts) as (keyof typeof texts)[];
      const forward = lintInAnyOrder(texts, dockerfilePath);
      assert.deepEqual(forward.map(r => [r.name, r.context]), names.map(name => [name, expected[name]]));
      // Kept: the same inputs object for the typed texts, a new one where the commands differ.
      const inputsOf = (name: keyof typeof texts) => {
        const context = createLintContext(texts[name], { now });
        return searchInputs(context.dockerfile, context.stages);
      };
      assert.equal(inputsOf('typedTest'), inputsOf('fromRoot'));
      assert.equal(inputsOf('typedApt'), inputsOf('fromRoot'));
      for (const changed of ['otherCd', 'continued', 'otherName'] as const) assert.notEqual(inputsOf(changed), inputsOf('fromRoot'), changed);
    });

    it('reads the project again when a Directory.Build.props appears in a folder above it', function () {
      root = writeTree({ 'src/App/App.csproj': csproj('Microsoft.NET.Sdk.Web', {}), 'src/App/Dockerfile': dockerfile });
      const frameworks = () => createLintContext(dockerfile, { now, dockerfilePath: path.join(root, 'src', 'App', 'Dockerfile') }).project?.info.targetFrameworkMonikers;
      assert.deepEqual(frameworks(), []);
      assert.deepEqual(frameworks(), []);
      fs.writeFileSync(path.join(root, 'src', 'Directory.Build.props'), '<Project><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>\n');
      assert.deepEqual(frameworks(), ['net9.0']);
    });
  });
});

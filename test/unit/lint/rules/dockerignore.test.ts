import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createDockerignore, mergeDockerignore } from '../../../../src/core/generate/dockerignoreTemplate';
import { isIgnored, parseDockerignore } from '../../../../src/core/lint/dockerignorePatterns';
import { lintDockerfile } from '../../../../src/core/lint/lintDockerfile';
import { nodeFileSystem, ProjectFileSystem } from '../../../../src/core/project/fileSystem';
import { dockerignore } from '../../../../src/core/lint/rules/dockerignore';
import { csproj, removeTree, writeTree } from '../../../support/fileTree';
import { fixTable, now, ruleTable } from '../../../support/lintTable';

const project = csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' });
const atRoot = { 'App.csproj': project };

const copyAll = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish App.csproj -o /app
`;

// A solution context: the Dockerfile beside the project, the context two folders up.
const nested = {
  'src/Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }, '  <ItemGroup><ProjectReference Include="..\\Core\\Core.csproj" /></ItemGroup>\n'),
  'src/Core/Core.csproj': csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }),
};
const nestedBuild = `FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY ["src/Web/Web.csproj", "src/Web/"]
COPY ["src/Core/Core.csproj", "src/Core/"]
RUN dotnet restore src/Web/Web.csproj
COPY . .
RUN dotnet publish src/Web/Web.csproj --no-restore -o /app
`;
const allowList = '*\n!src/\n';
const rootOnly = 'bin/\nobj/\n';

describe('rule dotnet/dockerignore', function () {
  ruleTable(dockerignore, [
    { name: 'no .dockerignore in the context', dockerfile: copyAll, files: atRoot, expect: ['3:1-3:9'], message: ['no .dockerignore', 'bin/ and obj/'] },
    // Ocelot's Kubernetes sample: the project was renamed, so none is found; `*/bin` does leave out App/bin.
    {
      name: 'no project found: the folders of the project files the COPYs name, which */bin covers',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY ["App/Old.csproj", "App/"]\nRUN dotnet restore App/Old.csproj\nCOPY . .\nRUN dotnet publish App/Old.csproj -o /app\n',
      files: { '.dockerignore': '*/bin\n*/obj\n', 'App/App.csproj': project },
      expect: [],
    },
    {
      name: 'no project found, and the named project\'s folder is not covered',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY ["src/App/Old.csproj", "src/App/"]\nRUN dotnet restore src/App/Old.csproj\nCOPY . .\nRUN dotnet publish src/App/Old.csproj -o /app\n',
      files: { '.dockerignore': '*/bin\n*/obj\n', 'src/App/App.csproj': project },
      expect: ['5:1-5:9'],
      message: ['bin/ and obj/'],
    },
    { name: 'the generator\'s .dockerignore', dockerfile: copyAll, files: { ...atRoot, '.dockerignore': createDockerignore() }, expect: [] },
    { name: 'bin/ and obj/ do cover a project at the context root', dockerfile: copyAll, files: { ...atRoot, '.dockerignore': rootOnly }, expect: [] },
    {
      name: 'bin/ and obj/ match only the root, not the projects below it',
      dockerfile: nestedBuild,
      files: { ...nested, '.dockerignore': rootOnly },
      dockerfilePath: 'src/Web/Dockerfile',
      expect: ['6:1-6:9'],
      message: ['only at the root'],
    },
    { name: '**/bin and **/obj cover every project', dockerfile: nestedBuild, files: { ...nested, '.dockerignore': '**/bin\n**/obj\n' }, dockerfilePath: 'src/Web/Dockerfile', expect: [] },
    {
      name: 'a ! exception puts obj back',
      dockerfile: copyAll,
      files: { ...atRoot, '.dockerignore': '**/bin/\n**/obj/\n!**/obj/\n' },
      expect: ['3:1-3:9'],
      message: ['puts obj/ back'],
    },
    { name: 'an allow-list that lets the project folder in whole', dockerfile: nestedBuild, files: { ...nested, '.dockerignore': allowList }, dockerfilePath: 'src/Web/Dockerfile', expect: ['6:1-6:9'] },
    {
      name: 'BuildKit reads <Dockerfile>.dockerignore before the context\'s own',
      dockerfile: nestedBuild,
      files: { ...nested, '.dockerignore': rootOnly, 'src/Web/Dockerfile.dockerignore': createDockerignore() },
      dockerfilePath: 'src/Web/Dockerfile',
      expect: [],
    },
    {
      name: 'a Dockerfile-specific ignore file that misses them wins over a good one',
      dockerfile: copyAll,
      files: { ...atRoot, '.dockerignore': createDockerignore(), 'Dockerfile.dockerignore': '.git\n' },
      expect: ['3:1-3:9'],
      message: ['Dockerfile.dockerignore'],
    },
    { name: 'only named files are copied: nothing to leak', dockerfile: copyAll.replace('COPY . .', 'COPY ["App.csproj", "Program.cs", "./"]'), files: atRoot, expect: [] },
    { name: 'a folder that holds the project', dockerfile: nestedBuild.replace('COPY . .', 'COPY src/ src/'), files: nested, dockerfilePath: 'src/Web/Dockerfile', expect: ['6:1-6:15'] },
    { name: 'a folder beside the projects', dockerfile: nestedBuild.replace('COPY . .', 'COPY docs/ docs/'), files: nested, dockerfilePath: 'src/Web/Dockerfile', expect: [] },
    { name: 'COPY --from a stage is not the context', dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nCOPY --from=source . .\n', files: atRoot, expect: [] },
    { name: 'without the Dockerfile\'s path the context is unknown', dockerfile: copyAll, expect: [] },
    {
      name: 'nothing says where the context is: no claim that a folder has no .dockerignore',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\n',
      files: { ...nested, '.git/HEAD': '', '.dockerignore': createDockerignore() },
      dockerfilePath: 'src/Web/Dockerfile',
      expect: [],
    },
    {
      name: 'the context a compose file names, and its missing .dockerignore',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\n',
      files: { ...nested, '.git/HEAD': '', 'src/docker-compose.yml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: Web/Dockerfile\n' },
      dockerfilePath: 'src/Web/Dockerfile',
      expect: ['3:1-3:9'],
      message: ['The build context (.. from the Dockerfile, as ../docker-compose.yml sets it) has no .dockerignore'],
    },
    {
      name: 'the compose context\'s .dockerignore is the one that counts',
      dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\n',
      files: { ...nested, '.git/HEAD': '', 'src/.dockerignore': '**/bin/\n**/obj/\n', 'src/docker-compose.yml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: Web/Dockerfile\n' },
      dockerfilePath: 'src/Web/Dockerfile',
      expect: [],
    },
  ]);

  fixTable(dockerignore, [
    { name: 'create the generator\'s .dockerignore', dockerfile: copyAll, files: atRoot, fix: 'Create .dockerignore', expected: copyAll, creates: { '.dockerignore': createDockerignore() } },
    {
      name: 'merge the patterns into a file that matched only the root',
      dockerfile: nestedBuild,
      files: { ...nested, '.dockerignore': rootOnly },
      dockerfilePath: 'src/Web/Dockerfile',
      fix: 'Add bin/ and obj/ to .dockerignore',
      expected: nestedBuild,
      creates: { '.dockerignore': mergeDockerignore(rootOnly).text },
    },
    {
      name: 'after an allow-list exception, bin/ and obj/ go last',
      dockerfile: nestedBuild,
      files: { ...nested, '.dockerignore': allowList },
      dockerfilePath: 'src/Web/Dockerfile',
      fix: 'Add bin/ and obj/ to .dockerignore',
      expected: nestedBuild,
      creates: { '.dockerignore': /^\*\n[^]*!src\/\n# Last[^\n]*\n\*\*\/bin\/\n\*\*\/obj\/\n$/ },
    },
    {
      name: 'fix the Dockerfile-specific file BuildKit reads',
      dockerfile: copyAll,
      files: { ...atRoot, 'Dockerfile.dockerignore': '.git\r\n' },
      fix: 'Add bin/ and obj/ to Dockerfile.dockerignore',
      expected: copyAll,
      creates: { 'Dockerfile.dockerignore': mergeDockerignore('.git\r\n').text },
    },
  ]);

  it('the fix for an existing file says it overwrites it', function () {
    // The adapter must replace the file rather than fail because it exists.
    const root = writeTree({ ...atRoot, '.dockerignore': '.git\n', Dockerfile: copyAll });
    try {
      const [finding] = lintDockerfile(copyAll, { now: now, rules: [dockerignore], genericChecks: false, dockerfilePath: path.join(root, 'Dockerfile') }).findings;
      assert.equal(finding?.fixes[0]?.createFiles?.[0]?.overwrite, true);
    } finally {
      removeTree(root);
    }
  });
});

describe('.dockerignore patterns as Docker matches them', function () {
  const cases: Array<[string, string, boolean]> = [
    ['bin/', 'bin/Debug/app.dll', true],
    ['bin/', 'src/bin/Debug/app.dll', false],
    ['/bin', 'bin/x', true],
    ['./bin/', 'bin/x', true],
    ['**/bin', 'src/Web/bin/x', true],
    ['**/bin/', 'bin/x', true],
    ['*/bin', 'Web/bin/x', true],
    ['*/bin', 'src/Web/bin/x', false],
    ['**', 'anything/at/all', true],
    ['src/**/obj', 'src/a/b/obj/project.assets.json', true],
    ['b?n', 'bin/x', true],
    ['[bc]in', 'cin/x', true],
    ['  **/obj  ', 'a/obj/x', true],
    ['# **/obj', 'a/obj/x', false],
    ['**/obj\n!**/obj/keep', 'a/obj/keep', false],
    ['**/obj\n!**/obj/keep', 'a/obj/other', true],
    ['*\n!src', 'src/Web/bin/x', false],
    ['**/*.user', 'src/Web/App.csproj.user', true],
    ['a.b', 'aXb', false],
    // Go's character classes: `^` negates, `!` is an ordinary character.
    ['[^b]in', 'cin/x', true],
    ['[^b]in', 'bin/x', false],
    ['[!b]in', 'cin/x', false],
    ['*/obj', 'Web/obj/project.assets.json', true],
    ['*/obj', 'obj/project.assets.json', false],
    ['obj/', 'obj/project.assets.json', true],
    ['**/obj\n!src/Web/obj', 'src/Web/obj/x', false],
    ['**/obj\n!src/Web/obj', 'src/Core/obj/x', true],
    // Names are compared as written: Linux builders see `Bin` and `bin` as two folders.
    ['Bin', 'bin/x', false],
    // A line Docker refuses matches nothing here, and the lines after it still count.
    ['[\n**/obj', 'a/obj/x', true],
  ];
  for (const [text, file, ignored] of cases) {
    it(`${JSON.stringify(text)} ${ignored ? 'leaves out' : 'keeps'} ${file}`, function () {
      assert.equal(isIgnored(parseDockerignore(text), file), ignored);
    });
  }
});

describe('rule dotnet/dockerignore: an ignore file that is not read whole', function () {
  let root = '';
  beforeEach(() => { root = writeTree(atRoot); });
  afterEach(() => removeTree(root));

  /** The real file system, except that reading the ignore file whole fails the test (for a FIFO it would block for ever). */
  const boundedOnly: ProjectFileSystem = {
    ...nodeFileSystem,
    readText: file => {
      if (path.basename(file) === '.dockerignore') throw new Error(`read whole: ${file}`);
      return nodeFileSystem.readText(file);
    },
  };
  const lint = () => lintDockerfile(copyAll, { now, dockerfilePath: path.join(root, 'Dockerfile'), fileSystem: boundedOnly, rules: [dockerignore], genericChecks: false });

  it('a 50 MB .dockerignore is not read: the finding says it is too large to check', function () {
    // Sparse: 50 MB long without writing them.
    fs.writeFileSync(path.join(root, '.dockerignore'), '');
    fs.truncateSync(path.join(root, '.dockerignore'), 50 * 1024 * 1024);
    const { findings, failures } = lint();
    assert.deepEqual(failures, []);
    assert.deepEqual(findings.map(f => `${f.rule} ${f.severity} ${f.range.start.line}`), ['dotnet/dockerignore info 2']);
    assert.match(findings[0]!.message, /^\.dockerignore is 50\.0 MB, more than the 1 MB read to check it, so whether it leaves the host's bin\/ and obj\/ out of this COPY is not checked\.$/);
    assert.deepEqual(findings[0]!.fixes, [], 'no Create .dockerignore over it');
  });

  it('a .dockerignore of 1 MB less a line is still read and judged', function () {
    fs.writeFileSync(path.join(root, '.dockerignore'), `${'# padding\n'.repeat(104_000)}**/bin/\n**/obj/\n`);
    assert.equal(fs.statSync(path.join(root, '.dockerignore')).size, 1_040_016);
    assert.deepEqual(lint().findings, []);
  });

  it('a FIFO named .dockerignore is not opened: the finding says it cannot be read', function () {
    if (process.platform === 'win32') this.skip(); // no FIFOs in the Windows file system
    execFileSync('mkfifo', [path.join(root, '.dockerignore')]);
    const { findings, failures } = lint();
    assert.deepEqual(failures, []);
    assert.deepEqual(findings.map(f => `${f.rule} ${f.severity} ${f.message}`), ['dotnet/dockerignore info .dockerignore cannot be read (it is not a regular file), so whether it leaves the host\'s bin/ and obj/ out of this COPY is not checked.']);
  });

  it('a folder named .dockerignore: said, and no Create .dockerignore offered over it', function () {
    fs.mkdirSync(path.join(root, '.dockerignore'));
    const { findings } = lint();
    assert.deepEqual(findings.map(f => `${f.severity} ${f.message} ${f.fixes.length}`), ['info .dockerignore cannot be read (it is a folder), so whether it leaves the host\'s bin/ and obj/ out of this COPY is not checked. 0']);
  });
});

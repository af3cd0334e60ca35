import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { directDisk, DiskStats, WatchedDisk } from '../../../src/core/lint/diskStats';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';
import { csproj, removeTree, writeTree } from '../../support/fileTree';
import { now } from '../../support/lintTable';

// The extension keeps the disk's answers between lints while its file watcher reports no change (WatchedDisk);
// the CLI asks the disk every time (directDisk). Both must find the same, and the kept answers must go when the
// watcher reports a change where a lint asked, or when they are too old.

const dockerfile = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY ["src/App/App.csproj", "src/App/"]\nRUN dotnet restore src/App/App.csproj\nCOPY . .\nRUN dotnet publish src/App/App.csproj -o /app\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "App.dll"]\n';

/** A clock the test moves by hand. */
function manualClock(): { clock: () => number; advance(ms: number): void } {
  let time = 1000;
  return { clock: () => time, advance: ms => { time += ms; } };
}

/** The file-system calls made while `action` runs, by kind, for paths under `root`. */
function diskCallsUnder(root: string, action: () => void): string[] {
  const names = ['statSync', 'lstatSync', 'existsSync', 'readdirSync', 'openSync', 'readFileSync', 'accessSync'] as const;
  const fsModule = require('node:fs') as Record<string, (...args: unknown[]) => unknown>;
  const originals = names.map(name => fsModule[name]!);
  const calls: string[] = [];
  names.forEach((name, index) => {
    fsModule[name] = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith(root)) calls.push(`${name} ${path.relative(root, args[0])}`);
      return originals[index]!.apply(fs, args);
    };
  });
  try {
    action();
  } finally {
    names.forEach((name, index) => { fsModule[name] = originals[index]!; });
  }
  return calls;
}

describe('WatchedDisk: the disk answers the extension keeps between lints', function () {
  let root = '';
  afterEach(() => removeTree(root));

  it('keeps a watched path\'s answer until the watcher reports a change there', function () {
    root = writeTree({ 'src/App/App.csproj': '<Project />\n' });
    const file = path.join(root, 'src/App/App.csproj');
    const disk = new WatchedDisk(manualClock().clock);
    disk.watch([root]);
    assert.ok(disk.stat(file)?.isFile());
    fs.rmSync(file);
    assert.ok(disk.stat(file)?.isFile(), 'no event yet: the kept answer');
    assert.equal(disk.changed(file), true, 'an answer was dropped');
    assert.equal(disk.stat(file), undefined);
  });

  it('asks every time outside the watched folders', function () {
    root = writeTree({ 'outside/App.csproj': '<Project />\n', 'watched/x': '' });
    const file = path.join(root, 'outside/App.csproj');
    const disk = new WatchedDisk(manualClock().clock);
    disk.watch([path.join(root, 'watched')]);
    assert.ok(disk.stat(file));
    fs.rmSync(file);
    assert.equal(disk.stat(file), undefined);
    // A folder beside a watched one whose name starts the same is not inside it.
    disk.watch([path.join(root, 'out')]);
    fs.writeFileSync(file, '');
    assert.ok(disk.stat(file));
    fs.rmSync(file);
    assert.equal(disk.stat(file), undefined);
  });

  it('asks again once an answer is older than its limit, even without an event (a watcher can miss changes)', function () {
    root = writeTree({ 'a.txt': 'a' });
    const file = path.join(root, 'a.txt');
    const { clock, advance } = manualClock();
    const disk = new WatchedDisk(clock, 500);
    disk.watch([root]);
    assert.ok(disk.stat(file));
    fs.rmSync(file);
    advance(499);
    assert.ok(disk.stat(file));
    advance(1);
    assert.equal(disk.stat(file), undefined);
  });

  it('drops the answers below a folder that changed, and the folder of a file that changed', function () {
    root = writeTree({ 'src/App/App.csproj': '', 'src/Lib/Lib.csproj': '', 'other/x': '' });
    const disk = new WatchedDisk(manualClock().clock);
    disk.watch([root]);
    const asked = ['src/App/App.csproj', 'src/App', 'src/Lib/Lib.csproj', 'src/Lib', 'src', 'other/x'].map(relative => path.join(root, relative));
    asked.forEach(file => disk.stat(file));
    fs.rmSync(path.join(root, 'src/App'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/Lib/New.csproj'), '');
    assert.equal(disk.changed(path.join(root, 'src/App')), true);
    assert.equal(disk.stat(path.join(root, 'src/App/App.csproj')), undefined);
    assert.equal(disk.stat(path.join(root, 'src/App')), undefined);
    // The Lib folder's stat (which stamps its listing) goes with the new file in it; other answers stay.
    const libBefore = fs.statSync(path.join(root, 'src/Lib'));
    assert.equal(disk.changed(path.join(root, 'src/Lib/New.csproj')), true);
    assert.equal(disk.stat(path.join(root, 'src/Lib'))?.mtimeMs, libBefore.mtimeMs);
    fs.rmSync(path.join(root, 'other/x'));
    assert.ok(disk.stat(path.join(root, 'other/x')), 'not reported: kept');
  });

  it('says nothing was dropped for changes where no lint asked (a build writing obj/)', function () {
    root = writeTree({ 'App.csproj': '', 'obj/project.assets.json': '{}' });
    const disk = new WatchedDisk(manualClock().clock);
    disk.watch([root]);
    disk.stat(path.join(root, 'App.csproj'));
    disk.stat(root);
    assert.equal(disk.changed(path.join(root, 'obj/project.assets.json')), false);
    assert.equal(disk.changed(path.join(root, 'obj')), true, "the root's stat goes with a folder created in it");
  });

  it('matches a reported path without regard to case where the platform does (Windows, macOS)', function () {
    root = writeTree({ 'App.csproj': '' });
    const file = path.join(root, 'App.csproj');
    const caseless = new WatchedDisk(manualClock().clock, 2000, 'win32');
    const exact = new WatchedDisk(manualClock().clock, 2000, 'linux');
    for (const disk of [caseless, exact]) {
      disk.watch([root]);
      disk.stat(file);
    }
    const reported = path.join(root, 'APP.CSPROJ');
    assert.equal(caseless.changed(reported), true);
    assert.equal(exact.changed(reported), false);
  });

  it('drops the answers outside the folders when the workspace folders change', function () {
    root = writeTree({ 'one/a.txt': '', 'two/b.txt': '' });
    const disk = new WatchedDisk(manualClock().clock);
    disk.watch([path.join(root, 'one'), path.join(root, 'two')]);
    disk.stat(path.join(root, 'one/a.txt'));
    disk.stat(path.join(root, 'two/b.txt'));
    disk.watch([path.join(root, 'two')]);
    fs.rmSync(path.join(root, 'one/a.txt'));
    fs.rmSync(path.join(root, 'two/b.txt'));
    assert.equal(disk.stat(path.join(root, 'one/a.txt')), undefined);
    assert.ok(disk.stat(path.join(root, 'two/b.txt')));
  });

  describe('under a lint', function () {
    const lintOf = (disk: DiskStats) => lintDockerfile(dockerfile, { now, dockerfilePath: path.join(root, 'src/App/Dockerfile'), disk, genericChecks: false });
    const frameworks = (disk: DiskStats) => lintOf(disk).context.project?.info.targetFrameworkMonikers;

    beforeEach(function () {
      root = writeTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'src/App/App.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net10.0' }), 'src/App/Dockerfile': dockerfile, '.dockerignore': '**/bin/\n**/obj/\n' });
    });

    it('finds what a lint that asks the disk directly finds', function () {
      const disk = new WatchedDisk(manualClock().clock);
      disk.watch([root]);
      const direct = lintOf(directDisk);
      const watched = [lintOf(disk), lintOf(disk)];
      assert.equal(direct.context.contextDirectory, root);
      assert.equal(direct.context.contextEvidence, 'sources');
      for (const result of watched) {
        assert.equal(result.context.contextDirectory, direct.context.contextDirectory);
        assert.equal(result.context.contextEvidence, direct.context.contextEvidence);
        assert.deepEqual(result.findings, direct.findings);
      }
    });

    it('asks the disk nothing inside the watched folders on the next lint, and everything when asking directly', function () {
      const disk = new WatchedDisk(manualClock().clock);
      disk.watch([root]);
      lintOf(disk);
      assert.deepEqual(diskCallsUnder(root, () => lintOf(disk)), []);
      const direct = diskCallsUnder(root, () => lintOf(directDisk));
      assert.ok(direct.length >= 10, direct.join('\n'));
    });

    it('reads the project again once the watcher reports it edited', function () {
      const disk = new WatchedDisk(manualClock().clock);
      disk.watch([root]);
      assert.deepEqual(frameworks(disk), ['net10.0']);
      const project = path.join(root, 'src/App/App.csproj');
      fs.writeFileSync(project, csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net8.0' }));
      assert.deepEqual(frameworks(disk), ['net10.0'], 'before the event, the kept answers');
      disk.changed(project);
      assert.deepEqual(frameworks(disk), ['net8.0']);
    });

    it('finds a Directory.Build.props that appears above the project once the watcher reports it', function () {
      const disk = new WatchedDisk(manualClock().clock);
      disk.watch([root]);
      fs.writeFileSync(path.join(root, 'src/App/App.csproj'), csproj('Microsoft.NET.Sdk.Web', {}));
      disk.changed(path.join(root, 'src/App/App.csproj'));
      assert.deepEqual(frameworks(disk), []);
      const props = path.join(root, 'src/Directory.Build.props');
      fs.writeFileSync(props, '<Project><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>\n');
      assert.equal(disk.changed(props), true, 'the lint had asked for it');
      assert.deepEqual(frameworks(disk), ['net9.0']);
    });

    it('sees a removed COPY source once the watcher reports it gone, and its return', function () {
      const disk = new WatchedDisk(manualClock().clock);
      disk.watch([root]);
      const library = path.join(root, 'src/Lib/Lib.csproj');
      fs.mkdirSync(path.dirname(library));
      fs.writeFileSync(library, csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }));
      const copiesLibrary = dockerfile.replace('WORKDIR /src\n', 'WORKDIR /src\nCOPY ["src/Lib/Lib.csproj", "src/Lib/"]\n');
      const copySourceMissing = () => lintDockerfile(copiesLibrary, { now, dockerfilePath: path.join(root, 'src/App/Dockerfile'), disk, genericChecks: false })
        .findings.filter(f => f.rule === 'dotnet/copy-source-missing').map(f => f.message);
      assert.deepEqual(copySourceMissing(), []);
      fs.rmSync(library);
      assert.deepEqual(copySourceMissing(), [], 'before the event, the kept answers');
      assert.equal(disk.changed(library), true);
      assert.equal(copySourceMissing().length, 1);
      assert.match(copySourceMissing()[0]!, /Lib\.csproj/);
      fs.writeFileSync(library, csproj('Microsoft.NET.Sdk', { TargetFramework: 'net10.0' }));
      assert.equal(disk.changed(library), true);
      assert.deepEqual(copySourceMissing(), []);
    });
  });
});

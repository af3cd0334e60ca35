import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

// Every command answers --help with its usage, and a bad command line with one line and exit 2.

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, text => out.push(text), text => err.push(text), () => new Date('2026-11-23T00:00:00Z'));
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Each command, the options a user can give it, and what it says when a required argument is missing. */
const commands: ReadonlyArray<{ name: string; options: string[]; missing?: { args: string[]; says: RegExp }[] }> = [
  { name: 'doctor', options: ['--format text|json'] },
  { name: 'generate', options: ['--variant default|debian|ubuntu|alpine|chiseled|azurelinux', '--https', '--evaluation auto|static|msbuild', '--stdout', '--force'], missing: [{ args: [], says: /^name one project file, solution or folder$/ }] },
  { name: 'lint', options: ['--format text|json|sarif', '--project App.csproj', '--context DIR'], missing: [{ args: [], says: /^name at least one Dockerfile$/ }] },
  { name: 'build', options: ['--tag name:tag', '--target stage', '--context dir', '--network name', '--label key=value', '--cli docker|podman|PATH', '--dry-run'], missing: [{ args: [], says: /^name one Dockerfile$/ }] },
  { name: 'run', options: ['--port host:container', '--cli docker|podman|PATH', '--dry-run'], missing: [{ args: [], says: /^name one image$/ }] },
  {
    name: 'push', options: ['--registry host[:port]', '--verify', '--cli docker|podman|PATH', '--dry-run'],
    missing: [{ args: [], says: /^name one image$/ }, { args: ['web:1', '--dry-run'], says: /^--registry host\[:port\] is required$/ }],
  },
  { name: 'images', options: ['--format text|json'] },
  { name: 'tags', options: ['--format text|json', '--limit N'], missing: [{ args: [], says: /^name one repository/ }] },
  { name: 'help', options: [] },
];

describe('dotnet-containers: usage, --help and bad command lines', () => {
  it('--help, -h and help list every command with its options, exit 0', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const result = await cli(args);
      assert.equal(result.code, 0, args.join(' '));
      assert.equal(result.stderr, '');
      assert.match(result.stdout, /^Usage: dotnet-containers <command> \[options\]$/m);
      for (const command of commands) {
        const line = result.stdout.split('\n').find(text => text.startsWith(`  ${command.name} `));
        assert.ok(line, `${command.name} is listed`);
        for (const option of command.options) assert.ok(line.includes(option), `${command.name}: ${option}`);
      }
      assert.match(result.stdout, /^Exit codes: 0 done; 1 findings [^]*; 2 a bad argument/m);
    }
  });

  it('--version: the version package.json has, exit 0, from main and from the shipped CLI', async () => {
    const root = path.resolve(__dirname, '../../..');
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(await cli(['--version']), { code: 0, stdout: `dotnet-containers ${version}`, stderr: '' });
    const shipped = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), '--version'], { encoding: 'utf8' });
    assert.deepEqual([shipped.status, shipped.stdout, shipped.stderr], [0, `dotnet-containers ${version}\n`, '']);
    assert.match((await cli(['--help'])).stdout, /^ {7}dotnet-containers --version +the version of dotnet-containers$/m);
  });

  it('no command: the usage on stderr, exit 2', async () => {
    const result = await cli([]);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^Usage: dotnet-containers <command>/);
  });

  it('an unknown command or top-level option: one line, exit 2', async () => {
    for (const [args, says] of [
      [['frobnicate'], 'dotnet-containers: unknown command "frobnicate" (dotnet-containers --help lists the commands)'],
      [['--verbose'], 'dotnet-containers: unknown option "--verbose" (dotnet-containers --help lists the commands)'],
      [['--version', 'tags'], 'dotnet-containers: unknown option "--version" (dotnet-containers --help lists the commands)'],
      [['help', 'frobnicate'], 'dotnet-containers help: unknown command "frobnicate" (dotnet-containers --help lists the commands)'],
    ] as const) {
      const result = await cli([...args]);
      assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', says], args.join(' '));
    }
  });

  for (const command of commands) {
    describe(command.name, () => {
      it('--help prints its usage, options and exit codes, exit 0', async () => {
        for (const help of ['--help', '-h']) {
          const result = await cli([command.name, help]);
          assert.equal(result.code, 0, result.stderr);
          assert.equal(result.stderr, '');
          const lines = result.stdout.split('\n');
          assert.match(lines[0]!, new RegExp(`^Usage: dotnet-containers ${command.name}\\b`));
          for (const option of command.options) assert.ok(lines.some(line => line.startsWith(`  ${option}`)), `${command.name} --help lists ${option}:\n${result.stdout}`);
          assert.ok(lines.some(line => /^ {2}-h, --help +Show this help$/.test(line)), result.stdout);
          assert.match(result.stdout, /^Exit codes: 0 /m);
        }
        assert.equal((await cli(['help', command.name])).stdout, (await cli([command.name, '--help'])).stdout);
      });

      it('an unknown option: one line naming it, exit 2', async () => {
        for (const [args, named] of [[['--bogus'], '--bogus'], [['--bogus=1'], '--bogus'], [['-x'], '-x'], [['-it'], '-it']] as const) {
          const result = await cli([command.name, ...args]);
          assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `dotnet-containers ${command.name}: unknown option "${named}"`], args.join(' '));
        }
      });

      if (command.options.some(option => option.includes(' '))) {
        it('an option without its value: one line, exit 2', async () => {
          const name = command.options.find(option => option.includes(' '))!.split(' ')[0]!;
          for (const args of [[name], [`${name}=`]]) {
            const result = await cli([command.name, ...args]);
            assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', `dotnet-containers ${command.name}: ${name} needs a value`], args.join(' '));
          }
        });
      }

      for (const missing of command.missing ?? []) {
        it(`a missing required argument (${[command.name, ...missing.args].join(' ')}): one line, exit 2`, async () => {
          const result = await cli([command.name, ...missing.args]);
          assert.equal(result.code, 2);
          assert.equal(result.stdout, '');
          assert.equal(result.stderr.split('\n').length, 1, result.stderr);
          assert.match(result.stderr.replace(`dotnet-containers ${command.name}: `, ''), missing.says);
          assert.ok(result.stderr.startsWith(`dotnet-containers ${command.name}: `), result.stderr);
        });
      }
    });
  }

  it('an argument a command does not take: one line, exit 2', async () => {
    for (const [args, says] of [
      [['doctor', 'now'], 'dotnet-containers doctor: unexpected argument "now"'],
      [['images', 'all'], 'dotnet-containers images: unexpected argument "all"'],
      [['help', 'build', 'run'], 'dotnet-containers help: name one command'],
      [['run', 'web:1', 'web:2'], 'dotnet-containers run: name one image'],
    ] as const) {
      const result = await cli([...args]);
      assert.deepEqual([result.code, result.stdout, result.stderr], [2, '', says], args.join(' '));
    }
  });

  it('a flag given a value, and a value forgotten before the next option: one line, exit 2', async () => {
    assert.deepEqual(await cli(['run', 'web:1', '--dry-run=yes']), { code: 2, stdout: '', stderr: 'dotnet-containers run: --dry-run takes no value' });
    assert.deepEqual(await cli(['build', 'Dockerfile', '--tag', '--dry-run']), { code: 2, stdout: '', stderr: 'dotnet-containers build: --tag needs a value' });
  });

  it('--help wins over the rest of the line, but not after --', async () => {
    const result = await cli(['build', 'Missing.Dockerfile', '--bogus', '--help']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Usage: dotnet-containers build /);
    const operand = await cli(['lint', '--', '--help']);
    assert.equal(operand.code, 2);
    assert.match(operand.stderr, /^dotnet-containers lint: cannot read "--help": no such file$/);
  });
});

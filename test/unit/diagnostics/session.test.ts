import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { DiagnosticsError } from '../../../src/core/diagnostics/errors';
import { CliResult, ContainerCliRunner, diagnose, DiagnoseDeps, DiagnoseRequest } from '../../../src/core/diagnostics/session';
import { helperReadyPrefix } from '../../../src/core/diagnostics/tools';

// The session's decisions with a scripted container CLI: what it runs, in which order, what it refuses, and that the
// side container is removed whatever happens. The real engine runs it in test/e2e/diagnostics.test.ts.

const targetId = 'a026f96c9d68c02a94b1e2a138c5d4f7cf508aa2016b2b6d6fc61b68a16b494b';
const inspectJson = (extra: Record<string, unknown> = {}) => JSON.stringify([{
  Id: targetId, Name: '/web', Image: 'sha256:feed', Platform: 'linux',
  State: { Status: 'running', Running: true }, Config: { User: '1654', Image: 'shop/web:1.0', Env: ['APP_UID=1654'] }, ...extra,
}]);

type Script = (argv: readonly string[]) => Partial<CliResult> | undefined;

interface Recorded {
  readonly calls: string[][];
  readonly interactive: string[][];
  readonly tar: Buffer[];
}

function scriptedRunner(script: Script, recorded: Recorded): ContainerCliRunner {
  return {
    async run(argv, options = {}) {
      recorded.calls.push([...argv]);
      if (options.input) {
        const sink = new PassThrough();
        const chunks: Buffer[] = [];
        sink.on('data', chunk => chunks.push(chunk as Buffer));
        await options.input(sink as unknown as Writable);
        recorded.tar.push(Buffer.concat(chunks));
      }
      const scripted = script(argv);
      if (scripted) return { code: 0, stdout: '', stderr: '', ...scripted };
      // The defaults of a good session.
      if (argv[0] === 'inspect' && argv.includes('--format')) return { code: 0, stdout: 'true\n', stderr: '' };
      if (argv[0] === 'inspect') return { code: 0, stdout: inspectJson(), stderr: '' };
      if (argv[0] === 'logs') return { code: 0, stdout: `${helperReadyPrefix}57\n`, stderr: '' };
      if (argv[0] === 'exec' && argv.at(-1) === 'ps') return { code: 0, stdout: ' 1  dotnet  /usr/share/dotnet/dotnet  dotnet Web.dll  \n', stderr: '' };
      if (argv[0] === 'cp' && argv[1] !== '-') fs.writeFileSync(argv[2]!, `content of ${argv[1]}`);
      return { code: 0, stdout: argv[0] === 'create' ? 'f00d\n' : '', stderr: '' };
    },
    async interactive(argv) {
      recorded.interactive.push([...argv]);
      return 0;
    },
  };
}

describe('diagnostics: one session, with a scripted container CLI', () => {
  let dir = '';
  let recorded: Recorded;
  let progress: string[];
  const deps = (script: Script = () => undefined): DiagnoseDeps => ({
    runner: scriptedRunner(script, recorded),
    ensureTool: async tool => ({ tool, version: '10.0.750501', assemblyDir: toolDir }),
    ensureHelper: async () => helperDir,
    progress: line => progress.push(line),
    suffix: () => 'abc123',
    pollMs: 1,
    readyTimeoutMs: 2000,
  });
  let toolDir = '';
  let helperDir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-session-'));
    toolDir = path.join(dir, 'tool');
    helperDir = path.join(dir, 'helper');
    fs.mkdirSync(toolDir);
    fs.mkdirSync(helperDir);
    fs.writeFileSync(path.join(toolDir, 'dotnet-dump.dll'), 'MZ');
    fs.writeFileSync(path.join(helperDir, 'dotnet-containers-diagnostics-helper.dll'), 'MZ');
    recorded = { calls: [], interactive: [], tar: [] };
    progress = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const side = 'dotnet-containers-diag-web-abc123';
  const verbs = () => recorded.calls.map(argv => (argv[0] === 'exec' ? `exec ${argv.slice(-1)[0] === 'ps' ? 'ps' : argv[argv.indexOf('dotnet') + 2]}` : argv[0] === 'cp' ? (argv[1] === '-' ? 'cp in' : 'cp out') : argv[0]!));

  it('a dump: inspect, create, tools in, start, the helper\'s pid, ps, collect into /proc/<helper>/root, cp out, rm', async () => {
    const output = path.join(dir, 'web.dmp');
    const result = await diagnose({ container: 'web', action: 'dump', output }, deps());
    assert.equal(result.kind, 'file');
    assert.deepEqual(verbs(), ['inspect', 'create', 'cp in', 'start', 'logs', 'exec ps', 'exec collect', 'cp out', 'rm']);
    const create = recorded.calls[1]!;
    assert.deepEqual(create.slice(create.indexOf('--pid'), create.indexOf('--pid') + 2), ['--pid', `container:${targetId}`]);
    assert.equal(create[create.indexOf('--entrypoint') + 2], 'sha256:feed', 'the target\'s own image');
    const collect = recorded.calls[6]!;
    assert.equal(collect[collect.indexOf('--output') + 1], '/proc/57/root/dotnet-containers-diagnostics/out/dump.dmp');
    assert.deepEqual(recorded.calls[7]!.slice(0, 2), ['cp', `${side}:/dotnet-containers-diagnostics/out/dump.dmp`]);
    assert.deepEqual(recorded.calls.at(-1), ['rm', '--force', side]);
    assert.equal(fs.readFileSync(output, 'utf8'), `content of ${side}:/dotnet-containers-diagnostics/out/dump.dmp`);
    assert.deepEqual(fs.readdirSync(dir).filter(name => name.includes('.partial-')), []);
    const tar = recorded.tar[0]!.toString('latin1');
    for (const entry of ['dotnet-containers-diagnostics/', 'dotnet-containers-diagnostics/out/', 'dotnet-containers-diagnostics/helper/dotnet-containers-diagnostics-helper.dll', 'dotnet-containers-diagnostics/dotnet-dump/dotnet-dump.dll']) {
      assert.ok(tar.includes(`${entry}\0`), `the tar carries ${entry}`);
    }
    assert.match(progress.join('\n'), /\.NET process 1 in web: dotnet Web\.dll/);
  });

  it('counters without a file or a terminal come back as the CSV; with a terminal, the live table runs on it', async () => {
    const csv = 'Timestamp,Provider,Counter Name,Counter Type,Mean/Increment\n12/05/2026 02:49:07,System.Runtime,dotnet.process.cpu.count ({cpu}),Metric,2\n';
    const script: Script = argv => (argv[0] === 'cp' && argv[1] !== '-' ? (fs.writeFileSync(argv[2]!, csv), {}) : undefined);
    const text = await diagnose({ container: 'web', action: 'counters', seconds: 3 }, deps(script));
    assert.deepEqual(text.kind === 'text' && text.text, csv);
    const collect = recorded.calls.find(argv => argv.includes('collect'))!;
    assert.deepEqual(collect.slice(collect.indexOf('--format'), collect.indexOf('--format') + 2), ['--format', 'csv']);
    assert.equal(collect[collect.indexOf('--duration') + 1], '00:00:00:03');

    recorded.calls.length = 0;
    const live = await diagnose({ container: 'web', action: 'counters', live: true }, deps());
    assert.equal(live.kind, 'live');
    assert.deepEqual(recorded.interactive[0]!.slice(0, 4), ['exec', '--interactive', '--tty', side]);
    assert.ok(!recorded.interactive[0]!.includes('--duration'), 'live: until the user stops it');
    assert.equal(verbs().at(-1), 'rm');
  });

  it('a trace runs for the duration asked, into a file; json counters by the output\'s name', async () => {
    const output = path.join(dir, 'web.nettrace');
    await diagnose({ container: 'web', action: 'trace', output, seconds: 7, profile: 'gc-verbose' }, deps());
    const collect = recorded.calls.find(argv => argv.includes('collect'))!;
    assert.deepEqual(collect.slice(collect.indexOf('collect')), ['collect', '--process-id', '1', '--duration', '00:00:00:07', '--output', '/dotnet-containers-diagnostics/out/trace.nettrace', '--profile', 'gc-verbose']);
    recorded.calls.length = 0;
    await diagnose({ container: 'web', action: 'counters', output: path.join(dir, 'c.json') }, deps());
    assert.ok(recorded.calls.some(argv => argv.includes('--format') && argv.includes('json')));
  });

  const fails = async (request: DiagnoseRequest, script: Script, kind: string, message: RegExp) => {
    await assert.rejects(diagnose(request, deps(script)), (error: unknown) => {
      assert.ok(error instanceof DiagnosticsError, String(error));
      assert.equal(error.kind, kind, error.message);
      assert.match(error.message, message);
      return true;
    });
  };

  it('refuses before starting anything: no container, not running, diagnostics off', async () => {
    await fails({ container: 'nope', action: 'dump', output: path.join(dir, 'x') }, argv => (argv[0] === 'inspect' ? { code: 1, stderr: 'Error: No such container: nope\n' } : undefined), 'no-container', /^no container "nope"$/);
    await fails({ container: 'web', action: 'dump', output: path.join(dir, 'x') }, argv => (argv[0] === 'inspect' ? { stdout: inspectJson({ State: { Running: false, Status: 'exited' } }) } : undefined), 'not-running', /is not running \(exited\)/);
    assert.deepEqual(verbs(), ['inspect', 'inspect']);
  });

  it('an engine that refuses the shared PID namespace: said, and nothing to remove', async () => {
    await fails({ container: 'web', action: 'trace', output: path.join(dir, 't') },
      argv => (argv[0] === 'create' ? { code: 125, stderr: 'Error: invalid config provided: cannot set PID namespace with a container in a different user namespace\n' } : undefined),
      'pid-sharing-refused', /does not let a side container share the process namespace of "web"/);
    assert.deepEqual(verbs(), ['inspect', 'create']);
  });

  it('a helper that stops before it is ready (a runtime older than 8.0): said, and the side container removed', async () => {
    await fails({ container: 'web', action: 'counters' }, argv => {
      if (argv[0] === 'logs') return { stdout: 'You must install or update .NET to run this application.\nFramework: \'Microsoft.NETCore.App\', version \'8.0.0\' (x64)\n' };
      if (argv[0] === 'inspect' && argv.includes('--format')) return { stdout: 'false\n' };
      return undefined;
    }, 'no-runtime', /older than 8\.0/);
    assert.equal(verbs().at(-1), 'rm');
  });

  it('no .NET process, a tool that fails, an output that exists: said, the side container removed each time, no file written', async () => {
    await fails({ container: 'web', action: 'counters' }, argv => (argv.at(-1) === 'ps' ? { stdout: '' } : undefined), 'not-dotnet', /no \.NET process answers in container "web"/);
    assert.equal(verbs().at(-1), 'rm');
    recorded.calls.length = 0;
    const output = path.join(dir, 'web.dmp');
    await fails({ container: 'web', action: 'dump', output }, argv => (argv.includes('collect') ? { code: 255, stdout: 'Writing full to /proc/57/root/x\n', stderr: '[createdump] Problem suspending thread: ptrace(ATTACH, 1) FAILED Operation not permitted (1)\n' } : undefined),
      'ptrace-denied', /does not allow ptrace/);
    assert.equal(verbs().at(-1), 'rm');
    assert.ok(!fs.existsSync(output));
    fs.writeFileSync(output, 'mine');
    recorded.calls.length = 0;
    await fails({ container: 'web', action: 'dump', output }, () => undefined, 'engine', /exists already/);
    assert.equal(fs.readFileSync(output, 'utf8'), 'mine', 'never overwritten');
    assert.deepEqual(verbs(), [], 'refused before anything runs');
  });

  it('a side container that never says its pid: a timeout with its last words', async () => {
    await fails({ container: 'web', action: 'dump', output: path.join(dir, 'd') }, argv => (argv[0] === 'logs' ? { stdout: 'starting…\n' } : undefined), 'engine', /did not become ready in 2 s: starting…/);
    assert.equal(verbs().at(-1), 'rm');
  });
});

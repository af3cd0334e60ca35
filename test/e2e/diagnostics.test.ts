import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureTool } from '../../src/core/diagnostics/toolCache';
import { docker, dockerCli, dockerOk, waitForHttp } from '../support/docker';
import { provideChiseledBases } from '../support/diagnosticsImages';
import { freePort } from '../support/net';
import { requireHosts, skipBecause } from '../support/skip';

// `dotnet-containers diagnose` against a real engine: the StockKube sample's web app, generated with
// `--variant chiseled` and built by `dotnet-containers build` on a chiseled stand-in WITHOUT A SHELL, running as the
// non-root app user. A dump is collected and `dotnet-dump analyze` lists its threads; a trace is a non-empty
// .nettrace that dotnet-trace converts; counters show System.Runtime values. And it says clearly when the container
// is not .NET, has no runtime for the tools, turned diagnostics off, or forbids ptrace; nothing is left behind.
// The tools come from NuGet (the machine's mirror) into a cache of the test run's own, once.

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cliScript = path.join(repoRoot, 'dist', 'cli.js');
const label = 'dotnet-containers.test=diagnostics';
const cacheRoot = process.env.DOTNET_CONTAINERS_CACHE || path.join(os.homedir(), '.cache', 'dotnet-containers');
const toolsDir = path.join(cacheRoot, 'test-diagnostics-tools');

interface Run { code: number; stdout: string; stderr: string; ms: number }

function exec(file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Run> {
  const started = Date.now();
  return new Promise(resolve => execFile(file, [...args], {
    cwd: options.cwd, timeout: options.timeoutMs ?? 10 * 60_000, maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', ...options.env },
  }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, ms: Date.now() - started })));
}

describe('diagnose a running .NET container: counters, dump, trace (real engine, chiseled stand-in without a shell)', function () {
  this.timeout(20 * 60_000);
  const id = randomBytes(3).toString('hex');
  let work = '';
  const containers = new Set<string>();
  const images = new Set<string>();
  let web: Promise<{ name: string; image: string }> | undefined;

  /** The CLI as a user runs it, with the test engine's docker client and the test run's tool cache. */
  const diagnose = (args: string[], timeoutMs = 10 * 60_000) => exec(process.execPath, [cliScript, 'diagnose', ...args], {
    cwd: work, timeoutMs, env: { DOTNET_CONTAINERS_CLI: dockerCli(), DOTNET_CONTAINERS_DIAGNOSTICS_TOOLS: toolsDir },
  });
  const said = (run: Run) => `exit ${run.code} after ${run.ms} ms\n--- stdout ---\n${run.stdout.slice(-3000)}\n--- stderr ---\n${run.stderr.slice(-3000)}`;

  async function runDetached(image: string, extra: string[] = [], command: string[] = []): Promise<string> {
    const name = `dc-diag-${id}-${randomBytes(2).toString('hex')}`;
    await dockerOk(['run', '--detach', '--name', name, '--label', label, ...extra, image, ...command]);
    containers.add(name);
    return name;
  }

  /** Until ASP.NET Core says it started (its diagnostics socket is there from the runtime's start). */
  async function appStarted(name: string): Promise<void> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const logs = await docker(['logs', name]);
      if (/Application started/.test(logs.stdout + logs.stderr)) return;
      assert.ok(Date.now() < deadline, `${name} did not start:\n${logs.stdout}${logs.stderr}`);
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }

  /** Generate (chiseled) → build → run the sample's web app, once for all tests. */
  function sampleWebApp(): Promise<{ name: string; image: string }> {
    web ??= (async () => {
      const sample = path.join(work, 'StockKube');
      fs.cpSync(path.join(repoRoot, 'samples', 'StockKube'), sample, { recursive: true, filter: src => !/[\\/](bin|obj)$/.test(src) });
      const project = path.join(sample, 'StockWeb', 'StockWeb.csproj');
      const generated = await exec(process.execPath, [cliScript, 'generate', project, '--variant', 'chiseled'], { cwd: work });
      assert.equal(generated.code, 0, `generate --variant chiseled: ${said(generated)}`);
      const dockerfile = path.join(sample, 'StockWeb', 'Dockerfile');
      const text = fs.readFileSync(dockerfile, 'utf8');
      assert.match(text, /^FROM mcr\.microsoft\.com\/dotnet\/aspnet:\S+-chiseled\S* AS final$/m);
      // Kept afterwards, like the stand-ins: removing an image that BuildKit's cache still refers to, then making the
      // same layers again, crashed dockerd 20.10's BuildKit (a nil dereference in GetByBlob). The chiseled one is
      // labelled for the test engine's own prune at its next start, which also empties BuildKit's cache.
      await provideChiseledBases(text, process.env.DC_STANDIN_DOTNET!, label);

      const image = `dc-diag-${id}-stockweb:test`;
      // Restore reaches the NuGet mirror only through the host's network (the packages of the gRPC client).
      const built = await exec(process.execPath, [cliScript, 'build', dockerfile, '--context', sample, '--tag', image, '--label', label, '--network', 'host', '--cli', dockerCli()], { cwd: work, timeoutMs: 15 * 60_000 });
      images.add(image);
      assert.equal(built.code, 0, `dotnet-containers build: ${said(built)}`);
      const port = await freePort();
      const name = await runDetached(image, ['--publish', `127.0.0.1:${port}:8080`]);
      try {
        await waitForHttp(`http://127.0.0.1:${port}/healthz`, 90_000);
      } catch (error) {
        const logs = await docker(['logs', '--tail', '30', name]);
        throw new Error(`${(error as Error).message}\n${logs.stdout}${logs.stderr}`);
      }
      // Some work for the trace and the counters to see: the page calls StockData, which is not there (a handled error).
      for (let i = 0; i < 3; i++) await waitForHttp(`http://127.0.0.1:${port}/`, 30_000, status => status > 0).catch(() => undefined);
      return { name, image };
    })();
    return web;
  }

  before(function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dc diagnostics '));
  });

  after(async function () {
    this.timeout(8 * 60_000);
    await Promise.all([...containers].map(name => docker(['rm', '--force', name])));
    // A side container left behind would be a bug (each test checks); remove ours so the engine stays clean.
    const sides = await docker(['ps', '--all', '--format', '{{.Names}}', '--filter', 'label=dotnet-containers.diagnostics']);
    await Promise.all(sides.stdout.split('\n').filter(side => side.includes(`-diag-dc-diag-${id}-`)).map(side => docker(['rm', '--force', side])));
    for (const image of images) await docker(['image', 'rm', '--force', image]);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  async function noSideContainerLeft(): Promise<void> {
    const left = await dockerOk(['ps', '--all', '--format', '{{.Names}}', '--filter', 'label=dotnet-containers.diagnostics']);
    const ours = left.split('\n').filter(name => name.includes(`-diag-dc-diag-${id}-`));
    assert.deepEqual(ours, [], 'every side container is removed');
  }

  it('the sample web app, generated for chiseled and built by dotnet-containers, runs without a shell as the non-root app user', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { name, image } = await sampleWebApp();
    const shell = await docker(['run', '--rm', '--entrypoint', 'sh', image, '-c', 'true']);
    assert.notEqual(shell.code, 0, 'the image has no shell');
    assert.match(shell.stderr, /executable file not found/);
    assert.equal(await dockerOk(['inspect', '--format', '{{.Config.User}}', name]), '1654');
    const top = await dockerOk(['top', name, '-o', 'pid,uid,args']);
    assert.match(top, /^\s*\d+\s+1654\s+dotnet StockWeb\.dll/m, top);
  });

  it('dump: a dump file on the host that `dotnet-dump analyze` reads (its threads), and nothing left in the container', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { name } = await sampleWebApp();
    const output = path.join(work, 'stockweb.dmp');
    const run = await diagnose([name, 'dump', '--output', output]);
    assert.equal(run.code, 0, said(run));
    assert.equal(run.stdout.trim(), output);
    assert.match(run.stderr, /\.NET process 1 in .*: dotnet StockWeb\.dll/);
    assert.ok(fs.statSync(output).size > 10_000_000, `a full dump is large: ${fs.statSync(output).size} bytes`);

    // The host's runtime is the stand-in's (they are the same files): SOS takes its DAC from there.
    const dumpTool = await ensureTool('dotnet-dump', { cacheDir: toolsDir });
    const runtimes = (await exec('dotnet', ['--list-runtimes'])).stdout;
    const runtime = /^Microsoft\.NETCore\.App (\S+) \[(.+)\]$/m.exec(runtimes);
    const clrPath = runtime ? ['-c', `setclrpath ${path.join(runtime[2]!, runtime[1]!)}`] : [];
    const analyzed = await exec('dotnet', [path.join(dumpTool.assemblyDir, 'dotnet-dump.dll'), 'analyze', output, ...clrPath, '-c', 'clrthreads', '-c', 'exit'], { timeoutMs: 5 * 60_000 });
    assert.equal(analyzed.code, 0, said(analyzed));
    const count = Number(/^ThreadCount:\s+(\d+)/m.exec(analyzed.stdout)?.[1]);
    assert.ok(count > 0, `clrthreads lists threads:\n${analyzed.stdout.slice(0, 3000)}`);
    assert.match(analyzed.stdout, /\(Finalizer\)/, 'the finalizer thread is among them');

    const changed = await dockerOk(['diff', name]);
    assert.doesNotMatch(changed, /\.dmp|dotnet-containers/, `the dump was written into the side container, not the target:\n${changed}`);
    await noSideContainerLeft();
  });

  it('trace: a non-empty .nettrace for the duration asked, which dotnet-trace reads', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { name } = await sampleWebApp();
    const output = path.join(work, 'stockweb.nettrace');
    const run = await diagnose([name, 'trace', '--duration', '5', '--output', output]);
    assert.equal(run.code, 0, said(run));
    assert.match(run.stderr, /tracing process 1 for 5 s/);
    const bytes = fs.readFileSync(output);
    assert.ok(bytes.length > 1000, `${bytes.length} bytes`);
    assert.equal(bytes.subarray(0, 8).toString('latin1'), 'Nettrace', 'the nettrace magic');

    const traceTool = await ensureTool('dotnet-trace', { cacheDir: toolsDir });
    const converted = await exec('dotnet', [path.join(traceTool.assemblyDir, 'dotnet-trace.dll'), 'convert', '--format', 'Speedscope', output, '--output', path.join(work, 'stockweb')], { timeoutMs: 5 * 60_000 });
    assert.equal(converted.code, 0, said(converted));
    const speedscope = JSON.parse(fs.readFileSync(path.join(work, 'stockweb.speedscope.json'), 'utf8')) as { profiles: unknown[]; shared: { frames: unknown[] } };
    assert.ok(speedscope.profiles.length > 0 && speedscope.shared.frames.length > 0, 'the trace has sampled stacks');
    await noSideContainerLeft();
  });

  it('counters: System.Runtime values, as CSV when there is no terminal', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { name } = await sampleWebApp();
    const run = await diagnose([name, 'counters', '--duration', '3']);
    assert.equal(run.code, 0, said(run));
    const rows = run.stdout.trim().split('\n');
    assert.equal(rows[0], 'Timestamp,Provider,Counter Name,Counter Type,Mean/Increment');
    const runtime = rows.slice(1).map(row => row.split(',')).filter(cells => cells[1] === 'System.Runtime');
    assert.ok(runtime.length > 5, run.stdout.slice(0, 2000));
    const values = new Map(runtime.map(cells => [cells[2]!, Number(cells[cells.length - 1])]));
    assert.ok([...values.values()].every(value => Number.isFinite(value)), 'every value is a number');
    const positive = [...values].filter(([, value]) => value > 0).map(([counter]) => counter);
    assert.ok(positive.some(counter => /working_set|cpu\.count|heap\.total_allocated|assembly\.count/.test(counter)), `non-zero runtime values: ${positive.join('; ')}`);

    const json = path.join(work, 'counters.json');
    const toFile = await diagnose([name, 'counters', '--duration', '2', '--counters', 'System.Runtime', '--output', json]);
    assert.equal(toFile.code, 0, said(toFile));
    assert.match(fs.readFileSync(json, 'utf8'), /"provider"\s*:\s*"System\.Runtime"/i);
    await noSideContainerLeft();
  });

  it('a read-only container (/tmp on a tmpfs): the dump still comes out, because nothing is written in the target', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { image } = await sampleWebApp();
    const readOnly = await runDetached(image, ['--read-only', '--tmpfs', '/tmp']);
    await appStarted(readOnly);
    const output = path.join(work, 'read-only.dmp');
    const run = await diagnose([readOnly, 'dump', '--type', 'mini', '--output', output]);
    assert.equal(run.code, 0, said(run));
    assert.ok(fs.statSync(output).size > 100_000);
    await noSideContainerLeft();
  });

  it('the same with Podman (rootful, a store of its own): counters, trace and dump through podman', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const reason = process.env.DC_PODMAN_UNAVAILABLE ?? (process.env.DC_PODMAN_STORAGE_CONF && process.env.DC_PODMAN_CONF ? undefined : 'no Podman (DC_PODMAN_STORAGE_CONF unset)');
    if (reason) skipBecause(this, reason);
    // The app the Docker tests built, on Podman's copy of the aspnet stand-in (test/run.mjs loads it): no image to
    // load into a second vfs store, which would cost gigabytes.
    const { name: dockerWeb } = await sampleWebApp();
    const app = path.join(work, 'podman-app');
    await dockerOk(['cp', `${dockerWeb}:/app`, app]);
    const env = { CONTAINERS_STORAGE_CONF: process.env.DC_PODMAN_STORAGE_CONF!, CONTAINERS_CONF: process.env.DC_PODMAN_CONF! };
    const podman = (args: string[]) => exec('/usr/bin/podman', args, { env });
    const name = `dc-diag-${id}-podman`;
    try {
      const started = await podman(['run', '--detach', '--name', name, '--label', label, '--user', '1654', '--volume', `${app}:/app:ro`, '--workdir', '/app',
        '--entrypoint', 'dotnet', `mcr.microsoft.com/dotnet/aspnet:${process.env.DC_STANDIN_DOTNET}`, 'StockWeb.dll']);
      assert.equal(started.code, 0, said(started));
      const deadline = Date.now() + 90_000;
      while (!/Application started/.test((await podman(['logs', name])).stdout)) {
        assert.ok(Date.now() < deadline, 'the app starts under Podman');
        await new Promise(resolve => setTimeout(resolve, 500));
      }
      const withPodman = (args: string[]) => exec(process.execPath, [cliScript, 'diagnose', name, ...args, '--cli', '/usr/bin/podman'], {
        cwd: work, env: { ...env, DOTNET_CONTAINERS_DIAGNOSTICS_TOOLS: toolsDir },
      });
      const counters = await withPodman(['counters', '--duration', '2']);
      assert.equal(counters.code, 0, said(counters));
      assert.match(counters.stdout, /^[^,]+,System\.Runtime,/m);
      const trace = await withPodman(['trace', '--duration', '2', '--output', path.join(work, 'podman.nettrace')]);
      assert.equal(trace.code, 0, said(trace));
      assert.equal(fs.readFileSync(path.join(work, 'podman.nettrace')).subarray(0, 8).toString('latin1'), 'Nettrace');
      const dump = await withPodman(['dump', '--type', 'mini', '--output', path.join(work, 'podman.dmp')]);
      assert.equal(dump.code, 0, said(dump));
      assert.ok(fs.statSync(path.join(work, 'podman.dmp')).size > 100_000);
      const sides = await podman(['ps', '--all', '--format', '{{.Names}}', '--filter', 'label=dotnet-containers.diagnostics']);
      assert.deepEqual(sides.stdout.split('\n').filter(side => side.includes(name)), [], 'every side container is removed');
    } finally {
      await podman(['rm', '--force', name]);
    }
  });

  it('says clearly when the container is not a .NET process, or its image has no runtime for the tools', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const version = process.env.DC_STANDIN_DOTNET!;
    const sleeper = await runDetached(`mcr.microsoft.com/dotnet/runtime:${version}`, ['--entrypoint', 'sleep'], ['600']);
    const notDotnet = await diagnose([sleeper, 'counters', '--duration', '1']);
    assert.equal(notDotnet.code, 1, said(notDotnet));
    assert.match(notDotnet.stderr, new RegExp(`^dotnet-containers diagnose: no \\.NET process answers in container "${sleeper}": .*it is not a \\.NET app`, 'm'));

    const noRuntime = await runDetached(`mcr.microsoft.com/dotnet/runtime-deps:${version}`, ['--entrypoint', 'sleep'], ['600']);
    const without = await diagnose([noRuntime, 'trace']);
    assert.equal(without.code, 1, said(without));
    assert.match(without.stderr, /has no `dotnet` to run the diagnostics tools .*pass --tools-image/);
    const withImage = await diagnose([noRuntime, 'trace', '--tools-image', `mcr.microsoft.com/dotnet/runtime:${version}`]);
    assert.equal(withImage.code, 1, said(withImage));
    assert.match(withImage.stderr, /no \.NET process answers/);

    const missing = await diagnose([`dc-diag-${id}-no-such-container`, 'dump']);
    assert.deepEqual([missing.code, missing.stderr.trim()], [1, `dotnet-containers diagnose: no container "dc-diag-${id}-no-such-container"`]);
    await noSideContainerLeft();
  });

  it('says clearly when the app turned diagnostics off, or the engine forbids the ptrace a dump needs', async function () {
    requireHosts(this, 'dotnet', 'engine', 'standins');
    const { image } = await sampleWebApp();
    const off = await runDetached(image, ['--env', 'DOTNET_EnableDiagnostics=0']);
    const refused = await diagnose([off, 'dump']);
    assert.equal(refused.code, 1, said(refused));
    assert.match(refused.stderr, /runs with DOTNET_EnableDiagnostics=0, so its \.NET runtime opens no diagnostics socket/);

    // A seccomp profile that allows everything but ptrace, which the runtime's createdump needs.
    const profile = path.join(work, 'no-ptrace.json');
    fs.writeFileSync(profile, JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['ptrace'], action: 'SCMP_ACT_ERRNO' }] }));
    const noPtrace = await runDetached(image, ['--security-opt', `seccomp=${profile}`]);
    await appStarted(noPtrace);
    const dump = await diagnose([noPtrace, 'dump', '--output', path.join(work, 'never.dmp')]);
    assert.equal(dump.code, 1, said(dump));
    assert.match(dump.stderr, /does not allow ptrace in ".*", which the runtime's createdump needs/);
    assert.ok(!fs.existsSync(path.join(work, 'never.dmp')));
    await noSideContainerLeft();
  });
});

// Podman from Debian's podman package (4.3), rootful, with a store of its own: its graph root persists in the
// cache (cacheDir/podman-<version>/root) so the stand-in .NET images loaded into it survive between runs,
// its run root and config live in a private /tmp/dc-podman-XXXXXX. The podman CLI is pointed at them by
// CONTAINERS_STORAGE_CONF and CONTAINERS_CONF, exactly as a user's ~/.config/containers files would:
//   * vfs is the storage driver that works here;
//   * `default_ulimits = []`: podman run otherwise fails here with "error setting rlimit type 6/7";
//   * cgroupfs and a file event log: there is no systemd.
// `podman system service` serves the Docker-compatible API on a socket of its own, as a Podman user's
// podman.socket does, for the Images client and doctor.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pingSocket } from './net.mjs';

const PODMAN = '/usr/bin/podman';

/**
 * @param {{ cacheDir: string, dockerHost: string, dockerCli: string, images: string[], log?: (line: string) => void }} options
 *   images: references in the test engine (dockerHost) to have in Podman's store too.
 * @returns {Promise<{ version: string, env: Record<string, string>, socket: string, stop: () => Promise<void> }>}
 *   env: CONTAINERS_STORAGE_CONF and CONTAINERS_CONF for the podman CLI.
 */
export async function startPodman({ cacheDir, dockerHost, dockerCli, images, log = () => {} }) {
  if (!fs.existsSync(PODMAN)) throw new Error(`podman not found at ${PODMAN}: install Debian's podman (scripts/provision.sh)`);
  if (process.getuid?.() !== 0) throw new Error('rootful podman needs root');
  const version = (/version\s+(\S+)/.exec((await run(PODMAN, ['--version'])).stdout) ?? [])[1] ?? 'unknown';
  const base = path.join(cacheDir, `podman-${version}`);
  fs.mkdirSync(base, { recursive: true });
  const tmpDir = fs.mkdtempSync('/tmp/dc-podman-');
  // One live run per graph root; a concurrent run gets a throwaway one.
  const lock = path.join(base, 'owner.pid');
  const owner = Number(readText(lock));
  const shared = !(owner && owner !== process.pid && isAlive(owner));
  const graphRoot = shared ? path.join(base, 'root') : path.join(tmpDir, 'root');
  if (shared) fs.writeFileSync(lock, String(process.pid));
  fs.mkdirSync(graphRoot, { recursive: true });
  const storageConf = path.join(tmpDir, 'storage.conf');
  const containersConf = path.join(tmpDir, 'containers.conf');
  fs.writeFileSync(storageConf, `[storage]\ndriver = "vfs"\ngraphroot = "${graphRoot}"\nrunroot = "${path.join(tmpDir, 'run')}"\n`);
  fs.writeFileSync(containersConf, [
    '[containers]', 'default_ulimits = []',
    '[engine]', 'cgroup_manager = "cgroupfs"', 'events_logger = "file"',
    `events_logfile_path = "${path.join(tmpDir, 'events.log')}"`, `tmp_dir = "${path.join(tmpDir, 'tmp')}"`, '',
  ].join('\n'));
  const env = { CONTAINERS_STORAGE_CONF: storageConf, CONTAINERS_CONF: containersConf };
  const podman = (args, options = {}) => run(PODMAN, args, { env: { ...process.env, ...env }, ...options });
  let service;
  const stop = async () => {
    if (service && service.exitCode === null) service.kill('SIGTERM');
    await podman(['rm', '--all', '--force']).catch(() => {});
    await podman(['image', 'prune', '--force']).catch(() => {});
    if (shared && Number(readText(lock)) === process.pid) fs.rmSync(lock, { force: true });
    fs.rmSync(tmpDir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    // What killed runs left: containers, and images the tests built (labelled), dangling layers.
    await podman(['rm', '--all', '--force']);
    await podman(['image', 'prune', '--all', '--force', '--filter', 'label=dotnet-containers.test']);
    await podman(['image', 'prune', '--force']);

    // The stand-ins, copied from the test engine when Podman's copy is missing or older.
    const stale = [];
    for (const image of images) {
      const dockerId = (await run(dockerCli, ['image', 'inspect', '--format', '{{.Id}}', image], { env: { ...process.env, DOCKER_HOST: dockerHost } })).stdout.trim().replace(/^sha256:/, '');
      const podmanId = (await podman(['image', 'inspect', '--format', '{{.Id}}', image]).catch(() => ({ stdout: '' }))).stdout.trim();
      if (dockerId !== podmanId) stale.push(image);
    }
    if (stale.length) {
      const t0 = Date.now();
      log(`podman: loading ${stale.join(', ')} from the test engine`);
      await pipe([dockerCli, ['save', ...stale], { ...process.env, DOCKER_HOST: dockerHost }], [PODMAN, ['load'], { ...process.env, ...env }]);
      log(`podman: loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }

    const socket = path.join(tmpDir, 'podman.sock');
    service = spawn(PODMAN, ['system', 'service', '--time', '0', `unix://${socket}`], { env: { ...process.env, ...env }, stdio: 'ignore', detached: true });
    service.unref();
    const deadline = Date.now() + 30_000;
    while (!await pingSocket(socket)) {
      if (service.exitCode !== null) throw new Error(`podman system service exited with ${service.exitCode}`);
      if (Date.now() > deadline) throw new Error('podman system service did not answer /_ping within 30 s');
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    log(`podman ${version}: graph root ${graphRoot}, API at unix://${socket}`);
    return { version, env, socket: `unix://${socket}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function run(file, args, options = {}) {
  return new Promise((resolve, reject) => execFile(file, args, { maxBuffer: 16 * 1024 * 1024, timeout: 20 * 60_000, ...options }, (error, stdout, stderr) => {
    if (error) return reject(new Error(`${file} ${args.join(' ')}: ${(stderr || error.message).trim()}`));
    resolve({ stdout, stderr });
  }));
}

/** `a | b` without a shell; rejects with the stderr of whichever failed. */
function pipe([fileA, argsA, envA], [fileB, argsB, envB]) {
  return new Promise((resolve, reject) => {
    const a = spawn(fileA, argsA, { env: envA, stdio: ['ignore', 'pipe', 'pipe'] });
    const b = spawn(fileB, argsB, { env: envB, stdio: ['pipe', 'ignore', 'pipe'] });
    let errA = '';
    let errB = '';
    a.stderr.on('data', chunk => { errA += chunk; });
    b.stderr.on('data', chunk => { errB += chunk; });
    a.stdout.pipe(b.stdin);
    let codeA;
    a.on('close', code => { codeA = code; });
    b.on('close', code => {
      if (codeA !== 0 && codeA !== undefined) return reject(new Error(`${fileA} ${argsA.join(' ')} exited ${codeA}: ${errA.trim()}`));
      if (code !== 0) return reject(new Error(`${fileB} ${argsB.join(' ')} exited ${code}: ${errB.trim()}`));
      resolve();
    });
  });
}

function readText(file) {
  try { return fs.readFileSync(file, 'utf8'); } catch { return ''; }
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (error) { return error.code === 'EPERM'; }
}

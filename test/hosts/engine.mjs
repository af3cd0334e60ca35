// A private Docker engine for the tests: Debian's dockerd (docker.io 20.10) started by us, never the
// machine's own daemon. It cannot collide with any other dockerd on the machine:
//   * its socket, exec-root (containerd state, netns files) and log live in a short private /tmp/dc-XXXXXX
//     (unix socket paths are limited to ~100 bytes);
//   * it gets its own bridge (dcbr…) on an unused 10.213.N.0/24 instead of docker0, and touches neither
//     iptables nor the host's ip_forward: published ports on 127.0.0.1 are served by docker-proxy;
//   * it reads its own daemon.json (never /etc/docker/daemon.json).
// Its data-root persists in the cache (cacheDir/docker-<version>/data) so the stand-in .NET images built
// into it survive between runs. One live run owns a data-root at a time: a concurrent run takes the next
// slot (data-1, …); a data-root left by a killed run is reclaimed after stopping that run's daemon, which
// is recognised by its pidfile and owner record in the cache, never by process name.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, pingSocket } from './net.mjs';

const DOCKERD = '/usr/sbin/dockerd';
// Debian's 20.10 client: with the daemon's `features.buildkit` it builds with the embedded BuildKit.
// The machine's /usr/local/bin/docker (28.x) has no buildx plugin and falls back to the slow legacy builder.
const DOCKER_CLI = '/usr/bin/docker';
const IPTABLES = '/usr/sbin/iptables';
const MAX_SLOTS = 4;
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 30_000;

/**
 * Starts a private dockerd and waits until `/_ping` answers.
 * @param {object} options
 * @param {string} options.cacheDir persistent cache (the data-root lives in `cacheDir/docker-<version>/`).
 * @param {(line: string) => void} [options.log]
 * @param {boolean} [options.prune] default true: at start and at stop, remove what runs left (stopped containers,
 *   build cache, dangling images and images labelled `dotnet-containers.test`); labelled stand-ins are kept.
 * @param {boolean} [options.outbound] default false: containers reach beyond this machine through NAT (what a user's
 *   engine does; `npm start` wants it so that Build image restores packages without `--network host`).
 * @param {boolean} [options.tls] default true: also listen on tcp://127.0.0.1:PORT with TLS and client
 *   certificates (--tlsverify), from a CA made for this run; the client's ca.pem, cert.pem, key.pem are in tlsCertDir.
 * @returns {Promise<{ dockerHost: string, dockerCli: string, version: string, pid: number, dataRoot: string,
 *   logFile: string, logTail: (lines?: number) => string, stop: () => Promise<void> }>}
 */
export async function startEngine({ cacheDir, log = () => {}, prune = true, tls = true, outbound = false } = {}) {
  if (!cacheDir) throw new Error('startEngine: cacheDir is required');
  if (process.platform !== 'linux') throw new Error(`dockerd needs Linux (this is ${process.platform})`);
  if (process.getuid?.() !== 0) throw new Error(`dockerd needs root (running as uid ${process.getuid?.()})`);
  for (const [file, hint] of [[DOCKERD, 'dockerd'], [DOCKER_CLI, 'docker client'], ['/usr/sbin/ip', 'ip (iproute2)']]) {
    if (!isExecutable(file)) throw new Error(`${hint} not found at ${file}: install Debian's docker.io/iproute2 (scripts/provision.sh)`);
  }
  const version = parseVersion((await execFileText(DOCKERD, ['--version'])).stdout);
  const base = path.join(cacheDir, `docker-${version}`);
  fs.mkdirSync(base, { recursive: true });

  const tmpDir = fs.mkdtempSync('/tmp/dc-');
  const bridge = `dcbr${randomBytes(4).toString('hex')}`; // interface names are limited to 15 bytes
  let slot;
  try {
    slot = await claimSlot(base, { tmpDir, bridge }, log);
  } catch (error) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw error;
  }
  const logFile = path.join(tmpDir, 'dockerd.log');
  const socket = path.join(tmpDir, 'docker.sock');
  const configFile = path.join(tmpDir, 'daemon.json');
  // No `features.buildkit`: a user's engine has no daemon.json, so the product's own builder decision
  // (src/core/docker/buildStrategy.ts) must make builds work, not this file.
  // No `dns` either: the legacy builder applies it to RUN steps even with --network host, where the host's
  // own resolver is what reaches the NuGet mirror.
  // builder.gc: with the vfs driver every build step is a full copy of its image (an sdk stage is ~1.5 GB a step),
  // so BuildKit's cache is capped or a test run fills the disk.
  let child;
  let exited = null;
  let stopped = false;
  let subnet = '';
  let pool = '';
  const cleanupHost = async () => {
    await forwardRules('delete', bridge, pool, subnet).catch(() => {});
    await killLeftovers(tmpDir, subnet, slot.dataRoot);
    await unmountUnder([tmpDir, slot.dataRoot]);
    await deleteBridge(bridge);
    fs.rmSync(tmpDir, { recursive: true, force: true, maxRetries: 3 });
    slot.release();
  };
  // If the runner exits without stop(), at least ask dockerd to shut down; the next start reclaims the rest.
  const onExit = () => {
    if (!child || exited) return;
    try { process.kill(child.pid, 'SIGTERM'); } catch { /* gone */ }
  };

  try {
    subnet = await createBridge(bridge);
    // default-address-pools: networks the tests create (`docker network create`, compose) get /28 subnets from
    // a range tied to this engine's bridge (10.213.N.0/24 → 10.214.N.0/24), so the FORWARD rules open exactly them.
    pool = subnet.replace(/^10\.213\./, '10.214.');
    fs.writeFileSync(configFile, JSON.stringify({
      'default-address-pools': [{ base: pool, size: 28 }],
      builder: { gc: { enabled: true, defaultKeepStorage: '4GB' } },
    }) + '\n');
    slot.update({ subnet, pool });
    await forwardRules('insert', bridge, pool, outbound ? subnet : undefined).catch(error => log(`engine: could not open FORWARD for ${bridge} (containers may not reach each other if the policy is DROP): ${error.message}`));
    log(`engine: dockerd ${version}, data-root ${slot.dataRoot}, bridge ${bridge} ${subnet}`);
    const tlsListener = tls ? await makeTlsMaterial(tmpDir) : undefined;
    const args = [
      '--host', `unix://${socket}`,
      ...(tlsListener ? tlsListener.daemonArgs : []),
      '--data-root', slot.dataRoot,
      '--exec-root', path.join(tmpDir, 'exec'),
      '--pidfile', slot.pidFile,
      '--config-file', configFile,
      '--storage-driver', 'vfs',
      '--bridge', bridge,
      '--iptables=false', '--ip-forward=false', '--ip-masq=false',
    ];
    const out = fs.openSync(logFile, 'a');
    // Own process group: a Ctrl-C meant for the runner must not kill the daemon before stop() ran.
    child = spawn(DOCKERD, args, { stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    child.on('exit', (code, signal) => { exited = { code, signal }; });
    child.on('error', error => { exited = { error: error.message }; });
    child.unref();
    process.once('exit', onExit);
    slot.update({ dockerdPid: child.pid, dockerdStart: startTime(child.pid) });

    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (exited) throw new Error(`dockerd exited during start (${JSON.stringify(exited)})`);
      if (await pingSocket(socket)) break;
      if (Date.now() > deadline) throw new Error(`dockerd did not answer /_ping within ${START_TIMEOUT_MS / 1000} s`);
      await sleep(200);
    }
  } catch (error) {
    const tail = readTail(logFile, 15);
    if (child && !exited) await terminate(child.pid, () => exited);
    process.removeListener('exit', onExit);
    await cleanupHost().catch(() => {});
    throw new Error(`${error.message}${tail ? `; dockerd log: ${tail.replace(/\s*\n\s*/g, ' | ')}` : ''}`);
  }

  const dockerHost = `unix://${socket}`;
  const engine = {
    dockerHost,
    ...(tls ? { tlsHost: tlsHostOf(tmpDir), tlsCertDir: path.join(tmpDir, 'tls', 'client') } : {}),
    dockerCli: DOCKER_CLI,
    version,
    pid: child.pid,
    dataRoot: slot.dataRoot,
    logFile,
    logTail: (lines = 40) => readTail(logFile, lines),
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      // What this run built goes now, not at the next start: with vfs, a run's build cache is tens of gigabytes
      // on disk (a stress run's second pass once filled the disk when the next start's prune did not finish).
      if (prune && !exited && slot.index === 0) await pruneLeftovers(engine, log);
      if (!exited) await terminate(child.pid, () => exited);
      await cleanupHost();
      // Only the first data-root keeps the stand-in images between runs; the one a concurrent run borrowed
      // would otherwise keep gigabytes of vfs layers nobody reuses.
      if (slot.index > 0) fs.rmSync(slot.dataRoot, { recursive: true, force: true, maxRetries: 3 });
      log(`engine: stopped dockerd ${child.pid}`);
    },
  };
  if (prune) await pruneLeftovers(engine, log);
  return engine;
}

// ---- slots: one live run per data-root -------------------------------------------------------------

/** Claims the first data-root slot no live run owns, reclaiming one a killed run left behind. */
async function claimSlot(base, info, log) {
  for (let n = 0; n < MAX_SLOTS; n++) {
    const suffix = n === 0 ? '' : `-${n}`;
    const slot = {
      dataRoot: path.join(base, `data${suffix}`),
      pidFile: path.join(base, `dockerd${suffix}.pid`),
      ownerFile: path.join(base, `owner${suffix}.json`),
    };
    const record = readJson(slot.ownerFile);
    if (record && isAlive(record.ownerPid, record.ownerStart)) continue; // another live run uses it
    if (record) {
      log(`engine: reclaiming ${slot.dataRoot} from a run that ended without stop() (pid ${record.ownerPid})`);
      await reclaim(slot, record);
      fs.rmSync(slot.ownerFile, { force: true });
    } else {
      await reclaim(slot, {}); // a pidfile without an owner record: a daemon of ours may still hold the data-root
    }
    const mine = { ownerPid: process.pid, ownerStart: startTime(process.pid), ...info };
    try {
      fs.writeFileSync(slot.ownerFile, JSON.stringify(mine), { flag: 'wx' }); // atomic claim against a racing run
    } catch (error) {
      if (error.code === 'EEXIST') continue;
      throw error;
    }
    fs.mkdirSync(slot.dataRoot, { recursive: true });
    return {
      ...slot,
      index: n,
      update(extra) { Object.assign(mine, extra); fs.writeFileSync(slot.ownerFile, JSON.stringify(mine)); },
      release() {
        const current = readJson(slot.ownerFile);
        if (current?.ownerPid === process.pid && current?.tmpDir === info.tmpDir) fs.rmSync(slot.ownerFile, { force: true });
      },
    };
  }
  throw new Error(`all ${MAX_SLOTS} engine data-roots in ${base} are in use by live test runs`);
}

/** Stops a dead run's daemon (only if its pidfile names a dockerd on this data-root) and clears what it left. */
async function reclaim(slot, record) {
  const pid = Number(readText(slot.pidFile)) || record.dockerdPid;
  if (pid && isAlive(pid) && isOurDockerd(pid, slot.dataRoot)) await terminate(pid, () => !isAlive(pid));
  const tmpDir = record.tmpDir?.startsWith('/tmp/dc-') ? record.tmpDir : null;
  await killLeftovers(tmpDir, record.subnet, slot.dataRoot);
  if (tmpDir) {
    await unmountUnder([tmpDir]);
    fs.rmSync(tmpDir, { recursive: true, force: true, maxRetries: 3 });
  }
  await unmountUnder([slot.dataRoot]);
  if (record.bridge) {
    await forwardRules('delete', record.bridge, record.pool, record.subnet).catch(() => {});
    await deleteBridge(record.bridge);
  }
  fs.rmSync(slot.pidFile, { force: true });
}

function isOurDockerd(pid, dataRoot) {
  const argv = readText(`/proc/${pid}/cmdline`).split('\0');
  return path.basename(argv[0] ?? '') === 'dockerd' && argv[argv.indexOf('--data-root') + 1] === dataRoot;
}

// ---- processes --------------------------------------------------------------------------------------

/** SIGTERM, wait (dockerd stops its containers and containerd), then SIGKILL. */
async function terminate(pid, hasExited) {
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  const deadline = Date.now() + STOP_GRACE_MS;
  while (!hasExited() && isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (!hasExited() && isAlive(pid)) {
    for (const target of [-pid, pid]) { try { process.kill(target, 'SIGKILL'); } catch { /* gone */ } }
    for (let i = 0; i < 50 && !hasExited() && isAlive(pid); i++) await sleep(100);
  }
}

/**
 * After a SIGKILL, containerd, its shims, docker-proxy and the containers' own processes can outlive
 * dockerd. They are ours when their arguments name our private dir, when docker-proxy forwards to an
 * address on our bridge's subnet, when they sit in the cgroup of a container of our data-root, or when
 * they descend from one of those.
 */
async function killLeftovers(dir, subnet, dataRoot) {
  const subnetPrefix = subnet ? subnet.replace(/0\/24$/, '') : null;
  const containerIds = new Set(safeReaddir(path.join(dataRoot, 'containers')).filter(id => /^[0-9a-f]{64}$/.test(id)));
  const children = new Map();
  const matched = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const pid = Number(entry);
    const stat = readText(`/proc/${pid}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
    const argv = readText(`/proc/${pid}/cmdline`).split('\0');
    const mentionsDir = dir && argv.some(arg => arg === dir || arg.includes(dir + '/'));
    const proxiesOurs = subnetPrefix && path.basename(argv[0]) === 'docker-proxy'
      && (argv[argv.indexOf('-container-ip') + 1] ?? '').startsWith(subnetPrefix);
    const inOurContainer = containerIds.size > 0 && readText(`/proc/${pid}/cgroup`).split('\n')
      .some(line => containerIds.has(line.slice(line.lastIndexOf('/') + 1)));
    if (mentionsDir || proxiesOurs || inOurContainer) matched.push(pid);
  }
  const pids = new Set();
  const addTree = pid => { if (pids.has(pid)) return; pids.add(pid); for (const child of children.get(pid) ?? []) addTree(child); };
  matched.forEach(addTree);
  pids.delete(process.pid);
  for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  for (let i = 0; i < 50 && [...pids].some(pid => isAlive(pid)); i++) await sleep(100);
}

function isAlive(pid, expectedStart) {
  if (!pid) return false;
  try { process.kill(pid, 0); } catch (error) { if (error.code !== 'EPERM') return false; }
  const stat = readText(`/proc/${pid}/stat`);
  if (/\) Z /.test(stat)) return false; // a zombie is gone for our purposes
  return expectedStart === undefined || startTime(pid) === expectedStart;
}

/** Process start time in clock ticks since boot: with the pid it identifies a process even after pid reuse. */
function startTime(pid) {
  const stat = readText(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? '';
}

// ---- TLS ------------------------------------------------------------------------------------------

const tlsHosts = new Map();
const tlsHostOf = tmpDir => tlsHosts.get(tmpDir);

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl for this run only. */
async function makeTlsMaterial(tmpDir) {
  const dir = path.join(tmpDir, 'tls');
  const client = path.join(dir, 'client');
  fs.mkdirSync(client, { recursive: true, mode: 0o700 });
  const openssl = (...args) => execFileText('openssl', args, { cwd: dir });
  const key = name => ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', name];
  await openssl('req', '-x509', ...key('ca-key.pem'), '-days', '2', '-subj', '/CN=dotnet-containers test CA', '-out', 'ca.pem');
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  fs.writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  await openssl('req', ...key('server-key.pem'), '-subj', '/CN=127.0.0.1', '-out', 'server.csr');
  await openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server-cert.pem');
  await openssl('req', ...key(path.join('client', 'key.pem')), '-subj', '/CN=dotnet-containers test client', '-out', 'client.csr');
  await openssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-extfile', 'client.ext', '-out', path.join('client', 'cert.pem'));
  fs.copyFileSync(path.join(dir, 'ca.pem'), path.join(client, 'ca.pem'));
  const port = await freePort();
  tlsHosts.set(tmpDir, `tcp://127.0.0.1:${port}`);
  return {
    daemonArgs: ['--host', `tcp://127.0.0.1:${port}`, '--tlsverify', '--tlscacert', path.join(dir, 'ca.pem'),
      '--tlscert', path.join(dir, 'server-cert.pem'), '--tlskey', path.join(dir, 'server-key.pem')],
  };
}

// ---- host network and mounts ----------------------------------------------------------------------

/** A bridge of our own on a free 10.213.N.0/24 (10.214.N.0/24 free too, for its networks), so no other daemon's docker0 or subnet is touched. */
async function createBridge(name) {
  const used = (await execFileText('/usr/sbin/ip', ['-4', '-o', 'addr', 'show'])).stdout
    + (await execFileText('/usr/sbin/ip', ['-4', 'route', 'show'])).stdout;
  const start = Math.floor(Math.random() * 250);
  for (let i = 0; i < 250; i++) {
    const n = (start + i) % 250 + 1;
    if (used.includes(`10.213.${n}.`) || used.includes(`10.214.${n}.`)) continue; // the bridge, and its networks' pool
    await execFileText('/usr/sbin/ip', ['link', 'add', 'name', name, 'type', 'bridge']);
    await execFileText('/usr/sbin/ip', ['addr', 'add', `10.213.${n}.1/24`, 'dev', name]);
    await execFileText('/usr/sbin/ip', ['link', 'set', name, 'up']);
    return `10.213.${n}.0/24`;
  }
  throw new Error('no free 10.213.N.0/24 subnet for the engine bridge');
}

/**
 * Containers on our bridge talk to each other through the host's FORWARD chain (br_netfilter). A stock
 * dockerd or Podman elsewhere on the machine sets its policy to DROP, and ours runs with --iptables=false,
 * so it gets its own ACCEPT rules for traffic within its bridge and between its networks' subnets (its own
 * address pool), removed with the bridge.
 * Without iptables (or without br_netfilter) there is nothing to open.
 */
async function forwardRules(action, bridge, pool, outboundSubnet) {
  if (!isExecutable(IPTABLES)) return;
  const comment = ['-m', 'comment', '--comment', `dotnet-containers ${bridge}`];
  const rules = [['-i', bridge, '-o', bridge], ...(pool ? [['-s', pool, '-d', pool]] : [])].map(rule => ['FORWARD', ...rule, '-j', 'ACCEPT', ...comment]);
  // Outbound: out of the bridge, answers back in, and NAT behind the host's address (as dockerd's own rules do).
  if (outboundSubnet) {
    rules.push(['FORWARD', '-s', outboundSubnet, '-j', 'ACCEPT', ...comment]);
    rules.push(['FORWARD', '-d', outboundSubnet, '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT', ...comment]);
    rules.push(['-t', 'nat', 'POSTROUTING', '-s', outboundSubnet, '!', '-o', bridge, '-j', 'MASQUERADE', ...comment]);
  }
  for (const rule of rules) {
    const table = rule[0] === '-t' ? rule.slice(0, 2) : [];
    const [chain, ...spec] = rule.slice(table.length);
    if (action === 'insert') {
      await execFileText(IPTABLES, ['-w', ...table, '-I', chain, ...spec]);
    } else {
      // -C first: deleting a rule that is not there fails, and a rule inserted twice needs two deletes.
      while (await execFileText(IPTABLES, ['-w', ...table, '-C', chain, ...spec]).then(() => true, () => false)) {
        await execFileText(IPTABLES, ['-w', ...table, '-D', chain, ...spec]);
      }
    }
  }
}

async function deleteBridge(name) {
  if (fs.existsSync(`/sys/class/net/${name}`)) await execFileText('/usr/sbin/ip', ['link', 'del', name]).catch(() => {});
}

/** Lazily unmounts what a killed daemon left mounted under our dirs (netns files, shm), deepest first, before rm -rf. */
async function unmountUnder(dirs) {
  const points = readText('/proc/self/mountinfo').split('\n')
    .map(line => line.split(' ')[4])
    .filter(Boolean)
    .map(p => p.replace(/\\([0-7]{3})/g, (_, oct) => String.fromCharCode(parseInt(oct, 8))))
    .filter(p => dirs.some(dir => p === dir || p.startsWith(dir + '/')))
    .sort((a, b) => b.length - a.length);
  for (const point of points) await execFileText('umount', ['-l', point]).catch(() => {});
}

// ---- docker ---------------------------------------------------------------------------------------

/**
 * Removes what a run built (at its end) or what a killed run left (at the next start) in the persistent data-root;
 * the labelled stand-in images stay. No short timeout: deleting vfs copies of build steps takes minutes under load,
 * and a prune cut off leaves them all for the next run to add to.
 */
async function pruneLeftovers(engine, log) {
  const env = { ...process.env, DOCKER_HOST: engine.dockerHost };
  const started = Date.now();
  const steps = [
    ['container', 'prune', '--force'],
    ['image', 'prune', '--all', '--force', '--filter', 'label=dotnet-containers.test'],
    ['image', 'prune', '--force'],
    ['builder', 'prune', '--all', '--force'],
  ];
  for (const args of steps) {
    const result = await execFileText(engine.dockerCli, args, { env, timeout: 20 * 60_000 }).catch(error => ({ stdout: '', error }));
    if (result.error) log(`engine: docker ${args.join(' ')} failed: ${result.error.message.split('\n')[0]}`);
    const reclaimed = /Total reclaimed space: (\S+)/.exec(result.stdout ?? '');
    if (reclaimed && reclaimed[1] !== '0B') log(`engine: docker ${args.slice(0, 2).join(' ')} reclaimed ${reclaimed[1]}`);
  }
  log(`engine: pruned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function parseVersion(text) {
  const match = /version ([^\s,]+)/i.exec(text);
  if (!match) throw new Error(`cannot read the dockerd version from "${text.trim()}"`);
  return match[1];
}

// ---- small helpers --------------------------------------------------------------------------------

function execFileText(file, args, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 * 1024 * 1024, timeout: 120_000, ...options }, (error, stdout, stderr) => {
      if (error) {
        error.message = `${file} ${args.join(' ')}: ${(stderr || stdout || error.message).trim()}`;
        return reject(error);
      }
      resolve({ stdout, stderr });
    });
  });
}

function isExecutable(file) {
  try { fs.accessSync(file, fs.constants.X_OK); return true; } catch { return false; }
}

function readText(file) {
  try { return fs.readFileSync(file, 'utf8'); } catch { return ''; }
}

function readJson(file) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return null; }
}

function readTail(file, lines) {
  return readText(file).trimEnd().split('\n').slice(-lines).join('\n');
}

function safeReaddir(dir) {
  try { return fs.readdirSync(dir); } catch { return []; }
}

function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

// Registry and engine listings at scale, against the real hosts started here:
//   registry.first-page            a repository with 10,000 tags: a fresh client's first page, sorted newest
//                                  first, ready to show (goal ≤ 150 ms)
//   registry.all-tags-10000        `dotnet-containers tags` listing all 10,000 in a fresh process, vs
//                                  `skopeo list-tags` on the same repository (goal ratio ≤ 1.0)
//   registry.all-tags-10000.in-process   the same listing by the core inside a running process (what the
//                                  Registries view does in the extension host), vs the same skopeo runs
//   registry.all-tags-10000.bare-node.above-node-start   for reference, no goal: a Node script that only GETs the
//                                  list with node:http, parses it and prints it unsorted, the least a Node CLI pays
//   engine.images-1000             `dotnet-containers images --format json` with 1,000 local image tags, vs
//                                  `docker image ls --format json` (goal ratio ≤ 1.2)
//   engine.images-1000.in-process  the same listing by the core inside a running process (the Images view)
// The fresh-process figures include Node's own start, which a Go binary such as skopeo or docker does not pay:
// `node -e 0` is timed beside each run (node-start), and the .above-node-start figures are ours less it.
// DC_BENCH_PROCESS_RUNS (default 15) sets how many fresh processes of each kind, DC_BENCH_RUNS the rest.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { startEngine } from '../test/hosts/engine.mjs';
import { startRegistry } from '../test/hosts/registry.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.DC_BENCH_RUNS) || 7;
// Fresh processes vary more from run to run than work inside one: more of them, interleaved.
const processRuns = Number(process.env.DC_BENCH_PROCESS_RUNS) || 15;
const TAGS = 10_000;
const IMAGES = 1_000;
const cacheDir = process.env.DOTNET_CONTAINERS_CACHE || path.join(os.homedir(), '.cache', 'dotnet-containers');
const cli = path.join(root, 'dist', 'cli.js');
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const verdict = (value, goal) => (value <= goal ? 'PASS' : 'MISS');
const log = message => process.stderr.write(`# ${message}\n`);

// The CLI as it ships, and the core as one bundle for in-process timing.
execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-registry-'));
const coreBundle = path.join(work, 'core.cjs');
await esbuild.build({
  stdin: { contents: `module.exports = require(${JSON.stringify(path.join(root, 'src/core/registry/index.ts'))});`, resolveDir: root, loader: 'js' },
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: coreBundle, logLevel: 'warning',
});
const engineBundle = path.join(work, 'engine.cjs');
await esbuild.build({
  stdin: { contents: `module.exports = require(${JSON.stringify(path.join(root, 'src/core/engine/index.ts'))});`, resolveDir: root, loader: 'js' },
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: engineBundle, logLevel: 'warning',
});
const { createRegistryClient, sortTags } = createRequire(import.meta.url)(coreBundle);
const { connectEngine } = createRequire(import.meta.url)(engineBundle);

const stops = [];
try {
  await registryBench();
  await engineBench();
} finally {
  for (const stop of stops.reverse()) await stop().catch(error => log(`cleanup: ${error.message}`));
  fs.rmSync(work, { recursive: true, force: true });
}

async function registryBench() {
  const registry = await startRegistry({ log });
  stops.push(() => registry.stop());
  const repository = 'bench/app';
  const seeded = Date.now();
  await seedTags(registry.url, repository);
  log(`${TAGS} tags put in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

  // First screen: what a tree view shows on expand, from a client that has not talked to the registry yet.
  const firstPage = [];
  let shown = [];
  for (let i = 0; i < runs; i++) {
    const client = createRegistryClient(registry.address, { useDockerConfig: false });
    const started = process.hrtime.bigint();
    const page = await client.listTags(repository, { pageSize: 100 });
    if (!page.ok) throw new Error(page.error.message);
    shown = sortTags(page.value.tags).slice(0, 100);
    firstPage.push(Number(process.hrtime.bigint() - started) / 1e6);
    client.close();
  }
  log(`first page: registry answered ${TAGS} tags in one page (distribution 2.8 ignores n); first shown: ${shown.slice(0, 3).join(', ')}; runs ${firstPage.map(ms => ms.toFixed(1)).join(', ')} ms`);
  console.log(`BENCH registry.first-page ${median(firstPage).toFixed(1)} ms goal<=150 ${verdict(median(firstPage), 150)}`);

  // Every tag, cold process against cold process, interleaved so both see the same machine load.
  const ours = [];
  const inProcess = [];
  const peer = [];
  const nodeStarts = [];
  const bareNode = [];
  // No auth, no checks, no sort: one GET, JSON.parse, the names printed as the registry lists them.
  const bareClient = `require('node:http').get(${JSON.stringify(`${registry.url}/v2/${repository}/tags/list`)}, response => { const chunks = [];`
    + ` response.on('data', chunk => chunks.push(chunk)); response.on('end', () => process.stdout.write(JSON.parse(Buffer.concat(chunks).toString()).tags.join('\\n') + '\\n')); });`;
  for (let i = 0; i < processRuns; i++) {
    nodeStarts.push(timeNodeStart());
    bareNode.push(timeProcess(process.execPath, ['-e', bareClient], lines => lines === TAGS));
    ours.push(timeProcess(process.execPath, [cli, 'tags', `${registry.address}/${repository}`], lines => lines === TAGS));
    peer.push(timeProcess('skopeo', ['list-tags', '--tls-verify=false', `docker://${registry.address}/${repository}`], (_, stdout) => JSON.parse(stdout).Tags.length === TAGS));
    const client = createRegistryClient(registry.address, { useDockerConfig: false });
    const started = process.hrtime.bigint();
    const all = await client.allTags(repository);
    if (!all.ok || sortTags(all.value).length !== TAGS) throw new Error(all.ok ? 'wrong tag count' : all.error.message);
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e6);
    client.close();
  }
  const [oursMedian, inProcessMedian, peerMedian, nodeStart] = [median(ours), median(inProcess), median(peer), median(nodeStarts)];
  log(`all tags: ours ${ours.map(ms => ms.toFixed(0)).join(', ')} ms; in-process ${inProcess.map(ms => ms.toFixed(0)).join(', ')} ms; skopeo ${peer.map(ms => ms.toFixed(0)).join(', ')} ms; node -e 0 ${nodeStarts.map(ms => ms.toFixed(0)).join(', ')} ms; bare node:http client ${bareNode.map(ms => ms.toFixed(0)).join(', ')} ms`);
  console.log(`BENCH registry.all-tags-10000 ${oursMedian.toFixed(1)} ms goal<=1.0x ratio=${(oursMedian / peerMedian).toFixed(3)} vs skopeo-list-tags (${peerMedian.toFixed(0)} ms; node-start ${nodeStart.toFixed(0)} ms) ${verdict(oursMedian / peerMedian, 1.0)}`);
  // The CLI's own cost: its run less a fresh Node's start (`node -e 0`, timed in this run), against the whole skopeo run.
  const oursAboveNode = Math.max(0, oursMedian - nodeStart);
  console.log(`BENCH registry.all-tags-10000.above-node-start ${oursAboveNode.toFixed(1)} ms goal<=1.0x ratio=${(oursAboveNode / peerMedian).toFixed(3)} vs skopeo-list-tags (${peerMedian.toFixed(0)} ms; ours ${oursMedian.toFixed(0)} ms less node-start ${nodeStart.toFixed(0)} ms) ${verdict(oursAboveNode / peerMedian, 1.0)}`);
  const bareAboveNode = Math.max(0, median(bareNode) - nodeStart);
  console.log(`BENCH registry.all-tags-10000.bare-node.above-node-start ${bareAboveNode.toFixed(1)} ms ratio=${(bareAboveNode / peerMedian).toFixed(3)} vs skopeo-list-tags (${peerMedian.toFixed(0)} ms; reference, no goal: node:http, JSON.parse and printing, unsorted)`);
  console.log(`BENCH registry.all-tags-10000.in-process ${inProcessMedian.toFixed(1)} ms goal<=1.0x ratio=${(inProcessMedian / peerMedian).toFixed(3)} vs skopeo-list-tags (${peerMedian.toFixed(0)} ms) ${verdict(inProcessMedian / peerMedian, 1.0)}`);
}

/** One small OCI image, its manifest PUT under 10,000 version-like tags, 32 at a time over keep-alive connections. */
async function seedTags(baseUrl, repository) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const request = (url, method, headers = {}, body) => new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method, headers, agent }, response => {
      const chunks = [];
      response.on('data', chunk => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString() }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
  const digest = bytes => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const pushBlob = async bytes => {
    const started = await request(`${baseUrl}/v2/${repository}/blobs/uploads/`, 'POST');
    const location = new URL(started.headers.location, baseUrl);
    location.searchParams.set('digest', digest(bytes));
    const put = await request(location, 'PUT', { 'Content-Type': 'application/octet-stream' }, bytes);
    if (put.status !== 201) throw new Error(`blob upload: ${put.status} ${put.body}`);
    return digest(bytes);
  };
  const layer = Buffer.from('bench layer');
  const config = Buffer.from(JSON.stringify({ created: '2026-01-01T00:00:00Z', architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [digest(layer)] } }));
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: await pushBlob(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: await pushBlob(layer), size: layer.length }],
  });
  // 10.0.0 … 9.9.99, a third with an -alpine variant: what a long-lived .NET repository looks like.
  const tags = Array.from({ length: TAGS }, (_, i) => `${Math.floor(i / 1000)}.${Math.floor(i / 100) % 10}.${i % 100}${i % 3 === 0 ? '-alpine' : ''}`);
  let next = 0;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (next < tags.length) {
      const tag = tags[next++];
      const put = await request(`${baseUrl}/v2/${repository}/manifests/${tag}`, 'PUT', { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, manifest);
      if (put.status !== 201) throw new Error(`manifest ${tag}: ${put.status} ${put.body}`);
    }
  }));
  agent.destroy();
}

async function engineBench() {
  let engine;
  try {
    // No pruning: the build cache and stand-ins in the engine's data-root belong to the test runs.
    engine = await startEngine({ cacheDir, log, prune: false });
  } catch (error) {
    console.log(`# engine.images-1000 skipped: no engine (${error.message.split('\n')[0]})`);
    return;
  }
  stops.push(() => engine.stop());
  const env = { ...process.env, DOCKER_HOST: engine.dockerHost };
  const image = 'dc-bench/images';
  execFileSync(engine.dockerCli, ['build', '--label', 'dotnet-containers.test=bench', '-t', `${image}:base`, '-'], { env: { ...env, DOCKER_BUILDKIT: '1' }, input: 'FROM scratch\n', stdio: ['pipe', 'ignore', 'inherit'] });
  stops.push(async () => { spawnSync(engine.dockerCli, ['image', 'rm', '--force', `${image}:base`], { env, stdio: 'ignore' }); });
  const socketPath = engine.dockerHost.replace(/^unix:\/\//, '');
  const tagged = Date.now();
  // `docker tag` is one cheap API call: make the 1,000 tags through the API, 16 at a time.
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < IMAGES) {
      const tag = `1.${next++}`;
      const status = await new Promise((resolve, reject) => {
        const request = http.request({ socketPath, method: 'POST', path: `/images/${encodeURIComponent(`${image}:base`)}/tag?repo=${encodeURIComponent(image)}&tag=${tag}` }, response => { response.resume(); resolve(response.statusCode); });
        request.on('error', reject);
        request.end();
      });
      if (status !== 201) throw new Error(`tag ${tag}: HTTP ${status}`);
    }
  }));
  log(`${IMAGES} image tags made in ${((Date.now() - tagged) / 1000).toFixed(1)} s`);

  // The machine's docker 28 client knows `--format json`; Debian's 20.10 needs the template.
  const peerCommand = spawnSync('/usr/local/bin/docker', ['--version']).status === 0
    ? ['/usr/local/bin/docker', ['image', 'ls', '--format', 'json']]
    : [engine.dockerCli, ['image', 'ls', '--format', '{{json .}}']];
  const ours = [];
  const inProcess = [];
  const peer = [];
  const nodeStarts = [];
  const hasAll = images => images.repositories.find(r => r.repository === image)?.tags.length === IMAGES + 1;
  for (let i = 0; i < processRuns; i++) {
    nodeStarts.push(timeNodeStart());
    ours.push(timeProcess(process.execPath, [cli, 'images', '--format', 'json'], (_, stdout) => hasAll(JSON.parse(stdout)), env));
    peer.push(timeProcess(peerCommand[0], peerCommand[1], lines => lines >= IMAGES + 1, env));
    const started = process.hrtime.bigint();
    const connected = await connectEngine({ host: engine.dockerHost });
    const listed = connected.ok ? await connected.value.listImages() : connected;
    if (!listed.ok || !hasAll(listed.value)) throw new Error(listed.ok ? 'wrong image count' : listed.error.message);
    inProcess.push(Number(process.hrtime.bigint() - started) / 1e6);
    connected.value.close();
  }
  const [oursMedian, inProcessMedian, peerMedian, nodeStart] = [median(ours), median(inProcess), median(peer), median(nodeStarts)];
  log(`images: ours ${ours.map(ms => ms.toFixed(0)).join(', ')} ms; in-process ${inProcess.map(ms => ms.toFixed(0)).join(', ')} ms; docker ${peer.map(ms => ms.toFixed(0)).join(', ')} ms; node -e 0 ${nodeStarts.map(ms => ms.toFixed(0)).join(', ')} ms`);
  console.log(`BENCH engine.images-1000 ${oursMedian.toFixed(1)} ms goal<=1.2x ratio=${(oursMedian / peerMedian).toFixed(3)} vs docker-image-ls (${peerMedian.toFixed(0)} ms; node-start ${nodeStart.toFixed(0)} ms) ${verdict(oursMedian / peerMedian, 1.2)}`);
  const oursAboveNode = Math.max(0, oursMedian - nodeStart);
  console.log(`BENCH engine.images-1000.above-node-start ${oursAboveNode.toFixed(1)} ms goal<=1.2x ratio=${(oursAboveNode / peerMedian).toFixed(3)} vs docker-image-ls (${peerMedian.toFixed(0)} ms; ours ${oursMedian.toFixed(0)} ms less node-start ${nodeStart.toFixed(0)} ms) ${verdict(oursAboveNode / peerMedian, 1.2)}`);
  console.log(`BENCH engine.images-1000.in-process ${inProcessMedian.toFixed(1)} ms goal<=1.2x ratio=${(inProcessMedian / peerMedian).toFixed(3)} vs docker-image-ls (${peerMedian.toFixed(0)} ms) ${verdict(inProcessMedian / peerMedian, 1.2)}`);
  // --force removes every tag of the image in one call.
  spawnSync(engine.dockerCli, ['image', 'rm', '--force', `${image}:base`], { env, stdio: 'ignore' });
}

/** A fresh Node process that does nothing (`node -e 0`): the floor of any Node CLI, timed beside each run of ours. */
function timeNodeStart() {
  return timeProcess(process.execPath, ['-e', '0'], () => true);
}

/** Wall time of one process run, which must exit 0 and pass `check(lineCount, stdout)`. */
function timeProcess(file, args, check, env = process.env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${path.basename(file)} ${args.join(' ')} exited ${result.status}: ${(result.stderr || '').trim()}`);
  if (!check(result.stdout.trimEnd().split('\n').length, result.stdout)) throw new Error(`${path.basename(file)} ${args.join(' ')} printed an unexpected listing`);
  return ms;
}

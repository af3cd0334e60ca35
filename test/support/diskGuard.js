// A mocha root hook for the e2e layer: the test engine stores images with vfs, where every build step is a full
// copy of its image (an sdk step is ~1.5 GB), so a whole run builds tens of gigabytes of cache that no later test
// reuses. After each test, when the disk holding the engine's data runs low, the build cache (and only it: tagged
// images stay, so tests that build once and use the image later are unaffected) is pruned. Without it a run's peak
// came within a few gigabytes of a 93 GB disk and, once, past it ("no space left on device").
'use strict';
const { execFile } = require('node:child_process');
const fs = require('node:fs');

// DC_DISK_LOW_GB overrides the threshold (a test of this guard sets it high).
const LOW_BYTES = (Number(process.env.DC_DISK_LOW_GB) || 25) * 1024 ** 3;
const dataRoot = process.env.DC_ENGINE_DATA_ROOT;
const log = message => process.stderr.write(`[test] disk: ${message}\n`);

function freeBytes(folder) {
  const stats = fs.statfsSync(folder);
  return stats.bavail * stats.bsize;
}

function pruneBuildCache() {
  return new Promise(resolve => execFile(process.env.DC_DOCKER_CLI || 'docker', ['builder', 'prune', '--all', '--force'],
    { env: process.env, timeout: 20 * 60_000, maxBuffer: 16 * 1024 * 1024 },
    (error, stdout, stderr) => resolve(error ? `failed: ${(stderr || error.message).trim().split('\n')[0]}` : (/Total reclaimed space: (\S+)/.exec(stdout)?.[1] ?? 'nothing'))));
}

exports.mochaHooks = {
  async afterEach() {
    if (!dataRoot || !process.env.DOCKER_HOST || process.env.DC_ENGINE_UNAVAILABLE) return;
    const before = freeBytes(dataRoot);
    if (before >= LOW_BYTES) return;
    this.timeout(25 * 60_000);
    const started = Date.now();
    const reclaimed = await pruneBuildCache();
    const gib = bytes => (bytes / 1024 ** 3).toFixed(1);
    log(`${gib(before)} GiB free at ${dataRoot}: pruned the engine's build cache (${reclaimed}) in ${((Date.now() - started) / 1000).toFixed(0)} s, ${gib(freeBytes(dataRoot))} GiB free now`);
  },
};

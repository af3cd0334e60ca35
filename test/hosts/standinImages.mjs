// Stand-ins for mcr.microsoft.com/dotnet/{runtime-deps,runtime,aspnet,sdk}:<M.m>, built on this machine
// because nothing can be pulled here. They carry the machine's own .NET (versions read from
// `dotnet --list-sdks/--list-runtimes`) and are shaped like the official Debian images
// (dotnet-docker src/*/bookworm-slim/amd64/Dockerfile): same layer order, env, `app` user and files:
//   base          debootstrap --variant=minbase bookworm + .NET's native deps, slimmed like debian:*-slim
//   runtime-deps  + APP_UID=1654, ASPNETCORE_HTTP_PORTS=8080, DOTNET_RUNNING_IN_CONTAINER=true, user/group app 1654
//   runtime       + /usr/share/dotnet/{dotnet,host/fxr,shared/Microsoft.NETCore.App/<v>}, DOTNET_VERSION, /usr/bin/dotnet
//   aspnet        + shared/Microsoft.AspNetCore.App/<v>, ASPNET_VERSION
//   sdk           + curl git libatomic1 wget, the SDK (sdk, packs, sdk-manifests, templates, dnx) and its env
// Not reproduced: the official 10.0 images are Ubuntu 24.04 (Debian images stopped after 9.0), and the sdk
// image's PowerShell global tool (it cannot be downloaded here).
// Each image is labelled `dotnet-containers.standin=<kind>;<exact versions>;key=<recipe hash>` and only
// rebuilt when that label differs, so a second run costs a few `docker image inspect`s. The Debian root
// filesystem is cached as tarballs in cacheDir, so rebuilding the images needs no network.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SUITE = 'bookworm';
const MIRROR = process.env.DC_DEBIAN_MIRROR || 'http://deb.debian.org/debian';
// runtime-deps' packages in dotnet-docker's bookworm-slim Dockerfile (zlib1g is in every Debian base anyway).
const DEPS_PACKAGES = ['ca-certificates', 'libc6', 'libgcc-s1', 'libicu72', 'libssl3', 'libstdc++6', 'tzdata', 'zlib1g'];
// What the sdk image adds with apt-get; runtime/aspnet images have no curl or wget (removed in .NET 5).
const SDK_PACKAGES = ['curl', 'git', 'libatomic1', 'wget'];
const ROOTFS_RECIPE = 1; // bump when the root filesystem recipe changes
const IMAGE_RECIPE = 1; // bump when a Dockerfile below changes in a way its text does not show
const LABEL = 'dotnet-containers.standin';
const BASE_IMAGE = `dotnet-containers/debian-standin:${SUITE}-slim`;
const APP_UID = 1654;

/**
 * Builds (once) the stand-in .NET images into the engine at dockerHost and returns their names.
 * @param {object} options
 * @param {string} options.dockerHost e.g. `unix:///tmp/dc-XXXXXX/docker.sock`
 * @param {string} [options.dockerCli] default `/usr/bin/docker`
 * @param {string} options.cacheDir root filesystem tarballs are cached in `cacheDir/standin-rootfs/`
 * @param {(line: string) => void} [options.log]
 * @param {string} [options.dotnet] the dotnet executable whose SDK and runtimes go into the images
 * @returns {Promise<{ dotnetVersion: string, images: string[], tags: string[], versions: { sdk: string, runtime: string, aspnet: string }, dotnetRoot: string }>}
 *   images: `mcr.microsoft.com/dotnet/{sdk,aspnet,runtime,runtime-deps}:<M.m>`; tags adds the exact-version tags.
 */
export async function ensureStandinImages({ dockerHost, dockerCli = '/usr/bin/docker', cacheDir, log = () => {}, dotnet = 'dotnet' } = {}) {
  if (!dockerHost || !cacheDir) throw new Error('ensureStandinImages: dockerHost and cacheDir are required');
  const started = Date.now();
  const net = await detectDotnet(dotnet);
  const docker = (args, options = {}) => run(dockerCli, args, { env: { ...process.env, DOCKER_HOST: dockerHost }, ...options });
  const mm = net.majorMinor;
  const repo = kind => `mcr.microsoft.com/dotnet/${kind}`;

  const rootfs = await ensureRootfs({ cacheDir, log });
  const baseLabel = `base;${SUITE};rootfs=${rootfs.key}`;
  if (await labelOf(docker, BASE_IMAGE) !== baseLabel) {
    log(`stand-ins: importing the ${SUITE} root filesystem as ${BASE_IMAGE}`);
    await docker(['import',
      '--change', 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--change', 'CMD ["bash"]',
      '--change', `LABEL ${LABEL}=${baseLabel}`,
      '--message', `debootstrap --variant=minbase ${SUITE} (dotnet-containers stand-in base)`,
      rootfs.rootfsTar, BASE_IMAGE]);
  }

  const machineCertificates = extraCertificates();
  const specs = [
    {
      kind: 'runtime-deps', from: BASE_IMAGE, parentLabel: baseLabel, versionTag: net.runtime,
      versions: `runtime=${net.runtime}`,
      dockerfile: [
        `FROM ${BASE_IMAGE}`,
        '',
        'ENV \\',
        '    # UID of the non-root user \'app\'',
        `    APP_UID=${APP_UID} \\`,
        '    # Configure web servers to bind to port 8080 when present',
        '    ASPNETCORE_HTTP_PORTS=8080 \\',
        '    # Enable detection of running in a container',
        '    DOTNET_RUNNING_IN_CONTAINER=true',
        '',
        '# .NET\'s native dependencies are already in the base root filesystem (no network in builds here).',
        '# Create a non-root user and group',
        'RUN groupadd --gid=$APP_UID app \\',
        '    && useradd -l --uid=$APP_UID --gid=$APP_UID --create-home app',
      ],
      stage: () => {},
    },
    {
      kind: 'runtime', versionTag: net.runtime, versions: `runtime=${net.runtime}`,
      dockerfile: from => [
        `FROM ${from}`,
        '',
        '# .NET Runtime version',
        `ENV DOTNET_VERSION=${net.runtime}`,
        '',
        'COPY ["dotnet", "/usr/share/dotnet"]',
        '',
        'RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet',
      ],
      stage: dir => {
        for (const file of ['dotnet', 'LICENSE.txt', 'ThirdPartyNotices.txt']) linkTree(path.join(net.root, file), path.join(dir, 'dotnet', file), true);
        linkTree(path.join(net.root, 'host', 'fxr', net.hostFxr), path.join(dir, 'dotnet', 'host', 'fxr', net.hostFxr));
        linkTree(path.join(net.root, 'shared', 'Microsoft.NETCore.App', net.runtime), path.join(dir, 'dotnet', 'shared', 'Microsoft.NETCore.App', net.runtime));
      },
    },
    {
      kind: 'aspnet', versionTag: net.aspnet, versions: `runtime=${net.runtime};aspnet=${net.aspnet}`,
      dockerfile: from => [
        `FROM ${from}`,
        '',
        '# ASP.NET Core version',
        `ENV ASPNET_VERSION=${net.aspnet}`,
        '',
        'COPY ["Microsoft.AspNetCore.App", "/usr/share/dotnet/shared/Microsoft.AspNetCore.App"]',
      ],
      stage: dir => linkTree(path.join(net.root, 'shared', 'Microsoft.AspNetCore.App', net.aspnet), path.join(dir, 'Microsoft.AspNetCore.App', net.aspnet)),
    },
    {
      kind: 'sdk', versionTag: net.sdk, versions: `runtime=${net.runtime};aspnet=${net.aspnet};sdk=${net.sdk};tools=${rootfs.key}`,
      dockerfile: from => [
        `FROM ${from}`,
        '',
        'ENV \\',
        '    # Do not generate certificate',
        '    DOTNET_GENERATE_ASPNET_CERTIFICATE=false \\',
        '    # Do not show first run text',
        '    DOTNET_NOLOGO=true \\',
        '    # SDK version',
        `    DOTNET_SDK_VERSION=${net.sdk} \\`,
        '    # Enable correct mode for dotnet watch (only mode supported in a container)',
        '    DOTNET_USE_POLLING_FILE_WATCHER=true \\',
        '    # Skip extraction of XML docs - generally not useful within an image/container - helps performance',
        '    NUGET_XMLDOC_MODE=skip',
        '',
        '# curl git libatomic1 wget, installed from Debian when the root filesystem was cached (no apt in builds here)',
        'ADD sdk-tools.tar /',
        '',
        'COPY ["dotnet", "/usr/share/dotnet"]',
        '',
        'RUN ln -s /usr/share/dotnet/dnx /usr/bin/dnx \\',
        '    # Trigger first run experience by running arbitrary cmd',
        '    && dotnet help',
        ...machineCertificates.dockerfile,
      ],
      stage: dir => {
        machineCertificates.stage(dir);
        fs.copyFileSync(rootfs.sdkToolsTar, path.join(dir, 'sdk-tools.tar'));
        for (const entry of ['packs', 'sdk', 'sdk-manifests', 'templates', 'dnx', 'LICENSE.txt', 'ThirdPartyNotices.txt']) {
          const source = path.join(net.root, entry);
          if (entry === 'sdk') linkTree(path.join(source, net.sdk), path.join(dir, 'dotnet', 'sdk', net.sdk));
          else if (fs.existsSync(source)) linkTree(source, path.join(dir, 'dotnet', entry));
        }
      },
    },
  ];

  let parent = { name: BASE_IMAGE, label: baseLabel };
  const tags = [];
  for (const spec of specs) {
    const name = `${repo(spec.kind)}:${mm}`;
    const versionName = `${repo(spec.kind)}:${spec.versionTag}`;
    const dockerfile = (typeof spec.dockerfile === 'function' ? spec.dockerfile(parent.name) : spec.dockerfile).join('\n') + '\n';
    const key = hash([IMAGE_RECIPE, parent.label, dockerfile]);
    const label = `${spec.kind};${spec.versions};key=${key}`;
    if (await labelOf(docker, name) === label) {
      if (await labelOf(docker, versionName) !== label) await docker(['tag', name, versionName]);
    } else {
      const t0 = Date.now();
      log(`stand-ins: building ${name} (${spec.versions})`);
      const context = fs.mkdtempSync(path.join(os.tmpdir(), `dc-standin-${spec.kind}-`));
      try {
        spec.stage(context);
        // No network for RUN: nothing here may download, and `dotnet help` must not phone home.
        await docker(['build', '--network', 'none', '--label', `${LABEL}=${label}`, '-t', name, '-t', versionName, '-f', '-', context],
          { input: dockerfile, timeoutMs: 20 * 60_000 });
      } finally {
        fs.rmSync(context, { recursive: true, force: true });
      }
      log(`stand-ins: built ${name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    tags.push(name, versionName);
    parent = { name, label };
  }

  log(`stand-ins: .NET ${mm} images ready (sdk ${net.sdk}, runtime ${net.runtime}, aspnet ${net.aspnet}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    dotnetVersion: mm,
    images: ['sdk', 'aspnet', 'runtime', 'runtime-deps'].map(kind => `${repo(kind)}:${mm}`),
    tags,
    versions: { sdk: net.sdk, runtime: net.runtime, aspnet: net.aspnet },
    dotnetRoot: net.root,
  };
}

// ---- the machine's own certificate authorities ------------------------------------------------------

const EXTRA_CA_DIR = '/usr/local/share/ca-certificates';

/**
 * The machine reaches NuGet only through an egress proxy that signs with its own CA (in EXTRA_CA_DIR).
 * A company network behind a TLS-inspecting proxy has the same need: the sdk image must trust that CA
 * for `dotnet restore` to reach the feed. The certificates' hashes are in the Dockerfile text, so the
 * image is rebuilt when they change.
 */
function extraCertificates() {
  const files = safeReaddir(EXTRA_CA_DIR).filter(name => name.endsWith('.crt')).sort();
  if (!files.length) return { dockerfile: [], stage: () => {} };
  const digests = files.map(name => `${name}=${hash([fs.readFileSync(path.join(EXTRA_CA_DIR, name), 'utf8')])}`);
  return {
    dockerfile: [
      '',
      `# This machine's own certificate authorities (${digests.join(', ')}), so restore can reach its NuGet mirror`,
      'COPY ["extra-ca/", "/usr/local/share/ca-certificates/"]',
      'RUN update-ca-certificates',
    ],
    stage: dir => {
      fs.mkdirSync(path.join(dir, 'extra-ca'));
      for (const name of files) fs.copyFileSync(path.join(EXTRA_CA_DIR, name), path.join(dir, 'extra-ca', name));
    },
  };
}

// ---- the machine's .NET -----------------------------------------------------------------------------

/** The newest SDK and the newest runtimes of the same major.minor, all from one dotnet root. */
async function detectDotnet(dotnet) {
  let sdks;
  let runtimes;
  try {
    sdks = (await run(dotnet, ['--list-sdks'])).stdout;
    runtimes = (await run(dotnet, ['--list-runtimes'])).stdout;
  } catch (error) {
    throw new Error(`no usable .NET SDK (${dotnet}): ${error.message.split('\n')[0]}`);
  }
  const parse = text => text.split('\n').map(line => /^(\S+)\s+(\S+)\s+\[(.+)\]$/.exec(line.trim())).filter(Boolean);
  const sdkList = sdks.split('\n').map(line => /^(\S+)\s+\[(.+)\]$/.exec(line.trim())).filter(Boolean)
    .map(m => ({ version: m[1], root: path.dirname(m[2]) }));
  if (!sdkList.length) throw new Error(`\`${dotnet} --list-sdks\` lists no SDK`);
  const sdk = sdkList.sort((a, b) => compareVersions(b.version, a.version))[0];
  const majorMinor = sdk.version.split('.').slice(0, 2).join('.');
  const newest = framework => parse(runtimes)
    .filter(m => m[1] === framework && m[2].startsWith(majorMinor + '.') && path.dirname(path.dirname(m[3])) === sdk.root)
    .map(m => m[2]).sort((a, b) => compareVersions(b, a))[0];
  const runtime = newest('Microsoft.NETCore.App');
  const aspnet = newest('Microsoft.AspNetCore.App');
  if (!runtime || !aspnet) throw new Error(`.NET ${majorMinor}: need Microsoft.NETCore.App and Microsoft.AspNetCore.App ${majorMinor}.x next to SDK ${sdk.version} in ${sdk.root}`);
  const fxrDir = path.join(sdk.root, 'host', 'fxr');
  const fxrs = safeReaddir(fxrDir).sort((a, b) => compareVersions(b, a));
  const hostFxr = fxrs.includes(runtime) ? runtime : fxrs[0];
  if (!hostFxr) throw new Error(`no hostfxr in ${fxrDir}`);
  return { root: sdk.root, sdk: sdk.version, runtime, aspnet, hostFxr, majorMinor };
}

/** Numeric compare of dotted versions; a prerelease (`-preview…`) sorts before its release. */
function compareVersions(a, b) {
  const [coreA, preA] = a.split('-', 2);
  const [coreB, preB] = b.split('-', 2);
  const pa = coreA.split('.').map(Number);
  const pb = coreB.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  if (preA === preB) return 0;
  if (!preA) return 1;
  if (!preB) return -1;
  return preA.localeCompare(preB, 'en', { numeric: true });
}

// ---- the Debian root filesystem -----------------------------------------------------------------------

/**
 * Two cached tarballs: the slim minbase root filesystem with .NET's native deps, and the files that
 * `apt-get install curl git libatomic1 wget` adds to it (the sdk image's extra layer).
 */
async function ensureRootfs({ cacheDir, log }) {
  const key = hash([ROOTFS_RECIPE, SUITE, DEPS_PACKAGES, SDK_PACKAGES, SLIM_DPKG, APT_CLEAN]);
  const dir = path.join(cacheDir, 'standin-rootfs', `${SUITE}-${key}`);
  const result = { key, rootfsTar: path.join(dir, 'rootfs.tar'), sdkToolsTar: path.join(dir, 'sdk-tools.tar') };
  if (fs.existsSync(path.join(dir, '.complete'))) return result;

  if (process.getuid?.() !== 0) throw new Error('building the stand-in root filesystem needs root (debootstrap, chroot)');
  for (const tool of ['/usr/sbin/debootstrap', '/usr/sbin/chroot']) {
    if (!isExecutable(tool)) throw new Error(`${tool} not found: install Debian's debootstrap (scripts/provision.sh)`);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // Work next to the cache (same filesystem: the final rename is atomic even if another run races us).
  const work = fs.mkdtempSync(path.join(path.dirname(dir), `.work-${SUITE}-`));
  const base = path.join(work, 'base');
  const tools = path.join(work, 'tools');
  const t0 = Date.now();
  try {
    log(`stand-ins: debootstrap --variant=minbase ${SUITE} from ${MIRROR} (about a minute, once)`);
    await run('/usr/sbin/debootstrap', ['--variant=minbase', `--include=${DEPS_PACKAGES.join(',')}`, SUITE, base, MIRROR],
      { timeoutMs: 30 * 60_000 });
    writeSlimConfig(base);

    // The sdk image's apt layer: install into a copy, then keep only what changed.
    await run('cp', ['-a', base, tools]);
    await run('/usr/sbin/chroot', [tools, 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...SDK_PACKAGES], {
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', DEBIAN_FRONTEND: 'noninteractive', LANG: 'C.UTF-8' },
      timeoutMs: 30 * 60_000,
    });
    slim(base);
    slim(tools);

    const partial = path.join(work, 'out');
    fs.mkdirSync(partial);
    await run('tar', ['--create', '--file', path.join(partial, 'rootfs.tar'), '--numeric-owner', '-C', base,
      '--exclude=./dev/*', '--exclude=./proc/*', '--exclude=./sys/*', '.']);
    const { changed, removed } = diffTrees(base, tools);
    if (removed.length) log(`stand-ins: apt removed ${removed.length} file(s) the sdk layer cannot delete (first: ${removed[0]})`);
    const list = path.join(work, 'sdk-tools.list');
    fs.writeFileSync(list, changed.map(p => `./${p}\0`).join(''));
    await run('tar', ['--create', '--file', path.join(partial, 'sdk-tools.tar'), '--numeric-owner', '--no-recursion', '-C', tools,
      '--null', '--files-from', list]);
    fs.writeFileSync(path.join(partial, '.complete'), JSON.stringify({ suite: SUITE, mirror: MIRROR, deps: DEPS_PACKAGES, sdk: SDK_PACKAGES, created: new Date().toISOString() }) + '\n');
    try {
      fs.renameSync(partial, dir);
    } catch (error) {
      if (!fs.existsSync(path.join(dir, '.complete'))) throw error; // a racing run finished first: use theirs
    }
    log(`stand-ins: cached the ${SUITE} root filesystem in ${dir} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return result;
  } finally {
    await unmountUnder(work); // debootstrap mounts /proc and /sys in the target; never rm -rf through them
    fs.rmSync(work, { recursive: true, force: true, maxRetries: 3 });
  }
}

// Like the official debian:*-slim images: no docs, man pages or translations; apt keeps no caches.
const SLIM_DPKG = [
  'path-exclude /usr/share/doc/*',
  'path-include /usr/share/doc/*/copyright',
  'path-exclude /usr/share/groff/*',
  'path-exclude /usr/share/info/*',
  'path-exclude /usr/share/linda/*',
  'path-exclude /usr/share/lintian/overrides/*',
  'path-exclude /usr/share/locale/*',
  'path-exclude /usr/share/man/*',
].join('\n') + '\n';
const APT_CLEAN = [
  'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
  'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
  'Dir::Cache::pkgcache "";',
  'Dir::Cache::srcpkgcache "";',
].join('\n') + '\n';

function writeSlimConfig(root) {
  fs.writeFileSync(path.join(root, 'etc/dpkg/dpkg.cfg.d/docker'), SLIM_DPKG);
  fs.writeFileSync(path.join(root, 'etc/apt/apt.conf.d/docker-clean'), APT_CLEAN);
  // The official image's deb822 sources (with updates and security), instead of debootstrap's one-liner.
  fs.rmSync(path.join(root, 'etc/apt/sources.list'), { force: true });
  fs.writeFileSync(path.join(root, 'etc/apt/sources.list.d/debian.sources'), [
    'Types: deb', `URIs: ${MIRROR}`, `Suites: ${SUITE} ${SUITE}-updates`, 'Components: main',
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg', '',
    'Types: deb', 'URIs: http://deb.debian.org/debian-security', `Suites: ${SUITE}-security`, 'Components: main',
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg', '',
  ].join('\n'));
}

/** Removes what debian:*-slim does not ship and what the engine provides per container (resolv.conf, hostname). */
function slim(root) {
  const emptyDir = relative => {
    for (const entry of safeReaddir(path.join(root, relative))) fs.rmSync(path.join(root, relative, entry), { recursive: true, force: true });
  };
  for (const dir of ['usr/share/doc']) {
    for (const pkg of safeReaddir(path.join(root, dir))) {
      const pkgDir = path.join(root, dir, pkg);
      if (!fs.lstatSync(pkgDir).isDirectory()) { fs.rmSync(pkgDir, { force: true }); continue; }
      for (const entry of safeReaddir(pkgDir)) if (entry !== 'copyright') fs.rmSync(path.join(pkgDir, entry), { recursive: true, force: true });
    }
  }
  for (const dir of ['usr/share/man', 'usr/share/info', 'usr/share/groff', 'usr/share/locale', 'usr/share/lintian/overrides',
    'var/cache/apt/archives/partial', 'var/lib/apt/lists/partial', 'var/log/apt']) emptyDir(dir);
  for (const entry of safeReaddir(path.join(root, 'var/lib/apt/lists'))) {
    if (entry !== 'partial' && entry !== 'lock') fs.rmSync(path.join(root, 'var/lib/apt/lists', entry), { recursive: true, force: true });
  }
  for (const entry of safeReaddir(path.join(root, 'var/cache/apt'))) if (entry.endsWith('.bin')) fs.rmSync(path.join(root, 'var/cache/apt', entry), { force: true });
  for (const entry of safeReaddir(path.join(root, 'var/cache/apt/archives'))) if (entry.endsWith('.deb')) fs.rmSync(path.join(root, 'var/cache/apt/archives', entry), { force: true });
  for (const entry of safeReaddir(path.join(root, 'var/cache/debconf'))) if (entry.endsWith('-old')) fs.rmSync(path.join(root, 'var/cache/debconf', entry), { force: true });
  for (const file of ['var/log/dpkg.log', 'var/log/alternatives.log', 'var/log/bootstrap.log', 'etc/resolv.conf', 'etc/hostname']) {
    fs.rmSync(path.join(root, file), { force: true });
  }
}

/** Paths (relative, parents first) that are new or different in `after`, and those gone from `before`. */
function diffTrees(before, after) {
  const changed = [];
  const seen = new Set();
  const walk = relative => {
    for (const entry of safeReaddir(path.join(after, relative)).sort()) {
      const rel = relative ? `${relative}/${entry}` : entry;
      if (rel === 'dev' || rel === 'proc' || rel === 'sys') continue;
      seen.add(rel);
      const a = fs.lstatSync(path.join(after, rel));
      let b = null;
      try { b = fs.lstatSync(path.join(before, rel)); } catch { /* new */ }
      const differs = !b || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid
        || (!a.isDirectory() && (a.size !== b.size || Math.floor(a.mtimeMs) !== Math.floor(b.mtimeMs)))
        || (a.isSymbolicLink() && fs.readlinkSync(path.join(after, rel)) !== fs.readlinkSync(path.join(before, rel)));
      // A changed directory's own entry carries no content; its new children are listed themselves.
      if (differs || (a.isDirectory() && !b)) changed.push(rel);
      if (a.isDirectory()) walk(rel);
    }
  };
  walk('');
  const removed = [];
  const walkBefore = relative => {
    for (const entry of safeReaddir(path.join(before, relative))) {
      const rel = relative ? `${relative}/${entry}` : entry;
      if (rel === 'dev' || rel === 'proc' || rel === 'sys') continue;
      if (!seen.has(rel)) { removed.push(rel); continue; }
      if (fs.lstatSync(path.join(before, rel)).isDirectory()) walkBefore(rel);
    }
  };
  walkBefore('');
  return { changed, removed };
}

// ---- build contexts ---------------------------------------------------------------------------------

/** Mirrors a file or tree into a build context with hard links (no copying gigabytes), or copies across filesystems. */
function linkTree(source, target, optional = false) {
  let stat;
  try { stat = fs.lstatSync(source); } catch (error) { if (optional) return; throw error; }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (stat.isDirectory()) {
    fs.mkdirSync(target, { recursive: true, mode: stat.mode & 0o7777 });
    fs.chmodSync(target, stat.mode & 0o7777);
    for (const entry of fs.readdirSync(source)) linkTree(path.join(source, entry), path.join(target, entry));
  } else if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(source), target);
  } else {
    try { fs.linkSync(source, target); } catch (error) {
      if (!['EXDEV', 'EPERM', 'EMLINK'].includes(error.code)) throw error;
      fs.copyFileSync(source, target);
      fs.chmodSync(target, stat.mode & 0o7777);
    }
  }
}

async function labelOf(docker, image) {
  try {
    const { stdout } = await docker(['image', 'inspect', '--format', '{{json .Config.Labels}}', image]);
    return (JSON.parse(stdout.trim() || 'null') ?? {})[LABEL] ?? null;
  } catch {
    return null; // no such image
  }
}

// ---- small helpers --------------------------------------------------------------------------------

/** Runs a program with an argv array (never a shell); rejects with its output's tail on failure. */
function run(file, args, { env = process.env, input, timeoutMs = 10 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', chunk => { stdout = keepTail(stdout + chunk); });
    child.stderr.on('data', chunk => { stderr = keepTail(stderr + chunk); });
    child.on('error', error => { clearTimeout(timer); reject(new Error(`${file}: ${error.message}`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ stdout, stderr });
      const tail = (stderr.trim() || stdout.trim()).split('\n').slice(-12).join('\n');
      reject(new Error(`${path.basename(file)} ${args.slice(0, 3).join(' ')}… exited ${code ?? signal}: ${tail}`));
    });
    // A client that fails before reading its stdin closes the pipe: the exit code above tells why.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

const keepTail = text => (text.length > 1_000_000 ? text.slice(-1_000_000) : text);

async function unmountUnder(dir) {
  const points = readText('/proc/self/mountinfo').split('\n')
    .map(line => line.split(' ')[4])
    .filter(Boolean)
    .map(p => p.replace(/\\([0-7]{3})/g, (_, oct) => String.fromCharCode(parseInt(oct, 8))))
    .filter(p => p === dir || p.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
  for (const point of points) await run('umount', ['-l', point]).catch(() => {});
}

function hash(value) {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

function isExecutable(file) {
  try { fs.accessSync(file, fs.constants.X_OK); return true; } catch { return false; }
}

function readText(file) {
  try { return fs.readFileSync(file, 'utf8'); } catch { return ''; }
}

function safeReaddir(dir) {
  try { return fs.readdirSync(dir); } catch { return []; }
}

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { startCliReleaseMetadata } from '../../../src/cli/releaseMetadata';
import { planGeneration } from '../../../src/core/generate/planGeneration';
import { bundledReleaseIndex } from '../../../src/core/images/bundledReleaseIndex';
import { defaultVariant, imageFor } from '../../../src/core/images/dotnetCatalog';
import { supportStatus } from '../../../src/core/images/imageSupportStatus';
import { onReleaseFactsChanged, releaseFactsSource, supportedVersions, useBundledReleaseFacts, versionInfo } from '../../../src/core/images/dotnetSupport';
import { parseReleaseIndex, parseReleaseIndexText } from '../../../src/core/images/releaseIndex';
import {
  applyCachedReleaseMetadata, cliReleaseMetadataCacheFile, cliReleaseMetadataUrl, defaultReleaseMetadataUrl, refreshReleaseMetadata, ReleaseMetadataOptions,
  startReleaseMetadata,
} from '../../../src/core/images/releaseMetadata';
import { lintDockerfile } from '../../../src/core/lint/lintDockerfile';
import { csproj, removeTree, writeTree } from '../../support/fileTree';

const mcr = 'mcr.microsoft.com/dotnet';
const now = new Date('2026-12-04T10:00:00Z');
const hours = (n: number) => new Date(now.getTime() - n * 60 * 60 * 1000).toISOString();

/** A channel in the official releases-index.json format, with every field the schema requires. */
function channel(version: string, fields: { phase: string; type: string; eol?: string; latest?: string; latestDate?: string; product?: string }) {
  const latest = fields.latest ?? `${version}.0`;
  return {
    'channel-version': version,
    'latest-release': latest,
    'latest-release-date': fields.latestDate ?? '2026-11-10',
    security: false,
    'latest-runtime': latest,
    'latest-sdk': latest.replace(/^(\d+\.\d+)\.\d+/, '$1.100'),
    product: fields.product ?? '.NET',
    'support-phase': fields.phase,
    ...(fields.eol ? { 'eol-date': fields.eol } : {}),
    'release-type': fields.type,
    'releases.json': `https://builds.dotnet.microsoft.com/dotnet/release-metadata/${version}/releases.json`,
  };
}

const net11 = channel('11.0', { phase: 'active', type: 'sts', eol: '2028-11-14' });
const net10 = channel('10.0', { phase: 'active', type: 'lts', eol: '2028-11-14', latest: '10.0.13' });
const index = (...channels: unknown[]) => JSON.stringify({ $schema: 'https://json.schemastore.org/dotnet-releases-index.json', 'releases-index': channels });
/** .NET 12 in preview (a year from now). */
const net12Preview = index(channel('12.0', { phase: 'preview', type: 'lts', latest: '12.0.0-preview.3', latestDate: '2027-04-13' }), net11, net10);
/** .NET 12 GA, its first release the GA one. */
const net12Ga = index(channel('12.0', { phase: 'active', type: 'lts', eol: '2030-11-12', latestDate: '2027-11-09' }), net11, net10);

/** A loopback server that answers every GET with `body()` (status 200 unless `status()` says otherwise) and counts the requests. */
class FixtureServer {
  body: () => string | Buffer = () => net12Preview;
  status = 200;
  hits = 0;
  private readonly server = http.createServer((request, response) => {
    this.hits++;
    const body = this.body();
    response.writeHead(this.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
  });

  async start(): Promise<string> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/dotnet/release-metadata/releases-index.json`;
  }

  stop(): Promise<void> {
    return new Promise(resolve => this.server.close(() => resolve()));
  }
}

describe('release metadata', () => {
  let server: FixtureServer;
  let url: string;
  let dir: string;
  let notes: string[];
  let options: ReleaseMetadataOptions;

  beforeEach(async () => {
    server = new FixtureServer();
    url = await server.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc release metadata '));
    notes = [];
    options = { url, cacheFile: path.join(dir, 'cache', 'release-metadata.json'), now: () => now, note: text => notes.push(text), timeoutMs: 5000 };
  });
  afterEach(async () => {
    // The facts are process-wide: the next test (of any file) starts from the bundled ones.
    useBundledReleaseFacts();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('the bundled snapshot', () => {
    it('is a valid releases-index and says .NET 11 is GA, STS, until 2028-11-14', () => {
      const parsed = parseReleaseIndex(bundledReleaseIndex);
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.skipped, []);
      assert.deepEqual(releaseFactsSource().kind, 'bundled');
      const info = versionInfo('11.0');
      assert.equal(info?.preview, false);
      assert.equal(info?.support, 'STS');
      assert.equal(info?.ga, '2026-11-10');
      assert.equal(info?.endOfSupport, '2028-11-14');
    });

    it('gives a net11.0 web project the GA tags, not the preview ones', () => {
      const root = writeTree({ 'Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net11.0' }) });
      try {
        const plan = planGeneration(path.join(root, 'Web/Web.csproj'), { now });
        assert.ok(plan.ok, plan.ok ? '' : plan.message);
        assert.equal(plan.generated.images.sdk.image, `${mcr}/sdk:11.0`);
        assert.equal(plan.generated.images.runtime.image, `${mcr}/aspnet:11.0`);
        assert.doesNotMatch(plan.dockerfile.content, /preview/);
      } finally {
        removeTree(root);
      }
    });

    it('reports 11.0-preview tags as stale since GA, with the GA tag as the fix', () => {
      const findings = lint('FROM mcr.microsoft.com/dotnet/aspnet:11.0-preview-resolute-chiseled\nENTRYPOINT ["dotnet", "App.dll"]\n', now);
      const stale = findings.find(f => f.rule === 'dotnet/stale-tag');
      assert.ok(stale, JSON.stringify(findings));
      assert.match(stale.message, /since 2026-11.*preview tags stop at GA/);
      assert.equal(stale.fixes[0]?.title, 'Use aspnet:11.0-resolute-chiseled');
    });
  });

  describe('a new version going from preview to GA', () => {
    it('a net12.0 project is refused with a clear message while nothing knows .NET 12, never given a made-up tag', () => {
      assert.equal(versionInfo('12.0'), undefined);
      const status = supportStatus('net12.0', now);
      assert.equal(status.status, 'unknown');
      assert.match(status.status === 'unknown' ? status.reason : '', /12\.0 is newer than any \.NET version known .* \(the newest is 11\.0\)/);
      const plan = planNet12();
      assert.equal(plan.ok, false);
      assert.match(plan.ok ? '' : plan.message, /12\.0/);
      assert.doesNotMatch(plan.ok ? '' : plan.message, /sdk:12|aspnet:12/);
      // The linter says the 11.0 images cannot build or run it, and offers no tag it would have to make up.
      const root = writeTree({
        'Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net12.0' }),
        'Web/Dockerfile': 'FROM mcr.microsoft.com/dotnet/sdk:11.0 AS build\nWORKDIR /src\nCOPY Web/Web.csproj Web/\nRUN dotnet restore Web/Web.csproj\nCOPY . .\n'
          + 'RUN dotnet publish Web/Web.csproj -o /app\nFROM mcr.microsoft.com/dotnet/aspnet:11.0\nCOPY --from=build /app .\nENTRYPOINT ["dotnet", "Web.dll"]\n',
        '.dockerignore': '**/bin/\n**/obj/\n',
      });
      try {
        const dockerfilePath = path.join(root, 'Web/Dockerfile');
        const findings = lintDockerfile(fs.readFileSync(dockerfilePath, 'utf8'), { now, dockerfilePath, contextDirectory: root, genericChecks: false }).findings;
        const mismatches = findings.filter(f => f.rule === 'dotnet/tfm-mismatch');
        assert.equal(mismatches.length, 2, JSON.stringify(findings));
        for (const finding of mismatches) {
          assert.match(finding.message, /net12\.0/);
          assert.deepEqual(finding.fixes, []);
        }
      } finally {
        removeTree(root);
      }
    });

    it('a release candidate (go-live) is still not GA, but its floating tags have no -preview', async () => {
      server.body = () => index(channel('12.0', { phase: 'go-live', type: 'lts', latest: '12.0.0-rc.1', latestDate: '2027-09-14' }), net11);
      assert.equal((await refreshReleaseMetadata(options)).kind, 'updated');
      assert.equal(versionInfo('12.0')?.preview, true);
      assert.equal(imageFor({ repo: 'aspnet', version: '12.0' }), `${mcr}/aspnet:12.0`);
      assert.equal(supportedVersions(new Date('2027-10-01T00:00:00Z'))[0]?.version, '11.0');
    });

    it('a preview channel becomes known with the OS set of 11.0 and preview tags; at GA the tags lose -preview', async () => {
      server.body = () => net12Preview;
      assert.deepEqual(await refreshReleaseMetadata(options), { kind: 'updated', skipped: [] });
      assert.equal(versionInfo('12.0')?.preview, true);
      assert.equal(defaultVariant('12.0'), 'resolute');
      assert.equal(imageFor({ repo: 'aspnet', version: 'net12.0', variant: 'resolute-chiseled' }), `${mcr}/aspnet:12.0-preview-resolute-chiseled`);
      // OS releases no longer updated for 11.0 are not carried over.
      assert.equal(imageFor({ repo: 'sdk', version: '12.0' }), `${mcr}/sdk:12.0-preview`);
      assert.equal(supportStatus(`${mcr}/sdk:12.0-preview-azurelinux3.0`, now).status, 'unknown');
      let plan = planNet12();
      assert.ok(plan.ok, plan.ok ? '' : plan.message);
      assert.equal(plan.generated.images.sdk.image, `${mcr}/sdk:12.0-preview`);
      assert.equal(plan.generated.images.runtime.image, `${mcr}/aspnet:12.0-preview`);
      // Supported versions stay GA only.
      assert.equal(supportedVersions(now)[0]?.version, '11.0');
      const before = lint('FROM mcr.microsoft.com/dotnet/aspnet:12.0-preview\nENTRYPOINT ["dotnet", "App.dll"]\n', now);
      assert.equal(before.find(f => f.rule === 'dotnet/stale-tag'), undefined);

      server.body = () => net12Ga;
      assert.equal((await refreshReleaseMetadata(options)).kind, 'updated');
      assert.equal(versionInfo('12.0')?.preview, false);
      assert.equal(versionInfo('12.0')?.ga, '2027-11-09');
      plan = planNet12();
      assert.ok(plan.ok);
      assert.equal(plan.generated.images.sdk.image, `${mcr}/sdk:12.0`);
      assert.equal(plan.generated.images.runtime.image, `${mcr}/aspnet:12.0`);
      const after = lint('FROM mcr.microsoft.com/dotnet/aspnet:12.0-preview\nENTRYPOINT ["dotnet", "App.dll"]\n', new Date('2027-12-01T00:00:00Z'));
      const stale = after.find(f => f.rule === 'dotnet/stale-tag');
      assert.ok(stale, JSON.stringify(after));
      assert.equal(stale.fixes[0]?.title, 'Use aspnet:12.0');
    });

    it('tells listeners (the re-lint) when the facts change, and only then', async () => {
      let calls = 0;
      const unsubscribe = onReleaseFactsChanged(() => calls++);
      try {
        await refreshReleaseMetadata(options);
        assert.equal(calls, 1);
        await refreshReleaseMetadata(options);
        assert.equal(calls, 1);
      } finally {
        unsubscribe();
      }
    });
  });

  describe('a version going out of support', () => {
    const dockerfile = 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nFROM mcr.microsoft.com/dotnet/aspnet:10.0\nENTRYPOINT ["dotnet", "App.dll"]\n';

    it('the eol rule fires from the end-of-support day the metadata gives', async () => {
      assert.equal(lint(dockerfile, now).filter(f => f.rule === 'dotnet/eol').length, 0);
      server.body = () => index(net11, channel('10.0', { phase: 'eol', type: 'lts', eol: '2026-12-01', latest: '10.0.13' }));
      assert.equal((await refreshReleaseMetadata(options)).kind, 'updated');
      assert.equal(lint(dockerfile, new Date('2026-11-30T23:00:00Z')).filter(f => f.rule === 'dotnet/eol').length, 0);
      const eol = lint(dockerfile, now).filter(f => f.rule === 'dotnet/eol');
      assert.equal(eol.length, 2);
      assert.match(eol[0]!.message, /\.NET 10\.0 reached end of support on 2026-12-01.*Move to \.NET 11\.0/);
    });
  });

  describe('what cannot be used', () => {
    it('an unreachable server: the bundled facts, a quiet note, no throw', async () => {
      await server.stop();
      server = new FixtureServer();
      await server.start(); // a fresh one for afterEach to stop; the URL's port is closed now
      const outcome = await refreshReleaseMetadata(options);
      assert.equal(outcome.kind, 'failed');
      assert.equal(notes.length, 1);
      assert.match(notes[0]!, /release metadata: http:\/\/127\.0\.0\.1:\d+\/.* was not used \(.*connection refused.*\); using the bundled facts of 2026-12-04/);
      assert.equal(releaseFactsSource().kind, 'bundled');
      assert.equal(versionInfo('11.0')?.ga, '2026-11-10');
    });

    const refused: Array<[string, () => string | Buffer, RegExp]> = [
      ['malformed JSON', () => '{"releases-index": [', /not valid JSON/],
      ['a JSON array', () => '[]', /not a JSON object/],
      ['no releases-index', () => JSON.stringify({ releases: [] }), /no "releases-index" array/],
      ['channels of the wrong shape', () => index({ 'channel-version': 11, 'support-phase': 'active' }, channel('10.0', { phase: 'retired', type: 'lts' }), 'x'), /no usable channel/],
      ['an oversize document', () => index(net11, { padding: 'x'.repeat(1100 * 1024) }), /larger than 1024 KiB/],
      ['HTML from a captive portal', () => '<html>Sign in</html>', /not valid JSON/],
    ];
    for (const [name, body, reason] of refused) {
      it(`${name}: refused, the facts and the cached copy kept`, async () => {
        server.body = () => net12Preview;
        await refreshReleaseMetadata(options);
        assert.equal(versionInfo('12.0')?.preview, true);
        server.body = body;
        const outcome = await refreshReleaseMetadata({ ...options, now: () => new Date(now.getTime() + 2 * 24 * 3600e3) });
        assert.equal(outcome.kind, 'failed');
        assert.match(outcome.kind === 'failed' ? outcome.message : '', reason);
        assert.match(notes.at(-1)!, /was not used/);
        assert.equal(versionInfo('12.0')?.preview, true);
        useBundledReleaseFacts();
        applyCachedReleaseMetadata(options);
        assert.equal(versionInfo('12.0')?.preview, true, 'the cache still holds the good copy');
      });
    }

    it('an HTTP error status is refused', async () => {
      server.status = 503;
      const outcome = await refreshReleaseMetadata(options);
      assert.deepEqual(outcome, { kind: 'failed', message: `HTTP 503 from ${new URL(url).host}/dotnet/release-metadata/releases-index.json` });
    });

    it('never removes what the bundled facts know: a stale copy listing 10.0 as a preview and no 11.0', async () => {
      server.body = () => index(channel('10.0', { phase: 'preview', type: 'lts', latest: '10.0.0-preview.3' }), channel('9.0', { phase: 'active', type: 'sts' }));
      assert.equal((await refreshReleaseMetadata(options)).kind, 'updated');
      assert.equal(versionInfo('10.0')?.preview, false);
      assert.equal(versionInfo('10.0')?.endOfSupport, '2028-11-14');
      assert.equal(versionInfo('9.0')?.endOfSupport, '2026-11-10');
      assert.equal(versionInfo('11.0')?.preview, false);
      assert.equal(imageFor({ repo: 'aspnet', version: '10.0' }), `${mcr}/aspnet:10.0`);
    });

    it('keeps the good channels of a partly bad document and says which were left out', async () => {
      server.body = () => index(channel('12.0', { phase: 'preview', type: 'lts', latest: '12.0.0-preview.1' }), channel('10.0', { phase: 'active', type: 'lts', eol: '2028-02-30' }), channel('99.0', { phase: 'preview', type: 'sts', latest: '99.0.0-preview.1' }));
      const outcome = await refreshReleaseMetadata(options);
      assert.equal(outcome.kind, 'updated');
      assert.equal(versionInfo('12.0')?.preview, true);
      assert.equal(versionInfo('99.0'), undefined);
      assert.equal(versionInfo('10.0')?.endOfSupport, '2028-11-14');
      assert.match(notes.join('\n'), /left out channel 10\.0: "eol-date" is not a YYYY-MM-DD day; channel 99\.0: more than one major version past/);
    });

    it('checks sizes before parsing', () => {
      assert.match(JSON.stringify(parseReleaseIndexText(Buffer.alloc(2 * 1024 * 1024, 32))), /larger than/);
    });
  });

  describe('the day cache', () => {
    const writeCache = (record: unknown) => {
      fs.mkdirSync(path.dirname(options.cacheFile!), { recursive: true });
      fs.writeFileSync(options.cacheFile!, typeof record === 'string' ? record : JSON.stringify(record));
    };

    it('a fresh cache is used at once and not fetched again', async () => {
      writeCache({ format: 1, url, fetchedAt: hours(3), document: JSON.parse(net12Preview) });
      const started = startReleaseMetadata(options);
      assert.equal(versionInfo('12.0')?.preview, true, 'applied synchronously');
      assert.deepEqual(await started.refreshed, { kind: 'not-due' });
      assert.equal(server.hits, 0);
      assert.equal(releaseFactsSource().kind, 'cache');
    });

    it('a stale cache is used at once, then fetched again in the background and replaced', async () => {
      writeCache({ format: 1, url, fetchedAt: hours(25), document: JSON.parse(net12Preview) });
      server.body = () => net12Ga;
      const started = startReleaseMetadata(options);
      assert.equal(versionInfo('12.0')?.preview, true, 'the cached facts while the fetch runs');
      assert.equal((await started.refreshed).kind, 'updated');
      assert.equal(server.hits, 1);
      assert.equal(versionInfo('12.0')?.preview, false);
      const cached = JSON.parse(fs.readFileSync(options.cacheFile!, 'utf8'));
      assert.equal(cached.fetchedAt, now.toISOString());
      assert.equal(cached.url, url);
    });

    it('a cache for another URL is not used', async () => {
      writeCache({ format: 1, url: 'http://127.0.0.1:1/other.json', fetchedAt: hours(1), document: JSON.parse(net12Preview) });
      server.body = () => index(net11);
      const started = startReleaseMetadata(options);
      assert.equal(versionInfo('12.0'), undefined);
      assert.equal((await started.refreshed).kind, 'updated');
      assert.equal(server.hits, 1);
    });

    for (const [name, content] of [['not JSON', '{"format": 1, "url'], ['of another shape', '[1, 2]'], ['with a refused document', { format: 1, url, fetchedAt: hours(1), document: { 'releases-index': 'no' } }]] as const) {
      it(`a corrupt cache (${name}) is ignored with a note and fetched again`, async () => {
        writeCache(content);
        const started = startReleaseMetadata(options);
        assert.equal(releaseFactsSource().kind, 'bundled');
        assert.match(notes.join('\n'), /cache|cached copy/);
        assert.equal((await started.refreshed).kind, 'updated');
        assert.equal(server.hits, 1);
        assert.equal(JSON.parse(fs.readFileSync(options.cacheFile!, 'utf8')).url, url);
      });
    }

    it('after a failed attempt, waits an hour before the next', async () => {
      server.status = 500;
      assert.equal((await startReleaseMetadata(options).refreshed).kind, 'failed');
      server.status = 200;
      assert.deepEqual(await startReleaseMetadata({ ...options, now: () => new Date(now.getTime() + 30 * 60e3) }).refreshed, { kind: 'not-due' });
      assert.equal((await startReleaseMetadata({ ...options, now: () => new Date(now.getTime() + 61 * 60e3) }).refreshed).kind, 'updated');
      assert.equal(server.hits, 2);
    });

    it('an empty URL is offline: bundled facts, no request, no note', async () => {
      writeCache({ format: 1, url, fetchedAt: hours(1), document: JSON.parse(net12Preview) });
      const started = startReleaseMetadata({ ...options, url: '' });
      assert.deepEqual(await started.refreshed, { kind: 'offline' });
      assert.equal(versionInfo('12.0'), undefined);
      assert.equal(server.hits, 0);
      assert.deepEqual(notes, []);
    });

    it('an unwritable cache folder is a note, and the fetched facts are still used', async () => {
      fs.writeFileSync(path.join(dir, 'cache'), 'a file where the folder should be');
      assert.equal((await refreshReleaseMetadata(options)).kind, 'updated');
      assert.equal(versionInfo('12.0')?.preview, true);
      assert.match(notes.join('\n'), /cannot write the cache/);
    });
  });

  describe('the CLI', () => {
    it('caches under $XDG_CACHE_HOME, else ~/.cache (%LOCALAPPDATA% on Windows)', () => {
      assert.equal(cliReleaseMetadataCacheFile({ XDG_CACHE_HOME: '/var/cache/me' }, '/home/me'), path.join('/var/cache/me', 'dotnet-containers', 'release-metadata.json'));
      assert.equal(cliReleaseMetadataCacheFile({}, '/home/me'), path.join('/home/me', '.cache', 'dotnet-containers', 'release-metadata.json'));
      // The XDG spec ignores relative paths.
      assert.equal(cliReleaseMetadataCacheFile({ XDG_CACHE_HOME: 'cache' }, '/home/me'), path.join('/home/me', '.cache', 'dotnet-containers', 'release-metadata.json'));
      // Windows: beside the diagnostics tools, in the local application data.
      assert.equal(cliReleaseMetadataCacheFile({ LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' }, 'C:\\Users\\me', 'win32'), 'C:\\Users\\me\\AppData\\Local\\dotnet-containers\\release-metadata.json');
    });

    it('lint and generate refresh the day cache in the background; doctor says which facts are in use and why a refresh failed', async () => {
      const env = { XDG_CACHE_HOME: path.join(dir, 'xdg'), DOTNET_CONTAINERS_RELEASE_METADATA_URL: url };
      const debug: string[] = [];
      const refreshed = startCliReleaseMetadata('lint', env, () => now, text => debug.push(text));
      assert.equal(versionInfo('12.0'), undefined, 'nothing cached yet: the bundled facts');
      assert.equal((await refreshed)?.kind, 'updated');
      assert.ok(fs.existsSync(path.join(dir, 'xdg', 'dotnet-containers', 'release-metadata.json')));
      useBundledReleaseFacts();
      assert.equal(startCliReleaseMetadata('doctor', env, () => now, text => debug.push(text)), undefined);
      assert.equal(versionInfo('12.0')?.preview, true, 'the next run starts from the cache');
      assert.equal(server.hits, 1);
      assert.match(await doctorText(), new RegExp(`\\.NET release facts\\n  · release metadata fetched 2026-12-04 \\(cached\\) from ${url.replace(/[.]/g, '\\.')}`));

      server.status = 500;
      const later = () => new Date(now.getTime() + 25 * 3600e3);
      assert.equal((await startCliReleaseMetadata('generate', env, later, text => debug.push(text)))?.kind, 'failed');
      startCliReleaseMetadata('doctor', env, later, text => debug.push(text));
      assert.match(await doctorText(), /  ! \.NET release metadata from .*: the last attempt, .*, failed: HTTP 500/);
      assert.deepEqual(debug, [], 'quiet unless DOTNET_CONTAINERS_DEBUG=1');
      assert.ok(startCliReleaseMetadata('images', env, later, () => undefined) === undefined, 'commands without .NET facts fetch nothing');
    });

    it('takes the URL from DOTNET_CONTAINERS_RELEASE_METADATA_URL, empty meaning offline', () => {
      assert.equal(cliReleaseMetadataUrl({}), defaultReleaseMetadataUrl);
      assert.equal(cliReleaseMetadataUrl({ DOTNET_CONTAINERS_RELEASE_METADATA_URL: 'http://mirror.local/releases-index.json' }), 'http://mirror.local/releases-index.json');
      assert.equal(cliReleaseMetadataUrl({ DOTNET_CONTAINERS_RELEASE_METADATA_URL: '' }), '');
    });
  });

  function planNet12() {
    const root = writeTree({ 'Web/Web.csproj': csproj('Microsoft.NET.Sdk.Web', { TargetFramework: 'net12.0' }) });
    try {
      return planGeneration(path.join(root, 'Web/Web.csproj'), { now });
    } finally {
      removeTree(root);
    }
  }
});

/** `dotnet-containers doctor` in this process, against an engine that is not there. */
async function doctorText(): Promise<string> {
  const saved = process.env;
  process.env = { ...saved, DOCKER_HOST: 'unix:///nonexistent/dc.sock', PATH: '' };
  const out: string[] = [];
  try {
    assert.equal(await main(['doctor'], text => out.push(text), () => undefined), 0);
  } finally {
    process.env = saved;
  }
  return out.join('\n');
}

function lint(text: string, when: Date) {
  return lintDockerfile(text, { now: when, genericChecks: false }).findings;
}

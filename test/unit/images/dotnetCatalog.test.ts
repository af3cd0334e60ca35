import * as assert from 'node:assert/strict';
import {
  architectureSuffixes,
  availableVariants,
  catalogDataAsOf,
  classifyDotnetImage,
  defaultPort,
  defaultUser,
  defaultVariant,
  hasShell,
  includesIcu,
  imageFor,
  imageTag,
  reposWithFlavor,
  runsAsNonRootByDefault,
  variantState,
} from '../../../src/core/images/dotnetCatalog';
import { supportStatus } from '../../../src/core/images/imageSupportStatus';
import { dotnetVersionOf, dotnetVersions, supportedVersions, SupportStatus, versionInfo } from '../../../src/core/images/dotnetSupport';

const mcr = 'mcr.microsoft.com/dotnet';
const today = new Date('2026-11-23T10:00:00Z');
const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const sha = 'sha256:' + '0123456789abcdef'.repeat(4);

describe('dotnet versions', () => {
  it('knows every version from 1.0 to 11.0, oldest first', () => {
    assert.deepEqual(dotnetVersions().map(v => v.version),
      ['1.0', '1.1', '2.0', '2.1', '2.2', '3.0', '3.1', '5.0', '6.0', '7.0', '8.0', '9.0', '10.0', '11.0']);
    assert.equal(catalogDataAsOf, '2026-08-21');
  });

  it('carries lifecycle facts', () => {
    assert.deepEqual(versionInfo('net10.0'), {
      version: '10.0', product: '.NET', support: 'LTS', phase: 'active', ga: '2025-11-11', endOfSupport: '2028-11-14', preview: false, tagVersion: '10.0',
    });
    assert.equal(defaultVariant('10.0'), 'noble');
    assert.equal(versionInfo('9.0')?.endOfSupport, '2026-11-10'); // STS extended to 24 months
    assert.equal(versionInfo('9.0')?.support, 'STS');
    assert.equal(versionInfo('8.0')?.endOfSupport, '2026-11-10');
    assert.equal(versionInfo('netcoreapp3.1')?.product, '.NET Core');
    assert.equal(defaultVariant('2.0'), undefined);
    assert.equal(versionInfo('12.0'), undefined);
    assert.equal(versionInfo('net48'), undefined);
  });

  it('knows .NET 11 as GA (November 2026), an STS release supported 24 months', () => {
    const net11 = versionInfo('net11.0');
    assert.equal(net11?.preview, false);
    assert.equal(net11?.support, 'STS');
    assert.equal(net11?.ga, '2026-11-10');
    assert.equal(net11?.endOfSupport, '2028-11-14');
    assert.equal(net11?.tagVersion, '11.0');
    assert.equal(defaultVariant('11.0'), 'resolute');
  });

  it('lists the GA versions in support on a date, newest first', () => {
    assert.deepEqual(supportedVersions(today).map(v => v.version), ['11.0', '10.0']);
    assert.deepEqual(supportedVersions(day('2026-11-09')).map(v => v.version), ['10.0', '9.0', '8.0']);
    assert.deepEqual(supportedVersions(day('2024-06-01')).map(v => v.version), ['8.0', '6.0']);
  });

  const versionOf: [string, string | undefined][] = [
    ['10.0', '10.0'], ['10', '10.0'], ['10.0.1', '10.0'], ['8.0.404', '8.0'], ['net10.0', '10.0'], ['NET8.0', '8.0'],
    ['net8.0-windows', '8.0'], ['net9.0-android35.0', '9.0'], ['netcoreapp3.1', '3.1'], ['netcoreapp2.1', '2.1'],
    ['11.0-preview', '11.0'], ['net48', undefined], ['net472', undefined], ['netstandard2.0', undefined], ['net4.8', undefined],
    ['latest', undefined], ['', undefined],
  ];
  for (const [text, expected] of versionOf) {
    it(`reads the version of ${JSON.stringify(text)} as ${expected}`, () => assert.equal(dotnetVersionOf(text), expected));
  }
});

describe('supportStatus', () => {
  const cases: { subject: string; now: Date; expected: SupportStatus }[] = [
    // The EOL boundary: the end-of-support day is already out of support.
    { subject: '8.0', now: day('2026-11-09'), expected: { status: 'supported', version: '8.0', endOfSupport: '2026-11-10' } },
    { subject: '8.0', now: new Date('2026-11-09T23:59:59.999Z'), expected: { status: 'supported', version: '8.0', endOfSupport: '2026-11-10' } },
    { subject: '8.0', now: new Date('2026-11-10T00:00:00Z'), expected: { status: 'end-of-support', version: '8.0', endOfSupport: '2026-11-10' } },
    { subject: 'net8.0', now: today, expected: { status: 'end-of-support', version: '8.0', endOfSupport: '2026-11-10' } },
    { subject: '9.0', now: day('2026-05-13'), expected: { status: 'supported', version: '9.0', endOfSupport: '2026-11-10' } },
    { subject: '9.0', now: day('2026-11-10'), expected: { status: 'end-of-support', version: '9.0', endOfSupport: '2026-11-10' } },
    { subject: '10.0', now: today, expected: { status: 'supported', version: '10.0', endOfSupport: '2028-11-14' } },
    { subject: '10.0', now: day('2028-11-14'), expected: { status: 'end-of-support', version: '10.0', endOfSupport: '2028-11-14' } },
    { subject: '11.0', now: today, expected: { status: 'supported', version: '11.0', endOfSupport: '2028-11-14' } },
    // Preview tags stop at GA (2026-11-10): the floating tag loses -preview.
    {
      subject: '11.0-preview-resolute', now: today,
      expected: { status: 'stale-tag', version: '11.0', lastUpdated: '2026-11', replacementTag: '11.0-resolute', reason: 'preview tags are not updated after .NET 11.0 GA (2026-11-10)' },
    },
    { subject: 'net6.0', now: today, expected: { status: 'end-of-support', version: '6.0', endOfSupport: '2024-11-12' } },
    { subject: '7.0', now: day('2024-05-14'), expected: { status: 'end-of-support', version: '7.0', endOfSupport: '2024-05-14' } },
    { subject: 'netcoreapp3.1', now: today, expected: { status: 'end-of-support', version: '3.1', endOfSupport: '2022-12-13' } },
    { subject: '8.0.11', now: day('2026-01-01'), expected: { status: 'supported', version: '8.0', endOfSupport: '2026-11-10' } },
    { subject: 'latest', now: today, expected: { status: 'supported' } },
    {
      subject: '12.0', now: today,
      expected: { status: 'unknown', version: '12.0', reason: '.NET 12.0 is newer than any .NET version known to the bundled facts of 2026-12-04 (the newest is 11.0); its image tags are not known yet' },
    },

    // Tags without a repo are checked against every repo.
    { subject: '8.0-alpine3.22', now: day('2026-03-31'), expected: { status: 'supported', version: '8.0', endOfSupport: '2026-11-10' } },
    {
      subject: '8.0-alpine3.22-composite', now: day('2026-04-01'),
      expected: { status: 'stale-tag', version: '8.0', lastUpdated: '2026-02', replacementTag: '8.0-alpine3.24-composite', reason: '8.0-alpine3.22-composite is no longer updated (last updated 2026-02)' },
    },
    { subject: '8.0-alpine3.22', now: today, expected: { status: 'end-of-support', version: '8.0', endOfSupport: '2026-11-10' } },

    // Images.
    { subject: `${mcr}/sdk:10.0-alpine`, now: today, expected: { status: 'supported', version: '10.0', endOfSupport: '2028-11-14' } },
    { subject: `${mcr}/aspnet:10.0-noble-chiseled-extra`, now: today, expected: { status: 'supported', version: '10.0', endOfSupport: '2028-11-14' } },
    {
      subject: `${mcr}/aspnet:10.0-alpine3.23`, now: today,
      expected: { status: 'supported', version: '10.0', endOfSupport: '2028-11-14', suggestedTag: '10.0-alpine3.24', suggestion: 'newer-os' },
    },
    { subject: `${mcr}/runtime-deps:9.0-bookworm-slim-arm64v8`, now: day('2026-11-09'), expected: { status: 'supported', version: '9.0', endOfSupport: '2026-11-10' } },
    { subject: `${mcr}/runtime-deps:9.0-bookworm-slim-arm64v8`, now: today, expected: { status: 'end-of-support', version: '9.0', endOfSupport: '2026-11-10' } },
    { subject: `${mcr}/sdk:8.0.404-jammy`, now: day('2026-06-01'), expected: { status: 'supported', version: '8.0', endOfSupport: '2026-11-10' } },
    { subject: `${mcr}/aspnet:6.0`, now: today, expected: { status: 'end-of-support', version: '6.0', endOfSupport: '2024-11-12' } },
    // Last seen on main in 2026-02, so only certainly stale from 2026-04-01.
    { subject: `${mcr}/aspnet:10.0-alpine3.22`, now: day('2026-03-31'), expected: { status: 'supported', version: '10.0', endOfSupport: '2028-11-14' } },
    {
      subject: `${mcr}/aspnet:10.0-alpine3.22-arm64v8`, now: day('2026-04-01'),
      expected: { status: 'stale-tag', version: '10.0', lastUpdated: '2026-02', replacementTag: '10.0-alpine3.24-arm64v8', reason: '10.0-alpine3.22 is no longer updated (last updated 2026-02)' },
    },
    {
      subject: `${mcr}/aspnet:10.0-alpine-composite`, now: today,
      expected: { status: 'stale-tag', version: '10.0', lastUpdated: '2026-02', replacementTag: '10.0-alpine3.24-composite', reason: '10.0-alpine-composite is no longer updated (last updated 2026-02)' },
    },
    {
      subject: `${mcr}/aspnet:8.0-cbl-mariner2.0-distroless-extra`, now: day('2026-07-01'),
      expected: { status: 'stale-tag', version: '8.0', lastUpdated: '2026-04', replacementTag: '8.0-azurelinux3.0-distroless-extra', reason: '8.0-cbl-mariner2.0-distroless-extra is no longer updated (last updated 2026-04)' },
    },
    {
      subject: `${mcr}/runtime:8.0-cbl-mariner`, now: day('2026-07-01'),
      expected: { status: 'stale-tag', version: '8.0', lastUpdated: '2026-04', replacementTag: '8.0-azurelinux3.0', reason: '8.0-cbl-mariner is no longer updated (last updated 2026-04)' },
    },
    {
      subject: `${mcr}/sdk:10.0-trixie-slim`, now: today,
      expected: { status: 'stale-tag', version: '10.0', lastUpdated: '2025-06', replacementTag: '10.0-noble', reason: '10.0-trixie-slim is no longer updated (last updated 2025-06)' },
    },
    {
      subject: `${mcr}/sdk:10.0-trixie-slim-aot`, now: today,
      expected: { status: 'stale-tag', version: '10.0', lastUpdated: '2025-06', replacementTag: '10.0-noble-aot', reason: '10.0-trixie-slim-aot is no longer updated (last updated 2025-06)' },
    },
    {
      subject: `${mcr}/aspnet:9.0-jammy-chiseled`, now: day('2026-01-15'),
      expected: { status: 'stale-tag', version: '9.0', lastUpdated: '2024-04', replacementTag: '9.0-noble-chiseled', reason: '9.0-jammy-chiseled is no longer updated (last updated 2024-04)' },
    },
    {
      subject: `${mcr}/aspnet:10.0-nanoserver-1809`, now: today,
      expected: { status: 'stale-tag', version: '10.0', lastUpdated: '2025-06', replacementTag: '10.0-nanoserver-ltsc2025', reason: '10.0-nanoserver-1809 is no longer updated (last updated 2025-06)' },
    },
    {
      subject: `${mcr}/sdk:10.0.100-rc.2-noble`, now: today,
      expected: { status: 'stale-tag', version: '10.0', lastUpdated: '2025-11', replacementTag: '10.0-noble', reason: 'rc.2 tags are not updated after .NET 10.0 GA (2025-11-11)' },
    },
    {
      // An undocumented alias: it exists, but the plain tag is the one to use.
      subject: `${mcr}/runtime-deps:8.0-alpine3.24-aot`, now: day('2026-09-01'),
      expected: { status: 'supported', version: '8.0', endOfSupport: '2026-11-10', suggestedTag: '8.0-alpine3.24', suggestion: 'documented-tag' },
    },
    { subject: `${mcr}/sdk`, now: today, expected: { status: 'supported' } },
    { subject: `${mcr}/nightly/sdk:10.0-noble`, now: today, expected: { status: 'supported', version: '10.0', endOfSupport: '2028-11-14' } },
    { subject: 'microsoft/aspnetcore-build:2.0', now: today, expected: { status: 'end-of-support', version: '2.0', endOfSupport: '2018-10-01' } },
    { subject: `${mcr}/core/sdk:3.1`, now: today, expected: { status: 'end-of-support', version: '3.1', endOfSupport: '2022-12-13' } },
  ];
  for (const c of cases) {
    it(`${c.subject} on ${c.now.toISOString().slice(0, 16)} is ${c.expected.status}`, () => {
      assert.deepEqual(supportStatus(c.subject, c.now), c.expected);
    });
  }

  it('is unknown for tags that were never published, wrong arches, digests and other images', () => {
    const unknown = [
      `${mcr}/aspnet:10.0-bookworm-slim`, // no Debian images for 10.0
      `${mcr}/sdk:10.0-noble-chiseled`, // no chiseled SDK
      `${mcr}/sdk:10.0-azurelinux3.0-aot-arm32v7`,
      `${mcr}/aspnet:8.0-noble-arm32v7`,
      `${mcr}/aspnet:10.0-nobel`,
      `${mcr}/sdk@${sha}`,
      `${mcr}/monitor:9`,
      `${mcr}/framework/sdk:4.8`,
      'nginx',
      'localhost:5000/app:1.0',
      '${BASE}',
      'net48',
    ];
    for (const subject of unknown) {
      const status = supportStatus(subject, day('2026-06-01'));
      assert.equal(status.status, 'unknown', `${subject}: ${JSON.stringify(status)}`);
      assert.ok(status.status === 'unknown' && status.reason.length > 0);
    }
  });

  it('reports a retired repository as stale even for its latest tag', () => {
    const status = supportStatus('microsoft/dotnet', today);
    assert.equal(status.status, 'stale-tag');
    assert.ok(status.status === 'stale-tag' && /moved to mcr\.microsoft\.com/.test(status.reason));
  });

  it('accepts an already classified image', () => {
    const image = classifyDotnetImage(`${mcr}/aspnet:9.0-noble-chiseled`);
    assert.ok(image);
    assert.equal(supportStatus(image, day('2026-11-09')).status, 'supported');
    assert.equal(supportStatus(image, day('2026-11-10')).status, 'end-of-support');
  });
});

describe('classifyDotnetImage', () => {
  const cases: {
    ref: string;
    repo: string;
    version?: string;
    variant: string;
    os?: string;
    osVersion?: string;
    libc?: string;
    osIsDefault?: boolean;
    flavors?: string[];
    arch?: string;
    tagKnown?: boolean;
    fixedVersion?: boolean;
  }[] = [
    { ref: `${mcr}/sdk:10.0-alpine`, repo: 'sdk', version: '10.0', variant: 'alpine', os: 'alpine', libc: 'musl', tagKnown: true },
    { ref: `${mcr}/aspnet:10.0-noble-chiseled-extra`, repo: 'aspnet', version: '10.0', variant: 'noble-chiseled-extra', os: 'noble', osVersion: '24.04', libc: 'glibc', flavors: ['chiseled', 'extra'], tagKnown: true },
    { ref: `${mcr}/runtime-deps:9.0-bookworm-slim-arm64v8`, repo: 'runtime-deps', version: '9.0', variant: 'bookworm-slim', os: 'bookworm', osVersion: '12', flavors: ['slim'], arch: 'arm64v8', tagKnown: true },
    { ref: `${mcr}/sdk:8.0.404-jammy`, repo: 'sdk', version: '8.0', variant: 'jammy', os: 'jammy', osVersion: '22.04', tagKnown: true, fixedVersion: true },
    { ref: `${mcr}/aspnet:6.0`, repo: 'aspnet', version: '6.0', variant: '', os: 'bullseye', osVersion: '11', osIsDefault: true, flavors: ['slim'], tagKnown: true },
    { ref: `${mcr}/aspnet:10.0`, repo: 'aspnet', version: '10.0', variant: '', os: 'noble', osIsDefault: true, tagKnown: true },
    { ref: `${mcr}/sdk:2.1`, repo: 'sdk', version: '2.1', variant: '', os: 'stretch', osIsDefault: true, tagKnown: true },
    { ref: `${mcr}/sdk:10.0-aot`, repo: 'sdk', version: '10.0', variant: 'aot', os: 'noble', osIsDefault: true, flavors: ['aot'], tagKnown: true },
    { ref: `${mcr}/aspnet:8.0-azurelinux3.0-distroless-composite`, repo: 'aspnet', version: '8.0', variant: 'azurelinux3.0-distroless-composite', os: 'azurelinux3.0', osVersion: '3.0', flavors: ['distroless', 'composite'], tagKnown: true },
    { ref: `${mcr}/runtime:8.0-nanoserver-ltsc2022`, repo: 'runtime', version: '8.0', variant: 'nanoserver-ltsc2022', os: 'nanoserver-ltsc2022', libc: 'windows', tagKnown: true },
    { ref: `${mcr}/runtime:9.0-noble-arm32v7`, repo: 'runtime', version: '9.0', variant: 'noble', os: 'noble', arch: 'arm32v7', tagKnown: true },
    { ref: `${mcr}/runtime:8.0-noble-arm32v7`, repo: 'runtime', version: '8.0', variant: 'noble', os: 'noble', arch: 'arm32v7', tagKnown: false },
    { ref: `${mcr}/aspnet:8.0-windowsservercore-ltsc2022-amd64`, repo: 'aspnet', version: '8.0', variant: 'windowsservercore-ltsc2022', libc: 'windows', arch: 'amd64', tagKnown: false },
    { ref: `${mcr}/runtime:10.0-composite`, repo: 'runtime', version: '10.0', variant: 'composite', os: 'noble', osIsDefault: true, flavors: ['composite'], tagKnown: false },
    { ref: `${mcr}/aspnet:8.0.11-bookworm-slim-amd64`, repo: 'aspnet', version: '8.0', variant: 'bookworm-slim', os: 'bookworm', flavors: ['slim'], arch: 'amd64', tagKnown: true, fixedVersion: true },
    { ref: `${mcr}/aspnet:10.0@${sha}`, repo: 'aspnet', version: '10.0', variant: '', os: 'noble', osIsDefault: true, tagKnown: true },
  ];
  for (const c of cases) {
    it(`classifies ${c.ref.replace(mcr, '…')}`, () => {
      const image = classifyDotnetImage(c.ref);
      assert.ok(image);
      assert.equal(image.product, 'dotnet');
      assert.equal(image.channel, 'release');
      assert.equal(image.repo, c.repo);
      assert.equal(image.catalogRepo, c.repo);
      assert.equal(image.version, c.version);
      assert.equal(image.variant, c.variant);
      if (c.os) assert.equal(image.os?.name, c.os);
      if (c.osVersion) assert.equal(image.os?.version, c.osVersion);
      if (c.libc) assert.equal(image.os?.libc, c.libc);
      assert.equal(image.osIsDefault, c.osIsDefault ?? false);
      assert.deepEqual(Object.entries(image.flavors).filter(([, on]) => on).map(([k]) => k).sort(), [...(c.flavors ?? [])].sort());
      assert.equal(image.arch, c.arch);
      assert.equal(image.tagKnown, c.tagKnown);
      assert.equal(image.fixedVersion, c.fixedVersion ?? false);
      assert.equal(image.deprecated, undefined);
    });
  }

  it('classifies retired names as their replacement and says so', () => {
    const build = classifyDotnetImage('microsoft/aspnetcore-build:2.0');
    assert.equal(build?.repo, 'sdk');
    assert.equal(build?.version, '2.0');
    assert.equal(build?.deprecated?.replacementRepository, 'mcr.microsoft.com/dotnet/sdk');
    assert.equal(build?.deprecated?.replacement, undefined); // 2.0 never reached MCR
    assert.equal(build?.tagKnown, undefined);
    assert.equal(build?.reference.registry, 'docker.io');

    const core = classifyDotnetImage(`${mcr}/core/sdk:3.1`);
    assert.equal(core?.repo, 'sdk');
    assert.equal(core?.version, '3.1');
    assert.equal(core?.os?.name, 'buster');
    assert.equal(core?.deprecated?.replacement, 'mcr.microsoft.com/dotnet/sdk:3.1');

    const hub = classifyDotnetImage('microsoft/dotnet:2.1-aspnetcore-runtime-alpine');
    assert.equal(hub?.repo, 'aspnet');
    assert.equal(hub?.variant, 'alpine');
    assert.equal(hub?.os?.libc, 'musl');
    assert.equal(hub?.deprecated?.replacement, 'mcr.microsoft.com/dotnet/aspnet:2.1-alpine');
  });

  it('handles digest-only, nightly, framework and appliance images', () => {
    const pinned = classifyDotnetImage(`${mcr}/sdk@${sha}`);
    assert.equal(pinned?.pinnedByDigest, true);
    assert.equal(pinned?.tag, undefined);
    assert.equal(pinned?.version, undefined);
    assert.equal(pinned?.tagKnown, undefined);

    const nightly = classifyDotnetImage(`${mcr}/nightly/aspnet:11.0-preview-resolute-chiseled`);
    assert.equal(nightly?.channel, 'nightly');
    assert.equal(nightly?.repo, 'aspnet');
    assert.equal(nightly?.version, '11.0');
    assert.equal(nightly?.tag?.prerelease, 'preview');
    assert.equal(nightly?.flavors.chiseled, true);
    assert.equal(nightly?.tagKnown, undefined);

    const framework = classifyDotnetImage(`${mcr}/framework/sdk:4.8-windowsservercore-ltsc2022`);
    assert.equal(framework?.product, 'dotnet-framework');
    assert.equal(framework?.repo, 'framework/sdk');
    assert.equal(framework?.version, undefined);
    assert.equal(framework?.os?.libc, 'windows');

    const monitor = classifyDotnetImage(`${mcr}/monitor:9`);
    assert.equal(monitor?.repo, 'monitor');
    assert.equal(monitor?.catalogRepo, undefined);
    assert.equal(monitor?.version, undefined);
    assert.equal(monitor?.tag?.fullVersion, '9');

    const latest = classifyDotnetImage(`${mcr}/runtime`);
    assert.equal(latest?.tag?.latest, true);
    assert.equal(latest?.version, undefined);
  });

  it('is undefined for other images and invalid references', () => {
    for (const ref of ['nginx', 'localhost:5000/app:1.0', 'mcr.microsoft.com/azure-cli', 'ghcr.io/dotnet/sdk:8.0', '${BASE}', 'Ubuntu', '']) {
      assert.equal(classifyDotnetImage(ref), undefined, ref);
    }
  });

  it('accepts an already parsed reference', () => {
    const image = classifyDotnetImage({ registry: 'mcr.microsoft.com', repository: 'dotnet/aspnet', tag: '10.0-alpine', original: 'x' });
    assert.equal(image?.os?.libc, 'musl');
  });
});

describe('variants', () => {
  it('knows the default OS of the bare tag per version', () => {
    assert.equal(defaultVariant('8.0'), 'bookworm-slim');
    assert.equal(defaultVariant('9.0', 'sdk'), 'bookworm-slim');
    assert.equal(defaultVariant('net10.0'), 'noble');
    assert.equal(defaultVariant('10.0', 'sdk'), 'noble');
    assert.equal(defaultVariant('11.0'), 'resolute');
    assert.equal(defaultVariant('6.0'), 'bullseye-slim');
    assert.equal(defaultVariant('3.1', 'sdk'), 'buster');
    assert.equal(defaultVariant('2.1', 'sdk'), 'stretch');
    assert.equal(defaultVariant('2.1', 'runtime'), 'stretch-slim');
    assert.equal(defaultVariant('1.1'), undefined);
    assert.equal(defaultVariant('12.0'), undefined);
  });

  it('lists the variants still updated, per repo', () => {
    const sdk10 = availableVariants('10.0', 'sdk');
    for (const v of ['noble', 'noble-aot', 'aot', 'alpine', 'alpine-aot', 'alpine3.24-aot', 'azurelinux3.0', 'azurelinux3.0-aot', 'resolute-aot', 'nanoserver-ltsc2025']) {
      assert.ok(sdk10.includes(v), v);
    }
    for (const v of ['trixie-slim', 'alpine3.22', 'noble-chiseled', 'bookworm-slim', 'nanoserver-1809']) assert.ok(!sdk10.includes(v), v);
    assert.ok(availableVariants('10.0', 'sdk', { includeStale: true }).includes('trixie-slim'));

    const aspnet10 = availableVariants('10.0', 'aspnet');
    for (const v of ['noble-chiseled-extra', 'noble-chiseled-composite', 'azurelinux3.0-distroless-extra', 'alpine-extra', 'resolute-chiseled']) assert.ok(aspnet10.includes(v), v);
    assert.ok(!aspnet10.some(v => v.includes('aot')));
    assert.ok(!availableVariants('10.0', 'runtime').some(v => v.includes('composite')));

    assert.ok(!availableVariants('8.0', 'runtime-deps').includes('alpine-aot'));
    assert.ok(availableVariants('8.0', 'runtime-deps', { includeUndocumented: true }).includes('alpine-aot'));
    assert.ok(availableVariants('8.0', 'aspnet').includes('jammy-chiseled'));
    assert.ok(!availableVariants('8.0', 'aspnet').includes('cbl-mariner2.0'));
    assert.ok(availableVariants('11.0', 'sdk').includes('azurelinux4.0'));
    assert.ok(!availableVariants('11.0', 'sdk').includes('azurelinux3.0'));
    assert.deepEqual(availableVariants('6.0', 'aspnet'), []);
    assert.deepEqual(availableVariants('12.0', 'aspnet'), []);
  });

  it('tells current, stale, absent and undocumented apart', () => {
    assert.deepEqual(variantState('10.0', 'sdk', 'noble-aot'), { state: 'current', documented: true });
    assert.deepEqual(variantState('10.0', 'sdk', ''), { state: 'current', documented: true });
    assert.deepEqual(variantState('10.0', 'aspnet', 'alpine3.22'), { state: 'stale', lastUpdated: '2026-02', documented: true });
    assert.deepEqual(variantState('10.0', 'aspnet', 'bookworm-slim'), { state: 'absent', documented: false });
    assert.deepEqual(variantState('9.0', 'runtime-deps', 'alpine3.24-aot'), { state: 'current', documented: false });
    assert.deepEqual(variantState('2.0', 'sdk', ''), { state: 'absent', documented: false });
    assert.equal(variantState('12.0', 'sdk', ''), undefined);
  });

  it('says which repos publish each flavor', () => {
    assert.deepEqual(reposWithFlavor('10.0', 'composite'), ['aspnet']);
    assert.deepEqual(reposWithFlavor('10.0', 'aot'), ['sdk']);
    assert.deepEqual(reposWithFlavor('10.0', 'chiseled'), ['aspnet', 'runtime', 'runtime-deps']);
    assert.deepEqual(reposWithFlavor('10.0', 'distroless'), ['aspnet', 'runtime', 'runtime-deps']);
    assert.deepEqual(reposWithFlavor('10.0', 'extra'), ['aspnet', 'runtime', 'runtime-deps']);
    assert.deepEqual(reposWithFlavor('8.0', 'aot'), []);
    assert.deepEqual(reposWithFlavor('8.0', 'slim'), ['sdk', 'aspnet', 'runtime', 'runtime-deps']);
  });

  it('knows which arch suffixes exist', () => {
    assert.deepEqual(architectureSuffixes('10.0', 'noble'), ['amd64', 'arm64v8', 'arm32v7']);
    assert.deepEqual(architectureSuffixes('10.0', ''), ['amd64', 'arm64v8', 'arm32v7']);
    assert.deepEqual(architectureSuffixes('8.0', 'noble-chiseled'), ['amd64', 'arm64v8']);
    assert.deepEqual(architectureSuffixes('9.0', 'noble'), ['amd64', 'arm64v8', 'arm32v7']);
    assert.deepEqual(architectureSuffixes('10.0', 'azurelinux3.0-distroless'), ['amd64', 'arm64v8']);
    assert.deepEqual(architectureSuffixes('10.0', 'aot', 'sdk'), ['amd64', 'arm64v8']);
    assert.deepEqual(architectureSuffixes('10.0', 'nanoserver-ltsc2022'), []);
  });

  it('builds tags and references', () => {
    assert.equal(imageTag({ version: 'net10.0', variant: 'noble-chiseled' }), '10.0-noble-chiseled');
    assert.equal(imageTag({ version: '10.0' }), '10.0');
    assert.equal(imageTag({ version: '8.0.11', variant: 'bookworm-slim', arch: 'amd64' }), '8.0.11-bookworm-slim-amd64');
    assert.equal(imageTag({ version: '11.0', variant: 'resolute' }), '11.0-resolute');
    assert.equal(imageFor({ repo: 'aspnet', version: '10.0', variant: 'noble-chiseled-extra' }), 'mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra');
    assert.equal(imageFor({ repo: 'sdk', version: 'net10.0', variant: 'noble-aot' }), 'mcr.microsoft.com/dotnet/sdk:10.0-noble-aot');
    assert.equal(imageFor({ repo: 'runtime-deps', version: '9.0', arch: 'arm64v8' }), 'mcr.microsoft.com/dotnet/runtime-deps:9.0-arm64v8');
    assert.equal(imageFor({ repo: 'sdk', version: '10.0', nightly: true }), 'mcr.microsoft.com/dotnet/nightly/sdk:10.0');
  });
});

describe('defaults: port and user', () => {
  const ports: [string | undefined, string, number][] = [
    ['10.0', '', 8080], ['8.0', 'bookworm-slim', 8080], ['9.0', 'noble-chiseled', 8080], ['net8.0', '', 8080], [undefined, '', 8080],
    ['7.0', '', 80], ['6.0', 'alpine', 80], ['3.1', '', 80], ['2.1', '', 80],
    ['6.0', 'jammy-chiseled', 8080], ['7.0', 'jammy-chiseled-extra', 8080],
  ];
  for (const [version, variant, port] of ports) {
    it(`serves ${version ?? 'latest'}${variant ? `-${variant}` : ''} on ${port}`, () => assert.equal(defaultPort(version, variant), port));
  }

  const users: { image: { version?: string; variant?: string; repo?: string }; user: string; uid?: number; nonRoot: boolean; appUserAvailable: boolean }[] = [
    { image: { version: '10.0', variant: '', repo: 'aspnet' }, user: 'root', nonRoot: false, appUserAvailable: true },
    { image: { version: '8.0', variant: 'alpine', repo: 'runtime' }, user: 'root', nonRoot: false, appUserAvailable: true },
    { image: { version: '10.0', variant: 'noble-chiseled', repo: 'aspnet' }, user: 'app', uid: 1654, nonRoot: true, appUserAvailable: true },
    { image: { version: '10.0', variant: 'azurelinux3.0-distroless-extra', repo: 'runtime-deps' }, user: 'app', uid: 1654, nonRoot: true, appUserAvailable: true },
    { image: { version: '8.0', variant: 'cbl-mariner2.0-distroless' }, user: 'app', uid: 1654, nonRoot: true, appUserAvailable: true },
    { image: { version: '6.0', variant: 'jammy-chiseled' }, user: 'app', nonRoot: true, appUserAvailable: true },
    { image: { version: '6.0', variant: '' }, user: 'root', nonRoot: false, appUserAvailable: false },
    { image: { version: '10.0', variant: 'noble', repo: 'sdk' }, user: 'root', nonRoot: false, appUserAvailable: true },
    { image: { version: '10.0', variant: 'nanoserver-ltsc2022' }, user: 'ContainerUser', nonRoot: true, appUserAvailable: false },
    { image: { version: '10.0', variant: 'windowsservercore-ltsc2022' }, user: 'ContainerAdministrator', nonRoot: false, appUserAvailable: false },
    { image: { repo: 'monitor' }, user: 'app', nonRoot: true, appUserAvailable: true },
  ];
  for (const c of users) {
    it(`runs ${JSON.stringify(c.image)} as ${c.user}`, () => {
      const user = defaultUser(c.image);
      assert.deepEqual(user, { user: c.user, ...(c.uid ? { uid: c.uid } : {}), nonRoot: c.nonRoot, appUserAvailable: c.appUserAvailable });
      assert.equal(runsAsNonRootByDefault(c.image), c.nonRoot);
    });
  }

  it('takes a classified image directly', () => {
    const chiseled = classifyDotnetImage(`${mcr}/aspnet:10.0-noble-chiseled-extra`);
    const plain = classifyDotnetImage(`${mcr}/aspnet:8.0`);
    assert.ok(chiseled && plain);
    assert.equal(runsAsNonRootByDefault(chiseled), true);
    assert.equal(runsAsNonRootByDefault(plain), false);
    assert.equal(defaultPort(plain.version, plain.variant), 8080);
  });
});

describe('image contents: shell and ICU', () => {
  const cases: { image: { version?: string; variant?: string; repo?: string }; shell: boolean; icu: boolean }[] = [
    { image: { version: '10.0', variant: '', repo: 'aspnet' }, shell: true, icu: true },
    { image: { version: '8.0', variant: 'bookworm-slim', repo: 'runtime' }, shell: true, icu: true },
    { image: { version: '10.0', variant: 'alpine', repo: 'aspnet' }, shell: true, icu: false },
    { image: { version: '10.0', variant: 'alpine3.24-extra', repo: 'aspnet' }, shell: true, icu: true },
    { image: { version: '10.0', variant: 'alpine', repo: 'sdk' }, shell: true, icu: true },
    { image: { version: '10.0', variant: 'noble-chiseled', repo: 'runtime-deps' }, shell: false, icu: false },
    { image: { version: '10.0', variant: 'noble-chiseled-extra', repo: 'aspnet' }, shell: false, icu: true },
    { image: { version: '10.0', variant: 'azurelinux3.0-distroless', repo: 'runtime' }, shell: false, icu: false },
    { image: { version: '10.0', variant: 'azurelinux3.0', repo: 'runtime' }, shell: true, icu: true },
    { image: { repo: 'monitor' }, shell: false, icu: false },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.image)}: shell ${c.shell}, ICU ${c.icu}`, () => {
      assert.equal(hasShell(c.image), c.shell);
      assert.equal(includesIcu(c.image), c.icu);
    });
  }
});

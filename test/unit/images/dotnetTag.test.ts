import * as assert from 'node:assert/strict';
import { dotnetImageTag, Flavor, parseDotnetTag, parseOsName } from '../../../src/core/images/dotnetTag';

describe('parseDotnetTag', () => {
  const cases: {
    tag: string;
    version?: string;
    fullVersion?: string;
    prerelease?: string;
    variant: string;
    os?: string;
    distro?: string;
    libc?: string;
    osVersion?: string;
    flavors?: Flavor[];
    arch?: string;
  }[] = [
    { tag: '10.0', version: '10.0', fullVersion: '10.0', variant: '' },
    { tag: '10.0-alpine', version: '10.0', variant: 'alpine', os: 'alpine', distro: 'alpine', libc: 'musl' },
    { tag: '10.0-alpine3.24-extra', version: '10.0', variant: 'alpine3.24-extra', os: 'alpine3.24', osVersion: '3.24', libc: 'musl', flavors: ['extra'] },
    { tag: '10.0-noble-chiseled-extra', version: '10.0', variant: 'noble-chiseled-extra', os: 'noble', distro: 'ubuntu', osVersion: '24.04', libc: 'glibc', flavors: ['chiseled', 'extra'] },
    { tag: '10.0-resolute-chiseled-composite-extra', version: '10.0', variant: 'resolute-chiseled-composite-extra', os: 'resolute', osVersion: '26.04', flavors: ['chiseled', 'composite', 'extra'] },
    { tag: '9.0-bookworm-slim-arm64v8', version: '9.0', variant: 'bookworm-slim', os: 'bookworm', distro: 'debian', osVersion: '12', flavors: ['slim'], arch: 'arm64v8' },
    { tag: '8.0.404-jammy', version: '8.0', fullVersion: '8.0.404', variant: 'jammy', os: 'jammy', distro: 'ubuntu', osVersion: '22.04' },
    { tag: '8.0.11-bookworm-slim-amd64', version: '8.0', fullVersion: '8.0.11', variant: 'bookworm-slim', os: 'bookworm', flavors: ['slim'], arch: 'amd64' },
    { tag: '8.0-azurelinux3.0-distroless-extra', version: '8.0', variant: 'azurelinux3.0-distroless-extra', os: 'azurelinux3.0', distro: 'azurelinux', osVersion: '3.0', libc: 'glibc', flavors: ['distroless', 'extra'] },
    { tag: '8.0-cbl-mariner2.0-distroless', version: '8.0', variant: 'cbl-mariner2.0-distroless', os: 'cbl-mariner2.0', distro: 'cbl-mariner', osVersion: '2.0', flavors: ['distroless'] },
    { tag: '6.0-cbl-mariner-distroless', version: '6.0', variant: 'cbl-mariner-distroless', os: 'cbl-mariner', distro: 'cbl-mariner', flavors: ['distroless'] },
    { tag: '8.0-nanoserver-ltsc2022', version: '8.0', variant: 'nanoserver-ltsc2022', os: 'nanoserver-ltsc2022', distro: 'nanoserver', osVersion: 'ltsc2022', libc: 'windows' },
    { tag: '3.1-nanoserver-20H2', version: '3.1', variant: 'nanoserver-20H2', os: 'nanoserver-20H2', osVersion: '20H2', libc: 'windows' },
    { tag: '8.0-windowsservercore-ltsc2019', version: '8.0', variant: 'windowsservercore-ltsc2019', distro: 'windowsservercore', libc: 'windows' },
    { tag: '10.0-aot', version: '10.0', variant: 'aot', flavors: ['aot'] },
    { tag: '10.0-noble-aot-amd64', version: '10.0', variant: 'noble-aot', os: 'noble', flavors: ['aot'], arch: 'amd64' },
    { tag: '8.0-alpine-composite', version: '8.0', variant: 'alpine-composite', os: 'alpine', flavors: ['composite'] },
    { tag: '11.0-preview-resolute', version: '11.0', prerelease: 'preview', variant: 'resolute', os: 'resolute' },
    { tag: '11.0.0-preview.7-resolute-aot', version: '11.0', fullVersion: '11.0.0', prerelease: 'preview.7', variant: 'resolute-aot', os: 'resolute', flavors: ['aot'] },
    { tag: '10.0.100-rc.2-noble', version: '10.0', fullVersion: '10.0.100', prerelease: 'rc.2', variant: 'noble' },
    { tag: '6.0-jammy-chiseled-arm32v7', version: '6.0', variant: 'jammy-chiseled', os: 'jammy', flavors: ['chiseled'], arch: 'arm32v7' },
    { tag: '2.1-stretch-slim', version: '2.1', variant: 'stretch-slim', os: 'stretch', osVersion: '9', flavors: ['slim'] },
    { tag: '3.1-buster', version: '3.1', variant: 'buster', os: 'buster', osVersion: '10' },
    { tag: '10.0-trixie-slim', version: '10.0', variant: 'trixie-slim', os: 'trixie', osVersion: '13', flavors: ['slim'] },
    { tag: '9', fullVersion: '9', variant: '' },
  ];
  for (const c of cases) {
    it(`takes apart ${c.tag}`, () => {
      const t = parseDotnetTag(c.tag);
      assert.equal(t.tag, c.tag);
      assert.equal(t.latest, false);
      assert.equal(t.version, c.version);
      assert.equal(t.fullVersion, c.fullVersion ?? c.version);
      assert.equal(t.prerelease, c.prerelease);
      assert.equal(t.variant, c.variant);
      if (c.os) assert.equal(t.os?.name, c.os);
      if (c.distro) assert.equal(t.os?.distro, c.distro);
      if (c.libc) assert.equal(t.os?.libc, c.libc);
      if (c.osVersion) assert.equal(t.os?.version, c.osVersion);
      const on = (Object.keys(t.flavors) as Flavor[]).filter(k => t.flavors[k]).sort();
      assert.deepEqual(on, [...(c.flavors ?? [])].sort());
      assert.equal(t.arch, c.arch);
      assert.deepEqual(t.unrecognized, []);
    });
  }

  it('recognises latest', () => {
    const t = parseDotnetTag('latest');
    assert.equal(t.latest, true);
    assert.equal(t.version, undefined);
    assert.equal(t.variant, '');
  });

  it('keeps what it does not understand instead of failing', () => {
    assert.deepEqual(parseDotnetTag('10.0-nobel-chiseled').unrecognized, ['nobel']);
    assert.deepEqual(parseDotnetTag('aspnetapp').unrecognized, ['aspnetapp']);
    assert.equal(parseDotnetTag('aspnetapp').version, undefined);
    assert.deepEqual(parseDotnetTag('8.0-alpine-chiselled').unrecognized, ['chiselled']);
  });
});

describe('parseOsName', () => {
  it('describes OS variants and leaves non-OS text alone', () => {
    assert.equal(parseOsName('bookworm-slim')?.codename, 'bookworm');
    assert.equal(parseOsName('alpine')?.version, undefined);
    assert.equal(parseOsName('azurelinux3.0-distroless')?.libc, 'glibc');
    assert.equal(parseOsName('windowsservercore-ltsc2025')?.os, 'windows');
    assert.equal(parseOsName('aot'), undefined);
    assert.equal(parseOsName(''), undefined);
  });
});

describe('dotnetImageTag', () => {
  it('joins version, variant and arch', () => {
    assert.equal(dotnetImageTag({ version: '10.0' }), '10.0');
    assert.equal(dotnetImageTag({ version: '10.0', variant: 'noble-chiseled', arch: 'arm64v8' }), '10.0-noble-chiseled-arm64v8');
    assert.equal(dotnetImageTag({ version: '8.0.11', arch: 'amd64' }), '8.0.11-amd64');
  });
});

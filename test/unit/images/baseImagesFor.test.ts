import * as assert from 'node:assert/strict';
import { BaseImageOptions, baseImagesFor } from '../../../src/core/images/baseImagesFor';
import { supportStatus } from '../../../src/core/images/imageSupportStatus';

const mcr = 'mcr.microsoft.com/dotnet';

describe('baseImagesFor', () => {
  const cases: { name: string; options: BaseImageOptions; sdk: string; runtime: string; notes?: number }[] = [
    { name: 'a .NET 10 web app on the default OS', options: { version: 'net10.0', appKind: 'web' }, sdk: `${mcr}/sdk:10.0`, runtime: `${mcr}/aspnet:10.0` },
    { name: 'a .NET 10 console app', options: { version: 'net10.0', appKind: 'console' }, sdk: `${mcr}/sdk:10.0`, runtime: `${mcr}/runtime:10.0` },
    { name: 'a .NET 10 worker', options: { version: '10.0', appKind: 'worker' }, sdk: `${mcr}/sdk:10.0`, runtime: `${mcr}/runtime:10.0` },
    { name: 'a self-contained web app', options: { version: '10.0', appKind: 'web', selfContained: true }, sdk: `${mcr}/sdk:10.0`, runtime: `${mcr}/runtime-deps:10.0` },
    { name: 'Native AOT on the default OS', options: { version: '10.0', appKind: 'console', publishAot: true }, sdk: `${mcr}/sdk:10.0-aot`, runtime: `${mcr}/runtime-deps:10.0` },
    {
      name: 'Native AOT on chiseled, needing ICU', options: { version: '10.0', appKind: 'console', publishAot: true, os: 'chiseled' },
      sdk: `${mcr}/sdk:10.0-noble-aot`, runtime: `${mcr}/runtime-deps:10.0-noble-chiseled-extra`,
    },
    {
      name: 'Native AOT on chiseled, invariant', options: { version: '10.0', appKind: 'console', publishAot: true, os: 'chiseled', invariantGlobalization: true },
      sdk: `${mcr}/sdk:10.0-noble-aot`, runtime: `${mcr}/runtime-deps:10.0-noble-chiseled`,
    },
    { name: 'a web app on chiseled', options: { version: '10.0', appKind: 'web', os: 'chiseled' }, sdk: `${mcr}/sdk:10.0-noble`, runtime: `${mcr}/aspnet:10.0-noble-chiseled-extra` },
    { name: 'a web app on Alpine', options: { version: '10.0', appKind: 'web', os: 'alpine' }, sdk: `${mcr}/sdk:10.0-alpine`, runtime: `${mcr}/aspnet:10.0-alpine-extra` },
    { name: 'AOT on Alpine', options: { version: '10.0', appKind: 'console', publishAot: true, os: 'alpine', invariantGlobalization: true }, sdk: `${mcr}/sdk:10.0-alpine-aot`, runtime: `${mcr}/runtime-deps:10.0-alpine` },
    { name: 'a web app on Ubuntu', options: { version: '10.0', appKind: 'web', os: 'ubuntu' }, sdk: `${mcr}/sdk:10.0-noble`, runtime: `${mcr}/aspnet:10.0-noble` },
    { name: 'a web app on Azure Linux', options: { version: '10.0', appKind: 'web', os: 'azurelinux' }, sdk: `${mcr}/sdk:10.0-azurelinux3.0`, runtime: `${mcr}/aspnet:10.0-azurelinux3.0` },
    {
      name: 'a worker on Azure Linux distroless', options: { version: '10.0', appKind: 'worker', os: 'azurelinux-distroless', invariantGlobalization: true },
      sdk: `${mcr}/sdk:10.0-azurelinux3.0`, runtime: `${mcr}/runtime:10.0-azurelinux3.0-distroless`,
    },
    { name: 'a .NET 8 web app on chiseled', options: { version: 'net8.0', appKind: 'web', os: 'chiseled' }, sdk: `${mcr}/sdk:8.0-noble`, runtime: `${mcr}/aspnet:8.0-noble-chiseled-extra` },
    { name: 'a .NET 9 web app on Debian', options: { version: 'net9.0', appKind: 'web', os: 'debian' }, sdk: `${mcr}/sdk:9.0-bookworm-slim`, runtime: `${mcr}/aspnet:9.0-bookworm-slim` },
    // Without an -aot SDK the build stage must install the toolchain itself.
    { name: '.NET 8 Native AOT', options: { version: '8.0', appKind: 'console', publishAot: true }, sdk: `${mcr}/sdk:8.0`, runtime: `${mcr}/runtime-deps:8.0`, notes: 1 },
    { name: 'Debian for .NET 10, which has none', options: { version: '10.0', appKind: 'web', os: 'debian' }, sdk: `${mcr}/sdk:10.0`, runtime: `${mcr}/aspnet:10.0`, notes: 1 },
    { name: 'an out-of-support version', options: { version: 'net6.0', appKind: 'web', os: 'alpine' }, sdk: `${mcr}/sdk:6.0`, runtime: `${mcr}/aspnet:6.0`, notes: 1 },
  ];
  for (const c of cases) {
    it(`picks images for ${c.name}`, () => {
      const images = baseImagesFor(c.options);
      assert.ok(images);
      assert.equal(images.sdk.image, c.sdk);
      assert.equal(images.runtime.image, c.runtime);
      assert.equal(images.notes.length, c.notes ?? 0, images.notes.join('\n'));
    });
  }

  it('only picks tags that are supported today when the version is', () => {
    const now = new Date('2026-11-23T00:00:00Z');
    for (const os of ['default', 'debian', 'ubuntu', 'chiseled', 'alpine', 'azurelinux', 'azurelinux-distroless'] as const) {
      for (const appKind of ['web', 'console'] as const) {
        for (const publishAot of [false, true]) {
          const images = baseImagesFor({ version: '10.0', appKind, os, publishAot });
          assert.ok(images);
          for (const image of [images.sdk.image, images.runtime.image]) {
            assert.equal(supportStatus(image, now).status, 'supported', `${os} ${appKind} ${publishAot}: ${image}`);
          }
        }
      }
    }
  });

  it('is undefined for versions without images', () => {
    assert.equal(baseImagesFor({ version: '12.0', appKind: 'web' }), undefined);
    assert.equal(baseImagesFor({ version: '2.0', appKind: 'web' }), undefined);
    assert.equal(baseImagesFor({ version: 'net48', appKind: 'web' }), undefined);
  });
});

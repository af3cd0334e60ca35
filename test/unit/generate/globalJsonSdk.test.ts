import * as assert from 'node:assert/strict';
import { sdkForGlobalJson } from '../../../src/core/generate/globalJsonSdk';

// Which sdk image satisfies a global.json pin while building a target framework. The images carry only the newest
// feature band of each major.minor, and a newer SDK builds an older TFM.

describe('sdkForGlobalJson', () => {
  const file = '/repo/global.json';
  const cases: Array<[string, string, { version: string; rollForward?: string; allowPrerelease?: boolean }, string, RegExp | undefined]> = [
    ['an alpha 10.0 SDK, latestMajor, net8.0', '8.0', { version: '10.0.100-alpha.1.25077.2', rollForward: 'latestMajor', allowPrerelease: true }, '10.0', /build stage uses the \.NET 10\.0 SDK/],
    ['a 9.0 SDK, latestFeature, net8.0: sdk:9.0 exactly', '8.0', { version: '9.0.100', rollForward: 'latestFeature' }, '9.0', /\.NET 9\.0 SDK/],
    ['a 9.0 SDK, latestMinor, net8.0: sdk:9.0 (no 9.x after it)', '8.0', { version: '9.0.100', rollForward: 'latestMinor' }, '9.0', /\.NET 9\.0 SDK/],
    ['an 8.0 SDK, latestMajor, net8.0: the TFM\'s own image, nothing to say', '8.0', { version: '8.0.100', rollForward: 'latestMajor' }, '8.0', undefined],
    ['an 8.0 SDK, latestFeature, net8.0: the TFM\'s own image, nothing to say', '8.0', { version: '8.0.100', rollForward: 'latestFeature' }, '8.0', undefined],
    ['an 8.0 SDK, major, net10.0: sdk:10.0 satisfies it', '10.0', { version: '8.0.100', rollForward: 'major' }, '10.0', undefined],
    ['an 8.0 SDK, latestFeature, net10.0: no SDK 8 builds net10.0', '10.0', { version: '8.0.100', rollForward: 'latestFeature' }, '10.0', /cannot build net10\.0: set "version" to 10\.0\.100 or "rollForward": "latestMajor"/],
    ['an alpha SDK with disable: never in an image', '8.0', { version: '10.0.100-alpha.1.25077.2', rollForward: 'disable', allowPrerelease: true }, '8.0', /no sdk image that builds net8\.0 satisfies it/],
    ['a GA SDK with disable: only that exact version, which the image may not carry', '10.0', { version: '10.0.100', rollForward: 'disable' }, '10.0', /only exactly 10\.0\.100 satisfies it/],
    ['no rollForward: latestPatch, the pinned band only', '10.0', { version: '10.0.100' }, '10.0', /\(rollForward latestPatch, the default\): only the 10\.0\.1xx feature band/],
    ['a .NET 12 SDK, which has no image yet', '10.0', { version: '12.0.100-preview.1.26101.3', rollForward: 'latestFeature', allowPrerelease: true }, '10.0', /There is no sdk image for \.NET 12\.0/],
    ['a rollForward the SDK does not know', '10.0', { version: '10.0.100', rollForward: 'newest' }, '10.0', /rollForward "newest", which the SDK does not know/],
  ];
  for (const [name, tfm, sdk, expected, warning] of cases) {
    it(name, () => {
      const choice = sdkForGlobalJson(tfm, { file, sdkVersion: sdk.version, ...(sdk.rollForward ? { rollForward: sdk.rollForward } : {}), ...(sdk.allowPrerelease !== undefined ? { allowPrerelease: sdk.allowPrerelease } : {}) }, true);
      assert.equal(choice.version, expected);
      if (warning) assert.match(choice.warnings.join('\n'), warning);
      else assert.deepEqual(choice.warnings, []);
    });
  }

  it('a global.json the build stage does not read (not at the context root) changes nothing', () => {
    assert.deepEqual(sdkForGlobalJson('8.0', { file, sdkVersion: '10.0.100', rollForward: 'latestMajor' }, false), { version: '8.0', warnings: [] });
  });

  it('a global.json without an SDK version (only msbuild-sdks) changes nothing', () => {
    assert.deepEqual(sdkForGlobalJson('8.0', { file }, true), { version: '8.0', warnings: [] });
  });
});

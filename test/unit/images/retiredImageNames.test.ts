import * as assert from 'node:assert/strict';
import { deprecatedImage } from '../../../src/core/images/retiredImageNames';
import { parseImageReference } from '../../../src/core/images/imageReference';

describe('retired image names: deprecatedImage', () => {
  const cases: { ref: string; deprecated: string; replacementRepository: string; replacement?: string; mappedTag?: string }[] = [
    { ref: 'mcr.microsoft.com/dotnet/core/sdk:3.1', deprecated: 'mcr.microsoft.com/dotnet/core/sdk', replacementRepository: 'mcr.microsoft.com/dotnet/sdk', mappedTag: '3.1', replacement: 'mcr.microsoft.com/dotnet/sdk:3.1' },
    { ref: 'mcr.microsoft.com/dotnet/core/aspnet:3.1-buster-slim', deprecated: 'mcr.microsoft.com/dotnet/core/aspnet', replacementRepository: 'mcr.microsoft.com/dotnet/aspnet', mappedTag: '3.1-buster-slim', replacement: 'mcr.microsoft.com/dotnet/aspnet:3.1-buster-slim' },
    { ref: 'mcr.microsoft.com/dotnet/core/runtime-deps:2.1', deprecated: 'mcr.microsoft.com/dotnet/core/runtime-deps', replacementRepository: 'mcr.microsoft.com/dotnet/runtime-deps', mappedTag: '2.1', replacement: 'mcr.microsoft.com/dotnet/runtime-deps:2.1' },
    // 3.0 and 2.2 ended before the rename, so nothing was ever published under the new names.
    { ref: 'mcr.microsoft.com/dotnet/core/sdk:3.0', deprecated: 'mcr.microsoft.com/dotnet/core/sdk', replacementRepository: 'mcr.microsoft.com/dotnet/sdk', mappedTag: '3.0' },
    { ref: 'mcr.microsoft.com/dotnet/core/runtime:2.2', deprecated: 'mcr.microsoft.com/dotnet/core/runtime', replacementRepository: 'mcr.microsoft.com/dotnet/runtime', mappedTag: '2.2' },
    { ref: 'mcr.microsoft.com/dotnet/core/samples:aspnetapp', deprecated: 'mcr.microsoft.com/dotnet/core/samples', replacementRepository: 'mcr.microsoft.com/dotnet/samples', mappedTag: 'aspnetapp' },
    { ref: 'mcr.microsoft.com/dotnet/core/sdk', deprecated: 'mcr.microsoft.com/dotnet/core/sdk', replacementRepository: 'mcr.microsoft.com/dotnet/sdk', replacement: 'mcr.microsoft.com/dotnet/sdk' },
    { ref: 'mcr.microsoft.com/dotnet/core-nightly/sdk:5.0', deprecated: 'mcr.microsoft.com/dotnet/core-nightly/sdk', replacementRepository: 'mcr.microsoft.com/dotnet/nightly/sdk', mappedTag: '5.0', replacement: 'mcr.microsoft.com/dotnet/nightly/sdk:5.0' },
    { ref: 'microsoft/dotnet:2.1-sdk', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/sdk', mappedTag: '2.1', replacement: 'mcr.microsoft.com/dotnet/sdk:2.1' },
    { ref: 'microsoft/dotnet:2.1-aspnetcore-runtime-alpine', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/aspnet', mappedTag: '2.1-alpine', replacement: 'mcr.microsoft.com/dotnet/aspnet:2.1-alpine' },
    { ref: 'docker.io/microsoft/dotnet:2.1-runtime-deps-bionic', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/runtime-deps', mappedTag: '2.1-bionic', replacement: 'mcr.microsoft.com/dotnet/runtime-deps:2.1-bionic' },
    { ref: 'index.docker.io/microsoft/dotnet:2.1.403-sdk-alpine3.7', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/sdk', mappedTag: '2.1.403-alpine3.7', replacement: 'mcr.microsoft.com/dotnet/sdk:2.1.403-alpine3.7' },
    { ref: 'microsoft/dotnet:2.2-sdk-stretch', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/sdk', mappedTag: '2.2-stretch' },
    { ref: 'microsoft/dotnet:2.1-runtime', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/runtime', mappedTag: '2.1', replacement: 'mcr.microsoft.com/dotnet/runtime:2.1' },
    { ref: 'microsoft/dotnet:aspnetcore-runtime', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/aspnet', mappedTag: 'latest', replacement: 'mcr.microsoft.com/dotnet/aspnet:latest' },
    { ref: 'microsoft/dotnet', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/sdk', replacement: 'mcr.microsoft.com/dotnet/sdk' },
    { ref: 'microsoft/dotnet:1.1-runtime', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/runtime', mappedTag: '1.1' },
    { ref: 'microsoft/dotnet:2.0.0-preview2-sdk-jessie', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/sdk', mappedTag: '2.0.0-preview2-jessie' },
    { ref: 'microsoft/dotnet:weird', deprecated: 'docker.io/microsoft/dotnet', replacementRepository: 'mcr.microsoft.com/dotnet/sdk' },
    { ref: 'microsoft/dotnet-nightly:2.1-sdk', deprecated: 'docker.io/microsoft/dotnet-nightly', replacementRepository: 'mcr.microsoft.com/dotnet/nightly/sdk', mappedTag: '2.1', replacement: 'mcr.microsoft.com/dotnet/nightly/sdk:2.1' },
    { ref: 'microsoft/aspnetcore:2.0', deprecated: 'docker.io/microsoft/aspnetcore', replacementRepository: 'mcr.microsoft.com/dotnet/aspnet', mappedTag: '2.0' },
    { ref: 'microsoft/aspnetcore:1.1.2-nanoserver', deprecated: 'docker.io/microsoft/aspnetcore', replacementRepository: 'mcr.microsoft.com/dotnet/aspnet', mappedTag: '1.1.2-nanoserver' },
    { ref: 'microsoft/aspnetcore-build:2.0', deprecated: 'docker.io/microsoft/aspnetcore-build', replacementRepository: 'mcr.microsoft.com/dotnet/sdk', mappedTag: '2.0' },
    { ref: 'microsoft/aspnetcore-build', deprecated: 'docker.io/microsoft/aspnetcore-build', replacementRepository: 'mcr.microsoft.com/dotnet/sdk', replacement: 'mcr.microsoft.com/dotnet/sdk' },
  ];
  for (const c of cases) {
    it(`maps ${c.ref}`, () => {
      const found = deprecatedImage(c.ref);
      assert.ok(found);
      assert.equal(found.deprecated, c.deprecated);
      assert.equal(found.replacementRepository, c.replacementRepository);
      assert.equal(found.mappedTag, c.mappedTag);
      assert.equal(found.replacement, c.replacement);
      assert.ok(found.reason.length > 20);
    });
  }

  it('leaves current and unrelated images alone', () => {
    for (const ref of [
      'mcr.microsoft.com/dotnet/sdk:10.0', 'mcr.microsoft.com/dotnet/nightly/sdk:11.0-preview', 'mcr.microsoft.com/dotnet/framework/sdk:4.8',
      'microsoft/mssql-server-linux', 'nginx', 'ghcr.io/microsoft/dotnet:2.1-sdk', 'myregistry.io/dotnet/core/sdk:3.1', '${BASE}', '',
    ]) {
      assert.equal(deprecatedImage(ref), undefined, ref);
    }
  });

  it('accepts a parsed reference', () => {
    const parsed = parseImageReference('microsoft/aspnetcore-build:2.0');
    assert.ok(parsed.ok);
    assert.equal(deprecatedImage(parsed)?.repo, 'sdk');
  });
});

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { nodeFileSystem } from '../../../src/core/project/fileSystem';
import { ownKestrelEndpoints } from '../../../src/core/project/kestrelEndpoints';
import { removeTree, writeTree } from '../../support/fileTree';

// Where an app binds its own Kestrel endpoints, read from its files as they are on disk.
describe('ownKestrelEndpoints', () => {
  const read = (files: Record<string, string>) => {
    const root = writeTree(files);
    try {
      const found = ownKestrelEndpoints(root, nodeFileSystem);
      return found && { ...found, file: path.relative(root, found.file).split(path.sep).join('/') };
    } finally {
      removeTree(root);
    }
  };

  it('finds Listen in a folder below, and HTTPS set up in another file read before it', () => {
    assert.deepEqual(read({ 'A/Https.cs': 'static class H { static void D(KestrelServerOptions o) => o.ConfigureHttpsDefaults(h => h.UseHttps()); }\n', 'B/Bind.cs': 'static class B { static void L(KestrelServerOptions o) => o.Listen(System.Net.IPAddress.Any, 8096); }\n' }),
      { file: 'B/Bind.cs', how: 'Listen in B/Bind.cs', https: true });
  });

  it('takes appsettings endpoints first, and says when none is HTTPS', () => {
    assert.deepEqual(read({ 'appsettings.json': '{ "Kestrel": { "Endpoints": { "Http": { "Url": "http://0.0.0.0:5000" } } } }\n', 'Program.cs': 'var app = WebApplication.Create(args);\napp.Run();\n' }),
      { file: 'appsettings.json', how: 'the endpoints in appsettings.json', https: false });
  });

  it('leaves out bin/, obj/ and hidden folders, and an app with no endpoints of its own', () => {
    assert.equal(read({ 'bin/Debug/G.cs': 'class G { void M(KestrelServerOptions o) => o.ListenAnyIP(1); }\n', 'obj/X.cs': 'class X { void M(IWebHostBuilder b) => b.UseUrls("http://+:1"); }\n', '.vs/Y.cs': 'class Y { void M(KestrelServerOptions o) => o.ListenLocalhost(1); }\n', 'Program.cs': 'var app = WebApplication.Create(args);\napp.Run();\n' }), undefined);
  });
});

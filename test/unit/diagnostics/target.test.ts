import * as assert from 'node:assert/strict';
import { DiagnosticsError } from '../../../src/core/diagnostics/errors';
import { readTarget } from '../../../src/core/diagnostics/target';

// Shaped like what `docker inspect --type container` (20.10) and `podman inspect` (4.3) print, cut to what is read.
const docker = (state: Record<string, unknown> = {}, config: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => JSON.stringify([{
  Id: 'a026f96c9d68c02a94b1e2a138c5d4f7cf508aa2016b2b6d6fc61b68a16b494b', Name: '/shop-web-1',
  Image: 'sha256:7d6f075e6755b70d74085ef91a95bd1c6720ce71b37c321c9c3d65f46eb9ec93', Platform: 'linux',
  State: { Status: 'running', Running: true, Paused: false, Restarting: false, Pid: 24845, ...state },
  Config: {
    User: '1654', Image: 'shop/web:1.0',
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'APP_UID=1654', 'ASPNETCORE_HTTP_PORTS=8080', 'DOTNET_RUNNING_IN_CONTAINER=true', 'DOTNET_VERSION=10.0.12'],
    ...config,
  },
  ...top,
}]);

const podman = JSON.stringify([{
  Id: '9c3f5e1b2a7d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f506', Name: 'api', Image: '5e0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b6c7d8e',
  ImageName: 'localhost/api:latest', State: { OciVersion: '1.0.2-dev', Status: 'running', Running: true, Paused: false, Restarting: false, Pid: 4242 },
  Config: { User: 'app', Env: ['container=podman', 'TMPDIR=/var/tmp/app/'] },
}]);

function refused(json: string): DiagnosticsError {
  try {
    readTarget(json, 'named');
  } catch (error) {
    assert.ok(error instanceof DiagnosticsError, String(error));
    return error;
  }
  assert.fail('expected a refusal');
}

describe('diagnostics: the target, read from the container CLI\'s inspect', () => {
  it('takes the full id (for --pid container:), the image id the container runs, its user and /tmp', () => {
    assert.deepEqual(readTarget(docker(), 'shop-web-1'), {
      id: 'a026f96c9d68c02a94b1e2a138c5d4f7cf508aa2016b2b6d6fc61b68a16b494b', name: 'shop-web-1',
      image: 'sha256:7d6f075e6755b70d74085ef91a95bd1c6720ce71b37c321c9c3d65f46eb9ec93', imageName: 'shop/web:1.0', user: '1654', tempDir: '/tmp',
    });
  });

  it('reads Podman\'s inspect the same way, and follows the target\'s TMPDIR (where its runtime puts the socket)', () => {
    const target = readTarget(podman, 'api');
    assert.equal(target.name, 'api');
    assert.equal(target.user, 'app');
    assert.equal(target.imageName, 'localhost/api:latest');
    assert.equal(target.tempDir, '/var/tmp/app');
    assert.equal(readTarget(docker({}, { Env: ['TMPDIR=relative/tmp'] }), 'x').tempDir, '/tmp', 'a relative TMPDIR cannot be followed');
  });

  it('refuses a container that is not running, paused or restarting, saying so', () => {
    for (const [state, says] of [
      [{ Running: false, Status: 'exited' }, /"shop-web-1" is not running \(exited\): diagnostics need a running container/],
      [{ Running: false, Status: 'created' }, /is not running \(created\)/],
      [{ Paused: true, Status: 'paused' }, /is paused/],
      [{ Restarting: true, Status: 'restarting' }, /is restarting/],
    ] as const) {
      const error = refused(docker(state));
      assert.equal(error.kind, 'not-running');
      assert.match(error.message, says);
    }
  });

  it('refuses a Windows container: a shared PID namespace is a Linux feature', () => {
    const error = refused(docker({}, {}, { Platform: 'windows' }));
    assert.equal(error.kind, 'windows');
    assert.match(error.message, /Windows container/);
  });

  it('says when the runtime was told to open no diagnostics socket (DOTNET_EnableDiagnostics=0 and its older spellings)', () => {
    for (const variable of ['DOTNET_EnableDiagnostics', 'COMPlus_EnableDiagnostics', 'DOTNET_EnableDiagnostics_IPC']) {
      const error = refused(docker({}, { Env: [`${variable}=0`] }));
      assert.equal(error.kind, 'diagnostics-disabled');
      assert.match(error.message, new RegExp(`runs with ${variable}=0, so its \\.NET runtime opens no diagnostics socket`));
    }
    assert.doesNotThrow(() => readTarget(docker({}, { Env: ['DOTNET_EnableDiagnostics=1'] }), 'x'));
  });

  it('says "no container" for an empty answer, and that the answer is not JSON when it is not', () => {
    assert.equal(refused('[]').kind, 'no-container');
    assert.equal(refused('Error: no such object').kind, 'engine');
  });
});

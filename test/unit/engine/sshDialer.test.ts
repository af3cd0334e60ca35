import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { engineTransport } from '../../../src/core/engine/engineTransport';
import { dialSsh, parseSshHost, sshDialArgs } from '../../../src/core/engine/sshDialer';

describe('engines over ssh:// and tcp:// with TLS', function () {
  it('reads ssh://[user@]host[:port] as docker does, and refuses paths, passwords and option-like names', function () {
    assert.deepEqual(parseSshHost('ssh://root@127.0.0.1:2222'), { ok: true, value: { user: 'root', hostname: '127.0.0.1', port: 2222 } });
    assert.deepEqual(parseSshHost('ssh://build-host'), { ok: true, value: { hostname: 'build-host' } });
    assert.deepEqual(parseSshHost('ssh://me@[::1]:22'), { ok: true, value: { user: 'me', hostname: '::1', port: 22 } });
    for (const bad of ['ssh://host/var/run/docker.sock', 'ssh://me:secret@host', 'ssh://-oProxyCommand=id', 'tcp://host:2375', 'ssh://']) {
      assert.equal(parseSshHost(bad).ok, false, bad);
    }
  });

  it('dials `docker system dial-stdio` without prompts, with the host after `--`', function () {
    assert.deepEqual(sshDialArgs({ user: 'root', hostname: 'h', port: 2222 }), ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30', '-T', '-l', 'root', '-p', '2222', '--', 'h', 'docker', 'system', 'dial-stdio']);
  });

  it('gives ssh\'s own reason when the connection cannot be made', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-ssh-unit-'));
    try {
      fs.writeFileSync(path.join(dir, 'ssh'), '#!/bin/sh\necho "ssh: connect to host h port 22: Connection refused" >&2\nexit 255\n', { mode: 0o755 });
      const stream = dialSsh({ hostname: 'h' }, { PATH: dir });
      const error = await new Promise<Error>(resolve => stream.on('error', resolve));
      assert.equal(error.message, 'ssh h exited with 255: ssh: connect to host h port 22: Connection refused');
      // A request written before ssh gives up (as http does at once) still gets ssh's reason, not EPIPE.
      const writing = dialSsh({ hostname: 'h' }, { PATH: dir });
      const failed = new Promise<Error>(resolve => writing.on('error', resolve));
      for (let i = 0; i < 50; i++) writing.write(Buffer.alloc(64 * 1024));
      assert.match((await failed).message, /exited with 255: ssh: connect to host h port 22: Connection refused/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('speaks TLS to tcp:// as the docker CLI: DOCKER_TLS_VERIFY verifies, DOCKER_TLS only encrypts, a context brings its own certificates', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-tls-unit-'));
    try {
      for (const name of ['ca', 'cert', 'key']) fs.writeFileSync(path.join(dir, `${name}.pem`), `${name} of the test`);
      const verified = engineTransport('tcp://10.0.0.5', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir });
      assert.ok(verified.ok);
      assert.equal(verified.value.origin.href, 'https://10.0.0.5:2376/');
      assert.equal(verified.value.tls?.ca?.toString(), 'ca of the test');
      assert.equal(verified.value.tls?.rejectUnauthorized, undefined, 'verified');
      const encrypted = engineTransport('tcp://10.0.0.5:2376', { DOCKER_TLS: '1', DOCKER_CERT_PATH: dir });
      assert.ok(encrypted.ok);
      assert.equal(encrypted.value.tls?.rejectUnauthorized, false);
      const plain = engineTransport('tcp://10.0.0.5', {});
      assert.ok(plain.ok);
      assert.equal(plain.value.origin.href, 'http://10.0.0.5:2375/');
      const context = engineTransport('tcp://10.0.0.5:2376', {}, { dir, skipVerify: false });
      assert.ok(context.ok);
      assert.equal(context.value.origin.protocol, 'https:');
      assert.equal(context.value.tls?.cert?.toString(), 'cert of the test');
      const ssh = engineTransport('ssh://root@h', {});
      assert.ok(ssh.ok && typeof ssh.value.connect === 'function');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

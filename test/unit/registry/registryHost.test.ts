import * as assert from 'node:assert/strict';
import net = require('node:net');
import { hostName, isLoopbackHost, normalizeRegistryHost, registryBaseUrl, repositoryPath, usesPlainHttp } from '../../../src/core/registry/registryHost';

describe('registry hosts', () => {
  it('normalises config.json keys and Docker Hub aliases', () => {
    assert.equal(normalizeRegistryHost('https://index.docker.io/v1/'), 'docker.io');
    assert.equal(normalizeRegistryHost('index.docker.io'), 'docker.io');
    assert.equal(normalizeRegistryHost('registry-1.docker.io'), 'docker.io');
    assert.equal(normalizeRegistryHost('http://MyReg.example:5000/v2/'), 'myreg.example:5000');
    assert.equal(normalizeRegistryHost('https://ghcr.io'), 'ghcr.io');
    assert.equal(normalizeRegistryHost('myreg.example:443'), 'myreg.example');
  });

  it('knows loopback hosts: localhost, 127.0.0.0/8, ::1', () => {
    for (const host of ['localhost', 'localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000', '::1']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['10.0.0.1:5000', 'localhost.example.com', '128.0.0.1', 'ghcr.io', '[::2]:5000']) assert.ok(!isLoopbackHost(host), host);
  });

  it('reads IPv6 literals, bracketed or bare, and asks net.isIPv6 only about text that can be one', () => {
    assert.equal(hostName('[::1]:5000'), '::1');
    assert.equal(hostName('::1'), '::1');
    assert.equal(hostName('fe80::1:5000'), 'fe80::1:5000', 'a bare IPv6 address has no port to cut');
    assert.equal(hostName('myreg.example:5000'), 'myreg.example');
    assert.ok(isLoopbackHost('::ffff:127.0.0.1'));
    assert.ok(!isLoopbackHost('::ffff:10.0.0.1'));
    // Its first call compiles a large regular expression (~5 ms of a CLI run); host:port and names never need it.
    const asked: string[] = [];
    const original = net.isIPv6;
    (net as { isIPv6: (text: string) => boolean }).isIPv6 = text => { asked.push(text); return original(text); };
    try {
      for (const host of ['127.0.0.1:5000', 'mcr.microsoft.com', 'localhost:5000', 'myreg.example:5000', 'docker.io']) {
        registryBaseUrl(host);
        isLoopbackHost(host);
      }
      assert.deepEqual(asked, []);
      assert.ok(isLoopbackHost('::1'));
      assert.ok(asked.length > 0, 'the spy sees the calls it should');
    } finally {
      (net as { isIPv6: (text: string) => boolean }).isIPv6 = original;
    }
  });

  it('uses HTTPS everywhere but loopback and the listed insecure registries', () => {
    assert.equal(registryBaseUrl('127.0.0.1:5000').href, 'http://127.0.0.1:5000/');
    assert.equal(registryBaseUrl('[::1]:5000').href, 'http://[::1]:5000/');
    assert.equal(registryBaseUrl('myreg.example:5000').href, 'https://myreg.example:5000/');
    assert.equal(registryBaseUrl('myreg.example:5000', ['myreg.example:5000']).href, 'http://myreg.example:5000/');
    assert.ok(usesPlainHttp('myreg.example:5000', ['myreg.example']), 'a listed host without port covers every port');
    assert.ok(!usesPlainHttp('myreg.example:5000', ['myreg.example:6000']));
    assert.ok(!usesPlainHttp('other.example', ['myreg.example']));
  });

  it('maps Docker Hub to its API host and library/ names', () => {
    assert.equal(registryBaseUrl('docker.io').href, 'https://registry-1.docker.io/');
    assert.equal(repositoryPath('docker.io', 'ubuntu'), 'library/ubuntu');
    assert.equal(repositoryPath('docker.io', 'bitnami/redis'), 'bitnami/redis');
    assert.equal(repositoryPath('127.0.0.1:5000', 'app'), 'app');
  });
});

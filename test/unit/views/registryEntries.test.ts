import * as assert from 'node:assert/strict';
import {
  azureRegistryHost, offersCatalog, presetOf, readRegistryEntries, registryImageReference, registryWebPage, withoutRegistry, withoutRepository,
  withRegistry, withRepositories,
} from '../../../src/core/views/registryEntries';

describe('registry entries (dotnetContainers.registries)', () => {
  it('reads objects and Push…\'s strings, merging entries of one host and dropping unusable ones', () => {
    const entries = readRegistryEntries([
      'localhost:5000',
      { host: 'LOCALHOST:5000', repositories: ['app', 'app', 'Bad Name', 7] },
      'ghcr.io/contoso',
      { host: 'https://index.docker.io/v1/', repositories: ['library/ubuntu'] },
      { host: 'not a host' },
      42,
      { repositories: ['x'] },
    ]);
    assert.deepEqual(entries, [
      { host: 'localhost:5000', repositories: ['app'] },
      { host: 'ghcr.io', repositories: [] },
      { host: 'docker.io', repositories: ['library/ubuntu'] },
    ]);
    assert.deepEqual(readRegistryEntries(undefined), []);
    assert.deepEqual(readRegistryEntries({ host: 'x' }), []);
  });

  it('adds a registry once, with its preset repositories', () => {
    const once = withRegistry([], 'mcr.microsoft.com', ['dotnet/sdk']);
    assert.deepEqual(once, [{ host: 'mcr.microsoft.com', repositories: ['dotnet/sdk'] }]);
    assert.deepEqual(withRegistry(once, 'MCR.microsoft.com'), once);
    assert.deepEqual(withRegistry(['localhost:5000'], 'quay.io'), ['localhost:5000', { host: 'quay.io' }]);
  });

  it('adds repositories next to a string entry, which stays for Push…', () => {
    const setting = withRepositories(['ghcr.io/contoso'], 'ghcr.io', ['contoso/web', 'contoso/api']);
    assert.deepEqual(setting, ['ghcr.io/contoso', { host: 'ghcr.io', repositories: ['contoso/web', 'contoso/api'] }]);
    assert.deepEqual(withRepositories(setting, 'ghcr.io', ['contoso/web', 'contoso/jobs']).at(-1), { host: 'ghcr.io', repositories: ['contoso/web', 'contoso/api', 'contoso/jobs'] });
    assert.deepEqual(readRegistryEntries(setting), [{ host: 'ghcr.io', repositories: ['contoso/web', 'contoso/api'] }]);
  });

  it('removes a repository, or a registry with every entry of its host', () => {
    const setting = ['ghcr.io/contoso', { host: 'ghcr.io', repositories: ['contoso/web', 'contoso/api'] }, { host: 'quay.io' }];
    assert.deepEqual(withoutRepository(setting, 'ghcr.io', 'contoso/web')[1], { host: 'ghcr.io', repositories: ['contoso/api'] });
    assert.deepEqual(withoutRegistry(setting, 'GHCR.io'), [{ host: 'quay.io' }]);
  });

  it('knows the hosts: presets, ACR names, catalog support', () => {
    assert.equal(presetOf('docker.io').id, 'docker-hub');
    assert.equal(presetOf('registry-1.docker.io').id, 'docker-hub');
    assert.equal(presetOf('contoso.azurecr.io').id, 'acr');
    assert.equal(presetOf('harbor.example.com:8443').id, 'generic');
    assert.equal(azureRegistryHost('Contoso42'), 'contoso42.azurecr.io');
    assert.equal(azureRegistryHost('contoso42.azurecr.io'), 'contoso42.azurecr.io');
    assert.equal(azureRegistryHost('no'), undefined);
    assert.equal(azureRegistryHost('has-dash'), undefined);
    assert.deepEqual(['docker.io', 'mcr.microsoft.com', 'ghcr.io', 'quay.io', 'registry.gitlab.com', 'x.azurecr.io', '127.0.0.1:5000'].map(offersCatalog), [false, false, false, true, true, true, true]);
  });

  it('writes references as docker pull takes them', () => {
    assert.equal(registryImageReference('127.0.0.1:5000', 'team/app', '1.0'), '127.0.0.1:5000/team/app:1.0');
    assert.equal(registryImageReference('docker.io', 'library/ubuntu', '24.04'), 'ubuntu:24.04');
    assert.equal(registryImageReference('docker.io', 'contoso/app'), 'contoso/app');
    assert.equal(registryImageReference('ghcr.io', 'o/a', 'sha256:abc'), 'ghcr.io/o/a@sha256:abc');
  });

  it('opens the web page of hosts that have one, and none for the others', () => {
    assert.equal(registryWebPage('docker.io', 'library/ubuntu'), 'https://hub.docker.com/_/ubuntu');
    assert.equal(registryWebPage('docker.io', 'ubuntu', '24.04'), 'https://hub.docker.com/_/ubuntu/tags?name=24.04');
    assert.equal(registryWebPage('docker.io', 'contoso/app'), 'https://hub.docker.com/r/contoso/app');
    assert.equal(registryWebPage('ghcr.io', 'contoso/web'), 'https://ghcr.io/contoso/web');
    assert.equal(registryWebPage('quay.io', 'coreos/etcd', 'v3.5'), 'https://quay.io/repository/coreos/etcd?tab=tags&tag=v3.5');
    assert.equal(registryWebPage('mcr.microsoft.com', 'dotnet/aspnet'), 'https://mcr.microsoft.com/artifact/mar/dotnet/aspnet');
    assert.equal(registryWebPage('registry.gitlab.com', 'group/project/image'), 'https://gitlab.com/group/project/container_registry');
    assert.equal(registryWebPage('localhost:5000', 'app'), undefined);
    assert.equal(registryWebPage('contoso.azurecr.io', 'app'), undefined);
  });
});

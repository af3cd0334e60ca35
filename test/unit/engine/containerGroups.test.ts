import * as assert from 'node:assert/strict';
import { containerSummary, describePorts, groupContainers, portUrl } from '../../../src/core/engine/containerGroups';

const raw = (name: string, extra: Record<string, unknown> = {}) => ({
  Id: `${name}0123456789abcdef`, Names: [`/${name}`], Image: `${name}:latest`, State: 'running', Status: 'Up 2 minutes', Created: 1764900000, Ports: [], Labels: {}, ...extra,
});

describe('containers, as the Containers view and `containers` list them', () => {
  it('reads the engine\'s list: name without its slash, ports once per host port, Compose project and service from the labels', () => {
    const summary = containerSummary(raw('shop-web-1', {
      Ports: [{ IP: '0.0.0.0', PrivatePort: 8080, PublicPort: 5000, Type: 'tcp' }, { IP: '::', PrivatePort: 8080, PublicPort: 5000, Type: 'tcp' }, { PrivatePort: 8081, Type: 'tcp' }],
      Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
    }))!;
    assert.equal(summary.name, 'shop-web-1');
    assert.equal(summary.composeProject, 'shop');
    assert.equal(summary.composeService, 'web');
    assert.equal(describePorts(summary.ports), '0.0.0.0:5000->8080/tcp, 8081/tcp');
    assert.equal(portUrl(summary.ports[0]!), 'http://localhost:5000/');
    assert.equal(portUrl(summary.ports[1]!), undefined, 'a port that is not published opens nothing');
    assert.equal(containerSummary({ Names: ['/x'] }), undefined, 'an entry without an id is no container');
  });

  it('groups Compose projects first, by name, their services in order, then the containers of no project', () => {
    const compose = (project: string, service: string) => containerSummary(raw(`${project}_${service}_1`, { Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': service } }))!;
    const groups = groupContainers([containerSummary(raw('zeta'))!, compose('shop', 'web'), containerSummary(raw('alpha'))!, compose('bank', 'api'), compose('shop', 'db')]);
    assert.deepEqual(groups.map(g => [g.project ?? '-', g.containers.map(c => c.composeService ?? c.name)]), [
      ['bank', ['api']], ['shop', ['db', 'web']], ['-', ['alpha', 'zeta']],
    ]);
  });
});

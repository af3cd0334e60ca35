import * as assert from 'node:assert/strict';
import { readComposeBuilds } from '../../../src/core/compose/composeFile';
import { chooseComposeTool, composeArgv, ComposeTool, defaultImageName, defaultProjectName } from '../../../src/core/compose/composeTool';

const tool = (facts: Parameters<typeof chooseComposeTool>[0]): ComposeTool => {
  const choice = chooseComposeTool(facts);
  assert.ok(choice.ok, choice.ok ? '' : choice.message);
  return choice.tool;
};

describe('the Compose a compose file runs with', () => {
  it('is docker compose (v2) where the plugin answers, else docker-compose (v1), and podman-compose with Podman', () => {
    assert.equal(tool({ cli: 'docker', cliPath: '/usr/bin/docker', plugin: 'Docker Compose version v2.29.7', v1: { path: '/usr/bin/docker-compose', version: '1.29.2' } }).label, 'docker compose');
    assert.equal(tool({ cli: 'docker', cliPath: '/usr/bin/docker', v1: { path: '/usr/bin/docker-compose', version: '1.29.2' } }).label, 'docker-compose');
    assert.equal(tool({ cli: 'podman', podmanCompose: { path: '/usr/bin/podman-compose', version: '1.0.3' } }).label, 'podman-compose');
  });

  it('says what to install when there is none', () => {
    const none = chooseComposeTool({ cli: 'docker', cliPath: '/usr/bin/docker' });
    assert.ok(!none.ok);
    assert.match(none.message, /install docker-compose-plugin .* or Debian\/Ubuntu's docker-compose/);
    const podman = chooseComposeTool({ cli: 'podman', v1: { path: '/usr/bin/docker-compose', version: '1.29.2' } });
    assert.ok(!podman.ok);
    assert.match(podman.message, /podman-compose is not on PATH/);
  });

  it('runs up without building (the images are built first), down and logs with argv, never a shell string', () => {
    const v2 = tool({ cli: 'docker', cliPath: '/usr/bin/docker', plugin: 'v2.29.7' });
    const v1 = tool({ cli: 'docker', v1: { path: '/usr/bin/docker-compose', version: '1.29.2' } });
    const file = '/work/my app; rm -rf ~/compose.yaml';
    assert.deepEqual(composeArgv(v2, { file, projectName: 'shop' }, { action: 'up' }), ['compose', '-f', file, '-p', 'shop', 'up', '--detach', '--no-build', '--remove-orphans']);
    assert.deepEqual(composeArgv(v1, { file }, { action: 'down' }), ['-f', file, 'down', '--remove-orphans']);
    assert.deepEqual(composeArgv(v1, { file }, { action: 'logs', tail: 100, follow: true }), ['-f', file, 'logs', '--timestamps', '--tail=100', '--follow']);
    const podman = tool({ cli: 'podman', podmanCompose: { path: '/usr/bin/podman-compose', version: '1.0.3' } });
    assert.deepEqual(composeArgv(podman, { file, projectName: 'shop' }, { action: 'down' }), ['-f', file, '-p', 'shop', 'down']);
    assert.deepEqual(composeArgv(podman, { file }, { action: 'logs' }), ['-f', file, 'logs', '--timestamps', '--names']);
  });

  it('names projects and built images as each Compose does', () => {
    const v2 = tool({ cli: 'docker', cliPath: '/usr/bin/docker', plugin: 'v2.29.7' });
    const v1 = tool({ cli: 'docker', v1: { path: '/usr/bin/docker-compose', version: '1.29.2' } });
    assert.equal(defaultProjectName(v2, '/src/Stock.Kube_x-1/compose.yaml'), 'stockkube_x-1');
    assert.equal(defaultProjectName(v1, '/src/Stock.Kube_x-1/compose.yaml'), 'stockkubex1');
    assert.equal(defaultImageName(v2, 'shop', 'web'), 'shop-web');
    assert.equal(defaultImageName(v1, 'shop', 'web'), 'shop_web');
  });
});

describe('the builds of a compose file', () => {
  const v1 = chooseComposeTool({ cli: 'docker', v1: { path: '/usr/bin/docker-compose', version: '1.29.2' } });
  assert.ok(v1.ok);

  it('resolves the context against the file and the Dockerfile against the context, and names the image', () => {
    const text = [
      'services:',
      '  web:',
      '    image: shop/web:1',
      '    build:',
      '      context: ./src',
      '      dockerfile: Web/Dockerfile',
      '      target: final',
      '  api:',
      '    build: api',
      '  db:',
      '    image: postgres:17',
      '',
    ].join('\n');
    const read = readComposeBuilds('/repo/compose.yaml', text, v1.tool, 'repo');
    assert.ok(read.ok, read.ok ? '' : read.message);
    assert.deepEqual(read.builds, [
      { service: 'web', context: '/repo/src', dockerfile: '/repo/src/Web/Dockerfile', image: 'shop/web:1', target: 'final', line: 1 },
      { service: 'api', context: '/repo/api', dockerfile: '/repo/api/Dockerfile', image: 'repo_api', line: 7 },
    ]);
  });

  it('refuses what it cannot build as Compose would, and says so: variables, URLs, broken YAML, alias bombs', () => {
    const variable = readComposeBuilds('/r/compose.yaml', 'services:\n  web:\n    build:\n      context: ${CTX}\n', v1.tool, 'r');
    assert.ok(!variable.ok);
    assert.match(variable.message, /service web builds with a variable/);
    const url = readComposeBuilds('/r/compose.yaml', 'services:\n  web:\n    build: https://github.com/x/y.git\n', v1.tool, 'r');
    assert.ok(!url.ok);
    assert.match(url.message, /builds from a URL/);
    const broken = readComposeBuilds('/r/compose.yaml', 'services:\n  web: [\n', v1.tool, 'r');
    assert.ok(!broken.ok);
    assert.match(broken.message, /is not valid YAML \(line \d+, column \d+/);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), 'services: {}'].join('\n');
    const started = Date.now();
    const bombed = readComposeBuilds('/r/compose.yaml', bomb, v1.tool, 'r');
    assert.ok(Date.now() - started < 2000, 'an alias bomb is refused, not expanded');
    assert.ok(!bombed.ok);
    assert.match(bombed.message, /cannot be read: Excessive alias count/);
  });
});

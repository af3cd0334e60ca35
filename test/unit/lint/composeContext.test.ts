import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { composeBuilds } from '../../../src/core/lint/composeContext';
import { removeTree, writeTree } from '../../support/fileTree';
import { nodeFileSystem } from '../../../src/core/project/fileSystem';

// The builds a compose file declares, as `docker compose` resolves their paths; nothing from a file it would refuse.

function buildsOf(text: string): string[] {
  const root = writeTree({ 'compose.yaml': text });
  try {
    return composeBuilds(path.join(root, 'compose.yaml'), nodeFileSystem).map(b => `${b.service}: ${path.relative(root, b.context) || '.'} ${path.relative(root, b.dockerfile)}`);
  } finally {
    removeTree(root);
  }
}

describe('compose builds', function () {
  const cases: Array<[string, string, readonly string[]]> = [
    ['the long form', 'services:\n  web:\n    build:\n      context: src\n      dockerfile: Web/Dockerfile\n', ['web: src src/Web/Dockerfile']],
    ['the short form', 'services:\n  web:\n    build: ./src/Web\n', ['web: src/Web src/Web/Dockerfile']],
    ['no context: the compose file\'s folder', 'services:\n  web:\n    build:\n      dockerfile: src/Web/Dockerfile.alpine\n', ['web: . src/Web/Dockerfile.alpine']],
    ['Windows separators', 'services:\n  web:\n    build:\n      context: .\\src\n      dockerfile: Web\\Dockerfile\n', ['web: src src/Web/Dockerfile']],
    ['an image without a build', 'services:\n  db:\n    image: postgres:17\n', []],
    ['a Git context', 'services:\n  web:\n    build: https://github.com/example/shop.git#main\n', []],
    ['an inline Dockerfile', 'services:\n  web:\n    build:\n      context: .\n      dockerfile_inline: FROM scratch\n', ['web: . Dockerfile']],
    ['duplicate keys, which compose refuses', 'services:\n  web:\n    build: a\n  web:\n    build: b\n', []],
    ['not a mapping at all', '- a\n- b\n', []],
    ['a tab where YAML allows none', 'services:\n\tweb:\n\t\tbuild: .\n', []],
  ];
  for (const [name, text, expected] of cases) {
    it(name, function () {
      assert.deepEqual(buildsOf(text), expected);
    });
  }

  it('an alias bomb is refused quickly, not expanded', function () {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = Date.now();
    assert.deepEqual(buildsOf(`${levels.join('\n')}\nservices:\n  web:\n    build: .\n`), []);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

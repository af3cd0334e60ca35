import * as assert from 'node:assert/strict';
import { buildKeyAnswer, buildKeyCommandPrefix, buildLocationKey, findBuildLocationKey } from '../../../src/core/docker/buildLocations';

describe('build locations for the problem matchers', function () {
  const web = { dockerfile: '/ws/Stock Web/Dockerfile', context: '/ws' };
  const data = { dockerfile: '/ws/StockData/Dockerfile', context: '/ws' };

  it('give each Dockerfile and context a key of its own, the same every time', function () {
    const key = buildLocationKey(web);
    assert.match(key, /^[0-9a-f]{16}$/);
    assert.equal(buildLocationKey({ ...web }), key);
    assert.notEqual(buildLocationKey(data), key);
    assert.notEqual(buildLocationKey({ ...web, context: '/ws/Stock Web' }), key);
  });

  it('find the key among the variables VS Code hands a ${command:…} variable, resolved or not', function () {
    const key = buildLocationKey(web);
    const unresolved = [`\${command:dotnetContainers.buildLocation.context}`, `\${command:${buildKeyCommandPrefix}${key}}`, '/ws'];
    assert.equal(findBuildLocationKey(unresolved), key);
    assert.equal(findBuildLocationKey(['/ws', buildKeyAnswer(key), '${command:dotnetContainers.buildLocation.context}']), key);
    assert.equal(findBuildLocationKey({ [`\${command:${buildKeyCommandPrefix}${key}}`]: buildKeyAnswer(key) }), key);
    assert.equal(findBuildLocationKey(['/ws', '${workspaceFolder}']), undefined, "a user's own task that names our matchers");
    assert.equal(findBuildLocationKey(undefined), undefined);
    assert.equal(findBuildLocationKey([`\${command:${buildKeyCommandPrefix}not-a-key}`]), undefined);
  });
});

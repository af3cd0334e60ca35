import * as assert from 'node:assert/strict';
import { createDockerignore, dotnetIgnorePatterns, mergeDockerignore } from '../../../src/core/generate/dockerignoreTemplate';

describe('the generated .dockerignore (dockerignoreTemplate)', () => {
  it('a new file keeps bin/ and obj/ of every project out', () => {
    const text = createDockerignore();
    assert.ok(text.split('\n').includes('**/bin/'));
    assert.ok(text.split('\n').includes('**/obj/'));
    assert.ok(text.endsWith('\n'));
  });

  it('merging keeps every existing line, in order, and adds only what is missing', () => {
    const existing = '# mine\n**/bin\nsecrets/\n\n*.log\n';
    const merged = mergeDockerignore(existing);
    const lines = merged.text.split('\n');
    assert.deepEqual(lines.slice(0, 5), ['# mine', '**/bin', 'secrets/', '', '*.log']);
    assert.ok(!merged.added.includes('**/bin/'), '**/bin already covers **/bin/');
    assert.ok(merged.added.includes('**/obj/'));
    assert.equal(lines.filter(l => l === '**/obj/').length, 1);
  });

  it('a root-only "bin" does not count as covering every project\'s bin folder', () => {
    assert.ok(mergeDockerignore('bin\nobj\n').added.includes('**/bin/'));
  });

  it('puts the new patterns above the user\'s exceptions so that the exceptions still win', () => {
    const merged = mergeDockerignore('node_modules\n!**/bin/Release/publish/\n');
    const lines = merged.text.split('\n');
    assert.ok(lines.indexOf('**/bin/') < lines.indexOf('!**/bin/Release/publish/'));
    assert.equal(lines[0], 'node_modules');
  });

  it('changes nothing when everything is covered, and keeps CRLF line endings', () => {
    const complete = dotnetIgnorePatterns.join('\r\n') + '\r\n';
    assert.deepEqual(mergeDockerignore(complete), { text: complete, added: [] });
    const merged = mergeDockerignore('# windows\r\n**/bin/\r\n');
    assert.ok(!/[^\r]\n/.test(merged.text), 'every line ends with CRLF');
    assert.ok(merged.text.startsWith('# windows\r\n**/bin/\r\n'));
  });

  it('merges into an empty file', () => {
    const merged = mergeDockerignore('');
    assert.ok(merged.text.includes('**/obj/'));
    assert.ok(!merged.text.startsWith('\n'));
  });

  it('a new file also leaves out the build\'s own output folders (the artifacts layout), once', () => {
    const lines = createDockerignore('\n', ['artifacts/', 'artifacts/', '**/bin/']).split('\n');
    assert.equal(lines.filter(l => l === 'artifacts/').length, 1);
    assert.equal(lines.filter(l => l === '**/bin/').length, 1);
  });

  it('merging adds an output folder unless a line already keeps it out (bare, rooted or under **/)', () => {
    assert.deepEqual(mergeDockerignore(dotnetIgnorePatterns.join('\n') + '\n', '\n', ['artifacts/']).added, ['artifacts/']);
    for (const line of ['artifacts', '/artifacts/', './artifacts', '**/artifacts/']) {
      assert.deepEqual(mergeDockerignore(`${dotnetIgnorePatterns.join('\n')}\n${line}\n`, '\n', ['artifacts/']).added, [], line);
    }
  });
});

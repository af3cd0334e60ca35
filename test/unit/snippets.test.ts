import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';

const root = path.resolve(__dirname, '../../..');

/** Expands a snippet body the way VS Code does when the user accepts every default. */
function expandDefaults(body: string[]): string {
  let text = body.join('\n');
  // Innermost placeholders first, so nested defaults like ${3:${2:App}} resolve.
  for (let i = 0; i < 5; i++) text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  return text.replace(/\$\d+/g, '').replace(/\\\$/g, '$');
}

describe('Dockerfile snippets', () => {
  const snippets: Record<string, { body: string[] }> = JSON.parse(fs.readFileSync(path.join(root, 'snippets/dockerfile.code-snippets'), 'utf8'));

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`"${name}" expands to a Dockerfile whose stages use one .NET version and run as the app user`, () => {
      const text = expandDefaults(snippet.body);
      assert.ok(!text.includes('${'), text);
      const dockerfile = DockerfileParser.parse(text);
      const froms = dockerfile.getFROMs();
      assert.equal(froms.length, 2);
      const tags = froms.map(from => from.getImageTag());
      assert.deepEqual(tags, ['10.0', '10.0']);
      assert.equal(froms[0]?.getImage(), 'mcr.microsoft.com/dotnet/sdk:10.0');
      assert.equal(froms[0]?.getBuildStage(), 'build');
      const instructions = dockerfile.getInstructions().map(i => i.getKeyword());
      assert.ok(instructions.indexOf('USER') > instructions.lastIndexOf('FROM'));
      assert.match(text, /ENTRYPOINT \["dotnet", "App\.dll"\]/);
    });
  }
});

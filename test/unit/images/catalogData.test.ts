import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogVersions } from '../../../src/core/images/catalogData';
import { skipBecause } from '../../support/skip';

const root = path.resolve(__dirname, '../../../..');
const knowledge = process.env.DC_IMAGE_VARIANTS_JSON ?? path.join(root, '..', 'shared', 'knowledge', 'dotnet-image-variants.json');

describe('catalogData', () => {
  it('is what scripts/generateImageCatalog.mjs makes of the knowledge file (no hand edits)', function () {
    if (!fs.existsSync(knowledge)) skipBecause(this, `no ${knowledge} on this machine`);
    const result = spawnSync(process.execPath, [path.join(root, 'scripts/generateImageCatalog.mjs'), knowledge, '--check'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('has well-formed entries', () => {
    for (const v of catalogVersions) {
      assert.match(v.version, /^\d+\.\d+$/);
      if (v.ga) assert.match(v.ga, /^\d{4}-\d{2}-\d{2}$/);
      if (v.eol) assert.match(v.eol, /^\d{4}-\d{2}-\d{2}$/);
      for (const list of Object.values(v.variants)) {
        for (const item of list.split(' ')) assert.match(item, /^~?[a-z0-9.-]+[a-zA-Z0-9.-]*(@\d{4}-\d{2})?$/, `${v.version}: ${item}`);
      }
    }
  });
});

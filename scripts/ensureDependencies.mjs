// Runs before `npm start` and `npm test` so that they work straight after a clone: installs the npm
// dependencies (npm ci, from the lockfile) when any of them is missing. Quick no-op otherwise.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const wanted = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
const missing = wanted.filter(name => !fs.existsSync(path.join(root, 'node_modules', name, 'package.json')));
if (missing.length) {
  console.error(`[deps] installing npm dependencies (missing: ${missing.join(', ')})`);
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[deps] npm ci failed: see above');
    process.exit(result.status ?? 1);
  }
}

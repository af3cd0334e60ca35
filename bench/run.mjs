// `npm run bench`: runs every bench/*.mjs (but this one), one after the other, and passes their
// `BENCH <name> <value> <unit> …` lines through. Exits non-zero when a benchmark crashes, and, with
// DC_BENCH_STRICT=1, when a figure misses its goal.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = fs.readdirSync(here)
  .filter(name => name.endsWith('.mjs') && name !== 'run.mjs')
  .filter(name => only.length === 0 || only.some(o => name.includes(o)))
  .sort();

let failed = 0;
let missed = 0;
for (const script of scripts) {
  console.log(`# bench/${script}`);
  const started = Date.now();
  const { code, misses } = await runScript(path.join(here, script));
  missed += misses;
  if (code !== 0) {
    failed++;
    console.log(`# bench/${script} FAILED (exit ${code})`);
  } else {
    console.log(`# bench/${script} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
if (missed) console.log(`# ${missed} figure(s) missed their goal`);
process.exitCode = failed || (process.env.DC_BENCH_STRICT === '1' && missed) ? 1 : 0;

function runScript(file) {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let misses = 0;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', chunk => {
      process.stdout.write(chunk);
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      misses += lines.filter(line => /^BENCH .* MISS$/.test(line)).length;
    });
    child.on('close', code => resolve({ code: code ?? 1, misses: misses + (/^BENCH .* MISS$/.test(buffered) ? 1 : 0) }));
  });
}

// The module at `extensionTestsPath`: VS Code's extension host loads it and awaits run().
// It runs every out/test/integration/**/*.test.js with mocha inside the real host and always
// leaves a results file for the runner (test/hosts/codeServer.mjs), even when a test file fails
// to load: the runner reads that file, not this process's stdout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** The repository root, from out/test/integration/ (compiled) . */
const repoRoot = path.resolve(__dirname, '..', '..', '..');

interface Summary {
  layer: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: Array<{ title: string; error: string }>;
  skips: Array<{ title: string; reason: string }>;
}

export async function run(): Promise<void> {
  // The runner sets these on the server, whose extension host inherits them; the fallback is the
  // repository's git-ignored .test-results/ so a hand-started host still leaves its results somewhere.
  const resultsFile = process.env.DC_RESULTS_FILE || path.join(repoRoot, '.test-results', 'vscode.json');
  const linesFile = `${resultsFile}.lines`;
  const layer = process.env.DC_LAYER || 'vscode';
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  fs.writeFileSync(linesFile, '');
  const print = (line: string) => {
    fs.appendFileSync(linesFile, line + '\n');
    console.log(line);
  };

  try {
    const files = findTests(__dirname);
    if (files.length === 0) throw new Error(`no *.test.js under ${__dirname}: was the project compiled (npx tsc -p tsconfig.json)?`);
    // summaryReporter.js is plain CommonJS kept beside the sources; tsc does not copy it to out/.
    const reporter = require(path.join(repoRoot, 'test', 'support', 'summaryReporter.js'));
    const mocha = new Mocha({
      ui: 'bdd',
      color: false,
      timeout: Number(process.env.DC_TEST_TIMEOUT_MS) || 60_000,
      reporter,
      reporterOptions: { output: resultsFile, layer, print },
      // DC_GREP selects tests by title, a regular expression (DC_GREP_INVERT=1: all but those), e.g. a second
      // run with workspace trust on that runs only the "untrusted workspace" tests.
      ...(process.env.DC_GREP ? { grep: new RegExp(process.env.DC_GREP), invert: process.env.DC_GREP_INVERT === '1' } : {}),
    });
    for (const file of files) mocha.addFile(file);
    await mocha.loadFilesAsync();
    await new Promise<void>(resolve => mocha.run(() => resolve()));
    if (!fs.existsSync(resultsFile)) throw new Error('mocha finished without the summary reporter writing results');
  } catch (error) {
    // A file that does not load, or mocha itself failing: report it as a failed test, never silence.
    const message = (error as Error)?.stack ?? String(error);
    print(`  ✗ [${layer}] loading the integration tests\n${message}`);
    const previous = readSummary(resultsFile);
    const summary: Summary = previous ?? { layer, passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
    summary.failed++;
    summary.failures.push({ title: 'loading the integration tests', error: message });
    fs.writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
  }
  await waitForRelease();
}

/** Keeps the host (and so the extension's output channel) up while the runner checks the workbench UI. */
async function waitForRelease(): Promise<void> {
  const releaseFile = process.env.DC_RESULTS_RELEASE;
  if (!releaseFile) return;
  const deadline = Date.now() + (Number(process.env.DC_RELEASE_TIMEOUT_MS) || 120_000);
  while (!fs.existsSync(releaseFile) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

function readSummary(file: string): Summary | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Summary;
  } catch {
    return undefined;
  }
}

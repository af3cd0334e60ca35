import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planGeneration } from '../../src/core/generate/planGeneration';
import { lintDockerfile } from '../../src/core/lint/lintDockerfile';
import { Finding } from '../../src/core/lint/types';
import { nodeFileSystem, ProjectFileSystem } from '../../src/core/project/fileSystem';

// The real-layouts suite (issue 10): fixtures under test/fixtures/real-layouts/<name>/, each a trimmed copy of the
// layout of a public repository (written for this suite, not copied), with an `expectations.json` that says what a
// careful reviewer judges right: the TRUE findings of each Dockerfile and the right generate outcome of each
// executable project. Everything the linter says beyond the true findings is a false positive. The fixtures run from
// a copy in a temp folder, so that nothing above them (this repository's .git, its files) is seen.

/** The fixtures folder, from the sources (ts-node, a bundle) or from a compiled outDir (`out/test/support`). */
export const realLayoutsRoot = [path.resolve(__dirname, '../fixtures/real-layouts'), path.resolve(__dirname, '../../../test/fixtures/real-layouts')]
  .find(dir => fs.existsSync(dir)) ?? path.resolve(__dirname, '../fixtures/real-layouts');
/** The day the expectations were judged on (support status, EOL dates: .NET 8 and 9 ended on 2026-11-10). */
export const judgedOn = new Date('2026-12-04T00:00:00Z');

/** A finding a reviewer judges true. `rule` may list ids (any one), or end in `/*` (any rule of that family). */
export interface ExpectedFinding {
  readonly rule: string | readonly string[];
  /** 1-based line of the finding's start. */
  readonly line: number;
  /** A regular expression (case-insensitive) the message must match, where the rule alone is not enough. */
  readonly message?: string;
  /** A regular expression the message must NOT match (a true finding with a false claim is still wrong). */
  readonly notMessage?: string;
  /** A judgement call either way: right when reported, not missed when absent. */
  readonly optional?: boolean;
  readonly why?: string;
}

export interface DockerfileExpectation {
  /** `--context`, relative to the layout, only where the repository's docs tell users a context the tool cannot see. */
  readonly cliContext?: string;
  readonly findings: readonly ExpectedFinding[];
  readonly why?: string;
}

export interface ProjectExpectation {
  readonly outcome: 'ok' | 'refused';
  /** `ok`: the build stage's image (`sdk:10.0`; the registry `mcr.microsoft.com/` and `dotnet/` may be left out). */
  readonly build?: string;
  /** `ok`: the final stage's image, as `build`. A tag `10.0` also accepts `10.0-<variant>`, never `10.0-preview…`. */
  readonly final?: string;
  /** `ok`: the exec-form ENTRYPOINT. */
  readonly entrypoint?: readonly string[];
  /** `ok`: substrings the generated Dockerfile must contain / must not contain. */
  readonly dockerfileIncludes?: readonly string[];
  readonly dockerfileExcludes?: readonly string[];
  /** `ok`: regular expressions (multiline, case-insensitive) the generated Dockerfile must match. */
  readonly dockerfileMatches?: readonly string[];
  /** `ok`: lines the proposed .dockerignore (new or merged) must have, e.g. `artifacts/` where the build writes there. */
  readonly dockerignoreIncludes?: readonly string[];
  /** `ok`: rules whose warnings on the generated Dockerfile are true and unavoidable (e.g. `dotnet/eol` for a net8.0 project). */
  readonly allowInGenerated?: readonly string[];
  /** `refused`: a substring (case-insensitive) of the right reason. */
  readonly reason?: string;
  /** Other outcomes that are just as right (e.g. refuse an Azure Functions app, or build it on the Functions image). */
  readonly alternatives?: readonly ProjectExpectation[];
  readonly why?: string;
}

export interface LayoutExpectations {
  readonly modelledOn: string;
  readonly commit?: string;
  readonly notes?: string;
  readonly dockerfiles: Readonly<Record<string, DockerfileExpectation>>;
  readonly projects: Readonly<Record<string, ProjectExpectation>>;
}

export interface ActualFinding {
  readonly rule: string;
  readonly severity: string;
  readonly line: number;
  readonly message: string;
}

export interface DockerfileResult {
  readonly file: string;
  readonly findings: readonly ActualFinding[];
  readonly falsePositives: readonly ActualFinding[];
  /** False positives of severity error. */
  readonly falseErrors: readonly ActualFinding[];
  /** True findings the linter did not report (or reported with a wrong claim). */
  readonly missed: readonly ExpectedFinding[];
}

export interface ProjectResult {
  readonly project: string;
  readonly right: boolean;
  /** What is wrong, in words (empty when right). */
  readonly problems: readonly string[];
  /** What the generator did, in one line. */
  readonly outcome: string;
}

export interface LayoutResult {
  readonly name: string;
  readonly expectations: LayoutExpectations;
  readonly dockerfiles: readonly DockerfileResult[];
  readonly projects: readonly ProjectResult[];
  /** Dockerfiles and project files in the fixture with no expectation (a fixture must judge every one). */
  readonly unjudged: readonly string[];
  /** Expectations naming a file that is not in the fixture. */
  readonly dangling: readonly string[];
}

export interface Figures {
  readonly findings: number;
  readonly falsePositives: number;
  readonly falseErrors: number;
  readonly missed: number;
  readonly projects: number;
  readonly projectsRight: number;
}

export function listLayouts(root = realLayoutsRoot): string[] {
  return fs.readdirSync(root, { withFileTypes: true }).filter(entry => entry.isDirectory()).map(entry => entry.name).sort();
}

export function readExpectations(layoutDir: string): LayoutExpectations {
  return JSON.parse(fs.readFileSync(path.join(layoutDir, 'expectations.json'), 'utf8')) as LayoutExpectations;
}

/** Copies a fixture (less its expectations) into a fresh temp folder and returns that folder. */
export function copyLayout(layoutDir: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `real-layout-${path.basename(layoutDir)}-`));
  fs.cpSync(layoutDir, target, { recursive: true, filter: source => path.basename(source) !== 'expectations.json' || path.dirname(source) !== layoutDir });
  return target;
}

const isDockerfileName = (name: string) => /^(Dockerfile|Containerfile)([._-].*)?$|\.(Dockerfile|dockerfile)$/.test(name) && !/\.(md|dockerignore)$/i.test(name);
const isProjectName = (name: string) => /\.(cs|fs|vb)proj$/i.test(name);

function filesUnder(dir: string, keep: (name: string) => boolean, base = dir, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(full, keep, base, found);
    else if (keep(entry.name)) found.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return found.sort();
}

const ruleMatches = (expected: ExpectedFinding['rule'], actual: string) =>
  (typeof expected === 'string' ? [expected] : expected).some(rule => rule.endsWith('/*') ? actual.startsWith(rule.slice(0, -1)) : rule === actual);

const describeExpected = (f: ExpectedFinding) => `${typeof f.rule === 'string' ? f.rule : f.rule.join('|')}@${f.line}${f.message ? ` /${f.message}/` : ''}`;
export const describeActual = (f: ActualFinding) => `${f.rule}@${f.line} (${f.severity}): ${f.message.length > 160 ? `${f.message.slice(0, 157)}…` : f.message}`;

/** Lints one Dockerfile of a copied layout as the CLI does by default, and sorts its findings into true, false and missed. */
export function checkDockerfile(copy: string, file: string, expectation: DockerfileExpectation, now = judgedOn): DockerfileResult {
  const dockerfilePath = path.join(copy, file);
  const text = fs.readFileSync(dockerfilePath, 'utf8');
  const linted = lintDockerfile(text, { now, dockerfilePath, ...(expectation.cliContext ? { contextDirectory: path.join(copy, expectation.cliContext) } : {}) });
  const findings = linted.findings.map(toActual);
  const unmatched = [...findings];
  const missed: ExpectedFinding[] = [];
  for (const expected of expectation.findings) {
    const index = unmatched.findIndex(actual => actual.line === expected.line && ruleMatches(expected.rule, actual.rule)
      && (!expected.message || new RegExp(expected.message, 'i').test(actual.message))
      && (!expected.notMessage || !new RegExp(expected.notMessage, 'i').test(actual.message)));
    if (index < 0) {
      if (!expected.optional) missed.push(expected);
    }
    else unmatched.splice(index, 1);
  }
  return { file, findings, falsePositives: unmatched, falseErrors: unmatched.filter(f => f.severity === 'error'), missed };
}

const toActual = (f: Finding): ActualFinding => ({ rule: f.rule, severity: f.severity, line: f.range.start.line + 1, message: f.message });

/** The disk, with files laid over it (the generated Dockerfile and .dockerignore, as if the user had accepted them). */
function overlay(files: Readonly<Record<string, string>>): ProjectFileSystem {
  const dirs = new Set(Object.keys(files).map(file => path.dirname(file)));
  return {
    readText: file => files[file] ?? nodeFileSystem.readText(file),
    exists: file => file in files || dirs.has(file) || nodeFileSystem.exists(file),
    isDirectory: dir => dirs.has(dir) || nodeFileSystem.isDirectory(dir),
    list: dir => [...new Set([...nodeFileSystem.list(dir), ...Object.keys(files).filter(file => path.dirname(file) === dir).map(file => path.basename(file))])],
  };
}

/** `sdk:10.0` or `mcr.microsoft.com/dotnet/sdk:10.0-noble` → { repository: 'sdk', tag: '10.0-noble' }. */
function imageParts(reference: string): { repository: string; tag: string } {
  const withoutRegistry = reference.replace(/^mcr\.microsoft\.com\//, '').replace(/^dotnet\//, '');
  const at = withoutRegistry.lastIndexOf(':');
  return at < 0 ? { repository: withoutRegistry, tag: 'latest' } : { repository: withoutRegistry.slice(0, at), tag: withoutRegistry.slice(at + 1) };
}

export function imageMatches(expected: string, actual: string): boolean {
  const want = imageParts(expected);
  const got = imageParts(actual);
  if (want.repository !== got.repository) return false;
  if (got.tag === want.tag) return true;
  return got.tag.startsWith(`${want.tag}-`) && !/preview|rc\d|nightly/i.test(got.tag.slice(want.tag.length));
}

function fromImages(dockerfile: string): string[] {
  return dockerfile.split(/\r?\n/).filter(line => /^FROM\s/i.test(line)).map(line => line.trim().split(/\s+/).slice(1).filter(word => !word.startsWith('--'))[0] ?? '');
}

function entrypointOf(dockerfile: string): unknown {
  const line = dockerfile.split(/\r?\n/).filter(l => /^ENTRYPOINT\s/i.test(l)).pop();
  if (!line) return undefined;
  const rest = line.replace(/^ENTRYPOINT\s+/i, '');
  try {
    return JSON.parse(rest);
  } catch {
    return rest;
  }
}

/** Generates for one project of a copied layout and says what differs from the expectation (or any alternative). */
export function checkProject(copy: string, file: string, expectation: ProjectExpectation, now = judgedOn): ProjectResult {
  const plan = planGeneration(path.join(copy, file), { now });
  let outcome: string;
  let generatedLint: ActualFinding[] = [];
  if (plan.ok) {
    const text = plan.dockerfile.content;
    const images = fromImages(text);
    generatedLint = lintDockerfile(text, { now, dockerfilePath: plan.dockerfile.path, fileSystem: overlay({ [plan.dockerfile.path]: text, [plan.dockerignore.path]: plan.dockerignore.content }) })
      .findings.map(toActual).filter(f => f.severity === 'error' || f.severity === 'warning');
    outcome = `ok: ${images.join(' → ')}, ENTRYPOINT ${JSON.stringify(entrypointOf(text))}`;
  } else {
    outcome = `refused: ${plan.message}`;
  }
  const judge = (want: ProjectExpectation): string[] => {
    const problems: string[] = [];
    if (want.outcome === 'refused') {
      if (plan.ok) problems.push(`generated (${outcome}) instead of refusing with "${want.reason}"`);
      else if (want.reason && !plan.message.toLowerCase().includes(want.reason.toLowerCase())) problems.push(`refused for another reason: "${plan.message}" (expected "${want.reason}")`);
      return problems;
    }
    if (!plan.ok) return [`refused: "${plan.message}"`];
    const text = plan.dockerfile.content;
    const images = fromImages(text);
    if (want.build && !imageMatches(want.build, images[0] ?? '')) problems.push(`build stage on ${images[0]}, expected ${want.build}`);
    if (want.final && !imageMatches(want.final, images[images.length - 1] ?? '')) problems.push(`final stage on ${images[images.length - 1]}, expected ${want.final}`);
    if (want.entrypoint && JSON.stringify(entrypointOf(text)) !== JSON.stringify(want.entrypoint)) problems.push(`ENTRYPOINT ${JSON.stringify(entrypointOf(text))}, expected ${JSON.stringify(want.entrypoint)}`);
    for (const needed of want.dockerfileIncludes ?? []) if (!text.includes(needed)) problems.push(`the Dockerfile lacks "${needed}"`);
    for (const banned of want.dockerfileExcludes ?? []) if (text.includes(banned)) problems.push(`the Dockerfile has "${banned}"`);
    for (const pattern of want.dockerfileMatches ?? []) if (!new RegExp(pattern, 'im').test(text)) problems.push(`the Dockerfile does not match /${pattern}/`);
    // `artifacts/`, `/artifacts`, `**/artifacts/` and `artifacts` all keep the root's artifacts folder out.
    const bare = (pattern: string) => pattern.trim().replace(/^\/|^\*\*\//, '').replace(/\/$/, '');
    const ignoreLines = plan.dockerignore.content.split(/\r?\n/).map(bare);
    for (const needed of want.dockerignoreIncludes ?? []) if (!ignoreLines.includes(bare(needed))) problems.push(`the proposed ${path.relative(copy, plan.dockerignore.path).split(path.sep).join('/')} lacks "${needed}"`);
    const allowed = new Set(want.allowInGenerated ?? []);
    const dirty = generatedLint.filter(f => !allowed.has(f.rule));
    if (dirty.length) problems.push(`the generated Dockerfile does not lint clean: ${dirty.map(describeActual).join('; ')}`);
    return problems;
  };
  const tried = [expectation, ...(expectation.alternatives ?? [])].map(judge);
  const right = tried.some(problems => problems.length === 0);
  return { project: file, right, problems: right ? [] : tried[0]!, outcome };
}

/** Runs one fixture: every Dockerfile linted, every judged project generated. */
export function runLayout(name: string, root = realLayoutsRoot, now = judgedOn): LayoutResult {
  const layoutDir = path.join(root, name);
  const expectations = readExpectations(layoutDir);
  const copy = copyLayout(layoutDir);
  try {
    const dockerfilesOnDisk = filesUnder(copy, isDockerfileName);
    const projectsOnDisk = filesUnder(copy, isProjectName);
    const dangling = [...Object.keys(expectations.dockerfiles).filter(f => !dockerfilesOnDisk.includes(f)), ...Object.keys(expectations.projects).filter(f => !projectsOnDisk.includes(f))];
    const unjudged = dockerfilesOnDisk.filter(f => !(f in expectations.dockerfiles));
    const dockerfiles = Object.entries(expectations.dockerfiles).filter(([file]) => dockerfilesOnDisk.includes(file)).map(([file, expectation]) => checkDockerfile(copy, file, expectation, now));
    const projects = Object.entries(expectations.projects).filter(([file]) => projectsOnDisk.includes(file)).map(([file, expectation]) => checkProject(copy, file, expectation, now));
    return { name, expectations, dockerfiles, projects, unjudged, dangling };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

export function figuresOf(results: readonly LayoutResult[]): Figures {
  const dockerfiles = results.flatMap(r => r.dockerfiles);
  const projects = results.flatMap(r => r.projects);
  return {
    findings: dockerfiles.reduce((n, d) => n + d.findings.length, 0),
    falsePositives: dockerfiles.reduce((n, d) => n + d.falsePositives.length, 0),
    falseErrors: dockerfiles.reduce((n, d) => n + d.falseErrors.length, 0),
    missed: dockerfiles.reduce((n, d) => n + d.missed.length, 0),
    projects: projects.length,
    projectsRight: projects.filter(p => p.right).length,
  };
}

const percent = (part: number, whole: number) => whole ? (100 * part / whole).toFixed(1) : '0.0';

/** Issue 10's lint figure, in one line. */
export function lintFigureLine(f: Figures): string {
  return `real layouts: lint false positives ${f.falsePositives} of ${f.findings} (${percent(f.falsePositives, f.findings)} %), false errors ${f.falseErrors}; true findings missed ${f.missed}`;
}

/** Issue 10's generate figure, in one line. */
export function generateFigureLine(f: Figures): string {
  return `real layouts: generate ${f.projectsRight} of ${f.projects} projects right (${percent(f.projectsRight, f.projects)} %)`;
}

/** Both figures, in one line. */
export function figuresLine(f: Figures): string {
  return `${lintFigureLine(f)}; ${generateFigureLine(f).replace(/^real layouts: /, '')}`;
}

export const falsePositiveRate = (f: Figures) => f.findings ? f.falsePositives / f.findings : 0;
export const generateRate = (f: Figures) => f.projects ? f.projectsRight / f.projects : 1;
export { describeExpected };

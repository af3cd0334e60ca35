import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { linterFindingDescriptions } from './lintDockerfile';
import { Rule } from './rule';
import { Finding, Severity, severities } from './types';

/** One linted file: how to name it in output, and what was found. */
export interface FileFindings {
  /** The path as the user gave it (text and JSON output print it as is). */
  readonly file: string;
  readonly findings: readonly Finding[];
}

/** One finding in the CLI's JSON output: 1-based line and column, end exclusive, columns in UTF-16 units. */
export interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly rule: string;
  readonly message: string;
}

/** The CLI's `--format json`: every file's findings in one array. */
export function findingsAsJson(files: readonly FileFindings[]): JsonFinding[] {
  return files.flatMap(({ file, findings }) => findings.map(finding => ({
    file,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    severity: finding.severity,
    rule: finding.rule,
    message: finding.message,
  })));
}

/** `file:line:column: severity rule: message` lines, then one summary line. */
export function findingsAsText(files: readonly FileFindings[]): string[] {
  const lines = findingsAsJson(files).map(f => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${f.message}`);
  return [...lines, summaryLine(files)];
}

/** `3 problems (1 error, 2 warnings) in 2 files`, or `no problems in 1 file`. */
function summaryLine(files: readonly FileFindings[]): string {
  const all = files.flatMap(f => f.findings);
  const fileCount = `${files.length} ${files.length === 1 ? 'file' : 'files'}`;
  if (!all.length) return `no problems in ${fileCount}`;
  const counted: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'info'], hint: ['hint', 'hints'] };
  const parts = severities
    .map(severity => [all.filter(f => f.severity === severity).length, counted[severity]] as const)
    .filter(([count]) => count > 0)
    .map(([count, [one, many]]) => `${count} ${count === 1 ? one : many}`);
  return `${all.length} ${all.length === 1 ? 'problem' : 'problems'} (${parts.join(', ')}) in ${fileCount}`;
}

export interface SarifOptions {
  /** Every rule the linter knows (the driver lists them all, with their default levels). */
  readonly rules: readonly Rule[];
  /** Locations are written relative to this folder (the `%SRCROOT%` base). */
  readonly baseDirectory: string;
}

type SarifLevel = 'error' | 'warning' | 'note';
const sarifLevel: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/**
 * A SARIF 2.1.0 log with one run. File paths in `files` are resolved against `baseDirectory` and written as
 * relative URIs (forward slashes, percent-encoded) under `%SRCROOT%`, which `originalUriBaseIds` anchors.
 */
export function findingsAsSarif(files: readonly FileFindings[], options: SarifOptions): object {
  const descriptors = options.rules.map(rule => ({ id: rule.id, description: rule.description, level: sarifLevel[rule.defaultSeverity] }));
  const known = new Set(descriptors.map(d => d.id));
  for (const finding of files.flatMap(f => f.findings)) {
    if (known.has(finding.rule)) continue;
    known.add(finding.rule);
    const description = linterFindingDescriptions[finding.rule] ?? `dockerfile-utils check ${finding.rule.replace(/^dockerfile\//, '')}.`;
    descriptors.push({ id: finding.rule, description, level: sarifLevel[finding.severity] });
  }
  const ruleIndex = new Map(descriptors.map((d, index) => [d.id, index]));
  const results = files.flatMap(({ file, findings }) => findings.map(finding => ({
    ruleId: finding.rule,
    ruleIndex: ruleIndex.get(finding.rule),
    level: sarifLevel[finding.severity],
    message: { text: finding.message },
    locations: [{
      physicalLocation: {
        artifactLocation: artifactLocation(options.baseDirectory, file),
        region: {
          startLine: finding.range.start.line + 1,
          startColumn: finding.range.start.character + 1,
          endLine: finding.range.end.line + 1,
          endColumn: finding.range.end.character + 1,
        },
      },
    }],
  })));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'dotnet-containers',
          rules: descriptors.map(d => ({ id: d.id, shortDescription: { text: d.description }, defaultConfiguration: { level: d.level } })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(options.baseDirectory) } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

/**
 * `dir/my file#1` → `dir/my%20file%231`: each segment percent-encoded, joined by `/`. A file on another
 * Windows drive has no relative form: it gets an absolute `file:` URI and no base.
 */
function artifactLocation(baseDirectory: string, file: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(baseDirectory, file);
  const relative = path.relative(baseDirectory, absolute);
  if (path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** The base folder as a `file:` URI ending in `/`, as SARIF requires of a base. */
function directoryUri(directory: string): string {
  const href = pathToFileURL(path.resolve(directory)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LinterSettings, lintDockerfile, LintResult } from '../../core/lint/lintDockerfile';
import { directDisk, DiskStats } from '../../core/lint/diskStats';
import { GenericChecksRunner, inlineGenericChecks } from '../../core/lint/genericChecksThread';
import { genericChecksWanted, settingPath, severitySettings } from '../../core/lint/lintSettings';
import { Finding, Range, Severity } from '../../core/lint/types';
import { nodeFileSystem } from '../../core/project/fileSystem';

import { settingNames, settingsSection } from '../settingsKeys';
/** `diagnostic.source` of every finding we publish; the quick-fix provider only answers for these. */
export const diagnosticSource = 'dotnet-containers';

const severityKinds: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The last lint of one document: the finding behind each diagnostic, for the quick fixes. */
interface LintedDocument {
  readonly version: number;
  readonly findings: ReadonlyMap<string, Finding>;
  /** What the files that fixes create held when the fixes were computed (undefined: absent). */
  readonly fileSnapshots: ReadonlyMap<string, string | undefined>;
}

/** A finding, and what the files its fixes create held when it was computed. */
export interface FindingWithSnapshots {
  readonly finding: Finding;
  readonly fileSnapshots: ReadonlyMap<string, string | undefined>;
}

/** Dockerfiles in editors (saved or untitled); not diff views of other revisions or generated previews. */
export function isLintable(document: vscode.TextDocument): boolean {
  return document.languageId === 'dockerfile' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

export function toVscodeRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** Finds a diagnostic's finding again: VS Code hands providers copies of diagnostics, so identity is lost. */
function diagnosticKey(rule: string, range: vscode.Range, message: string): string {
  return `${rule}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${message}`;
}

/** Where the linter's own failures are written: the ".NET Containers" output channel. */
export interface LintLog {
  appendLine(line: string): void;
}

/** Until a log is given, failures go to the extension host's log: never nowhere. */
export const hostLog: LintLog = { appendLine: line => console.error(`[dotnet-containers] ${line}`) };

/** How many distinct failures are remembered so that each is logged once, not on every keystroke. */
const LOGGED_FAILURES = 100;

/** Lints open Dockerfiles into the "dotnet-containers" diagnostic collection and remembers the findings. */
export class DockerfileLinter implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('dotnet-containers');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly linted = new Map<string, LintedDocument>();
  private readonly logged = new Set<string>();

  constructor(private readonly now: () => Date, private readonly log: LintLog = hostLog, private readonly genericChecks: GenericChecksRunner = inlineGenericChecks, private readonly disk: DiskStats = directDisk) {}

  /** Lints `delayMs` after the last call for this document (typing, file events), replacing the earlier wait. */
  schedule(document: vscode.TextDocument, delayMs: number): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      if (!document.isClosed) this.lint(document);
    }, delayMs));
  }

  /** Every open Dockerfile, after `delayMs` (settings, project files or installed extensions changed). */
  scheduleAll(delayMs: number): void {
    for (const document of vscode.workspace.textDocuments) if (isLintable(document)) this.schedule(document, delayMs);
  }

  lint(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    const settings = isLintable(document) ? settingsFor(document, this.now(), this.genericChecks, this.disk) : undefined;
    if (!settings) {
      this.forget(document);
      return;
    }
    const name = document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString();
    let result: LintResult;
    try {
      result = lintDockerfile(document.getText(), settings);
    } catch (error) {
      // The linter guards its rules, so this is the parser or the linter itself: what the last lint published
      // stays (its quick fixes are not offered on the changed text), and the stack goes to the log.
      this.logOnce(`linter\n${where(error)}`, `Linting ${name} failed; its earlier diagnostics are kept. ${stackOf(error)}`);
      return;
    }
    for (const failure of result.failures) this.logOnce(`${failure.rule}\n${where(failure.error)}`, `${failure.rule} failed on ${name}: ${stackOf(failure.error)}`);
    const findings: readonly Finding[] = result.findings;
    const byKey = new Map<string, Finding>();
    const fileSnapshots = new Map<string, string | undefined>();
    const diagnostics = findings.map(finding => {
      const diagnostic = new vscode.Diagnostic(toVscodeRange(finding.range), finding.message, severityKinds[finding.severity]);
      diagnostic.source = diagnosticSource;
      diagnostic.code = finding.rule;
      byKey.set(diagnosticKey(finding.rule, diagnostic.range, finding.message), finding);
      for (const file of finding.fixes.flatMap(fix => fix.createFiles ?? [])) fileSnapshots.set(file.path, nodeFileSystem.readText(file.path));
      return diagnostic;
    });
    this.linted.set(key, { version: document.version, findings: byKey, fileSnapshots });
    this.diagnostics.set(document.uri, diagnostics);
  }

  /** Each distinct failure (by `key`) once: a rule that throws would otherwise repeat its stack on every keystroke. */
  private logOnce(key: string, text: string): void {
    if (this.logged.has(key)) return;
    if (this.logged.size >= LOGGED_FAILURES) this.logged.clear();
    this.logged.add(key);
    this.log.appendLine(text);
  }

  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.linted.delete(key);
    this.diagnostics.delete(document.uri);
  }

  /** The finding behind one of our diagnostics, if the document has not changed since it was linted. */
  findingFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): FindingWithSnapshots | undefined {
    const linted = this.linted.get(document.uri.toString());
    if (!linted || linted.version !== document.version) return undefined;
    const rule = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
    const finding = linted.findings.get(diagnosticKey(rule, diagnostic.range, diagnostic.message));
    return finding && { finding, fileSnapshots: linted.fileSnapshots };
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.linted.clear();
    this.diagnostics.dispose();
  }
}

function stackOf(error: unknown): string {
  return (error as Error)?.stack ?? String(error);
}

/** What failed and where it was thrown (the stack's first frame): the same failure from another caller is the same. */
function where(error: unknown): string {
  const lines = stackOf(error).split('\n');
  const frame = lines.findIndex(line => /^\s+at /.test(line));
  return lines.slice(0, frame < 0 ? lines.length : frame + 1).join('\n');
}

/** The linter's settings for a document, from `dotnetContainers.lint.*`; undefined when linting is off there. */
function settingsFor(document: vscode.TextDocument, now: Date, genericChecksRunner: GenericChecksRunner, disk: DiskStats): LinterSettings | undefined {
  const config = vscode.workspace.getConfiguration(settingsSection, document.uri);
  if (!config.get<boolean>(settingNames.lintEnable, true)) return undefined;
  const dockerfilePath = document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? (dockerfilePath && path.dirname(dockerfilePath));
  const projectPath = folder ? settingPath(config.get(settingNames.lintProject), folder) : undefined;
  const contextDirectory = folder ? settingPath(config.get(settingNames.lintContext), folder) : undefined;
  return {
    now,
    severities: severitySettings(config.get(settingNames.lintSeverity)),
    genericChecksRunner,
    disk,
    genericChecks: genericChecksWanted(config.get(settingNames.lintGenericChecks), id => vscode.extensions.getExtension(id) !== undefined),
    ...(dockerfilePath ? { dockerfilePath } : {}),
    ...(projectPath ? { projectPath } : {}),
    ...(contextDirectory ? { contextDirectory } : {}),
  };
}

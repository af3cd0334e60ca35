/** Shapes shared by the linter, its rules, the VS Code adapter and the CLI. Positions are 0-based, UTF-16, like LSP. */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const severities: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
/** What a user may set per rule: a severity, or `off`. */
export type SeveritySetting = Severity | 'off';

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** A quick fix: edits to the Dockerfile, and files to create (e.g. a `.dockerignore`) that do not exist yet. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /**
   * Files to write. `overwrite` marks a file that exists: `content` is its whole new text (e.g. a
   * `.dockerignore` merged with what it had), to replace rather than fail on.
   */
  readonly createFiles?: ReadonlyArray<{ readonly path: string; readonly content: string; readonly overwrite?: boolean }>;
  /** The fix the editor offers first (VS Code's `isPreferred`). */
  readonly preferred?: boolean;
}

/** What a rule reports; the linter adds the severity from the settings. */
export interface RuleFinding {
  readonly range: Range;
  /** What is wrong, why it matters and what to do, in a sentence. */
  readonly message: string;
  readonly fixes?: readonly Fix[];
  /** When this finding is graver or milder than the rule's default (it cannot start vs it only wastes space); a user's setting for the rule wins. */
  readonly severity?: Severity;
}

export interface Finding extends RuleFinding {
  /** Stable id: `dotnet/…` for our rules, `dockerfile/…` for dockerfile-utils' generic checks. */
  readonly rule: string;
  readonly severity: Severity;
  readonly fixes: readonly Fix[];
}

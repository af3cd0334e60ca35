import { LintContext } from './lintContext';
import { RuleFinding, Severity } from './types';

/** One check, in its own file under rules/, with its quick fixes. */
export interface Rule {
  /** Stable id, e.g. `dotnet/variant-mismatch`: the CLI's `rule` field, the setting key, the ignore comment. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line for documentation and settings. */
  readonly description: string;
  /** Compares the Dockerfile with the project: it checks less, or nothing, when the project cannot be read. */
  readonly usesProject?: boolean;
  check(context: LintContext): readonly RuleFinding[];
}

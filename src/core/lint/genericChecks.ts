import { validate, ValidationCode, ValidationSeverity, ValidatorSettings } from 'dockerfile-utils';
import { Finding } from './types';

// dockerfile-utils replaces (not merges) its defaults with any settings object passed: always pass all of them.
const allWarnings: Required<ValidatorSettings> = {
  deprecatedMaintainer: ValidationSeverity.WARNING,
  directiveCasing: ValidationSeverity.WARNING,
  emptyContinuationLine: ValidationSeverity.WARNING,
  instructionCasing: ValidationSeverity.WARNING,
  instructionCmdMultiple: ValidationSeverity.WARNING,
  instructionEntrypointMultiple: ValidationSeverity.WARNING,
  instructionHealthcheckMultiple: ValidationSeverity.WARNING,
  instructionJSONInSingleQuotes: ValidationSeverity.WARNING,
  instructionWorkdirRelative: ValidationSeverity.WARNING,
};

/** `CASING_INSTRUCTION` → `dockerfile/casing-instruction`. */
export function genericRuleId(code: number | string | undefined): string {
  const name = typeof code === 'number' ? ValidationCode[code] : undefined;
  return `dockerfile/${(name ?? 'syntax').toLowerCase().replace(/_/g, '-')}`;
}

/** What the generic checks found, or the error that stopped them (then there are no findings). */
export interface GenericFindings {
  readonly findings: Finding[];
  readonly error?: unknown;
}

/**
 * dockerfile-utils' builder-style checks (arguments, flags, casing…). It throws on some inputs (heredoc
 * edge cases in dockerfile-ast 0.7.1): then there are no findings and the error, for the linter to say.
 */
export function genericFindings(text: string): GenericFindings {
  let diagnostics;
  try {
    diagnostics = validate(text, allWarnings);
  } catch (error) {
    return { findings: [], error };
  }
  const findings = diagnostics.map((diagnostic): Finding => ({
    rule: genericRuleId(diagnostic.code as number | undefined),
    severity: diagnostic.severity === 1 ? 'error' : diagnostic.severity === 2 ? 'warning' : diagnostic.severity === 3 ? 'info' : 'hint',
    range: diagnostic.range,
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    fixes: [],
  }));
  return { findings };
}

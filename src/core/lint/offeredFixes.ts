import { Finding, Fix, Position, severities, TextEdit } from './types';

/**
 * The order findings are listed in: by position, the graver first where several start at one place (the editor
 * lists their quick fixes in this order, preferred ones first), then by rule.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line
    || a.range.start.character - b.range.start.character
    || severities.indexOf(a.severity) - severities.indexOf(b.severity)
    || a.rule.localeCompare(b.rule);
}

/**
 * The editor shows the fixes of every finding on a line together. Line by line, in the findings' order:
 * - a fix that several findings offer (same title, same edits) is kept once, with the finding that prefers it,
 *   else the first;
 * - a preferred fix that rewrites text an earlier (graver) finding's preferred fix rewrites stays as an
 *   alternative only, so that the first quick fix, and auto fix, are the graver finding's.
 */
export function settleFixes(findings: readonly Finding[]): Finding[] {
  const fixes = findings.map(finding => [...finding.fixes]);
  const lines = new Map<number, number[]>();
  findings.forEach((finding, index) => lines.set(finding.range.start.line, [...(lines.get(finding.range.start.line) ?? []), index]));
  for (const onLine of lines.values()) {
    // Where each fix stays: a finding's index (one fix object may be shared by several findings).
    const keptWith = new Map<string, { index: number; preferred: boolean }>();
    for (const index of onLine) {
      for (const fix of fixes[index]!) {
        const key = fixKey(fix);
        const kept = keptWith.get(key);
        if (!kept || (fix.preferred && !kept.preferred)) keptWith.set(key, { index, preferred: fix.preferred === true });
      }
    }
    const claimed: Fix[] = [];
    for (const index of onLine) {
      fixes[index] = fixes[index]!.filter(fix => keptWith.get(fixKey(fix))!.index === index).map(fix => {
        if (!fix.preferred) return fix;
        if (claimed.some(other => touchSameText(other, fix))) return { ...fix, preferred: false };
        claimed.push(fix);
        return fix;
      });
    }
  }
  return findings.map((finding, index) => (sameFixes(finding.fixes, fixes[index]!) ? finding : { ...finding, fixes: fixes[index]! }));
}

/** Title, edits (in any order) and files written: what makes two offered fixes the same. */
function fixKey(fix: Fix): string {
  const edits = fix.edits.map(edit => `${positionKey(edit.range.start)}-${positionKey(edit.range.end)}=${JSON.stringify(edit.newText)}`).sort();
  const files = (fix.createFiles ?? []).map(file => JSON.stringify([file.path, file.content, file.overwrite === true])).sort();
  return JSON.stringify([fix.title, edits, files]);
}

function positionKey(position: Position): string {
  return `${position.line}:${position.character}`;
}

/** Edits whose ranges meet (touching ends and insertions at one place included), or the same file written. */
function touchSameText(a: Fix, b: Fix): boolean {
  const meet = (x: TextEdit, y: TextEdit) => comparePositions(x.range.start, y.range.end) <= 0 && comparePositions(y.range.start, x.range.end) <= 0;
  const files = new Set((a.createFiles ?? []).map(file => file.path));
  return a.edits.some(x => b.edits.some(y => meet(x, y))) || (b.createFiles ?? []).some(file => files.has(file.path));
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function sameFixes(a: readonly Fix[], b: readonly Fix[]): boolean {
  return a.length === b.length && a.every((fix, index) => fix === b[index]);
}

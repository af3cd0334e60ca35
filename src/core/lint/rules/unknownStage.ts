import { ImageReferenceResult, parseImageReference } from '../../images/imageReference';
import { flagsOf, imageRangeOf } from '../instructionWords';
import { LintContext, safe, Stage } from '../lintContext';
import { Rule } from '../rule';
import { Range, RuleFinding } from '../types';

type Reference = 'FROM' | 'COPY --from' | 'RUN --mount=from';

/**
 * A name that is not a stage is an image to Docker: `COPY --from=buidl` pulls `docker.io/library/buidl` and
 * fails far from the typo. Names close to a stage name, names that are no valid image reference, and stage
 * indexes past the last stage are reported; real image names (`nginx:1.27`, `--from=golang`) are not.
 */
export const unknownStage: Rule = {
  id: 'dockerfile/unknown-stage',
  defaultSeverity: 'error',
  description: 'COPY --from, RUN --mount=from or FROM names a stage that does not exist (a misspelt stage name or an index past the last stage).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const imageRange = imageRangeOf(stage.from);
      // FROM sees only the stages above it; a variable in the raw image would be lost by a rewrite.
      if (!stage.baseStage && !stage.unresolved && imageRange) {
        const editable = !stage.writtenImage.includes('$');
        findings.push(...check(context, stage, 'FROM', stage.imageText, imageRange, editable));
      }
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword !== 'COPY' && keyword !== 'RUN') continue;
        for (const flag of safe(() => flagsOf(instruction), [])) {
          const name = flag.getName().toLowerCase();
          if (keyword === 'COPY' && name === 'from') {
            const range = flag.getValueRange();
            if (range && flag.getValue()) findings.push(...check(context, stage, 'COPY --from', flag.getValue()!, range, true));
          } else if (keyword === 'RUN' && name === 'mount') {
            const from = safe(() => flag.getOption('from'), null);
            const range = from?.getValueRange();
            if (from && range && from.getValue()) findings.push(...check(context, stage, 'RUN --mount=from', from.getValue()!, range, true));
          }
        }
      }
    }
    return findings;
  },
};

function check(context: LintContext, stage: Stage, kind: Reference, value: string, range: Range, editable: boolean): RuleFinding[] {
  if (value.includes('$')) return [];
  const written = `${kind}${kind === 'FROM' ? ' ' : '='}${value}`;
  if (/^\d+$/.test(value)) {
    if (kind === 'FROM') return [];
    const index = Number(value);
    if (index < context.stages.length && index !== stage.index) return [];
    const why = index === stage.index
      ? `is stage ${index} itself, and a stage cannot take files from its own result`
      : `names stage ${index}, but the stages are numbered 0 to ${context.stages.length - 1}`;
    return [{ range, message: `${written} ${why}, so the build fails; name an earlier stage.` }];
  }

  const lower = value.toLowerCase();
  // COPY and RUN --mount find a stage anywhere in the file; FROM only the stages above it.
  const candidates = kind === 'FROM' ? context.stages.filter(s => s.index < stage.index) : context.stages;
  const exact = context.stages.find(s => s.name === lower);
  if (exact && candidates.includes(exact)) {
    if (kind === 'FROM' || exact !== stage) return [];
    return [{ range, message: `${written} names this very stage, and a stage cannot take files from its own result, so the build fails; name an earlier stage.` }];
  }
  // `FROM node AS node` and a FROM naming a stage further down both mean the image of that name.
  if (exact || (kind === 'FROM' && lower === 'scratch')) return [];

  // A valid image reference with a registry, path, tag or digest is an image; a bare word is one only when no stage name is a typo away.
  // A FROM's image was parsed with its stage (stage.reference, when valid).
  const parsed: ImageReferenceResult = kind === 'FROM' && stage.reference ? { ...stage.reference, ok: true } : parseImageReference(value);
  if (parsed.ok && /[/:@]/.test(value)) return [];
  const closest = closestStage(lower, candidates.filter(s => s !== stage));
  if (parsed.ok && !closest) return [];
  if (!parsed.ok && kind === 'FROM' && !closest) return []; // dockerfile-utils reports FROM's invalid references
  const stageName = closest?.from.getBuildStage() ?? closest?.name;
  const problem = parsed.ok
    ? `names no stage of this Dockerfile, so Docker pulls an image called ${value} instead`
    : `names no stage and is not a valid image name either (${parsed.message})`;
  const advice = stageName ? `did you mean the stage ${stageName}?` : 'name a stage or an image.';
  return [{
    range,
    message: `${written} ${problem}, and the build fails; ${advice}`,
    fixes: stageName && editable ? [{ title: `Use stage ${stageName}`, edits: [{ range, newText: stageName }], preferred: true }] : [],
  }];
}

/** The named stage a typo away: edit distance (with swapped letters as one edit) at most 2, and under half the name. */
function closestStage(name: string, stages: readonly Stage[]): Stage | undefined {
  let best: { stage: Stage; distance: number } | undefined;
  for (const stage of stages) {
    if (!stage.name) continue;
    const distance = editDistance(name, stage.name);
    if (distance <= 2 && distance < stage.name.length / 2 && (!best || distance < best.distance)) best = { stage, distance };
  }
  return best?.stage;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

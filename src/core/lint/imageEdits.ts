import { formatImageReference } from '../images/imageReference';
import { imageRangeOf } from './instructionWords';
import { Stage } from './lintContext';
import { Fix, Range } from './types';

/** The range of a FROM's image argument (the whole `FROM` line when it has none). */
export function imageRange(stage: Stage): Range {
  return imageRangeOf(stage.from) ?? stage.from.getRange();
}

/**
 * The stage's image with another tag (and optionally another .NET repo), written the way the FROM wrote its
 * registry. Undefined when the FROM uses variables: rewriting it would drop the user's ARGs.
 */
export function retaggedImage(stage: Stage, tag: string, repository?: string): string | undefined {
  if (!stage.reference || stage.writtenImage.includes('$')) return undefined;
  return formatImageReference({ registry: stage.reference.registry, repository: repository ?? stage.reference.repository, tag }, { familiar: true });
}

/** A fix that replaces the stage's image with `image`. */
export function replaceImageFix(stage: Stage, image: string, title: string, preferred = false): Fix {
  return { title, edits: [{ range: imageRange(stage), newText: image }], ...(preferred ? { preferred } : {}) };
}

import { supportedVersions } from '../../images/dotnetCatalog';
import { imageRange } from '../imageEdits';
import { imageEdit, movedImage, namedImage } from '../imageVersions';
import { LintContext, Stage } from '../lintContext';
import { Rule } from '../rule';
import { Fix, RuleFinding } from '../types';

/**
 * Retired .NET image names (`microsoft/dotnet`, `microsoft/aspnetcore[-build]`, `mcr.microsoft.com/dotnet/core/*`,
 * `…/core-nightly/*`): they get no updates, and some were deleted. The fix writes the same tag under today's
 * name when it was published there, else the newest supported version of the replacement repository.
 */
export const deprecatedImage: Rule = {
  id: 'dotnet/deprecated-image',
  defaultSeverity: 'warning',
  description: 'A retired .NET image name (microsoft/dotnet, microsoft/aspnetcore, mcr.microsoft.com/dotnet/core/*…).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const deprecated = !stage.baseStage && stage.reference ? stage.dotnetImage?.deprecated : undefined;
      if (!deprecated) continue;
      const fix = replacementFix(context, stage);
      const instead = deprecated.replacement
        ? `Use ${deprecated.replacement}.`
        : stage.dotnetImage?.version
          ? `This version was never published under ${deprecated.replacementRepository}: move to a supported version there.`
          : `Use ${deprecated.replacementRepository} instead.`;
      findings.push({
        range: imageRange(stage),
        message: `${deprecated.deprecated} is a retired image name: ${deprecated.reason} ${instead}`,
        fixes: fix ? [fix] : [],
      });
    }
    return findings;
  },
};

function replacementFix(context: LintContext, stage: Stage): Fix | undefined {
  const replacement = stage.dotnetImage?.deprecated?.replacement;
  if (replacement) {
    const edit = imageEdit(context, stage, replacement);
    return edit && { title: `Replace with ${replacement}`, edits: [edit], preferred: true };
  }
  // 1.x/2.0/2.2/3.0 never reached the new names: name and version have to move together.
  const named = namedImage(stage);
  const newest = supportedVersions(context.now)[0]?.version;
  const change = named && newest ? movedImage(context, named, newest) : undefined;
  return change && { title: `Replace with ${change.reference} (also retarget the project to net${newest})`, edits: [change.edit], preferred: true };
}

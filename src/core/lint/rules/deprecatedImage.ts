import { supportStatus } from '../../images/imageSupportStatus';
import { imageRange } from '../imageEdits';
import { imageEdit, namedImage, supportedVersionFix } from '../imageVersions';
import { LintContext, Stage } from '../lintContext';
import { Rule } from '../rule';
import { Fix, RuleFinding } from '../types';

/**
 * Retired .NET image names (`microsoft/dotnet`, `microsoft/aspnetcore[-build]`, `mcr.microsoft.com/dotnet/core/*`,
 * `…/core-nightly/*`): they get no updates, and some were deleted. The fix writes the same tag under today's
 * name when it was published there, else the newest supported version of the replacement repository. Today's name
 * on a version past end of support is no better kept up: then moving to the supported version (the fix
 * dotnet/eol offers too) is the preferred fix, and the rename only an alternative.
 */
export const deprecatedImage: Rule = {
  id: 'dotnet/deprecated-image',
  defaultSeverity: 'warning',
  description: 'A retired .NET image name (microsoft/dotnet, microsoft/aspnetcore, mcr.microsoft.com/dotnet/core/*…).',
  usesProject: true,
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const deprecated = !stage.baseStage && stage.reference ? stage.dotnetImage?.deprecated : undefined;
      if (!deprecated) continue;
      const fixes = replacementFixes(context, stage);
      const instead = deprecated.replacement
        ? `Use ${deprecated.replacement}.`
        : stage.dotnetImage?.version
          ? `This version was never published under ${deprecated.replacementRepository}: move to a supported version there.`
          : `Use ${deprecated.replacementRepository} instead.`;
      findings.push({
        range: imageRange(stage),
        // A tag the retired name never had (or lost) fails the pull: the build cannot start.
        message: deprecated.unpullable
          ? `${stage.imageText} cannot be pulled: ${deprecated.unpullable} (${deprecated.deprecated} is a retired image name). ${instead}`
          : `${deprecated.deprecated} is a retired image name: ${deprecated.reason} ${instead}`,
        fixes,
        ...(deprecated.unpullable ? { severity: 'error' as const } : {}),
      });
    }
    return findings;
  },
};

function replacementFixes(context: LintContext, stage: Stage): Fix[] {
  const replacement = stage.dotnetImage?.deprecated?.replacement;
  const edit = replacement ? imageEdit(context, stage, replacement) : undefined;
  const rename: Fix | undefined = edit && { title: `Replace with ${replacement}`, edits: [edit] };
  const named = namedImage(stage);
  // Name and version move together past end of support (1.x/2.0/2.2/3.0 never even reached the new names).
  const mustMove = named !== undefined && (!replacement || supportStatus(named.image, context.now).status === 'end-of-support');
  if (!mustMove) return rename ? [{ ...rename, preferred: true }] : [];
  const supported = supportedVersionFix(context, named);
  return [...(supported ? [supported] : []), ...(rename ? [rename] : [])];
}

import { supportStatus } from '../../images/imageSupportStatus';
import { imageRange } from '../imageEdits';
import { imageChange, namedImages } from '../imageVersions';
import { Rule } from '../rule';
import { RuleFinding } from '../types';

/**
 * A tag that can still be pulled but is no longer rebuilt, so it misses OS and .NET patches: an Alpine or OS
 * release the images moved on from, CBL-Mariner, a preview tag after GA. Only what the catalog calls stale is
 * reported. A fixed `major.minor.patch` tag is not: pinning a patch is a deliberate choice, and whether a newer
 * patch exists is registry knowledge the catalog does not have. Retired repository names are left to
 * dotnet/deprecated-image, versions past end of support to dotnet/eol.
 */
export const staleTag: Rule = {
  id: 'dotnet/stale-tag',
  defaultSeverity: 'warning',
  description: 'A tag that still exists but is no longer updated (old Alpine/OS release, CBL-Mariner, preview after GA).',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const named of namedImages(context)) {
      if (named.image.deprecated) continue;
      const status = supportStatus(named.image, context.now);
      if (status.status !== 'stale-tag') continue;
      // The catalog's replacement keeps the version and the closest variant; a digest pin cannot be moved here.
      const change = status.replacementTag && !named.image.pinnedByDigest ? imageChange(context, named, status.replacementTag) : undefined;
      const since = status.lastUpdated ? ` since ${status.lastUpdated}` : '';
      const prerelease = named.image.tag?.prerelease;
      findings.push({
        range: imageRange(named.stage),
        message: `${named.stage.imageText} has not been updated${since}${prerelease ? ` (${prerelease} tags stop at GA)` : ''}, so it misses OS and .NET security fixes. ${change ? `Use ${change.name}, the tag that replaces it.` : 'Use a current tag for this version.'}`,
        fixes: change ? [{ title: `Use ${change.name}`, edits: [change.edit], preferred: true }] : [],
      });
    }
    return findings;
  },
};

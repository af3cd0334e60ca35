import { supportStatus } from '../../images/imageSupportStatus';
import { recommendedVersion } from '../../images/dotnetSupport';
import { imageRange } from '../imageEdits';
import { builtFramework, isOlder, namedImages, supportedVersionFix } from '../imageVersions';
import { Rule } from '../rule';
import { RuleFinding } from '../types';

/**
 * A .NET version past its end of support on `context.now`: its images get no more security fixes. Each FROM
 * that names such an image is reported; the fix moves it to the recommended supported version (recommendedVersion: the longest supported, LTS on a tie), and the
 * build's SDKs with the final image (an older SDK cannot target it). OS end of support is not judged here: the
 * catalog has no OS dates, and images on an OS past its end stop being updated, which dotnet/stale-tag reports.
 */
export const eol: Rule = {
  id: 'dotnet/eol',
  defaultSeverity: 'warning',
  description: 'An image whose .NET version is past its end of support (no more security fixes).',
  usesProject: true,
  check(context) {
    const newest = recommendedVersion(context.now)?.version;
    const framework = builtFramework(context)?.framework;
    const findings: RuleFinding[] = [];
    for (const named of namedImages(context)) {
      const status = supportStatus(named.image, context.now);
      if (status.status !== 'end-of-support') continue;
      const fix = supportedVersionFix(context, named);
      // The image alone does not move the app: a project still on the old TFM must be retargeted too.
      const retarget = newest && framework && isOlder(framework.version, newest) ? `net${newest}` : undefined;
      // A project that targets the newest too (net9.0;net10.0) only needs -f to pick it.
      const alsoTargets = retarget !== undefined && (context.project?.info.targetFrameworks ?? []).some(tfm => tfm.identifier === '.NETCoreApp' && tfm.version === newest);
      const advice = newest
        ? `Move to .NET ${newest}${retarget ? (alsoTargets ? ` and publish ${retarget}, which the project targets too` : ` and retarget the project from ${framework!.moniker} to ${retarget}`) : ''}.`
        : 'Move to a supported .NET version.';
      findings.push({
        range: imageRange(named.stage),
        message: `.NET ${status.version} reached end of support on ${status.endOfSupport}: ${named.stage.imageText} gets no more security fixes. ${advice}`,
        fixes: fix ? [fix] : [],
      });
    }
    return findings;
  },
};

import { supportStatus } from '../../images/imageSupportStatus';
import { compareVersions } from '../../project/targetFramework';
import { runsApp } from '../appShape';
import { imageRange } from '../imageEdits';
import { builtFramework, buildSdkImages, finalImage, isOlder, movedImage, NamedImage } from '../imageVersions';
import { LintContext } from '../lintContext';
import { Rule } from '../rule';
import { Fix, RuleFinding } from '../types';

/**
 * The SDK stage and the final stage on different .NET versions. An older SDK cannot target the final image's
 * .NET, so the app it builds needs roll-forward to start there; a newer SDK is fine only while the project
 * targets the final image's version, which is the one case left silent when the project says so. The finding
 * sits on the stage to move: towards the project's target framework when it is one of the two versions, else
 * up to the newer one. (The target framework itself is dotnet/tfm-mismatch's business, and may be reported
 * there too.) A warning, and an error when the older SDK's app cannot start on the final image.
 */
export const versionMismatch: Rule = {
  id: 'dotnet/version-mismatch',
  defaultSeverity: 'warning',
  description: 'The sdk stage and the final image are on different .NET versions.',
  usesProject: true,
  check(context) {
    const final = finalImage(context);
    // Without an app carried from the SDK stage to the final image, their versions need not agree.
    if (!final || final.image.catalogRepo === 'sdk' || !runsApp(context)) return [];
    const framework = builtFramework(context)?.framework.version;
    const findings: RuleFinding[] = [];
    for (const sdk of buildSdkImages(context)) {
      const sdkVersion = sdk.image.version;
      if (!sdkVersion || sdk.stage === final.stage || compareVersions(sdkVersion, final.version) === 0) continue;
      const sdkOlder = isOlder(sdkVersion, final.version);
      // A newer SDK building the older framework the final image runs is the usual way to use a newer SDK.
      if (!sdkOlder && framework !== undefined && compareVersions(framework, final.version) === 0) continue;
      const target = framework !== undefined && [sdkVersion, final.version].includes(framework) ? framework : sdkOlder ? final.version : sdkVersion;
      const [moved, other] = target === sdkVersion ? [final, sdk] : [sdk, final];
      const fixes = alignFixes(context, moved, target, other, moved.image.version!);
      // An older SDK cannot produce an app the newer runtime starts (self-contained apps on runtime-deps aside).
      const fails = sdkOlder && final.image.catalogRepo !== 'runtime-deps';
      findings.push({
        range: imageRange(moved.stage),
        message: `${explain(sdk, sdkVersion, final, final.version)} ${fixes[0] ? `${fixes[0].title} so both stages are on .NET ${target}.` : `Put both stages on .NET ${target}.`}`,
        fixes,
        ...(fails ? { severity: 'error' as const } : {}),
      });
    }
    return findings;
  },
};

function explain(sdk: NamedImage, sdkVersion: string, final: NamedImage, finalVersion: string): string {
  const stages = `The build stage uses the .NET ${sdkVersion} SDK (${sdk.stage.imageText}) but the final image is .NET ${finalVersion} (${final.stage.imageText})`;
  if (final.image.catalogRepo === 'runtime-deps') {
    return `${stages}: a self-contained app carries the runtime its SDK targets, while runtime-deps ships the OS libraries tested with .NET ${finalVersion}, and the two stop getting fixes at different times.`;
  }
  return isOlder(sdkVersion, finalVersion)
    ? `${stages}: the .NET ${sdkVersion} SDK cannot target .NET ${finalVersion}, so the app it builds does not start on that image unless it rolls forward to a new major version.`
    : `${stages}: an app targeting net${sdkVersion} does not start there; this works only while the project targets net${finalVersion} or older.`;
}

/** Move `moved` to `target` (preferred); or `other` to `moved`'s version, when that version is still supported. */
function alignFixes(context: LintContext, moved: NamedImage, target: string, other: NamedImage, otherTarget: string): Fix[] {
  const fixes: Fix[] = [];
  const primary = movedImage(context, moved, target);
  if (primary) fixes.push({ title: `Use ${primary.name}`, edits: [primary.edit], preferred: true });
  const alternative = supportStatus(otherTarget, context.now).status === 'supported' ? movedImage(context, other, otherTarget) : undefined;
  if (alternative) fixes.push({ title: `Use ${alternative.name}`, edits: [alternative.edit] });
  return fixes;
}

import * as path from 'node:path';
import { defaultVariant } from '../images/dotnetCatalog';
import { dotnetVersions } from '../images/dotnetSupport';
import { GlobalJson } from '../project/ProjectInfo';
import { compareVersions } from '../project/targetFramework';

/** The sdk image version for the build stage, and what the user should know about the global.json pin. */
export interface SdkChoice {
  /** `major.minor` of the sdk image. */
  readonly version: string;
  /** Why the build stage is not on the TFM's own version, for a comment in the Dockerfile. */
  readonly reason?: string;
  readonly warnings: readonly string[];
}

interface Pin {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
  /** `10.0` */
  readonly majorMinor: string;
  /** The feature band: `4` for 10.0.4xx. */
  readonly band: number;
  readonly prerelease: boolean;
}

/** The rollForward values the SDK accepts (https://learn.microsoft.com/dotnet/core/tools/global-json). */
const rollForwardValues = ['patch', 'feature', 'minor', 'major', 'latestpatch', 'latestfeature', 'latestminor', 'latestmajor', 'disable'];

/**
 * The sdk image that satisfies a global.json pin while building `tfmVersion`. dotnet-docker publishes only the
 * newest feature band of each `major.minor` (dotnet/dotnet-docker#4597), so `sdk:10.0` holds 10.0.N00 and later
 * for the newest band N. A newer SDK builds an older TFM, so the pin may move the build stage up (never the
 * final stage). The pin counts only when the build stage reads it: dotnet looks for global.json from its
 * working directory (the build context) upward, so `globalJsonInContextRoot` says whether it lies there.
 */
export function sdkForGlobalJson(tfmVersion: string, globalJson: GlobalJson | undefined, globalJsonInContextRoot: boolean): SdkChoice {
  const keep: SdkChoice = { version: tfmVersion, warnings: [] };
  if (!globalJson?.sdkVersion || !globalJsonInContextRoot) return keep;
  const name = path.basename(globalJson.file);
  const match = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/.exec(globalJson.sdkVersion.trim());
  // An unreadable version is the project reader's warning to give; no image choice follows from it.
  if (!match) return keep;
  const pin: Pin = {
    text: globalJson.sdkVersion.trim(),
    major: Number(match[1]),
    minor: Number(match[2]),
    majorMinor: `${Number(match[1])}.${Number(match[2])}`,
    band: Math.floor(Number(match[3]) / 100),
    prerelease: match[4] !== undefined,
  };
  // Without rollForward a pinned version rolls forward to the latest patch of its feature band only.
  const rollForwardText = globalJson.rollForward?.trim() || 'latestPatch';
  const rollForward = rollForwardText.toLowerCase();
  if (!rollForwardValues.includes(rollForward)) {
    return { ...keep, warnings: [`${name} sets rollForward "${rollForwardText}", which the SDK does not know: dotnet stops with an error in the build stage. Use latestFeature, latestMinor or latestMajor.`] };
  }
  const said = `${name} pins SDK ${pin.text}${globalJson.rollForward ? ` with rollForward ${rollForwardText}` : ' (rollForward latestPatch, the default)'}`;
  const allowPrerelease = globalJson.allowPrerelease !== false;

  // Versions with sdk images that can build the TFM, oldest first; released ones before previews.
  const withImages = dotnetVersions()
    .filter(v => defaultVariant(v.version, 'sdk') !== undefined && compareVersions(v.version, tfmVersion) >= 0)
    .sort((a, b) => Number(a.preview) - Number(b.preview) || compareVersions(a.version, b.version));
  const accepts = (version: string, preview: boolean): 'yes' | 'band' | 'no' => {
    if (preview && !allowPrerelease) return 'no';
    const [major, minor] = version.split('.').map(Number) as [number, number];
    const same = version === pin.majorMinor;
    switch (rollForward) {
      case 'patch': case 'latestpatch':
        // Only the pinned feature band will do: whether the image has it depends on when it was built.
        return same ? 'band' : 'no';
      case 'disable':
        // Exactly the pinned version: a released image never carries an alpha or preview SDK.
        return same && (!pin.prerelease || preview) ? 'band' : 'no';
      case 'feature': case 'latestfeature':
        return same ? 'yes' : 'no';
      case 'minor': case 'latestminor':
        return major === pin.major && minor >= pin.minor ? 'yes' : 'no';
      default:
        return compareVersions(version, pin.majorMinor) >= 0 ? 'yes' : 'no';
    }
  };
  const satisfying = withImages.find(v => v.version === tfmVersion && accepts(v.version, v.preview) === 'yes')
    ?? withImages.find(v => accepts(v.version, v.preview) === 'yes');
  if (satisfying) {
    return satisfying.version === tfmVersion ? keep : {
      version: satisfying.version,
      reason: `${said}: the .NET ${satisfying.version} SDK satisfies it and builds net${tfmVersion}.`,
      warnings: [`${said}: the build stage uses the .NET ${satisfying.version} SDK (it builds net${tfmVersion}); the final stage stays on .NET ${tfmVersion}.`],
    };
  }
  const bandOnly = withImages.find(v => accepts(v.version, v.preview) === 'band');
  if (bandOnly) {
    const exact = rollForward === 'disable' ? `exactly ${pin.text}` : `the ${pin.majorMinor}.${pin.band}xx feature band`;
    return {
      version: bandOnly.version,
      ...(bandOnly.version === tfmVersion ? {} : { reason: `${said}: only the .NET ${bandOnly.version} SDK can satisfy it.` }),
      warnings: [`${said}: only ${exact} satisfies it, and the sdk:${bandOnly.version} image carries just the newest feature band of ${bandOnly.version}. If the build stage says "A compatible .NET SDK was not found", set "rollForward": "latestFeature" in ${name}.`],
    };
  }
  return { ...keep, warnings: [`${said}, and no sdk image that builds net${tfmVersion} satisfies it, so the build stage stops with "A compatible .NET SDK was not found". ${advice(pin, rollForward, allowPrerelease, tfmVersion, name)}`] };
}

/** What to change in global.json when no image can satisfy it. */
function advice(pin: Pin, rollForward: string, allowPrerelease: boolean, tfmVersion: string, name: string): string {
  if (compareVersions(pin.majorMinor, tfmVersion) < 0 && !['major', 'latestmajor'].includes(rollForward)) {
    return `The .NET ${pin.majorMinor} SDK cannot build net${tfmVersion}: set "version" to ${tfmVersion}.100 or "rollForward": "latestMajor" in ${name}.`;
  }
  const preview = dotnetVersions().find(v => v.version === pin.majorMinor);
  if (preview?.preview && !allowPrerelease) return `Only a prerelease .NET ${pin.majorMinor} SDK exists: set "allowPrerelease": true in ${name}.`;
  if (!preview || defaultVariant(pin.majorMinor, 'sdk') === undefined) return `There is no sdk image for .NET ${pin.majorMinor}: pin a released SDK in ${name}.`;
  return `Set "rollForward": "latestMajor" in ${name}, or pin a version an sdk image carries.`;
}

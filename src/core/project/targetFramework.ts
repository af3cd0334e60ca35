/** A target framework moniker (`net10.0`, `net8.0-windows`, `netstandard2.0`, `net48`, `netcoreapp3.1`) taken apart. */
export interface TargetFramework {
  readonly moniker: string;
  readonly identifier: '.NETCoreApp' | '.NETFramework' | '.NETStandard';
  /** `major.minor`, e.g. `10.0`, `4.8`, `2.0`. */
  readonly version: string;
  /** The OS part after the dash (`windows`, `android`…), if any. */
  readonly platform?: string;
}

/** Parses a TFM; undefined when it is not one MSBuild would recognise. */
export function parseTargetFramework(moniker: string): TargetFramework | undefined {
  const text = moniker.trim().toLowerCase();
  const [framework = '', platform] = text.split('-', 2);
  const withPlatform = platform ? { platform: platform.replace(/[\d.]+$/, '') } : {};
  let match = /^netcoreapp(\d+)\.(\d+)$/.exec(framework);
  if (match) return { moniker: text, identifier: '.NETCoreApp', version: `${match[1]}.${match[2]}`, ...withPlatform };
  match = /^netstandard(\d+)\.(\d+)$/.exec(framework);
  if (match) return { moniker: text, identifier: '.NETStandard', version: `${match[1]}.${match[2]}`, ...withPlatform };
  match = /^net(\d+)\.(\d+)$/.exec(framework);
  if (match && Number(match[1]) >= 5) return { moniker: text, identifier: '.NETCoreApp', version: `${match[1]}.${match[2]}`, ...withPlatform };
  match = /^net(\d)(\d)(\d?)$/.exec(framework);
  if (match) return { moniker: text, identifier: '.NETFramework', version: `${match[1]}.${match[2]}${match[3] ? `.${match[3]}` : ''}`, ...withPlatform };
  return undefined;
}

/** Compares `major.minor[.patch]` versions numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** MSBuild's IsTargetFrameworkCompatible(candidate, target): can a `candidate` project reference a `target` one? */
export function isTargetFrameworkCompatible(candidate: string, target: string): boolean | undefined {
  const c = parseTargetFramework(candidate);
  const t = parseTargetFramework(target);
  if (!c || !t) return undefined;
  if (t.platform && t.platform !== c.platform) return false;
  if (c.identifier === t.identifier) return compareVersions(c.version, t.version) >= 0;
  if (t.identifier === '.NETStandard') {
    // .NET Core 2.0+/.NET 5+ implement netstandard2.0; 3.0+ implement 2.1.
    if (c.identifier === '.NETCoreApp') return compareVersions(t.version, compareVersions(c.version, '3.0') >= 0 ? '2.1' : '2.0') <= 0;
    if (c.identifier === '.NETFramework') return compareVersions(c.version, '4.6.1') >= 0 && compareVersions(t.version, '2.0') <= 0;
  }
  return false;
}

/** Can this TFM run in a Linux .NET container image? */
export function runsInLinuxDotnetImage(tfm: TargetFramework): boolean {
  return tfm.identifier === '.NETCoreApp' && (!tfm.platform || tfm.platform === 'linux');
}

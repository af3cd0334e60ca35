/**
 * The tags of the .NET images on mcr.microsoft.com/dotnet/*:
 * `<version>[-<prerelease>][-<os>][-<flavor>…][-<arch>]`, e.g. `8.0.404-jammy`,
 * `10.0-noble-chiseled-extra`, `9.0-bookworm-slim-arm64v8`, `11.0.0-preview.7-resolute-aot`.
 */

/** Architecture suffixes of single-platform tags. Windows tags are amd64 only and carry none. */
export type DotnetArch = 'amd64' | 'arm64v8' | 'arm32v7';

/** Operating systems the .NET images are built on. */
export type OsDistro = 'debian' | 'ubuntu' | 'alpine' | 'azurelinux' | 'cbl-mariner' | 'nanoserver' | 'windowsservercore';

/** The base OS of an image. */
export interface ImageOs {
  readonly os: 'linux' | 'windows';
  /** glibc: Debian, Ubuntu, Azure Linux, CBL-Mariner; musl: Alpine; windows: Nano Server, Server Core. */
  readonly libc: 'glibc' | 'musl' | 'windows';
  readonly distro: OsDistro;
  /** As in the tag, without `-slim`: `bookworm`, `noble`, `alpine3.22`, `alpine`, `azurelinux3.0`, `cbl-mariner2.0`, `nanoserver-ltsc2022`. */
  readonly name: string;
  /** `12`, `24.04`, `3.22`, `3.0`, `ltsc2022`; absent for floating names (`alpine`, `cbl-mariner`). */
  readonly version?: string;
  /** Debian/Ubuntu codename (`bookworm`, `noble`). */
  readonly codename?: string;
}

/** Variant flags found in a tag. */
export interface ImageFlavors {
  /** Debian `-slim`. */
  readonly slim: boolean;
  /** Ubuntu chiseled: no shell, no package manager, non-root, no ICU/tzdata. */
  readonly chiseled: boolean;
  /** Azure Linux / CBL-Mariner distroless: like chiseled. */
  readonly distroless: boolean;
  /** Adds ICU and tzdata to chiseled/distroless/Alpine images. */
  readonly extra: boolean;
  /** aspnet only: ReadyToRun composite of the framework. */
  readonly composite: boolean;
  /** SDK only (10.0+): Native AOT toolchain. */
  readonly aot: boolean;
}

export type Flavor = keyof ImageFlavors;

/** A .NET image tag taken apart. */
export interface DotnetTag {
  readonly tag: string;
  /** The floating `latest` tag (no version). */
  readonly latest: boolean;
  /** `major.minor`, e.g. `10.0`. */
  readonly version?: string;
  /**
   * The version as written: `8.0`, `8.0.11`, `11.0.0`; for the sdk repo a three-part version is the SDK
   * version (`8.0.404`), for the others the runtime version. Just the major for monitor tags (`9`).
   */
  readonly fullVersion?: string;
  /** `preview`, `preview.7`, `rc.2`. */
  readonly prerelease?: string;
  /** Everything between version and arch, as the catalog spells it: `noble-chiseled-extra`, `aot`; `''` for a bare tag. */
  readonly variant: string;
  /** The OS named in the tag; absent when the tag relies on the version's default OS. */
  readonly os?: ImageOs;
  readonly flavors: ImageFlavors;
  readonly arch?: DotnetArch;
  /** Parts of the variant that are neither an OS nor a known flavor (typos, app names of `samples`). */
  readonly unrecognized: readonly string[];
}

const debian: Record<string, string> = { jessie: '8', stretch: '9', buster: '10', bullseye: '11', bookworm: '12', trixie: '13' };
const ubuntu: Record<string, string> = {
  xenial: '16.04', bionic: '18.04', cosmic: '18.10', disco: '19.04', eoan: '19.10',
  focal: '20.04', jammy: '22.04', noble: '24.04', resolute: '26.04',
};
const flavorNames: readonly Flavor[] = ['slim', 'chiseled', 'distroless', 'extra', 'composite', 'aot'];
const versionPattern = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-((?:preview|rc|alpha|beta)(?:\.\d+)*))?(?=-|$)/;
const archPattern = /-(amd64|arm64v8|arm32v7)$/;

/** Parses any tag of an mcr.microsoft.com/dotnet image. Never throws; unknown parts land in `unrecognized`. */
export function parseDotnetTag(tag: string): DotnetTag {
  const noFlavors = { slim: false, chiseled: false, distroless: false, extra: false, composite: false, aot: false };
  if (tag === 'latest') return { tag, latest: true, variant: '', flavors: noFlavors, unrecognized: [] };

  let rest = tag;
  const version = versionPattern.exec(rest);
  const versionParts: { version?: string; fullVersion?: string; prerelease?: string } = {};
  if (version) {
    const [text = '', major, minor, patch, prerelease] = version;
    versionParts.fullVersion = [major, minor, patch].filter(p => p !== undefined).join('.');
    if (minor !== undefined) versionParts.version = `${major}.${minor}`;
    if (prerelease) versionParts.prerelease = prerelease;
    rest = rest.slice(text.length).replace(/^-/, '');
  }

  let arch: DotnetArch | undefined;
  const archMatch = archPattern.exec(`-${rest}`);
  if (archMatch) {
    arch = archMatch[1] as DotnetArch;
    rest = rest.slice(0, Math.max(0, rest.length - archMatch[0].length));
  }
  const variant = rest;

  const { os, remainder } = parseOs(rest);
  const flavors: Record<Flavor, boolean> = { ...noFlavors };
  const unrecognized: string[] = [];
  for (const token of remainder ? remainder.split('-') : []) {
    if ((flavorNames as readonly string[]).includes(token)) flavors[token as Flavor] = true;
    else unrecognized.push(token);
  }
  return {
    tag,
    latest: false,
    ...versionParts,
    variant,
    ...(os ? { os } : {}),
    flavors,
    ...(arch ? { arch } : {}),
    unrecognized,
  };
}

/** Describes the OS of a variant or OS name (`bookworm-slim`, `noble-chiseled`, `alpine3.22`, `nanoserver-ltsc2022`). */
export function parseOsName(variant: string): ImageOs | undefined {
  return parseOs(variant).os;
}

/** Builds a tag: `dotnetImageTag({ version: '10.0', variant: 'noble-chiseled', arch: 'arm64v8' })` → `10.0-noble-chiseled-arm64v8`. */
export function dotnetImageTag(parts: { readonly version: string; readonly variant?: string; readonly arch?: DotnetArch }): string {
  return [parts.version, parts.variant, parts.arch].filter(Boolean).join('-');
}

function parseOs(text: string): { os?: ImageOs; remainder: string } {
  let m = /^alpine(\d+\.\d+)?(?=-|$)/.exec(text);
  if (m) return found(m, { os: 'linux', libc: 'musl', distro: 'alpine', name: m[0], ...(m[1] ? { version: m[1] } : {}) });
  m = /^azurelinux(\d+\.\d+)?(?=-|$)/.exec(text);
  if (m) return found(m, { os: 'linux', libc: 'glibc', distro: 'azurelinux', name: m[0], ...(m[1] ? { version: m[1] } : {}) });
  m = /^cbl-mariner(\d+\.\d+)?(?=-|$)/.exec(text);
  if (m) return found(m, { os: 'linux', libc: 'glibc', distro: 'cbl-mariner', name: m[0], ...(m[1] ? { version: m[1] } : {}) });
  m = /^(nanoserver|windowsservercore)-([A-Za-z0-9]+)(?=-|$)/.exec(text);
  if (m) return found(m, { os: 'windows', libc: 'windows', distro: m[1] as 'nanoserver' | 'windowsservercore', name: m[0], version: m[2] ?? '' });
  m = /^[a-z]+(?=-|$)/.exec(text);
  const codename = m?.[0] ?? '';
  if (m && debian[codename]) return found(m, { os: 'linux', libc: 'glibc', distro: 'debian', name: codename, version: debian[codename], codename });
  if (m && ubuntu[codename]) return found(m, { os: 'linux', libc: 'glibc', distro: 'ubuntu', name: codename, version: ubuntu[codename], codename });
  return { remainder: text };

  function found(match: RegExpExecArray, os: ImageOs) {
    return { os, remainder: text.slice(match[0].length).replace(/^-/, '') };
  }
}

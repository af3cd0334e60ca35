/**
 * What we know about the official .NET images on mcr.microsoft.com/dotnet: which tag variants exist (and which
 * are no longer updated), defaults (OS, port, user), and the classification of any image reference. Whether an
 * image is still supported or updated on a day is imageSupportStatus.ts's. Pure data and functions.
 */
import { catalogDataAsOf, CatalogRepo, catalogVersions } from './catalogData';
import { DeprecatedImage, deprecatedImage } from './retiredImageNames';
import { DotnetArch, dotnetImageTag, DotnetTag, Flavor, ImageFlavors, ImageOs, parseDotnetTag, parseOsName } from './dotnetTag';
import { compareVersions, dotnetVersionOf, releaseFactsGeneration, versionInfo } from './dotnetSupport';
import { ImageReference, parseImageReference } from './imageReference';

export { catalogDataAsOf };

/** The image repositories the catalog has tag data for. */
export type DotnetRepo = CatalogRepo;

/** Whether a tag variant exists for a version and repo. */
export interface VariantState {
  /** `current`: still updated; `stale`: pullable but no longer updated; `absent`: never published on main. */
  readonly state: 'current' | 'stale' | 'absent';
  /** For `stale`: the last month (YYYY-MM) the tag was defined on main. */
  readonly lastUpdated?: string;
  /** False for undocumented aliases (8.0/9.0 `runtime-deps:*-aot`), which should not be generated. */
  readonly documented: boolean;
}

/** A reference to an image below mcr.microsoft.com/dotnet (or a retired .NET image name), taken apart. */
export interface DotnetImage {
  readonly reference: ImageReference;
  /** `dotnet-framework` for mcr.microsoft.com/dotnet/framework/* (Windows-only .NET Framework images). */
  readonly product: 'dotnet' | 'dotnet-framework';
  readonly channel: 'release' | 'nightly';
  /**
   * Repo below mcr.microsoft.com/dotnet/ (without `nightly/`): `sdk`, `aspnet`, `runtime`, `runtime-deps`,
   * `monitor`, `monitor/base`, `aspire-dashboard`, `samples`, `framework/sdk`…
   * For a retired name, the repo of its replacement.
   */
  readonly repo: string;
  /** Set when {@link repo} is one the catalog has tag data for. */
  readonly catalogRepo?: DotnetRepo;
  /** The parsed tag (`latest` when none was written); absent when pinned by digest only. */
  readonly tag?: DotnetTag;
  /** .NET `major.minor` (only for .NET repos, not monitor/aspire-dashboard/framework). */
  readonly version?: string;
  /** The tag's variant (`noble-chiseled-extra`, `''` for a bare tag). */
  readonly variant: string;
  /** The OS named in the tag, or the version's default OS for a bare tag ({@link osIsDefault}). */
  readonly os?: ImageOs;
  readonly osIsDefault: boolean;
  /** Flavors of the tag, plus `slim` when the default OS is a Debian slim image. */
  readonly flavors: ImageFlavors;
  readonly arch?: DotnetArch;
  readonly pinnedByDigest: boolean;
  /** A `major.minor.patch` tag, which stops receiving updates once the next patch ships. */
  readonly fixedVersion: boolean;
  /**
   * Whether the catalog knows this tag; undefined when it has no data (nightly, monitor, digest only, and
   * retired repository names, since the catalog is keyed by today's names).
   */
  readonly tagKnown?: boolean;
  /** Set when the reference uses a retired repository name. */
  readonly deprecated?: DeprecatedImage;
}

/** The user an image runs as when the Dockerfile sets no USER. */
export interface DefaultUser {
  readonly user: 'root' | 'app' | 'ContainerUser' | 'ContainerAdministrator';
  readonly uid?: number;
  readonly nonRoot: boolean;
  /** The image defines the non-root `app` user (UID 1654, `ENV APP_UID`) to switch to with `USER $APP_UID`. */
  readonly appUserAvailable: boolean;
}

/** What the variant flags mean. */
export const flavorInfo: Readonly<Record<Flavor, { readonly title: string; readonly description: string }>> = {
  slim: { title: 'Debian slim', description: 'Debian "slim" base image: fewer packages than the full Debian image.' },
  chiseled: {
    title: 'Ubuntu chiseled',
    description: 'Ubuntu built from chisel slices: no shell, no package manager, runs as the non-root app user, no ICU or tzdata. Runtime images only.',
  },
  distroless: {
    title: 'Azure Linux distroless',
    description: 'Azure Linux (or CBL-Mariner) without shell or package manager, runs as the non-root app user, no ICU or tzdata. Runtime images only.',
  },
  extra: { title: 'extra', description: 'Adds ICU and tzdata to a chiseled, distroless or Alpine image, for apps that need globalization or time zones.' },
  composite: {
    title: 'composite',
    description: 'aspnet only: the framework compiled as one ReadyToRun composite for faster startup; apps cannot carry their own framework assembly versions.',
  },
  aot: { title: 'Native AOT SDK', description: 'SDK only (10.0+): adds the native toolchain (clang, zlib) needed to publish Native AOT apps.' },
};

const mcr = 'mcr.microsoft.com';
/** The repositories the catalog has tag data for, in the order ambiguous tags are looked up. */
export const catalogRepos: readonly DotnetRepo[] = ['sdk', 'aspnet', 'runtime', 'runtime-deps'];

interface VariantRecord { readonly lastMonth?: string; readonly undocumented: boolean }
interface VersionEntry {
  /** What the bare tag resolves to on Linux (absent when the version has no images in the catalog). */
  readonly defaultVariant?: { readonly sdk: string; readonly runtime: string };
  readonly variants: ReadonlyMap<DotnetRepo, ReadonlyMap<string, VariantRecord>>;
}

const entries: ReadonlyMap<string, VersionEntry> = new Map(catalogVersions.map(v => {
  const variants = new Map<DotnetRepo, Map<string, VariantRecord>>();
  for (const repo of catalogRepos) {
    const text = v.variants[repo];
    if (!text) continue;
    variants.set(repo, new Map(text.split(' ').map(item => {
      const [name = '', lastMonth] = item.replace(/^~/, '').split('@');
      return [name, { ...(lastMonth ? { lastMonth } : {}), undocumented: item.startsWith('~') }];
    })));
  }
  return [v.version, { ...(v.defaultVariant ? { defaultVariant: v.defaultVariant } : {}), variants }];
}));

// Versions the release metadata made known after the scan, with the variants carried over (see entryOf).
let carriedOver = new Map<string, VersionEntry | undefined>();
let carriedOverGeneration = -1;

/**
 * What the bare `X.Y` tag of a repo resolves to on Linux: `bookworm-slim` for 8.0/9.0, `noble` for 10.0,
 * `stretch` for the 2.1 SDK. Undefined for unknown versions or versions without images.
 */
export function defaultVariant(version: string, repo: DotnetRepo = 'aspnet'): string | undefined {
  const defaults = entryOf(version)?.defaultVariant;
  return defaults && (repo === 'sdk' ? defaults.sdk : defaults.runtime);
}

/**
 * The tag variants of a version and repo (`noble-chiseled`, `alpine3.24-extra`, `aot`…), without the bare tag
 * and without arch suffixes. By default only those still updated and documented; `includeStale` adds tags
 * that are pullable but no longer updated, `includeUndocumented` the undocumented aliases.
 */
export function availableVariants(
  version: string,
  repo: DotnetRepo,
  options: { readonly includeStale?: boolean; readonly includeUndocumented?: boolean } = {},
): readonly string[] {
  const variants = entryOf(version)?.variants.get(repo);
  if (!variants) return [];
  return [...variants]
    .filter(([, r]) => (options.includeStale || r.lastMonth === undefined) && (options.includeUndocumented || !r.undocumented))
    .map(([name]) => name);
}

/** Whether `variant` (`''` for the bare tag) exists for a version and repo; undefined for unknown versions. */
export function variantState(version: string, repo: DotnetRepo, variant: string): VariantState | undefined {
  const entry = entryOf(version);
  if (!entry) return undefined;
  const variants = entry.variants.get(repo);
  if (variant === '') return variants ? { state: 'current', documented: true } : { state: 'absent', documented: false };
  const record = variants?.get(variant);
  if (!record) return { state: 'absent', documented: false };
  return record.lastMonth
    ? { state: 'stale', lastUpdated: record.lastMonth, documented: !record.undocumented }
    : { state: 'current', documented: !record.undocumented };
}

/**
 * The variant of `repo` at `version` closest to `variant` (taken from another version or repo), for moving an
 * image: the same variant when it is still updated and documented; else the newest release of the same OS
 * with the flavors that exist there, or the version's default OS; else, for a version whose tags are all
 * stale, the same variant when it was published. Undefined when there is nothing to move to.
 */
export function closestVariant(version: string, repo: DotnetRepo, variant: string): string | undefined {
  const state = variantState(version, repo, variant);
  if (state?.state === 'current' && state.documented) return variant;
  return replacementVariant(version, repo, variant) ?? (state?.state === 'stale' ? variant : undefined);
}

/** Which repos publish a flavor for a version (e.g. `composite` → aspnet, `aot` → sdk for 10.0). */
export function reposWithFlavor(version: string, flavor: Flavor): readonly DotnetRepo[] {
  return catalogRepos.filter(repo => availableVariants(version, repo).some(v => parseDotnetTag(`0.0-${v}`).flavors[flavor]));
}

/**
 * Arch suffixes that exist for a variant: all three on Linux, except Azure Linux, `-aot` SDKs and 8.0
 * `noble*` (amd64/arm64 only); none for Windows, whose tags are amd64 only and carry no suffix.
 */
export function architectureSuffixes(version: string, variant: string, repo: DotnetRepo = 'aspnet'): readonly DotnetArch[] {
  const parsed = parseDotnetTag(`0.0-${variant || defaultVariant(version, repo) || ''}`);
  if (parsed.os?.os === 'windows') return [];
  const no32 = parsed.os?.distro === 'azurelinux' || parsed.flavors.aot || (dotnetVersionOf(version) === '8.0' && parsed.os?.codename === 'noble');
  return no32 ? ['amd64', 'arm64v8'] : ['amd64', 'arm64v8', 'arm32v7'];
}

/**
 * The tag for a version and variant: `imageTag({ version: 'net10.0', variant: 'noble-chiseled' })` →
 * `10.0-noble-chiseled`. Previews get `-preview` (`11.0-preview-resolute`); a full version (`8.0.11`) is kept.
 * Does not check that the tag exists; see {@link variantState}.
 */
export function imageTag(options: { readonly version: string; readonly variant?: string; readonly arch?: DotnetArch }): string {
  const full = /^\d+\.\d+\.\d+/.test(options.version);
  const info = versionInfo(options.version);
  const version = full ? options.version : info?.tagVersion ?? dotnetVersionOf(options.version) ?? options.version;
  return dotnetImageTag({ version, ...(options.variant ? { variant: options.variant } : {}), ...(options.arch ? { arch: options.arch } : {}) });
}

/**
 * The full reference for a repo, version and variant: `mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled`.
 * `nightly` uses mcr.microsoft.com/dotnet/nightly/*. Does not check that the tag exists.
 */
export function imageFor(options: {
  readonly repo: DotnetRepo;
  readonly version: string;
  readonly variant?: string;
  readonly arch?: DotnetArch;
  readonly nightly?: boolean;
}): string {
  return `${mcr}/dotnet/${options.nightly ? 'nightly/' : ''}${options.repo}:${imageTag(options)}`;
}

/**
 * The port ASP.NET Core listens on in the image: 8080 from .NET 8 (`ASPNETCORE_HTTP_PORTS=8080`), 80 before
 * (`ASPNETCORE_URLS=http://+:80`) except the 6.0/7.0 chiseled images, which already used 8080.
 * An undefined version (e.g. `latest`) counts as current.
 */
export function defaultPort(version: string | undefined, variant = ''): 80 | 8080 {
  const major = majorOf(version);
  if (major === undefined || major >= 8) return 8080;
  return /(^|-)chiseled(-|$)/.test(variant) ? 8080 : 80;
}

/**
 * The user an image runs as by default. .NET 8+ Linux images define `app` (UID 1654) but still run as root,
 * except chiseled/distroless images (and monitor), which run as `app`; 6.0/7.0 chiseled images were already
 * non-root. Nano Server runs as ContainerUser, Server Core as ContainerAdministrator.
 */
export function defaultUser(image: { readonly version?: string; readonly variant?: string; readonly repo?: string }): DefaultUser {
  const major = majorOf(image.version);
  const modern = major === undefined || major >= 8;
  if (image.repo === 'monitor' || image.repo === 'monitor/base') {
    return { user: 'app', nonRoot: true, appUserAvailable: true };
  }
  const repo = catalogRepos.find(r => r === image.repo) ?? 'aspnet';
  const variant = image.variant || (image.version ? defaultVariant(image.version, repo) : undefined) || '';
  const parsed = parseDotnetTag(`0.0-${variant}`);
  if (parsed.os?.distro === 'nanoserver') return { user: 'ContainerUser', nonRoot: true, appUserAvailable: false };
  if (parsed.os?.distro === 'windowsservercore') return { user: 'ContainerAdministrator', nonRoot: false, appUserAvailable: false };
  if (parsed.flavors.chiseled || parsed.flavors.distroless) {
    return { user: 'app', ...(modern ? { uid: 1654 } : {}), nonRoot: true, appUserAvailable: true };
  }
  return { user: 'root', nonRoot: false, appUserAvailable: modern };
}

/** Shorthand for `defaultUser(image).nonRoot`. */
export function runsAsNonRootByDefault(image: { readonly version?: string; readonly variant?: string; readonly repo?: string }): boolean {
  return defaultUser(image).nonRoot;
}

/**
 * Whether the image has a shell and package manager. Chiseled and distroless images (and monitor, built on
 * them) have neither: shell-form RUN/CMD/ENTRYPOINT, apt-get/apk/tdnf and `HEALTHCHECK CMD curl` fail there.
 */
export function hasShell(image: { readonly variant?: string; readonly repo?: string }): boolean {
  if (image.repo === 'monitor' || image.repo === 'monitor/base') return false;
  const { flavors } = parseDotnetTag(`0.0-${image.variant ?? ''}`);
  return !flavors.chiseled && !flavors.distroless;
}

/**
 * Whether the image ships ICU (culture data): not Alpine runtime-deps/runtime/aspnet (the Alpine SDK has
 * it), not chiseled or distroless, unless `-extra`. Without it the images run globalization-invariant.
 */
export function includesIcu(image: { readonly version?: string; readonly variant?: string; readonly repo?: string }): boolean {
  if (image.repo === 'monitor' || image.repo === 'monitor/base') return false;
  const repo = catalogRepos.find(r => r === image.repo) ?? 'aspnet';
  const variant = image.variant || (image.version ? defaultVariant(image.version, repo) : undefined) || '';
  const { os, flavors } = parseDotnetTag(`0.0-${variant}`);
  if (flavors.extra) return true;
  if (flavors.chiseled || flavors.distroless) return false;
  return os?.distro !== 'alpine' || repo === 'sdk';
}

/**
 * Takes apart a reference to a .NET image: mcr.microsoft.com/dotnet/{sdk,aspnet,runtime,runtime-deps,monitor,…},
 * the nightly and framework repos, and retired names (`microsoft/dotnet`, `mcr.microsoft.com/dotnet/core/*`…,
 * classified as their replacement with {@link DotnetImage.deprecated} set). Undefined for other images and
 * for text that is not a valid reference.
 */
export function classifyDotnetImage(reference: string | ImageReference): DotnetImage | undefined {
  const parsed = typeof reference === 'string' ? parseImageReference(reference) : { ok: true as const, ...reference };
  if (!parsed.ok) return undefined;
  const { ok, ...ref } = parsed;

  const deprecated = deprecatedImage(ref);
  let path: string;
  let tagText: string | undefined;
  if (deprecated) {
    path = deprecated.repo;
    tagText = deprecated.mappedTag ?? ref.tag;
  } else if (ref.registry === mcr && ref.repository.startsWith('dotnet/')) {
    path = ref.repository.slice('dotnet/'.length);
    tagText = ref.tag;
  } else {
    return undefined;
  }

  const channel = path.startsWith('nightly/') ? 'nightly' : 'release';
  const repo = channel === 'nightly' ? path.slice('nightly/'.length) : path;
  const product = repo.startsWith('framework/') ? 'dotnet-framework' : 'dotnet';
  const catalogRepo = catalogRepos.find(r => r === repo);
  const pinnedByDigest = ref.digest !== undefined;
  const tag = tagText === undefined && pinnedByDigest ? undefined : parseDotnetTag(tagText ?? 'latest');
  // Only the four .NET repos carry .NET versions in their tags (monitor and aspire-dashboard have their own).
  const version = catalogRepo ? tag?.version : undefined;

  let os = tag?.os;
  let flavors = tag?.flavors ?? parseDotnetTag('').flavors;
  let osIsDefault = false;
  const defaultName = version && catalogRepo && !os ? defaultVariant(version, catalogRepo) : undefined;
  if (defaultName) {
    const fallback = parseDotnetTag(`0.0-${defaultName}`);
    if (fallback.os) {
      os = fallback.os;
      osIsDefault = true;
      flavors = { ...flavors, slim: flavors.slim || fallback.flavors.slim };
    }
  }

  const image: DotnetImage = {
    reference: ref,
    product,
    channel,
    repo,
    ...(catalogRepo ? { catalogRepo } : {}),
    ...(tag ? { tag } : {}),
    ...(version ? { version } : {}),
    variant: tag?.variant ?? '',
    ...(os ? { os } : {}),
    osIsDefault,
    flavors,
    ...(tag?.arch ? { arch: tag.arch } : {}),
    pinnedByDigest,
    fixedVersion: tag?.fullVersion?.split('.').length === 3,
    ...(deprecated ? { deprecated } : {}),
  };
  const known = tagKnown(image);
  return known === undefined ? image : { ...image, tagKnown: known };
}

function tagKnown(image: DotnetImage): boolean | undefined {
  if (!image.catalogRepo || image.channel === 'nightly' || image.deprecated || !image.tag || image.tag.latest || !image.version) return undefined;
  const state = variantState(image.version, image.catalogRepo, image.tag.variant);
  if (!state) return false;
  if (state.state === 'absent') return false;
  return !image.arch || architectureSuffixes(image.version, image.variant, image.catalogRepo).includes(image.arch);
}

/**
 * The current, documented variant closest to a stale one: the newest release of the same OS with the same
 * flavors; CBL-Mariner → Azure Linux; other retired OSes → the version's default OS; `-aot` only kept for the
 * SDK. Flavors that are not available are dropped (composite first, then extra).
 */
export function replacementVariant(version: string, repo: DotnetRepo, variant: string): string | undefined {
  const candidates = availableVariants(version, repo).map(v => ({ v, t: parseDotnetTag(`0.0-${v}`) }));
  const fallback = defaultVariant(version, repo);
  if (!candidates.length || fallback === undefined) return undefined;
  const old = parseDotnetTag(`0.0-${variant}`);
  const defaultOs = parseOsName(fallback);

  let distro = old.os?.distro ?? defaultOs?.distro;
  if (!candidates.some(c => c.t.os?.distro === distro)) {
    distro = distro === 'cbl-mariner' && candidates.some(c => c.t.os?.distro === 'azurelinux') ? 'azurelinux' : defaultOs?.distro;
  }
  const hardened = old.flavors.chiseled || old.flavors.distroless;
  const wanted = {
    chiseled: hardened && distro === 'ubuntu',
    distroless: hardened && distro === 'azurelinux',
    extra: old.flavors.extra,
    composite: old.flavors.composite,
    aot: old.flavors.aot && repo === 'sdk',
  };
  const pinned = old.os?.version !== undefined;
  type Candidate = (typeof candidates)[number];
  // Keep the user's pinning style, then prefer the default OS release, then the newest release.
  const rank = (c: Candidate) => [
    Number((c.t.os?.version !== undefined) === pinned),
    Number(c.t.os?.name === defaultOs?.name),
    osOrder(c.t.os?.version),
  ];
  const compare = (a: Candidate, b: Candidate) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra.reduce((d, x, i) => d || (rb[i] ?? 0) - x, 0);
  };
  for (const relax of [[], ['composite'], ['composite', 'extra']] as const) {
    const want = { ...wanted, ...Object.fromEntries(relax.map(k => [k, false])) };
    const best = candidates
      .filter(c => c.t.os?.distro === distro && !c.t.unrecognized.length)
      .filter(c => (['chiseled', 'distroless', 'extra', 'composite', 'aot'] as const).every(k => c.t.flavors[k] === want[k]))
      .sort(compare)[0];
    if (best) return best.v;
  }
  return fallback === variant ? undefined : fallback;
}

/** Sort key for OS releases: `3.24` → 3.24, `24.04` → 24.04, `ltsc2022` → 2022, `1809` → 1809. */
export function osOrder(version: string | undefined): number {
  const m = /(\d+(?:\.\d+)?)/.exec(version ?? '');
  return m?.[1] ? Number(m[1]) : -1;
}

/**
 * The image facts of a version. A version the release metadata knows but the image scan does not (a channel
 * newer than the scan) takes the OS set of the newest scanned version before it: the tags still updated there,
 * same default OS. Dotnet-docker starts a new version on the OS set of the previous one, and the tags are
 * written only as far as the scan can vouch for them.
 */
function entryOf(version: string): VersionEntry | undefined {
  const v = dotnetVersionOf(version);
  if (!v) return undefined;
  const scanned = entries.get(v);
  if (scanned || !versionInfo(v)) return scanned;
  if (carriedOverGeneration !== releaseFactsGeneration()) {
    carriedOver = new Map();
    carriedOverGeneration = releaseFactsGeneration();
  }
  if (!carriedOver.has(v)) {
    const previous = [...entries].filter(([known, e]) => compareVersions(known, v) < 0 && e.defaultVariant).at(-1)?.[1];
    carriedOver.set(v, previous && {
      ...(previous.defaultVariant ? { defaultVariant: previous.defaultVariant } : {}),
      variants: new Map([...previous.variants].map(([repo, list]) => [repo, new Map([...list].filter(([, r]) => r.lastMonth === undefined))])),
    });
  }
  return carriedOver.get(v);
}

function majorOf(version: string | undefined): number | undefined {
  const v = version === undefined ? undefined : dotnetVersionOf(version);
  return v === undefined ? undefined : Number(v.split('.')[0]);
}

/**
 * Whether a .NET image, tag or version is supported and still updated on a day: the .NET calendar
 * (dotnetSupport.ts) applied to the image facts of dotnetCatalog.ts, with the tag to move to when there is one.
 * Every clock is injected.
 */
import { architectureSuffixes, availableVariants, catalogRepos, classifyDotnetImage, DotnetImage, DotnetRepo, imageTag, osOrder, replacementVariant, variantState } from './dotnetCatalog';
import { DotnetTag, Flavor, ImageFlavors, parseDotnetTag } from './dotnetTag';
import { dotnetVersionOf, isoDay, SupportStatus, versionInfo, versionSupportStatus } from './dotnetSupport';

/**
 * Support status on `now` (compared as a UTC day) of a version (`8.0`, `net8.0`, `8.0.11`), a tag
 * (`8.0-alpine3.22`, checked against every repo) or an image (reference text or {@link DotnetImage}):
 * - `end-of-support` from the version's end-of-support day on (8.0: supported on 2026-11-09, not on 2026-11-10);
 * - `stale-tag` when the tag still exists but is no longer updated (an old Alpine or OS release, retired
 *   CBL-Mariner, previews after GA), with a replacement tag for the same version when there is one;
 * - `unknown` for versions or tags the catalog does not know, digest-only and non-.NET references.
 */
export function supportStatus(subject: string | DotnetImage, now: Date): SupportStatus {
  if (typeof subject !== 'string') return imageStatus(subject, now);
  const text = subject.trim();
  if (/^net(?:coreapp)?\d/i.test(text)) {
    const version = dotnetVersionOf(text);
    return version ? versionSupportStatus(version, now) : { status: 'unknown', reason: `${text} is not a .NET (Core) target framework` };
  }
  const tag = parseDotnetTag(text);
  if (!text.includes('/') && !text.includes('@') && (tag.version || tag.latest)) {
    if (tag.latest) return { status: 'supported' };
    const version = tag.version ?? '';
    return tagStatus(version, tag, catalogRepos, 'release', now);
  }
  const image = classifyDotnetImage(text);
  return image ? imageStatus(image, now) : { status: 'unknown', reason: `${text} is not a .NET image reference, version or tag` };
}

function imageStatus(image: DotnetImage, now: Date): SupportStatus {
  if (image.product !== 'dotnet' || !image.catalogRepo) {
    return { status: 'unknown', reason: `no lifecycle data for mcr.microsoft.com/dotnet/${image.repo}` };
  }
  if (!image.tag) return { status: 'unknown', reason: 'pinned by digest only: the version is not visible' };
  if (image.tag.latest) return image.deprecated ? { status: 'stale-tag', reason: image.deprecated.reason } : { status: 'supported' };
  if (!image.version) return { status: 'unknown', reason: `tag ${image.tag.tag} has no .NET version` };
  if (image.deprecated) {
    // A retired repository gets no updates at all; only an out-of-support version is the bigger problem.
    const status = versionSupportStatus(image.version, now);
    return status.status === 'supported' || status.status === 'unknown'
      ? { status: 'stale-tag', version: image.version, reason: image.deprecated.reason }
      : status;
  }
  return tagStatus(image.version, image.tag, [image.catalogRepo], image.channel, now);
}

function tagStatus(version: string, tag: DotnetTag, repos: readonly DotnetRepo[], channel: 'release' | 'nightly', now: Date): SupportStatus {
  const base = versionSupportStatus(version, now);
  if (base.status !== 'supported' || channel === 'nightly') return base;
  const info = versionInfo(version);

  // Preview/RC tags stop being updated at GA (whose day the metadata may not give).
  if (tag.prerelease && info && !info.preview && (info.ga === undefined || info.ga <= isoDay(now))) {
    return {
      status: 'stale-tag',
      version,
      ...(info.ga ? { lastUpdated: info.ga.slice(0, 7) } : {}),
      replacementTag: imageTag({ version, variant: tag.variant }),
      reason: `${tag.prerelease} tags are not updated after .NET ${version} GA${info.ga ? ` (${info.ga})` : ''}`,
    };
  }

  const states = repos.map(repo => ({ repo, state: variantState(version, repo, tag.variant) }));
  const current = states.find(s => s.state?.state === 'current');
  if (current) {
    if (tag.arch && !architectureSuffixes(version, tag.variant, current.repo).includes(tag.arch)) {
      return { status: 'unknown', version, reason: `${tag.tag} is not published: ${tag.variant || 'this variant'} has no ${tag.arch} image` };
    }
    if (current.state?.documented === false) {
      const replacement = replacementVariant(version, current.repo, tag.variant);
      return { ...base, ...(replacement !== undefined ? { suggestedTag: imageTag({ version, variant: replacement }), suggestion: 'documented-tag' as const } : {}) };
    }
    const newer = newerVariant(version, current.repo, tag.variant);
    return { ...base, ...(newer ? { suggestedTag: imageTag({ version, variant: newer }), suggestion: 'newer-os' as const } : {}) };
  }

  const stale = states
    .filter(s => s.state?.state === 'stale')
    .sort((a, b) => (b.state?.lastUpdated ?? '').localeCompare(a.state?.lastUpdated ?? ''))[0];
  if (stale?.state?.lastUpdated) {
    const lastUpdated = stale.state.lastUpdated;
    // The scan is monthly: a tag last seen in month M was removed during M+1, so it is certainly stale from M+2.
    if (isoDay(now) < staleFrom(lastUpdated)) return base;
    const replacement = replacementVariant(version, stale.repo, tag.variant);
    return {
      status: 'stale-tag',
      version,
      lastUpdated,
      ...(replacement !== undefined ? { replacementTag: imageTag({ version, variant: replacement, ...(tag.arch ? { arch: tag.arch } : {}) }) } : {}),
      reason: `${version}-${tag.variant} is no longer updated (last updated ${lastUpdated})`,
    };
  }
  return { status: 'unknown', version, reason: `${tag.tag} is not a known tag for .NET ${version}` };
}

/**
 * A newer Alpine release with the same flavors (`alpine3.23` → `alpine3.24`): images for the previous Alpine
 * are only published for about 3 months after a new one is added. Other OS releases (Ubuntu LTS, Windows)
 * stay updated side by side, so they get no suggestion.
 */
function newerVariant(version: string, repo: DotnetRepo, variant: string): string | undefined {
  const tag = parseDotnetTag(`0.0-${variant}`);
  if (tag.os?.distro !== 'alpine' || !tag.os.version || tag.unrecognized.length) return undefined;
  const os = tag.os;
  const better = availableVariants(version, repo)
    .map(v => ({ v, t: parseDotnetTag(`0.0-${v}`) }))
    .filter(({ t }) => t.os?.distro === os.distro && t.os.version !== undefined && sameFlavors(t.flavors, tag.flavors))
    .filter(({ t }) => osOrder(t.os?.version) > osOrder(os.version))
    .sort((a, b) => osOrder(b.t.os?.version) - osOrder(a.t.os?.version))[0];
  return better?.v;
}

function sameFlavors(a: ImageFlavors, b: ImageFlavors): boolean {
  return (Object.keys(a) as Flavor[]).every(k => a[k] === b[k]);
}

/** First day of the second month after `YYYY-MM`. */
function staleFrom(month: string): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  const total = year * 12 + (m - 1) + 2;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

import { formatImageReference, ImageReference, parseImageReference } from './imageReference';

// Facts about retired .NET image names and where their images live now. The lint rule that reports them is
// lint/rules/deprecatedImage.ts (dotnet/deprecated-image).

/** A retired .NET image name and where its images live now. */
export interface DeprecatedImage {
  /** The retired repository as matched: `microsoft/aspnetcore-build`, `mcr.microsoft.com/dotnet/core/sdk`. */
  readonly deprecated: string;
  /** The repository to use instead: `mcr.microsoft.com/dotnet/sdk`. */
  readonly replacementRepository: string;
  /** The repo below mcr.microsoft.com/dotnet/ (`sdk`, `aspnet`, `nightly/runtime`…). */
  readonly repo: string;
  /** The old tag in the new naming (`2.1-aspnetcore-runtime-alpine` → `2.1-alpine`), when it can be mapped. */
  readonly mappedTag?: string;
  /**
   * The equivalent reference, only when that tag was published under the new name
   * (e.g. `mcr.microsoft.com/dotnet/sdk:3.1`); absent for 1.x/2.0/2.2/3.0, which never were.
   */
  readonly replacement?: string;
  /** One sentence on why and since when. */
  readonly reason: string;
  /** Why this tag cannot be pulled under the retired name (never published there, or deleted); undefined when it still can. */
  readonly unpullable?: string;
}

const mcr = 'mcr.microsoft.com';
const dockerHubKinds: Record<string, string> = {
  sdk: 'sdk',
  'aspnetcore-runtime': 'aspnet',
  runtime: 'runtime',
  'runtime-deps': 'runtime-deps',
};

/**
 * Recognizes retired .NET image names (dotnet-images.md §1.2): Docker Hub `microsoft/dotnet`,
 * `microsoft/dotnet-nightly`, `microsoft/aspnetcore`, `microsoft/aspnetcore-build`, and MCR
 * `dotnet/core/*`, `dotnet/core-nightly/*`. Returns undefined for anything else, including invalid text.
 */
export function deprecatedImage(reference: string | ImageReference): DeprecatedImage | undefined {
  const ref = typeof reference === 'string' ? parseImageReference(reference) : { ok: true as const, ...reference };
  if (!ref.ok) return undefined;
  const { registry, repository, tag } = ref;

  if (registry === mcr) {
    let m = /^dotnet\/core\/(.+)$/.exec(repository);
    if (m?.[1]) {
      const major = Number(/^(\d+)\./.exec(tag ?? '')?.[1]);
      return result(`${mcr}/${repository}`, m[1], { tag },
        'The dotnet/core/* repositories were renamed to dotnet/* at .NET 5 (November 2020) and get no updates; .NET 6+ was never published there.',
        major >= 5 ? `.NET ${major} was never published under dotnet/core` : undefined);
    }
    m = /^dotnet\/core-nightly\/(.+)$/.exec(repository);
    if (m?.[1]) {
      return result(`${mcr}/${repository}`, `nightly/${m[1]}`, { tag },
        'dotnet/core-nightly/* was renamed to dotnet/nightly/* in May 2020.');
    }
    return undefined;
  }

  if (registry !== 'docker.io') return undefined;
  switch (repository) {
    case 'microsoft/dotnet':
    case 'microsoft/dotnet-nightly': {
      const nightly = repository.endsWith('-nightly') ? 'nightly/' : '';
      const { repo, mapped } = mapDockerHubDotnetTag(tag);
      return result(`docker.io/${repository}`, `${nightly}${repo}`, mapped,
        nightly
          ? 'microsoft/dotnet-nightly moved to mcr.microsoft.com (2019) and is now mcr.microsoft.com/dotnet/nightly/*.'
          : 'microsoft/dotnet moved to mcr.microsoft.com in February 2019; Docker Hub images are no longer updated and the 2.1 ones were deleted in August 2021.',
        !nightly && /^2\.1(?:$|[.-])/.test(tag ?? '') ? 'the 2.1 images were deleted from Docker Hub in August 2021' : undefined);
    }
    case 'microsoft/aspnetcore':
      return result(`docker.io/${repository}`, 'aspnet', { tag },
        'microsoft/aspnetcore was deprecated in 2018 (from .NET Core 2.1); ASP.NET Core runtime images are mcr.microsoft.com/dotnet/aspnet.');
    case 'microsoft/aspnetcore-build':
      return result(`docker.io/${repository}`, 'sdk', { tag },
        'microsoft/aspnetcore-build was deprecated in 2018 (from .NET Core 2.1) in favour of the SDK image, which does not include Node.js.');
    default:
      return undefined;
  }
}

/** `mapped` is undefined when the old tag has no counterpart; `mapped.tag` undefined means "no tag" (latest). */
function result(deprecated: string, repo: string, mapped: { tag?: string } | undefined, reason: string, unpullable?: string): DeprecatedImage {
  const replacementRepository = `${mcr}/dotnet/${repo}`;
  const mappedTag = mapped?.tag;
  const published = mapped !== undefined && (mappedTag === undefined || mappedTag === 'latest' || publishedUnderNewNames(mappedTag));
  return {
    deprecated,
    replacementRepository,
    repo,
    ...(mappedTag !== undefined ? { mappedTag } : {}),
    ...(published ? { replacement: formatImageReference({ registry: mcr, repository: `dotnet/${repo}`, tag: mappedTag }) } : {}),
    reason,
    ...(unpullable ? { unpullable } : {}),
  };
}

// Only 2.1, 3.1 and 5.0+ ever had tags under mcr.microsoft.com/dotnet/{sdk,aspnet,runtime,runtime-deps}:
// 2.0 and 1.x never reached MCR there, and 2.2/3.0 were out of support before the .NET 5 rename.
function publishedUnderNewNames(tag: string): boolean {
  const m = /^(\d+)\.(\d+)/.exec(tag);
  if (!m) return false;
  const version = `${m[1]}.${m[2]}`;
  return version === '2.1' || version === '3.1' || Number(m[1]) >= 5;
}

/** `2.1-aspnetcore-runtime-alpine` → aspnet `2.1-alpine`; `2.2-sdk-stretch` → sdk `2.2-stretch`; `sdk`/`latest`/none → sdk latest. */
function mapDockerHubDotnetTag(tag: string | undefined): { repo: string; mapped?: { tag?: string } } {
  if (tag === undefined) return { repo: 'sdk', mapped: {} };
  const bare = /^(sdk|aspnetcore-runtime|runtime-deps|runtime|latest)$/.exec(tag);
  if (bare?.[1]) return { repo: dockerHubKinds[bare[1]] ?? 'sdk', mapped: { tag: 'latest' } };
  const m = /^(\d+\.\d+(?:\.\d+)?(?:-(?:preview|rc)[\w.]*)?)-(sdk|aspnetcore-runtime|runtime-deps|runtime)(?:-(.+))?$/.exec(tag);
  if (m?.[1] && m[2]) return { repo: dockerHubKinds[m[2]] ?? 'sdk', mapped: { tag: m[3] ? `${m[1]}-${m[3]}` : m[1] } };
  // Older or unusual tags (`1.1`, `2.0.0-preview2-sdk-jessie`…): the SDK repo, without a tag to offer.
  return { repo: 'sdk' };
}

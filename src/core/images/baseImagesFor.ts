import { availableVariants, defaultVariant, DotnetRepo, imageFor, variantState } from './dotnetCatalog';
import { dotnetVersionOf } from './dotnetSupport';
import { parseOsName } from './dotnetTag';

/** What kind of app is containerized. */
export type AppKind = 'web' | 'console' | 'worker';

/** OS families a generated Dockerfile can use. `default` keeps the bare tags (Debian for 8/9, Ubuntu from 10). */
export type OsChoice = 'default' | 'debian' | 'ubuntu' | 'chiseled' | 'alpine' | 'azurelinux' | 'azurelinux-distroless';

export interface BaseImageOptions {
  /** `10.0` or a TFM such as `net10.0`. */
  readonly version: string;
  readonly appKind: AppKind;
  /** Needs the ASP.NET Core shared framework although not a web app (a worker that gets it through a library). */
  readonly aspNetCore?: boolean;
  /** Self-contained publish: the app brings the runtime, so the final stage needs only runtime-deps. */
  readonly selfContained?: boolean;
  readonly publishAot?: boolean;
  /** `InvariantGlobalization` is true: no ICU needed, so no `-extra` image. */
  readonly invariantGlobalization?: boolean;
  readonly os?: OsChoice;
}

export interface BaseImage {
  readonly repo: DotnetRepo;
  /** The tag variant, `''` for the bare tag. */
  readonly variant: string;
  /** The full reference, e.g. `mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra`. */
  readonly image: string;
}

export interface BaseImages {
  /** `major.minor`. */
  readonly version: string;
  /** The build stage. */
  readonly sdk: BaseImage;
  /** The final stage. */
  readonly runtime: BaseImage;
  /** Things the Dockerfile must do because no image covers them (e.g. install clang for AOT on 8.0). */
  readonly notes: readonly string[];
}

/**
 * The SDK (build) and runtime (final) images for an app, following dotnet-docker's guidance: aspnet for web
 * apps, runtime for console/worker apps, runtime-deps for self-contained and Native AOT apps; the SDK on the
 * same OS family as the final stage (RID-specific output must match its libc); `-extra` where the final
 * image lacks ICU and the app is not globalization-invariant; the `-aot` SDK for Native AOT where it exists.
 * Only tags that are still updated are chosen, else the bare tags (for versions out of support, whose tags all
 * stopped updating; check `supportStatus` separately). Undefined for unknown versions and versions
 * without images.
 */
export function baseImagesFor(options: BaseImageOptions): BaseImages | undefined {
  const version = dotnetVersionOf(options.version);
  if (!version || !defaultVariant(version, 'sdk')) return undefined;
  const notes: string[] = [];
  const runtimeRepo: DotnetRepo = options.selfContained || options.publishAot ? 'runtime-deps' : options.appKind === 'web' || options.aspNetCore ? 'aspnet' : 'runtime';
  const needsIcu = options.invariantGlobalization !== true;
  const current = (repo: DotnetRepo, variant: string) => {
    const state = variantState(version, repo, variant);
    return state?.state === 'current' && state.documented;
  };

  const os = options.os ?? 'default';
  const [sdkOs, runtimeOs] = osVariants(version, runtimeRepo, os);
  if (runtimeOs === undefined) notes.push(`${runtimeRepo}:${version} has no current ${os} images; using the default OS.`);
  else if (sdkOs === undefined) notes.push(`sdk:${version} has no current image on the ${runtimeOs} OS; using the default SDK image.`);
  let runtime = runtimeOs ?? '';
  const hardened = /-(chiseled|distroless)$/.test(runtime) || /^alpine/.test(runtime);
  if (needsIcu && hardened) {
    if (current(runtimeRepo, `${runtime}-extra`)) runtime = `${runtime}-extra`;
    else notes.push(`${runtimeRepo}:${version}-${runtime} has no ICU and no -extra variant: set InvariantGlobalization or install ICU.`);
  }
  if (!current(runtimeRepo, runtime)) {
    notes.push(`${runtimeRepo}:${version}-${runtime} is not a currently updated tag; using the bare ${version} tag.`);
    runtime = '';
  }

  // The SDK follows the final stage's OS family: RID-specific output must match its libc.
  let sdk = runtimeOs === undefined ? '' : sdkOs ?? '';
  if (options.publishAot) {
    const aot = sdk ? `${sdk}-aot` : 'aot';
    if (current('sdk', aot)) sdk = aot;
    else notes.push(`No Native AOT SDK image for ${version}${sdk ? `-${sdk}` : ''}: install clang and zlib development files in the build stage.`);
  }
  if (!current('sdk', sdk)) {
    notes.push(`sdk:${version}-${sdk} is not a currently updated tag; using the bare ${version} tag.`);
    sdk = '';
  }
  return {
    version,
    sdk: { repo: 'sdk', variant: sdk, image: imageFor({ repo: 'sdk', version, variant: sdk }) },
    runtime: { repo: runtimeRepo, variant: runtime, image: imageFor({ repo: runtimeRepo, version, variant: runtime }) },
    notes,
  };
}

/** [sdk variant, runtime variant] for an OS choice, before `-extra`/`-aot`; undefined where there is none. */
function osVariants(version: string, runtimeRepo: DotnetRepo, os: OsChoice): [string | undefined, string | undefined] {
  const sdkVariants = availableVariants(version, 'sdk');
  const runtimeVariants = availableVariants(version, runtimeRepo);
  const defaultOs = parseOsName(defaultVariant(version, runtimeRepo) ?? '');
  // The current pinned release of a distro (`noble`, `azurelinux3.0`), preferring the version's default OS
  // release, then the newest; `suffix` selects e.g. the `-chiseled` variant of it.
  const pick = (variants: readonly string[], distro: string, suffix = '') => variants
    .map(v => ({ v, os: parseOsName(v) }))
    .filter(({ v, os }) => os?.distro === distro && os.version !== undefined && v === `${os.name}${suffix}`)
    .sort((a, b) => Number(b.os?.name === defaultOs?.name) - Number(a.os?.name === defaultOs?.name)
      || (b.os?.version ?? '').localeCompare(a.os?.version ?? '', undefined, { numeric: true }))[0];
  const sameOs = (runtime: { os?: { name: string } } | undefined) =>
    runtime?.os && sdkVariants.includes(runtime.os.name) ? runtime.os.name : undefined;

  switch (os) {
    case 'default':
      return ['', ''];
    case 'alpine':
      return [sdkVariants.includes('alpine') ? 'alpine' : undefined, runtimeVariants.includes('alpine') ? 'alpine' : undefined];
    case 'debian': {
      const runtime = pick(runtimeVariants, 'debian', '-slim');
      return [pick(sdkVariants, 'debian', '-slim')?.v ?? pick(sdkVariants, 'debian')?.v, runtime?.v];
    }
    case 'ubuntu':
    case 'chiseled': {
      const runtime = pick(runtimeVariants, 'ubuntu', os === 'chiseled' ? '-chiseled' : '');
      return [sameOs(runtime), runtime?.v];
    }
    case 'azurelinux':
    case 'azurelinux-distroless': {
      const runtime = pick(runtimeVariants, 'azurelinux', os === 'azurelinux-distroless' ? '-distroless' : '');
      return [sameOs(runtime), runtime?.v];
    }
  }
}

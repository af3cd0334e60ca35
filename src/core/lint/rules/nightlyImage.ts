import { DotnetImage, variantState } from '../../images/dotnetCatalog';
import { isoDay, versionInfo } from '../../images/dotnetSupport';
import { formatImageReference } from '../../images/imageReference';
import { imageRange } from '../imageEdits';
import { finalStage, Stage } from '../lintContext';
import { Rule } from '../rule';
import { rootStage } from '../stageChain';
import { Fix, TextEdit } from '../types';

/**
 * mcr.microsoft.com/dotnet/nightly/* holds daily builds of the .NET images, for trying out changes before they
 * ship: they are not supported for production and change under the same tag every day. The app should run on
 * the release repository (mcr.microsoft.com/dotnet/<repo>) once its .NET version is out.
 */
export const nightlyImage: Rule = {
  id: 'dotnet/nightly-image',
  defaultSeverity: 'warning',
  description: 'The final image comes from mcr.microsoft.com/dotnet/nightly, daily builds that are not for production.',
  check(context) {
    const final = finalStage(context);
    const root = final && rootStage(final);
    const image = root?.dotnetImage;
    if (!root || !image || image.channel !== 'nightly' || !root.reference) return [];
    const release = releaseReference(context.now, image, root.reference.registry);
    const edit = release ? withoutNightly(root) : undefined;
    const fixes: Fix[] = release && edit ? [{ title: `Use the released image ${release.replace(/^mcr\.microsoft\.com\//, '')}`, edits: [edit], preferred: true }] : [];
    const version = image.version ? versionInfo(image.version) : undefined;
    const released = `mcr.microsoft.com/dotnet/${image.repo}`;
    const shipped = version !== undefined && !version.preview && version.ga !== undefined && version.ga <= isoDay(context.now);
    const advice = release
      ? `.NET ${image.version} has shipped: use ${release}`
      : shipped
        ? `.NET ${image.version} has shipped: use a released tag of ${released}`
        : image.version
          ? `.NET ${image.version} has not shipped yet: move to ${released} once it has`
          : `use ${released} instead`;
    return [{
      range: imageRange(root),
      message: `The app runs on a nightly build (${root.imageText}): nightly images are unsupported daily builds, not for production, and change under the same tag from day to day; ${advice}.`,
      fixes,
    }];
  },
};

/** The same repository and tag under mcr.microsoft.com/dotnet/, when that version has shipped and the tag is published there. */
function releaseReference(now: Date, image: DotnetImage, registry: string): string | undefined {
  const info = image.version ? versionInfo(image.version) : undefined;
  const tag = image.tag;
  if (!info || info.preview || !info.ga || info.ga > isoDay(now) || !image.catalogRepo || !tag || image.pinnedByDigest) return undefined;
  // A patch tag built tonight may not be released yet, nor a preview tag; floating tags (10.0, 10.0-alpine) are.
  if (image.fixedVersion || tag.prerelease) return undefined;
  if (!tag.latest) {
    const state = variantState(info.version, image.catalogRepo, image.variant)?.state;
    if (state !== 'current' && state !== 'stale') return undefined;
  }
  return formatImageReference({ registry, repository: image.reference.repository.replace(/^dotnet\/nightly\//, 'dotnet/'), tag: tag.tag }, { familiar: true });
}

/** Removes `nightly/` where the FROM writes it, which keeps a tag taken from an ARG as it is. */
function withoutNightly(stage: Stage): TextEdit | undefined {
  const written = stage.writtenImage;
  const at = written.search(/\/nightly\//i);
  const range = imageRange(stage);
  if (at < 0 || range.start.line !== range.end.line) return undefined;
  const start = { line: range.start.line, character: range.start.character + at + 1 };
  return { range: { start, end: { line: start.line, character: start.character + 'nightly/'.length } }, newText: '' };
}

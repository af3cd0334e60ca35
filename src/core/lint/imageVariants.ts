import { DotnetImage, DotnetRepo, variantState } from '../images/dotnetCatalog';
import { retaggedImage, replaceImageFix } from './imageEdits';
import { Stage } from './lintContext';
import { Fix } from './types';

/**
 * The image's tag with another variant, keeping the version and arch as written:
 * `10.0.1-noble-chiseled-amd64` with `noble` → `10.0.1-noble-amd64`. Undefined for `latest` or a digest-only reference.
 */
export function tagWithVariant(image: DotnetImage, variant: string): string | undefined {
  const tag = image.tag;
  if (!tag) return undefined;
  if (variant === tag.variant) return tag.tag;
  if (tag.latest) return undefined;
  const archSuffix = tag.arch ? `-${tag.arch}` : '';
  const head = tag.tag.slice(0, tag.tag.length - archSuffix.length - (tag.variant ? tag.variant.length + 1 : 0));
  return `${head}${variant ? `-${variant}` : ''}${archSuffix}`;
}

/** The variant with some flavors removed: `noble-chiseled-composite-extra` without `composite` → `noble-chiseled-extra`. */
export function withoutFlavors(variant: string, flavors: readonly string[]): string {
  return variant.split('-').filter(part => !flavors.includes(part)).join('-');
}

/**
 * The first candidate variant that `repo` publishes for the image's version: one still updated if there is one,
 * else one still pullable. For a version the catalog does not know, only the image's own variant counts.
 */
export function publishedVariant(image: DotnetImage, repo: DotnetRepo, candidates: readonly string[]): string | undefined {
  const unique = [...new Set(candidates)];
  if (!image.version) return unique.find(v => v === image.variant);
  const states = unique.map(variant => ({ variant, state: variantState(image.version!, repo, variant)?.state }));
  return (states.find(s => s.state === 'current') ?? states.find(s => s.state === 'stale'))?.variant;
}

/**
 * A fix that names the same .NET image in another repo and/or variant, on the stage that names the image
 * (`root`), keeping registry, version and arch. Undefined when the FROM uses variables or a retired name.
 */
export function sameImageFix(root: Stage, image: DotnetImage, target: { repo: DotnetRepo; variant: string }, title: (shortName: string) => string, preferred = false): Fix | undefined {
  if (image.deprecated) return undefined;
  const tag = tagWithVariant(image, target.variant);
  const repository = image.reference.repository.replace(/[^/]+$/, target.repo);
  const text = tag ? retaggedImage(root, tag, repository) : undefined;
  return text ? replaceImageFix(root, text, title(`${target.repo}:${tag}`), preferred) : undefined;
}

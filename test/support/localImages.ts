import type { LocalImages } from '../../src/core/engine';

/** `repository:tag id` per image line, sorted, as `docker image ls --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}'` prints them. */
export function referencesOf(images: LocalImages): string[] {
  return [
    ...images.repositories.flatMap(repository => repository.tags.map(tag => `${tag.reference} ${tag.id}`)),
    ...images.untagged.map(image => `${image.repository ?? '<none>'}:<none> ${image.id}`),
  ].sort();
}

import { sortTags } from '../registry/tagOrder';
import { LocalImages, LocalImageTag, LocalRepository, UntaggedImage } from './engineTypes';

/** The fields of `GET /images/json` entries this module reads (ImageSummary). */
export interface ImageSummary {
  readonly Id?: unknown;
  readonly RepoTags?: unknown;
  readonly RepoDigests?: unknown;
  readonly Created?: unknown;
  readonly Size?: unknown;
  readonly Labels?: unknown;
}

/**
 * Groups the engine's image list the way `docker image ls` shows it: one entry per `repository:tag`,
 * grouped by repository (A → Z, tags newest first), and images without a tag apart. Before API 1.43 an
 * untagged image reports `<none>:<none>`; from 1.43 an empty list: both count as untagged.
 */
export function groupImages(summaries: readonly ImageSummary[]): LocalImages {
  const byRepository = new Map<string, LocalImageTag[]>();
  const untagged: UntaggedImage[] = [];
  for (const summary of summaries) {
    const id = typeof summary.Id === 'string' ? summary.Id : '';
    const created = typeof summary.Created === 'number' ? new Date(summary.Created * 1000).toISOString() : '';
    const size = typeof summary.Size === 'number' ? summary.Size : 0;
    const labels = stringRecord(summary.Labels);
    const tags = strings(summary.RepoTags).filter(tag => tag !== '<none>:<none>');
    const digests = strings(summary.RepoDigests).filter(digest => !digest.startsWith('<none>@'));
    if (!tags.length) {
      const repository = digests[0]?.split('@')[0];
      untagged.push({ id, created, size, digests, labels, ...(repository ? { repository } : {}) });
      continue;
    }
    for (const reference of tags) {
      const { repository, tag = 'latest' } = splitReference(reference);
      const list = byRepository.get(repository) ?? [];
      list.push({ repository, tag, reference, id, created, size, labels });
      byRepository.set(repository, list);
    }
  }
  const repositories: LocalRepository[] = [...byRepository.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([repository, entries]) => {
      const byTag = new Map(entries.map(entry => [entry.tag, entry]));
      return { repository, tags: sortTags([...byTag.keys()]).map(tag => byTag.get(tag)!) };
    });
  untagged.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
  return { repositories, untagged };
}

/** Bytes in docker's own units (decimal, as `docker image ls` prints them): `5.6MB`, `216MB`, `1.2GB`. */
export function formatImageSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value >= 100 || unit === 0 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))}${units[unit]}`;
}

/** How long ago, in the largest whole unit: `just now`, `5 minutes ago`, `3 days ago`, `2 years ago`. */
export function formatAge(createdIso: string, now: Date = new Date()): string {
  const created = Date.parse(createdIso);
  if (Number.isNaN(created)) return 'unknown';
  const seconds = Math.max(0, Math.floor((now.getTime() - created) / 1000));
  const steps: Array<[number, string]> = [[365 * 86400, 'year'], [30 * 86400, 'month'], [7 * 86400, 'week'], [86400, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [size, name] of steps) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** `repo[:tag]`: the tag is after the last `:` that follows the last `/` (a registry port is not a tag). */
export function splitReference(reference: string): { repository: string; tag?: string } {
  const withoutDigest = reference.split('@')[0]!;
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > withoutDigest.lastIndexOf('/')) return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
  return { repository: withoutDigest };
}

/** The string-valued entries of a JSON object (labels, event attributes). */
export function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

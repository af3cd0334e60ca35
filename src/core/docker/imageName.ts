/** A repository name Docker accepts: lowercase letters and digits, separated by `.`, `_`, `__`, `-`, joined by `/`. */
const componentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** True when `name` (without registry or tag) is a valid Docker repository path. */
export function isValidRepositoryName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && name.split('/').every(component => componentPattern.test(component));
}

/**
 * Makes a valid repository name from a project's name (`My App.Web` → `my-app.web`): lowercase, runs of
 * other characters become one `-`, separators are trimmed from each path component. Empty → `app`.
 */
export function toRepositoryName(text: string): string {
  const components = text
    .toLowerCase()
    .split('/')
    .map(component => component
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/([._-])[._-]+/g, '$1')
      .replace(/^[._-]+|[._-]+$/g, ''))
    .filter(Boolean);
  const name = components.join('/');
  return name && isValidRepositoryName(name) ? name : 'app';
}

/** A tag Docker accepts: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`. */
export function isValidTag(tag: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag);
}

/** Makes a valid tag from a version such as `1.2.3+build.5` (`+` is not allowed in tags). */
export function toTag(text: string): string {
  const tag = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 128);
  return tag && isValidTag(tag) ? tag : 'latest';
}

/**
 * Container image references (`[registry/]repository[:tag][@digest]`), parsed and normalized the way
 * docker does it (distribution/reference `ParseNormalizedNamed`).
 */

/** A valid, normalized image reference. */
export interface ImageReference {
  /** Registry host, with port if any: `docker.io`, `mcr.microsoft.com`, `localhost:5000`. */
  readonly registry: string;
  /** Repository path inside the registry: `library/nginx`, `dotnet/sdk`. */
  readonly repository: string;
  /** The tag as written; absent when none was given (docker then pulls `latest`, unless pinned by digest). */
  readonly tag?: string;
  /** `algorithm:hex`, e.g. `sha256:…`; docker pulls by digest and ignores the tag when both are given. */
  readonly digest?: string;
  /** The input text, untrimmed. */
  readonly original: string;
}

/** Why a reference could not be parsed. */
export type ImageReferenceErrorCode =
  | 'empty'
  | 'unresolved-variable'
  | 'uppercase'
  | 'invalid-format'
  | 'invalid-tag'
  | 'invalid-digest'
  | 'name-too-long';

/** The failed result of {@link parseImageReference}; never thrown. */
export interface ImageReferenceError {
  readonly ok: false;
  readonly code: ImageReferenceErrorCode;
  /** Human-readable, close to docker's own wording. */
  readonly message: string;
  readonly original: string;
  /** For `unresolved-variable`: the variable names (`BASE` for `$BASE` or `${BASE:-x}`). */
  readonly variables?: readonly string[];
  /**
   * For `unresolved-variable` when only the tag or digest is variable (`mcr.microsoft.com/dotnet/sdk:$VER`):
   * the registry and repository, which are already known.
   */
  readonly partial?: { readonly registry: string; readonly repository: string };
}

/** What {@link parseImageReference} returns: a reference with `ok: true`, or an error. */
export type ImageReferenceResult = (ImageReference & { readonly ok: true }) | ImageReferenceError;

const dockerHub = 'docker.io';
const nameTotalLengthMax = 255;

// Grammar from distribution/reference regexp.go.
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = new RegExp(`^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9a-zA-Z=_-]+)$/;
// go-digest only accepts these algorithms, with lowercase hex of exactly this length.
const digestHexLength: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const variablePattern = /\$(?:\{([^}]*)\}?|([A-Za-z_][A-Za-z0-9_]*))?/g;

/**
 * Parses an image reference as docker would, normalizing Docker Hub names (`nginx` →
 * `docker.io/library/nginx`, `index.docker.io/x/y` → `docker.io/x/y`).
 *
 * The first path component is the registry when it contains `.` or `:`, is `localhost`, or has
 * uppercase letters; otherwise the image is on Docker Hub. Never throws: invalid input (empty,
 * uppercase repository, bad tag or digest, unresolved `$VAR`/`${VAR}`) gives `{ ok: false, code, message }`.
 */
export function parseImageReference(text: string): ImageReferenceResult {
  const original = text;
  const s = text.trim();
  if (!s) return failure(original, 'empty', 'invalid reference format: repository name must have at least one component');

  if (s.includes('$')) return unresolved(original, s);

  const at = s.indexOf('@');
  const nameAndTag = at >= 0 ? s.slice(0, at) : s;
  const digest = at >= 0 ? s.slice(at + 1) : undefined;

  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = colon >= 0 ? nameAndTag.slice(colon + 1) : undefined;

  const named = parseName(original, name);
  if (!named.ok) return named;
  if (tag !== undefined && !tagPattern.test(tag)) {
    return failure(original, 'invalid-tag', `invalid reference format: invalid tag "${tag}"`);
  }
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem) return failure(original, 'invalid-digest', `invalid reference format: ${problem}`);
  }
  return {
    ok: true,
    registry: named.registry,
    repository: named.repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    original,
  };
}

/**
 * Formats a reference back to text: `registry/repository[:tag][@digest]`.
 * With `familiar`, Docker Hub names are shortened the way the docker CLI shows them (`nginx`, `user/app`).
 */
export function formatImageReference(
  reference: Pick<ImageReference, 'registry' | 'repository' | 'tag' | 'digest'>,
  options: { readonly familiar?: boolean } = {},
): string {
  let name = `${reference.registry}/${reference.repository}`;
  if (options.familiar && reference.registry === dockerHub) {
    name = reference.repository.startsWith('library/') && reference.repository.split('/').length === 2
      ? reference.repository.slice('library/'.length)
      : reference.repository;
  }
  return `${name}${reference.tag !== undefined ? `:${reference.tag}` : ''}${reference.digest !== undefined ? `@${reference.digest}` : ''}`;
}

/** The tag docker will pull: the written tag, `latest` when there is none, undefined when pinned by digest only. */
export function effectiveTag(reference: Pick<ImageReference, 'tag' | 'digest'>): string | undefined {
  return reference.tag ?? (reference.digest ? undefined : 'latest');
}

type NameResult = { ok: true; registry: string; repository: string } | ImageReferenceError;

function parseName(original: string, name: string): NameResult {
  if (!name) return failure(original, 'invalid-format', 'invalid reference format');
  if (name.length > nameTotalLengthMax) {
    return failure(original, 'name-too-long', `invalid reference format: repository name must not be more than ${nameTotalLengthMax} characters`);
  }
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  let registry = hasRegistry ? first : dockerHub;
  let repository = hasRegistry ? name.slice(slash + 1) : name;

  if (hasRegistry && !domain.test(registry)) return failure(original, 'invalid-format', 'invalid reference format');
  if (repository.toLowerCase() !== repository) {
    return failure(original, 'uppercase', `invalid reference format: repository name (${repository}) must be lowercase`);
  }
  if (!repository.split('/').every(component => pathComponent.test(component))) {
    return failure(original, 'invalid-format', 'invalid reference format');
  }
  // docker refuses a bare 64-hex name: it would be indistinguishable from an image ID.
  if (!hasRegistry && /^[a-f0-9]{64}$/.test(repository)) {
    return failure(original, 'invalid-format', `invalid repository name (${repository}), cannot specify 64-byte hexadecimal strings`);
  }
  if (registry === 'index.docker.io') registry = dockerHub;
  if (registry === dockerHub && !repository.includes('/')) repository = `library/${repository}`;
  return { ok: true, registry, repository };
}

function digestProblem(digest: string): string | undefined {
  const match = digestPattern.exec(digest);
  if (!match) return `invalid digest "${digest}"`;
  const [, algorithm = '', hex = ''] = match;
  const length = digestHexLength[algorithm];
  if (length === undefined) return `unsupported digest algorithm "${algorithm}"`;
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return `invalid ${algorithm} digest "${hex}"`;
  return undefined;
}

function unresolved(original: string, s: string): ImageReferenceError {
  const variables = [...s.matchAll(variablePattern)]
    .map(m => (m[1] ?? m[2] ?? '').split(/[:\-+?=]/)[0] ?? '')
    .filter((v, i, all) => v && all.indexOf(v) === i);
  const message = variables.length
    ? `unresolved variable${variables.length > 1 ? 's' : ''} ${variables.map(v => `$${v}`).join(', ')} in image reference`
    : 'invalid reference format: "$" without a variable name';
  // When only the tag or digest is variable the repository is still useful to callers.
  const dollar = s.indexOf('$');
  const before = s.slice(0, dollar);
  let partial: { registry: string; repository: string } | undefined;
  if (!s.slice(dollar).includes('/')) {
    const at = before.indexOf('@');
    const nameAndTag = at >= 0 ? before.slice(0, at) : before;
    const colon = nameAndTag.indexOf(':', nameAndTag.lastIndexOf('/') + 1);
    if (at >= 0 || colon >= 0) {
      const named = parseName(original, colon >= 0 ? nameAndTag.slice(0, colon) : nameAndTag);
      if (named.ok) partial = { registry: named.registry, repository: named.repository };
    }
  }
  return {
    ok: false,
    code: 'unresolved-variable',
    message,
    original,
    variables,
    ...(partial ? { partial } : {}),
  };
}

function failure(original: string, code: ImageReferenceErrorCode, message: string): ImageReferenceError {
  return { ok: false, code, message, original };
}

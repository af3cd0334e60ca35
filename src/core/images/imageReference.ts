import { isValidRepositoryName, isValidTag, toRepositoryName } from '../docker/imageName';

/**
 * Container image references (`[registry/]repository[:tag][@digest]`), parsed and normalized the way
 * docker does it (distribution/reference `ParseNormalizedNamed`). This is the one parser of image names:
 * the linter, the CLI, the tasks and the views all read names through it, and say what is wrong in its words.
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

/** A reference split as written, before Docker Hub names are normalized: `registry` only when the text names one. */
export interface WrittenImageReference {
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly original: string;
}

export type WrittenImageReferenceResult = (WrittenImageReference & { readonly ok: true }) | ImageReferenceError;

const dockerHub = 'docker.io';
const nameTotalLengthMax = 255;

// Grammar from distribution/reference regexp.go (path components and tags: ../docker/imageName).
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = new RegExp(`^(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
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
 * uppercase repository, bad tag or digest, unresolved `$VAR`/`${VAR}`) gives `{ ok: false, code, message }`,
 * the message always `"<input>" is not a valid image reference: <why>[; use "<a valid one>"]`.
 */
export function parseImageReference(text: string): ImageReferenceResult {
  const written = parseWrittenImageReference(text);
  if (!written.ok) return written;
  const { registry, repository } = normalizedName(written.registry, written.repository);
  return { ...written, registry, repository };
}

/**
 * The same parse, with the name kept as written (`app` stays `app`, no `docker.io/library/`): for the argv
 * of the docker CLI, which normalizes by itself, and for messages in the user's own words.
 */
export function parseWrittenImageReference(text: string): WrittenImageReferenceResult {
  const original = text;
  const s = text.trim();
  const fail = (code: ImageReferenceErrorCode, why: string, suggestion?: string) =>
    failure(original, code, `${quoted(s)} is not a valid image reference: ${why}${suggestion && suggestion !== s ? `; use ${quoted(suggestion)}` : ''}`);
  if (!s) return fail('empty', 'it is empty');

  if (s.includes('$')) return unresolved(original, s);

  // docker refuses a bare 64-hex name: it would be indistinguishable from an image ID.
  if (/^[a-f0-9]{64}$/.test(s)) return fail('invalid-format', 'a 64-character hexadecimal string is an image ID, not a name');

  const at = s.indexOf('@');
  const nameAndTag = at >= 0 ? s.slice(0, at) : s;
  const digest = at >= 0 ? s.slice(at + 1) : undefined;

  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = colon >= 0 ? nameAndTag.slice(colon + 1) : undefined;

  const named = splitName(name);
  if ('problem' in named) {
    const { code, why, repository } = named.problem;
    // The valid name Docker would accept, with the rest as written (a registry, tag or digest keeps its own problem).
    const suggestion = repository ? `${named.registry ? `${named.registry}/` : ''}${toRepositoryName(repository)}${s.slice(name.length)}` : undefined;
    return fail(code, why, suggestion);
  }
  if (tag !== undefined && !isValidTag(tag)) {
    return fail('invalid-tag', `the tag ${quoted(tag)} is not valid: up to 128 letters, digits, _ . - and not starting with . or -`);
  }
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem) return fail('invalid-digest', problem);
  }
  return {
    ok: true,
    ...(named.registry !== undefined ? { registry: named.registry } : {}),
    repository: named.repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    original,
  };
}

/** `host[:port]` as Docker's grammar has it: DNS names (any case), `localhost`, IPv4, `[IPv6]`, with an optional port. */
export function isRegistryHost(text: string): boolean {
  return domain.test(text);
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

type NameProblem = { readonly code: ImageReferenceErrorCode; readonly why: string; readonly repository?: string };
type SplitName = { registry?: string; repository: string } | { registry?: string; problem: NameProblem };

/** `[registry/]repository` split by Docker's rule (splitDockerDomain), each part checked. */
function splitName(name: string): SplitName {
  if (/\s/.test(name)) return { problem: { code: 'invalid-format', why: 'no spaces are allowed', repository: name } };
  // An argument like `-it` or `--privileged` that took an image's place: say so, rather than how names are spelled.
  if (name.startsWith('-')) return { problem: { code: 'invalid-format', why: 'it cannot start with "-"', repository: name } };
  if (!name) return { problem: { code: 'invalid-format', why: 'it has no repository name' } };
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  const registry = hasRegistry ? first : undefined;
  const repository = hasRegistry ? name.slice(slash + 1) : name;

  if (registry !== undefined && !domain.test(registry)) {
    return { problem: { code: 'invalid-format', why: `${quoted(registry)} is not a registry: write host or host:port, e.g. localhost:5000 or myregistry.azurecr.io` } };
  }
  if (name.length > nameTotalLengthMax) {
    return { problem: { code: 'name-too-long', why: `the name is longer than ${nameTotalLengthMax} characters` } };
  }
  if (repository.toLowerCase() !== repository) {
    return { registry, problem: { code: 'uppercase', why: `the repository name (${repository}) must be lowercase`, repository } };
  }
  if (!isValidRepositoryName(repository)) {
    return { registry, problem: { code: 'invalid-format', why: 'a repository name is lowercase letters and digits, separated by . _ __ or -, joined by /', repository } };
  }
  return { ...(registry !== undefined ? { registry } : {}), repository };
}

/** Docker Hub's canonical spelling: `docker.io` for `index.docker.io` or no registry, `library/` for official images. */
function normalizedName(written: string | undefined, repository: string): { registry: string; repository: string } {
  const registry = written === undefined || written === 'index.docker.io' ? dockerHub : written;
  return { registry, repository: registry === dockerHub && !repository.includes('/') ? `library/${repository}` : repository };
}

/** The input in quotes for a message, cut short when long. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function digestProblem(digest: string): string | undefined {
  const match = digestPattern.exec(digest);
  if (!match) return `the digest ${quoted(digest)} is not valid: write algorithm:hex, e.g. sha256:<64 hex digits>`;
  const [, algorithm = '', hex = ''] = match;
  const length = digestHexLength[algorithm];
  if (length === undefined) return `the digest algorithm ${quoted(algorithm)} is not one docker knows: sha256, sha384 or sha512`;
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return `a ${algorithm} digest is ${length} lowercase hex digits, not ${quoted(hex)}`;
  return undefined;
}

function unresolved(original: string, s: string): ImageReferenceError {
  const variables = [...s.matchAll(variablePattern)]
    .map(m => (m[1] ?? m[2] ?? '').split(/[:\-+?=]/)[0] ?? '')
    .filter((v, i, all) => v && all.indexOf(v) === i);
  const message = `${quoted(s)} is not a valid image reference: ${variables.length
    ? `it has the unresolved variable${variables.length > 1 ? 's' : ''} ${variables.map(v => `$${v}`).join(', ')}`
    : 'it has a "$" without a variable name'}`;
  // When only the tag or digest is variable the repository is still useful to callers.
  const dollar = s.indexOf('$');
  const before = s.slice(0, dollar);
  let partial: { registry: string; repository: string } | undefined;
  if (!s.slice(dollar).includes('/')) {
    const at = before.indexOf('@');
    const nameAndTag = at >= 0 ? before.slice(0, at) : before;
    const colon = nameAndTag.indexOf(':', nameAndTag.lastIndexOf('/') + 1);
    if (at >= 0 || colon >= 0) {
      const named = splitName(colon >= 0 ? nameAndTag.slice(0, colon) : nameAndTag);
      if (!('problem' in named)) partial = normalizedName(named.registry, named.repository);
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

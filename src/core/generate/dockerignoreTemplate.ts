// The .dockerignore the generator writes, or merges into an existing one. The lint rule that checks a build
// context's .dockerignore is lint/rules/dockerignore.ts (dotnet/dockerignore).

/** What a .NET build context should never carry: build output, local tool state, VCS data and secrets. */
export const dotnetIgnorePatterns: readonly string[] = [
  '**/bin/',
  '**/obj/',
  '**/.vs/',
  '**/.vscode/',
  '**/.idea/',
  '**/*.user',
  '**/*.suo',
  '**/.git',
  '**/.gitignore',
  '**/.dockerignore',
  '**/Dockerfile*',
  '**/docker-compose*',
  '**/compose.y*ml',
  '**/node_modules/',
  '**/npm-debug.log',
  '**/*.env',
  '**/secrets.dev.yaml',
  '**/values.dev.yaml',
  '**/TestResults/',
];

const header = '# Keeps build output, local state and secrets out of the Docker build context (.NET Containers).';

/**
 * A new `.dockerignore` for a .NET build context. `buildOutput` adds the folders this build writes to besides the
 * projects' bin/obj (the SDK's artifacts folder), as context-relative patterns such as `artifacts/`.
 */
export function createDockerignore(eol = '\n', buildOutput: readonly string[] = []): string {
  return [header, ...dotnetIgnorePatterns, ...withoutDuplicates(buildOutput, dotnetIgnorePatterns)].join(eol) + eol;
}

export interface DockerignoreMerge {
  readonly text: string;
  /** The patterns that were added; empty when the file already covered everything. */
  readonly added: readonly string[];
}

/**
 * Adds the patterns an existing `.dockerignore` lacks without dropping or reordering a line. New patterns
 * go above the user's first `!exception`, so their exceptions still win (the last matching line decides).
 */
export function mergeDockerignore(existing: string, eol = detectEol(existing), buildOutput: readonly string[] = []): DockerignoreMerge {
  const lines = existing.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const present = new Set(lines.map(normalizePattern).filter(Boolean));
  // `**/artifacts/` keeps the root's artifacts folder out too; a bare `bin` does not cover `**/bin/`.
  const covered = (pattern: string) => present.has(normalizePattern(pattern)) || present.has(`**/${normalizePattern(pattern)}`);
  const added = [...dotnetIgnorePatterns, ...withoutDuplicates(buildOutput, dotnetIgnorePatterns)].filter(pattern => !covered(pattern));
  if (!added.length) return { text: existing, added };
  const block = [header, ...added];
  const firstException = lines.findIndex(line => line.trim().startsWith('!'));
  const merged = firstException < 0 ? [...lines, ...(lines.length ? [''] : []), ...block] : [...lines.slice(0, firstException), ...block, '', ...lines.slice(firstException)];
  return { text: merged.join(eol) + eol, added };
}

/**
 * `**\/bin/` and `**\/bin` are the same pattern, as are `/x` and `x`; but a bare `bin` only matches the
 * context root, so it does not cover the projects' own bin folders. Comments mean nothing.
 */
function normalizePattern(line: string): string {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return '';
  return trimmed.replace(/^\.?\//, '').replace(/\/+$/, '');
}

function withoutDuplicates(patterns: readonly string[], already: readonly string[]): string[] {
  const seen = new Set(already.map(normalizePattern));
  return patterns.filter(pattern => {
    const key = normalizePattern(pattern);
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function detectEol(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

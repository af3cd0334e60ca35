// How the CLI words a failure: one line, never a file's content, never a stack (DOTNET_CONTAINERS_DEBUG=1 adds it).

/** A bad argument or unusable input found inside a command: one line on stderr, exit 2. */
export class UsageError extends Error {}

/** Why a file the user named cannot be read, for a Dockerfile. */
export function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a Dockerfile';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return fileError(error);
}

/** What went wrong with a file or stream, in words: one line, never the file's content. */
export function fileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EISDIR: 'it is a folder, not a file',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is used up',
    EEXIST: 'it exists already',
    EMFILE: 'too many open files',
    EPIPE: 'the reading end was closed',
    EIO: 'an input/output error',
  };
  if (code && reasons[code]) return `${reasons[code]} (${code})`;
  // A SyntaxError's message quotes the text it failed on, which may be a secret (config.json): never show it.
  if (error instanceof SyntaxError) return 'unreadable data (SyntaxError)';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 300) || 'an unknown error';
}

/** One line for an error nobody expected: the file and the reason for a file system error. */
export function describeFailure(error: unknown): string {
  const file = (error as NodeJS.ErrnoException).path;
  const reason = fileError(error);
  return typeof file === 'string' && (error as NodeJS.ErrnoException).code ? `${file}: ${reason}` : reason;
}

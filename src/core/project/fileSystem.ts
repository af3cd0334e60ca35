import * as fs from 'node:fs';

/** The start of a file, at most the bytes asked for, and its size: larger than `bytes` when the file is. */
export interface FileStart {
  readonly bytes: Uint8Array;
  readonly size: number;
}

/**
 * The few file operations project reading needs. Synchronous on purpose: static evaluation reads a
 * handful of small files, and MSBuild's Exists() conditions need an answer in the middle of an expression.
 */
export interface ProjectFileSystem {
  readText(file: string): string | undefined;
  /**
   * At most `maxBytes` of the file and its size, or why it cannot be read: a file too large to be a project is
   * refused without being read. Optional: without it, project files come through readText.
   */
  readBytes?(file: string, maxBytes: number): FileStart | { readonly error: string };
  exists(file: string): boolean;
  isDirectory(dir: string): boolean;
  list(dir: string): string[];
  /** A folder's entries with whether each is a folder (links followed), in one call; optional, `list` and `isDirectory` otherwise. */
  listEntries?(dir: string): FolderEntry[];
}

export interface FolderEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

export const nodeFileSystem: ProjectFileSystem = {
  readText(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  readBytes(file, maxBytes) {
    let fd: number | undefined;
    try {
      // A FIFO or a device would block or never end: only regular files are read.
      const stat = fs.statSync(file);
      if (!stat.isFile()) return { error: stat.isDirectory() ? 'it is a folder' : 'it is not a regular file' };
      if (stat.size > maxBytes) return { bytes: new Uint8Array(0), size: stat.size };
      fd = fs.openSync(file, 'r');
      // One byte more than the cap tells a file that grew past it since the stat.
      let buffer = Buffer.allocUnsafe(stat.size + 1);
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          if (length > maxBytes) return { bytes: new Uint8Array(0), size: length };
          const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
          buffer.copy(larger);
          buffer = larger;
        }
        const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
        if (read === 0) break;
        length += read;
      }
      return { bytes: buffer.subarray(0, length), size: length };
    } catch (error) {
      return { error: fileError(error) };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
  exists: file => fs.existsSync(file),
  isDirectory(dir) {
    try {
      return fs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  },
  list(dir) {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
  listEntries(dir) {
    try {
      // The entry types come with the listing: wildcards walk thousands of folders, a stat each would double that.
      return fs.readdirSync(dir, { withFileTypes: true }).map(entry => ({
        name: entry.name,
        isDirectory: entry.isDirectory() || (entry.isSymbolicLink() && nodeFileSystem.isDirectory(`${dir}/${entry.name}`)),
      }));
    } catch {
      return [];
    }
  },
};

/** A file system error in words (the code, not Node's message, which repeats the path). */
function fileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return code ?? (error as Error).message;
}

/**
 * A file's text when it is a regular file of at most `maxBytes` (a larger one, a FIFO, or one that cannot be read:
 * undefined). For files read on every lint, such as settings and sources scanned for a hint.
 */
export function readBoundedText(fileSystem: ProjectFileSystem, file: string, maxBytes: number): string | undefined {
  if (!fileSystem.readBytes) {
    const text = fileSystem.readText(file);
    return text !== undefined && text.length <= maxBytes ? text : undefined;
  }
  const read = fileSystem.readBytes(file, maxBytes);
  return 'error' in read || read.size > read.bytes.length ? undefined : new TextDecoder().decode(read.bytes);
}

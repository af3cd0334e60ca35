import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';

// A plain ustar writer, for `docker|podman cp - <container>:/`: the tools go into the side container as one tar
// stream whose owners and modes are ours (root, and a world-writable output folder), whatever the host's file
// system says (a Windows host has no Unix modes to give).

export interface TarEntry {
  /** Relative, with `/` separators; a folder's path without a trailing slash. */
  readonly path: string;
  readonly type: 'dir' | 'file';
  readonly mode: number;
  /** A file's content: a host file to stream (its size read when the header is written), or bytes. */
  readonly source?: string | Buffer;
}

const block = 512;

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as ustar writes them.
  const text = Math.floor(value).toString(8);
  if (text.length > width - 1) throw new Error(`tar: ${value} does not fit in a ${width}-byte field`);
  return text.padStart(width - 1, '0') + '\0';
}

/** Splits a path into ustar's name (≤ 100 bytes) and prefix (≤ 155 bytes) at a slash. */
function splitName(name: string): { name: string; prefix: string } {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest) return { name: rest, prefix };
  }
  throw new Error(`tar: the path "${name}" is too long for ustar`);
}

/** One 512-byte ustar header (owner root:root, mtime given). */
export function tarHeader(entry: { path: string; type: 'dir' | 'file'; mode: number; size: number; mtime: number }): Buffer {
  if (!entry.path || entry.path.startsWith('/') || entry.path.split('/').includes('..')) throw new Error(`tar: "${entry.path}" is not a relative path`);
  const header = Buffer.alloc(block, 0);
  const { name, prefix } = splitName(entry.type === 'dir' ? `${entry.path}/` : entry.path);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(entry.mode & 0o7777, 8), 100, 8, 'ascii');
  header.write(octal(0, 8), 108, 8, 'ascii');
  header.write(octal(0, 8), 116, 8, 'ascii');
  header.write(octal(entry.type === 'dir' ? 0 : entry.size, 12), 124, 12, 'ascii');
  header.write(octal(entry.mtime, 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii');
  header.write(entry.type === 'dir' ? '5' : '0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write('root', 265, 32, 'ascii');
  header.write('root', 297, 32, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return header;
}

/** Zeros to the end of the last block of `size` bytes. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((block - (size % block)) % block, 0);
}

/** The two empty blocks that end an archive. */
export const tarEnd = (): Buffer => Buffer.alloc(2 * block, 0);

/** Writes the entries to `out` as one tar stream, with backpressure, then ends it. */
export async function writeTar(entries: readonly TarEntry[], out: Writable, mtime = Math.floor(Date.now() / 1000)): Promise<void> {
  const write = (chunk: Buffer) => new Promise<void>((resolve, reject) => {
    if (out.destroyed) return reject(new Error('the tar stream was closed'));
    out.write(chunk, error => (error ? reject(error) : resolve()));
  });
  for (const entry of entries) {
    if (entry.type === 'dir') {
      await write(tarHeader({ path: entry.path, type: 'dir', mode: entry.mode, size: 0, mtime }));
      continue;
    }
    if (Buffer.isBuffer(entry.source)) {
      await write(tarHeader({ path: entry.path, type: 'file', mode: entry.mode, size: entry.source.length, mtime }));
      await write(entry.source);
      await write(tarPadding(entry.source.length));
      continue;
    }
    if (typeof entry.source !== 'string') throw new Error(`tar: the file "${entry.path}" has no content`);
    const size = fs.statSync(entry.source).size;
    await write(tarHeader({ path: entry.path, type: 'file', mode: entry.mode, size, mtime }));
    let written = 0;
    for await (const chunk of fs.createReadStream(entry.source, { end: Math.max(0, size - 1), highWaterMark: 1 << 20 })) {
      const buffer = chunk as Buffer;
      // A file that grows meanwhile is cut at the size in its header.
      const part = written + buffer.length > size ? buffer.subarray(0, size - written) : buffer;
      if (part.length) await write(part);
      written += part.length;
      if (written >= size) break;
    }
    if (written !== size) throw new Error(`tar: ${entry.source} changed while it was read`);
    await write(tarPadding(size));
  }
  await write(tarEnd());
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

/** The folder's files and subfolders under `prefix`, in a stable order (folders before their content). */
export function directoryEntries(dir: string, prefix: string, fileMode = 0o644, dirMode = 0o755): TarEntry[] {
  const entries: TarEntry[] = [{ path: prefix, type: 'dir', mode: dirMode }];
  for (const name of fs.readdirSync(dir).sort()) {
    const source = path.join(dir, name);
    const stat = fs.statSync(source);
    if (stat.isDirectory()) entries.push(...directoryEntries(source, `${prefix}/${name}`, fileMode, dirMode));
    else if (stat.isFile()) entries.push({ path: `${prefix}/${name}`, type: 'file', mode: fileMode, source });
  }
  return entries;
}

import { FileStart, FolderEntry, nodeFileSystem, ProjectFileSystem } from '../project/fileSystem';
import * as fs from 'node:fs';
import { directDisk, DiskStats, sameVersion } from './diskStats';

/**
 * The file system as one lint sees it: the context search and the rules ask about the same paths (the context's
 * folders, the .dockerignore, project files), so each answer is kept for the lint, which takes a moment. A fresh
 * view is made for every lint: nothing seen here outlives it, except the folder listings and small files below,
 * kept while their stat holds. On the real disk, what exists and what is a folder are stats too, asked through
 * `disk` (which the extension answers from memory while its file watcher reports no change).
 */
export function lintFileSystem(fileSystem: ProjectFileSystem, disk: DiskStats = directDisk): ProjectFileSystem {
  const exists = new Map<string, boolean>();
  const isDirectory = new Map<string, boolean>();
  const lists = new Map<string, readonly string[]>();
  const texts = new Map<string, string | undefined>();
  const starts = new Map<string, FileStart | { readonly error: string }>();
  const entries = new Map<string, FolderEntry[]>();
  const onDisk = fileSystem === nodeFileSystem;
  const list = onDisk ? (dir: string) => listedOnDisk(dir, disk) : (dir: string): readonly string[] => fileSystem.list(dir);
  const view: ProjectFileSystem = {
    readText: file => once(texts, file, () => fileSystem.readText(file)),
    exists: file => once(exists, file, () => onDisk ? disk.stat(file) !== undefined : fileSystem.exists(file)),
    isDirectory: dir => once(isDirectory, dir, () => onDisk ? disk.stat(dir)?.isDirectory() === true : fileSystem.isDirectory(dir)),
    // Callers get a copy: a listing may be kept across lints, and a caller may sort it in place.
    list: dir => [...once(lists, dir, () => list(dir))],
  };
  const { listEntries } = fileSystem;
  const readBytes = onDisk ? (file: string, maxBytes: number) => readOnDisk(file, maxBytes, disk) : fileSystem.readBytes?.bind(fileSystem);
  if (readBytes) view.readBytes = (file, maxBytes) => once(starts, `${maxBytes}\0${file}`, () => readBytes(file, maxBytes));
  if (listEntries) view.listEntries = dir => [...once(entries, dir, () => listEntries.call(fileSystem, dir))];
  return view;
}

function once<V>(answers: Map<string, V>, key: string, answer: () => V): V {
  if (answers.has(key)) return answers.get(key) as V;
  const value = answer();
  answers.set(key, value);
  return value;
}

interface Listing {
  readonly stat: fs.Stats;
  readonly names: readonly string[];
}

/**
 * Folder listings of the real disk, reused while the folder's stat is unchanged (adding, removing or renaming an
 * entry changes its mtime). The compose search lists every folder from the Dockerfile up to the repository root
 * on every keystroke, and a large folder (a home, /tmp) costs far more to list than to stat.
 */
const listings = new Map<string, Listing>();
const LISTINGS_SIZE = 64;

function listedOnDisk(dir: string, disk: DiskStats): readonly string[] {
  const stat = disk.stat(dir);
  if (!stat?.isDirectory()) return nodeFileSystem.list(dir);
  const known = listings.get(dir);
  if (known && sameVersion(known.stat, stat)) return known.names;
  const names = nodeFileSystem.list(dir);
  listings.delete(dir);
  if (listings.size >= LISTINGS_SIZE) listings.delete(listings.keys().next().value!);
  listings.set(dir, { stat, names });
  return names;
}

interface FileRead {
  readonly stat: fs.Stats;
  readonly maxBytes: number;
  readonly start: FileStart;
}

/**
 * Small files of the real disk (the .dockerignore, compose files) read whole, reused while their stat is unchanged:
 * the stat is needed anyway to refuse what is not a regular file or too large, and saves the open and read.
 */
const reads = new Map<string, FileRead>();
const READS_SIZE = 32;

function readOnDisk(file: string, maxBytes: number, disk: DiskStats): FileStart | { readonly error: string } {
  const stat = disk.stat(file);
  // Errors, folders, FIFOs and files too large are nodeFileSystem's to answer.
  if (!stat?.isFile() || stat.size > maxBytes) return nodeFileSystem.readBytes!(file, maxBytes);
  const known = reads.get(file);
  if (known && sameVersion(known.stat, stat) && known.maxBytes === maxBytes) return known.start;
  const start = nodeFileSystem.readBytes!(file, maxBytes);
  reads.delete(file);
  if ('error' in start || start.size !== stat.size) return start;
  if (reads.size >= READS_SIZE) reads.delete(reads.keys().next().value!);
  reads.set(file, { stat, maxBytes, start });
  return start;
}

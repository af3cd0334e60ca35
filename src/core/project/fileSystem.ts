import * as fs from 'node:fs';

/**
 * The few file operations project reading needs. Synchronous on purpose: static evaluation reads a
 * handful of small files, and MSBuild's Exists() conditions need an answer in the middle of an expression.
 */
export interface ProjectFileSystem {
  readText(file: string): string | undefined;
  exists(file: string): boolean;
  isDirectory(dir: string): boolean;
  list(dir: string): string[];
}

export const nodeFileSystem: ProjectFileSystem = {
  readText(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
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
};

import { ProjectFileSystem } from './fileSystem';
import { XmlProblem } from './msbuildXml';

/**
 * The largest project, props or targets file read. Real ones are a few KB (a legacy project listing thousands of
 * files, a few hundred); past this a file is refused before it is read, so that a hostile one cannot keep the
 * extension host busy: reading is synchronous, on every lint, in untrusted workspaces too, and the XML parser
 * allocates some 30 bytes per character of text.
 */
export const maxProjectFileBytes = 512 * 1024;
/** The largest `.sln` read: one line per project and configuration, read with a pattern rather than a parser. */
export const maxSolutionFileBytes = 4 * 1024 * 1024;

export type ProjectFileText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: XmlProblem };

/**
 * An MSBuild or solution file as text, or why not: too large, not UTF-8 or UTF-16 (a byte order mark says which,
 * as MSBuild reads them), or binary. The text has no byte order mark.
 */
export function readProjectFile(file: string, fileSystem: ProjectFileSystem, maxBytes = maxProjectFileBytes): ProjectFileText {
  if (fileSystem.readBytes) {
    const read = fileSystem.readBytes(file, maxBytes);
    if ('error' in read) return refused(file, 1, 1, `the file cannot be read: ${read.error}`);
    if (read.size > read.bytes.length) return refused(file, 1, 1, tooLarge(read.size, 'bytes', maxBytes));
    return decodeProjectFile(read.bytes, file, maxBytes);
  }
  const text = fileSystem.readText(file);
  if (text === undefined) return refused(file, 1, 1, 'the file cannot be read');
  return checkedText(text, file, maxBytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

/** The text of a project file's bytes: UTF-8 (with or without a byte order mark) or UTF-16 with one. */
export function decodeProjectFile(bytes: Uint8Array, file: string, maxBytes = maxProjectFileBytes): ProjectFileText {
  if (bytes.length > maxBytes) return refused(file, 1, 1, tooLarge(bytes.length, 'bytes', maxBytes));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return fromUtf8(bytes.subarray(3), file, maxBytes);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const littleEndian = bytes[0] === 0xff;
    const body = bytes.subarray(2);
    if (body.length % 2) return refused(file, 1, 1, 'the file starts with a UTF-16 byte order mark but has an odd number of bytes: it is not UTF-16 text');
    // TextDecoder knows little-endian UTF-16 in every Node build; big-endian is swapped into it.
    const units = littleEndian ? body : Buffer.from(body).swap16();
    try {
      return checkedText(utf16le.decode(units), file, maxBytes);
    } catch {
      return refused(file, 1, 1, 'the file starts with a UTF-16 byte order mark but is not valid UTF-16: save it as UTF-8');
    }
  }
  // `<` of `<Project` or `<?xml` as UTF-16 without a byte order mark: a zero byte beside it.
  if (bytes.length >= 2 && ((bytes[0] !== 0 && bytes[1] === 0) || (bytes[0] === 0 && bytes[1] !== 0))) {
    return refused(file, 1, 1, 'the file starts with a zero byte beside another: UTF-16 without a byte order mark, which MSBuild cannot tell from binary data (save it as UTF-8), or not a project file');
  }
  return fromUtf8(bytes, file, maxBytes);
}

function fromUtf8(bytes: Uint8Array, file: string, maxBytes: number): ProjectFileText {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const { line, column } = bytePosition(bytes, at);
    return refused(file, line, column, `the file is not UTF-8 text (byte 0x${(bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')} at line ${line}, column ${column}): save it as UTF-8, or it is not a project file`);
  }
  return checkedText(text, file, maxBytes);
}

/** Text that came as a string (an editor's, an in-memory file system's): the same bounds as bytes from disk. */
function checkedText(text: string, file: string, maxBytes: number): ProjectFileText {
  if (text.length > maxBytes) return refused(file, 1, 1, tooLarge(text.length, 'characters', maxBytes));
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Characters XML 1.0 does not allow (NUL and the other C0 controls but tab and line ends): binary data.
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.exec(withoutBom);
  if (control) {
    const { line, column } = textPosition(withoutBom, control.index);
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return refused(file, line, column, `the file holds binary data (U+${code} at line ${line}, column ${column}), not XML text: it is not a project file`);
  }
  return { ok: true, text: withoutBom };
}

function tooLarge(size: number, unit: 'bytes' | 'characters', maxBytes: number): string {
  const shown = (value: number) => (value >= 1024 * 1024 ? `${(value / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(value / 1024)} KB`);
  return `the file is ${unit === 'bytes' ? shown(size) : `${size.toLocaleString('en-US')} characters`}, more than the ${shown(maxBytes)} such a file is read up to: it is not read`;
}

function refused(file: string, line: number, column: number, message: string): ProjectFileText {
  return { ok: false, problem: { file, line, column, message } };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (!length) return i;
    if (length > 1) {
      // The second byte's range also rules out overlong forms, surrogates and code points past U+10FFFF.
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      const second = bytes[i + 1];
      if (second === undefined || second < low || second > high) return i;
      for (let k = 2; k < length; k++) {
        const next = bytes[i + k];
        if (next === undefined || next < 0x80 || next > 0xbf) return i;
      }
    }
    i += length;
  }
  return i;
}

/** 1-based line and column (in bytes) of a byte offset. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** 1-based line and column (in UTF-16 units, as an editor counts) of a string offset. */
export function textPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

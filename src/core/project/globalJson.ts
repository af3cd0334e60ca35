import { jsonErrorOffset } from '../environment/dockerConfig';
import { ProjectFileSystem } from './fileSystem';
import { GlobalJson } from './ProjectInfo';

/** What the host does with SDK settings it cannot use (COREHOST_TRACE says "Ignoring SDK settings in global.json"). */
const ignored = 'dotnet ignores its SDK settings and uses the newest SDK installed';

/** The largest global.json read; real ones are a few hundred bytes. */
export const maxGlobalJsonBytes = 64 * 1024;

export type GlobalJsonReading = { readonly ok: true; readonly globalJson: GlobalJson } | { readonly ok: false; readonly globalJson: GlobalJson; readonly warning: string };

/**
 * Reads a global.json as the dotnet CLI does: JSON with `//` and `/* *\/` comments allowed and nothing else (a
 * trailing comma makes the 10.0 CLI fail at start; an sdk.version it cannot use makes the host ignore the SDK settings).
 * A file that cannot be read or parsed is a
 * warning that says where, never a throw; the file is still named, since the SDK still finds it.
 */
export function readGlobalJson(file: string, fileSystem: ProjectFileSystem): GlobalJsonReading {
  const unread = (reason: string): GlobalJsonReading => ({ ok: false, globalJson: { file }, warning: `${file}: ${reason}` });
  let text: string | undefined;
  if (fileSystem.readBytes) {
    const read = fileSystem.readBytes(file, maxGlobalJsonBytes);
    if ('error' in read) return unread(`cannot be read (${read.error})`);
    if (read.size > read.bytes.length) return unread(`is ${Math.ceil(read.size / 1024)} KB, more than the ${maxGlobalJsonBytes / 1024} KB a global.json is read up to: not read`);
    text = Buffer.from(read.bytes).toString('utf8');
  } else {
    text = fileSystem.readText(file);
    if (text === undefined) return unread('cannot be read');
    if (text.length > maxGlobalJsonBytes) return unread(`is more than ${maxGlobalJsonBytes / 1024} KB, more than a global.json is read up to: not read`);
  }
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const json = withoutComments(withoutBom);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    const offset = jsonErrorOffset(json) ?? 0;
    const before = json.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return unread(`is not valid JSON at line ${line}, column ${column}: dotnet fails on it (comments are allowed, trailing commas are not)`);
  }
  if (!isRecord(value)) return unread('is not a JSON object: dotnet fails on it');
  const sdk = value.sdk;
  if (sdk === undefined) return { ok: true, globalJson: { file } };
  if (!isRecord(sdk)) return unread(`has an "sdk" that is not an object: ${ignored}`);
  const stringField = (name: string) => (typeof sdk[name] === 'string' && (sdk[name] as string).trim() ? (sdk[name] as string).trim() : undefined);
  const sdkVersion = stringField('version');
  const rollForward = stringField('rollForward');
  const allowPrerelease = typeof sdk.allowPrerelease === 'boolean' ? sdk.allowPrerelease : undefined;
  const globalJson: GlobalJson = {
    file,
    ...(sdkVersion ? { sdkVersion } : {}),
    ...(rollForward ? { rollForward } : {}),
    ...(allowPrerelease !== undefined ? { allowPrerelease } : {}),
  };
  if (sdkVersion && !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(sdkVersion)) {
    return { ok: false, globalJson, warning: `${file}: sdk.version "${sdkVersion}" is not an SDK version (such as 10.0.100): ${ignored}` };
  }
  return { ok: true, globalJson };
}

/** The text with comments blanked out (same length and lines, so that positions still hold); strings are kept. */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (char === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

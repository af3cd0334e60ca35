import { isTargetFrameworkCompatible, parseTargetFramework } from './targetFramework';

/** MSBuild properties, looked up case-insensitively as MSBuild does. */
export class PropertyTable {
  private readonly values = new Map<string, { name: string; value: string }>();

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase())?.value;
  }

  set(name: string, value: string): void {
    this.values.set(name.toLowerCase(), { name, value });
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  entries(): Array<[string, string]> {
    return [...this.values.values()].map(({ name, value }) => [name, value]);
  }
}

export interface Expansion {
  readonly value: string;
  /** True when part of the text used something static evaluation cannot know (a property function, an item list). */
  readonly unresolved: boolean;
}

/** Expands `$(Name)` and the few property functions that matter for container builds; marks the rest unresolved. */
export function expandProperties(text: string, properties: PropertyTable): Expansion {
  let unresolved = false;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('$(', i);
    const itemStart = text.slice(i).search(/[@%]\(/);
    if (itemStart >= 0 && (start < 0 || i + itemStart < start)) unresolved = true;
    if (start < 0) { out += text.slice(i); break; }
    out += text.slice(i, start);
    const end = matchingParen(text, start + 1);
    if (end < 0) { out += text.slice(start); unresolved = true; break; }
    const inner = text.slice(start + 2, end).trim();
    const value = evaluateInner(inner, properties);
    if (value === undefined) unresolved = true;
    out += value ?? '';
    i = end + 1;
  }
  return { value: out, unresolved };
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const char = text[j];
    if (char === "'" || char === '"' || char === '`') {
      const close = text.indexOf(char, j + 1);
      if (close < 0) return -1;
      j = close;
    } else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return j;
  }
  return -1;
}

function evaluateInner(inner: string, properties: PropertyTable): string | undefined {
  if (/^[A-Za-z_][\w-]*$/.test(inner)) return properties.get(inner) ?? '';
  // $(Name.Method('arg')) string functions on a property value.
  const method = /^([A-Za-z_][\w-]*)\.(\w+)\((.*)\)$/s.exec(inner);
  if (method) {
    const value = properties.get(method[1]!) ?? '';
    const args = splitArgs(method[3]!, properties);
    if (!args) return undefined;
    switch (method[2]!.toLowerCase()) {
      case 'startswith': return String(value.startsWith(args[0] ?? ''));
      case 'endswith': return String(value.endsWith(args[0] ?? ''));
      case 'contains': return String(value.includes(args[0] ?? ''));
      case 'tolower':
      case 'tolowerinvariant': return value.toLowerCase();
      case 'toupper':
      case 'toupperinvariant': return value.toUpperCase();
      case 'trim': return value.trim();
      case 'replace': return args.length === 2 ? value.split(args[0]!).join(args[1]!) : undefined;
      default: return undefined;
    }
  }
  const msbuild = /^\[MSBuild\]::(\w+)\((.*)\)$/is.exec(inner);
  if (msbuild) {
    const args = splitArgs(msbuild[2]!, properties);
    if (!args) return undefined;
    switch (msbuild[1]!.toLowerCase()) {
      case 'gettargetframeworkidentifier': return parseTargetFramework(args[0] ?? '')?.identifier;
      case 'gettargetframeworkversion': {
        return parseTargetFramework(args[0] ?? '')?.version;
      }
      case 'gettargetplatformidentifier': {
        const tfm = parseTargetFramework(args[0] ?? '');
        return tfm ? (tfm.platform ?? '') : undefined;
      }
      case 'istargetframeworkcompatible': {
        const compatible = isTargetFrameworkCompatible(args[0] ?? '', args[1] ?? '');
        return compatible === undefined ? undefined : String(compatible);
      }
      case 'versiongreaterthanorequals':
      case 'versionlessthan':
      case 'versiongreaterthan':
      case 'versionlessthanorequals':
      case 'versionequals': {
        const cmp = compareDotted(args[0] ?? '', args[1] ?? '');
        if (cmp === undefined) return undefined;
        const name = msbuild[1]!.toLowerCase();
        return String(name === 'versionequals' ? cmp === 0 : name === 'versionlessthan' ? cmp < 0 : name === 'versiongreaterthan' ? cmp > 0 : name === 'versionlessthanorequals' ? cmp <= 0 : cmp >= 0);
      }
      default: return undefined;
    }
  }
  return undefined;
}

function compareDotted(a: string, b: string): number | undefined {
  if (!/^\d+(\.\d+)*$/.test(a.trim()) || !/^\d+(\.\d+)*$/.test(b.trim())) return undefined;
  const pa = a.trim().split('.').map(Number);
  const pb = b.trim().split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff) return diff;
  }
  return 0;
}

/** Splits `'a', '$(B)'` into expanded argument strings; undefined when an argument cannot be known. */
function splitArgs(text: string, properties: PropertyTable): string[] | undefined {
  const args: string[] = [];
  let current = '';
  let depth = 0;
  let quote: string | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') { quote = char; continue; }
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) { args.push(current.trim()); current = ''; continue; }
    current += char;
  }
  if (current.trim() || args.length) args.push(current.trim());
  const expanded: string[] = [];
  for (const arg of args) {
    const result = expandProperties(arg, properties);
    if (result.unresolved) return undefined;
    expanded.push(result.value);
  }
  return expanded;
}

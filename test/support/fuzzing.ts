import * as path from 'node:path';
import { FileStart, ProjectFileSystem } from '../../src/core/project/fileSystem';

/**
 * What the fuzz tests share: a seeded random stream (so that a failure reproduces: each test prints its seed, and
 * DC_FUZZ_SEED=<seed> runs it again with that one), files in memory, and mutations of Dockerfiles and projects.
 */

/** The seed from DC_FUZZ_SEED (decimal or 0x…), else the test's own fixed one. */
export function fuzzSeed(fallback: number): number {
  const given = process.env.DC_FUZZ_SEED;
  return given ? Number(given) >>> 0 : fallback >>> 0;
}

/** mulberry32: small, fast, and the same sequence on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)]!;

/** A file's content in memory: text (read through readText) or bytes (read through readBytes, as from disk). */
export type MemoryContent = string | Uint8Array;

/** Files in memory, with overrides on top: the code under test reads through this, never the disk. */
export function memoryFileSystem(base: ReadonlyMap<string, MemoryContent>, overrides: ReadonlyMap<string, MemoryContent> = new Map()): ProjectFileSystem {
  const read = (file: string) => overrides.get(file) ?? base.get(file);
  // Each folder's entries, worked out once: the reader asks about folders often (Directory.Build.props, solutions).
  const entries = new Map<string, Set<string>>();
  for (const file of [...base.keys(), ...overrides.keys()]) {
    for (let child = file, dir = path.dirname(file); dir !== child; child = dir, dir = path.dirname(dir)) {
      let names = entries.get(dir);
      if (!names) entries.set(dir, names = new Set());
      names.add(path.basename(child));
    }
  }
  const isDirectory = (dir: string) => entries.has(dir);
  return {
    readText: file => {
      const content = read(file);
      return typeof content === 'string' || content === undefined ? content : Buffer.from(content).toString('utf8');
    },
    readBytes: (file, maxBytes): FileStart | { error: string } => {
      const content = read(file);
      if (content === undefined) return { error: 'it does not exist' };
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      return bytes.length > maxBytes ? { bytes: new Uint8Array(0), size: bytes.length } : { bytes, size: bytes.length };
    },
    exists: file => read(file) !== undefined || isDirectory(file),
    isDirectory,
    list: dir => [...(entries.get(dir) ?? [])],
  };
}

export const dockerfileTokens: readonly string[] = [
  '\\', '`', '\\\n', '`\n', '<<EOF', '<<-EOF', "<<'EOF'", '<<"EOF"', '\nEOF\n', '<<<', '${', '${TARGETARCH', '${TARGETARCH/amd64/x64}', '$', '$TARGETARCH',
  '"', "'", '["', '"]', '[', ']', '--from=', '--from=buidl', '--from=0', '--from=99', '--mount=from=', '--mount=type=cache,target=/root/.nuget/packages',
  '--platform=$BUILDPLATFORM', ' AS ', ' as ', 'AS build', 'FROM ', 'FROM build', 'COPY . .', 'ADD . .', 'RUN dotnet restore -a $TARGETARCH',
  'RUN dotnet publish -r linux-musl-x64 -o /app', 'ARG TARGETARCH', 'ENV A=', 'WORKDIR ', 'ONBUILD ', 'HEALTHCHECK CMD ', 'ENTRYPOINT ["dotnet", "x.dll"]',
  'USER $APP_UID', 'EXPOSE 80', '# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n', '# dotnet-containers ignore\n', '#', '# comment\\comment',
  '\r\n', '\r', '\n', '\t', ' ', '', '\u0000', '\uFEFF', 'ß', 'İ', '🐳', '\u202e', '\ud800', ':', '@', '@sha256:', 'mcr.microsoft.com/dotnet/sdk:',
  '8.0', '10.0-alpine', '-noble-chiseled', '=', '&&', '||', ';', '|', '*', '**', '?', '../', '/', '.', 'x'.repeat(300),
];

export const projectTokens: readonly string[] = [
  '<', '>', '</Project>', '<PropertyGroup>', '</PropertyGroup>', '<TargetFramework>', '</TargetFramework>', 'net10.0', 'net8.0;net10.0', 'net48',
  'net10.0-windows', '$(', '$(NetVersion)', ')', '@(', '%(', '<TargetFrameworks>;;</TargetFrameworks>', '<AssemblyName></AssemblyName>', '<AssemblyName>a b/c</AssemblyName>',
  '<PublishAot>true</PublishAot>', '<SelfContained>maybe</SelfContained>', '<InvariantGlobalization>TRUE</InvariantGlobalization>', '<OutputType>WinExe</OutputType>',
  '<ProjectReference Include="..\\Missing\\Missing.csproj" />', '<ProjectReference Include="App.csproj" />', '<Import Project="nowhere.props" />',
  '<ContainerPort Include="x" />', '<ContainerImageTags>;</ContainerImageTags>', '&amp;', '&bogus;', '&#x0;', '<![CDATA[', ']]>', '<!--', '-->', '<?xml version="1.0"?>',
  '"', "'", '=', 'Condition="\'$(X)\' == \'\'"', '\uFEFF', '\r', '\u0000', '🐳', 'x'.repeat(500),
];

/** Tokens that attack the reader rather than the evaluation: DTDs, deep nesting, runaway properties, bad characters. */
export const hostileProjectTokens: readonly string[] = [
  '<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', '<!DOCTYPE x>', '<!doctype', '<!ENTITY e "x">', '&b;', '&e;',
  '<A>'.repeat(150), '</A>'.repeat(150), '$([System.String]::Concat(', "$(A.Replace('a', '$(A)'))", '$(A)$(A)$(A)$(A)', '<A>$(A)$(A)</A>',
  '((((((((((', '!!!!!!!!', "Exists('", '\u0001', '\u001b', '\uFFFE', '\ud800', '<constructor>', '<__proto__>', '<toString>', '<valueOf/>', ' a="1" a="2"',
  '<x:y xmlns:x="u">', '&#1114112;', '&#xD800;', '<?pi x?>', '\u0085', '\u2028',
];

/** 1 to 4 edits: lines deleted, duplicated or swapped, tokens inserted, line endings changed, the text cut short. */
export function mutate(text: string, tokens: readonly string[], next: () => number): string {
  let result = text;
  for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
    const lines = result.split('\n');
    const at = Math.floor(next() * lines.length);
    const other = Math.floor(next() * lines.length);
    switch (Math.floor(next() * 9)) {
      case 0: lines.splice(at, 1); result = lines.join('\n'); break;
      case 1: lines.splice(at, 0, lines[at] ?? ''); result = lines.join('\n'); break;
      case 2: [lines[at], lines[other]] = [lines[other] ?? '', lines[at] ?? '']; result = lines.join('\n'); break;
      case 3: case 4: case 5: {
        const offset = Math.floor(next() * (result.length + 1));
        result = result.slice(0, offset) + pick(tokens, next) + result.slice(offset);
        break;
      }
      case 6: result = result.replace(/\r?\n/g, next() < 0.5 ? '\r\n' : '\r'); break;
      case 7: result = result.slice(0, Math.floor(next() * (result.length + 1))); break;
      default: result = result.slice(0, at) + String.fromCharCode(Math.floor(next() * 0x3000)) + result.slice(at); break;
    }
  }
  return result;
}

/** Byte-level damage to a file: flipped bytes, a byte order mark, UTF-16, cut mid-character, random junk. */
export function mutateBytes(text: string, next: () => number): Uint8Array {
  const utf8 = Buffer.from(text, 'utf8');
  switch (Math.floor(next() * 8)) {
    case 0: return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    case 1: return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 2: return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 3: return Buffer.from(text, 'utf16le');
    case 4: return utf8.subarray(0, Math.floor(next() * (utf8.length + 1)));
    case 5: return Buffer.from(Array.from({ length: Math.floor(next() * 2048) }, () => Math.floor(next() * 256)));
    default: {
      const damaged = Buffer.from(utf8);
      for (let flips = 1 + Math.floor(next() * 4); flips > 0 && damaged.length; flips--) damaged[Math.floor(next() * damaged.length)] = Math.floor(next() * 256);
      return damaged;
    }
  }
}

import { maxMarkup } from '../../src/core/project/msbuildXml';
import { maxProjectFileBytes } from '../../src/core/project/projectFile';

/**
 * Project files made to hurt a reader: entity bombs, deep nesting, huge files, bad encodings, binary junk, and
 * the costliest shapes that stay inside the reader's limits. Shared by the budget tests and `npm run bench`.
 */

/** Where a hostile file goes in a small tree whose app is `App/App.csproj`. */
export type HostilePlace = 'project' | 'Directory.Build.props' | 'solution';

export interface HostileInput {
  readonly name: string;
  readonly place: HostilePlace;
  /** Built on demand: some are 50 MB. */
  readonly bytes: () => Buffer;
}

const sdk = (body: string) => `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n${body}</Project>\n`;
const utf8 = (text: string) => Buffer.from(text, 'utf8');
/** Text of about `bytes` bytes: `unit` repeated inside `wrap`'s `%` . */
const filled = (wrap: string, unit: string, bytes: number) => wrap.replace('%', unit.repeat(Math.max(1, Math.floor((bytes - wrap.length) / unit.length))));
/** Just under the reader's size limit: the largest file it reads. */
const underLimit = maxProjectFileBytes - 4096;

/** A seeded byte stream (mulberry32), the same on every machine. */
function randomBytes(length: number, seed: number): Buffer {
  let state = seed >>> 0;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}

const billionLaughs = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE Project [',
  '  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">',
  ...'bcdefghij'.split('').map((name, i) => `  <!ENTITY ${name} "${`&${'abcdefghij'[i]};`.repeat(10)}">`),
  ']>',
  sdk('  <PropertyGroup><AssemblyName>&j;</AssemblyName></PropertyGroup>\n'),
].join('\n');

/** One large entity used many times: no entity refers to another (the variant of GHSA-jmr7-xgp7-cmfj). */
const flatEntityBomb = [
  '<?xml version="1.0"?>',
  `<!DOCTYPE Project [ <!ENTITY big "${'x'.repeat(9000)}"> ]>`,
  sdk(`  <PropertyGroup><AssemblyName>${'&big;'.repeat(20_000)}</AssemblyName></PropertyGroup>\n`),
].join('\n');

const sample = sdk('  <ItemGroup>\n    <PackageReference Include="Serilog.AspNetCore" Version="9.0.0" />\n  </ItemGroup>\n');

export const hostileInputs: readonly HostileInput[] = [
  { name: 'entity bomb (billion laughs)', place: 'project', bytes: () => utf8(billionLaughs) },
  { name: 'entity bomb (one large entity, 20,000 uses)', place: 'project', bytes: () => utf8(flatEntityBomb) },
  { name: 'entity bomb in Directory.Build.props', place: 'Directory.Build.props', bytes: () => utf8(billionLaughs.replace('<Project Sdk="Microsoft.NET.Sdk.Web">', '<Project>')) },
  { name: 'a DOCTYPE 40,000 times in one comment', place: 'project', bytes: () => utf8(sdk(`  <!-- ${'<!DOCTYPE x>'.repeat(40_000)} -->\n`)) },
  { name: '10,000-deep nesting', place: 'project', bytes: () => utf8(sdk(`  <PropertyGroup>${'<A>'.repeat(10_000)}x${'</A>'.repeat(10_000)}</PropertyGroup>\n`)) },
  { name: '50 MB file', place: 'project', bytes: () => utf8(filled(sdk('  <PropertyGroup><Description>%</Description></PropertyGroup>\n'), 'x', 50 * 1024 * 1024)) },
  { name: '50 MB solution beside the project', place: 'solution', bytes: () => utf8(filled('Microsoft Visual Studio Solution File, Format Version 12.00\r\n%', 'Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "App", "App\\App.csproj", "{00000000-0000-0000-0000-000000000000}"\r\nEndProject\r\n', 50 * 1024 * 1024)) },
  { name: 'invalid UTF-8', place: 'project', bytes: () => Buffer.concat([utf8(sample.slice(0, 120)), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), utf8(sample.slice(120))]) },
  { name: 'UTF-8 with a byte order mark', place: 'project', bytes: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(sample)]) },
  { name: 'UTF-16 LE with a byte order mark', place: 'project', bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')]) },
  { name: 'UTF-16 BE with a byte order mark', place: 'project', bytes: () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(sample, 'utf16le').swap16()]) },
  { name: 'UTF-16 without a byte order mark', place: 'project', bytes: () => Buffer.from(sample, 'utf16le') },
  { name: 'binary junk (random bytes up to the size limit)', place: 'project', bytes: () => randomBytes(underLimit, 0x5eed_0001) },
  { name: 'binary junk that is valid UTF-8 (NUL bytes)', place: 'project', bytes: () => utf8(sample.replace('<ItemGroup>', `<ItemGroup>${'\u0000\u0001\u0002'.repeat(1000)}`)) },
  // The costliest files the reader still reads, or reads up to its limits:
  { name: 'attributes up to the markup limit, on one element', place: 'project', bytes: () => utf8(sdk(`  <ItemGroup><None Include="x" ${Array.from({ length: maxMarkup - 20 }, (_, i) => `a${i}="b"`).join(' ')}/></ItemGroup>\n`)) },
  { name: 'attributes beyond the markup limit', place: 'project', bytes: () => utf8(sdk(`  <ItemGroup><None Include="x" ${Array.from({ length: 40_000 }, (_, i) => `a${i}="b"`).join(' ')}/></ItemGroup>\n`)) },
  { name: 'tiny elements up to the markup limit', place: 'project', bytes: () => utf8(sdk(`  <PropertyGroup>${'<A/>'.repeat(maxMarkup - 20)}</PropertyGroup>\n`)) },
  { name: 'project references up to the markup limit', place: 'project', bytes: () => utf8(sdk(`  <ItemGroup>\n${Array.from({ length: maxMarkup / 2 - 20 }, (_, i) => `<ProjectReference Include="..\\Lib${i}\\Lib${i}.csproj"/>`).join('\n')}\n  </ItemGroup>\n`)) },
  { name: 'imports up to the markup limit', place: 'project', bytes: () => utf8(sdk(Array.from({ length: maxMarkup / 2 - 20 }, (_, i) => `<Import Project="missing${i}.props"/>`).join('\n'))) },
  { name: 'Exists() conditions up to the markup limit', place: 'project', bytes: () => utf8(sdk(`  <PropertyGroup>\n${Array.from({ length: maxMarkup / 3 - 20 }, (_, i) => `<P${i} Condition="Exists('missing${i}.txt')">x</P${i}>`).join('\n')}\n  </PropertyGroup>\n`)) },
  { name: 'entity references up to the markup limit', place: 'project', bytes: () => utf8(sdk(`  <PropertyGroup><Description>${'&amp;&lt;&#65;&#x42;'.repeat(maxMarkup / 4 - 5)}</Description></PropertyGroup>\n`)) },
  { name: 'text up to the size limit', place: 'project', bytes: () => utf8(filled(sdk('  <PropertyGroup><Description>%</Description></PropertyGroup>\n'), 'lorem ipsum ', underLimit)) },
  { name: 'property functions up to the size limit', place: 'project', bytes: () => utf8(filled(sdk('  <PropertyGroup><Description>%</Description></PropertyGroup>\n'), '$([System.String]::Concat($(A),$(B)))', underLimit)) },
  { name: 'properties doubling each other 40 times', place: 'project', bytes: () => utf8(sdk(`  <PropertyGroup>\n<P0>${'x'.repeat(64)}</P0>\n${Array.from({ length: 40 }, (_, i) => `<P${i + 1}>$(P${i})$(P${i})</P${i + 1}>`).join('\n')}\n<AssemblyName>$(P40.ToLower())</AssemblyName>\n  </PropertyGroup>\n`)) },
  { name: 'a Replace that multiplies a property', place: 'project', bytes: () => utf8(sdk(`  <PropertyGroup>\n<Big>${'a'.repeat(100_000)}</Big>\n<AssemblyName>$(Big.Replace('a', '$(Big)'))</AssemblyName>\n  </PropertyGroup>\n`)) },
  { name: 'a large property used 100 times', place: 'project', bytes: () => utf8(sdk(`  <PropertyGroup>\n    <Big>${'x'.repeat(underLimit - 4000)}</Big>\n${Array.from({ length: 100 }, (_, i) => `<Use${i}>$(Big)</Use${i}>`).join('\n')}\n  </PropertyGroup>\n`)) },
  { name: 'a large property in 100 conditions', place: 'project', bytes: () => utf8(sdk(`  <PropertyGroup>\n    <Big>${'x'.repeat(underLimit - 8000)}</Big>\n${Array.from({ length: 100 }, (_, i) => `<Use${i} Condition="'$(Big)' == 'y'">z</Use${i}>`).join('\n')}\n  </PropertyGroup>\n`)) },
  { name: 'property functions nested 10,000 deep', place: 'project', bytes: () => utf8(sdk(`  <PropertyGroup>\n    <AssemblyName>${"$(A.Replace('x', '".repeat(10_000)}${"'))".repeat(10_000)}</AssemblyName>\n  </PropertyGroup>\n`)) },
  { name: 'conditions nested 10,000 deep', place: 'project', bytes: () => utf8(sdk(`  <PropertyGroup Condition="${'('.repeat(10_000)}'a' == 'a'${')'.repeat(10_000)}">\n    <AssemblyName>x</AssemblyName>\n  </PropertyGroup>\n`)) },
];

import { defaultPort, DotnetImage } from '../images/dotnetCatalog';
import { OwnEndpoints } from '../project/kestrelEndpoints';
import { commandLineWords, containerCommand } from './commandWords';
import { argumentsOf } from './instructionWords';
import { safe, Stage } from './lintContext';
import { Fact, remembered } from './remembered';
import { chainEnv, chainInstructions, EnvSetting } from './stageChain';
import { Range } from './types';

/** A port the app listens on, and the ENV text that sets it (when the Dockerfile sets it). */
export interface ListenPort {
  readonly port: number;
  readonly scheme: 'http' | 'https';
  readonly setting?: EnvSetting;
  /** The command-line option that sets it (`--urls`), when the container's command does. */
  readonly commandLine?: string;
  /** The digits in the ENV value or the command's word, when written on one line. */
  readonly range?: Range;
}

/** Where Kestrel listens in the final image, as far as the Dockerfile tells. */
export interface Listening {
  /**
   * False when something the Dockerfile does not show decides: Kestrel endpoints or URLs from other variables,
   * variables in the values (or in `--urls` on the command line), or an image that is not a .NET one.
   */
  readonly known: boolean;
  /**
   * `image`: the image's own default (8080 from .NET 8, 80 before); `env`: the Dockerfile's ENV; `command`: the
   * container command's `--urls` (or `--http_ports`), which the app's command-line configuration puts above both.
   */
  readonly source: 'image' | 'env' | 'command';
  readonly ports: readonly ListenPort[];
}

/** An `EXPOSE` port (TCP), with the range of its number. */
export interface ExposedPort {
  readonly port: number;
  /** The last port of an `8000-8010` range (equal to {@link port} otherwise). */
  readonly lastPort: number;
  readonly range: Range;
}

const LISTENING = new Fact<Map<Stage, { readonly image: DotnetImage | undefined; readonly listening: Listening }>>('listening ports by stage');
const EXPOSED = new Fact<readonly ExposedPort[]>('exposed ports');

const unknowable = /^(?:ASPNETCORE_|DOTNET_)?(?:Kestrel__Endpoints__|URLS$|HTTP_PORTS$|HTTPS_PORTS$)/i;

/**
 * The ports Kestrel binds in a stage: `--urls` on the command line beats ASPNETCORE_URLS, which beats
 * ASPNETCORE_HTTP(S)_PORTS, which beat the image's default; none of them when the app sets its own endpoints
 * (`ownEndpoints`, from its code or appsettings: then not known).
 */
export function listeningPorts(stage: Stage, image: DotnetImage | undefined, lines: readonly string[], ownEndpoints: OwnEndpoints | undefined): Listening {
  if (ownEndpoints) return { known: false, source: 'env', ports: [] };
  // Two rules ask about the final stage: worked out once per lint (see remembered.ts).
  const byStage = remembered(lines, LISTENING, () => new Map<Stage, { readonly image: DotnetImage | undefined; readonly listening: Listening }>());
  const known = byStage.get(stage);
  if (known && known.image === image) return known.listening;
  const listening = readListeningPorts(stage, image, lines);
  byStage.set(stage, { image, listening });
  return listening;
}

function readListeningPorts(stage: Stage, image: DotnetImage | undefined, lines: readonly string[]): Listening {
  const env = chainEnv(stage);
  const modern = majorVersion(image?.version) === undefined || (majorVersion(image?.version) ?? 0) >= 8;
  const urls = env.get('ASPNETCORE_URLS');
  const httpPorts = env.get('ASPNETCORE_HTTP_PORTS');
  const httpsPorts = env.get('ASPNETCORE_HTTPS_PORTS');
  const ours = new Set([urls, httpPorts, httpsPorts]);
  const command = commandLinePorts(stage, lines);
  if (command === 'unknown' || !image) return { known: false, source: 'env', ports: [] };
  // WebApplication.CreateBuilder(args) reads the command line last: its URLs win over every ENV.
  if (command) return { known: true, source: 'command', ports: command };
  const hidden = [...env.values()].some(setting => !ours.has(setting) && unknowable.test(setting.name))
    || [urls, httpPorts, httpsPorts].some(setting => setting?.value.includes('$'));
  if (hidden) return { known: false, source: 'env', ports: [] };

  if (urls) return { known: true, source: 'env', ports: portsIn(urls, lines, 'urls') };
  // HTTP_PORTS/HTTPS_PORTS came with .NET 8; before, the images set ASPNETCORE_URLS=http://+:80.
  if (modern && (httpPorts || httpsPorts)) {
    const http = httpPorts ? portsIn(httpPorts, lines, 'http') : [{ port: 8080, scheme: 'http' as const }];
    return { known: true, source: 'env', ports: [...http, ...(httpsPorts ? portsIn(httpsPorts, lines, 'https') : [])] };
  }
  return { known: true, source: 'image', ports: [{ port: defaultPort(image.version, image.variant), scheme: 'http' }] };
}

/** The TCP ports the stage chain EXPOSEs (ports written with variables are left out). */
export function exposedPorts(stage: Stage): readonly ExposedPort[] {
  return remembered(stage, EXPOSED, () => readExposedPorts(stage));
}

function readExposedPorts(stage: Stage): ExposedPort[] {
  const exposed: ExposedPort[] = [];
  for (const instruction of chainInstructions(stage, 'EXPOSE')) {
    for (const arg of safe(() => argumentsOf(instruction), [])) {
      const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(arg.getValue());
      if (!match || (match[3] && match[3].toLowerCase() !== 'tcp')) continue;
      const start = arg.getRange().start;
      const digits = (match[1] ?? '').length + (match[2] ? match[2].length + 1 : 0);
      exposed.push({
        port: Number(match[1]),
        lastPort: Number(match[2] ?? match[1]),
        range: { start, end: { line: start.line, character: start.character + digits } },
      });
    }
  }
  return exposed;
}

/** Whether an exposed port (or range) covers a port. */
export function exposes(exposed: ExposedPort, port: number): boolean {
  return exposed.port <= port && port <= exposed.lastPort;
}

/**
 * The ports the container command's `--urls` (or `--http_ports`, `--https_ports`) sets, `--option value` or
 * `--option=value`; undefined when it sets none, `unknown` when its value is a variable or missing.
 */
function commandLinePorts(stage: Stage, lines: readonly string[]): ListenPort[] | 'unknown' | undefined {
  const words = commandLineWords(containerCommand(stage, lines));
  const found = new Map<'urls' | 'http' | 'https', ListenPort[]>();
  for (let i = 0; i < words.length; i++) {
    const option = /^--(urls|http_ports|https_ports)(?:=(.*))?$/is.exec(words[i]!.value);
    if (!option) continue;
    const kind = option[1]!.toLowerCase() === 'urls' ? 'urls' : option[1]!.toLowerCase() === 'http_ports' ? 'http' : 'https';
    const word = option[2] === undefined ? words[++i] : words[i]!;
    if (!word || !word.literal || word.value.includes('$')) return 'unknown';
    const { range } = word;
    const oneLine = range.start.line === range.end.line;
    const raw = oneLine ? (lines[range.start.line] ?? '').slice(range.start.character, range.end.character) : word.value;
    const at = (index: number, length: number): Range | undefined => (oneLine
      ? { start: { line: range.start.line, character: range.start.character + index }, end: { line: range.start.line, character: range.start.character + index + length } }
      : undefined);
    // In `--urls=…` the value starts after the `=`; the raw word may also hold quotes.
    const start = option[2] === undefined ? 0 : raw.indexOf('=') + 1;
    found.set(kind, portsInText(raw.slice(start), kind, (index, length) => at(start + index, length)).map(port => ({ ...port, commandLine: `--${option[1]!.toLowerCase()}` })));
  }
  if (!found.size) return undefined;
  // As in the images' ENV: URLs win over the port lists.
  return found.get('urls') ?? [...(found.get('http') ?? [{ port: 8080, scheme: 'http' as const }]), ...(found.get('https') ?? [])];
}

/**
 * The ports in an ENV value: URLs (`http://+:8080;https://+:8081`, no port meaning 80/443) or a port list
 * (`8080;8081`). Ranges point at the digits when the value sits on one line.
 */
function portsIn(setting: EnvSetting, lines: readonly string[], kind: 'urls' | 'http' | 'https'): ListenPort[] {
  const valueRange = safe(() => setting.property.getValueRange(), null);
  const oneLine = valueRange && valueRange.start.line === valueRange.end.line;
  const raw = oneLine ? (lines[valueRange.start.line] ?? '').slice(valueRange.start.character, valueRange.end.character) : setting.value;
  const at = (index: number, length: number): Range | undefined => (oneLine
    ? { start: { line: valueRange.start.line, character: valueRange.start.character + index }, end: { line: valueRange.start.line, character: valueRange.start.character + index + length } }
    : undefined);
  return portsInText(raw, kind, at).map(port => ({ ...port, setting }));
}

/** The ports in a value as written, with `at` giving the range of the digits at an index of it. */
function portsInText(raw: string, kind: 'urls' | 'http' | 'https', at: (index: number, length: number) => Range | undefined): ListenPort[] {
  const ports: ListenPort[] = [];
  if (kind === 'urls') {
    for (const match of raw.matchAll(/(https?):\/\/(\[[^\]]*\]|[^/:;\s"']*)(?::(\d+))?/gi)) {
      const scheme = (match[1] ?? '').toLowerCase() === 'https' ? 'https' : 'http';
      const digits = match[3];
      const port = digits ? Number(digits) : scheme === 'https' ? 443 : 80;
      const range = digits ? at((match.index ?? 0) + match[0].length - digits.length, digits.length) : undefined;
      ports.push({ port, scheme, ...(range ? { range } : {}) });
    }
  } else {
    for (const match of raw.matchAll(/\d+/g)) {
      const range = at(match.index ?? 0, match[0].length);
      ports.push({ port: Number(match[0]), scheme: kind, ...(range ? { range } : {}) });
    }
  }
  return ports;
}

function majorVersion(version: string | undefined): number | undefined {
  const major = version ? Number(version.split('.')[0]) : NaN;
  return Number.isFinite(major) ? major : undefined;
}

import { defaultPort, DotnetImage } from '../images/dotnetCatalog';
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
  /** The digits in the ENV value, when written on one line. */
  readonly range?: Range;
}

/** Where Kestrel listens in the final image, as far as the Dockerfile tells. */
export interface Listening {
  /**
   * False when something the Dockerfile does not show decides: Kestrel endpoints or URLs from other variables,
   * `--urls` on the command line, variables in the values, or an image that is not a .NET one.
   */
  readonly known: boolean;
  /** `image`: the image's own default (8080 from .NET 8, 80 before); `env`: the Dockerfile's ENV. */
  readonly source: 'image' | 'env';
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

/** The ports Kestrel binds in a stage: ASPNETCORE_URLS beats ASPNETCORE_HTTP(S)_PORTS, which beat the image's default. */
export function listeningPorts(stage: Stage, image: DotnetImage | undefined, lines: readonly string[]): Listening {
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
  const hidden = [...env.values()].some(setting => !ours.has(setting) && unknowable.test(setting.name))
    || [urls, httpPorts, httpsPorts].some(setting => setting?.value.includes('$'))
    || commandLineSetsUrls(stage, lines);
  if (!image || hidden) return { known: false, source: 'env', ports: [] };

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

function commandLineSetsUrls(stage: Stage, lines: readonly string[]): boolean {
  return commandLineWords(containerCommand(stage, lines)).some(word => /^--(urls|http_ports|https_ports)\b/i.test(word.value));
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
  const ports: ListenPort[] = [];
  if (kind === 'urls') {
    for (const match of raw.matchAll(/(https?):\/\/(\[[^\]]*\]|[^/:;\s"']*)(?::(\d+))?/gi)) {
      const scheme = (match[1] ?? '').toLowerCase() === 'https' ? 'https' : 'http';
      const digits = match[3];
      const port = digits ? Number(digits) : scheme === 'https' ? 443 : 80;
      const range = digits ? at((match.index ?? 0) + match[0].length - digits.length, digits.length) : undefined;
      ports.push({ port, scheme, setting, ...(range ? { range } : {}) });
    }
  } else {
    for (const match of raw.matchAll(/\d+/g)) {
      const range = at(match.index ?? 0, match[0].length);
      ports.push({ port: Number(match[0]), scheme: kind, setting, ...(range ? { range } : {}) });
    }
  }
  return ports;
}

function majorVersion(version: string | undefined): number | undefined {
  const major = version ? Number(version.split('.')[0]) : NaN;
  return Number.isFinite(major) ? major : undefined;
}

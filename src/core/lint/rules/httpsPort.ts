import * as path from 'node:path';
import { Instruction } from 'dockerfile-ast';
import { appShape, servesHttp } from '../appShape';
import { argumentsOf } from '../instructionWords';
import { deleteLines } from '../lineEdits';
import { ExposedPort, exposedPorts, Listening, listeningPorts } from '../listeningPorts';
import { finalStage, LintContext, ruleRuns, safe, Stage } from '../lintContext';
import { portJudgement, portMismatchRuleId } from '../portJudgement';
import { Rule } from '../rule';
import { chainEnv, chainInstructions } from '../stageChain';
import { Fix, Range, RuleFinding, TextEdit } from '../types';
import { readBoundedText } from '../../project/fileSystem';

/** Settings that give Kestrel an HTTPS endpoint or its certificate: then 443 may well be served. */
const httpsSettings = /(?:^|_)Kestrel__|HTTPS_PORTS$/i;
/** Project files that configure Kestrel's endpoints or HTTPS in code or appsettings. */
// Only the keys ASP.NET Core listens by: an https URL elsewhere (an API's base URL, a JWT audience) serves nothing.
// A certificate is Kestrel's when it is an object (`"Certificate": { "Path": … }`); a string is some client's (Squidex's MongoDB).
const httpsInAppSettings = /"Kestrel"\s*:|"Certificates?"\s*:\s*\{|"urls"\s*:\s*"[^"]*https:\/\/|"https_?ports?"\s*:/i;
const httpsInCode = /\bListen(?:AnyIP|Localhost)?\s*\([^)]*\b443\b|\.UseHttps\s*\(|UseUrls\s*\([^)]*https:/i;

/**
 * The .NET images make Kestrel listen on plain HTTP only: port 8080 from .NET 8 (ASPNETCORE_HTTP_PORTS), 80
 * before (ASPNETCORE_URLS=http://+:80), with no certificate in the image
 * (".NET 8 breaking changes: default ASP.NET Core port changed to 8080",
 * https://learn.microsoft.com/dotnet/core/compatibility/8.0). An `EXPOSE 443` left over
 * from a template then names a port nothing listens on. dotnet/port-mismatch reports EXPOSE lines when no exposed
 * port is served at all (see portJudgement): this rule leaves that 443 to it when it runs, so the two never report
 * one port twice, and says it itself when port-mismatch is off.
 */
export const httpsPort: Rule = {
  id: 'dotnet/https-port',
  defaultSeverity: 'warning',
  description: 'EXPOSE 443 while HTTPS is not configured (no ASPNETCORE_HTTPS_PORTS, https URL or Kestrel certificate), so nothing listens on 443.',
  usesProject: true,
  check(context) {
    const final = finalStage(context);
    const image = final?.dotnetImage;
    if (!final || !image) return [];
    const app = appShape(context);
    if (!servesHttp(app, image)) return [];
    const https = exposedPorts(final).filter(e => e.port === 443 && e.lastPort === 443);
    if (!https.length) return [];
    const own = context.project?.info.ownEndpoints;
    // Endpoints the app binds itself: judged by whether its files set up HTTPS at all (eShopOnContainers' Listen(80), Listen(81)).
    if (own?.https) return [];
    const listening = listeningPorts(final, image, context.lines, own);
    if (!own && (!listening.known || listening.ports.some(p => p.port === 443 || p.scheme === 'https'))) return [];
    if ([...chainEnv(final).keys()].some(name => httpsSettings.test(name))) return [];
    if (app.project?.container.ports.some(p => p.port === 443) || projectConfiguresHttps(context)) return [];
    // What dotnet/port-mismatch says about these EXPOSE ports, when it runs, is not said again.
    const taken = ruleRuns(context, portMismatchRuleId) ? (portJudgement(context)?.unservedExposed ?? []).map(e => positionText(e.range)) : [];
    const where = own ? `the endpoints it binds itself (${own.how})` : describeListening(listening, final);
    const notConfigured = own
      ? 'no UseHttps, https URL or Kestrel certificate in its code or appsettings'
      : listening.source === 'command'
        ? '--urls on the command line names no https URL, and it overrides ASPNETCORE_URLS and ASPNETCORE_HTTPS_PORTS'
        : 'no ASPNETCORE_HTTPS_PORTS, https URL in ASPNETCORE_URLS or Kestrel certificate';
    return https.filter(e => !taken.includes(positionText(e.range))).map((e): RuleFinding => {
      const fix = removePortFix(context, final, e);
      return {
        range: e.range,
        message: `EXPOSE 443, but nothing listens on 443: the app serves plain HTTP on ${where} and HTTPS is not configured (${notConfigured}), so connections to 443 are refused; remove 443, or set up HTTPS with a certificate mounted when the container starts.`,
        fixes: fix ? [fix] : [],
      };
    });
  },
};

/** `8080 (the default of the aspnet:10.0 image)`, `5000 (ASPNETCORE_HTTP_PORTS)`. */
function describeListening(listening: Listening, final: Stage): string {
  const ports = listening.ports.map(p => p.port).join(' and ');
  if (listening.source === 'image') return `${ports} (the default of the ${final.dotnetImage?.repo ?? ''}:${final.dotnetImage?.tag?.tag ?? ''} image)`;
  return `${ports} (${[...new Set(listening.ports.map(p => p.setting?.name ?? (p.commandLine && `${p.commandLine} on the command line`)).filter(Boolean))].join(', ')})`;
}

/** appsettings*.json or the C# files at the top of the project folder setting up Kestrel endpoints or HTTPS. */
function projectConfiguresHttps(context: LintContext): boolean {
  const directory = context.project?.info.directory;
  if (!directory) return false;
  const files = safe(() => context.fileSystem.list(directory), []);
  return files.some(name => {
    const settings = /^appsettings(\..+)?\.json$/i.test(name);
    if (!settings && !/\.(cs|fs|vb)$/i.test(name)) return false;
    const text = safe(() => readBoundedText(context.fileSystem, path.join(directory, name), MAX_SOURCE_BYTES), undefined) ?? '';
    return (settings ? httpsInAppSettings : httpsInCode).test(text);
  });
}

/** Settings and source files are small; a larger one (generated code) is not read on every keystroke. */
const MAX_SOURCE_BYTES = 512 * 1024;

/** Removes the port from its EXPOSE: the whole line when it is the only one. */
function removePortFix(context: LintContext, final: Stage, exposed: ExposedPort): Fix | undefined {
  for (const instruction of chainInstructions(final, 'EXPOSE')) {
    const args = safe(() => argumentsOf(instruction), []);
    const index = args.findIndex(arg => positionText(arg.getRange()) === positionText(exposed.range));
    if (index < 0) continue;
    return { title: 'Remove 443 from EXPOSE', edits: [removal(context, instruction, args.map(arg => arg.getRange()), index)], preferred: true };
  }
  return undefined;
}

function removal(context: LintContext, instruction: Instruction, ranges: readonly Range[], index: number): TextEdit {
  const { start, end } = instruction.getRange();
  if (ranges.length === 1) return deleteLines(context, start.line, end.line);
  const own = ranges[index]!;
  // With the blank before it (or, for the first port, the blank after it).
  const from = index > 0 ? ranges[index - 1]!.end : own.start;
  const to = index > 0 ? own.end : ranges[index + 1]!.start;
  return { range: { start: from, end: to }, newText: '' };
}

function positionText(range: Range): string {
  return `${range.start.line}:${range.start.character}`;
}

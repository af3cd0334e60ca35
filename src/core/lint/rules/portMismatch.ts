import { DotnetImage } from '../../images/dotnetCatalog';
import { imageRange } from '../imageEdits';
import { insertLineAfter } from '../lineEdits';
import { ExposedPort, exposes, Listening, ListenPort } from '../listeningPorts';
import { LintContext, Stage } from '../lintContext';
import { portJudgement, portMismatchRuleId } from '../portJudgement';
import { Rule } from '../rule';
import { Fix, Range, RuleFinding, TextEdit } from '../types';

/**
 * EXPOSE and the project's ContainerPort say where the app serves; Kestrel listens where ASPNETCORE_URLS,
 * ASPNETCORE_HTTP_PORTS/HTTPS_PORTS or the image decide (8080 from .NET 8, 80 before). When they disagree,
 * `docker run -p` and orchestrators send traffic to a port nothing answers on.
 */
export const portMismatch: Rule = {
  id: portMismatchRuleId,
  defaultSeverity: 'warning',
  description: 'EXPOSE or the project\'s ContainerPort disagree with the port ASP.NET Core listens on (8080 from .NET 8, 80 before, or ASPNETCORE_URLS/HTTP_PORTS).',
  usesProject: true,
  check(context) {
    const judged = portJudgement(context);
    if (!judged) return [];
    const { final, image, listening, exposed, declared } = judged;
    const where = describeListening(listening, image);

    const port = judged.unservedContainerPort;
    if (port !== undefined) {
      const range = exposed.find(e => exposes(e, port))?.range ?? listening.ports.find(p => p.range)?.range ?? imageRange(final);
      const fix = listenOnFix(context, final, image, listening, port, exposed);
      return [{
        range,
        message: `The project's ContainerPort is ${port}, but the app listens on ${where}, so traffic sent to ${port} gets no answer: make the app listen on ${port}.`,
        fixes: fix ? [fix] : [],
      }];
    }
    return judged.unservedExposed.map((e): RuleFinding => {
      const target = (e.port === 443 ? listening.ports.find(p => p.scheme === 'https') : undefined) ?? listening.ports.find(p => p.scheme === 'http') ?? listening.ports[0]!;
      // Named with the port it replaces: one EXPOSE may list several ports that would each become this one.
      const fixes: Fix[] = [{ title: `Expose ${target.port} instead of ${e.port}`, edits: [{ range: e.range, newText: String(target.port) }], preferred: true }];
      // Listening on a port below 1024 needs root: only offer moving Kestrel to ports a non-root app may bind.
      const listenFix = e.port >= 1024 && !declared.length ? listenOnFix(context, final, image, listening, e.port, []) : undefined;
      if (listenFix) fixes.push(listenFix);
      return {
        range: e.range,
        message: `EXPOSE ${e.port} names a port nothing listens on: the app listens on ${where}, so traffic published to ${e.port} gets no answer; expose ${target.port}.`,
        fixes,
      };
    });
  },
};

/** `8080 (the aspnet:10.0 image's default)`, `5000 (ASPNETCORE_HTTP_PORTS)`. */
function describeListening(listening: Listening, image: DotnetImage): string {
  const ports = listening.ports.map(p => p.port).join(' and ');
  if (listening.source === 'image') return `${ports} (the default of the ${image.repo}:${image.tag?.tag ?? ''} image)`;
  const names = [...new Set(listening.ports.map(p => p.setting?.name ?? (p.commandLine && `${p.commandLine} on the command line`)).filter(Boolean))];
  return `${ports} (${names.join(', ')})`;
}

/**
 * Makes Kestrel listen on `port`: rewrites the port in ASPNETCORE_HTTP_PORTS or ASPNETCORE_URLS when the Dockerfile
 * sets one port there, else adds the ENV line; also exposes it in place of an EXPOSE that no longer matches.
 */
function listenOnFix(context: LintContext, final: Stage, image: DotnetImage, listening: Listening, port: number, exposed: readonly ExposedPort[]): Fix | undefined {
  const edits: TextEdit[] = [];
  const http = listening.ports.filter(p => p.scheme === 'http');
  if (listening.source === 'env' || listening.source === 'command') {
    const written = http.length === 1 && http[0]?.range ? http[0] as ListenPort & { range: Range } : undefined;
    if (!written) return undefined;
    edits.push({ range: written.range, newText: String(port) });
  } else {
    const modern = image.version === undefined || Number(image.version.split('.')[0]) >= 8;
    const anchor = final.instructions.filter(i => i.getKeyword() === 'EXPOSE').pop() ?? final.from;
    edits.push(insertLineAfter(context, anchor.getRange().end.line, modern ? `ENV ASPNETCORE_HTTP_PORTS=${port}` : `ENV ASPNETCORE_URLS=http://+:${port}`));
  }
  if (exposed.length && !exposed.some(e => exposes(e, port))) {
    const replaced = exposed.find(e => e.port === e.lastPort);
    if (replaced) edits.push({ range: replaced.range, newText: String(port) });
  }
  const variable = listening.source === 'env' ? http[0]?.setting?.name : listening.source === 'command' ? http[0]?.commandLine : undefined;
  return { title: `Listen on port ${port}${variable ? ` (${variable})` : ''}`, edits };
}

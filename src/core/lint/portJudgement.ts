import { DotnetImage } from '../images/dotnetCatalog';
import { appShape, runsApp, servedByIis, servesHttp } from './appShape';
import { ExposedPort, exposedPorts, exposes, Listening, listeningPorts } from './listeningPorts';
import { finalStage, LintContext, Stage } from './lintContext';
import { Fact, remembered } from './remembered';

/** The rule that reports the ports judged here. */
export const portMismatchRuleId = 'dotnet/port-mismatch';

/**
 * Where the final image's app listens, against where EXPOSE and the project's ContainerPort say it serves: what
 * dotnet/port-mismatch reports, and what dotnet/https-port leaves to it when it runs (so one 443 is said once).
 */
export interface PortJudgement {
  readonly final: Stage;
  readonly image: DotnetImage;
  readonly listening: Listening;
  readonly exposed: readonly ExposedPort[];
  /** The project's TCP ContainerPorts. */
  readonly declared: readonly number[];
  /** The first ContainerPort when none is listened on: reported instead of the EXPOSE lines. */
  readonly unservedContainerPort?: number;
  /** The EXPOSE ports (not ranges) reported because none of the exposed ports is listened on. */
  readonly unservedExposed: readonly ExposedPort[];
}

const PORT_JUDGEMENT = new Fact<PortJudgement | undefined>('port judgement');

/**
 * The judgement, once per lint; undefined where there is nothing to judge: no .NET final image, no app, no HTTP
 * served by Kestrel (IIS listens on 80 whatever the ASP.NET Core settings say), or listening ports not known.
 */
export function portJudgement(context: LintContext): PortJudgement | undefined {
  return remembered(context, PORT_JUDGEMENT, () => judgePorts(context));
}

function judgePorts(context: LintContext): PortJudgement | undefined {
  const final = finalStage(context);
  const image = final?.dotnetImage;
  if (!final || !image || !runsApp(context)) return undefined;
  const app = appShape(context);
  if (!servesHttp(app, image) || servedByIis(context, final)) return undefined;
  const listening = listeningPorts(final, image, context.lines, context.project?.info.ownEndpoints);
  if (!listening.known || !listening.ports.length) return undefined;
  const exposed = exposedPorts(final);
  const declared = (app.project?.container.ports ?? []).filter(p => p.type === 'tcp').map(p => p.port);
  const listens = (port: number) => listening.ports.some(p => p.port === port);
  const judged = { final, image, listening, exposed, declared };
  if (declared.length && !declared.some(listens)) return { ...judged, unservedContainerPort: declared[0]!, unservedExposed: [] };
  const unservedExposed = !exposed.length || exposed.some(e => listening.ports.some(p => exposes(e, p.port))) ? [] : exposed.filter(e => e.port === e.lastPort);
  return { ...judged, unservedExposed };
}

import { Instruction } from 'dockerfile-ast';
import { defaultUser, DotnetImage } from '../../images/dotnetCatalog';
import { appShape, runsApp, servesHttp } from '../appShape';
import { imageRange } from '../imageEdits';
import { commandLineWords, containerCommand, programName } from '../commandWords';
import { argumentsContent, argumentsOf, rawArgumentsContent } from '../instructionWords';
import { insertLineAfter, insertLineBefore } from '../lineEdits';
import { exposedPorts, listeningPorts, ListenPort } from '../listeningPorts';
import { finalStage, LintContext, safe, Stage } from '../lintContext';
import { Rule } from '../rule';
import { chainInstructions, lastInChain } from '../stageChain';
import { Fix, Range, RuleFinding, TextEdit } from '../types';

/**
 * From .NET 8 the Linux images define the non-root `app` user (UID 1654, `$APP_UID`) but, apart from chiseled
 * and distroless ones, still run as root unless the Dockerfile switches. And a non-root app cannot bind ports
 * below 1024: ASPNETCORE_URLS on :80 then fails at start with "Permission denied".
 */
export const nonRoot: Rule = {
  id: 'dotnet/non-root',
  defaultSeverity: 'warning',
  description: 'The final stage runs as root although the image has the non-root app user (USER $APP_UID), or a non-root app listens on a port below 1024.',
  usesProject: true,
  check(context) {
    const final = finalStage(context);
    const image = final?.dotnetImage;
    // A base image or CI build environment runs no app: which user it leaves is for the Dockerfiles built on it.
    if (!final || !image?.catalogRepo || !runsApp(context)) return [];
    const imageUser = defaultUser({ ...(image.version ? { version: image.version } : {}), variant: image.variant, repo: image.catalogRepo });
    const userInstruction = lastInChain(final, 'USER');
    const userArgument = (userInstruction ? argumentsOf(userInstruction)[0] : undefined);
    const asRoot = userArgument ? isRoot(userArgument.getValue()) : !imageUser.nonRoot;
    // Started as root on purpose, to hand the app to another user (as the official postgres and redis images do).
    if (asRoot && dropsPrivileges(context, final)) return [];
    if (asRoot) {
      const major = image.version ? Number(image.version.split('.')[0]) : undefined;
      if (!imageUser.appUserAvailable || (major !== undefined && major < 8)) return [];
      const ports = image.os?.os !== 'windows' && servesHttp(appShape(context), image) ? lowPorts(context, final, image, userInstruction) : undefined;
      return [rootFinding(context, final, image, userInstruction, userArgument?.getRange(), ports)];
    }
    if (image.os?.os === 'windows' || !servesHttp(appShape(context), image)) return [];
    return lowPortFindings(context, final, image, userInstruction);
  },
};

/** Programs that start a command as another user: gosu, su-exec (Alpine's), setpriv, runuser, s6-setuidgid, chpst. */
const privilegeDroppers = /^(?:gosu|su-exec|setpriv|runuser|s6-setuidgid|chpst)$/;
/** A final stage that installs or copies gosu or su-exec has them for one thing: to drop root in its entrypoint script. */
const installedDropper = /(?:^|[\s/"'=])(?:gosu|su-exec)(?=$|[\s/"'@:;&|)=.-])/m;

/**
 * Whether the container starts as root only to run the app as another user: its command starts a privilege
 * dropper (`gosu app dotnet App.dll`), or the final stage installs gosu or su-exec for its entrypoint script.
 */
function dropsPrivileges(context: LintContext, final: Stage): boolean {
  if (commandLineWords(containerCommand(final, context.lines)).some(word => privilegeDroppers.test(programName(word.value)))) return true;
  return [...chainInstructions(final, 'RUN'), ...chainInstructions(final, 'COPY'), ...chainInstructions(final, 'ADD')]
    .some(instruction => installedDropper.test(safe(() => rawArgumentsContent(instruction) ?? '', '')));
}

/** `root`, `0`, `root:root`, `0:0`: the user part decides. */
function isRoot(user: string): boolean {
  const name = user.split(':')[0]?.trim().replace(/^(["'])(.*)\1$/, '$2');
  return name === 'root' || name === '0';
}

/**
 * Switching to the app user makes ports below 1024 unbindable: the fix then moves them too, and is preferred only
 * when it can move every one of them.
 */
function rootFinding(context: LintContext, final: Stage, image: DotnetImage, userInstruction: Instruction | undefined, userRange: Range | undefined, ports: LowPorts | undefined): RuleFinding {
  const name = `${image.repo}:${image.tag?.tag ?? ''}`;
  const why = 'so anything that takes over the app owns the container';
  const message = userRange
    ? `USER root leaves the app running as root, ${why}: switch to the image's non-root app user with USER $APP_UID before the ENTRYPOINT.`
    : `The final stage runs as root: ${name} defines the non-root app user (UID 1654) but does not switch to it, ${why}; add USER $APP_UID before the ENTRYPOINT.`;
  return {
    range: userRange ?? imageRange(final),
    message,
    fixes: [{
      title: `Run as the app user (USER $APP_UID)${ports ? ` on ${ports.title}` : ''}`,
      edits: [userLineEdit(context, final, userInstruction), ...(ports?.edits ?? [])],
      ...(!ports || ports.complete ? { preferred: true } : {}),
    }],
  };
}

/**
 * Where `USER $APP_UID` goes: before the final stage's ENTRYPOINT or CMD when no RUN (which may need root)
 * and no later USER root follow it, else at the end of the stage.
 */
function userLineEdit(context: LintContext, final: Stage, userInstruction: Instruction | undefined): TextEdit {
  const own = final.instructions;
  const after = (instruction: Instruction, line: number) => instruction.getRange().start.line > line;
  const userLine = userInstruction && own.includes(userInstruction) ? userInstruction.getRange().start.line : -1;
  const start = own.find(i => (i.getKeyword() === 'ENTRYPOINT' || i.getKeyword() === 'CMD') && after(i, userLine)
    && !own.some(other => other.getKeyword() === 'RUN' && after(other, i.getRange().start.line)));
  if (start) return insertLineBefore(context, start.getRange().start.line, 'USER $APP_UID');
  const last = own[own.length - 1] ?? final.from;
  return insertLineAfter(context, last.getRange().end.line, 'USER $APP_UID');
}

/** Ports below 1024 need root to bind: 80 → 8080, 443 → 8081 (the images' and templates' HTTP and HTTPS ports). */
function unprivileged(port: number): number {
  return port === 80 ? 8080 : port === 443 ? 8081 : port + 8000;
}

function lowPortFindings(context: LintContext, final: Stage, image: DotnetImage, userInstruction: Instruction | undefined): RuleFinding[] {
  const listening = listeningPorts(final, image, context.lines, context.project?.info.ownEndpoints);
  const exposedLow = exposedPorts(final).filter(e => e.port < 1024 && e.port === e.lastPort);
  const userText = userInstruction ? `USER ${argumentsContent(userInstruction) ?? ''}` : `the image's non-root user`;
  if (!listening.known) {
    // Kestrel's endpoints come from somewhere the Dockerfile does not show: EXPOSE is the best hint.
    return exposedLow.map(e => ({
      range: e.range,
      severity: 'warning' as const,
      message: `EXPOSE ${e.port} suggests the app listens on ${e.port}, but it runs as ${userText}, which cannot bind ports below 1024 ("Permission denied"): use port ${unprivileged(e.port)}.`,
      fixes: [{ title: `Use port ${unprivileged(e.port)} instead of ${e.port}`, edits: [{ range: e.range, newText: String(unprivileged(e.port)) }] }],
    }));
  }
  const ports = lowPorts(context, final, image, userInstruction);
  if (!ports) return [];
  const fix: Fix = { title: `Use ${ports.title}`, edits: ports.edits, preferred: true };
  return ports.listening.map(port => ({
    range: port.range ?? port.setting?.property.getValueRange() ?? userInstruction?.getRange() ?? imageRange(final),
    severity: 'error' as const,
    message: `The app runs as ${userText} but listens on port ${port.port}${port.setting ? ` (${port.setting.name})` : port.commandLine ? ` (${port.commandLine} on the command line)` : ' (the image\'s default)'}; a non-root process cannot bind ports below 1024, so Kestrel fails at start with "Permission denied": listen on ${unprivileged(port.port)}.`,
    fixes: ports.edits.length && movable(port) ? [fix] : [],
  }));
}

/** The ports below 1024 that Kestrel listens on, and the edits that move them and their EXPOSE to ones a non-root app may bind. */
interface LowPorts {
  readonly listening: readonly ListenPort[];
  readonly edits: readonly TextEdit[];
  /** `port 8080 instead of 80`. */
  readonly title: string;
  /** Every one of them is moved (a port an ENV implies without writing it, such as https://localhost, cannot be). */
  readonly complete: boolean;
}

/** Undefined when Kestrel's ports are not known from the Dockerfile, or none is below 1024. */
function lowPorts(context: LintContext, final: Stage, image: DotnetImage, userInstruction: Instruction | undefined): LowPorts | undefined {
  const listening = listeningPorts(final, image, context.lines, context.project?.info.ownEndpoints);
  const low = listening.known ? listening.ports.filter(p => p.port < 1024) : [];
  if (!low.length) return undefined;
  const exposedLow = exposedPorts(final).filter(e => e.port < 1024 && e.port === e.lastPort);
  const edits: TextEdit[] = [];
  for (const port of low) if (port.range) edits.push({ range: port.range, newText: String(unprivileged(port.port)) });
  const imageDefault = low.find(p => !p.setting && !p.commandLine);
  if (imageDefault) {
    // The image's own ASPNETCORE_URLS (http://+:80 before .NET 8): override it.
    const at = userInstruction && final.instructions.includes(userInstruction) ? userInstruction : final.from;
    edits.push(insertLineAfter(context, at.getRange().end.line, `ENV ASPNETCORE_URLS=http://+:${unprivileged(imageDefault.port)}`));
  }
  for (const e of exposedLow) if (low.some(p => p.port === e.port)) edits.push({ range: e.range, newText: String(unprivileged(e.port)) });
  const from = [...new Set(low.filter(movable).map(p => p.port))];
  const to = from.map(unprivileged);
  return { listening: low, edits, title: `port${to.length > 1 ? 's' : ''} ${to.join(', ')} instead of ${from.join(', ')}`, complete: low.every(movable) };
}

/** A port written in the ENV, or the image's default: the ones a fix can move. */
function movable(port: ListenPort): boolean {
  return port.range !== undefined || (!port.setting && !port.commandLine);
}

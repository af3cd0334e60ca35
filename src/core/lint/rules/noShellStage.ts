import { Instruction } from 'dockerfile-ast';
import { DotnetImage, hasShell } from '../../images/dotnetCatalog';
import { Command, commandOf, execFormText, programName } from '../commandWords';
import { publishedVariant, sameImageFix, withoutFlavors } from '../imageVariants';
import { deleteLines } from '../lineEdits';
import { LintContext, Stage } from '../lintContext';
import { Rule } from '../rule';
import { rootStage } from '../stageChain';
import { Fix, Range, RuleFinding } from '../types';

const packageManagers = /^(apt|apt-get|aptitude|dpkg|apk|tdnf|dnf|microdnf|yum|rpm)$/;
const shells = /^(sh|bash|ash|dash|zsh)$/;
/** Programs a chiseled or distroless image does not have: shells, package managers, coreutils, curl and wget. */
const absentPrograms = /^(sh|bash|ash|dash|zsh|apt|apt-get|aptitude|dpkg|apk|tdnf|dnf|microdnf|yum|rpm|curl|wget|useradd|adduser|groupadd|addgroup|chown|chmod|mkdir|cp|mv|rm|ln|cat|echo|ls|sed|grep|find|tar|gzip|unzip|update-ca-certificates)$/;

/**
 * Chiseled (Ubuntu) and distroless (Azure Linux) images have no shell, no package manager and no curl: a RUN
 * fails the build with "stat /bin/sh: no such file or directory", a shell-form CMD or ENTRYPOINT fails at
 * start, and a `HEALTHCHECK CMD curl …` never passes.
 */
export const noShellStage: Rule = {
  id: 'dotnet/no-shell-stage',
  defaultSeverity: 'error',
  description: 'A stage on a chiseled or distroless image (no shell, no package manager, no curl) uses RUN, shell-form CMD/ENTRYPOINT/HEALTHCHECK or curl.',
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const image = stage.dotnetImage;
      if (!image || hasShell({ variant: image.variant, repo: image.repo })) continue;
      for (const instruction of stage.instructions) {
        const finding = findingFor(context, stage, image, instruction);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

function findingFor(context: LintContext, stage: Stage, image: DotnetImage, instruction: Instruction): RuleFinding | undefined {
  const keyword = instruction.getKeyword();
  if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(keyword)) return undefined;
  const command = commandOf(instruction, context.lines);
  if (!command) return undefined;
  const name = `${image.repo}:${image.tag?.tag ?? ''}`;
  const program = programName(command.words.find(w => w.value !== 'exec')?.value ?? '');
  const range = firstLine(context, instruction);
  const withShell = imageWithShellFix(stage, image);

  if (keyword === 'HEALTHCHECK' && /^(curl|wget)$/.test(program)) {
    return {
      range,
      message: `The health check runs ${program}, which ${name} does not have (no curl or wget in .NET runtime images, and no shell in ${flavorOf(image)} ones), so the container is never healthy: probe from the orchestrator or with a small .NET program.`,
      fixes: [{ title: 'Remove the HEALTHCHECK', edits: [deleteLines(context, instruction.getRange().start.line, instruction.getRange().end.line)] }],
    };
  }
  if (command.form === 'exec') {
    if (keyword !== 'RUN' || !absentPrograms.test(program)) return undefined;
    return { range, message: `${program} does not exist in ${name} (${flavorOf(image)} images have no shell, package manager or coreutils), so the build fails: do this work in a build stage and COPY the result in.`, fixes: withShell };
  }
  if (keyword === 'RUN') {
    const what = packageManagers.test(program) ? `${program} needs a package manager and /bin/sh` : 'RUN in shell form needs /bin/sh';
    return {
      range,
      message: `${what}, which ${name} does not have (${flavorOf(image)} images have no shell or package manager), so the build fails with "/bin/sh: no such file or directory": do this work in a build stage and COPY the result in.`,
      fixes: withShell,
    };
  }
  const exec = execFormFix(command, keyword);
  return {
    range,
    message: `Shell-form ${keyword} runs through /bin/sh, which ${name} does not have, so ${keyword === 'HEALTHCHECK' ? 'the check always fails' : 'the container cannot start'}: ${exec ? 'use the exec form (a JSON array)' : 'use the exec form (a JSON array) and move the shell logic into the app or a build stage'}.`,
    fixes: [...(exec ? [exec] : []), ...withShell],
  };
}

/** `dotnet App.dll` → `["dotnet", "App.dll"]`, when the words mean the same without a shell (a leading `exec` dropped). */
function execFormFix(command: Command, keyword: string): Fix | undefined {
  if (command.shellSyntax) return undefined;
  const words = command.words.map(w => w.value);
  const values = words[0] === 'exec' ? words.slice(1) : words;
  if (!values.length || shells.test(programName(values[0]!))) return undefined;
  const text = execFormText(values);
  return { title: `Use the exec form: ${keyword === 'HEALTHCHECK' ? 'HEALTHCHECK CMD' : keyword} ${text}`, edits: [{ range: command.range, newText: text }], preferred: true };
}

/** The same image without chiseled/distroless (and the -extra/-composite it then does not need or have). */
function imageWithShellFix(stage: Stage, image: DotnetImage): Fix[] {
  const repo = image.catalogRepo;
  if (!repo) return [];
  const variant = publishedVariant(image, repo, [
    withoutFlavors(image.variant, ['chiseled', 'distroless']),
    withoutFlavors(image.variant, ['chiseled', 'distroless', 'extra', 'composite']),
  ]);
  const fix = variant !== undefined ? sameImageFix(rootStage(stage), image, { repo, variant }, name => `Use ${name}, which has a shell and package manager (and runs as root unless USER is set)`) : undefined;
  return fix ? [fix] : [];
}

function flavorOf(image: DotnetImage): string {
  return image.flavors.distroless ? 'distroless' : image.flavors.chiseled ? 'chiseled' : 'shell-less';
}

/** The instruction's first line: enough to point at a RUN that spans many. */
function firstLine(context: LintContext, instruction: Instruction): Range {
  const { start, end } = instruction.getRange();
  return start.line === end.line ? { start, end } : { start, end: { line: start.line, character: (context.lines[start.line] ?? '').length } };
}

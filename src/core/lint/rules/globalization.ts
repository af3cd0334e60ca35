import { DotnetImage, includesIcu } from '../../images/dotnetCatalog';
import { appShape, runsApp } from '../appShape';
import { imageRange } from '../imageEdits';
import { publishedVariant, sameImageFix } from '../imageVariants';
import { rawArgumentsContent } from '../instructionWords';
import { insertLineAfter } from '../lineEdits';
import { finalStage, LintContext, Stage } from '../lintContext';
import { Rule } from '../rule';
import { chainEnv, chainInstructions, rootStage } from '../stageChain';
import { Fix } from '../types';

const invariantVariable = 'DOTNET_SYSTEM_GLOBALIZATION_INVARIANT';
/** Packages that need ICU's culture data: they fail in invariant mode, so accepting it would not be honest. */
const needsCultureData = /^(Microsoft\.Data\.SqlClient|System\.Data\.SqlClient|Microsoft\.EntityFrameworkCore\.SqlServer)$/i;

/**
 * Alpine, chiseled and distroless runtime images ship without ICU (unless `-extra`) and set invariant
 * globalization: culture-specific formatting, sorting and culture names stop working, and libraries that
 * need cultures (SqlClient) fail. Fine for an app that declares InvariantGlobalization, a surprise otherwise.
 */
export const globalization: Rule = {
  id: 'dotnet/globalization',
  defaultSeverity: 'warning',
  description: 'The final image has no ICU (Alpine, chiseled or distroless without -extra) but the app does not declare InvariantGlobalization.',
  usesProject: true,
  check(context) {
    const final = finalStage(context);
    const image = final?.dotnetImage;
    const repo = image?.catalogRepo;
    if (!final || !image || !repo || repo === 'sdk' || !runsApp(context)) return [];
    if (includesIcu({ ...(image.version ? { version: image.version } : {}), variant: image.variant, repo })) return [];
    const app = appShape(context);
    if (app.kind === 'library' || app.invariantGlobalization) return [];
    const setting = chainEnv(final).get(invariantVariable)?.value.trim().toLowerCase();
    if (setting === 'true' || setting === '1' || installsIcu(final)) return [];

    const root = rootStage(final);
    const name = `${repo}:${image.tag?.tag ?? ''}`;
    const appName = app.assemblyName ?? 'the app';
    const fixes = [extraImageFix(root, image)].filter((fix): fix is Fix => fix !== undefined);
    if (setting === 'false' || setting === '0') {
      return [{
        range: imageRange(root),
        severity: 'error',
        message: `${invariantVariable}=false asks for ICU, which ${name} does not have, so ${appName} stops at start ("Couldn't find a valid ICU package"): use the -extra image, which adds ICU, or install it.`,
        fixes,
      }];
    }
    const honest = !app.project?.packageReferences.some(p => needsCultureData.test(p));
    if (honest) fixes.push(acceptInvariantFix(context, final));
    return [{
      range: imageRange(root),
      message: `${name} has no ICU, so ${appName} runs globalization-invariant: culture-specific formatting, sorting and culture names act as the invariant culture, and libraries such as SqlClient fail; use the -extra image, or set InvariantGlobalization in the project if the app needs no culture data.`,
      fixes,
    }];
  },
};

/** `apk add icu-libs`, `apt-get install libicu74`, `tdnf install icu` in the final stage: ICU is there after all. */
function installsIcu(final: Stage): boolean {
  return chainInstructions(final, 'RUN').some(run => /\b(icu-libs|icu-data-full|libicu\d*)\b|\b(tdnf|dnf|microdnf)\b.*\binstall\b.*\bicu\b/.test(rawArgumentsContent(run) ?? ''));
}

/** The `-extra` variant of the same image (ICU and tzdata added), where the repo publishes one. */
function extraImageFix(root: Stage, image: DotnetImage): Fix | undefined {
  const repo = image.catalogRepo;
  if (!repo || !image.variant) return undefined;
  const variant = publishedVariant(image, repo, [`${image.variant}-extra`]);
  return variant ? sameImageFix(root, image, { repo, variant }, name => `Use ${name} (adds ICU and tzdata)`, true) : undefined;
}

/** States what the image already does, so that it is a decision rather than a surprise. */
function acceptInvariantFix(context: LintContext, final: Stage): Fix {
  return {
    title: `Run without culture data (the app loses culture-specific formatting and sorting): set ${invariantVariable}=true`,
    edits: [insertLineAfter(context, final.from.getRange().end.line, `ENV ${invariantVariable}=true`)],
  };
}

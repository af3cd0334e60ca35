import { availableVariants, DotnetImage, imageTag } from '../../images/dotnetCatalog';
import { appShape, publishOptions, runsApp } from '../appShape';
import { commandLineWords, containerCommand, programName } from '../commandWords';
import { argumentsOf } from '../instructionWords';
import { dotnetBuildStages, finalStage, LintContext, Stage } from '../lintContext';
import { imageRange, replaceImageFix, retaggedImage } from '../imageEdits';
import { Rule } from '../rule';
import { Fix, Range, RuleFinding } from '../types';

type Libc = 'glibc' | 'musl' | 'windows';
const libcName: Record<Libc, string> = { glibc: 'glibc (Debian/Ubuntu/Azure Linux)', musl: 'musl (Alpine)', windows: 'Windows' };

/**
 * The seeds' first rule: build and run on the same family of OS. An app published for the build image's runtime
 * identifier (`-a`, `--os`, `--ucr`, self-contained or Native AOT without `-r`) carries that C library's native
 * code, and its `./App` launcher is always built for it: on glibc (`linux-x64`) and run on Alpine (musl) it fails
 * to start or to load its native libraries, or the other way round. A portable publish (no runtime identifier) started
 * with `dotnet App.dll` carries every platform's native assets and runs on either, so it is not reported. A
 * `-r linux-musl-x64` publish for a glibc runtime image has the same problem, reported on the identifier.
 */
export const variantMismatch: Rule = {
  id: 'dotnet/variant-mismatch',
  defaultSeverity: 'error',
  usesProject: true,
  description: 'Build and final stages on different C libraries where the publish is tied to the build image (-a, --os, --ucr, self-contained, AOT, a ./App entrypoint), Windows and Linux stages, or a -r RID that disagrees with the final image.',
  check(context) {
    const final = finalStage(context);
    const finalImage = final?.dotnetImage;
    const finalLibc = finalImage?.os?.libc;
    // Only an app built in one stage and run in the other needs the two to agree.
    if (!final || !finalImage || !finalLibc || !runsApp(context)) return [];
    const findings: RuleFinding[] = [];
    const tiedToBuildImage = publishTiedToBuildImage(context, final);
    for (const build of buildStagesFeeding(context, final)) {
      const buildLibc = build.dotnetImage?.os?.libc;
      // Windows and Linux stages cannot meet in one build; between glibc and musl only what the publish ties to its image.
      const families = buildLibc === 'windows' || finalLibc === 'windows';
      if (buildLibc && buildLibc !== finalLibc && !final.baseStage && (families || tiedToBuildImage)) {
        findings.push({
          range: imageRange(final),
          message: families
            ? `The final stage runs on ${libcName[finalLibc]} but the app is built on ${libcName[buildLibc]} (${build.imageText}): one build cannot use both. Use the same OS family in both stages.`
            : `The final stage runs on ${libcName[finalLibc]} but the app is built on ${libcName[buildLibc]} (${build.imageText}), and ${tiedToBuildImage!.why}: ${tiedToBuildImage!.consequence}. Use the same OS variant in both stages.`,
          fixes: matchingFinalImageFixes(final, finalImage, build.dotnetImage!),
        });
      }
      findings.push(...ridMismatches(build, finalLibc));
    }
    return findings;
  },
};

/** Why the published app is tied to the build image's C library, and what that does on the final image. */
interface Tie {
  readonly why: string;
  readonly consequence: string;
}

const wontStart = 'it will not start there';

/**
 * How the publish ties the app to the build image's C library; undefined for a portable app started by `dotnet`,
 * or when nothing says so (a project not read may still set a RuntimeIdentifier: not certain enough for an error).
 */
function publishTiedToBuildImage(context: LintContext, final: Stage): Tie | undefined {
  const app = appShape(context);
  const first = commandLineWords(containerCommand(final, context.lines))[0]?.value;
  if (first !== undefined && app.assemblyName && programName(first) === app.assemblyName && app.appHost !== false) {
    return { why: `the container starts ./${app.assemblyName}, the launcher the SDK builds for its own image`, consequence: wontStart };
  }
  if (app.publishAot) return { why: 'Native AOT compiles it for the build image', consequence: wontStart };
  // An explicit `-r` is judged by itself (ridMismatches); `-a`, `--os` and `--ucr` complete the build image's own.
  const rid = publishOptions(context).runtimeIdentifierFrom;
  if (rid === 'explicit') return undefined;
  if (app.selfContained) return { why: 'it is published self-contained, with the build image\'s runtime', consequence: wontStart };
  if (rid) return { why: `the publish takes its runtime identifier from the build image (${rid})`, consequence: 'the native libraries it carries (its packages\') are built for the other C library and fail to load there' };
  return undefined;
}

/** The stages that run dotnet, or else those on an sdk image, that come before the final stage. */
function buildStagesFeeding(context: LintContext, final: Stage): Stage[] {
  const running = dotnetBuildStages(context).filter(stage => stage !== final);
  return running.length ? running : context.stages.filter(stage => stage !== final && stage.dotnetImage?.catalogRepo === 'sdk');
}

/** `-r linux-musl-x64` / `--runtime linux-x64` in a build stage whose libc disagrees with the final image. */
function ridMismatches(build: Stage, finalLibc: Libc): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const instruction of build.instructions) {
    if (instruction.getKeyword() !== 'RUN') continue;
    const args = argumentsOf(instruction);
    args.forEach((arg, index) => {
      const value = arg.getValue();
      const rid = /^(?:(?:-r|--runtime)=?)?(linux-musl-|linux-|win-)(x64|arm64|arm|x86)$/.exec(value);
      if (!rid) return;
      const previous = args[index - 1]?.getValue();
      if (!value.startsWith('-') && previous !== '-r' && previous !== '--runtime') return;
      const ridLibc: Libc = rid[1] === 'linux-musl-' ? 'musl' : rid[1] === 'win-' ? 'windows' : 'glibc';
      if (ridLibc === finalLibc) return;
      const wanted = finalLibc === 'musl' ? 'linux-musl-' : finalLibc === 'windows' ? 'win-' : 'linux-';
      const ridText = `${rid[1]}${rid[2]}`;
      const start = arg.getRange().start;
      const offset = value.indexOf(ridText);
      const range: Range = { start: { line: start.line, character: start.character + offset }, end: { line: start.line, character: start.character + offset + ridText.length } };
      findings.push({
        range,
        message: `The runtime identifier ${ridText} targets ${libcName[ridLibc]}, but the final image runs ${libcName[finalLibc]}: the published app will not start there. Use ${wanted}${rid[2]}.`,
        fixes: [{ title: `Use ${wanted}${rid[2]}`, edits: [{ range, newText: `${wanted}${rid[2]}` }], preferred: true }],
      });
    });
  }
  return findings;
}

/** Replace the final image's tag with the same repo on the build stage's OS variant, when that tag exists. */
function matchingFinalImageFixes(final: Stage, finalImage: DotnetImage, buildImage: DotnetImage): Fix[] {
  const version = finalImage.version;
  const repo = finalImage.catalogRepo;
  if (!version || !repo) return [];
  const fixes: Fix[] = [];
  for (const variant of variantsLike(version, repo, buildImage).slice(0, 2)) {
    const image = retaggedImage(final, imageTag({ version, variant }));
    if (image) fixes.push(replaceImageFix(final, image, `Use ${image.replace(/^mcr\.microsoft\.com\/dotnet\//, '')} to match the build stage`, fixes.length === 0));
  }
  return fixes;
}

/** Variants of `repo` on the build image's OS: the build's own OS name first, then -extra (ICU) on musl/chiseled. */
function variantsLike(version: string, repo: string, buildImage: DotnetImage): string[] {
  const os = buildImage.os;
  if (!os) return [];
  const available = availableVariants(version, repo as never);
  const sameName = available.filter(v => v === os.name || v === `${os.name}-slim`);
  const sameDistro = available.filter(v => !sameName.includes(v) && v.startsWith(os.distro) && !/-(chiseled|distroless|composite|aot)/.test(v));
  const extra = available.filter(v => v === `${os.name}-extra` || v === `${os.distro}-extra`);
  return [...new Set([...sameName, ...sameDistro, ...extra])];
}

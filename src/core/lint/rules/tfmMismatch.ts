import { compareVersions, TargetFramework } from '../../project/targetFramework';
import { runsApp } from '../appShape';
import { imageRange } from '../imageEdits';
import {
  appStart, BuiltFramework, builtFramework, buildCommands, buildSdkImages, combinedEdits, finalImage, ImageChange, ImageMove, isOlder, majorOf,
  movedImage, movedWithBuild, NamedImage, optionValue, publishesSelfContained,
} from '../imageVersions';
import { finalStage, LintContext } from '../lintContext';
import { Rule } from '../rule';
import { Fix, RuleFinding } from '../types';

type Problem = 'cannot-build' | 'cannot-run' | 'roll-forward';

/**
 * Images that cannot build or run the target framework: an SDK older than the TFM (NETSDK1045), a runtime
 * older than it ("You must install or update .NET"), or a runtime of a newer major, which a framework-dependent
 * app only uses with roll-forward (reported as a warning). One rule for the three, since they are one question
 * (which .NET does the image have?); the message says which it is. The TFM is the publish's `-f`, else the project's newest; when
 * `-f` picks a framework the images do not have but the project has one they fit, the `-f` is reported.
 * Also: a distribution-specific RID (`ubuntu.22.04-x64`), which projects targeting .NET 8+ no longer resolve.
 */
export const tfmMismatch: Rule = {
  id: 'dotnet/tfm-mismatch',
  defaultSeverity: 'error',
  description: 'An sdk or runtime image whose .NET version cannot build or run the target framework.',
  usesProject: true,
  check(context) {
    const built = builtFramework(context);
    if (!built) return [];
    const findings = nonPortableRids(context, built.framework);
    // Restore covers every framework the project targets, -f or not: an SDK older than the newest fails on it.
    const newest = [...(context.project?.info.targetFrameworks ?? [])].filter(tfm => tfm.identifier === '.NETCoreApp')
      .sort((a, b) => compareVersions(b.version, a.version))[0];
    const restored = newest && isOlder(built.framework.version, newest.version) ? newest : built.framework;
    const problems = imageProblems(context, built.framework, restored);
    if (!problems.length) return findings;

    const target = built.framework.version;
    const fitting = built.argument && frameworkTheImagesFit(context, built.framework);
    // Publishing another framework helps only where the SDKs can restore them all (an older SDK fails on the newest whatever -f says).
    if (built.argument && fitting && !problems.some(p => p.problem === 'cannot-build')) {
      const names = [...new Set(problems.map(p => p.named.stage.imageText))].join(' and ');
      const cannot = problems.some(p => p.problem === 'cannot-build') ? 'build' : problems.some(p => p.problem === 'cannot-run') ? 'run' : 'run without roll-forward';
      findings.push({
        range: built.argument.range,
        message: `-f ${built.argument.value} builds for .NET ${target}, which ${names} cannot ${cannot}; ${projectName(context)} also targets ${fitting.moniker}, which these images build and run. Publish ${fitting.moniker}, or move the images to .NET ${target}.`,
        fixes: [
          { title: `Publish ${fitting.moniker}`, edits: [{ range: built.argument.range, newText: fitting.moniker }], preferred: true },
          ...combinedFix(problems.map(p => movedImage(context, p.named, target))),
        ],
        ...(cannot === 'run without roll-forward' ? { severity: 'warning' as const } : {}),
      });
      return findings;
    }
    // A runtime image's move takes the older SDKs along (movedWithBuild); an sdk final image's does not.
    const runtimeProblem = problems.find(p => p.problem !== 'cannot-build' && (p.named.image.catalogRepo === 'aspnet' || p.named.image.catalogRepo === 'runtime'));
    for (const { named, problem } of problems) {
      const about = problem === 'cannot-build' ? restored : built.framework;
      // Build and final stage move so that the SDK can still target the runtime; an SDK whose final image cannot run
      // the app either moves with it, in one fix (moving the SDK alone would leave the runtime's finding to move next).
      const move = (problem === 'cannot-build' && runtimeProblem && movedWithBuild(context, runtimeProblem.named, about.version)) || movedWithBuild(context, named, about.version);
      findings.push({
        range: imageRange(named.stage),
        message: about === built.framework ? problemMessage(context, built, named, problem, move) : restoredMessage(context, about, named, move),
        fixes: move ? [{ title: `Use ${move.names}`, edits: move.edits, ...(move.complete ? { preferred: true } : {}) }] : [],
        // Roll-forward is a setting away; the other two cannot work at all.
        ...(problem === 'roll-forward' ? { severity: 'warning' as const } : {}),
      });
    }
    return findings;
  },
};

/** What the images cannot do with the built framework; the SDKs are judged on `restored`, the newest the restore covers. */
function imageProblems(context: LintContext, framework: TargetFramework, restored: TargetFramework): Array<{ named: NamedImage; problem: Problem }> {
  const problems: Array<{ named: NamedImage; problem: Problem }> = [];
  for (const sdk of buildSdkImages(context)) {
    if (sdk.image.version && isOlder(sdk.image.version, restored.version)) problems.push({ named: sdk, problem: 'cannot-build' });
  }
  const final = finalImage(context);
  const stage = finalStage(context);
  // A self-contained app brings its runtime, and an image that runs no app (a CI build environment) runs none.
  if (!final || !stage || publishesSelfContained(context) || !runsApp(context) || problems.some(p => p.named.stage === final.stage)) return problems;
  const repo = final.image.catalogRepo;
  if (repo === 'aspnet' || repo === 'runtime' || (repo === 'sdk' && appStart(context, stage))) {
    if (isOlder(final.version, framework.version)) problems.push({ named: final, problem: 'cannot-run' });
    else if (majorOf(final.version) > majorOf(framework.version)) problems.push({ named: final, problem: 'roll-forward' });
  }
  return problems;
}

/** The project's newest other framework that every build SDK can build and the final runtime runs without roll-forward. */
function frameworkTheImagesFit(context: LintContext, built: TargetFramework): TargetFramework | undefined {
  const sdkVersions = buildSdkImages(context).map(sdk => sdk.image.version).filter((v): v is string => v !== undefined);
  const final = finalImage(context);
  const runtime = final && final.image.catalogRepo !== 'runtime-deps' && !publishesSelfContained(context) ? final.version : undefined;
  return (context.project?.info.targetFrameworks ?? [])
    .filter(tfm => tfm.identifier === '.NETCoreApp' && tfm.moniker !== built.moniker)
    .filter(tfm => sdkVersions.every(v => !isOlder(v, tfm.version)))
    .filter(tfm => runtime === undefined || (!isOlder(runtime, tfm.version) && majorOf(runtime) === majorOf(tfm.version)))
    .sort((a, b) => majorOf(b.version) - majorOf(a.version))[0];
}

/** One fix that moves every image at once, when each of them can be moved. */
function combinedFix(changes: ReadonlyArray<ImageChange | undefined>): Fix[] {
  const all = changes.filter((c): c is ImageChange => c !== undefined);
  const edits = all.length && all.length === changes.length ? combinedEdits(all) : undefined;
  return edits ? [{ title: `Use ${[...new Set(all.map(c => c.name))].join(' and ')}`, edits }] : [];
}

function projectName(context: LintContext): string {
  return context.project?.info.name ?? 'the project';
}

function problemMessage(context: LintContext, built: BuiltFramework, named: NamedImage, problem: Problem, move: ImageMove | undefined): string {
  const { moniker, version: target } = built.framework;
  const what = built.argument ? `The publish builds ${moniker} (-f ${built.argument.value})` : `${projectName(context)} targets ${moniker}`;
  const image = named.stage.imageText;
  const has = named.image.version ?? '?';
  const use = move ? `Use ${move.names}` : `Use a .NET ${target} image`;
  switch (problem) {
    case 'cannot-build':
      return `${what}, but ${image} is the .NET ${has} SDK, which cannot build it: restore fails with NETSDK1045 (the SDK does not support targeting .NET ${target}). ${use}.`;
    case 'cannot-run':
      return `${what}, but ${image} only has the .NET ${has} runtime: the app fails to start with "You must install or update .NET to run this application". ${use}.`;
    case 'roll-forward':
      return `${what}, but ${image} only has the .NET ${has} runtime: a framework-dependent app does not roll forward to a newer major version by default, so it fails to start unless the project sets RollForward to Major or LatestMajor. ${use}, or retarget the project to net${has}.`;
  }
}

/** An SDK that builds the chosen framework but not a newer one the project also targets, which restore takes in too. */
function restoredMessage(context: LintContext, restored: TargetFramework, named: NamedImage, move: ImageMove | undefined): string {
  const has = named.image.version ?? '?';
  return `${projectName(context)} also targets ${restored.moniker}, which restore takes in whatever -f says, but ${named.stage.imageText} is the .NET ${has} SDK, which cannot: restore fails with NETSDK1045 (the SDK does not support targeting .NET ${restored.version}). ${move ? `Use ${move.names}` : `Use a .NET ${restored.version} SDK image`}.`;
}

/** Distribution-specific RIDs and their portable equivalents. */
const nonPortable: ReadonlyArray<[RegExp, string]> = [
  [/^alpine(?:\.[\d.]+)?-(\w+)$/i, 'linux-musl-'],
  [/^(?:ubuntu|debian|rhel|centos|fedora|ol|opensuse|sles|linuxmint|almalinux|rocky|tizen)(?:\.[\d.]+)?-(\w+)$/i, 'linux-'],
  [/^win(?:7|8|81|10)-(\w+)$/i, 'win-'],
  [/^osx(?:\.[\d.]+)?-(\w+)$/i, 'osx-'],
];

/** `-r ubuntu.22.04-x64`: projects targeting .NET 8+ use a portable-only RID graph and fail with NETSDK1083. */
function nonPortableRids(context: LintContext, framework: TargetFramework): RuleFinding[] {
  if (majorOf(framework.version) < 8) return [];
  const findings: RuleFinding[] = [];
  for (const command of buildCommands(context)) {
    const rid = optionValue(command, ['-r', '--runtime']);
    const match = rid && nonPortable.map(([pattern, prefix]) => ({ m: pattern.exec(rid.value), prefix })).find(({ m }) => m);
    if (!rid || !match?.m) continue;
    const portable = `${match.prefix}${match.m[1]}`;
    findings.push({
      range: rid.range,
      message: `${rid.value} is a distribution-specific runtime identifier: projects targeting ${framework.moniker} resolve only portable RIDs, so restore fails with NETSDK1083. Use ${portable}.`,
      fixes: [{ title: `Use ${portable}`, edits: [{ range: rid.range, newText: portable }], preferred: true }],
    });
  }
  return findings;
}

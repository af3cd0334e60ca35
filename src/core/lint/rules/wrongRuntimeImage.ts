import { DotnetImage, DotnetRepo } from '../../images/dotnetCatalog';
import { compareVersions } from '../../project/targetFramework';
import { AppShape, appShape, runsApp } from '../appShape';
import { containerCommand, runsDotnetHost } from '../commandWords';
import { imageRange } from '../imageEdits';
import { publishedVariant, sameImageFix, withoutFlavors } from '../imageVariants';
import { builtFramework, buildSdkImages, isOlder, movedWithBuild, namedImage } from '../imageVersions';
import { finalStage, LintContext, Stage } from '../lintContext';
import { Rule } from '../rule';
import { rootStage } from '../stageChain';
import { Fix, RuleFinding, Severity } from '../types';

/**
 * The final image must carry what the app needs to start, and not much more: aspnet for an ASP.NET Core app,
 * runtime for a console or worker app, runtime-deps for a self-contained or Native AOT app (which brings its
 * own runtime). A missing framework or `dotnet` host stops the app at start; a bigger image only wastes space.
 */
export const wrongRuntimeImage: Rule = {
  id: 'dotnet/wrong-runtime-image',
  defaultSeverity: 'warning',
  description: 'The final image does not fit the app: runtime for an ASP.NET Core app, runtime-deps for a framework-dependent app, or a runtime a self-contained app does not use.',
  usesProject: true,
  check(context) {
    const final = finalStage(context);
    const image = final?.dotnetImage;
    const repo = image?.catalogRepo;
    if (!final || !image || (repo !== 'aspnet' && repo !== 'runtime' && repo !== 'runtime-deps') || !runsApp(context)) return [];
    const app = appShape(context);
    if (app.kind === 'library') return [];
    const runsDotnet = runsDotnetHost(containerCommand(final, context.lines));
    const name = shortName(image, repo);
    const appName = app.assemblyName ?? 'the app';
    const report = (wanted: readonly DotnetRepo[], severity: Severity, message: string): RuleFinding[] => {
      const root = rootStage(final);
      const fixes = wanted.map((target, index) => fixFor(context, root, image, repo, target, index === 0)).filter((fix): fix is Fix => fix !== undefined);
      return [{ range: imageRange(root), message, severity, fixes }];
    };

    if (app.selfContained === true) {
      // `dotnet App.dll` still uses the image's runtime: moving to runtime-deps would break that entrypoint.
      if (repo === 'runtime-deps' || runsDotnet) return [];
      return report(['runtime-deps'], 'warning', `${appName} is published self-contained, so it brings its own runtime and never uses the one in ${name}: use runtime-deps, which holds only the native dependencies and is much smaller.`);
    }
    const frameworkDependent = app.selfContained === false || runsDotnet;
    if (!frameworkDependent) return [];
    if (repo === 'runtime-deps') {
      const wanted: DotnetRepo[] = app.aspNetCore === true ? ['aspnet'] : app.aspNetCore === false ? ['runtime'] : ['aspnet', 'runtime'];
      return report(wanted, 'error', `${name} has no .NET runtime and no dotnet host, so the framework-dependent ${appName}${arrives(app)} cannot start: use ${wanted.join(' or ')}, or publish self-contained.`);
    }
    if (repo === 'runtime' && app.aspNetCore === true) {
      const what = app.aspNetCoreVia ? `the ${app.kind ?? 'console'} app ${appName}, which needs ASP.NET Core ${app.aspNetCoreVia},` : `the web app ${appName}`;
      return report(['aspnet'], 'error', `${name} lacks the ASP.NET Core shared framework, so ${what} fails at start ("The framework 'Microsoft.AspNetCore.App' was not found"): use aspnet.`);
    }
    if (repo === 'aspnet' && app.aspNetCore === false) {
      return report(['runtime'], 'info', `${appName} is a ${app.kind ?? 'console'} app that does not use ASP.NET Core, which ${name} adds: runtime is smaller and has the same .NET runtime.`);
    }
    return [];
  },
};

/** ` (which needs ASP.NET Core through Lib.csproj)` when the app gets ASP.NET Core indirectly. */
function arrives(app: AppShape): string {
  return app.aspNetCoreVia ? ` (which needs ASP.NET Core ${app.aspNetCoreVia})` : '';
}

/** `aspnet:10.0-alpine`, as the FROM names it (the tag as written). */
function shortName(image: DotnetImage, repo: DotnetRepo): string {
  return image.tag ? `${repo}:${image.tag.tag}` : repo;
}

/**
 * Same version and variant in the wanted repo; flavors only aspnet (composite) or the SDK (aot) has are dropped.
 * A runtime for a framework-dependent app also moves to the version it needs (see {@link runtimeVersion}), with
 * older build SDKs along: keeping the version as written would trade this error for another.
 */
function fixFor(context: LintContext, root: Stage, image: DotnetImage, from: DotnetRepo, target: DotnetRepo, preferred: boolean): Fix | undefined {
  if (from === target) return undefined;
  const version = target === 'runtime-deps' ? image.version : runtimeVersion(context, image);
  const sdkBehind = version !== undefined && target !== 'runtime-deps' && buildSdkImages(context).some(sdk => sdk.image.version !== undefined && isOlder(sdk.image.version, version));
  const named = namedImage(root);
  if (version !== undefined && named && (version !== image.version || sdkBehind)) {
    const move = movedWithBuild(context, named, version, target);
    return move && { title: `Use ${move.names}`, edits: move.edits, ...(preferred && move.complete ? { preferred } : {}) };
  }
  const variant = publishedVariant(image, target, [image.variant, withoutFlavors(image.variant, ['composite', 'aot'])]);
  if (variant === undefined) return undefined;
  return sameImageFix(root, image, { repo: target, variant }, name => `Use ${name}`, preferred);
}

/**
 * The .NET version a runtime image needs to start the app: the image's own, unless the app targets a newer one,
 * or, its target unknown, the SDK that builds it is newer (what dotnet/version-mismatch would move it to).
 */
function runtimeVersion(context: LintContext, image: DotnetImage): string | undefined {
  const version = image.version;
  if (version === undefined) return undefined;
  const framework = builtFramework(context)?.framework.version;
  if (framework !== undefined) return isOlder(version, framework) ? framework : version;
  const newestSdk = buildSdkImages(context).map(sdk => sdk.image.version).filter((v): v is string => v !== undefined).sort(compareVersions).pop();
  return newestSdk !== undefined && isOlder(version, newestSdk) ? newestSdk : version;
}

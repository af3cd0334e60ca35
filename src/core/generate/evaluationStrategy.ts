import { findExecutable } from '../process/findExecutable';
import { confirmWithMsbuild, MsbuildConfirmation, PropertyDifference } from '../project/msbuildProperties';
import { ProjectInfo } from '../project/ProjectInfo';
import { GenerationPlan, GenerationRefusal, planGeneration, PlanOptions } from './planGeneration';

// Static reading or MSBuild, decided once for the extension and the CLI: when MSBuild is asked, and how its answers
// replace the static reading (MSBuild wins; the plan is made again with its values as `appOverrides`).

export type ProjectEvaluation = 'auto' | 'static' | 'msbuild';
export const projectEvaluations: readonly ProjectEvaluation[] = ['auto', 'static', 'msbuild'];

export function isProjectEvaluation(value: unknown): value is ProjectEvaluation {
  return typeof value === 'string' && (projectEvaluations as readonly string[]).includes(value);
}

export interface EvaluationRequest {
  readonly mode: ProjectEvaluation;
  /** Who set the mode, for messages: the setting's key, `--evaluation`. */
  readonly setBy: string;
  /** Evaluating a project runs its MSBuild logic, which an untrusted workspace could have written. */
  readonly trusted: boolean;
  /** In `auto`: whether MSBuild may confirm after the files are written (the extension; a CLI run is over by then). */
  readonly confirmsLater: boolean;
  /** `msbuild` as a demand rather than a preference: no dotnet, or a failing MSBuild, stops the run. */
  readonly msbuildRequired: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** The extension: the `projectEvaluation` setting (anything else is `auto`), never MSBuild in an untrusted workspace. */
export function extensionEvaluation(setting: unknown, settingKey: string, trusted: boolean, env: NodeJS.ProcessEnv): EvaluationRequest {
  return { mode: isProjectEvaluation(setting) ? setting : 'auto', setBy: settingKey, trusted, confirmsLater: true, msbuildRequired: false, env };
}

/** The CLI: `--evaluation` (default `auto`); whoever runs it trusts the project, and `msbuild` is required. */
export function cliEvaluation(mode: ProjectEvaluation, env: NodeJS.ProcessEnv): EvaluationRequest {
  return { mode, setBy: '--evaluation', trusted: true, confirmsLater: false, msbuildRequired: mode === 'msbuild', env };
}

export interface MsbuildReport {
  readonly mode: ProjectEvaluation;
  /** `used`: the plan follows MSBuild; `agrees`: MSBuild read the same; `background`: it confirms after the files are written. */
  readonly status: 'used' | 'agrees' | 'background' | 'off' | 'failed';
  readonly reason?: string;
  readonly differences?: readonly string[];
}

export interface EvaluatedPlan {
  readonly plan: GenerationPlan | GenerationRefusal;
  readonly msbuild: MsbuildReport;
  /** What to log about MSBuild: why it did not run in `msbuild` mode, what it read differently, why it failed. */
  readonly log: readonly string[];
  /** `background`: MSBuild should confirm this plan once the files are written. */
  readonly confirmLater?: { readonly dotnet: string; readonly project: string; readonly info: ProjectInfo };
  /** Set when MSBuild was required and did not answer: the run stops with this message. */
  readonly failure?: string;
}

export interface EvaluatedPlanOptions {
  readonly plan: Omit<PlanOptions, 'appOverrides'>;
  readonly evaluation: EvaluationRequest;
  /** MSBuild's values from an earlier confirmation: used as they are, MSBuild is not asked again. */
  readonly overrides?: Partial<ProjectInfo>;
  /** Runs the confirmation (the extension shows progress around it). */
  readonly confirm?: (project: string, run: () => Promise<MsbuildConfirmation>) => PromiseLike<MsbuildConfirmation>;
  /** Finds dotnet (default: on the request's PATH). */
  readonly findDotnet?: (env: NodeJS.ProcessEnv) => Promise<string | undefined>;
}

/** Where MSBuild can be asked: the dotnet to run, or why the static reading is used. */
export async function msbuildAvailability(request: EvaluationRequest, findDotnet = (env: NodeJS.ProcessEnv) => findExecutable('dotnet', env)): Promise<{ dotnet?: string; reason?: string }> {
  if (request.mode === 'static') return { reason: `${request.setBy} is "static"` };
  if (!request.trusted) return { reason: 'the workspace is not trusted, so MSBuild was not run; the static reading was used' };
  const dotnet = await findDotnet(request.env);
  return dotnet ? { dotnet } : { reason: 'dotnet is not on PATH; the static reading was used' };
}

/**
 * The plan for `target`, read statically and, where the request allows, confirmed by MSBuild. `msbuild` asks first;
 * `auto` asks first when the static reading could not make a plan or nothing can confirm later, and otherwise leaves
 * the confirmation for after the files are written.
 */
export async function planWithEvaluation(target: string, options: EvaluatedPlanOptions): Promise<EvaluatedPlan> {
  const { evaluation, overrides } = options;
  const mode = evaluation.mode;
  let plan = planGeneration(target, { ...options.plan, ...(overrides ? { appOverrides: overrides } : {}) });
  const available = await msbuildAvailability(evaluation, options.findDotnet);
  const log: string[] = [];
  if (mode === 'msbuild' && available.reason) {
    if (evaluation.msbuildRequired) {
      const why = evaluation.trusted ? 'dotnet is not on PATH' : 'the workspace is not trusted';
      return { plan, msbuild: { mode, status: 'off', reason: available.reason }, log, failure: `${evaluation.setBy} msbuild: ${why}, so MSBuild cannot evaluate the project` };
    }
    log.push(`${evaluation.setBy} is "msbuild", but ${available.reason}.`);
  }
  let msbuild: MsbuildReport = { mode, status: 'off', ...(available.reason ? { reason: available.reason } : {}) };
  const dotnet = available.dotnet;
  // A refusal that offers candidates (a library, several apps) is about the target, not about a value MSBuild could settle.
  const project = plan.ok ? plan.app.file : !plan.candidates ? plan.project : undefined;
  if (!dotnet || overrides || project === undefined) return { plan, msbuild, log };

  if (mode === 'msbuild' || !plan.ok || !evaluation.confirmsLater) {
    const info = plan.ok ? plan.app : undefined;
    const run = () => confirmWithMsbuild(project, { dotnet, env: evaluation.env, ...(info ? { info } : {}) });
    const confirmation = await (options.confirm ? options.confirm(project, run) : run());
    log.push(...describeConfirmation(project, confirmation));
    if (!confirmation.ok) {
      msbuild = { mode, status: 'failed', reason: confirmation.message };
      if (evaluation.msbuildRequired) return { plan, msbuild, log, failure: `MSBuild could not evaluate ${project}: ${confirmation.message}` };
    } else if (confirmation.differences.length) {
      plan = planGeneration(project, { ...options.plan, appOverrides: confirmation.overrides });
      msbuild = { mode, status: 'used', differences: confirmation.differences.map(d => d.text) };
    } else {
      msbuild = { mode, status: 'agrees', differences: [] };
    }
    return { plan, msbuild, log };
  }
  // auto, a static plan, and a surface that can confirm later.
  return { plan, msbuild: { mode, status: 'background' }, log, confirmLater: { dotnet, project, info: plan.app } };
}

/** The confirmation that runs after the files are written (`confirmLater`). */
export function confirmLater(later: NonNullable<EvaluatedPlan['confirmLater']>, env: NodeJS.ProcessEnv): Promise<MsbuildConfirmation> {
  return confirmWithMsbuild(later.project, { dotnet: later.dotnet, info: later.info, env });
}

/** The lines that say what MSBuild answered. */
export function describeConfirmation(project: string, confirmation: MsbuildConfirmation): string[] {
  if (!confirmation.ok) return [`MSBuild could not evaluate ${project}: ${confirmation.message}`];
  return [
    confirmation.differences.length
      ? `MSBuild's evaluation of ${project} differs from the static reading:`
      : `MSBuild's evaluation of ${project} agrees with the static reading.`,
    ...confirmation.differences.map(difference => `  ${difference.text}`),
  ];
}

/** After a later confirmation: the differences worth regenerating for (the others do not change the Dockerfile). */
export function differencesChangingDockerfile(confirmation: MsbuildConfirmation): readonly PropertyDifference[] {
  return confirmation.ok ? confirmation.differences.filter(d => d.changesDockerfile) : [];
}

import { AppKind } from '../project/ProjectInfo';
import { variantChoices, VariantChoice } from './generateDockerfile';

// Which generate options win, decided once for the extension and the CLI: what is given for this run (CLI flags, the
// command's scripted argument) beats the answers remembered for the project, which beat the setting, which beats the
// default. Each surface supplies its layers as plain values.

export interface AnswerableOptions {
  readonly variant?: VariantChoice;
  readonly https?: boolean;
}

export interface OptionLayers {
  /** Given for this run: `--variant`/`--https`, or the command's second argument. */
  readonly given?: AnswerableOptions;
  /** The answers last given for this project ("Generate Dockerfile with Options…"). */
  readonly remembered?: AnswerableOptions;
  /** The user's settings; there is no HTTPS setting. */
  readonly setting?: { readonly variant?: VariantChoice };
}

export type OptionSource = 'argument' | 'asked' | 'remembered' | 'setting' | 'default';

export interface ChosenOptions {
  readonly variant: VariantChoice;
  readonly https: boolean;
  /** The strongest layer that said something: given, asked, the project's last answers, the setting, or none. */
  readonly source: OptionSource;
}

export const defaultOptions: { readonly variant: VariantChoice; readonly https: boolean } = { variant: 'default', https: false };

export function isVariant(value: unknown): value is VariantChoice {
  return typeof value === 'string' && (variantChoices as readonly string[]).includes(value);
}

/** Remembered answers as stored (any shape, an older version's included): only what is still valid counts. */
export function rememberedAnswers(value: unknown): AnswerableOptions {
  if (!value || typeof value !== 'object') return {};
  const { variant, https } = value as Record<string, unknown>;
  return { ...(isVariant(variant) ? { variant } : {}), ...(typeof https === 'boolean' ? { https } : {}) };
}

/** The options of a run that asks nothing: each one from the strongest layer that has it. */
export function resolveGenerateOptions(layers: OptionLayers): ChosenOptions {
  const { given = {}, remembered = {}, setting = {} } = layers;
  const variant = given.variant ?? remembered.variant ?? setting.variant ?? defaultOptions.variant;
  const https = given.https ?? remembered.https ?? defaultOptions.https;
  const source: OptionSource = given.variant !== undefined || given.https !== undefined ? 'argument'
    : remembered.variant !== undefined || remembered.https !== undefined ? 'remembered'
      : setting.variant !== undefined ? 'setting' : 'default';
  return { variant, https, source };
}

/** What "with Options…" asks, each with the answer to offer first; an option given for the run is not asked. */
export interface OptionQuestions {
  readonly variant?: { readonly current: VariantChoice };
  readonly https?: { readonly current: boolean };
}

export function optionQuestions(layers: OptionLayers, kind: AppKind | undefined): OptionQuestions {
  const { given = {}, remembered = {}, setting = {} } = layers;
  return {
    ...(given.variant === undefined ? { variant: { current: remembered.variant ?? setting.variant ?? defaultOptions.variant } } : {}),
    // HTTPS means something only for a web app (unknown when only MSBuild can read the project).
    ...(given.https === undefined && kind !== 'console' && kind !== 'worker' && kind !== 'library'
      ? { https: { current: remembered.https ?? defaultOptions.https } } : {}),
  };
}

/** The options after the questions: what was given, else what was answered; a question not asked means the default. */
export function answeredOptions(layers: OptionLayers, answers: AnswerableOptions): ChosenOptions {
  const given = layers.given ?? {};
  return {
    variant: given.variant ?? answers.variant ?? optionQuestions(layers, undefined).variant?.current ?? defaultOptions.variant,
    https: given.https ?? answers.https ?? defaultOptions.https,
    source: 'asked',
  };
}

/** Only answers are remembered: a run's given options, settings and defaults are not the user's choice for the project. */
export function answersToRemember(options: ChosenOptions): Required<AnswerableOptions> | undefined {
  return options.source === 'asked' ? { variant: options.variant, https: options.https } : undefined;
}

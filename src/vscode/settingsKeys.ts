// Every setting the extension reads or writes, named once. No `vscode` import: a unit test loads this module
// in plain Node and holds it against package.json's contributes.configuration.

/** The section of every setting: `dotnetContainers.<name>`. */
export const settingsSection = 'dotnetContainers';

/** Each setting's name inside the section, as `getConfiguration(settingsSection, scope).get(name)` takes it. */
export const settingNames = {
  defaultVariant: 'defaultVariant',
  projectEvaluation: 'projectEvaluation',
  lintEnable: 'lint.enable',
  lintSeverity: 'lint.severity',
  lintGenericChecks: 'lint.genericChecks',
  lintProject: 'lint.project',
  lintContext: 'lint.context',
  containerCli: 'containerCli',
  containerCliPath: 'containerCliPath',
  releaseMetadataUrl: 'releaseMetadataUrl',
  registries: 'registries',
  dockerfiles: 'dockerfiles',
  insecureRegistries: 'insecureRegistries',
} as const;

export type SettingName = (typeof settingNames)[keyof typeof settingNames];

/** The full key, as package.json contributes it, `affectsConfiguration` takes it and messages name it. */
export function settingKey(name: SettingName): string {
  return `${settingsSection}.${name}`;
}

/** What every lint setting's key starts with: a change under it re-lints the open Dockerfiles. */
export const lintSettingsPrefix = `${settingsSection}.lint`;

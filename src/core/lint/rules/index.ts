import { Rule } from '../rule';
import { variantMismatch } from './variantMismatch';
// Images and versions (one import per rule file):
import { versionMismatch } from './versionMismatch';
import { tfmMismatch } from './tfmMismatch';
import { deprecatedImage } from './deprecatedImage';
import { eol } from './eol';
import { staleTag } from './staleTag';
import { sdkFinalStage } from './sdkFinalStage';
import { nightlyImage } from './nightlyImage';
// Project and final stage:
import { wrongRuntimeImage } from './wrongRuntimeImage';
import { entrypointMismatch } from './entrypointMismatch';
import { portMismatch } from './portMismatch';
import { httpsPort } from './httpsPort';
import { nonRoot } from './nonRoot';
import { globalization } from './globalization';
import { noShellStage } from './noShellStage';
import { publishFramework } from './publishFramework';
// Build hygiene:
import { crossBuild } from './crossBuild';
import { restoreCache } from './restoreCache';
import { restoreInputs } from './restoreInputs';
import { dockerignore } from './dockerignore';
import { copySourceMissing } from './copySourceMissing';
import { unknownStage } from './unknownStage';
import { malformedExecForm } from './malformedExecForm';
import { execFormVariable } from './execFormVariable';

/** Every rule, in the order the documentation lists them. One file per rule, each with its quick fixes. */
export const allRules: readonly Rule[] = [
  variantMismatch,
  // images and versions
  versionMismatch,
  tfmMismatch,
  deprecatedImage,
  eol,
  staleTag,
  sdkFinalStage,
  nightlyImage,
  // project and final stage
  wrongRuntimeImage,
  entrypointMismatch,
  portMismatch,
  httpsPort,
  nonRoot,
  globalization,
  noShellStage,
  publishFramework,
  // build hygiene
  crossBuild,
  restoreCache,
  restoreInputs,
  dockerignore,
  copySourceMissing,
  unknownStage,
  malformedExecForm,
  execFormVariable,
];

import { Rule } from '../rule';
import { variantMismatch } from './variantMismatch';
// Images and versions (one import per rule file):
import { versionMismatch } from './versionMismatch';
import { tfmMismatch } from './tfmMismatch';
import { deprecatedImage } from './deprecatedImage';
import { eol } from './eol';
import { staleTag } from './staleTag';
import { sdkFinalStage } from './sdkFinalStage';
// Project and final stage:
import { wrongRuntimeImage } from './wrongRuntimeImage';
import { entrypointMismatch } from './entrypointMismatch';
import { portMismatch } from './portMismatch';
import { nonRoot } from './nonRoot';
import { globalization } from './globalization';
import { noShellStage } from './noShellStage';
// Build hygiene:
import { crossBuild } from './crossBuild';
import { restoreCache } from './restoreCache';
import { dockerignore } from './dockerignore';
import { unknownStage } from './unknownStage';

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
  // project and final stage
  wrongRuntimeImage,
  entrypointMismatch,
  portMismatch,
  nonRoot,
  globalization,
  noShellStage,
  // build hygiene
  crossBuild,
  restoreCache,
  dockerignore,
  unknownStage,
];

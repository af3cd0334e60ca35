import { Rule } from '../rule';
import { variantMismatch } from './variantMismatch';
// Images and versions (one import per rule file):
// Project and final stage:
// Build hygiene:

/** Every rule, in the order the documentation lists them. One file per rule, each with its quick fixes. */
export const allRules: readonly Rule[] = [
  variantMismatch,
  // images and versions
  // project and final stage
  // build hygiene
];

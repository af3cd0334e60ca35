import { Rule } from '../rule';
import { variantMismatch } from './variantMismatch';

/** Every rule, in the order the documentation lists them. One file per rule, each with its quick fixes. */
export const allRules: readonly Rule[] = [
  variantMismatch,
];

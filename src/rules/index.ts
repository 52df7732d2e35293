import { HARDENED_RULES } from './hardened';
import { composeVariablesSet } from './compose-variables-set';
import { justificationValid } from './justification-valid';
import { PSS_RULES } from './pss';
import type { Rule } from './rule';

export * from './rule';
export * from './pod-view';
export * from './pss-version';
export { recordProblems } from './justification-valid';
export { composeVariablesSet, SECURITY_RELEVANT_COMPOSE_KEYS } from './compose-variables-set';
export * from './rules-markdown';
export { PSS_RULES } from './pss';
export { HARDENED_RULES } from './hardened';

/** Every rule, in a stable order: Pod Security baseline and restricted, then the hardened level. */
export const ALL_RULES: readonly Rule[] = Object.freeze([
  ...PSS_RULES,
  justificationValid,
  composeVariablesSet,
  ...HARDENED_RULES,
]);

/** A rule by id, or undefined. */
export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}
export * from './pod-security-level';
export type { ComposeSeccompProfileFile, ProjectFileBind, UnsetVariableUse } from './hardened';

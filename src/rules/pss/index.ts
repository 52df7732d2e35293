import type { Rule } from '../rule';
import { privileged } from './privileged';

/** The Pod Security Standards checks (baseline and restricted), in upstream order. */
export const PSS_RULES: readonly Rule[] = Object.freeze([privileged]);

import type { Rule } from '../rule';

/** The hardened level: the seed's posture beyond Pod Security "restricted", and best-practice warnings. */
export const HARDENED_RULES: readonly Rule[] = Object.freeze([]);

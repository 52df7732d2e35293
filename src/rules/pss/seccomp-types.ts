import { at } from '../pod-view';
import { isSet } from './field-values';

/** The seccomp profile types Pod Security accepts. */
export const ALLOWED_SECCOMP_TYPES: readonly string[] = ['RuntimeDefault', 'Localhost'];

/** How a securityContext sets seccomp: not at all, to an allowed type, or to a forbidden one. */
export type SeccompSetting =
  { readonly kind: 'unset' | 'allowed' } | { readonly kind: 'forbidden'; readonly type: unknown };

/** Reads `securityContext.seccompProfile`: a profile without an allowed type is forbidden. */
export function seccompSetting(securityContext: unknown): SeccompSetting {
  const profile = at(securityContext, 'seccompProfile');
  if (!isSet(profile)) return { kind: 'unset' };
  const type = at(profile, 'type');
  return typeof type === 'string' && ALLOWED_SECCOMP_TYPES.includes(type)
    ? { kind: 'allowed' }
    : { kind: 'forbidden', type: type ?? '' };
}

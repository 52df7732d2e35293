import { DEFAULT_POSTURE } from '../posture';
import type { PodView } from './pod-view';
import { PSS_RULES } from './pss';
import type { PssVersion } from './pss-version';
import { LATEST_PSS_VERSION } from './pss-version';
import type { Level, Rule, RuleContext } from './rule';

/** The levels of a namespace's `pod-security.kubernetes.io/enforce` label, most permissive first. */
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
/** A Pod Security Admission level, as a namespace label names it. */
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** The Pod Security Admission label that sets what a namespace enforces. */
export const POD_SECURITY_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

function checksOf(level: Level, version: PssVersion): readonly Rule[] {
  return PSS_RULES.filter(
    (rule) =>
      rule.pssCheck !== null &&
      rule.level === level &&
      (rule.sinceVersion === undefined || version.minor >= rule.sinceVersion.minor),
  );
}

function passes(pod: PodView, level: Level, version: PssVersion): boolean {
  const context: RuleContext = {
    level,
    pssVersion: version,
    environment: DEFAULT_POSTURE.environment,
    now: new Date(0),
  };
  for (const rule of checksOf(level, version)) {
    if (!rule.dialects.includes(pod.dialect)) continue;
    try {
      if (rule.check(pod, context).length > 0) return false;
    } catch {
      return false; // a check that cannot decide admits nothing
    }
  }
  return true;
}

/**
 * The strictest Pod Security level whose namespace admits the pod, justifications ignored (Pod
 * Security Admission has no per-workload exemptions): `restricted`, `baseline`, or `privileged`
 * when even baseline rejects it. The one answer the audit, the checklist, the cdk8s namespace
 * check and the Pulumi components give.
 */
export function podSecurityLevelNeeded(
  pod: PodView,
  version: PssVersion = LATEST_PSS_VERSION,
): PodSecurityLevel {
  if (!passes(pod, 'baseline', version)) return 'privileged';
  return passes(pod, 'restricted', version) ? 'restricted' : 'baseline';
}

/** Whether a namespace enforcing `enforced` admits a pod that needs `needed`. */
export function podSecurityAdmits(enforced: PodSecurityLevel, needed: PodSecurityLevel): boolean {
  return POD_SECURITY_LEVELS.indexOf(enforced) <= POD_SECURITY_LEVELS.indexOf(needed);
}

import { containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { isSet } from './field-values';
import { containerFields } from './restricted-fields';
import { isRelaxedUserNamespacePod } from './version-relaxations';

/** UID 0, or a value that is not a number and so cannot be shown not to be 0. */
function isRootOrUnreadable(value: unknown): boolean {
  return isSet(value) && (typeof value !== 'number' || value === 0);
}

/**
 * Pod Security `runAsUser` (restricted): containers do not set UID 0.
 *
 * Restricted Fields: spec.securityContext.runAsUser,
 * spec.{initContainers,containers,ephemeralContainers}[*].securityContext.runAsUser
 * Allowed Values: any non-zero value, undefined/null. From v1.35 a pod with `hostUsers: false` is exempt.
 */
export const runAsUser = defineRule({
  id: 'run-as-user',
  title: 'Containers do not set UID 0',
  severity: 'error',
  level: 'restricted',
  pssCheck: 'runAsUser',
  sinceVersion: { major: 1, minor: 23 },
  dialects: ['kubernetes', 'compose'],
  restrictedFields: ['spec.securityContext.runAsUser', ...containerFields('securityContext.runAsUser')],
  allowedValues: 'any non-zero value, undefined/null',
  references: {
    polaris: ['runAsRootAllowed'],
    kubeLinter: ['run-as-non-root'],
    checkov: ['CKV_K8S_40'],
    kubesec: ['RunAsUser'],
    trivy: ['KSV-0105', 'KSV-0020'],
  },
  rationale:
    'runAsUser: 0 runs the process as root whatever the image says; combined with any escape it is root on ' +
    'the node.',
  remediation:
    'Set runAsUser to a non-zero UID (10001 or higher avoids clashing with host users), or remove it.',
  exampleFix: 'securityContext:\n  runAsUser: 10001',
  justifiedBy: ['runAsRoot'],
  check(pod, context) {
    if (isRelaxedUserNamespacePod(pod, context.pssVersion)) return [];
    const violations: Violation[] = [];
    if (isRootOrUnreadable(pod.securityContext.runAsUser)) {
      violations.push({
        message: 'pod must not set runAsUser=0',
        path: `${pod.path}.securityContext.runAsUser`,
      });
    }
    for (const c of pod.containers) {
      if (!isRootOrUnreadable(c.securityContext.runAsUser)) continue;
      violations.push({
        message: `${containersPhrase([c.name])} must not set runAsUser=0`,
        path: `${c.path}.securityContext.runAsUser`,
        container: c.name,
      });
    }
    return violations;
  },
});

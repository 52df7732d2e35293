import { containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { quote } from './field-values';
import { containerFields } from './restricted-fields';
import { seccompSetting } from './seccomp-types';
import { isExemptWindowsPod } from './version-relaxations';

/**
 * Pod Security `seccompProfile_restricted` (restricted): seccomp is explicitly set to RuntimeDefault or Localhost.
 *
 * Restricted Fields: spec.securityContext.seccompProfile.type,
 * spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seccompProfile.type
 * Allowed Values: RuntimeDefault, Localhost, set on the pod or on every container. Windows pods
 * (`spec.os.name: windows`) are exempt from v1.25.
 */
export const seccompProfileRestricted = defineRule({
  id: 'seccomp-profile-restricted',
  title: 'Seccomp is explicitly set to RuntimeDefault or Localhost',
  severity: 'error',
  level: 'restricted',
  pssCheck: 'seccompProfile_restricted',
  overrides: ['seccomp-profile-baseline'],
  sinceVersion: { major: 1, minor: 19 },
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.securityContext.seccompProfile.type',
    ...containerFields('securityContext.seccompProfile.type'),
  ],
  allowedValues: 'RuntimeDefault, Localhost (on the pod, or on every container)',
  references: {
    cisDocker: ['5.22'],
    polaris: ['linuxHardening'],
    checkov: ['CKV_K8S_31'],
    kubesec: ['SeccompAny'],
    trivy: ['KSV-0030'],
  },
  rationale:
    'Kubernetes runs a container with no seccomp profile as Unconfined unless the kubelet is started with ' +
    '--seccomp-default, so leaving the profile unset lets every system call through. Unlike Docker, which ' +
    'applies its default profile, Kubernetes needs the profile written down.',
  remediation:
    'Set spec.securityContext.seccompProfile.type to RuntimeDefault (or Localhost with a reviewed profile), ' +
    'or set it on every container.',
  exampleFix: 'spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault',
  justifiedBy: ['seccompUnconfined'],
  check(pod, context) {
    if (isExemptWindowsPod(pod, context.pssVersion)) return [];
    const violations: Violation[] = [];
    const podSetting = seccompSetting(pod.securityContext);
    if (podSetting.kind === 'forbidden') {
      violations.push({
        message: `pod must not set securityContext.seccompProfile.type to ${quote(podSetting.type)}`,
        path: `${pod.path}.securityContext.seccompProfile.type`,
      });
    }
    for (const c of pod.containers) {
      const own = seccompSetting(c.securityContext);
      if (own.kind === 'forbidden') {
        violations.push({
          message: `${containersPhrase([c.name])} must not set securityContext.seccompProfile.type to ${quote(own.type)}`,
          path: `${c.path}.securityContext.seccompProfile.type`,
          container: c.name,
        });
      } else if (own.kind === 'unset' && podSetting.kind !== 'allowed') {
        violations.push({
          message:
            `pod or ${containersPhrase([c.name])} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" ` +
            '(unset means Unconfined in Kubernetes: no system call is filtered)',
          path: `${c.path}.securityContext.seccompProfile.type`,
          container: c.name,
        });
      }
    }
    return violations;
  },
});

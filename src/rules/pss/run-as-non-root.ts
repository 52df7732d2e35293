import { containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { isSet } from './field-values';
import { containerFields } from './restricted-fields';
import { isRelaxedUserNamespacePod } from './version-relaxations';

/**
 * Pod Security `runAsNonRoot` (restricted): containers must run as a non-root user.
 *
 * Restricted Fields: spec.securityContext.runAsNonRoot,
 * spec.{initContainers,containers,ephemeralContainers}[*].securityContext.runAsNonRoot
 * Allowed Values: true at pod level, or on every container; no container may set false. From v1.35
 * a pod with `hostUsers: false` is exempt.
 */
export const runAsNonRoot = defineRule({
  id: 'run-as-non-root',
  title: 'Containers must run as a non-root user',
  severity: 'error',
  level: 'restricted',
  pssCheck: 'runAsNonRoot',
  dialects: ['kubernetes', 'compose'],
  restrictedFields: ['spec.securityContext.runAsNonRoot', ...containerFields('securityContext.runAsNonRoot')],
  allowedValues: 'true (pod level, or every container); undefined/null on a container when the pod sets true',
  references: {
    polaris: ['runAsRootAllowed'],
    kubeLinter: ['run-as-non-root'],
    checkov: ['CKV_K8S_23'],
    kubesec: ['RunAsNonRoot'],
    trivy: ['KSV-0012'],
  },
  rationale:
    "Root in a container is root on the host's kernel: any escape, or any writable host mount, is then " +
    'host root. runAsNonRoot makes the kubelet refuse to start an image whose user is 0.',
  remediation:
    'Set spec.securityContext.runAsNonRoot: true (with a non-zero runAsUser, or an image that declares a ' +
    'numeric non-root USER); for Compose, user: "10001:10001".',
  exampleFix: 'spec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001',
  justifiedBy: ['runAsRoot'],
  check(pod, context) {
    if (isRelaxedUserNamespacePod(pod, context.pssVersion)) return [];
    const violations: Violation[] = [];
    const podValue = pod.securityContext.runAsNonRoot;
    if (isSet(podValue) && podValue !== true) {
      violations.push({
        message: 'pod must not set securityContext.runAsNonRoot=false',
        path: `${pod.path}.securityContext.runAsNonRoot`,
      });
    }
    for (const c of pod.containers) {
      const own = c.securityContext.runAsNonRoot;
      if (isSet(own) && own !== true) {
        violations.push({
          message: `${containersPhrase([c.name])} must not set securityContext.runAsNonRoot=false`,
          path: `${c.path}.securityContext.runAsNonRoot`,
          container: c.name,
        });
      } else if (!isSet(own) && podValue !== true) {
        violations.push({
          message: `pod or ${containersPhrase([c.name])} must set securityContext.runAsNonRoot=true`,
          path: `${c.path}.securityContext.runAsNonRoot`,
          container: c.name,
        });
      }
    }
    return violations;
  },
});

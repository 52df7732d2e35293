import { containersPhrase } from '../pod-view';
import { defineRule } from '../rule';
import { isSetNotFalse } from './field-values';
import { containerFields } from './restricted-fields';

/**
 * Pod Security `privileged` (baseline): containers are not privileged.
 *
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.privileged
 * Allowed Values: false, undefined/null
 */
export const privileged = defineRule({
  id: 'privileged',
  title: 'Containers are not privileged',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'privileged',
  dialects: ['kubernetes', 'compose'],
  restrictedFields: containerFields('securityContext.privileged'),
  allowedValues: 'false, undefined/null',
  references: {
    cisDocker: ['5.5'],
    polaris: ['runAsPrivileged'],
    kubeLinter: ['privileged-container'],
    checkov: ['CKV_K8S_16'],
    kubesec: ['Privileged'],
    trivy: ['KSV-0017'],
  },
  rationale:
    'A privileged container gets every capability, all host devices and no seccomp or AppArmor confinement: ' +
    'broad host-level access that disables most isolation controls. The seed treats it as a design review.',
  remediation:
    'Remove securityContext.privileged (or set it to false) and add back only the capabilities the workload needs.',
  exampleFix: 'securityContext:\n  privileged: false',
  justifiedBy: ['privileged'],
  check(pod) {
    return pod.containers
      .filter((c) => isSetNotFalse(c.securityContext.privileged))
      .map((c) => ({
        message: `${containersPhrase([c.name])} must not set securityContext.privileged=true`,
        path: `${c.path}.securityContext.privileged`,
        container: c.name,
      }));
  },
});

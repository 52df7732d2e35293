import { containersPhrase } from '../pod-view';
import { defineRule } from '../rule';
import { containerFields } from './restricted-fields';
import { isExemptWindowsPod } from './version-relaxations';

/**
 * Pod Security `allowPrivilegeEscalation` (restricted): containers cannot gain more privileges than their parent process.
 *
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.allowPrivilegeEscalation
 * Allowed Values: false (explicitly: unset counts as true). Windows pods are exempt from v1.25.
 */
export const allowPrivilegeEscalation = defineRule({
  id: 'allow-privilege-escalation',
  title: 'Containers cannot gain more privileges than their parent process',
  severity: 'error',
  level: 'restricted',
  pssCheck: 'allowPrivilegeEscalation',
  sinceVersion: { major: 1, minor: 8 },
  dialects: ['kubernetes', 'compose'],
  restrictedFields: containerFields('securityContext.allowPrivilegeEscalation'),
  allowedValues: 'false',
  references: {
    cisDocker: ['5.26'],
    polaris: ['privilegeEscalationAllowed'],
    kubeLinter: ['privilege-escalation-container'],
    checkov: ['CKV_K8S_20'],
    kubesec: ['AllowPrivilegeEscalation'],
    trivy: ['KSV-0001'],
  },
  rationale:
    'Without no_new_privs a process can gain privileges through setuid binaries or file capabilities. ' +
    'Kubernetes leaves escalation allowed unless the field is explicitly false, so unset fails too.',
  remediation:
    'Set securityContext.allowPrivilegeEscalation: false on every container (for Compose, ' +
    'security_opt: ["no-new-privileges:true"]).',
  exampleFix: 'securityContext:\n  allowPrivilegeEscalation: false',
  // A privileged container always escalates, so a privileged justification covers it too.
  justifiedBy: ['privilegeEscalation', 'privileged'],
  check(pod, context) {
    if (isExemptWindowsPod(pod, context.pssVersion)) return [];
    return pod.containers
      .filter((c) => c.securityContext.allowPrivilegeEscalation !== false)
      .map((c) => ({
        message: `${containersPhrase([c.name])} must set securityContext.allowPrivilegeEscalation=false`,
        path: `${c.path}.securityContext.allowPrivilegeEscalation`,
        container: c.name,
      }));
  },
});

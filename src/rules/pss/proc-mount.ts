import { defineRule } from '../rule';
import { containerFields } from './restricted-fields';
import { unmaskedProcMounts } from './unmasked-proc-mounts';
import { isRelaxedUserNamespacePod } from './version-relaxations';

/**
 * Pod Security `procMount` (baseline): containers keep /proc masked.
 *
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.procMount
 * Allowed Values: undefined/null, Default. From v1.35 any value in a pod with `hostUsers: false`.
 */
export const procMount = defineRule({
  id: 'proc-mount',
  title: 'Containers keep /proc masked',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'procMount',
  dialects: ['kubernetes', 'compose'],
  restrictedFields: containerFields('securityContext.procMount'),
  allowedValues: 'undefined/null, Default (v1.35+: anything when spec.hostUsers is false)',
  references: {
    polaris: ['procMount'],
    kubeLinter: ['unsafe-proc-mount'],
    trivy: ['KSV-0027'],
  },
  rationale:
    'The default /proc mount masks and makes read-only the paths (/proc/sys, /proc/kcore, ...) that expose or ' +
    'reconfigure the host kernel. Unmasked removes that protection; it is only safe inside a user namespace.',
  remediation:
    'Remove securityContext.procMount (or set it to Default). Nested-container workloads that need Unmasked ' +
    'must run in a user namespace (hostUsers: false).',
  exampleFix: 'securityContext:\n  procMount: Default',
  justifiedBy: [],
  check(pod, context) {
    return isRelaxedUserNamespacePod(pod, context.pssVersion) ? [] : unmaskedProcMounts(pod);
  },
});

import { defineRule } from '../rule';
import { containerFields } from './restricted-fields';
import { unmaskedProcMounts } from './unmasked-proc-mounts';

/**
 * Pod Security `procMount_restricted` (restricted): containers keep /proc masked, even in a user namespace.
 *
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.procMount
 * Allowed Values: undefined/null, Default (also in user-namespace pods)
 */
export const procMountRestricted = defineRule({
  id: 'proc-mount-restricted',
  title: 'Containers keep /proc masked, even in a user namespace',
  severity: 'error',
  level: 'restricted',
  pssCheck: 'procMount_restricted',
  overrides: ['proc-mount'],
  sinceVersion: { major: 1, minor: 35 },
  dialects: ['kubernetes', 'compose'],
  restrictedFields: containerFields('securityContext.procMount'),
  allowedValues: 'undefined/null, Default',
  references: {
    polaris: ['procMount'],
    kubeLinter: ['unsafe-proc-mount'],
    trivy: ['KSV-0027'],
  },
  rationale:
    'Baseline lets a user-namespace pod unmask /proc from v1.35; restricted does not, because an unmasked ' +
    '/proc still exposes kernel interfaces that the user namespace does not fully contain.',
  remediation: 'Remove securityContext.procMount (or set it to Default).',
  exampleFix: 'securityContext:\n  procMount: Default',
  justifiedBy: [],
  check(pod) {
    return unmaskedProcMounts(pod);
  },
});

import { normaliseCapability, PSS_BASELINE_CAPABILITIES } from '../../posture';
import { asArray, at, containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { asText, quote } from './field-values';
import { containerFields } from './restricted-fields';

const ALLOWED = new Set<string>(PSS_BASELINE_CAPABILITIES);

/**
 * Pod Security `capabilities_baseline` (baseline): containers add no capability beyond the runtime default set.
 *
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.add
 * Allowed Values: undefined/empty, AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
 * NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT
 */
export const capabilitiesBaseline = defineRule({
  id: 'capabilities-baseline',
  title: 'Containers add no capability beyond the runtime default set',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'capabilities_baseline',
  dialects: ['kubernetes', 'compose'],
  restrictedFields: containerFields('securityContext.capabilities.add'),
  allowedValues: `undefined/empty, ${PSS_BASELINE_CAPABILITIES.join(', ')}`,
  references: {
    cisDocker: ['5.4'],
    polaris: ['dangerousCapabilities'],
    kubeLinter: ['privilege-escalation-container'],
    checkov: ['CKV_K8S_25', 'CKV_K8S_39'],
    kubesec: ['CapSysAdmin'],
    trivy: ['KSV-0022', 'KSV-0005'],
  },
  rationale:
    'Capabilities beyond the runtime default set (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ...) hand a container ' +
    'kernel powers that are the usual first step of a container escape.',
  remediation:
    'Remove the capability from securityContext.capabilities.add, or record a justified "capability" exemption ' +
    'for exactly that capability and container.',
  exampleFix: 'securityContext:\n  capabilities:\n    drop: ["ALL"]\n    add: ["NET_BIND_SERVICE"]',
  justifiedBy: ['capability'],
  check(pod) {
    const violations: Violation[] = [];
    for (const c of pod.containers) {
      asArray(at(c.securityContext, 'capabilities', 'add')).forEach((added, index) => {
        // Upstream compares the names exactly: `net_admin` or `CAP_CHOWN` is not in the allowed set.
        if (typeof added === 'string' && ALLOWED.has(added)) return;
        violations.push({
          message: `${containersPhrase([c.name])} must not include ${quote(added)} in securityContext.capabilities.add`,
          path: `${c.path}.securityContext.capabilities.add[${index}]`,
          container: c.name,
          subject: normaliseCapability(asText(added)),
        });
      });
    }
    return violations;
  },
});

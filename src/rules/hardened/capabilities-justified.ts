import { normaliseCapability } from '../../posture';
import { containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';

/**
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.add
 * Allowed Values: undefined/empty, or capabilities each covered by a "capability" justification
 */
export const capabilitiesJustified = defineRule({
  id: 'capabilities-justified',
  title: 'Every added capability is justified',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.containers[*].securityContext.capabilities.add',
    'spec.initContainers[*].securityContext.capabilities.add',
    'spec.ephemeralContainers[*].securityContext.capabilities.add',
  ],
  allowedValues: 'undefined/empty; each added capability needs a "capability" justification naming it',
  references: {
    cisDocker: ['5.4'],
    checkov: ['CKV_K8S_25'],
    trivy: ['KSV-0022'],
  },
  rationale:
    'The seed: "Drop all capabilities by default, then add back only what is required and documented." ' +
    'Pod Security "restricted" lets NET_BIND_SERVICE back in silently; the hardened level asks for the ' +
    'documentation too, so every remaining capability has a recorded reason.',
  remediation:
    'Remove the capability (unprivilegedPortStart, the safe sysctl net.ipv4.ip_unprivileged_port_start, or a port ' +
    'above 1024 avoids NET_BIND_SERVICE), or record a "capability" exemption for that container and capability with ' +
    'its reason. An add-back takes effect only for a root process (see capability-add-back-ineffective).',
  exampleFix: 'securityContext:\n  capabilities:\n    drop: ["ALL"]',
  justifiedBy: ['capability'],
  check(pod) {
    const violations: Violation[] = [];
    for (const c of pod.containers) {
      const add = (c.securityContext.capabilities as Record<string, unknown> | undefined)?.add;
      const path = `${c.path}.securityContext.capabilities.add`;
      if (add === undefined || add === null) continue;
      if (!Array.isArray(add)) {
        // Unreadable is not empty: fail closed.
        violations.push({
          message: `${containersPhrase([c.name])} must list securityContext.capabilities.add as an array of names`,
          path,
          container: c.name,
          // Nothing can justify an unreadable list: a record names one capability.
          exemption: null,
        });
        continue;
      }
      for (const raw of new Set(
        add.map((cap) => (typeof cap === 'string' ? normaliseCapability(cap) : String(cap))),
      )) {
        violations.push({
          message: `${containersPhrase([c.name])} must not add capability ${JSON.stringify(raw)} without a justification`,
          path,
          container: c.name,
          subject: raw,
        });
      }
    }
    return violations;
  },
});

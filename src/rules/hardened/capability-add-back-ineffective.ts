import type { JustificationRecord } from '../../posture';
import { capabilityAlternative, normaliseCapability } from '../../posture';
import { containerCapabilitySets } from '../container-capability-sets';
import type { ContainerView, PodView } from '../pod-view';
import { containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';

/**
 * Restricted Fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.add
 * Allowed Values: capabilities the process can use: a root container's, or (under Podman) a
 * non-root one's; never an add-back that only reaches the bounding set of a non-root process
 * under no-new-privileges
 */
export const capabilityAddBackIneffective = defineRule({
  id: 'capability-add-back-ineffective',
  title: 'Every added capability takes effect',
  severity: 'warning',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.containers[*].securityContext.capabilities.add',
    'spec.initContainers[*].securityContext.capabilities.add',
    'spec.ephemeralContainers[*].securityContext.capabilities.add',
  ],
  allowedValues:
    'capabilities the process can use; for a non-root user under allowPrivilegeEscalation: false none can, ' +
    'since containerd, CRI-O and Docker set no ambient capabilities',
  // CIS Docker 5.4 restricts capabilities; no tool checks whether an added one can take effect.
  references: { cisDocker: ['5.4'] },
  rationale:
    'A capability added to a non-root container lands only in its bounding set: containerd, CRI-O and Docker ' +
    'give a non-root process no ambient capabilities, and no-new-privileges (allowPrivilegeEscalation: false) ' +
    'stops file capabilities from raising it, so CapEff stays 0 and the process cannot use the capability ' +
    '(test/runtime/REPORT.md proves it: bind :80 refused). The add-back documents a need it does not meet, and a ' +
    'reviewer who approves it approves nothing real. A warning; an error when a justification was written for it.',
  remediation:
    'Remove the add-back and meet the need without a capability: bind a port below 1024 with the workload ' +
    'option unprivilegedPortStart (the safe sysctl net.ipv4.ip_unprivileged_port_start) or a port of 1024 or more ' +
    'behind a Service or published port; own and write files through fsGroup, runAsGroup and declared writable ' +
    'paths instead of CHOWN or DAC_OVERRIDE; run as the target user (runAsUser, runAsGroup) instead of SETUID or ' +
    'SETGID. A capability that must really be effective needs a root container (a "runAsRoot" exemption whose ' +
    'justification states why), where the rule accepts it.',
  exampleFix:
    'securityContext:\n  sysctls:\n    - name: net.ipv4.ip_unprivileged_port_start\n      value: "80"\ncontainers:\n' +
    '  - securityContext:\n      capabilities:\n        drop: ["ALL"]',
  // Not justifiable: a justification is exactly what makes the finding an error.
  justifiedBy: [],
  check(pod) {
    const violations: Violation[] = [];
    for (const c of pod.containers) {
      const sets = containerCapabilitySets(pod, c);
      for (const capability of sets.ineffectiveAdds) {
        const record = approvingRecord(pod, c, capability);
        violations.push({
          message: message(pod, c, capability, record),
          path: `${c.path}.securityContext.capabilities.add`,
          container: c.name,
          subject: capability,
          exemption: null,
          severity: record === undefined ? 'warning' : 'error',
        });
      }
    }
    return violations;
  },
});

function approvingRecord(
  pod: PodView,
  container: ContainerView,
  capability: string,
): JustificationRecord | undefined {
  return pod.justifications.records.find(
    (r) =>
      r.exemption === 'capability' &&
      (r.container === undefined || r.container === container.name) &&
      typeof r.subject === 'string' &&
      normaliseCapability(r.subject) === capability,
  );
}

function message(
  pod: PodView,
  container: ContainerView,
  capability: string,
  record: JustificationRecord | undefined,
): string {
  const compose = pod.dialect === 'compose';
  const why = compose
    ? 'it runs as a non-root user under no-new-privileges, and Docker gives a non-root process no ambient capabilities'
    : 'it runs as a non-root user under allowPrivilegeEscalation: false, and containerd and CRI-O give a non-root process no ambient capabilities';
  const approved =
    record === undefined
      ? ''
      : `; the justification recorded for it (${JSON.stringify(record.reason)}) approves a change that does nothing`;
  return (
    `${containersPhrase([container.name])} adds capability ${JSON.stringify(capability)}, which cannot take effect: ` +
    `${why}, so it stays in the bounding set only (CapEff 0)${approved}. Instead: ` +
    capabilityAlternative(capability, compose ? 'compose' : 'kubernetes')
  );
}

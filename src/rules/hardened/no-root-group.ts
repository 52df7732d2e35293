import type { PodView } from '../pod-view';
import { asArray, isWindowsPod } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import type { ComposeServiceView } from './compose-service';
import { composeService, servicePhrase } from './compose-service';

/**
 * Restricted Fields: spec.securityContext.fsGroup, spec.securityContext.supplementalGroups[*],
 * services.*.group_add[*] (Compose)
 * Allowed Values: undefined, or non-zero integer group ids (runAsGroup is explicit-non-root-ids')
 */
export const noRootGroup = defineRule({
  id: 'no-root-group',
  title: 'Pods do not hold the root group through fsGroup or supplementary groups',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.securityContext.fsGroup',
    'spec.securityContext.supplementalGroups[*]',
    'services.*.group_add[*]',
  ],
  allowedValues: 'undefined, or non-zero integer group ids',
  references: { checkov: ['CKV_K8S_40'], trivy: ['KSV-0116'] },
  rationale:
    'The seed asks "What UID and GID does it run as?". A non-root user that also holds GID 0 reads and ' +
    'writes every file owned by group root, which images often leave group-writable, and fsGroup 0 makes ' +
    'the kubelet hand every volume to group root. Pod Security checks neither. runAsGroup 0 is reported by ' +
    'explicit-non-root-ids. Kubernetes forbids these fields on Windows pods, so those are not asked.',
  remediation:
    "Set fsGroup to the workload's own non-zero group (e.g. 10001) and leave 0 out of supplementalGroups; in " +
    'Compose remove 0 and "root" from group_add. If the group is truly needed, record a "rootGroup" exemption.',
  exampleFix: 'securityContext:\n  runAsGroup: 10001\n  fsGroup: 10001\n  supplementalGroups: [10002]',
  justifiedBy: ['rootGroup'],
  check(pod) {
    if (isWindowsPod(pod)) return [];
    const violations: Violation[] = [];
    const fsGroup = pod.securityContext.fsGroup;
    if (fsGroup !== undefined && fsGroup !== null) {
      const problem = groupProblem(fsGroup);
      if (problem !== undefined)
        violations.push({
          message: `pod must not set securityContext.fsGroup=${problem}`,
          path: `${pod.path}.securityContext.fsGroup`,
        });
    }
    const compose = composeService(pod);
    // Compose's group_add is the source the translation derives supplementalGroups from: judged as
    // written, at its own position, so a group the translation drops still counts.
    if (compose !== undefined && Array.isArray(compose.service.group_add))
      violations.push(...composeGroupAdd(compose));
    else violations.push(...supplementalGroupViolations(pod));
    return violations;
  },
});

function supplementalGroupViolations(pod: PodView): Violation[] {
  const path = `${pod.path}.securityContext.supplementalGroups`;
  const supplemental = pod.securityContext.supplementalGroups;
  if (supplemental === undefined || supplemental === null) return [];
  if (!Array.isArray(supplemental)) {
    return [
      {
        message: 'pod must list securityContext.supplementalGroups as an array of non-zero group ids',
        path,
        // Unreadable is not empty: no record can say which group it grants.
        exemption: null,
      },
    ];
  }
  const violations: Violation[] = [];
  supplemental.forEach((group: unknown, index) => {
    const problem = groupProblem(group);
    if (problem !== undefined)
      violations.push({
        message: `pod must not list ${problem} in securityContext.supplementalGroups`,
        path: `${path}[${index}]`,
      });
  });
  return violations;
}

/** `0`, or the value when it is not a group id at all (fail closed): undefined for a non-zero id. */
function groupProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    return `${JSON.stringify(value)} (not a group id)`;
  return value === 0 ? '0 (the root group)' : undefined;
}

/** Compose `group_add`: a numeric 0 (or "0") and the name "root" both resolve to GID 0 in the container. */
function composeGroupAdd(compose: ComposeServiceView): Violation[] {
  const violations: Violation[] = [];
  asArray(compose.service.group_add).forEach((group, index) => {
    const text = typeof group === 'number' || typeof group === 'string' ? String(group).trim() : undefined;
    if (text !== '0' && text !== 'root') return;
    violations.push({
      message: `${servicePhrase(compose.name)} must not add the root group (group_add ${JSON.stringify(group)})`,
      path: `${compose.path}.group_add[${index}]`,
      container: compose.name,
    });
  });
  return violations;
}

import { asObject, containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';

const LIMITS = ['cpu', 'memory'] as const;

/**
 * Restricted Fields: spec.{initContainers,containers}[*].resources.limits.{cpu,memory}
 * Allowed Values: any quantity (set)
 */
export const resourceLimits = defineRule({
  id: 'resource-limits',
  title: 'Containers have CPU and memory limits',
  severity: 'warning',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.containers[*].resources.limits.cpu',
    'spec.containers[*].resources.limits.memory',
    'spec.initContainers[*].resources.limits.cpu',
    'spec.initContainers[*].resources.limits.memory',
  ],
  allowedValues: 'any quantity',
  references: {
    cisDocker: ['5.11', '5.12'],
    polaris: ['cpuLimitsMissing', 'memoryLimitsMissing'],
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
    checkov: ['CKV_K8S_11', 'CKV_K8S_13'],
    kubesec: ['LimitsCPU', 'LimitsMemory'],
    trivy: ['KSV-0011', 'KSV-0018'],
  },
  rationale:
    'A container without limits can starve its neighbours and the node: a runaway or compromised process ' +
    'becomes a denial of service. Outside the seed: a warning.',
  remediation:
    'Set resources.limits.cpu and resources.limits.memory on every container (Compose: cpus and mem_limit, ' +
    'or deploy.resources.limits).',
  exampleFix: 'resources:\n  limits:\n    cpu: "1"\n    memory: 512Mi',
  justifiedBy: [],
  check(pod) {
    const violations: Violation[] = [];
    // Ephemeral containers cannot have resources: Kubernetes rejects them.
    for (const c of pod.containers.filter((container) => container.group !== 'ephemeralContainers')) {
      const limits = asObject(asObject(c.spec.resources).limits);
      const missing = LIMITS.filter((key) => !isSet(limits[key]));
      if (missing.length === 0) continue;
      violations.push({
        message: `${containersPhrase([c.name])} must set ${missing.map((key) => `resources.limits.${key}`).join(' and ')}`,
        path: `${c.path}.resources.limits`,
        container: c.name,
      });
    }
    return violations;
  },
});

function isSet(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && value > 0);
}

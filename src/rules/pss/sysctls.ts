import { LATEST_PSS_VERSION } from '../pss-version';
import { asArray, asObject } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { asText } from './field-values';
import { safeSysctls } from './safe-sysctls';

/**
 * Pod Security `sysctls` (baseline): pods set only namespaced, safe sysctls.
 *
 * Restricted Fields: spec.securityContext.sysctls[*].name
 * Allowed Values: undefined/empty, or the safe set of the version (see {@link safeSysctls})
 */
export const sysctls = defineRule({
  id: 'sysctls',
  title: 'Pods set only namespaced, safe sysctls',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'sysctls',
  dialects: ['kubernetes', 'compose'],
  restrictedFields: ['spec.securityContext.sysctls[*].name'],
  allowedValues: `undefined/empty, ${[...safeSysctls(LATEST_PSS_VERSION)].join(', ')} (the set grows at v1.27, v1.29 and v1.32)`,
  references: {
    kubeLinter: ['unsafe-sysctls'],
    trivy: ['KSV-0026'],
  },
  rationale:
    'Most sysctls are not isolated per pod: they change the kernel of the whole node and so affect every ' +
    'other workload on it. Only the namespaced ones known to be safe are allowed.',
  remediation:
    'Remove the sysctl from spec.securityContext.sysctls, or have a cluster administrator tune it on the node.',
  exampleFix:
    'securityContext:\n  sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: "32768 60999"',
  justifiedBy: [],
  check(pod, context) {
    const safe = safeSysctls(context.pssVersion);
    const violations: Violation[] = [];
    asArray(pod.securityContext.sysctls).forEach((raw, index) => {
      const name = asObject(raw).name;
      if (typeof name === 'string' && safe.has(name)) return;
      violations.push({
        message: `pod must not set forbidden sysctl ${JSON.stringify(asText(name ?? ''))}`,
        path: `${pod.path}.securityContext.sysctls[${index}].name`,
      });
    });
    return violations;
  },
});

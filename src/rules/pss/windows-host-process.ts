import { at, containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { isSetNotFalse } from './field-values';
import { containerFields } from './restricted-fields';

/**
 * Pod Security `windowsHostProcess` (baseline): Windows containers do not run as host processes.
 *
 * Restricted Fields: spec.securityContext.windowsOptions.hostProcess,
 * spec.{initContainers,containers,ephemeralContainers}[*].securityContext.windowsOptions.hostProcess
 * Allowed Values: false, undefined/null
 */
export const windowsHostProcess = defineRule({
  id: 'windows-host-process',
  title: 'Windows containers do not run as host processes',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'windowsHostProcess',
  dialects: ['kubernetes'],
  restrictedFields: [
    'spec.securityContext.windowsOptions.hostProcess',
    ...containerFields('securityContext.windowsOptions.hostProcess'),
  ],
  allowedValues: 'false, undefined/null',
  references: {
    polaris: ['hostProcess'],
    trivy: ['KSV-0103'],
  },
  rationale:
    'A Windows HostProcess container runs directly on the node, with host networking and access to the ' +
    "host's filesystem and processes: the Windows equivalent of a privileged container.",
  remediation: 'Remove windowsOptions.hostProcess (or set it to false) on the pod and every container.',
  exampleFix: 'securityContext:\n  windowsOptions:\n    hostProcess: false',
  justifiedBy: [],
  check(pod) {
    const violations: Violation[] = [];
    const suffix = 'securityContext.windowsOptions.hostProcess';
    if (isSetNotFalse(at(pod.securityContext, 'windowsOptions', 'hostProcess'))) {
      violations.push({ message: `pod must not set ${suffix}=true`, path: `${pod.path}.${suffix}` });
    }
    for (const c of pod.containers) {
      if (!isSetNotFalse(at(c.securityContext, 'windowsOptions', 'hostProcess'))) continue;
      violations.push({
        message: `${containersPhrase([c.name])} must not set ${suffix}=true`,
        path: `${c.path}.${suffix}`,
        container: c.name,
      });
    }
    return violations;
  },
});

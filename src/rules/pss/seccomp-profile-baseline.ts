import type { PodView } from '../pod-view';
import { containersPhrase } from '../pod-view';
import { atLeast } from '../pss-version';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { annotationPath } from './annotation-path';
import { quote } from './field-values';
import { containerFields } from './restricted-fields';
import { seccompSetting } from './seccomp-types';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/**
 * Pod Security `seccompProfile_baseline` (baseline): seccomp is not explicitly disabled.
 *
 * Restricted Fields: spec.securityContext.seccompProfile.type,
 * spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seccompProfile.type
 * (before v1.19: the seccomp alpha annotations)
 * Allowed Values: undefined/null, RuntimeDefault, Localhost
 */
export const seccompProfileBaseline = defineRule({
  id: 'seccomp-profile-baseline',
  title: 'Seccomp is not explicitly disabled',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'seccompProfile_baseline',
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.securityContext.seccompProfile.type',
    ...containerFields('securityContext.seccompProfile.type'),
  ],
  allowedValues: 'undefined/null, RuntimeDefault, Localhost',
  references: {
    cisDocker: ['5.22'],
    polaris: ['linuxHardening'],
    kubesec: ['SeccompUnconfined'],
    trivy: ['KSV-0104'],
  },
  rationale:
    'Seccomp filters the system calls a container may make; the runtime default profile blocks the rarely ' +
    'needed, often exploited ones (keyctl, unshare, mount, ...). Unconfined lets every system call through.',
  remediation:
    'Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost with a reviewed profile) instead ' +
    'of Unconfined.',
  exampleFix: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault',
  justifiedBy: ['seccompUnconfined'],
  check(pod, context) {
    if (!atLeast(context.pssVersion, 19)) return annotationViolations(pod);
    const violations: Violation[] = [];
    const setting = seccompSetting(pod.securityContext);
    if (setting.kind === 'forbidden') {
      violations.push({
        message: `pod must not set securityContext.seccompProfile.type to ${quote(setting.type)}`,
        path: `${pod.path}.securityContext.seccompProfile.type`,
      });
    }
    for (const c of pod.containers) {
      const own = seccompSetting(c.securityContext);
      if (own.kind !== 'forbidden') continue;
      violations.push({
        message: `${containersPhrase([c.name])} must not set securityContext.seccompProfile.type to ${quote(own.type)}`,
        path: `${c.path}.securityContext.seccompProfile.type`,
        container: c.name,
      });
    }
    return violations;
  },
});

function allowedAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

// Before v1.19 the profile was only expressible through alpha annotations.
function annotationViolations(pod: PodView): Violation[] {
  const keys = [POD_ANNOTATION, ...pod.containers.map((c) => CONTAINER_ANNOTATION_PREFIX + c.name)];
  return keys.flatMap((key) => {
    const value = pod.annotations[key];
    if (value === undefined || allowedAnnotationValue(value)) return [];
    const container = key === POD_ANNOTATION ? undefined : key.slice(CONTAINER_ANNOTATION_PREFIX.length);
    return [
      {
        message: `forbidden annotation ${key}=${quote(value)}`,
        path: annotationPath(pod, key),
        ...(container !== undefined && { container }),
      },
    ];
  });
}

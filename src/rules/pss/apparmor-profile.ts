import type { PodView } from '../pod-view';
import { at, containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';
import { annotationPath } from './annotation-path';
import { isSet, quote } from './field-values';
import { containerFields } from './restricted-fields';

/** The beta annotation, `container.apparmor.security.beta.kubernetes.io/<container>`. */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

const ALLOWED_TYPES = new Set<unknown>(['RuntimeDefault', 'Localhost']);

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/**
 * Pod Security `appArmorProfile` (baseline): AppArmor is not disabled.
 *
 * Restricted Fields: spec.securityContext.appArmorProfile.type,
 * spec.{initContainers,containers,ephemeralContainers}[*].securityContext.appArmorProfile.type,
 * metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"]
 * Allowed Values: field: undefined/null, RuntimeDefault, Localhost; annotation: undefined, "",
 * runtime/default, localhost/*
 */
export const apparmorProfile = defineRule({
  id: 'apparmor-profile',
  title: 'AppArmor is not disabled',
  severity: 'error',
  level: 'baseline',
  pssCheck: 'appArmorProfile',
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.securityContext.appArmorProfile.type',
    ...containerFields('securityContext.appArmorProfile.type'),
    `metadata.annotations["${APPARMOR_ANNOTATION_PREFIX}*"]`,
  ],
  allowedValues:
    'appArmorProfile.type: undefined/null, RuntimeDefault, Localhost; annotation: "", runtime/default, localhost/*',
  references: {
    cisDocker: ['5.2'],
    polaris: ['linuxHardening'],
    kubesec: ['ApparmorUnconfined', 'ApparmorAny'],
    trivy: ['KSV-0002'],
  },
  rationale:
    'AppArmor confines what files, mounts and capabilities a container process may use. Setting it to ' +
    'Unconfined removes that layer; the runtime default profile costs nothing for ordinary workloads.',
  remediation:
    'Remove the Unconfined AppArmor profile (field or beta annotation), or set appArmorProfile.type to ' +
    'RuntimeDefault, or Localhost with a reviewed profile.',
  exampleFix: 'securityContext:\n  appArmorProfile:\n    type: RuntimeDefault',
  justifiedBy: [],
  check(pod) {
    const violations: Violation[] = [];
    const profileViolation = (owner: string, profile: unknown, path: string, container?: string) => {
      if (!isSet(profile)) return;
      const type = at(profile, 'type');
      if (ALLOWED_TYPES.has(type)) return;
      violations.push({
        message: `${owner} must not set AppArmor profile type to ${quote(type ?? '')}`,
        path: `${path}.securityContext.appArmorProfile.type`,
        ...(container !== undefined && { container }),
      });
    };
    profileViolation('pod', pod.securityContext.appArmorProfile, pod.path);
    for (const c of pod.containers) {
      profileViolation(containersPhrase([c.name]), c.securityContext.appArmorProfile, c.path, c.name);
    }
    violations.push(...annotationViolations(pod));
    return violations;
  },
});

function annotationViolations(pod: PodView): Violation[] {
  // Most pods carry no AppArmor annotation: look before building entries for all of them.
  let any = false;
  for (const key in pod.annotations) {
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX)) {
      any = true;
      break;
    }
  }
  if (!any) return [];
  return Object.entries(pod.annotations)
    .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAnnotationValue(value))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => {
      const container = key.slice(APPARMOR_ANNOTATION_PREFIX.length);
      return {
        message: `annotation ${key} must not set AppArmor profile ${quote(value)}`,
        path: annotationPath(pod, key),
        ...(pod.containers.some((c) => c.name === container) && { container }),
      };
    });
}

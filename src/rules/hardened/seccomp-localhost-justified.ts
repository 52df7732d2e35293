import type { ContainerView, PodView } from '../pod-view';
import { at, containersPhrase, isWindowsPod } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';

/** Legacy (pre-1.19) seccomp annotations, still honoured by older clusters. */
export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
/** Prefix of the legacy per-container seccomp annotation. */
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/**
 * Restricted Fields: spec.securityContext.seccompProfile.type,
 * spec.{initContainers,containers,ephemeralContainers}[*].securityContext.seccompProfile.type,
 * metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"],
 * metadata.annotations["container.seccomp.security.alpha.kubernetes.io/*"]
 * Allowed Values: RuntimeDefault; Localhost only with a "seccompLocalhost" justification
 */
export const seccompLocalhostJustified = defineRule({
  id: 'seccomp-localhost-justified',
  title: 'A custom (Localhost) seccomp profile is justified',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.securityContext.seccompProfile.type',
    'spec.containers[*].securityContext.seccompProfile.type',
    'spec.initContainers[*].securityContext.seccompProfile.type',
    'spec.ephemeralContainers[*].securityContext.seccompProfile.type',
    `metadata.annotations["${SECCOMP_POD_ANNOTATION}"]`,
    `metadata.annotations["${SECCOMP_CONTAINER_ANNOTATION_PREFIX}*"]`,
  ],
  allowedValues: 'RuntimeDefault, or Localhost with a "seccompLocalhost" justification',
  references: { cisDocker: ['5.22'], checkov: ['CKV_K8S_31'] },
  rationale:
    'The seed: keep Docker\'s default seccomp profile enabled, and "use a custom seccomp profile only when ' +
    'the application needs a known syscall and the profile can be reviewed". Pod Security accepts any ' +
    'Localhost profile, including one that allows everything; the hardened level asks for the review record.',
  remediation:
    'Use seccompProfile.type: RuntimeDefault, or record a "seccompLocalhost" exemption saying which syscall ' +
    'the application needs and where the reviewed profile lives.',
  exampleFix: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault',
  justifiedBy: ['seccompLocalhost'],
  check(pod) {
    if (isWindowsPod(pod)) return [];
    const violations: Violation[] = [];
    for (const container of pod.containers) {
      const profile = effectiveLocalhostProfile(pod, container);
      if (profile === undefined) continue;
      violations.push({
        message: `${containersPhrase([container.name])} must not use the Localhost seccomp profile ${JSON.stringify(profile.name)} without a justification`,
        path: profile.path,
        container: container.name,
      });
    }
    return violations;
  },
});

interface LocalhostProfile {
  readonly name: string;
  readonly path: string;
}

// Fields win over annotations, and a container's setting over the pod's, as the kubelet applies them.
function effectiveLocalhostProfile(pod: PodView, container: ContainerView): LocalhostProfile | undefined {
  const containerAnnotation = `${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${container.name}`;
  const candidates: { type: unknown; profile: unknown; path: string }[] = [
    {
      type: at(container.securityContext, 'seccompProfile', 'type'),
      profile: at(container.securityContext, 'seccompProfile', 'localhostProfile'),
      path: `${container.path}.securityContext.seccompProfile`,
    },
    annotationCandidate(
      pod.annotations[containerAnnotation],
      `metadata.annotations["${containerAnnotation}"]`,
    ),
    {
      type: at(pod.securityContext, 'seccompProfile', 'type'),
      profile: at(pod.securityContext, 'seccompProfile', 'localhostProfile'),
      path: `${pod.path}.securityContext.seccompProfile`,
    },
    annotationCandidate(
      pod.annotations[SECCOMP_POD_ANNOTATION],
      `metadata.annotations["${SECCOMP_POD_ANNOTATION}"]`,
    ),
  ];
  const effective = candidates.find((c) => c.type !== undefined && c.type !== null);
  if (effective?.type !== 'Localhost') return undefined;
  return {
    name: typeof effective.profile === 'string' ? effective.profile : '<unnamed>',
    path: effective.path,
  };
}

function annotationCandidate(value: string | undefined, path: string) {
  if (value === undefined) return { type: undefined, profile: undefined, path };
  return value.startsWith('localhost/')
    ? { type: 'Localhost', profile: value.slice('localhost/'.length), path }
    : { type: value, profile: undefined, path };
}

import type { ContainerView, JsonObject, PodView } from '../pod-view';
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

/** A container's Localhost seccomp profile and the field that sets it. */
export interface LocalhostProfile {
  /** The profile's path, or `<unnamed>`. */
  readonly name: string;
  /** Where it is set in the document. */
  readonly path: string;
}

/**
 * The Localhost profile a container runs with, if any. Fields win over annotations, and a
 * container's setting over the pod's, as the kubelet applies them. The first setting found decides;
 * paths are built only for a Localhost profile, the rare case.
 */
export function effectiveLocalhostProfile(
  pod: PodView,
  container: ContainerView,
): LocalhostProfile | undefined {
  const own = fieldSetting(container.securityContext);
  if (own !== undefined)
    return own === NOT_LOCALHOST
      ? undefined
      : { name: own, path: `${container.path}.securityContext.seccompProfile` };
  const containerAnnotation = `${SECCOMP_CONTAINER_ANNOTATION_PREFIX}${container.name}`;
  const annotated = annotationSetting(pod.annotations[containerAnnotation]);
  if (annotated !== undefined)
    return annotated === NOT_LOCALHOST
      ? undefined
      : { name: annotated, path: `metadata.annotations["${containerAnnotation}"]` };
  const podOwn = fieldSetting(pod.securityContext);
  if (podOwn !== undefined)
    return podOwn === NOT_LOCALHOST
      ? undefined
      : { name: podOwn, path: `${pod.path}.securityContext.seccompProfile` };
  const podAnnotated = annotationSetting(pod.annotations[SECCOMP_POD_ANNOTATION]);
  if (podAnnotated === undefined || podAnnotated === NOT_LOCALHOST) return undefined;
  return { name: podAnnotated, path: `metadata.annotations["${SECCOMP_POD_ANNOTATION}"]` };
}

/** A setting that names a type other than Localhost. */
const NOT_LOCALHOST = Symbol('not Localhost');

/** The Localhost profile's name, NOT_LOCALHOST for another type, or undefined when the type is unset. */
function fieldSetting(securityContext: JsonObject): string | typeof NOT_LOCALHOST | undefined {
  const type = at(securityContext, 'seccompProfile', 'type');
  if (type === undefined || type === null) return undefined;
  if (type !== 'Localhost') return NOT_LOCALHOST;
  const profile = at(securityContext, 'seccompProfile', 'localhostProfile');
  return typeof profile === 'string' ? profile : '<unnamed>';
}

function annotationSetting(value: string | undefined): string | typeof NOT_LOCALHOST | undefined {
  if (value === undefined) return undefined;
  if (value.startsWith('localhost/')) return value.slice('localhost/'.length);
  // A bare `Localhost` value reads as the type itself, with no profile named.
  return value === 'Localhost' ? '<unnamed>' : NOT_LOCALHOST;
}

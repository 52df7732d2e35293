import type { ContainerView, JsonObject, PodView } from '../pod-view';
import { asObject, at, containersPhrase, isWindowsPod } from '../pod-view';
import type { Violation } from '../rule';
import { defineRule } from '../rule';

/** Prefix of the AppArmor beta annotation (one per container). */
export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * Restricted Fields: spec.securityContext.{appArmorProfile,seLinuxOptions},
 * spec.{initContainers,containers,ephemeralContainers}[*].securityContext.{appArmorProfile,seLinuxOptions},
 * metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"]
 * Allowed Values: the platform default (unset, RuntimeDefault); custom profiles and options only with
 * an "appArmorLocalhost" or "seLinuxOptions" justification
 */
export const customMacProfileJustified = defineRule({
  id: 'custom-mac-profile-justified',
  title: 'Custom AppArmor profiles and SELinux options are justified',
  severity: 'error',
  level: 'hardened',
  pssCheck: null,
  dialects: ['kubernetes', 'compose'],
  restrictedFields: [
    'spec.securityContext.appArmorProfile.type',
    'spec.containers[*].securityContext.appArmorProfile.type',
    'spec.initContainers[*].securityContext.appArmorProfile.type',
    'spec.ephemeralContainers[*].securityContext.appArmorProfile.type',
    `metadata.annotations["${APPARMOR_ANNOTATION_PREFIX}*"]`,
    'spec.securityContext.seLinuxOptions',
    'spec.containers[*].securityContext.seLinuxOptions',
    'spec.initContainers[*].securityContext.seLinuxOptions',
    'spec.ephemeralContainers[*].securityContext.seLinuxOptions',
  ],
  allowedValues:
    'AppArmor unset or RuntimeDefault and no seLinuxOptions; a Localhost AppArmor profile needs an ' +
    '"appArmorLocalhost" justification, SELinux options a "seLinuxOptions" justification',
  references: { cisDocker: ['5.2', '5.3'] },
  rationale:
    'The seed: "Use the platform\'s default container policy where available, then add custom policy only ' +
    'when the workload requires it." A custom profile or label can be looser than the default one ' +
    '(Pod Security accepts any Localhost AppArmor profile and several SELinux types), so it needs a review record.',
  remediation:
    'Remove the custom AppArmor profile and the seLinuxOptions to use the platform default, or record an ' +
    '"appArmorLocalhost" or "seLinuxOptions" exemption saying why the workload needs them.',
  exampleFix: 'securityContext:\n  appArmorProfile:\n    type: RuntimeDefault',
  justifiedBy: ['appArmorLocalhost', 'seLinuxOptions'],
  check(pod) {
    if (isWindowsPod(pod)) return [];
    const violations: Violation[] = [];
    for (const container of pod.containers) {
      const appArmor = localhostAppArmor(pod, container);
      if (appArmor !== undefined) {
        violations.push({
          message: `${containersPhrase([container.name])} must not use the custom AppArmor profile ${JSON.stringify(appArmor.name)} without a justification`,
          path: appArmor.path,
          container: container.name,
          exemption: 'appArmorLocalhost',
        });
      }
      const seLinux = seLinuxOptions(pod, container);
      if (seLinux !== undefined) {
        violations.push({
          message: `${containersPhrase([container.name])} must not set seLinuxOptions (${seLinux.summary}) without a justification`,
          path: seLinux.path,
          container: container.name,
          exemption: 'seLinuxOptions',
        });
      }
    }
    return violations;
  },
});

// The field wins over the beta annotation, and the container's field over the pod's.
function localhostAppArmor(
  pod: PodView,
  container: ContainerView,
): { name: string; path: string } | undefined {
  // The first setting found decides; paths are built only for a Localhost profile, the rare case.
  const own = fieldProfile(container.securityContext);
  if (own !== undefined)
    return own === NOT_LOCALHOST
      ? undefined
      : { name: own, path: `${container.path}.securityContext.appArmorProfile` };
  const annotationKey = `${APPARMOR_ANNOTATION_PREFIX}${container.name}`;
  const annotation = pod.annotations[annotationKey];
  if (annotation !== undefined) {
    const path = `metadata.annotations["${annotationKey}"]`;
    if (annotation.startsWith('localhost/')) return { name: annotation.slice('localhost/'.length), path };
    // A bare `Localhost` value reads as the type itself, and names no profile but itself.
    return annotation === 'Localhost' ? { name: annotation, path } : undefined;
  }
  const podOwn = fieldProfile(pod.securityContext);
  if (podOwn === undefined || podOwn === NOT_LOCALHOST) return undefined;
  return { name: podOwn, path: `${pod.path}.securityContext.appArmorProfile` };
}

/** A profile whose type is set to something other than Localhost. */
const NOT_LOCALHOST = Symbol('not Localhost');

/** The Localhost profile's name, NOT_LOCALHOST for another type, or undefined when the type is unset. */
function fieldProfile(securityContext: JsonObject): string | typeof NOT_LOCALHOST | undefined {
  const type = at(securityContext, 'appArmorProfile', 'type');
  if (type === undefined || type === null) return undefined;
  if (type !== 'Localhost') return NOT_LOCALHOST;
  const name = at(securityContext, 'appArmorProfile', 'localhostProfile');
  return typeof name === 'string' ? name : '<unnamed>';
}

// A container's seLinuxOptions replace the pod's as a whole.
function seLinuxOptions(
  pod: PodView,
  container: ContainerView,
): { summary: string; path: string } | undefined {
  const own = container.securityContext.seLinuxOptions;
  const [options, path] =
    own !== undefined && own !== null
      ? [own, `${container.path}.securityContext.seLinuxOptions`]
      : [pod.securityContext.seLinuxOptions, `${pod.path}.securityContext.seLinuxOptions`];
  if (options === undefined || options === null) return undefined;
  const entries = Object.entries(asObject(options)).filter(
    ([, value]) => value !== undefined && value !== null && value !== '',
  );
  // An empty object sets nothing; anything else, even unreadable, is a custom policy (fail closed).
  if (entries.length === 0 && typeof options === 'object' && !Array.isArray(options)) return undefined;
  const summary =
    entries.length === 0
      ? 'unreadable'
      : entries.map(([key, value]) => `${key} ${JSON.stringify(value)}`).join(', ');
  return { summary, path };
}

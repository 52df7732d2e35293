import { str } from '../cel';
import { POD, sc } from './shared';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const CONTAINER_KEY = `${str(CONTAINER_ANNOTATION_PREFIX)} + c.name`;
const CONTAINER_ANNOTATION = `variables.annotations[${CONTAINER_KEY}]`;
const POD_KEY = str(POD_ANNOTATION);
const POD_ANNOTATION_VALUE = `variables.annotations[${POD_KEY}]`;

function localhostAnnotation(value: string): string {
  return `(${value}.startsWith('localhost/') || ${value} == 'Localhost')`;
}

/**
 * CEL (bool, over container `c`): the container's effective seccomp setting is Localhost: its field,
 * else its annotation, else the pod's field, else the pod's annotation (the first one set decides,
 * as the kubelet applies them; the audit's effectiveLocalhostProfile).
 */
export const LOCALHOST_SECCOMP = (() => {
  const own = sc('c', 'seccompProfile.type');
  const pod = sc(POD, 'seccompProfile.type');
  return (
    `(${own.present} ? ${own.value} == 'Localhost' : ` +
    `(${CONTAINER_KEY} in variables.annotations ? ${localhostAnnotation(CONTAINER_ANNOTATION)} : ` +
    `(${pod.present} ? ${pod.value} == 'Localhost' : ` +
    `(${POD_KEY} in variables.annotations && ${localhostAnnotation(POD_ANNOTATION_VALUE)}))))`
  );
})();

function fieldProfile(base: string): string {
  const profile = sc(base, 'seccompProfile.localhostProfile');
  return `(${profile.present} && type(${profile.value}) == string ? ${profile.value} : '<unnamed>')`;
}

function annotationProfile(value: string): string {
  return `(${value}.startsWith('localhost/') ? ${value}.substring(10) : '<unnamed>')`;
}

/**
 * CEL (string, over container `c` for which {@link LOCALHOST_SECCOMP} holds): the profile's name as
 * the audit words it, `<unnamed>` when the setting names none.
 */
export const LOCALHOST_SECCOMP_NAME = (() => {
  const own = sc('c', 'seccompProfile.type');
  const pod = sc(POD, 'seccompProfile.type');
  return (
    `(${own.present} ? ${fieldProfile('c')} : ` +
    `(${CONTAINER_KEY} in variables.annotations ? ${annotationProfile(CONTAINER_ANNOTATION)} : ` +
    `(${pod.present} ? ${fieldProfile(POD)} : ${annotationProfile(POD_ANNOTATION_VALUE)})))`
  );
})();

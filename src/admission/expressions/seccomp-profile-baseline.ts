import { CONTAINER, joinParts, sentences, str } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS, POD, sc } from './shared';

/** A securityContext whose seccompProfile is set without an allowed type. */
export function forbiddenSeccomp(base: string): string {
  const profile = sc(base, 'seccompProfile');
  const type = sc(base, 'seccompProfile.type');
  return `(${profile.present} && !(${type.present} && ${type.value} in ['RuntimeDefault', 'Localhost']))`;
}

/** Whether a securityContext sets an allowed seccomp type. */
export function allowedSeccomp(base: string): string {
  const type = sc(base, 'seccompProfile.type');
  return `(${type.present} && ${type.value} in ['RuntimeDefault', 'Localhost'])`;
}

export function seccompComplaint(base: string): string {
  return `'must not set securityContext.seccompProfile.type to "' + (has(${base}.securityContext.seccompProfile.type) ? ${base}.securityContext.seccompProfile.type : '') + '"'`;
}

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function forbiddenAnnotation(key: string): string {
  const value = `variables.annotations[${key}]`;
  return `(${key} in variables.annotations && !(${value} == 'runtime/default' || ${value} == 'docker/default' || ${value}.startsWith('localhost/')))`;
}

/** seccomp-profile-baseline: seccomp is not set to Unconfined (before v1.19: the alpha annotations). */
export const seccompProfileBaselineCel = defineExpression('seccomp-profile-baseline', (context) => {
  const exempt = context.exempt('seccomp-profile-baseline');
  if (context.version.minor < 19) {
    const containerKey = `${str(CONTAINER_ANNOTATION_PREFIX)} + c.name`;
    return {
      expression: `!${forbiddenAnnotation(str(POD_ANNOTATION))} && !${CONTAINERS}.exists(c, ${forbiddenAnnotation(containerKey)}) || ${exempt}`,
      messageExpression: joinParts([
        `(${forbiddenAnnotation(str(POD_ANNOTATION))} ? 'forbidden annotation ${POD_ANNOTATION}' : '')`,
        sentences(
          CONTAINERS,
          'c',
          forbiddenAnnotation(containerKey),
          `'forbidden annotation ' + ${containerKey}`,
        ),
      ]),
    };
  }
  return {
    expression: `!${forbiddenSeccomp(POD)} && !${CONTAINERS}.exists(c, ${forbiddenSeccomp('c')}) || ${exempt}`,
    messageExpression: joinParts([
      `(${forbiddenSeccomp(POD)} ? 'pod ' + ${seccompComplaint(POD)} : '')`,
      sentences(CONTAINERS, 'c', forbiddenSeccomp('c'), `${CONTAINER} + ${seccompComplaint('c')}`),
    ]),
  };
});

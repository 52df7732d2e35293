import { CONTAINER, joinParts, sentences } from '../cel';
import { defineExpression } from '../context';
import { allowedSeccomp, forbiddenSeccomp, seccompComplaint } from './seccomp-profile-baseline';
import { CONTAINERS, POD, sc, unless, windowsExempt } from './shared';

/** seccomp-profile-restricted: RuntimeDefault or Localhost, on the pod or on every container. */
export const seccompProfileRestrictedCel = defineExpression('seccomp-profile-restricted', (context) => {
  const unset = `(!${sc('c', 'seccompProfile').present} && !${allowedSeccomp(POD)})`;
  return {
    expression: unless(
      windowsExempt(context.version.minor),
      `!${forbiddenSeccomp(POD)} && !${CONTAINERS}.exists(c, ${forbiddenSeccomp('c')} || ${unset}) || ${context.exempt('seccomp-profile-restricted')}`,
    ),
    messageExpression: joinParts([
      `(${forbiddenSeccomp(POD)} ? 'pod ' + ${seccompComplaint(POD)} : '')`,
      sentences(CONTAINERS, 'c', forbiddenSeccomp('c'), `${CONTAINER} + ${seccompComplaint('c')}`),
      sentences(
        CONTAINERS,
        'c',
        unset,
        `'pod or ' + ${CONTAINER} + 'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" (unset means Unconfined in Kubernetes: no system call is filtered)'`,
      ),
    ]),
  };
});

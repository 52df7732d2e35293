import { CONTAINER, joinParts, sentences } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS, POD, sc, unless, userNamespaceRelaxed } from './shared';

/** run-as-non-root: runAsNonRoot true on the pod (and never false on a container), or on every container. */
export const runAsNonRootCel = defineExpression('run-as-non-root', (context) => {
  const pod = sc(POD, 'runAsNonRoot');
  const own = sc('c', 'runAsNonRoot');
  const podFalse = `(${pod.present} && ${pod.value} != true)`;
  const podTrue = `(${pod.present} && ${pod.value} == true)`;
  const ownFalse = `(${own.present} && ${own.value} != true)`;
  const ownUnset = `(!${own.present} && !${podTrue})`;
  return {
    expression: unless(
      userNamespaceRelaxed(context.version.minor),
      `!${podFalse} && !${CONTAINERS}.exists(c, ${ownFalse} || ${ownUnset}) || ${context.exempt('run-as-non-root')}`,
    ),
    messageExpression: joinParts([
      `(${podFalse} ? 'pod must not set securityContext.runAsNonRoot=false' : '')`,
      sentences(
        CONTAINERS,
        'c',
        ownFalse,
        `${CONTAINER} + 'must not set securityContext.runAsNonRoot=false'`,
      ),
      sentences(
        CONTAINERS,
        'c',
        ownUnset,
        `'pod or ' + ${CONTAINER} + 'must set securityContext.runAsNonRoot=true'`,
      ),
    ]),
  };
});

import { CONTAINER, joinParts, sentences } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS, POD, sc, unless, userNamespaceRelaxed } from './shared';

function root(base: string): string {
  const field = sc(base, 'runAsUser');
  return `(${field.present} && ${field.value} == 0)`;
}

/** run-as-user: neither the pod nor a container sets runAsUser 0. */
export const runAsUserCel = defineExpression('run-as-user', (context) => ({
  expression: unless(
    userNamespaceRelaxed(context.version.minor),
    `!${root(POD)} && !${CONTAINERS}.exists(c, ${root('c')}) || ${context.exempt('run-as-user')}`,
  ),
  messageExpression: joinParts([
    `(${root(POD)} ? 'pod must not set runAsUser=0' : '')`,
    sentences(CONTAINERS, 'c', root('c'), `${CONTAINER} + 'must not set runAsUser=0'`),
  ]),
}));

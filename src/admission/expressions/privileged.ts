import { setNotFalse } from '../cel';
import { defineExpression } from '../context';
import { noContainer } from './shared';

/** privileged: no container sets securityContext.privileged to anything but false. */
export const privilegedCel = defineExpression('privileged', (context) =>
  noContainer(
    setNotFalse('c', 'securityContext.privileged'),
    `'must not set securityContext.privileged=true'`,
    context.exempt('privileged'),
  ),
);

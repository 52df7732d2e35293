import { CONTAINER, listAt, sentences } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS } from './shared';

/** host-ports: no container port sets a hostPort other than 0, unless the exemption names the port. */
export const hostPortsCel = defineExpression('host-ports', (context) => {
  const ports = listAt('c', 'ports');
  const bad = `has(p.hostPort) && p.hostPort != 0 && !${context.exempt('host-ports', 'string(p.hostPort)')}`;
  return {
    expression: `!${CONTAINERS}.exists(c, ${ports}.exists(p, ${bad}))`,
    messageExpression: sentences(
      CONTAINERS,
      'c',
      `${ports}.exists(p, ${bad})`,
      `${CONTAINER} + 'must not use hostPort ' + ${ports}.filter(p, ${bad}).map(p, string(p.hostPort)).join(', ')`,
    ),
  };
});

import { CONTAINER, listAt, sentences } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS } from './shared';

/** host-ports: no container port sets a hostPort other than 0, unless the exemption names the port. */
export const hostPortsCel = defineExpression('host-ports', (context) => {
  const ports = listAt('c', 'ports');
  // A bare Pod on the host network gets hostPort = containerPort from the API server's defaulting
  // (which runs before admission): the same port, read from the manifest as written.
  const defaulted = `object.kind == 'Pod' && has(object.spec) && has(object.spec.hostNetwork) && object.spec.hostNetwork == true && !has(p.hostPort) && has(p.containerPort)`;
  const port = `(has(p.hostPort) ? p.hostPort : p.containerPort)`;
  const bad = `(has(p.hostPort) && p.hostPort != 0 || ${defaulted}) && !${context.exempt('host-ports', `string(${port})`)}`;
  return {
    expression: `!${CONTAINERS}.exists(c, ${ports}.exists(p, ${bad}))`,
    messageExpression: sentences(
      CONTAINERS,
      'c',
      `${ports}.exists(p, ${bad})`,
      `${CONTAINER} + 'must not use hostPort ' + ${ports}.filter(p, ${bad}).map(p, string(${port})).join(', ')`,
    ),
  };
});

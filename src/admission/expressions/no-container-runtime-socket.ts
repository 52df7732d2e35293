import { defineExpression } from '../context';
import { BACKSTEP, SOCKET_EXPOSURE } from './host-path-exposure';

/**
 * no-container-runtime-socket: no hostPath volume mounts a runtime socket or a directory holding
 * one, unless the exemption names the (normalised) path. A path with `..` is refused outright.
 */
export const noContainerRuntimeSocketCel = defineExpression('no-container-runtime-socket', (context) => {
  const bad = `${BACKSTEP} || (${SOCKET_EXPOSURE} && !${context.exempt('no-container-runtime-socket', 'h.path')})`;
  return {
    expression: `!variables.hostPathVolumes.exists(h, ${bad})`,
    messageExpression:
      `variables.hostPathVolumes.filter(h, ${bad}).map(h, 'hostPath volume "' + h.name + '" must not mount ' + ` +
      `(${BACKSTEP} ? h.raw + ' (a path with ".." cannot be checked in the cluster: write it normalised)' : ` +
      `h.path + ', a container runtime socket or a directory holding one')).join('; ')`,
  };
});

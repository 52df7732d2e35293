import { defineExpression } from '../context';
import { BACKSTEP, SENSITIVE_EXPOSURE, SOCKET_EXPOSURE } from './host-path-exposure';

/**
 * no-sensitive-host-paths: no hostPath volume is, lies under or contains a sensitive host path
 * (a runtime socket is the socket rule's), unless the exemption names the normalised path.
 */
export const noSensitiveHostPathsCel = defineExpression('no-sensitive-host-paths', (context) => {
  const bad = `${BACKSTEP} || (!${SOCKET_EXPOSURE} && ${SENSITIVE_EXPOSURE} && !${context.exempt('no-sensitive-host-paths', 'h.path')})`;
  return {
    expression: `!variables.hostPathVolumes.exists(h, ${bad})`,
    messageExpression:
      `variables.hostPathVolumes.filter(h, ${bad}).map(h, 'hostPath volume "' + h.name + '" must not mount ' + ` +
      `(${BACKSTEP} ? h.raw + ' (a path with ".." cannot be checked in the cluster: write it normalised)' : ` +
      `h.path + ', which is, lies under or contains a sensitive host path')).join('; ')`,
  };
});

import { listAt } from '../cel';
import { defineExpression } from '../context';
import { POD } from './shared';

/** The path a hostPath volume names, as the finding's subject ('' when it names none). */
export const HOST_PATH_AS_WRITTEN = `(has(v.hostPath.path) ? v.hostPath.path : '')`;

/** host-path-volumes: no hostPath volume, unless the exemption names its path. */
export const hostPathVolumesCel = defineExpression('host-path-volumes', (context) => {
  const bad = `has(v.hostPath) && !${context.exempt('host-path-volumes', HOST_PATH_AS_WRITTEN)}`;
  const volumes = listAt(POD, 'volumes');
  return {
    expression: `!${volumes}.exists(v, ${bad})`,
    messageExpression: `${volumes}.filter(v, ${bad}).map(v, 'volume "' + v.name + '" must not use hostPath "' + ${HOST_PATH_AS_WRITTEN} + '"').join('; ')`,
  };
});

import { listAt, strList } from '../cel';
import { defineExpression } from '../context';
import { HOST_PATH_AS_WRITTEN } from './host-path-volumes';
import { RESTRICTED_VOLUME_SOURCES } from '../../rules/pss/restricted-volumes';
import { POD } from './shared';

// The same list the audit's rule checks: the policy and the audit cannot drift apart.
const ALLOWED = strList(RESTRICTED_VOLUME_SOURCES);

/**
 * restricted-volumes: only the core volume types. The volume's keys are its sources (a volume
 * naming none is defaulted to emptyDir before admission). Only a hostPath can be exempted.
 */
export const restrictedVolumesCel = defineExpression('restricted-volumes', (context) => {
  const restricted = `(v.exists(k, k != 'name') && !v.exists(k, k in ${ALLOWED}))`;
  const bad = `${restricted} && !(has(v.hostPath) && ${context.exempt('restricted-volumes', HOST_PATH_AS_WRITTEN)})`;
  const volumes = listAt(POD, 'volumes');
  return {
    expression: `!${volumes}.exists(v, ${bad})`,
    messageExpression:
      `${volumes}.filter(v, ${bad}).map(v, 'volume "' + v.name + '" must not use ' + ` +
      `(has(v.hostPath) ? 'hostPath "' + ${HOST_PATH_AS_WRITTEN} + '"' : 'restricted volume type ' + ` +
      `v.filter(k, k != 'name').map(k, '"' + k + '"').join(', '))).join('; ')`,
  };
});

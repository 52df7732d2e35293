import { PSS_BASELINE_CAPABILITIES } from '../../posture';
import { CONTAINER, listAt, sentences, strList } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS, normalisedCapability } from './shared';

/** capabilities-baseline: added capabilities stay in the runtime default set, or are exempted one by one. */
export const capabilitiesBaselineCel = defineExpression('capabilities-baseline', (context) => {
  const added = listAt('c', 'securityContext.capabilities.add');
  const bad = `!(cap in ${strList(PSS_BASELINE_CAPABILITIES)}) && !${context.exempt('capabilities-baseline', normalisedCapability('cap'))}`;
  return {
    expression: `!${CONTAINERS}.exists(c, ${added}.exists(cap, ${bad}))`,
    messageExpression: sentences(
      CONTAINERS,
      'c',
      `${added}.exists(cap, ${bad})`,
      `${CONTAINER} + 'must not include ' + ${added}.filter(cap, ${bad}).map(cap, '"' + cap + '"').join(', ') + ' in securityContext.capabilities.add'`,
    ),
  };
});

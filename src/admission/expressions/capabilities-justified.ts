import { CONTAINER, listAt, sentences } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS, normalisedCapability } from './shared';

/** capabilities-justified: every added capability is exempted, one by one. */
export const capabilitiesJustifiedCel = defineExpression('capabilities-justified', (context) => {
  const added = listAt('c', 'securityContext.capabilities.add');
  const bad = `!${context.exempt('capabilities-justified', normalisedCapability('cap'))}`;
  return {
    expression: `!${CONTAINERS}.exists(c, ${added}.exists(cap, ${bad}))`,
    messageExpression: sentences(
      CONTAINERS,
      'c',
      `${added}.exists(cap, ${bad})`,
      `${CONTAINER} + 'must not add capability ' + ${added}.filter(cap, ${bad}).map(cap, '"' + ${normalisedCapability('cap')} + '"').join(', ') + ' without a justification'`,
    ),
  };
});

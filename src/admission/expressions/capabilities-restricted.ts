import { CONTAINER, joinParts, listAt, sentences } from '../cel';
import { defineExpression } from '../context';
import { CONTAINERS, normalisedCapability, unless, windowsExempt } from './shared';

/**
 * capabilities-restricted: every container drops ALL (never exemptible) and adds back only
 * NET_BIND_SERVICE, or a capability its exemption names.
 */
export const capabilitiesRestrictedCel = defineExpression('capabilities-restricted', (context) => {
  const added = listAt('c', 'securityContext.capabilities.add');
  const noDropAll = `!('ALL' in ${listAt('c', 'securityContext.capabilities.drop')})`;
  const badAdd = `cap != 'NET_BIND_SERVICE' && !${context.exempt('capabilities-restricted', normalisedCapability('cap'))}`;
  const bad = `${noDropAll} || ${added}.exists(cap, ${badAdd})`;
  return {
    expression: unless(windowsExempt(context.version.minor), `!${CONTAINERS}.exists(c, ${bad})`),
    messageExpression: joinParts([
      sentences(
        CONTAINERS,
        'c',
        noDropAll,
        `${CONTAINER} + 'must set securityContext.capabilities.drop=["ALL"]'`,
      ),
      sentences(
        CONTAINERS,
        'c',
        `${added}.exists(cap, ${badAdd})`,
        `${CONTAINER} + 'must not include ' + ${added}.filter(cap, ${badAdd}).map(cap, '"' + cap + '"').join(', ') + ' in securityContext.capabilities.add'`,
      ),
    ]),
  };
});

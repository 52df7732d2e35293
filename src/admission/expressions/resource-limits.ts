import { CONTAINER, listAt, sentences } from '../cel';
import { defineExpression } from '../context';
import { POD } from './shared';

// Ephemeral containers cannot have resources: Kubernetes rejects them.
const LIMITED = `(${listAt(POD, 'initContainers')} + ${listAt(POD, 'containers')})`;

function limitSet(key: string): string {
  const value = `c.resources.limits.${key}`;
  return `(has(c.resources) && has(c.resources.limits) && has(${value}) && (type(${value}) == string ? ${value}.trim() != '' : ${value} > 0))`;
}

/** resource-limits (warning): every container sets cpu and memory limits. */
export const resourceLimitsCel = defineExpression('resource-limits', () => {
  const bad = `!(${limitSet('cpu')} && ${limitSet('memory')})`;
  return {
    expression: `!${LIMITED}.exists(c, ${bad})`,
    messageExpression: sentences(
      LIMITED,
      'c',
      bad,
      `${CONTAINER} + 'must set ' + ((!${limitSet('cpu')} ? ['resources.limits.cpu'] : []) + (!${limitSet('memory')} ? ['resources.limits.memory'] : [])).join(' and ')`,
    ),
  };
});

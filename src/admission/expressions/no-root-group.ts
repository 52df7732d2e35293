import { joinParts, present, shown } from '../cel';
import { defineExpression } from '../context';
import { POD, unless } from './shared';

const RULE = 'no-root-group';
const FS_GROUP = `${POD}.securityContext.fsGroup`;
const SUPPLEMENTAL = `${POD}.securityContext.supplementalGroups`;

/** Not a non-zero group id: 0, negative, or not an integer at all (fail closed, as the audit). */
function notGroupId(value: string): string {
  return `(type(${value}) != int || ${value} <= 0)`;
}

/** The audit's wording of a bad group id: `0 (the root group)` or `<value> (not a group id)`. */
function groupProblem(value: string): string {
  return `(type(${value}) == int && ${value} == 0 ? '0 (the root group)' : ${shown(value)} + ' (not a group id)')`;
}

const FS_GROUP_BAD = `(${present(POD, 'securityContext.fsGroup')} && ${notGroupId(FS_GROUP)})`;
const SUPPLEMENTAL_SET = present(POD, 'securityContext.supplementalGroups');
/** Unreadable is not empty: no exemption can say which group a non-list grants. */
const SUPPLEMENTAL_UNREADABLE = `(${SUPPLEMENTAL_SET} && type(${SUPPLEMENTAL}) != list)`;
const SUPPLEMENTAL_BAD = `(${SUPPLEMENTAL_SET} && type(${SUPPLEMENTAL}) == list && ${SUPPLEMENTAL}.exists(g, ${notGroupId('g')}))`;

/**
 * no-root-group: the pod holds no root group through fsGroup or supplementalGroups (Windows pods
 * cannot set them). Compose's `group_add` has no pod field: the audit judges it, the cluster never
 * sees it. A `rootGroup` exemption admits fsGroup 0 and group 0 in the list, never an unreadable list.
 */
export const noRootGroupCel = defineExpression(RULE, (context) => {
  const exempt = context.exempt(RULE);
  const justifiable = `!${FS_GROUP_BAD} && !${SUPPLEMENTAL_BAD}`;
  const unlessExempt = (message: string) => (exempt === 'false' ? message : `(${exempt} ? '' : ${message})`);
  return {
    expression: unless(
      'variables.isWindows',
      `!${SUPPLEMENTAL_UNREADABLE} && (${exempt === 'false' ? justifiable : `(${justifiable}) || ${exempt}`})`,
    ),
    messageExpression: joinParts([
      unlessExempt(
        `(${FS_GROUP_BAD} ? 'pod must not set securityContext.fsGroup=' + ${groupProblem(FS_GROUP)} : '')`,
      ),
      `(${SUPPLEMENTAL_UNREADABLE} ? 'pod must list securityContext.supplementalGroups as an array of non-zero group ids' : '')`,
      unlessExempt(
        `(${SUPPLEMENTAL_BAD} ? ${SUPPLEMENTAL}.filter(g, ${notGroupId('g')}).map(g, 'pod must not list ' + ${groupProblem('g')} + ' in securityContext.supplementalGroups').join('; ') : '')`,
      ),
    ]),
  };
});

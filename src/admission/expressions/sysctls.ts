import { safeSysctls } from '../../rules/pss';
import { listAt, strList } from '../cel';
import { defineExpression } from '../context';
import { POD } from './shared';

/** sysctls: only the safe, namespaced sysctls of the version. */
export const sysctlsCel = defineExpression('sysctls', (context) => {
  const sysctls = listAt(POD, 'securityContext.sysctls');
  const bad = `!(has(s.name) && s.name in ${strList([...safeSysctls(context.version)])})`;
  return {
    expression: `!${sysctls}.exists(s, ${bad})`,
    messageExpression: `'pod must not set forbidden sysctl ' + ${sysctls}.filter(s, ${bad}).map(s, '"' + (has(s.name) ? s.name : '') + '"').join(', ')`,
  };
});

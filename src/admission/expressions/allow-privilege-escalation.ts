import { defineExpression } from '../context';
import { noContainer, sc, unless, windowsExempt } from './shared';

/** allow-privilege-escalation: every container sets allowPrivilegeEscalation to false explicitly. */
export const allowPrivilegeEscalationCel = defineExpression('allow-privilege-escalation', (context) => {
  const field = sc('c', 'allowPrivilegeEscalation');
  const plain = noContainer(
    `!(${field.present} && ${field.value} == false)`,
    `'must set securityContext.allowPrivilegeEscalation=false'`,
    context.exempt('allow-privilege-escalation'),
  );
  return { ...plain, expression: unless(windowsExempt(context.version.minor), plain.expression) };
});

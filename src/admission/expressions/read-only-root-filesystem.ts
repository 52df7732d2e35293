import { defineExpression } from '../context';
import { noContainer, sc } from './shared';

/** read-only-root-filesystem: every container sets readOnlyRootFilesystem to true. */
export const readOnlyRootFilesystemCel = defineExpression('read-only-root-filesystem', (context) => {
  const field = sc('c', 'readOnlyRootFilesystem');
  return noContainer(
    `!(${field.present} && ${field.value} == true)`,
    `'must set securityContext.readOnlyRootFilesystem=true'`,
    context.exempt('read-only-root-filesystem'),
  );
});

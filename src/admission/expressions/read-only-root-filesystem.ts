import { defineExpression } from '../context';
import { noContainer, sc, unless } from './shared';

/**
 * read-only-root-filesystem: every container sets readOnlyRootFilesystem to true. Windows pods are
 * not asked: Kubernetes refuses the field there.
 */
export const readOnlyRootFilesystemCel = defineExpression('read-only-root-filesystem', (context) => {
  const field = sc('c', 'readOnlyRootFilesystem');
  const plain = noContainer(
    `!(${field.present} && ${field.value} == true)`,
    `'must set securityContext.readOnlyRootFilesystem=true'`,
    context.exempt('read-only-root-filesystem'),
  );
  return { ...plain, expression: unless('variables.isWindows', plain.expression) };
});

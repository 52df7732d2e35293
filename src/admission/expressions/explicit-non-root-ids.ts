import { defineExpression } from '../context';
import { noContainer, POD, sc, unless } from './shared';

/** The id the container runs with (its own, else the pod's) is set and above 0. */
function nonRootId(key: string): string {
  const own = sc('c', key);
  const pod = sc(POD, key);
  return `(${own.present} ? ${own.value} > 0 : (${pod.present} && ${pod.value} > 0))`;
}

/** explicit-non-root-ids: every container runs with non-zero runAsUser and runAsGroup (Windows pods skip). */
export const explicitNonRootIdsCel = defineExpression('explicit-non-root-ids', (context) => {
  const plain = noContainer(
    `!(${nonRootId('runAsUser')} && ${nonRootId('runAsGroup')})`,
    `'must set securityContext.runAsUser and securityContext.runAsGroup to non-zero numeric ids'`,
    context.exempt('explicit-non-root-ids'),
  );
  return { ...plain, expression: unless('variables.isWindows', plain.expression) };
});

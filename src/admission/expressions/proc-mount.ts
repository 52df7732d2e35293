import { defineExpression } from '../context';
import { noContainer, sc, unless, userNamespaceRelaxed } from './shared';

/** A container whose procMount is anything but Default. */
export const UNMASKED_PROC_MOUNT = `(${sc('c', 'procMount').present} && c.securityContext.procMount != 'Default')`;
export const COMPLAINT = `'must not set securityContext.procMount to "' + c.securityContext.procMount + '"'`;

/** proc-mount (baseline): procMount stays Default, except in a user-namespace pod from v1.35. */
export const procMountCel = defineExpression('proc-mount', (context) => {
  const plain = noContainer(UNMASKED_PROC_MOUNT, COMPLAINT);
  return { ...plain, expression: unless(userNamespaceRelaxed(context.version.minor), plain.expression) };
});

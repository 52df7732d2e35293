import { defineExpression } from '../context';
import { noContainer, sc, unless, userNamespaceRelaxed } from './shared';

/** A container whose procMount is anything but Default. */
export const UNMASKED_PROC_MOUNT = `(${sc('c', 'procMount').present} && c.securityContext.procMount != 'Default')`;
const COMPLAINT = `'must not set securityContext.procMount to "' + c.securityContext.procMount + '"'`;

/** proc-mount (baseline): procMount stays Default, except in a user-namespace pod from v1.35. */
export const procMountCel = defineExpression('proc-mount', (context) => {
  const plain = noContainer(UNMASKED_PROC_MOUNT, COMPLAINT);
  return { ...plain, expression: unless(userNamespaceRelaxed(context.version.minor), plain.expression) };
});

/** proc-mount-restricted: procMount stays Default, user namespace or not. */
export const procMountRestrictedCel = defineExpression('proc-mount-restricted', () =>
  noContainer(UNMASKED_PROC_MOUNT, COMPLAINT),
);

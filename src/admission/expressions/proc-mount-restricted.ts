import { defineExpression } from '../context';
import { COMPLAINT, UNMASKED_PROC_MOUNT } from './proc-mount';
import { noContainer } from './shared';

/** proc-mount-restricted: procMount stays Default, user namespace or not. */
export const procMountRestrictedCel = defineExpression('proc-mount-restricted', () =>
  noContainer(UNMASKED_PROC_MOUNT, COMPLAINT),
);

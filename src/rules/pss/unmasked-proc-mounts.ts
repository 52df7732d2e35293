import type { PodView } from '../pod-view';
import { containersPhrase } from '../pod-view';
import type { Violation } from '../rule';
import { isSet, quote } from './field-values';

/** Containers whose procMount is anything but Default: shared by proc-mount and proc-mount-restricted. */
export function unmaskedProcMounts(pod: PodView): Violation[] {
  return pod.containers
    .filter((c) => isSet(c.securityContext.procMount) && c.securityContext.procMount !== 'Default')
    .map((c) => ({
      message: `${containersPhrase([c.name])} must not set securityContext.procMount to ${quote(c.securityContext.procMount)}`,
      path: `${c.path}.securityContext.procMount`,
      container: c.name,
    }));
}

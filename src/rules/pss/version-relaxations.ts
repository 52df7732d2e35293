import type { PodView } from '../pod-view';
import { at, isWindowsPod } from '../pod-view';
import type { PssVersion } from '../pss-version';
import { atLeast } from '../pss-version';

/**
 * From v1.25 the Linux-only restricted checks (allowPrivilegeEscalation, capabilities, seccomp)
 * exempt a pod that declares `spec.os.name: windows`: the fields have no meaning there.
 */
export function isExemptWindowsPod(pod: PodView, version: PssVersion): boolean {
  return atLeast(version, 25) && isWindowsPod(pod);
}

/**
 * From v1.35 a pod in its own user namespace (`hostUsers: false`) may run as UID 0 and unmask
 * /proc: root inside the namespace maps to an unprivileged host UID. Only an explicit `false` counts.
 */
export function isRelaxedUserNamespacePod(pod: PodView, version: PssVersion): boolean {
  return atLeast(version, 35) && at(pod.spec, 'hostUsers') === false;
}

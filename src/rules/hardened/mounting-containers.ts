import type { PodView } from '../pod-view';
import { asArray, asObject } from '../pod-view';
import type { Violation } from '../rule';
import type { HostPathVolume } from './host-paths';

/**
 * The one container that mounts a volume, when exactly one does: a volume belongs to the pod, but a
 * finding about it reads better, and matches a container-scoped justification, when it names its user.
 */
export function soleMountingContainer(pod: PodView, volumeName: string): string | undefined {
  const users = pod.containers.filter((c) =>
    asArray(c.spec.volumeMounts).some((mount) => asObject(mount).name === volumeName),
  );
  return users.length === 1 ? users[0]?.name : undefined;
}

/**
 * The finding for a hostPath volume that must not be mounted: `what` says what it exposes. The
 * normalised host path is the subject a justification must name.
 */
export function hostPathVolumeViolation(pod: PodView, volume: HostPathVolume, what: string): Violation {
  const container = soleMountingContainer(pod, volume.name);
  return {
    message: `hostPath volume ${JSON.stringify(volume.name)} must not mount ${what}`,
    path: volume.documentPath,
    subject: volume.normalised,
    ...(container !== undefined && { container }),
  };
}

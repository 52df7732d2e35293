import type { PodView } from '../pod-view';
import { asArray, asObject } from '../pod-view';

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

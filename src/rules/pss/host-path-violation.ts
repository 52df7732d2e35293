import type { JsonObject, PodView } from '../pod-view';
import { at } from '../pod-view';
import type { Violation } from '../rule';
import { perMountingContainer } from '../hardened/mounting-containers';
import { asText } from './field-values';

/** The name of a volume, or its index when it has none, quoted for a message. */
export function volumeName(volume: JsonObject, index: number): string {
  return JSON.stringify(typeof volume.name === 'string' ? volume.name : `volumes[${index}]`);
}

/**
 * The findings for a hostPath volume, shared by host-path-volumes and restricted-volumes: the host
 * path is the subject, so a justification covers exactly the path it names.
 */
export function hostPathViolation(pod: PodView, volume: JsonObject, index: number): Violation[] {
  const hostPath = at(volume, 'hostPath', 'path');
  // A missing path gets an empty subject: a record names an absolute path, so nothing matches it.
  const subject = hostPath === undefined || hostPath === null ? '' : asText(hostPath);
  // Once per container and mode that mounts it: a justification covers the mount it was reviewed for.
  return perMountingContainer(pod, typeof volume.name === 'string' ? volume.name : `volumes[${index}]`, {
    message: `volume ${volumeName(volume, index)} must not use hostPath ${JSON.stringify(subject)}`,
    path: `${pod.path}.volumes[${index}].hostPath`,
    subject,
  });
}

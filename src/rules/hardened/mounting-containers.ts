import type { MountMode } from '../../posture';
import { mountMode } from '../../posture';
import type { ContainerView, PodView } from '../pod-view';
import { asArray, asObject } from '../pod-view';
import type { Violation } from '../rule';
import type { HostPathVolume } from './host-paths';

/** One container's mount of a volume, and the mode it mounts it with. */
export interface VolumeUse {
  /** The container that mounts it. */
  readonly container: ContainerView;
  /** The position of the mount in the container's `volumeMounts`. */
  readonly mountIndex: number;
  /** Read-only when the mount says `readOnly: true`, else read-write. */
  readonly mode: MountMode;
}

/** Every mount of a volume, one per container and mode (a container mounting it twice the same way counts once). */
export function volumeUses(pod: PodView, volumeName: string): VolumeUse[] {
  const uses: VolumeUse[] = [];
  for (const container of pod.containers) {
    asArray(container.spec.volumeMounts).forEach((raw, mountIndex) => {
      const mount = asObject(raw);
      if (mount.name !== volumeName) return;
      const mode = mountMode(mount.readOnly);
      if (!uses.some((u) => u.container === container && u.mode === mode))
        uses.push({ container, mountIndex, mode });
    });
  }
  return uses;
}

/**
 * A volume's finding, once per container and mode that mounts it: a justification names the
 * container and the mode it was reviewed for, so each use is judged on its own (a socket approved
 * for sidecar `agent` stays a violation in `web`). A volume nobody mounts keeps one pod-level finding.
 */
export function perMountingContainer(pod: PodView, volumeName: string, finding: Violation): Violation[] {
  const uses = volumeUses(pod, volumeName);
  if (uses.length === 0) return [finding];
  // With one use the finding reads as before; with several each names its container and mode.
  if (uses.length === 1) {
    const use = uses[0] as VolumeUse;
    return [{ ...finding, container: use.container.name, mode: use.mode }];
  }
  return uses.map((use) => ({
    ...finding,
    message: `${finding.message} (container ${JSON.stringify(use.container.name)} mounts it ${use.mode})`,
    path: `${use.container.path}.volumeMounts[${use.mountIndex}]`,
    container: use.container.name,
    mode: use.mode,
  }));
}

/**
 * The findings for a hostPath volume that must not be mounted: `what` says what it exposes. The
 * normalised host path is the subject a justification must name, with the container and mode.
 */
export function hostPathVolumeViolations(pod: PodView, volume: HostPathVolume, what: string): Violation[] {
  return perMountingContainer(pod, volume.name, {
    message: `hostPath volume ${JSON.stringify(volume.name)} must not mount ${what}`,
    path: volume.documentPath,
    subject: volume.normalised,
  });
}

import type { Workload } from '../audit';
import type { ContainerView, Dialect, JsonObject, PodView } from '../rules/pod-view';
import { asArray, asObject } from '../rules/pod-view';
import type { Concern, ContainerRef } from './answer-types';
import { perContainer } from './describe';
import { runtimeSocketExposedBy } from './runtime-socket';

// Kubernetes mounts these read-only whatever the volumeMount says.
const ALWAYS_READ_ONLY = ['configMap', 'secret', 'downwardAPI', 'projected'] as const;

/** What backs a mounted directory. */
export interface VolumeSourceFacts {
  /**
   * The volume type (`emptyDir`, `persistentVolumeClaim`, `hostPath`, `configMap`...),
   * `volumeClaimTemplate` for a StatefulSet's per-replica claim, or `missing` when no volume has the name.
   */
  readonly type: string;
  /** An emptyDir's medium: `Memory` is tmpfs. @default - absent: node disk, or not an emptyDir */
  readonly medium?: string;
  /** An emptyDir's size limit, as written (`64Mi`). @default - absent: no limit, or not an emptyDir */
  readonly sizeLimit?: string;
  /** A persistentVolumeClaim's claim. @default - absent: not a claim */
  readonly claimName?: string;
  /** A hostPath volume's path on the host, as written. @default - absent: not a hostPath */
  readonly hostPath?: string;
}

/** One volume mount of a container. */
export interface MountFacts {
  /** Where the volume appears in the container. */
  readonly mountPath: string;
  /** The name of the mounted volume. */
  readonly volume: string;
  /** What backs the volume. */
  readonly source: VolumeSourceFacts;
  /** Whether the container can write through the mount (not `readOnly`). */
  readonly writable: boolean;
}

/** What one container can write. */
export interface ContainerWritablePaths extends ContainerRef {
  /** Whether the image's filesystem is read-only (`readOnlyRootFilesystem: true`). */
  readonly readOnlyRootFilesystem: boolean;
  /** Every volume mount of the container, writable or not. */
  readonly mounts: readonly MountFacts[];
}

/** A hostPath volume declared by the pod. */
export interface HostPathVolumeFacts {
  /** The volume's name. */
  readonly volume: string;
  /** The path on the host, as written. */
  readonly path: string;
}

/** Facts for "Which directories are writable?". */
export interface WritablePathsFacts {
  /** The root filesystem and mounts of each container. */
  readonly containers: readonly ContainerWritablePaths[];
  /** hostPath volumes of the pod (other than runtime sockets, which have their own question). */
  readonly hostPaths: readonly HostPathVolumeFacts[];
}

/** The root filesystem and every mount of each container, with what backs it. */
export function writablePathsFacts(workload: Workload): WritablePathsFacts {
  const pod = workload.pod;
  const volumes = new Map<string, JsonObject>();
  for (const raw of asArray(pod.spec.volumes)) {
    const volume = asObject(raw);
    if (typeof volume.name === 'string') volumes.set(volume.name, volume);
  }
  const hostPaths: { volume: string; path: string }[] = [];
  for (const [name, volume] of volumes) {
    const path = asObject(volume.hostPath).path;
    if (typeof path === 'string' && runtimeSocketExposedBy(path) === undefined)
      hostPaths.push({ volume: name, path });
  }
  return {
    containers: pod.containers.map((c) => ({
      container: c.name,
      group: c.group,
      readOnlyRootFilesystem: c.securityContext.readOnlyRootFilesystem === true,
      mounts: mountsOf(c, volumes, workload.kind),
    })),
    hostPaths,
  };
}

function mountsOf(c: ContainerView, volumes: ReadonlyMap<string, JsonObject>, kind: string): MountFacts[] {
  const mounts: MountFacts[] = [];
  for (const raw of asArray(c.spec.volumeMounts)) {
    const mount = asObject(raw);
    if (typeof mount.name !== 'string' || typeof mount.mountPath !== 'string') continue;
    const volume = volumes.get(mount.name);
    const source =
      volume !== undefined
        ? sourceOf(volume)
        : // A StatefulSet's volumeClaimTemplates are mounted by name without a pod volume.
          { type: kind === 'StatefulSet' ? 'volumeClaimTemplate' : 'missing' };
    const readOnly = mount.readOnly === true || (ALWAYS_READ_ONLY as readonly string[]).includes(source.type);
    mounts.push({ mountPath: mount.mountPath, volume: mount.name, source, writable: !readOnly });
  }
  return mounts;
}

function sourceOf(volume: JsonObject): VolumeSourceFacts {
  const type = Object.keys(volume).find((key) => key !== 'name') ?? 'missing';
  const body = asObject(volume[type]);
  const text = (key: string) => (typeof body[key] === 'string' ? { [key]: body[key] } : {});
  switch (type) {
    case 'emptyDir':
      return { type, ...text('medium'), ...text('sizeLimit') };
    case 'persistentVolumeClaim':
      return { type, ...text('claimName') };
    case 'hostPath':
      return { type, ...(typeof body.path === 'string' && { hostPath: body.path }) };
    default:
      return { type };
  }
}

function describeSource(source: VolumeSourceFacts, volume: string, dialect: Dialect): string {
  if (dialect === 'compose') {
    // The Compose translation maps tmpfs to a Memory emptyDir, an anonymous volume to an emptyDir, a named volume to a claim.
    if (source.type === 'emptyDir' && source.medium !== 'Memory') return 'anonymous volume';
    if (source.type === 'persistentVolumeClaim')
      return `named volume ${JSON.stringify(source.claimName ?? volume)}`;
  }
  switch (source.type) {
    case 'emptyDir': {
      const limit = source.sizeLimit === undefined ? 'no size limit' : `up to ${source.sizeLimit}`;
      return source.medium === 'Memory' ? `tmpfs in memory, ${limit}` : `emptyDir on node disk, ${limit}`;
    }
    case 'persistentVolumeClaim':
      return `persistent volume claim ${JSON.stringify(source.claimName ?? volume)}`;
    case 'volumeClaimTemplate':
      return `persistent volume from the claim template ${JSON.stringify(volume)}`;
    case 'ephemeral':
      return 'ephemeral volume claim';
    case 'hostPath':
      return `host path ${source.hostPath ?? '(no path)'}`;
    case 'missing':
      return `volume ${JSON.stringify(volume)} is not declared in the pod`;
    default:
      return `${source.type} volume`;
  }
}

/** The answer text for the writable paths question. */
export function describeWritablePaths(pod: PodView, facts: WritablePathsFacts): string {
  const byName = new Map(facts.containers.map((w) => [w.container, w]));
  return perContainer(pod.containers, (c) => {
    const w = byName.get(c.name);
    if (w === undefined) return 'unknown';
    const writable = w.mounts
      .filter((m) => m.writable)
      .map((m) => `${m.mountPath} (${describeSource(m.source, m.volume, pod.dialect)})`);
    // Read-only host directories are not writable, but they are still the host's files in the container.
    const hostReadOnly = w.mounts
      .filter((m) => !m.writable && m.source.type === 'hostPath')
      .map((m) => `${m.mountPath} (${describeSource(m.source, m.volume, pod.dialect)})`);
    const readOnlyHost = hostReadOnly.length > 0 ? `; read-only host mounts: ${hostReadOnly.join(', ')}` : '';
    if (!w.readOnlyRootFilesystem) {
      const plus = writable.length > 0 ? `, including ${writable.join(', ')}` : '';
      return `everything: the root filesystem is writable (readOnlyRootFilesystem is not true)${plus}${readOnlyHost}`;
    }
    return writable.length === 0
      ? `nothing: the root filesystem is read-only and no writable volume is mounted${readOnlyHost}`
      : `only ${writable.join(', ')}; the root filesystem is read-only${readOnlyHost}`;
  });
}

/** A writable root filesystem or any host directory deviates from the posture. */
export function writablePathsConcerns(facts: WritablePathsFacts): Concern[] {
  const concerns: Concern[] = facts.containers
    .filter((w) => !w.readOnlyRootFilesystem)
    .map((w) => ({
      container: w.container,
      message: `${JSON.stringify(w.container)}: writable root filesystem`,
    }));
  for (const hostPath of facts.hostPaths)
    concerns.push({
      container: null,
      message: `hostPath volume ${JSON.stringify(hostPath.volume)} (${hostPath.path})`,
    });
  return concerns;
}

import type { PodView } from '../rules/pod-view';
import { asArray, asObject, at } from '../rules/pod-view';
import { normaliseHostPath, socketExposure } from '../rules/hardened';
import type { Concern } from './answer-types';

/**
 * The runtime socket a host path exposes: the socket itself, or a directory that contains one
 * (`/var/run` holds `docker.sock`, `/` holds everything). Undefined when it exposes none. The
 * same test as the no-container-runtime-socket rule, so the answer and the audit agree.
 */
export function runtimeSocketExposedBy(hostPath: string): string | undefined {
  const normalised = normaliseHostPath(hostPath);
  const exposure = socketExposure(normalised, hostPath);
  if (exposure === undefined) return undefined;
  return exposure.kind === 'socket' ? normalised : exposure.socket;
}

/** One mount of a host path that exposes a container runtime socket. */
export interface RuntimeSocketMount {
  /** The container that mounts it, or null when the volume is declared but mounted by no container. */
  readonly container: string | null;
  /** The hostPath volume's name. */
  readonly volume: string;
  /** The path on the host, as written. */
  readonly hostPath: string;
  /** The socket reached through it. */
  readonly socket: string;
  /** Where it appears in the container, or null when no container mounts it. */
  readonly mountPath: string | null;
  /**
   * Whether the mount is read-only.
   * @remarks Read-only does not help: a socket still accepts API calls, so it is reported either way.
   */
  readonly readOnly: boolean;
}

/** Facts for "Does it mount the Docker socket?". */
export interface RuntimeSocketFacts {
  /** Every runtime socket the pod declares or mounts. */
  readonly mounts: readonly RuntimeSocketMount[];
}

/** Every hostPath volume that reaches a container runtime socket, and who mounts it. */
export function runtimeSocketFacts(pod: PodView): RuntimeSocketFacts {
  const mounts: RuntimeSocketMount[] = [];
  for (const raw of asArray(pod.spec.volumes)) {
    const volume = asObject(raw);
    const hostPath = at(volume, 'hostPath', 'path');
    if (typeof volume.name !== 'string' || typeof hostPath !== 'string') continue;
    const socket = runtimeSocketExposedBy(hostPath);
    if (socket === undefined) continue;
    let mounted = false;
    for (const c of pod.containers) {
      for (const m of asArray(c.spec.volumeMounts)) {
        const mount = asObject(m);
        if (mount.name !== volume.name) continue;
        mounted = true;
        mounts.push({
          container: c.name,
          volume: volume.name,
          hostPath,
          socket,
          mountPath: typeof mount.mountPath === 'string' ? mount.mountPath : null,
          readOnly: mount.readOnly === true,
        });
      }
    }
    if (!mounted)
      mounts.push({
        container: null,
        volume: volume.name,
        hostPath,
        socket,
        mountPath: null,
        readOnly: false,
      });
  }
  return { mounts };
}

/** The answer text for the runtime socket question. */
export function describeRuntimeSocket(facts: RuntimeSocketFacts): string {
  if (facts.mounts.length === 0)
    return 'No: no container runtime socket (Docker, containerd, CRI-O, Podman) is mounted.';
  const lines = facts.mounts.map((m) => {
    const via = m.hostPath === m.socket ? m.hostPath : `${m.hostPath} (which contains ${m.socket})`;
    const who = m.container === null ? 'declared as a volume' : `mounted by ${JSON.stringify(m.container)}`;
    const where =
      m.mountPath === null
        ? ''
        : ` at ${m.mountPath}${m.readOnly ? ' (read-only, still a working socket)' : ''}`;
    return `${via}, ${who}${where}`;
  });
  return `Yes: ${lines.join('; ')}. Control of the runtime socket is host-level access.`;
}

/** Every runtime socket mount deviates from the posture. */
export function runtimeSocketConcerns(facts: RuntimeSocketFacts): Concern[] {
  return facts.mounts.map((m) => ({
    container: m.container,
    message: `volume ${JSON.stringify(m.volume)} exposes the runtime socket ${m.socket}`,
  }));
}

import { deepFreeze } from './deep-freeze';

/**
 * Where a workload runs. In `production` an Unconfined seccomp exemption is refused outright,
 * justified or not: the seed says to avoid `seccomp=unconfined` in production.
 */
export type PostureEnvironment = 'production' | 'non-production';

/** The documented values of {@link PostureEnvironment}. */
export const POSTURE_ENVIRONMENTS: readonly PostureEnvironment[] = Object.freeze([
  'production',
  'non-production',
]);

/**
 * What is wrong with an `environment` setting, or undefined when it is one of the documented
 * values. Only exact values count: `'prod'` or `'Production'` is an error, never a lesser environment.
 */
export function environmentProblem(value: unknown): string | undefined {
  return (POSTURE_ENVIRONMENTS as readonly unknown[]).includes(value)
    ? undefined
    : `environment ${JSON.stringify(value)} is not one of ${POSTURE_ENVIRONMENTS.map((e) => `"${e}"`).join(', ')}`;
}

/** Returns a checked `environment` setting (the default when unset); throws naming `where` otherwise. */
export function assertPostureEnvironment(value: unknown, where: string): PostureEnvironment {
  if (value === undefined) return DEFAULT_POSTURE.environment;
  const problem = environmentProblem(value);
  if (problem !== undefined) throw new RangeError(`${where}: ${problem}`);
  return value as PostureEnvironment;
}

/**
 * The numeric user and group a container's processes run as: what the Docker renderer and the
 * Pulumi Docker component accept for `user`.
 *
 * @remarks Numeric ids, not names: the kubelet can only enforce `runAsNonRoot` against a number,
 * and a name resolves to whatever the image's `/etc/passwd` says. Zero is refused at render time;
 * running as root needs a justified `runAsRoot` exemption.
 */
export interface UserIds {
  /**
   * The user id (Kubernetes `runAsUser`, Docker `--user uid:`), between 1 and 2147483647.
   * @default 10001 (DEFAULT_POSTURE.user.uid)
   */
  readonly uid?: number;
  /**
   * The primary group id (Kubernetes `runAsGroup`, Docker `--user :gid`), between 1 and 2147483647.
   * @default 10001 (DEFAULT_POSTURE.user.gid)
   */
  readonly gid?: number;
}

/**
 * The numeric user, group and volume group of a pod's processes: what the pod renderer, the cdk8s
 * constructs and the Pulumi Kubernetes components accept for `user`.
 *
 * @remarks The same rules as {@link UserIds}; `fsGroup` is non-root too, so files on mounted
 * volumes are never group-owned by root.
 */
export interface PodUserIds extends UserIds {
  /**
   * The group that owns mounted volumes (Kubernetes `fsGroup`), so a non-root process can write its
   * declared writable paths.
   * @default 10001 (DEFAULT_POSTURE.user.fsGroup)
   */
  readonly fsGroup?: number;
}

/** The runtime posture every hardened workload gets unless a justified exemption relaxes it. */
export interface Posture {
  /** Numeric, non-root user and group the processes run as; also the pod's fsGroup. */
  readonly user: Readonly<Required<PodUserIds>>;
  /** The kernel refuses a root process start when this is set (Kubernetes `runAsNonRoot`). */
  readonly runAsNonRoot: true;
  /** Capabilities dropped from every container; nothing is added back. */
  readonly dropCapabilities: readonly ['ALL'];
  /** `no_new_privs`: setuid binaries and file capabilities cannot raise privileges. */
  readonly allowPrivilegeEscalation: false;
  /** The image is immutable at run time; only declared volumes or tmpfs mounts are writable. */
  readonly readOnlyRootFilesystem: true;
  /** The container runtime's default seccomp profile (Docker's default profile). */
  readonly seccompProfile: 'RuntimeDefault';
  /**
   * Containers never run privileged: a privileged container has every capability and every host
   * device, so escaping to the host is a matter of mounting its disk.
   */
  readonly privileged: false;
  /** The Docker (or containerd, CRI-O) socket is never mounted. */
  readonly mountsContainerRuntimeSocket: false;
  /** Pods get their own network namespace: sharing the node's exposes its interfaces and localhost services. */
  readonly hostNetwork: false;
  /** Pods get their own process namespace: sharing the node's lets them see and signal host processes. */
  readonly hostPID: false;
  /** Pods get their own IPC namespace: sharing the node's exposes its shared memory and message queues. */
  readonly hostIPC: false;
  /** No host directory or file is mounted: a host path bypasses the read-only, declared-writable model. */
  readonly hostPathVolumes: false;
  /** No container port is bound on the node's address, which would bypass Services and network policy. */
  readonly hostPorts: false;
  /** Pods get no Kubernetes API token unless they ask for one. */
  readonly automountServiceAccountToken: false;
  /** The environment assumed when none is given: the strictest one, `production`. */
  readonly environment: PostureEnvironment;
}

/** The default posture, as data: constructs render it, rules check it, docs are generated from it. */
export const DEFAULT_POSTURE: Posture = deepFreeze({
  user: { uid: 10001, gid: 10001, fsGroup: 10001 },
  runAsNonRoot: true,
  dropCapabilities: ['ALL'],
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  seccompProfile: 'RuntimeDefault',
  privileged: false,
  mountsContainerRuntimeSocket: false,
  hostNetwork: false,
  hostPID: false,
  hostIPC: false,
  hostPathVolumes: false,
  hostPorts: false,
  automountServiceAccountToken: false,
  environment: 'production',
} as const);

/** Identifier of one of the seed's eight controls. */
export type SeedControlId =
  | 'non-root-user'
  | 'drop-capabilities'
  | 'no-privilege-escalation'
  | 'read-only-root-filesystem'
  | 'declared-writable-paths'
  | 'default-seccomp'
  | 'not-privileged'
  | 'no-docker-socket';

/** One control of the seed's "Default posture" section, as reports and the checklist name it. */
export interface SeedControl {
  /** Stable identifier that checklist answers and reports refer to, e.g. `drop-capabilities`. */
  readonly id: SeedControlId;
  /** The control as the seed words it, e.g. "Drop Linux capabilities". */
  readonly title: string;
}

/** The eight controls of the seed's "Default posture" section, in its order. */
export const SEED_CONTROLS: readonly SeedControl[] = deepFreeze([
  { id: 'non-root-user', title: 'Run as a non-root user' },
  { id: 'drop-capabilities', title: 'Drop Linux capabilities' },
  { id: 'no-privilege-escalation', title: 'Prevent privilege escalation' },
  { id: 'read-only-root-filesystem', title: 'Use a read-only root filesystem' },
  { id: 'declared-writable-paths', title: 'Write only to declared volumes or tmpfs mounts' },
  { id: 'default-seccomp', title: "Keep Docker's default seccomp profile enabled" },
  { id: 'not-privileged', title: 'Avoid privileged containers' },
  { id: 'no-docker-socket', title: 'Avoid mounting the Docker socket' },
]);

/** Rejects a user or group id that would run as root or is not a valid id. */
export function assertNonRootId(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1 || value > 2147483647) {
    throw new RangeError(
      `${field} must be a non-zero integer user or group id (got ${String(value)}); ` +
        `the default is ${DEFAULT_POSTURE.user.uid}. Running as root needs a "runAsRoot" exemption.`,
    );
  }
}

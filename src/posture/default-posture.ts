import { deepFreeze } from './deep-freeze';

/**
 * Where a workload runs. In `production` an Unconfined seccomp exemption is refused outright,
 * justified or not: the seed says to avoid `seccomp=unconfined` in production.
 */
export type PostureEnvironment = 'production' | 'non-production';

/** The runtime posture every hardened workload gets unless a justified exemption relaxes it. */
export interface Posture {
  /** Numeric, non-root user and group the processes run as; also the pod's fsGroup. */
  readonly user: { readonly uid: number; readonly gid: number; readonly fsGroup: number };
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
  readonly privileged: false;
  /** The Docker (or containerd, CRI-O) socket is never mounted. */
  readonly mountsContainerRuntimeSocket: false;
  readonly hostNetwork: false;
  readonly hostPID: false;
  readonly hostIPC: false;
  readonly hostPathVolumes: false;
  readonly hostPorts: false;
  /** Pods get no Kubernetes API token unless they ask for one. */
  readonly automountServiceAccountToken: false;
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

/** The eight controls of the seed's "Default posture" section, in its order. */
export const SEED_CONTROLS = deepFreeze([
  { id: 'non-root-user', title: 'Run as a non-root user' },
  { id: 'drop-capabilities', title: 'Drop Linux capabilities' },
  { id: 'no-privilege-escalation', title: 'Prevent privilege escalation' },
  { id: 'read-only-root-filesystem', title: 'Use a read-only root filesystem' },
  { id: 'declared-writable-paths', title: 'Write only to declared volumes or tmpfs mounts' },
  { id: 'default-seccomp', title: "Keep Docker's default seccomp profile enabled" },
  { id: 'not-privileged', title: 'Avoid privileged containers' },
  { id: 'no-docker-socket', title: 'Avoid mounting the Docker socket' },
] as const);

/** Identifier of one of the seed's eight controls. */
export type SeedControlId = (typeof SEED_CONTROLS)[number]['id'];

/** Rejects a user or group id that would run as root or is not a valid id. */
export function assertNonRootId(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1 || value > 2147483647) {
    throw new RangeError(
      `${field} must be a non-zero integer user or group id (got ${String(value)}); ` +
        `the default is ${DEFAULT_POSTURE.user.uid}. Running as root needs a "runAsRoot" exemption.`,
    );
  }
}

import type { BaselineCapability, Capability } from './capabilities';
import { PSS_BASELINE_CAPABILITIES, isCapability, normaliseCapability } from './capabilities';
import type { PostureEnvironment } from './default-posture';
import { environmentProblem } from './default-posture';
import type { ApprovedJustification, Justification } from './justification';
import { JustificationError, justificationProblems } from './justification';
import { copyOwnData, ownValue } from './own-data';
import { isGeneratedSeccompProfile } from './generated-profiles';

/** SELinux options a justified exemption may set (Kubernetes `seLinuxOptions`). */
export interface SeLinuxOptions {
  /** SELinux user label, e.g. `system_u`. @default - absent (the runtime's choice) */
  readonly user?: string;
  /** SELinux role label, e.g. `system_r`. @default - absent (the runtime's choice) */
  readonly role?: string;
  /**
   * SELinux type label, e.g. `container_t`.
   * @remarks Pod Security `restricted` allows only `container_t`, `container_init_t`,
   * `container_kvm_t` and `container_engine_t`; other types can lift the container's confinement.
   * @default - absent (the runtime's choice)
   */
  readonly type?: string;
  /** SELinux level (MCS label), e.g. `s0:c123,c456`. @default - absent (the runtime's choice) */
  readonly level?: string;
}

/**
 * Adds back one of the capabilities Pod Security baseline allows (a container runtime's
 * defaults, such as `NET_BIND_SERVICE` or `CHOWN`) after `drop: [ALL]`. One exemption per capability.
 */
export interface BaselineCapabilityExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'capability';
  /** The capability to add, e.g. `NET_BIND_SERVICE`. */
  readonly capability: BaselineCapability;
  /** Why the relaxation is acceptable; recorded in the output and shown in every report. */
  readonly justification: Justification;
}
/**
 * Adds back a capability outside Pod Security baseline's list (`SYS_ADMIN`, `NET_ADMIN`,
 * `SYS_PTRACE`, `BPF`, ...): host-level power, so a design review.
 * @remarks Pod Security Admission rejects these at baseline and restricted: the pod also needs a
 * namespace at `enforce: privileged`. Hence `approvedBy` is required.
 */
export interface ElevatedCapabilityExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'capability';
  /** The capability to add, e.g. `SYS_PTRACE`. `ALL` is refused. */
  readonly capability: Exclude<Capability, BaselineCapability>;
  /** Why the relaxation is acceptable, with its approver: this kind is a design review. */
  readonly justification: ApprovedJustification;
}
/** Adds one Linux capability back after `drop: [ALL]`; outside baseline's list it needs an approver. */
export type CapabilityExemption = BaselineCapabilityExemption | ElevatedCapabilityExemption;
/**
 * Runs the container privileged: broad host-level access. A design review.
 * @remarks A privileged container has every capability, every host device and no seccomp or
 * AppArmor confinement; it can mount the node's disk. Hence `approvedBy` is required.
 */
export interface PrivilegedExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'privileged';
  /** Why the relaxation is acceptable, with its approver: this kind is a design review. */
  readonly justification: ApprovedJustification;
}
/** Lets processes gain more privileges than their parent (no `no_new_privs`). */
export interface PrivilegeEscalationExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'privilegeEscalation';
  /** Why the relaxation is acceptable; recorded in the output and shown in every report. */
  readonly justification: Justification;
}
/** Leaves the root filesystem writable. */
export interface WritableRootFilesystemExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'writableRootFilesystem';
  /** Why the relaxation is acceptable; recorded in the output and shown in every report. */
  readonly justification: Justification;
}
/** Runs as root (user 0). */
export interface RunAsRootExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'runAsRoot';
  /** Why the relaxation is acceptable; recorded in the output and shown in every report. */
  readonly justification: Justification;
}
/**
 * Lets the pod's processes hold the root group (GID 0) through `fsGroup`, `supplementalGroups` or
 * Compose `group_add`: files owned by group root (often group-writable) become theirs.
 */
export interface RootGroupExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'rootGroup';
  /** Why the relaxation is acceptable; recorded in the output and shown in every report. */
  readonly justification: Justification;
}
/** Replaces the runtime's default seccomp profile with a reviewed custom (Localhost) profile. */
export interface SeccompLocalhostExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'seccompLocalhost';
  /** Profile path relative to the kubelet's seccomp directory, or a profile file for Docker. */
  readonly localhostProfile: string;
  /**
   * SHA-256 of the profile when the project generated it (`generateSeccompProfile`); recorded so that
   * the audit can tell a generated, reviewed profile from a hand-written one.
   * @default - absent: a hand-written profile, reported as unreviewed
   */
  readonly profileSha256?: string;
  /** Why the relaxation is acceptable; recorded in the output and shown in every report. */
  readonly justification: Justification;
}
/**
 * Disables seccomp. Refused outright in the production environment.
 * @remarks Without seccomp every system call reaches the kernel, including the ones behind most
 * container escapes; the seed says to avoid it in production. Prefer a reviewed `seccompLocalhost` profile.
 */
export interface SeccompUnconfinedExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'seccompUnconfined';
  /** Why the relaxation is acceptable, with its approver: this kind is a design review. */
  readonly justification: ApprovedJustification;
}
/** A custom (Localhost) AppArmor profile instead of the platform default. */
export interface AppArmorExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'appArmorLocalhost';
  /** Name of the AppArmor profile loaded on the node (Kubernetes) or host (Docker). */
  readonly localhostProfile: string;
  /** Why the relaxation is acceptable; recorded in the output and shown in every report. */
  readonly justification: Justification;
}
/**
 * Custom SELinux options instead of the platform default.
 * @remarks A `type` outside Pod Security's container types (`container_t`, `container_init_t`,
 * `container_kvm_t`, `container_engine_t`), such as `spc_t`, lifts the confinement: the
 * justification then needs `approvedBy`.
 */
export interface SeLinuxExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'seLinuxOptions';
  /** The labels to set; unset labels keep the runtime's choice. */
  readonly options: SeLinuxOptions;
  /** Why the relaxation is acceptable; recorded in the output and shown in every report. */
  readonly justification: Justification;
}
/**
 * Shares a host namespace with the pod.
 * @remarks A shared namespace removes an isolation boundary: host network exposes node-local
 * services, host PID lets the pod signal and inspect host processes, host IPC exposes shared memory.
 */
export interface HostNamespaceExemption {
  /** Which host namespace the pod shares: network, process or IPC. */
  readonly kind: 'hostNetwork' | 'hostPID' | 'hostIPC';
  /** Why the relaxation is acceptable, with its approver: this kind is a design review. */
  readonly justification: ApprovedJustification;
}
/**
 * Mounts a host directory or file into the container.
 * @remarks A host path bypasses the read-only, declared-writable filesystem model and can expose
 * node credentials; it is mounted read-only unless `readOnly: false` says otherwise.
 */
export interface HostPathExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'hostPath';
  /** The path on the host. */
  readonly hostPath: string;
  /** Where it appears in the container. @default - the host path */
  readonly mountPath?: string;
  /** Mount it read-only; a writable host path lets the container change the node. @default true */
  readonly readOnly?: boolean;
  /** Why the relaxation is acceptable, with its approver: this kind is a design review. */
  readonly justification: ApprovedJustification;
}
/**
 * Mounts the Docker daemon socket: control of the daemon, so host-level access.
 * @remarks Whoever talks to the socket can start a privileged container with the host's root
 * filesystem mounted; the seed lists it among the controls to avoid. The mount is always read-write,
 * since a read-only socket still accepts API calls.
 */
export interface DockerSocketExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'dockerSocket';
  /** Where the socket is on the host. @default '/var/run/docker.sock' */
  readonly hostPath?: string;
  /** Where it appears in the container. @default - the host path */
  readonly mountPath?: string;
  /** Why the relaxation is acceptable, with its approver: this kind is a design review. */
  readonly justification: ApprovedJustification;
}
/** Binds a container port on the node's address (`hostPort`). */
export interface HostPortExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'hostPort';
  /** The container port to expose on the node. */
  readonly containerPort: number;
  /** The node port to bind. @default - the container port */
  readonly hostPort?: number;
  /** Why the relaxation is acceptable; recorded in the output and shown in every report. */
  readonly justification: Justification;
}

/**
 * Mounts the pod's Kubernetes API token (`automountServiceAccountToken: true`), for a workload that
 * calls the API: a controller, an operator, an ingress controller.
 * @remarks Whoever reads the token can do what the service account may: keep its RBAC narrow.
 */
export interface ServiceAccountTokenExemption {
  /** Discriminates the exemption kind. */
  readonly kind: 'serviceAccountToken';
  /** Why the workload needs the API; recorded in the output and shown in every report. */
  readonly justification: Justification;
}

/** A relaxation of the default posture. None can be written without its justification. */
export type Exemption =
  | CapabilityExemption
  | PrivilegedExemption
  | PrivilegeEscalationExemption
  | WritableRootFilesystemExemption
  | RunAsRootExemption
  | RootGroupExemption
  | SeccompLocalhostExemption
  | SeccompUnconfinedExemption
  | AppArmorExemption
  | SeLinuxExemption
  | HostNamespaceExemption
  | HostPathExemption
  | DockerSocketExemption
  | HostPortExemption
  | ServiceAccountTokenExemption;

/** The kind of an exemption; rules name the kinds that can justify their findings. */
export type ExemptionKind = Exemption['kind'];

/** Exemptions that belong to the pod rather than to one container. */
export type PodExemption = HostNamespaceExemption | ServiceAccountTokenExemption;
/** Exemptions that belong to one container. */
export type ContainerExemption = Exclude<Exemption, PodExemption>;

/** What one exemption kind relaxes and how strictly its justification is checked. */
export interface ExemptionKindInfo {
  /** The seed treats it as a design review: `approvedBy` is required. */
  readonly highRisk: boolean;
  /** Whether it is granted on the pod (host namespaces) or on one container (everything else). */
  readonly scope: 'pod' | 'container';
  /** What it does, as a short verb phrase for messages, e.g. "mounts a host path". */
  readonly description: string;
}

/** What each exemption kind relaxes, and how strictly its justification is checked. */
export const EXEMPTION_KINDS: Readonly<Record<ExemptionKind, ExemptionKindInfo>> = Object.freeze({
  capability: { highRisk: false, scope: 'container', description: 'adds a Linux capability back' },
  privileged: { highRisk: true, scope: 'container', description: 'runs the container privileged' },
  privilegeEscalation: { highRisk: false, scope: 'container', description: 'allows privilege escalation' },
  writableRootFilesystem: {
    highRisk: false,
    scope: 'container',
    description: 'leaves the root filesystem writable',
  },
  runAsRoot: { highRisk: false, scope: 'container', description: 'runs as root (user 0)' },
  rootGroup: { highRisk: false, scope: 'container', description: 'holds the root group (GID 0)' },
  seccompLocalhost: {
    highRisk: false,
    scope: 'container',
    description: 'uses a custom (Localhost) seccomp profile',
  },
  seccompUnconfined: { highRisk: true, scope: 'container', description: 'disables seccomp (Unconfined)' },
  appArmorLocalhost: {
    highRisk: false,
    scope: 'container',
    description: 'uses a custom (Localhost) AppArmor profile',
  },
  seLinuxOptions: { highRisk: false, scope: 'container', description: 'sets custom SELinux options' },
  hostNetwork: { highRisk: true, scope: 'pod', description: "shares the host's network namespace" },
  hostPID: { highRisk: true, scope: 'pod', description: "shares the host's process namespace" },
  hostIPC: { highRisk: true, scope: 'pod', description: "shares the host's IPC namespace" },
  hostPath: { highRisk: true, scope: 'container', description: 'mounts a host path' },
  dockerSocket: { highRisk: true, scope: 'container', description: 'mounts the Docker socket' },
  hostPort: { highRisk: false, scope: 'container', description: 'binds a host port' },
  serviceAccountToken: { highRisk: false, scope: 'pod', description: 'mounts the Kubernetes API token' },
});

/** Every exemption kind, in a stable order. */
export const EXEMPTION_KIND_NAMES = Object.freeze(Object.keys(EXEMPTION_KINDS) as ExemptionKind[]);

/** The default path of the Docker daemon socket. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** What validating an exemption needs to know. */
export interface ExemptionContext {
  /** Where the workload runs; production refuses `seccompUnconfined`. */
  readonly environment: PostureEnvironment;
  /** The clock that justification expiry is checked against. */
  readonly now: Date;
  /** Where the exemption was written, for the message (a construct path, a component name). */
  readonly where: string;
  /**
   * The posture's longest lifetime of an exemption that needs an approver, in days: such an
   * exemption must set `expires` within it. @default - no limit
   */
  readonly maxExemptionDays?: number;
}

/** The SELinux types Pod Security admits (container_engine_t from v1.31). */
export const PSS_SELINUX_TYPES: readonly string[] = Object.freeze([
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

/** Whether a string is one of the exemption kinds (own keys only: `constructor` is not one). */
export function isExemptionKind(value: unknown): value is ExemptionKind {
  return typeof value === 'string' && Object.hasOwn(EXEMPTION_KINDS, value);
}

/**
 * Whether an exemption of this kind and subject is a design review that needs `approvedBy`: the
 * high-risk kinds, a capability outside Pod Security baseline's list, an SELinux type outside Pod
 * Security's container types. The one answer for exemptions, recorded justifications and audits.
 */
export function needsApproval(kind: ExemptionKind, subject: string | undefined): boolean {
  if (EXEMPTION_KINDS[kind].highRisk) return true;
  if (kind === 'capability') {
    // An unknown name is refused on its own; a missing one reads as needing approval.
    const name = normaliseCapability(subject ?? '');
    return (
      !(PSS_BASELINE_CAPABILITIES as readonly string[]).includes(name) && (isCapability(name) || name === '')
    );
  }
  if (kind === 'seLinuxOptions') return subject !== undefined && !PSS_SELINUX_TYPES.includes(subject);
  return false;
}

/**
 * The thing an exemption is about, when a kind can be granted more than once: the capability,
 * the host path, the host port. Justifications are matched to findings by kind, container and subject.
 */
export function exemptionSubject(exemption: Exemption): string | undefined {
  switch (exemption.kind) {
    case 'capability':
      return normaliseCapability(exemption.capability);
    case 'hostPath':
      return exemption.hostPath;
    case 'dockerSocket':
      return exemption.hostPath ?? DEFAULT_DOCKER_SOCKET;
    case 'hostPort':
      return String(exemption.hostPort ?? exemption.containerPort);
    case 'seLinuxOptions':
      return typeof exemption.options.type === 'string' && exemption.options.type !== ''
        ? exemption.options.type
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Lists what is wrong with one exemption. Takes `unknown` because JavaScript callers bypass the
 * compiler: a missing justification must be a clear run-time error there.
 */
export function exemptionProblems(value: unknown, context: Omit<ExemptionContext, 'where'>): string[] {
  if (value === null || typeof value !== 'object') return ['an exemption must be an object with a "kind"'];
  const kind = ownValue(value, 'kind');
  if (!isExemptionKind(kind)) {
    return [
      `unknown exemption kind ${JSON.stringify(kind)}; expected one of ${EXEMPTION_KIND_NAMES.join(', ')}`,
    ];
  }
  const e = ownFields(value);
  const specific = kindSpecificProblems(kind, e);
  const subject = specific.length === 0 ? exemptionSubject(e as unknown as Exemption) : undefined;
  const requireApproval = needsApproval(kind, kind === 'capability' ? String(e.capability) : subject);
  const problems: string[] = [];
  if (e.justification === undefined) {
    problems.push(
      `a "${kind}" exemption needs a justification { reason${requireApproval ? ', approvedBy' : ''} }`,
    );
  } else {
    problems.push(
      ...justificationProblems(e.justification, {
        requireApproval,
        now: context.now,
        ...(context.maxExemptionDays !== undefined && { maxApprovedDays: context.maxExemptionDays }),
      }),
    );
  }
  // Anything but the documented non-production value is production: a typo never lifts the refusal.
  if (kind === 'seccompUnconfined' && context.environment !== 'non-production') {
    problems.push(
      'seccomp Unconfined is refused in production, justified or not; use a reviewed Localhost profile (seccompLocalhost)',
    );
  }
  problems.push(...specific);
  return problems;
}

// The exemption's own data properties, as a prototype-less record.
function ownFields(value: object): Record<string, unknown> {
  const fields = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) fields[key] = ownValue(value, key);
  return fields;
}

function kindSpecificProblems(kind: ExemptionKind, e: Record<string, unknown>): string[] {
  const nonEmpty = (key: string) =>
    typeof e[key] === 'string' && e[key].trim() !== ''
      ? []
      : [`"${kind}" exemption needs a non-empty ${key}`];
  const port = (key: string, optional: boolean) => {
    const v = e[key];
    if (v === undefined && optional) return [];
    return Number.isInteger(v) && (v as number) > 0 && (v as number) < 65536
      ? []
      : [`"${kind}" exemption needs ${key} between 1 and 65535`];
  };
  switch (kind) {
    case 'capability': {
      const cap = e.capability;
      if (typeof cap !== 'string')
        return ['"capability" exemption needs a capability name, e.g. "NET_BIND_SERVICE"'];
      const name = normaliseCapability(cap);
      if (name === 'ALL')
        return ['adding ALL capabilities is not an exemption: add each needed capability by name'];
      return isCapability(name) ? [] : [`unknown capability ${JSON.stringify(cap)}`];
    }
    case 'seccompLocalhost':
      return [
        ...nonEmpty('localhostProfile'),
        // Docker and Compose read `seccomp=unconfined` as "no profile at all", not as a file name.
        ...(typeof e.localhostProfile === 'string' && e.localhostProfile.trim().toLowerCase() === 'unconfined'
          ? [
              '"seccompLocalhost" exemption localhostProfile "unconfined" switches seccomp off under Docker and Compose: ' +
                'name the reviewed profile file instead (running without seccomp is a "seccompUnconfined" exemption, refused in production)',
            ]
          : []),
        ...(e.profileSha256 === undefined ||
        (typeof e.profileSha256 === 'string' && /^[0-9a-f]{64}$/.test(e.profileSha256))
          ? []
          : [
              '"seccompLocalhost" exemption profileSha256 must be a SHA-256 in hex (from generateSeccompProfile)',
            ]),
        // The hash says "generated and reviewed": only a profile generated in this program earns it.
        ...(typeof e.profileSha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(e.profileSha256) &&
        !isGeneratedSeccompProfile(e.profileSha256)
          ? [
              '"seccompLocalhost" exemption profileSha256 is not the hash of a profile generateSeccompProfile() made in this program: ' +
                'a hash written by hand would claim a review that never happened; pass the generated profile ' +
                '(seccompProfile, or exemptions: [profile.exemption]) or leave profileSha256 out (the profile is then reported as hand-written)',
            ]
          : []),
      ];
    case 'appArmorLocalhost':
      return nonEmpty('localhostProfile');
    case 'seLinuxOptions': {
      if (e.options === null || typeof e.options !== 'object')
        return ['"seLinuxOptions" exemption needs options'];
      const type = ownValue(e.options, 'type');
      return type === undefined || typeof type === 'string'
        ? []
        : ['"seLinuxOptions" exemption needs options.type to be a string'];
    }
    case 'hostPath':
      return typeof e.hostPath === 'string' && e.hostPath.startsWith('/')
        ? []
        : ['"hostPath" exemption needs an absolute hostPath'];
    case 'hostPort':
      return [...port('containerPort', false), ...port('hostPort', true)];
    default:
      return [];
  }
}

/**
 * Copies the exemptions (own data properties only, frozen: see {@link copyOwnData}), then throws a
 * {@link JustificationError} naming every problem of every exemption, or returns the copy. Hosts
 * call it before rendering anything and render only the copy it returns.
 */
export function assertValidExemptions(
  exemptions: readonly unknown[] | undefined,
  context: ExemptionContext,
): readonly Exemption[] {
  if (exemptions === undefined) return [];
  if (!Array.isArray(exemptions))
    throw new JustificationError(`${context.where}: exemptions must be an array`);
  const problem = environmentProblem(context.environment);
  if (problem !== undefined) throw new RangeError(`${context.where}: ${problem}`);
  const copied = copyOwnData(exemptions as readonly unknown[], `${context.where}: exemptions`);
  const lines: string[] = [];
  copied.forEach((exemption, index) => {
    for (const problem of exemptionProblems(exemption, context))
      lines.push(`  exemptions[${index}]: ${problem}`);
  });
  if (lines.length > 0) {
    throw new JustificationError(
      `${context.where}: invalid exemption${lines.length > 1 ? 's' : ''}\n${lines.join('\n')}\n` +
        'Every relaxation of the default posture needs a justification: see docs/rules.md#justifying-an-exemption',
    );
  }
  return copied as readonly Exemption[];
}

import type { Capability } from './capabilities';
import { isCapability, normaliseCapability } from './capabilities';
import type { PostureEnvironment } from './default-posture';
import type { ApprovedJustification, Justification } from './justification';
import { JustificationError, justificationProblems } from './justification';

/** SELinux options a justified exemption may set (Kubernetes `seLinuxOptions`). */
export interface SeLinuxOptions {
  readonly user?: string;
  readonly role?: string;
  readonly type?: string;
  readonly level?: string;
}

/** Adds one Linux capability back after `drop: [ALL]`. One exemption per capability. */
export interface CapabilityExemption {
  readonly kind: 'capability';
  readonly capability: Capability;
  readonly justification: Justification;
}
/** Runs the container privileged: broad host-level access. A design review. */
export interface PrivilegedExemption {
  readonly kind: 'privileged';
  readonly justification: ApprovedJustification;
}
/** Lets processes gain more privileges than their parent (no `no_new_privs`). */
export interface PrivilegeEscalationExemption {
  readonly kind: 'privilegeEscalation';
  readonly justification: Justification;
}
/** Leaves the root filesystem writable. */
export interface WritableRootFilesystemExemption {
  readonly kind: 'writableRootFilesystem';
  readonly justification: Justification;
}
/** Runs as root (user 0). */
export interface RunAsRootExemption {
  readonly kind: 'runAsRoot';
  readonly justification: Justification;
}
/** Replaces the runtime's default seccomp profile with a reviewed custom (Localhost) profile. */
export interface SeccompLocalhostExemption {
  readonly kind: 'seccompLocalhost';
  /** Profile path relative to the kubelet's seccomp directory, or a profile file for Docker. */
  readonly localhostProfile: string;
  readonly justification: Justification;
}
/** Disables seccomp. Refused outright in the production environment. */
export interface SeccompUnconfinedExemption {
  readonly kind: 'seccompUnconfined';
  readonly justification: ApprovedJustification;
}
/** A custom (Localhost) AppArmor profile instead of the platform default. */
export interface AppArmorExemption {
  readonly kind: 'appArmorLocalhost';
  readonly localhostProfile: string;
  readonly justification: Justification;
}
/** Custom SELinux options instead of the platform default. */
export interface SeLinuxExemption {
  readonly kind: 'seLinuxOptions';
  readonly options: SeLinuxOptions;
  readonly justification: Justification;
}
/** Shares a host namespace with the pod. */
export interface HostNamespaceExemption {
  readonly kind: 'hostNetwork' | 'hostPID' | 'hostIPC';
  readonly justification: ApprovedJustification;
}
/** Mounts a host directory or file into the container. */
export interface HostPathExemption {
  readonly kind: 'hostPath';
  /** The path on the host. */
  readonly hostPath: string;
  /** Where it appears in the container. @default - the host path */
  readonly mountPath?: string;
  /** @default true */
  readonly readOnly?: boolean;
  readonly justification: ApprovedJustification;
}
/** Mounts the Docker daemon socket: control of the daemon, so host-level access. */
export interface DockerSocketExemption {
  readonly kind: 'dockerSocket';
  /** @default '/var/run/docker.sock' */
  readonly hostPath?: string;
  /** @default - the host path */
  readonly mountPath?: string;
  readonly justification: ApprovedJustification;
}
/** Binds a container port on the node's address (`hostPort`). */
export interface HostPortExemption {
  readonly kind: 'hostPort';
  readonly containerPort: number;
  /** @default - the container port */
  readonly hostPort?: number;
  readonly justification: Justification;
}

/** A relaxation of the default posture. None can be written without its justification. */
export type Exemption =
  | CapabilityExemption
  | PrivilegedExemption
  | PrivilegeEscalationExemption
  | WritableRootFilesystemExemption
  | RunAsRootExemption
  | SeccompLocalhostExemption
  | SeccompUnconfinedExemption
  | AppArmorExemption
  | SeLinuxExemption
  | HostNamespaceExemption
  | HostPathExemption
  | DockerSocketExemption
  | HostPortExemption;

/** The kind of an exemption; rules name the kinds that can justify their findings. */
export type ExemptionKind = Exemption['kind'];

/** Exemptions that belong to the pod rather than to one container. */
export type PodExemption = HostNamespaceExemption;
/** Exemptions that belong to one container. */
export type ContainerExemption = Exclude<Exemption, PodExemption>;

interface ExemptionKindInfo {
  /** The seed treats it as a design review: `approvedBy` is required. */
  readonly highRisk: boolean;
  readonly scope: 'pod' | 'container';
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
});

/** Every exemption kind, in a stable order. */
export const EXEMPTION_KIND_NAMES = Object.freeze(Object.keys(EXEMPTION_KINDS) as ExemptionKind[]);

/** The default path of the Docker daemon socket. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** What validating an exemption needs to know. */
export interface ExemptionContext {
  readonly environment: PostureEnvironment;
  readonly now: Date;
  /** Where the exemption was written, for the message (a construct path, a component name). */
  readonly where: string;
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
  const e = value as Record<string, unknown>;
  const kind = e.kind;
  if (typeof kind !== 'string' || !(kind in EXEMPTION_KINDS)) {
    return [
      `unknown exemption kind ${JSON.stringify(kind)}; expected one of ${EXEMPTION_KIND_NAMES.join(', ')}`,
    ];
  }
  const info = EXEMPTION_KINDS[kind as ExemptionKind];
  const problems: string[] = [];
  if (e.justification === undefined) {
    problems.push(
      `a "${kind}" exemption needs a justification { reason${info.highRisk ? ', approvedBy' : ''} }`,
    );
  } else {
    problems.push(
      ...justificationProblems(e.justification, { requireApproval: info.highRisk, now: context.now }),
    );
  }
  if (kind === 'seccompUnconfined' && context.environment === 'production') {
    problems.push(
      'seccomp Unconfined is refused in production, justified or not; use a reviewed Localhost profile (seccompLocalhost)',
    );
  }
  problems.push(...kindSpecificProblems(kind as ExemptionKind, e));
  return problems;
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
    case 'appArmorLocalhost':
      return nonEmpty('localhostProfile');
    case 'seLinuxOptions':
      return e.options !== null && typeof e.options === 'object'
        ? []
        : ['"seLinuxOptions" exemption needs options'];
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
 * Throws a {@link JustificationError} naming every problem of every exemption, or returns the
 * exemptions unchanged. Hosts call it before rendering anything.
 */
export function assertValidExemptions(
  exemptions: readonly unknown[] | undefined,
  context: ExemptionContext,
): readonly Exemption[] {
  if (exemptions === undefined) return [];
  if (!Array.isArray(exemptions))
    throw new JustificationError(`${context.where}: exemptions must be an array`);
  const lines: string[] = [];
  exemptions.forEach((exemption, index) => {
    for (const problem of exemptionProblems(exemption, context))
      lines.push(`  exemptions[${index}]: ${problem}`);
  });
  if (lines.length > 0) {
    throw new JustificationError(
      `${context.where}: invalid exemption${lines.length > 1 ? 's' : ''}\n${lines.join('\n')}\n` +
        'Every relaxation of the default posture needs a justification: see docs/rules.md#justifying-an-exemption',
    );
  }
  return exemptions as readonly Exemption[];
}

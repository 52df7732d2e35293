import { normaliseCapability } from './capabilities';
import type { PostureEnvironment } from './default-posture';
import type { PodUserIds } from './default-posture';
import { DEFAULT_POSTURE, assertNonRootId, assertPostureEnvironment } from './default-posture';
import type { ContainerExemption, Exemption, PodExemption, SeLinuxOptions } from './exemption';
import { DEFAULT_DOCKER_SOCKET, EXEMPTION_KINDS, assertValidExemptions } from './exemption';
import {
  JUSTIFICATIONS_ANNOTATION,
  encodeJustifications,
  justificationRecords,
} from './justification-record';
import type { JustificationRecord } from './justification-record';
import { JustificationError, assertMaxExemptionDays } from './justification';
import {
  UNPRIVILEGED_PORT_START_SYSCTL,
  assertUnprivilegedPortStart,
  unprivilegedPortStartWithHostNetwork,
} from './unprivileged-ports';
import type { WritablePathInput } from './writable-path';
import { normaliseWritablePaths, writableVolumeName } from './writable-path';

/** How a container of a hardened pod is described to the renderer. */
export interface HardenedContainerSpec {
  /** The container's name; exemptions, volumes and messages are keyed by it, so it must be unique in the pod. */
  readonly name: string;
  /** Directories the container may write to; each becomes an emptyDir mount. @default - none */
  readonly writablePaths?: readonly WritablePathInput[];
  /**
   * Justified relaxations for this container.
   * @remarks Each one relaxes a single control and is recorded in the pod annotations, where the
   * audit and the checklist show it.
   * @default - none
   */
  readonly exemptions?: readonly ContainerExemption[];
}

/** How to state that AppArmor uses the runtime's default profile, when pinning it explicitly. */
export type AppArmorPin = 'annotation' | 'field';

/** How a hardened pod is described to the renderer. */
export interface HardenedPodSpec {
  /** The app containers; each gets the full container-level posture. */
  readonly containers: readonly HardenedContainerSpec[];
  /** Init containers, hardened exactly like the app containers. @default - none */
  readonly initContainers?: readonly HardenedContainerSpec[];
  /** Non-root ids for the pod. @default DEFAULT_POSTURE.user (10001:10001, fsGroup 10001) */
  readonly user?: PodUserIds;
  /**
   * Justified pod-level relaxations (host namespaces).
   * @remarks Sharing a host namespace is host-level access: each needs a justification with `approvedBy`.
   * @default - none
   */
  readonly exemptions?: readonly PodExemption[];
  /** Render `hostUsers: false` (user namespaces) for clusters that support them. @default false */
  readonly userNamespaces?: boolean;
  /**
   * The first port the pod's processes may bind without `CAP_NET_BIND_SERVICE`: rendered as the
   * namespaced sysctl `net.ipv4.ip_unprivileged_port_start` in `spec.securityContext.sysctls`.
   * @remarks The add-back that works: a `NET_BIND_SERVICE` capability exemption does nothing for a
   * non-root process under `allowPrivilegeEscalation: false`, while this sysctl lets it bind :80 with
   * no capability at all. Pod Security baseline lists it as safe (v1.0+; the kubelet accepts it from
   * Kubernetes 1.22), so it needs no exemption. From 0 to 1024.
   * @default - unset (the runtime's choice: 1024 under CRI-O and containerd 1.x, 0 under containerd 2.0)
   */
  readonly unprivilegedPortStart?: number;
  /**
   * Pin AppArmor to `RuntimeDefault` explicitly: the beta annotation (Kubernetes 1.28) or the
   * `appArmorProfile` field (1.30+). @default - the platform default (unset)
   */
  readonly pinAppArmorRuntimeDefault?: AppArmorPin;
  /**
   * Mount a Kubernetes API token into the pod.
   * @remarks Off by default: a stolen token is the first step from a compromised container to the cluster API.
   * @default DEFAULT_POSTURE.automountServiceAccountToken (false)
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Where the pod runs; production refuses a `seccompUnconfined` exemption outright.
   * @default DEFAULT_POSTURE.environment ('production')
   */
  readonly environment?: PostureEnvironment;
  /**
   * The posture's longest lifetime, in days, of an exemption that needs an approver: each must
   * set `expires` within it. @default - no limit
   */
  readonly maxExemptionDays?: number;
  /** Where the pod is declared (a construct path, a component name), for error messages. */
  readonly where: string;
  /** The clock for justification expiry. @default - now */
  readonly now?: Date;
}

/** The `emptyDir` source of a rendered writable-path volume. */
export interface RenderedEmptyDir {
  /** `Memory` for a tmpfs-backed directory. @default - absent (node disk) */
  readonly medium?: 'Memory';
  /** Kubernetes quantity capping the directory, e.g. `64Mi`. @default - absent (no limit) */
  readonly sizeLimit?: string;
}

/** A scratch volume backing one declared writable path of one container. */
export interface RenderedEmptyDirVolume {
  /** Volume name, derived from the container name and the path. */
  readonly name: string;
  /** The emptyDir source. */
  readonly emptyDir: RenderedEmptyDir;
}

/** The `hostPath` source of a rendered, justified host-path or Docker-socket volume. */
export interface RenderedHostPath {
  /** The path on the node. */
  readonly path: string;
  /** Kubernetes hostPath type check, e.g. `Socket`. @default - absent (no check) */
  readonly type?: string;
}

/** A host-path volume, rendered only for a justified `hostPath` or `dockerSocket` exemption. */
export interface RenderedHostPathVolume {
  /** Volume name, derived from the container name and the host path. */
  readonly name: string;
  /** The hostPath source. */
  readonly hostPath: RenderedHostPath;
}

/** A Kubernetes volume, as plain JSON. */
export type RenderedVolume = RenderedEmptyDirVolume | RenderedHostPathVolume;

/** A rendered mount of one volume into one container. */
export interface RenderedVolumeMount {
  /** The volume mounted. */
  readonly name: string;
  /** Where it appears in the container. */
  readonly mountPath: string;
  /** Mounted read-only (host paths unless the exemption says otherwise). @default - absent (read-write) */
  readonly readOnly?: boolean;
}

/** A rendered, justified host port binding. */
export interface RenderedHostPort {
  /** The container port. */
  readonly containerPort: number;
  /** The node port bound to it. */
  readonly hostPort: number;
}

/** The security-relevant part of one rendered container, as plain Kubernetes JSON. */
export interface RenderedContainer {
  /** The container `securityContext`: capabilities, privilege escalation, read-only root, non-root. */
  readonly securityContext: Record<string, unknown>;
  /** Mounts of the writable-path and justified host-path volumes, to append to the container's own. */
  readonly volumeMounts: readonly RenderedVolumeMount[];
  /** Host ports granted by `hostPort` exemptions, to set on the matching container ports. */
  readonly hostPorts: readonly RenderedHostPort[];
}

/** The security-relevant part of a hardened pod, as plain Kubernetes JSON, for any host to merge. */
export interface RenderedPod {
  /** The pod `securityContext`: non-root ids, fsGroup, RuntimeDefault seccomp. */
  readonly securityContext: Record<string, unknown>;
  /** Pod spec fields other than the security context (token automount, host namespaces, hostUsers). */
  readonly podFields: Record<string, unknown>;
  /** Each container's rendering, keyed by container name (init containers included). */
  readonly containers: ReadonlyMap<string, RenderedContainer>;
  /** Volumes for the writable paths and justified host paths, to append to the pod's own. */
  readonly volumes: readonly RenderedVolume[];
  /** Annotations for the workload and its pod template (justifications, AppArmor pins). */
  readonly annotations: Readonly<Record<string, string>>;
  /** Every exemption granted, with its justification, as recorded in the annotations. */
  readonly justifications: readonly JustificationRecord[];
}

/**
 * Renders the default posture, relaxed only by justified exemptions, for a pod. The single
 * renderer behind the cdk8s and Pulumi Kubernetes adapters, so both produce the same fields.
 * Throws a JustificationError (naming `spec.where`) on an unjustified or refused exemption.
 */
export function renderHardenedPod(spec: HardenedPodSpec): RenderedPod {
  const maxExemptionDays = assertMaxExemptionDays(spec.maxExemptionDays, spec.where);
  const context = {
    environment: assertPostureEnvironment(spec.environment, spec.where),
    now: spec.now ?? new Date(),
    where: spec.where,
    ...(maxExemptionDays !== undefined && { maxExemptionDays }),
  };
  const uid = spec.user?.uid ?? DEFAULT_POSTURE.user.uid;
  const gid = spec.user?.gid ?? DEFAULT_POSTURE.user.gid;
  const fsGroup = spec.user?.fsGroup ?? DEFAULT_POSTURE.user.fsGroup;
  assertNonRootId(uid, `${spec.where}: user.uid`);
  assertNonRootId(gid, `${spec.where}: user.gid`);
  assertNonRootId(fsGroup, `${spec.where}: user.fsGroup`);

  const podExemptions = assertValidExemptions(spec.exemptions, { ...context, where: `${spec.where} (pod)` });
  assertScope(podExemptions, 'pod', spec.where);

  const all = [...(spec.initContainers ?? []), ...spec.containers];
  const names = new Set<string>();
  for (const c of all) {
    if (names.has(c.name)) throw new RangeError(`${spec.where}: container name "${c.name}" is used twice`);
    names.add(c.name);
  }

  const containers = new Map<string, RenderedContainer>();
  const volumes: RenderedVolume[] = [];
  const records: JustificationRecord[] = justificationRecords(podExemptions);
  const annotations: Record<string, string> = {};
  const pin = spec.pinAppArmorRuntimeDefault;

  for (const container of all) {
    const where = `${spec.where}/${container.name}`;
    const exemptions = assertValidExemptions(container.exemptions, { ...context, where });
    assertScope(exemptions, 'container', where);
    records.push(...justificationRecords(exemptions, container.name));
    const rendered = renderContainer(container, exemptions, where, pin);
    containers.set(container.name, rendered.container);
    volumes.push(...rendered.volumes);
    Object.assign(annotations, rendered.annotations);
  }

  const asksForToken = podExemptions.some((e) => e.kind === 'serviceAccountToken');
  const podFields: Record<string, unknown> = {
    automountServiceAccountToken: asksForToken
      ? true
      : (spec.automountServiceAccountToken ?? DEFAULT_POSTURE.automountServiceAccountToken),
  };
  for (const e of podExemptions) if (e.kind !== 'serviceAccountToken') podFields[e.kind] = true;
  if (spec.userNamespaces === true) podFields.hostUsers = false;
  const portStart =
    spec.unprivilegedPortStart === undefined
      ? undefined
      : assertUnprivilegedPortStart(spec.unprivilegedPortStart, spec.where);
  if (portStart !== undefined && podExemptions.some((e) => e.kind === 'hostNetwork'))
    throw unprivilegedPortStartWithHostNetwork(spec.where);

  const securityContext: Record<string, unknown> = {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: gid,
    fsGroup,
    seccompProfile: { type: DEFAULT_POSTURE.seccompProfile },
  };
  if (portStart !== undefined)
    securityContext.sysctls = [{ name: UNPRIVILEGED_PORT_START_SYSCTL, value: String(portStart) }];
  if (pin === 'field') securityContext.appArmorProfile = { type: 'RuntimeDefault' };
  if (records.length > 0) annotations[JUSTIFICATIONS_ANNOTATION] = encodeJustifications(records);

  return { securityContext, podFields, containers, volumes, annotations, justifications: records };
}

function assertScope(exemptions: readonly Exemption[], scope: 'pod' | 'container', where: string): void {
  const misplaced = exemptions.filter((e) => EXEMPTION_KINDS[e.kind].scope !== scope);
  if (misplaced.length > 0) {
    const kinds = misplaced.map((e) => `"${e.kind}"`).join(', ');
    throw new JustificationError(
      `${where}: exemption${misplaced.length > 1 ? 's' : ''} ${kinds} belong${misplaced.length > 1 ? '' : 's'} on the ` +
        `${scope === 'pod' ? 'container' : 'workload (pod)'}, not on the ${scope}`,
    );
  }
}

function renderContainer(
  container: HardenedContainerSpec,
  exemptions: readonly Exemption[],
  where: string,
  pin: AppArmorPin | undefined,
): { container: RenderedContainer; volumes: RenderedVolume[]; annotations: Record<string, string> } {
  const has = (kind: Exemption['kind']) => exemptions.some((e) => e.kind === kind);
  const privileged = has('privileged');
  const securityContext: Record<string, unknown> = {
    // Kubernetes rejects privileged: true together with allowPrivilegeEscalation: false.
    allowPrivilegeEscalation: privileged || has('privilegeEscalation'),
    privileged,
    readOnlyRootFilesystem: !has('writableRootFilesystem'),
    runAsNonRoot: !has('runAsRoot'),
    capabilities: { drop: [...DEFAULT_POSTURE.dropCapabilities] },
  };
  if (has('runAsRoot')) securityContext.runAsUser = 0;
  const adds = exemptions.flatMap((e) =>
    e.kind === 'capability' ? [normaliseCapability(e.capability)] : [],
  );
  if (adds.length > 0) securityContext.capabilities = { drop: ['ALL'], add: [...new Set(adds)] };

  const annotations: Record<string, string> = {};
  for (const e of exemptions) {
    if (e.kind === 'seccompLocalhost') {
      securityContext.seccompProfile = { type: 'Localhost', localhostProfile: e.localhostProfile };
    } else if (e.kind === 'seccompUnconfined') {
      securityContext.seccompProfile = { type: 'Unconfined' };
    } else if (e.kind === 'seLinuxOptions') {
      securityContext.seLinuxOptions = cleanSeLinux(e.options);
    } else if (e.kind === 'appArmorLocalhost') {
      if (pin === 'annotation') {
        annotations[`container.apparmor.security.beta.kubernetes.io/${container.name}`] =
          `localhost/${e.localhostProfile}`;
      } else securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: e.localhostProfile };
    }
  }
  if (pin === 'annotation' && !has('appArmorLocalhost')) {
    annotations[`container.apparmor.security.beta.kubernetes.io/${container.name}`] = 'runtime/default';
  }

  const volumes: RenderedVolume[] = [];
  const volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[] = [];
  for (const wp of normaliseWritablePaths(container.writablePaths, where)) {
    const name = writableVolumeName(container.name, wp.path);
    const emptyDir = {
      ...(wp.medium === 'Memory' && { medium: 'Memory' as const }),
      ...(wp.sizeLimit !== undefined && { sizeLimit: wp.sizeLimit }),
    };
    volumes.push({ name, emptyDir });
    volumeMounts.push({ name, mountPath: wp.path });
  }
  const hostPorts: { containerPort: number; hostPort: number }[] = [];
  for (const e of exemptions) {
    if (e.kind === 'hostPath' || e.kind === 'dockerSocket') {
      const hostPath = e.kind === 'hostPath' ? e.hostPath : (e.hostPath ?? DEFAULT_DOCKER_SOCKET);
      const name = writableVolumeName(`${container.name}-host`, hostPath);
      volumes.push({ name, hostPath: { path: hostPath } });
      // The Docker socket is useless read-only; other host paths default to read-only.
      const readOnly = e.kind === 'hostPath' ? (e.readOnly ?? true) : false;
      volumeMounts.push({ name, mountPath: e.mountPath ?? hostPath, ...(readOnly && { readOnly }) });
    } else if (e.kind === 'hostPort') {
      hostPorts.push({ containerPort: e.containerPort, hostPort: e.hostPort ?? e.containerPort });
    }
  }
  return { container: { securityContext, volumeMounts, hostPorts }, volumes, annotations };
}

function cleanSeLinux(options: SeLinuxOptions): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of ['user', 'role', 'type', 'level'] as const) {
    const value = options[key];
    if (value !== undefined) labels[key] = value;
  }
  return labels;
}

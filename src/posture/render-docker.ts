import { normaliseCapability } from './capabilities';
import type { PostureEnvironment } from './default-posture';
import type { UserIds } from './default-posture';
import { DEFAULT_POSTURE, assertNonRootId, assertPostureEnvironment } from './default-posture';
import type { Exemption } from './exemption';
import { DEFAULT_DOCKER_SOCKET, assertValidExemptions } from './exemption';
import type { JustificationRecord } from './justification-record';
import {
  JUSTIFICATIONS_ANNOTATION,
  encodeJustifications,
  justificationRecords,
} from './justification-record';
import {
  UNPRIVILEGED_PORT_START_SYSCTL,
  assertUnprivilegedPortStart,
  unprivilegedPortStartWithHostNetwork,
} from './unprivileged-ports';
import type { WritablePathInput } from './writable-path';
import { normaliseWritablePaths } from './writable-path';

/** A published port. Docker binds 0.0.0.0 unless told otherwise (CIS Docker 5.14), so the address is required. */
export interface DockerPort {
  /** The port the process listens on inside the container. */
  readonly containerPort: number;
  /** The host port to publish it on. @default - the container port */
  readonly hostPort?: number;
  /**
   * The host address to bind, e.g. "127.0.0.1".
   * @remarks Required rather than defaulted: Docker's own default is every interface (0.0.0.0), which
   * also bypasses host firewalls managed through iptables (CIS Docker 5.14).
   */
  readonly hostIp: string;
  /** The transport protocol. @default 'tcp' */
  readonly protocol?: 'tcp' | 'udp';
}

/** How a hardened Docker container is described to the renderer. */
export interface HardenedDockerSpec {
  /** The container name; also the container named in justification records. */
  readonly name: string;
  /** The image reference to run. */
  readonly image: string;
  /**
   * Non-root ids the processes run as.
   * @remarks Numeric ids, because a user name resolves to whatever the image's /etc/passwd says; zero
   * is refused, since running as root needs a justified `runAsRoot` exemption.
   * @default DEFAULT_POSTURE.user (10001:10001)
   */
  readonly user?: UserIds;
  /**
   * Directories the container may write to, each a tmpfs (`rw,noexec,nosuid,nodev`).
   * @remarks The root filesystem is read-only; `noexec` keeps a written file from being run.
   * @default - none
   */
  readonly writablePaths?: readonly WritablePathInput[];
  /**
   * Justified relaxations, container and host-namespace kinds alike.
   * @remarks Each one relaxes a single control and needs a justification (with `approvedBy` for the
   * high-risk kinds); it is recorded in the container's labels, where the audit and the checklist show it.
   * @default - none
   */
  readonly exemptions?: readonly Exemption[];
  /**
   * Ports to publish, each bound to an explicit address.
   * @remarks Docker binds 0.0.0.0 otherwise, exposing the port on every interface (CIS Docker 5.14).
   * @default - none published
   */
  readonly ports?: readonly DockerPort[];
  /**
   * The first port the process may bind without `CAP_NET_BIND_SERVICE`: rendered as
   * `--sysctl net.ipv4.ip_unprivileged_port_start=<n>` (Compose `sysctls:`).
   * @remarks The add-back that works: Docker gives a non-root process no ambient capabilities, so a
   * `NET_BIND_SERVICE` exemption stays in the bounding set and does nothing, while this sysctl of the
   * container's own network namespace lets it bind :80 with no capability. Docker 20.10+ sets 0 by
   * default; stating it keeps the port bindable under Podman and any daemon configuration. From 0 to
   * 1024; refused with a `hostNetwork` exemption.
   * @default - unset (the runtime's choice: 0 under Docker 20.10+, 1024 under Podman)
   */
  readonly unprivilegedPortStart?: number;
  /**
   * Memory limit in MiB (CIS Docker 5.11).
   * @remarks Always set, so one container cannot exhaust the host's memory for its neighbours.
   * @default 512
   */
  readonly memoryMb?: number;
  /** CPU limit in cores (CIS Docker 5.12). @default 1 */
  readonly cpus?: number;
  /**
   * Process limit (CIS Docker 5.29).
   * @remarks Always in the settings: a fork bomb in one container otherwise exhausts the host's process table.
   * @default 256
   */
  readonly pidsLimit?: number;
  /**
   * Where the container runs.
   * @remarks The seed says to avoid `seccomp=unconfined` in production, so there it is refused even
   * with a justification; `non-production` accepts it with an approved one.
   * @default DEFAULT_POSTURE.environment ('production')
   */
  readonly environment?: PostureEnvironment;
  /** The clock for justification expiry, for tests. @default - now */
  readonly now?: Date;
  /** Where it is declared, for error messages. @default - the name */
  readonly where?: string;
}

/** Engine-level settings of a hardened container, named after `docker run` flags, for any host to map. */
export interface DockerContainerSettings {
  /** Container name (`--name`). */
  readonly name: string;
  /** Image reference. */
  readonly image: string;
  /** `uid:gid` (`--user`), numeric; `0:0` only under a justified `runAsRoot` exemption. */
  readonly user: string;
  /** Read-only root filesystem (`--read-only`); false only under a `writableRootFilesystem` exemption. */
  readonly readOnly: boolean;
  /** Mount path to tmpfs options, e.g. `{ "/tmp": "rw,noexec,nosuid,size=64m" }`. */
  readonly tmpfs: Readonly<Record<string, string>>;
  /** Capabilities dropped (`--cap-drop`): always `ALL`. */
  readonly capDrop: readonly string[];
  /** Capabilities added back (`--cap-add`), one per justified `capability` exemption. */
  readonly capAdd: readonly string[];
  /** `--security-opt` values: `no-new-privileges:true` and any justified seccomp, AppArmor or SELinux choice. */
  readonly securityOpt: readonly string[];
  /** `--privileged`; true only under a justified `privileged` exemption. */
  readonly privileged: boolean;
  /** `--network host`, only under a justified `hostNetwork` exemption. @default - absent (own namespace) */
  readonly networkMode?: 'host';
  /** `--pid host`, only under a justified `hostPID` exemption. @default - absent (own namespace) */
  readonly pidMode?: 'host';
  /** `--ipc host`, only under a justified `hostIPC` exemption. @default - absent (own namespace) */
  readonly ipcMode?: 'host';
  /** Bind mounts (`--mount type=bind`), one per justified `hostPath` or `dockerSocket` exemption. */
  readonly binds: readonly DockerBind[];
  /** Published ports (`--publish ip:published:target/protocol`). */
  readonly ports: readonly DockerPublishedPort[];
  /** Namespaced sysctls (`--sysctl name=value`): only `net.ipv4.ip_unprivileged_port_start`, from `unprivilegedPortStart`. */
  readonly sysctls: Readonly<Record<string, string>>;
  /** Memory limit in MiB (`--memory`). */
  readonly memoryMb: number;
  /** CPU limit in cores (`--cpus`). */
  readonly cpus: number;
  /** Process limit (`--pids-limit`). */
  readonly pidsLimit: number;
  /** Labels, with the justifications recorded under {@link JUSTIFICATIONS_ANNOTATION}. */
  readonly labels: Readonly<Record<string, string>>;
  /** Every exemption granted, with its justification, as recorded in the labels. */
  readonly justifications: readonly JustificationRecord[];
}

/** A host path bind-mounted into a Docker container under a justified exemption. */
export interface DockerBind {
  /** The path on the host. */
  readonly source: string;
  /** Where it appears in the container. */
  readonly target: string;
  /** Mounted read-only; the Docker socket is always read-write, other host paths read-only unless stated. */
  readonly readOnly: boolean;
}

/** A port published by a Docker container, always on an explicit host address. */
export interface DockerPublishedPort {
  /** The container port. */
  readonly target: number;
  /** The host port. */
  readonly published: number;
  /** The host address bound. */
  readonly hostIp: string;
  /** The transport protocol. */
  readonly protocol: 'tcp' | 'udp';
}

/** Renders the default posture for a Docker container, relaxed only by justified exemptions. */
export function renderDockerContainer(spec: HardenedDockerSpec): DockerContainerSettings {
  const where = spec.where ?? spec.name;
  const exemptions = assertValidExemptions(spec.exemptions, {
    environment: assertPostureEnvironment(spec.environment, where),
    now: spec.now ?? new Date(),
    where,
  });
  const uid = spec.user?.uid ?? DEFAULT_POSTURE.user.uid;
  const gid = spec.user?.gid ?? DEFAULT_POSTURE.user.gid;
  assertNonRootId(uid, `${where}: user.uid`);
  assertNonRootId(gid, `${where}: user.gid`);
  const has = (kind: Exemption['kind']) => exemptions.some((e) => e.kind === kind);

  const tmpfs: Record<string, string> = {};
  for (const wp of normaliseWritablePaths(spec.writablePaths, where)) {
    tmpfs[wp.path] = [
      'rw',
      'noexec',
      'nosuid',
      'nodev',
      ...(wp.sizeLimit ? [`size=${dockerSize(wp.sizeLimit)}`] : []),
    ].join(',');
  }
  const securityOpt: string[] = [];
  if (!has('privilegeEscalation') && !has('privileged')) securityOpt.push('no-new-privileges:true');
  const binds: { source: string; target: string; readOnly: boolean }[] = [];
  const capAdd: string[] = [];
  const hostPorts = new Map<number, number>();
  for (const e of exemptions) {
    if (e.kind === 'capability') capAdd.push(normaliseCapability(e.capability));
    else if (e.kind === 'seccompLocalhost') securityOpt.push(`seccomp=${e.localhostProfile}`);
    else if (e.kind === 'seccompUnconfined') securityOpt.push('seccomp=unconfined');
    else if (e.kind === 'appArmorLocalhost') securityOpt.push(`apparmor=${e.localhostProfile}`);
    else if (e.kind === 'seLinuxOptions') {
      for (const [key, value] of Object.entries(e.options))
        if (value !== undefined) securityOpt.push(`label=${key}:${value}`);
    } else if (e.kind === 'hostPath') {
      binds.push({ source: e.hostPath, target: e.mountPath ?? e.hostPath, readOnly: e.readOnly ?? true });
    } else if (e.kind === 'dockerSocket') {
      const source = e.hostPath ?? DEFAULT_DOCKER_SOCKET;
      binds.push({ source, target: e.mountPath ?? source, readOnly: false });
    } else if (e.kind === 'hostPort') hostPorts.set(e.containerPort, e.hostPort ?? e.containerPort);
  }
  const ports = (spec.ports ?? []).map((p, index) => {
    if (typeof p.hostIp !== 'string' || p.hostIp.trim() === '') {
      throw new RangeError(
        `${where}: ports[${index}].hostIp is required: Docker would otherwise bind 0.0.0.0 (CIS Docker 5.14)`,
      );
    }
    return {
      target: p.containerPort,
      published: p.hostPort ?? hostPorts.get(p.containerPort) ?? p.containerPort,
      hostIp: p.hostIp,
      protocol: p.protocol ?? 'tcp',
    };
  });
  const sysctls: Record<string, string> = {};
  if (spec.unprivilegedPortStart !== undefined) {
    const start = assertUnprivilegedPortStart(spec.unprivilegedPortStart, where);
    if (has('hostNetwork')) throw unprivilegedPortStartWithHostNetwork(where);
    sysctls[UNPRIVILEGED_PORT_START_SYSCTL] = String(start);
  }
  const records = justificationRecords(exemptions, spec.name);
  return {
    name: spec.name,
    image: spec.image,
    user: has('runAsRoot') ? '0:0' : `${uid}:${gid}`,
    readOnly: !has('writableRootFilesystem'),
    tmpfs,
    capDrop: [...DEFAULT_POSTURE.dropCapabilities],
    capAdd: [...new Set(capAdd)],
    securityOpt,
    privileged: has('privileged'),
    ...(has('hostNetwork') && { networkMode: 'host' as const }),
    ...(has('hostPID') && { pidMode: 'host' as const }),
    ...(has('hostIPC') && { ipcMode: 'host' as const }),
    binds,
    ports,
    sysctls,
    memoryMb: positive(spec.memoryMb ?? 512, `${where}: memoryMb`),
    cpus: positive(spec.cpus ?? 1, `${where}: cpus`),
    pidsLimit: positive(spec.pidsLimit ?? 256, `${where}: pidsLimit`),
    labels: records.length > 0 ? { [JUSTIFICATIONS_ANNOTATION]: encodeJustifications(records) } : {},
    justifications: records,
  };
}

function positive(value: number, field: string): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new RangeError(`${field} must be a positive number (got ${String(value)})`);
  }
  return value;
}

/** Converts a Kubernetes quantity (`64Mi`) to Docker's size syntax (`64m`). */
function dockerSize(quantity: string): string {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (!match) return quantity;
  const unit = { Ki: 'k', k: 'k', Mi: 'm', M: 'm', Gi: 'g', G: 'g', Ti: 't', T: 't' }[match[2] ?? ''] ?? '';
  return `${match[1] ?? ''}${unit}`;
}

/**
 * A Docker Compose service for the settings (long syntax for volumes; ports as
 * `ip:published:target/protocol` so the bind address is explicit). `docker-compose config` accepts it and the audit passes it.
 */
export function renderComposeService(settings: DockerContainerSettings): Record<string, unknown> {
  return {
    image: settings.image,
    container_name: settings.name,
    user: settings.user,
    read_only: settings.readOnly,
    ...(Object.keys(settings.tmpfs).length > 0 && {
      tmpfs: Object.entries(settings.tmpfs).map(([path, options]) => `${path}:${options}`),
    }),
    cap_drop: [...settings.capDrop],
    ...(settings.capAdd.length > 0 && { cap_add: [...settings.capAdd] }),
    security_opt: [...settings.securityOpt],
    privileged: settings.privileged,
    ...(settings.networkMode && { network_mode: settings.networkMode }),
    ...(settings.pidMode && { pid: settings.pidMode }),
    ...(settings.ipcMode && { ipc: settings.ipcMode }),
    ...(settings.binds.length > 0 && {
      volumes: settings.binds.map((b) => ({
        type: 'bind',
        source: b.source,
        target: b.target,
        read_only: b.readOnly,
      })),
    }),
    ...(settings.ports.length > 0 && {
      ports: settings.ports.map(
        (p) =>
          `${p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp}:${p.published}:${p.target}/${p.protocol}`,
      ),
    }),
    ...(Object.keys(settings.sysctls).length > 0 && { sysctls: { ...settings.sysctls } }),
    mem_limit: `${settings.memoryMb}m`,
    cpus: settings.cpus,
    pids_limit: settings.pidsLimit,
    ...(Object.keys(settings.labels).length > 0 && { labels: { ...settings.labels } }),
  };
}

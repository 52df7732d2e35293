import { createHash } from 'node:crypto';
import type { JsonObject } from '../../rules';
import { judgeSeccompProfile } from '../../posture/seccomp-profile-judgement';
import { volumeDriverHostPath } from '../../posture/volume-driver-bind';
import { asArray, asObject } from '../../rules';

/**
 * The Compose service equivalent to `docker.Container` arguments (@pulumi/docker 5.x, plain JSON as a
 * policy receives them), so that the Compose translation and the same rules check both. Every
 * argument with an engine security effect is mapped; lifecycle-only arguments (`mustRun`, `wait`,
 * `destroyGraceSeconds`, ...) have no Compose key and no effect on the posture.
 */
export function composeServiceFromContainerArgs(props: JsonObject): Record<string, unknown> {
  const service: Record<string, unknown> = {};
  const copy = (from: string, to: string) => {
    if (props[from] !== undefined && props[from] !== null) service[to] = props[from];
  };
  copy('image', 'image');
  copy('name', 'container_name');
  copy('user', 'user');
  copy('readOnly', 'read_only');
  copy('privileged', 'privileged');
  copy('securityOpts', 'security_opt');
  if (Array.isArray(service.security_opt))
    service.security_opt = service.security_opt.map(namedSeccompContent);
  copy('networkMode', 'network_mode');
  copy('pidMode', 'pid');
  copy('ipcMode', 'ipc');
  copy('usernsMode', 'userns_mode');
  copy('cgroupnsMode', 'cgroup');
  copy('groupAdds', 'group_add');
  copy('sysctls', 'sysctls');
  copy('runtime', 'runtime');
  copy('hostname', 'hostname');
  copy('command', 'command');
  copy('entrypoints', 'entrypoint');
  copy('envs', 'environment');
  copy('init', 'init');
  copy('cpuShares', 'cpu_shares');
  copy('cpus', 'cpus');
  if (typeof props.memory === 'number' && props.memory > 0) service.mem_limit = `${props.memory}m`;
  if (typeof props.shmSize === 'number' && props.shmSize > 0) service.shm_size = `${props.shmSize}m`;
  if (typeof props.memorySwap === 'number')
    service.memswap_limit = props.memorySwap === -1 ? -1 : `${props.memorySwap}m`;

  const capabilities = asObject(props.capabilities);
  if (capabilities.drops !== undefined) service.cap_drop = capabilities.drops;
  if (capabilities.adds !== undefined) service.cap_add = capabilities.adds;

  const tmpfs = asObject(props.tmpfs);
  if (Object.keys(tmpfs).length > 0) {
    service.tmpfs = Object.entries(tmpfs).map(([path, options]) =>
      typeof options === 'string' && options !== '' ? `${path}:${options}` : path,
    );
  }
  const volumes = [...asArray(props.volumes).flatMap(volumeEntry), ...asArray(props.mounts).map(mountEntry)];
  if (volumes.length > 0) service.volumes = volumes;
  const volumesFrom = asArray(props.volumes).flatMap((v) => {
    const from = asObject(v).fromContainer;
    return typeof from === 'string' ? [`container:${from}`] : [];
  });
  if (volumesFrom.length > 0) service.volumes_from = volumesFrom;

  const devices = asArray(props.devices).map((raw) => {
    const d = asObject(raw);
    return [d.hostPath, d.containerPath ?? d.hostPath, d.permissions]
      .filter((part): part is string => typeof part === 'string')
      .join(':');
  });
  if (devices.length > 0) service.devices = devices;

  const ports = asArray(props.ports).map((raw) => {
    const p = asObject(raw);
    const protocol = typeof p.protocol === 'string' ? p.protocol : 'tcp';
    const published = typeof p.external === 'number' ? `${p.external}:` : '';
    const ip = typeof p.ip === 'string' && p.ip !== '' ? `${p.ip.includes(':') ? `[${p.ip}]` : p.ip}:` : '';
    // Without an address Docker publishes on 0.0.0.0: leave it out so the published-ports rule sees it.
    return `${ip}${ip !== '' && published === '' ? ':' : ''}${published}${typeof p.internal === 'number' ? p.internal : '?'}/${protocol}`;
  });
  if (ports.length > 0) service.ports = ports;

  const labels: Record<string, unknown> = {};
  for (const raw of asArray(props.labels)) {
    const l = asObject(raw);
    if (typeof l.label === 'string') labels[l.label] = l.value;
  }
  if (Object.keys(labels).length > 0) service.labels = labels;
  return service;
}

function volumeEntry(raw: unknown): Record<string, unknown>[] {
  const v = asObject(raw);
  const readOnly = v.readOnly === true;
  if (typeof v.hostPath === 'string') {
    return [{ type: 'bind', source: v.hostPath, target: v.containerPath, read_only: readOnly }];
  }
  if (typeof v.volumeName === 'string') {
    // The provider sends `volumeName:containerPath` as a bind spec: the daemon mounts an absolute path from the host.
    const type = isHostPath(v.volumeName) ? 'bind' : 'volume';
    return [{ type, source: v.volumeName, target: v.containerPath, read_only: readOnly }];
  }
  return [];
}

// `/x` on Linux; `C:\\x`, `C:/x` or `\\\\server\\x` on Windows daemons.
function isHostPath(source: string): boolean {
  return source.startsWith('/') || /^[A-Za-z]:[\\/]/.test(source) || source.startsWith('\\\\');
}

/**
 * A `mounts[]` entry (docker.Container, or a Swarm task's container spec) as a Compose long-syntax
 * volume. A volume mount whose `volumeOptions` give the local driver bind options is the host path it
 * binds, as Compose reads a top-level volume with the same `driver_opts`.
 */
function mountEntry(raw: unknown): Record<string, unknown> {
  const m = asObject(raw);
  const propagation = asObject(m.bindOptions).propagation;
  const volumeOptions = asObject(m.volumeOptions);
  const boundHostPath =
    m.type === 'volume'
      ? volumeDriverHostPath(volumeOptions.driverName, volumeOptions.driverOptions)
      : undefined;
  if (boundHostPath !== undefined) {
    return { type: 'bind', source: boundHostPath, target: m.target, read_only: m.readOnly === true };
  }
  return {
    type: m.type,
    ...(m.source !== undefined && { source: m.source }),
    target: m.target,
    read_only: m.readOnly === true,
    ...(propagation !== undefined && { bind: { propagation } }),
  };
}

/**
 * The Compose service equivalent to a Swarm `docker.Service`'s task (@pulumi/docker 5.x): its
 * container spec (user, read-only root, capabilities, groups, sysctls, mounts, SELinux label), its
 * published ports (Swarm binds them on every address) and a `host` network. The provider has no
 * argument for privileged, seccomp, AppArmor, no-new-privileges or a process limit: the rules judge
 * the service as it runs, with Docker's defaults there.
 */
export function composeServiceFromSwarmServiceArgs(props: JsonObject): Record<string, unknown> {
  const task = asObject(props.taskSpec);
  const spec = asObject(task.containerSpec);
  const service: Record<string, unknown> = {};
  const copy = (from: string, to: string) => {
    if (spec[from] !== undefined && spec[from] !== null) service[to] = spec[from];
  };
  copy('image', 'image');
  copy('user', 'user');
  copy('readOnly', 'read_only');
  copy('capAdds', 'cap_add');
  copy('capDrops', 'cap_drop');
  copy('groups', 'group_add');
  copy('sysctl', 'sysctls');
  copy('hostname', 'hostname');
  copy('init', 'init');
  copy('commands', 'entrypoint');
  copy('args', 'command');
  if (typeof props.name === 'string' && props.name !== '') service.container_name = props.name;
  const seLinux = asObject(asObject(spec.privileges).seLinuxContext);
  const securityOpt: string[] = [];
  if (seLinux.disable === true) securityOpt.push('label=disable');
  for (const key of ['user', 'role', 'type', 'level'] as const) {
    if (typeof seLinux[key] === 'string') securityOpt.push(`label=${key}:${seLinux[key]}`);
  }
  if (securityOpt.length > 0) service.security_opt = securityOpt;
  const volumes = asArray(spec.mounts).map(mountEntry);
  if (volumes.length > 0) service.volumes = volumes;
  const ports = asArray(asObject(props.endpointSpec).ports).map((raw) => {
    const p = asObject(raw);
    const protocol = typeof p.protocol === 'string' ? p.protocol : 'tcp';
    const published = typeof p.publishedPort === 'number' ? `${p.publishedPort}:` : '';
    return `${published}${typeof p.targetPort === 'number' ? p.targetPort : '?'}/${protocol}`;
  });
  if (ports.length > 0) service.ports = ports;
  if (asArray(task.networksAdvanceds).some((n) => asObject(n).name === 'host')) service.network_mode = 'host';
  const limits = asObject(asObject(task.resources).limits);
  if (typeof limits.memoryBytes === 'number' && limits.memoryBytes > 0)
    service.mem_limit = limits.memoryBytes;
  if (typeof limits.nanoCpus === 'number' && limits.nanoCpus > 0) service.cpus = limits.nanoCpus / 1e9;
  const labels: Record<string, unknown> = {};
  for (const raw of asArray(spec.labels)) {
    const l = asObject(raw);
    if (typeof l.label === 'string') labels[l.label] = l.value;
  }
  if (Object.keys(labels).length > 0) service.labels = labels;
  return service;
}

/**
 * The Docker API takes a custom seccomp profile as its content (`seccomp={...}`), where Compose names
 * a file. The translation names inline content by its hash: the same custom profile for the rules,
 * and a finding that stays readable. Content the engine runs as no filter at all (a default action
 * that lets unlisted calls run, or none) is `seccomp=unconfined`, judged as the Compose audit judges a
 * profile file: a record for a custom profile cannot justify it.
 */
function namedSeccompContent(option: unknown): unknown {
  if (typeof option !== 'string' || !/^seccomp[=:]/.test(option)) return option;
  const content = option.slice(option.search(/[=:]/) + 1).trim();
  // The engine reads any value but these two names as a profile's content (`null` included).
  if (content === 'unconfined' || content === 'builtin') return option;
  if (judgeSeccompProfile(content).verdict === 'unconfined') return 'seccomp=unconfined';
  if (!content.startsWith('{')) return option;
  return `seccomp=<inline profile, sha256 ${createHash('sha256').update(content).digest('hex').slice(0, 12)}>`;
}

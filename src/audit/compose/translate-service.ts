import { DEFAULT_DOCKER_SOCKET, normaliseCapability } from '../../posture';
import type { JsonObject } from '../../rules/pod-view';
import { asArray, asObject, at } from '../../rules/pod-view';
import { COMPOSE_SERVICE_KEY } from '../../rules/hardened';
import { SECURITY_OPT_KEYS, parseSecurityOpt, securityOptSettings } from './security-opt';
import { parseComposeUser } from './user';
import type { ComposeMount } from './volumes';
import { namedVolumeHostPath, parseLongVolume, parseShortVolume } from './volumes';

/** A problem found while translating, relative to the service. */
export interface TranslationProblem {
  /** What cannot be read, and how to fix it. */
  readonly message: string;
  /** The Compose key at fault, e.g. `services.api.user`. */
  readonly path: string;
  /** The same location as keys below the service, e.g. `['security_opt', 0]`, for locating its line. */
  readonly keys: readonly (string | number)[];
}

/** A Compose service as a Kubernetes-shaped pod spec, so that the same rules check it. */
export interface TranslatedService {
  /** The service as a Kubernetes pod spec, so the one rule core can check it. */
  readonly spec: Record<string, unknown>;
  /** The container's name: `container_name`, or the service name. */
  readonly containerName: string;
  /** For each pod volume (and the container's volumeMount at the same index), where Compose declared it. */
  readonly volumeOrigins: readonly string[];
  /** Values the translation could not read; each is reported, never silently passed. */
  readonly problems: readonly TranslationProblem[];
}

const LIST_KEYS = ['cap_add', 'cap_drop', 'security_opt', 'devices', 'ports', 'volumes'] as const;

/**
 * Maps a (merged) service to a pod spec with one container. Docker's defaults are made explicit
 * where Kubernetes' differ: no seccomp option means Docker's default profile (RuntimeDefault), no
 * `no-new-privileges` means escalation is allowed. Never throws.
 */
export function translateService(
  name: string,
  service: JsonObject,
  topLevelVolumes: JsonObject,
  servicePath: string,
): TranslatedService {
  const problems: TranslationProblem[] = [];
  for (const key of LIST_KEYS) {
    const value = service[key];
    if (value !== undefined && value !== null && !Array.isArray(value)) {
      problems.push({
        message: `service ${JSON.stringify(name)}: ${key} must be a list`,
        path: `${servicePath}.${key}`,
        keys: [key],
      });
    }
  }
  const containerName = typeof service.container_name === 'string' ? service.container_name : name;
  const securityContext: Record<string, unknown> = {};

  const user = parseComposeUser(service.user);
  if (user?.uid !== undefined) {
    securityContext.runAsUser = user.uid;
    // Only a numeric non-zero uid is verifiably non-root; a name is left for run-as-non-root to refuse.
    if (user.uid > 0) securityContext.runAsNonRoot = true;
  }
  if (user?.gid !== undefined) securityContext.runAsGroup = user.gid;

  if (service.read_only === true || service.read_only === 'true')
    securityContext.readOnlyRootFilesystem = true;
  if (service.privileged === true || service.privileged === 'true') securityContext.privileged = true;

  const capabilities: Record<string, string[]> = {};
  for (const [key, field] of [
    ['cap_drop', 'drop'],
    ['cap_add', 'add'],
  ] as const) {
    const names = asArray(service[key]).map((cap) =>
      typeof cap === 'string' ? normaliseCapability(cap) : String(cap),
    );
    if (names.length > 0) capabilities[field] = names;
  }
  if (Object.keys(capabilities).length > 0) securityContext.capabilities = capabilities;

  const opts = asArray(service.security_opt).map((raw, index) => parseSecurityOpt(String(raw), index));
  const settings = securityOptSettings(opts);
  for (const opt of settings.unknown) {
    problems.push({
      message: `service ${JSON.stringify(name)}: unknown security_opt ${JSON.stringify(opt.text)} (Docker knows ${SECURITY_OPT_KEYS.join(', ')})`,
      path: `${servicePath}.security_opt[${opt.index}]`,
      keys: ['security_opt', opt.index],
    });
  }
  securityContext.allowPrivilegeEscalation = !settings.noNewPrivileges;
  securityContext.seccompProfile = settings.seccomp ?? { type: 'RuntimeDefault' };
  if (settings.appArmor) securityContext.appArmorProfile = settings.appArmor;
  if (settings.seLinuxOptions) securityContext.seLinuxOptions = settings.seLinuxOptions;
  if (settings.unmaskedProcPaths) securityContext.procMount = 'Unmasked';

  const mounts = collectMounts(name, service, topLevelVolumes, servicePath, problems);
  const volumes = mounts.map((m) => podVolume(m.mount, m.origin.slice(servicePath.length + 1)));
  const volumeMounts = mounts.map((m, index) => {
    const mountPropagation = propagationOf(m.mount);
    return {
      name: volumes[index]?.name,
      mountPath: m.mount.target,
      ...(m.mount.readOnly && { readOnly: true }),
      ...(mountPropagation !== undefined && { mountPropagation }),
    };
  });

  const container: Record<string, unknown> = {
    name: containerName,
    ...(typeof service.image === 'string' && { image: service.image }),
    securityContext,
    ...(volumeMounts.length > 0 && { volumeMounts }),
  };
  const ports = asArray(service.ports).flatMap((port) => {
    const target = containerPort(port);
    return target === undefined ? [] : [{ containerPort: target }];
  });
  if (ports.length > 0) container.ports = ports;
  const limits = resourceLimits(service);
  if (Object.keys(limits).length > 0) container.resources = { limits };

  const sysctls = composeSysctls(service.sysctls);
  const spec: Record<string, unknown> = {
    containers: [container],
    ...(volumes.length > 0 && { volumes }),
    ...(service.network_mode === 'host' && { hostNetwork: true }),
    ...(service.pid === 'host' && { hostPID: true }),
    ...(service.ipc === 'host' && { hostIPC: true }),
    ...(sysctls.length > 0 && { securityContext: { sysctls } }),
    [COMPOSE_SERVICE_KEY]: { name, service },
  };
  return { spec, containerName, volumeOrigins: mounts.map((m) => m.origin), problems };
}

interface OriginMount {
  readonly mount: ComposeMount;
  /** Where Compose declared it, e.g. `services.api.volumes[2]`. */
  readonly origin: string;
}

function collectMounts(
  name: string,
  service: JsonObject,
  topLevelVolumes: JsonObject,
  servicePath: string,
  problems: TranslationProblem[],
): OriginMount[] {
  const mounts: OriginMount[] = [];
  asArray(service.volumes).forEach((raw, index) => {
    const origin = `${servicePath}.volumes[${index}]`;
    const parsed = typeof raw === 'string' ? parseShortVolume(raw) : parseLongVolume(asObject(raw));
    if (parsed === undefined) {
      problems.push({
        message: `service ${JSON.stringify(name)}: volumes[${index}] is not a Compose volume (expected "SOURCE:TARGET[:MODE]" or a mapping with type and target)`,
        path: origin,
        keys: ['volumes', index],
      });
      return;
    }
    // A named volume defined as a bind of a host directory is a host path mount.
    const device =
      parsed.type === 'volume' && parsed.source !== undefined
        ? namedVolumeHostPath(topLevelVolumes[parsed.source])
        : undefined;
    mounts.push({
      mount: device === undefined ? parsed : { ...parsed, type: 'bind', source: device },
      origin,
    });
  });
  const tmpfs = service.tmpfs;
  (typeof tmpfs === 'string' ? [tmpfs] : asArray(tmpfs)).forEach((raw, index) => {
    if (typeof raw !== 'string' || raw === '') return;
    const target = raw.split(':')[0] ?? raw;
    const origin = typeof tmpfs === 'string' ? `${servicePath}.tmpfs` : `${servicePath}.tmpfs[${index}]`;
    mounts.push({ mount: { type: 'tmpfs', target, readOnly: false }, origin });
  });
  // Compose's use_api_socket mounts the Docker API socket into the container.
  if (service.use_api_socket === true || service.use_api_socket === 'true') {
    mounts.push({
      mount: { type: 'bind', source: DEFAULT_DOCKER_SOCKET, target: DEFAULT_DOCKER_SOCKET, readOnly: false },
      origin: `${servicePath}.use_api_socket`,
    });
  }
  return mounts;
}

// The volume is named after its Compose origin (`volumes[2]`, `tmpfs[0]`): findings stay readable.
function podVolume(mount: ComposeMount, name: string): Record<string, unknown> {
  switch (mount.type) {
    case 'bind':
    case 'npipe':
      return { name, hostPath: { path: mount.source ?? '' } };
    case 'tmpfs':
      return { name, emptyDir: { medium: 'Memory' } };
    case 'image':
      return { name, image: { reference: mount.source ?? '' } };
    case 'volume':
    case 'cluster':
      // A named volume persists like a claim; an anonymous one lives and dies with the container.
      return mount.source === undefined
        ? { name, emptyDir: {} }
        : { name, persistentVolumeClaim: { claimName: mount.source } };
  }
}

function propagationOf(mount: ComposeMount): string | undefined {
  if (mount.propagation === 'shared' || mount.propagation === 'rshared') return 'Bidirectional';
  if (mount.propagation === 'slave' || mount.propagation === 'rslave') return 'HostToContainer';
  return undefined;
}

function containerPort(port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  const text = typeof port === 'string' ? port.split('/')[0]?.split(':').pop() : asObject(port).target;
  const value = Number(typeof text === 'string' ? text.split('-')[0] : text);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

function resourceLimits(service: JsonObject): Record<string, string> {
  const limits: Record<string, string> = {};
  const memory = service.mem_limit ?? at(service, 'deploy', 'resources', 'limits', 'memory');
  const cpus = service.cpus ?? at(service, 'deploy', 'resources', 'limits', 'cpus');
  if (typeof memory === 'string' || typeof memory === 'number') limits.memory = String(memory);
  if (typeof cpus === 'string' || typeof cpus === 'number') limits.cpu = String(cpus);
  return limits;
}

function composeSysctls(value: unknown): { name: string; value: string }[] {
  if (Array.isArray(value)) {
    return value.flatMap((entry) => {
      if (typeof entry !== 'string') return [];
      const [key = '', ...rest] = entry.split('=');
      return key === '' ? [] : [{ name: key.trim(), value: rest.join('=').trim() }];
    });
  }
  return Object.entries(asObject(value)).map(([key, v]) => ({ name: key, value: String(v) }));
}

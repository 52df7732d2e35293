import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Capability } from '../../posture';
import { DEFAULT_DOCKER_SOCKET, RUNTIME_DEFAULT_CAPABILITIES, normaliseCapability } from '../../posture';
import { generatedProfileHashes } from '../../seccomp/profile-file-hashes';
import type { JsonObject } from '../../rules/pod-view';
import { asArray, asObject, at } from '../../rules/pod-view';
import { COMPOSE_SERVICE_KEY } from '../../rules/hardened';
import type { ComposeSeccompProfileFile, ProjectFileBind, UnsetVariableUse } from '../../rules/hardened';
import { castServiceBooleans } from './booleans';
import type { Taint } from './load-project';
import type { UnconfiningSeccompFile } from './seccomp-file';
import { readComposeSeccompFile } from './seccomp-file';
import type { SecurityOptSettings } from './security-opt';
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
  /** The service as Compose reads it: boolean fields cast (`"True"`, `yes`, `on` are true). */
  readonly service: JsonObject;
  /**
   * The `seccomp=<file>` profile that makes the service Unconfined in effect, for the findings'
   * wording. @default - absent: no such file
   */
  readonly unconfiningSeccompFile?: UnconfiningSeccompFile;
}

/** What the translation knows beyond the service mapping. */
export interface TranslationContext {
  /** Top-level `volumes` (a named volume can be a bind in disguise). @default - none */
  readonly volumes?: JsonObject;
  /** Top-level `configs`; a `file:` config is bind-mounted from the host. @default - none */
  readonly configs?: JsonObject;
  /** Top-level `secrets`; a `file:` secret is bind-mounted from the host. @default - none */
  readonly secrets?: JsonObject;
  /**
   * The absolute directory of the top-level Compose file: a read-only bind of a file inside it is
   * project configuration, not a host path, and a `seccomp=<file>` profile is read relative to it
   * (as Compose reads it) and judged. @default - none: every bind is a host path, and a seccomp
   * file is taken as a custom profile without being read
   */
  readonly projectDirectory?: string;
  /** Values that depend on unset variables, by keys below the service. @default - none */
  readonly taints?: readonly Taint[];
}

/** What the translation leaves for the Compose-only rules, under COMPOSE_SERVICE_KEY of the pod spec. */
export interface ComposeServiceRecord {
  /** The service's name. */
  readonly name: string;
  /** The service as written (after interpolation and merging). */
  readonly service: JsonObject;
  /** Security values that still depend on an unset variable. */
  readonly taints: readonly UnsetVariableUse[];
  /** Read-only binds of files inside the project directory. */
  readonly projectFiles: readonly ProjectFileBind[];
  /** The seccomp profile file, when it was read and denies by default. @default - absent */
  readonly seccompProfileFile?: ComposeSeccompProfileFile;
}

const LIST_KEYS = ['cap_add', 'cap_drop', 'security_opt', 'devices', 'ports', 'volumes'] as const;

/**
 * Maps a (merged) service to a pod spec with one container. Docker's defaults are made explicit
 * where Kubernetes' differ: no seccomp option means Docker's default profile (RuntimeDefault), no
 * `no-new-privileges` means escalation is allowed. Never throws.
 */
export function translateService(
  name: string,
  written: JsonObject,
  servicePath: string,
  context: TranslationContext = {},
): TranslatedService {
  const problems: TranslationProblem[] = [];
  const cast = castServiceBooleans(written);
  const service: JsonObject = cast.service;
  for (const problem of cast.problems) {
    const field = problem.keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
    problems.push({
      message: `service ${JSON.stringify(name)}: ${field.slice(1)} must be a boolean (true/false, yes/no, on/off, y/n), not ${JSON.stringify(problem.value)}: Compose refuses it`,
      path: `${servicePath}${field}`,
      keys: problem.keys,
    });
  }
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

  if (service.read_only === true) securityContext.readOnlyRootFilesystem = true;
  if (service.privileged === true) securityContext.privileged = true;

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
  const seccompFile = judgeSeccompFile(name, settings, context, servicePath, problems);
  const unconfiningSeccompFile = seccompFile?.verdict === 'unconfined' ? seccompFile.file : undefined;
  securityContext.seccompProfile =
    unconfiningSeccompFile !== undefined
      ? { type: 'Unconfined' }
      : (settings.seccomp ?? { type: 'RuntimeDefault' });
  if (settings.appArmor) securityContext.appArmorProfile = settings.appArmor;
  if (settings.seLinuxOptions) securityContext.seLinuxOptions = settings.seLinuxOptions;
  if (settings.unmaskedProcPaths) securityContext.procMount = 'Unmasked';

  const mounts = collectMounts(name, service, context, servicePath, problems);
  const projectFiles = mounts.flatMap((m) =>
    m.projectFile === undefined
      ? []
      : [{ origin: m.origin, source: m.projectFile, target: m.mount.target } satisfies ProjectFileBind],
  );
  const volumes = mounts.map((m) => podVolume(m, m.origin.slice(servicePath.length + 1)));
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
  const supplementalGroups = groupIds(service.group_add);
  const spec: Record<string, unknown> = {
    containers: [container],
    ...(volumes.length > 0 && { volumes }),
    ...(service.network_mode === 'host' && { hostNetwork: true }),
    ...(service.pid === 'host' && { hostPID: true }),
    ...(service.ipc === 'host' && { hostIPC: true }),
    ...((sysctls.length > 0 || supplementalGroups.length > 0) && {
      securityContext: {
        ...(sysctls.length > 0 && { sysctls }),
        ...(supplementalGroups.length > 0 && { supplementalGroups }),
      },
    }),
    [COMPOSE_SERVICE_KEY]: {
      name,
      service,
      taints: context.taints ?? [],
      projectFiles,
      ...(seccompFile?.verdict === 'denies' && {
        seccompProfileFile: {
          path: seccompFile.path,
          generatedSha256: generatedProfileHashes(seccompFile.text, [[], effectiveCapabilities(service)]),
        },
      }),
    } satisfies ComposeServiceRecord,
  };
  return {
    spec,
    containerName,
    volumeOrigins: mounts.map((m) => m.origin),
    problems,
    service,
    ...(unconfiningSeccompFile !== undefined && { unconfiningSeccompFile }),
  };
}

/** A profile file read and judged: one that denies by default keeps its text, for its hashes. */
type JudgedSeccompFile =
  | { readonly verdict: 'unconfined'; readonly file: UnconfiningSeccompFile }
  | { readonly verdict: 'denies'; readonly path: string; readonly text: string };

const SECCOMP_FILE_FIX =
  'write a JSON profile whose defaultAction denies (e.g. "SCMP_ACT_ERRNO"), or drop the option for Docker\'s default profile';

/**
 * Reads and judges the profile file of the service's seccomp option, when the project has a
 * directory to read it from. A profile that lets unlisted calls run is returned with why (the
 * service is Unconfined in effect); one that denies by default with its text, for its hashes; one
 * Compose or the engine would not run is a problem (exit 2).
 */
function judgeSeccompFile(
  name: string,
  settings: SecurityOptSettings,
  context: TranslationContext,
  servicePath: string,
  problems: TranslationProblem[],
): JudgedSeccompFile | undefined {
  const opt = settings.seccompOpt;
  const directory = context.projectDirectory;
  if (opt === undefined || settings.seccomp?.type !== 'Localhost' || directory === undefined)
    return undefined;
  // A path that depends on an unset variable is compose-variables-set's finding: the file is unknown.
  const tainted = (context.taints ?? []).some((t) => t.keys[0] === 'security_opt' && t.keys[1] === opt.index);
  if (tainted) return undefined;
  const { path, judgement, text } = readComposeSeccompFile(opt.value, directory);
  if (judgement.verdict === 'denies') return { verdict: 'denies', path, text: text ?? '' };
  if (judgement.verdict === 'unconfined') {
    return { verdict: 'unconfined', file: { opt, path, reason: judgement.reason } };
  }
  const option = `service ${JSON.stringify(name)}: security_opt ${JSON.stringify(opt.text)}`;
  problems.push({
    message:
      judgement.verdict === 'unreadable'
        ? `${option}: cannot read the seccomp profile ${JSON.stringify(path)} (${judgement.reason}), so docker compose up cannot create the container; ` +
          `correct the path (Compose reads a relative one from the project directory ${JSON.stringify(directory)}) or ${SECCOMP_FILE_FIX}`
        : `${option}: the seccomp profile ${JSON.stringify(path)} is not one Docker runs: ${judgement.reason}; ${SECCOMP_FILE_FIX}`,
    path: `${servicePath}.security_opt[${opt.index}]`,
    keys: ['security_opt', opt.index],
  });
  return undefined;
}

/** The capabilities the service's container runs with: Docker's defaults, or none after `cap_drop: [ALL]`, then cap_add. */
function effectiveCapabilities(service: JsonObject): Capability[] {
  const names = (key: string) =>
    asArray(service[key]).flatMap((cap) => (typeof cap === 'string' ? [normaliseCapability(cap)] : []));
  const dropped = names('cap_drop');
  const kept = dropped.includes('ALL')
    ? []
    : RUNTIME_DEFAULT_CAPABILITIES.filter((c) => !dropped.includes(c));
  return [...new Set([...kept, ...names('cap_add')])] as Capability[];
}

interface OriginMount {
  readonly mount: ComposeMount;
  /** Where Compose declared it, e.g. `services.api.volumes[2]`. */
  readonly origin: string;
  /** For a read-only bind of a file inside the project: the source as written. */
  readonly projectFile?: string;
}

function collectMounts(
  name: string,
  service: JsonObject,
  context: TranslationContext,
  servicePath: string,
  problems: TranslationProblem[],
): OriginMount[] {
  const mounts: OriginMount[] = [];
  const topLevelVolumes = asObject(context.volumes);
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
    const mount: ComposeMount = device === undefined ? parsed : { ...parsed, type: 'bind', source: device };
    mounts.push(placeBind(mount, origin, context));
  });
  const tmpfs = service.tmpfs;
  (typeof tmpfs === 'string' ? [tmpfs] : asArray(tmpfs)).forEach((raw, index) => {
    if (typeof raw !== 'string' || raw === '') return;
    const target = raw.split(':')[0] ?? raw;
    const origin = typeof tmpfs === 'string' ? `${servicePath}.tmpfs` : `${servicePath}.tmpfs[${index}]`;
    mounts.push({ mount: { type: 'tmpfs', target, readOnly: false }, origin });
  });
  // Outside Swarm, Compose bind-mounts a `file:` config or secret from the host, read-only.
  for (const [key, defaultDirectory, definitions] of [
    ['configs', '/', context.configs],
    ['secrets', '/run/secrets/', context.secrets],
  ] as const) {
    asArray(service[key]).forEach((raw, index) => {
      const reference = typeof raw === 'string' ? { source: raw } : asObject(raw);
      const source = reference.source;
      if (typeof source !== 'string') return;
      const definition = asObject(asObject(definitions)[source]);
      const file = definition.file;
      if (typeof file !== 'string') return;
      const target = typeof reference.target === 'string' ? reference.target : `${defaultDirectory}${source}`;
      const mount: ComposeMount = { type: 'bind', source: file, target, readOnly: true };
      mounts.push(placeBind(mount, `${servicePath}.${key}[${index}]`, context));
    });
  }
  // Compose's use_api_socket mounts the Docker API socket into the container.
  if (service.use_api_socket === true) {
    mounts.push({
      mount: { type: 'bind', source: DEFAULT_DOCKER_SOCKET, target: DEFAULT_DOCKER_SOCKET, readOnly: false },
      origin: `${servicePath}.use_api_socket`,
    });
  }
  return mounts;
}

/**
 * A bind with its relative source resolved against the project directory (compose-go gives file
 * sources absolute already; a document taken as written may not), so that
 * `../../var/run/docker.sock` is judged as the host path it reaches. A read-only bind that stays
 * inside the project directory, also after symlinks, is project configuration
 * (`./nginx.conf:/etc/nginx/nginx.conf:ro`), named relative to the project.
 */
function placeBind(mount: ComposeMount, origin: string, context: TranslationContext): OriginMount {
  const source = mount.source;
  const project = context.projectDirectory;
  if (mount.type !== 'bind' || source === undefined || project === undefined) return { mount, origin };
  if (source.startsWith('~') || /^[A-Za-z]:/.test(source)) return { mount, origin };
  const absolute = resolve(project, source);
  const real = realPath(absolute);
  if (!isInside(absolute, project)) return { mount: { ...mount, source: absolute }, origin };
  // A path in the project that a symlink takes out of it is judged where it leads.
  const inside = real === undefined || isInside(real, realPath(project) ?? project);
  if (inside && mount.readOnly) return { mount, origin, projectFile: projectRelative(project, absolute) };
  return { mount: { ...mount, source: real ?? absolute }, origin };
}

// `./nginx.conf`, as a project file is written in Compose.
function projectRelative(project: string, absolute: string): string {
  const rel = relative(project, absolute);
  return rel === '' ? '.' : `./${rel.split('\\').join('/')}`;
}

function isInside(path: string, directory: string): boolean {
  const rel = relative(directory, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

// Symlinks resolved on the longest part of the path that exists: a link out of the project to a
// directory counts even when the file below it does not exist where the audit runs.
function realPath(path: string): string | undefined {
  let existing = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(existing), ...rest);
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return undefined;
      rest.unshift(basename(existing));
      existing = parent;
    }
  }
}

/** `group_add` as numeric groups (`root` is 0); a group name other than root is left out. */
function groupIds(value: unknown): number[] {
  return asArray(value).flatMap((group) => {
    if (typeof group === 'number' && Number.isInteger(group)) return [group];
    if (group === 'root') return [0];
    return typeof group === 'string' && /^\d+$/.test(group) ? [Number(group)] : [];
  });
}

// The volume is named after its Compose origin (`volumes[2]`, `tmpfs[0]`): findings stay readable.
function podVolume(entry: OriginMount, name: string): Record<string, unknown> {
  const mount = entry.mount;
  // A read-only project file is shipped configuration: what a ConfigMap is to a pod.
  if (entry.projectFile !== undefined) return { name, configMap: { name: entry.projectFile } };
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

/**
 * A faithful, pure mapping from the arguments of `@pulumi/docker`'s `docker.Container` (with plain,
 * resolved values, e.g. the `inputs` a Pulumi mock receives) to `docker run` engine flags.
 *
 * Faithful means: the container that `docker run <flags> <image> <command>` creates has the same
 * engine configuration as the one the provider (terraform-provider-docker, which `@pulumi/docker`
 * wraps) creates through the Engine API from the same arguments. Where an argument has no
 * `docker run` equivalent, or the provider's behaviour cannot be reproduced, the mapping throws
 * {@link UnsupportedContainerArgError}: nothing is dropped silently. Provider-only lifecycle
 * arguments (no engine effect) are listed in {@link DockerRunInvocation.providerOnly}.
 */
import type { ContainerArgs } from '@pulumi/docker';

/** Thrown for an argument that cannot be mapped faithfully (unknown key, wrong type, no flag). */
export class UnsupportedContainerArgError extends Error {
  constructor(
    readonly arg: string,
    reason: string,
  ) {
    super(`docker.Container argument '${arg}': ${reason}`);
    this.name = 'UnsupportedContainerArgError';
  }
}

/** The `docker run` invocation equivalent to a `docker.Container`'s arguments. */
export interface DockerRunInvocation {
  /** Engine flags, in a deterministic order (the order of the argument table below). */
  readonly flags: readonly string[];
  readonly image: string;
  /** Arguments after the image (the container's command), possibly empty. */
  readonly command: readonly string[];
  /** Arguments that were present but only steer the provider's lifecycle (no engine effect). */
  readonly providerOnly: readonly string[];
}

/** Plain, resolved `docker.Container` arguments: a record keyed by `ContainerArgs` names. */
export type PlainContainerArgs = { readonly [K in keyof ContainerArgs]?: unknown } & {
  readonly image: string;
};

type Emit = (value: unknown, out: Out) => void;
interface Out {
  flags: string[];
  command: string[];
  entrypointRest: string[];
  providerOnly: string[];
}

const fail = (arg: string, reason: string): never => {
  throw new UnsupportedContainerArgError(arg, reason);
};

function str(arg: string, v: unknown): string {
  return typeof v === 'string' ? v : fail(arg, `expected a string, got ${JSON.stringify(v)}`);
}
function num(arg: string, v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v)
    ? v
    : fail(arg, `expected a number, got ${JSON.stringify(v)}`);
}
function int(arg: string, v: unknown): number {
  const n = num(arg, v);
  return Number.isInteger(n) ? n : fail(arg, `expected an integer, got ${n}`);
}
function bool(arg: string, v: unknown): boolean {
  return typeof v === 'boolean' ? v : fail(arg, `expected a boolean, got ${JSON.stringify(v)}`);
}
function strList(arg: string, v: unknown): string[] {
  if (!Array.isArray(v)) return fail(arg, `expected a list of strings, got ${JSON.stringify(v)}`);
  return v.map((x: unknown, i) => str(`${arg}[${i}]`, x));
}
function list(arg: string, v: unknown): unknown[] {
  return Array.isArray(v) ? v : fail(arg, `expected a list, got ${JSON.stringify(v)}`);
}
function strMap(arg: string, v: unknown): [string, string][] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return fail(arg, `expected a map of strings, got ${JSON.stringify(v)}`);
  }
  return Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, str(`${arg}.${k}`, x)]);
}
/** Reads an object, rejecting keys outside `known` (so a new provider field cannot be dropped). */
function obj(arg: string, v: unknown, known: readonly string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return fail(arg, `expected an object, got ${JSON.stringify(v)}`);
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (o[k] !== undefined && !known.includes(k))
      fail(`${arg}.${k}`, 'unknown field: not mapped to a docker run flag');
  }
  return o;
}

/** A flag taking a value: `--name value`. */
const valued =
  (flag: string, read: (arg: string, v: unknown) => string | number) =>
  (arg: string): Emit =>
  (v, out) => {
    out.flags.push(flag, String(read(arg, v)));
  };
/** A repeated flag: one `--flag value` per list element. */
const repeated =
  (flag: string) =>
  (arg: string): Emit =>
  (v, out) => {
    for (const x of strList(arg, v)) out.flags.push(flag, x);
  };
/** A repeated `--flag key=value` from a map. */
const keyValues =
  (flag: string) =>
  (arg: string): Emit =>
  (v, out) => {
    for (const [k, x] of strMap(arg, v).sort(([a], [b]) => a.localeCompare(b)))
      out.flags.push(flag, `${k}=${x}`);
  };
/** A boolean switch emitted only when true (the provider sends false as the engine's default). */
const switchFlag =
  (flag: string) =>
  (arg: string): Emit =>
  (v, out) => {
    if (bool(arg, v)) out.flags.push(flag);
  };
/** A size in MB (the provider multiplies by 1024*1024); 0 means unset (the provider's GetOk). */
const megabytes =
  (flag: string) =>
  (arg: string): Emit =>
  (v, out) => {
    const n = int(arg, v);
    if (n < 0) fail(arg, `negative size ${n}`);
    if (n !== 0) out.flags.push(flag, `${n}m`);
  };
const providerOnly =
  () =>
  (arg: string): Emit =>
  (_v, out) => {
    out.providerOnly.push(arg);
  };
const unsupported =
  (reason: string) =>
  (arg: string): Emit =>
  () => {
    fail(arg, reason);
  };

const devicePathRate =
  (flag: string) =>
  (arg: string): Emit =>
  (v, out) => {
    list(arg, v).forEach((d, i) => {
      const o = obj(`${arg}[${i}]`, d, ['path', 'rate']);
      out.flags.push(flag, `${str(`${arg}[${i}].path`, o.path)}:${int(`${arg}[${i}].rate`, o.rate)}`);
    });
  };

/**
 * Every `ContainerArgs` key, and how it maps. The `Record<keyof ContainerArgs, …>` type makes a
 * newly added provider argument a compile error here until it is mapped or rejected.
 */
const TABLE: Record<keyof ContainerArgs, (arg: string) => Emit> = {
  image: () => () => undefined, // positional, handled by the caller
  name: valued('--name', str),
  user: valued('--user', str),
  groupAdds: repeated('--group-add'),
  workingDir: valued('--workdir', str),
  hostname: valued('--hostname', str),
  domainname: valued('--domainname', str),
  envs: repeated('--env'),
  labels: (arg) => (v, out) => {
    list(arg, v).forEach((l, i) => {
      const o = obj(`${arg}[${i}]`, l, ['label', 'value']);
      out.flags.push(
        '--label',
        `${str(`${arg}[${i}].label`, o.label)}=${str(`${arg}[${i}].value`, o.value)}`,
      );
    });
  },
  // Security posture
  privileged: switchFlag('--privileged'),
  readOnly: switchFlag('--read-only'),
  capabilities: (arg) => (v, out) => {
    const o = obj(arg, v, ['adds', 'drops']);
    // The provider sends CapAdd/CapDrop as given; the engine applies drops first, then adds.
    if (o.drops !== undefined)
      for (const c of strList(`${arg}.drops`, o.drops)) out.flags.push('--cap-drop', c);
    if (o.adds !== undefined) for (const c of strList(`${arg}.adds`, o.adds)) out.flags.push('--cap-add', c);
  },
  securityOpts: repeated('--security-opt'),
  usernsMode: valued('--userns', str),
  pidMode: valued('--pid', str),
  ipcMode: valued('--ipc', str),
  cgroupnsMode: valued('--cgroupns', str),
  cgroupParent: valued('--cgroup-parent', str),
  networkMode: valued('--network', str),
  runtime: valued('--runtime', str),
  sysctls: keyValues('--sysctl'),
  init: (arg) => (v, out) => {
    // The provider sends Init as an explicit boolean: false overrides the daemon's default too.
    out.flags.push(bool(arg, v) ? '--init' : '--init=false');
  },
  // Filesystem
  tmpfs: (arg) => (v, out) => {
    for (const [path, opts] of strMap(arg, v).sort(([a], [b]) => a.localeCompare(b))) {
      out.flags.push('--tmpfs', opts === '' ? path : `${path}:${opts}`);
    }
  },
  volumes: (arg) => (v, out) => {
    list(arg, v).forEach((raw, i) => {
      const at = `${arg}[${i}]`;
      const o = obj(at, raw, [
        'containerPath',
        'fromContainer',
        'hostPath',
        'readOnly',
        'selinuxRelabel',
        'volumeName',
      ]);
      const containerPath = o.containerPath === undefined ? '' : str(`${at}.containerPath`, o.containerPath);
      const fromContainer = o.fromContainer === undefined ? '' : str(`${at}.fromContainer`, o.fromContainer);
      const volumeName = o.volumeName === undefined ? '' : str(`${at}.volumeName`, o.volumeName);
      const hostPath = o.hostPath === undefined ? '' : str(`${at}.hostPath`, o.hostPath);
      const readOnly = o.readOnly === undefined ? false : bool(`${at}.readOnly`, o.readOnly);
      const relabel = o.selinuxRelabel === undefined ? '' : str(`${at}.selinuxRelabel`, o.selinuxRelabel);
      if (relabel !== '' && relabel !== 'z' && relabel !== 'Z')
        fail(`${at}.selinuxRelabel`, `must be z or Z`);
      if (fromContainer === '' && containerPath === '')
        fail(at, 'volume without containerPath or fromContainer');
      if (fromContainer !== '' && containerPath !== '') fail(at, 'both fromContainer and containerPath');
      if (fromContainer !== '') {
        out.flags.push('--volumes-from', fromContainer);
        return;
      }
      const source = volumeName !== '' ? volumeName : hostPath; // the provider prefers volumeName
      if (source === '') {
        // An anonymous volume: the provider ignores readOnly there; refuse rather than hide it.
        if (readOnly) fail(at, 'readOnly on an anonymous volume is ignored by the provider');
        out.flags.push('--volume', containerPath);
        return;
      }
      out.flags.push(
        '--volume',
        `${source}:${containerPath}:${readOnly ? 'ro' : 'rw'}${relabel ? `,${relabel}` : ''}`,
      );
    });
  },
  mounts: (arg) => (v, out) => {
    list(arg, v).forEach((raw, i) => {
      const at = `${arg}[${i}]`;
      const o = obj(at, raw, [
        'bindOptions',
        'readOnly',
        'source',
        'target',
        'tmpfsOptions',
        'type',
        'volumeOptions',
      ]);
      const type = str(`${at}.type`, o.type);
      const parts = [`type=${type}`];
      if (o.source !== undefined && o.source !== '') parts.push(`source=${str(`${at}.source`, o.source)}`);
      parts.push(`target=${str(`${at}.target`, o.target)}`);
      if (o.readOnly !== undefined && bool(`${at}.readOnly`, o.readOnly)) parts.push('readonly');
      if (type === 'bind') {
        if (o.bindOptions !== undefined) {
          const b = obj(`${at}.bindOptions`, o.bindOptions, ['propagation']);
          if (b.propagation !== undefined)
            parts.push(`bind-propagation=${str(`${at}.bindOptions.propagation`, b.propagation)}`);
        }
      } else if (type === 'volume') {
        if (o.volumeOptions !== undefined) {
          const vo = obj(`${at}.volumeOptions`, o.volumeOptions, [
            'driverName',
            'driverOptions',
            'labels',
            'noCopy',
            'subpath',
          ]);
          if (vo.noCopy !== undefined && bool(`${at}.volumeOptions.noCopy`, vo.noCopy))
            parts.push('volume-nocopy');
          if (vo.driverName !== undefined)
            parts.push(`volume-driver=${str(`${at}.volumeOptions.driverName`, vo.driverName)}`);
          if (vo.driverOptions !== undefined) {
            for (const [k, x] of strMap(`${at}.volumeOptions.driverOptions`, vo.driverOptions))
              parts.push(`volume-opt=${k}=${x}`);
          }
          if (vo.labels !== undefined) {
            list(`${at}.volumeOptions.labels`, vo.labels).forEach((l, j) => {
              const lo = obj(`${at}.volumeOptions.labels[${j}]`, l, ['label', 'value']);
              parts.push(`volume-label=${str('label', lo.label)}=${str('value', lo.value)}`);
            });
          }
          if (vo.subpath !== undefined)
            fail(`${at}.volumeOptions.subpath`, 'volume-subpath needs a newer docker CLI than 20.10');
        }
      } else if (type === 'tmpfs') {
        if (o.tmpfsOptions !== undefined) {
          const t = obj(`${at}.tmpfsOptions`, o.tmpfsOptions, ['mode', 'sizeBytes']);
          if (t.sizeBytes !== undefined)
            parts.push(`tmpfs-size=${int(`${at}.tmpfsOptions.sizeBytes`, t.sizeBytes)}`);
          // The provider sends the number as os.FileMode bits; the CLI parses tmpfs-mode as octal.
          if (t.mode !== undefined)
            parts.push(`tmpfs-mode=${int(`${at}.tmpfsOptions.mode`, t.mode).toString(8)}`);
        }
      } else {
        fail(`${at}.type`, `unknown mount type '${type}' (bind, volume or tmpfs)`);
      }
      for (const p of parts)
        if (p.includes(',')) fail(at, `a comma in '${p}' cannot be expressed in --mount`);
      out.flags.push('--mount', parts.join(','));
    });
  },
  shmSize: megabytes('--shm-size'),
  storageOpts: keyValues('--storage-opt'),
  uploads: unsupported('files uploaded before start have no docker run flag (use docker create + cp)'),
  // Network
  ports: (arg) => (v, out) => {
    list(arg, v).forEach((raw, i) => {
      const at = `${arg}[${i}]`;
      const o = obj(at, raw, ['external', 'internal', 'ip', 'protocol']);
      const internal = int(`${at}.internal`, o.internal);
      const protocol = o.protocol === undefined ? 'tcp' : str(`${at}.protocol`, o.protocol); // provider default
      const ip = o.ip === undefined ? '0.0.0.0' : str(`${at}.ip`, o.ip); // provider default
      const external = o.external === undefined ? '' : String(int(`${at}.external`, o.external));
      const host = ip.includes(':') ? `[${ip}]` : ip;
      out.flags.push('--publish', `${host}:${external}:${internal}/${protocol}`);
    });
  },
  publishAllPorts: switchFlag('--publish-all'),
  dns: repeated('--dns'),
  dnsOpts: repeated('--dns-option'),
  dnsSearches: repeated('--dns-search'),
  hosts: (arg) => (v, out) => {
    list(arg, v).forEach((raw, i) => {
      const o = obj(`${arg}[${i}]`, raw, ['host', 'ip']);
      out.flags.push('--add-host', `${str(`${arg}[${i}].host`, o.host)}:${str(`${arg}[${i}].ip`, o.ip)}`);
    });
  },
  networksAdvanced: unsupported(
    'the provider connects these networks after create; map them with docker network connect, not docker run',
  ),
  // Resources
  memory: megabytes('--memory'),
  memoryReservation: megabytes('--memory-reservation'),
  memorySwap: (arg) => (v, out) => {
    const n = int(arg, v);
    if (n === -1) out.flags.push('--memory-swap', '-1');
    else if (n > 0) out.flags.push('--memory-swap', `${n}m`);
    else if (n < -1) fail(arg, `invalid value ${n}`);
  },
  cpus: valued('--cpus', str),
  cpuShares: valued('--cpu-shares', int),
  cpuSet: valued('--cpuset-cpus', str),
  cpuPeriod: valued('--cpu-period', int),
  cpuQuota: valued('--cpu-quota', int),
  ulimits: (arg) => (v, out) => {
    list(arg, v).forEach((raw, i) => {
      const at = `${arg}[${i}]`;
      const o = obj(at, raw, ['hard', 'name', 'soft']);
      out.flags.push(
        '--ulimit',
        `${str(`${at}.name`, o.name)}=${int(`${at}.soft`, o.soft)}:${int(`${at}.hard`, o.hard)}`,
      );
    });
  },
  devices: (arg) => (v, out) => {
    list(arg, v).forEach((raw, i) => {
      const at = `${arg}[${i}]`;
      const o = obj(at, raw, ['containerPath', 'hostPath', 'permissions']);
      const hostPath = str(`${at}.hostPath`, o.hostPath);
      const containerPath =
        o.containerPath === undefined ? hostPath : str(`${at}.containerPath`, o.containerPath);
      const permissions = o.permissions === undefined ? 'rwm' : str(`${at}.permissions`, o.permissions);
      out.flags.push('--device', `${hostPath}:${containerPath}:${permissions}`);
    });
  },
  deviceCgroupRules: repeated('--device-cgroup-rule'),
  deviceReadBps: devicePathRate('--device-read-bps'),
  deviceReadIops: devicePathRate('--device-read-iops'),
  deviceWriteBps: devicePathRate('--device-write-bps'),
  deviceWriteIops: devicePathRate('--device-write-iops'),
  deviceRequests: unsupported('CDI device requests have no docker 20.10 run flag'),
  gpus: valued('--gpus', str),
  platform: valued('--platform', str),
  // Process
  command: (arg) => (v, out) => {
    const c = strList(arg, v);
    if (c.includes('')) fail(arg, 'values for command may not be empty (the provider rejects them)');
    out.command.push(...c);
  },
  entrypoints: (arg) => (v, out) => {
    // docker run takes one --entrypoint word; the rest of the list runs as the first arguments.
    const [first, ...rest] = strList(arg, v);
    if (first === undefined) fail(arg, 'an empty entrypoint list');
    out.flags.push('--entrypoint', first!);
    out.entrypointRest.push(...rest);
  },
  tty: switchFlag('--tty'),
  stdinOpen: switchFlag('--interactive'),
  stopSignal: valued('--stop-signal', str),
  stopTimeout: valued('--stop-timeout', int),
  restart: valued('--restart', str),
  maxRetryCount: () => () => undefined, // folded into --restart below
  healthcheck: (arg) => (v, out) => {
    const o = obj(arg, v, ['interval', 'retries', 'startInterval', 'startPeriod', 'tests', 'timeout']);
    if (o.tests !== undefined) {
      const tests = strList(`${arg}.tests`, o.tests);
      const [kind, ...rest] = tests;
      if (kind === 'NONE') out.flags.push('--no-healthcheck');
      else if (kind === 'CMD-SHELL' && rest.length === 1) out.flags.push('--health-cmd', rest[0]!);
      else
        fail(
          `${arg}.tests`,
          `only ["CMD-SHELL", cmd] or ["NONE"] have a docker run flag, got ${JSON.stringify(tests)}`,
        );
    }
    if (o.interval !== undefined) out.flags.push('--health-interval', str(`${arg}.interval`, o.interval));
    if (o.timeout !== undefined) out.flags.push('--health-timeout', str(`${arg}.timeout`, o.timeout));
    if (o.startPeriod !== undefined)
      out.flags.push('--health-start-period', str(`${arg}.startPeriod`, o.startPeriod));
    if (o.startInterval !== undefined) fail(`${arg}.startInterval`, 'needs a newer docker CLI than 20.10');
    if (o.retries !== undefined) out.flags.push('--health-retries', String(int(`${arg}.retries`, o.retries)));
  },
  logDriver: valued('--log-driver', str),
  logOpts: keyValues('--log-opt'),
  rm: switchFlag('--rm'),
  // Provider lifecycle only: no effect on the container's engine configuration.
  attach: providerOnly(),
  logs: providerOnly(),
  mustRun: providerOnly(),
  start: providerOnly(),
  wait: providerOnly(),
  waitTimeout: providerOnly(),
  destroyGraceSeconds: providerOnly(),
  containerReadRefreshTimeoutMilliseconds: providerOnly(),
  removeVolumes: providerOnly(),
};

const KNOWN = new Set<string>(Object.keys(TABLE));

/** Maps resolved `docker.Container` arguments to a `docker run` invocation, or throws. */
export function containerArgsToDockerRun(args: PlainContainerArgs): DockerRunInvocation {
  const record = args as Record<string, unknown>;
  const out: Out = { flags: [], command: [], entrypointRest: [], providerOnly: [] };
  for (const key of Object.keys(record)) {
    if (!KNOWN.has(key)) fail(key, 'not an argument of docker.Container (@pulumi/docker 5.x)');
  }
  const image = str('image', record.image);
  if (image === '') fail('image', 'empty image');
  for (const key of Object.keys(TABLE) as (keyof ContainerArgs)[]) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    TABLE[key](key)(value, out);
  }
  const retries = record.maxRetryCount;
  if (retries !== undefined && retries !== null && int('maxRetryCount', retries) !== 0) {
    if (record.restart !== 'on-failure') fail('maxRetryCount', "only meaningful with restart 'on-failure'");
    const i = out.flags.indexOf('--restart');
    out.flags[i + 1] = `on-failure:${int('maxRetryCount', retries)}`;
  }
  return {
    flags: out.flags,
    image,
    command: [...out.entrypointRest, ...out.command],
    providerOnly: out.providerOnly,
  };
}

/** The full argument vector after `docker`: `run <flags> <image> <command>`. */
export function dockerRunArgv(inv: DockerRunInvocation, extraFlags: readonly string[] = []): string[] {
  return ['run', ...inv.flags, ...extraFlags, inv.image, ...inv.command];
}

/**
 * The in-container probe: a POSIX shell script (busybox ash) that prints what the kernel enforces
 * for the container's first process, its parser, and the posture checks run on what it printed.
 */

import { LINUX_CAPABILITIES as CAPABILITIES, normaliseCapability } from '../../src/posture';

/** The mask of the named capabilities ("NET_BIND_SERVICE" or "CAP_NET_BIND_SERVICE"). */
export function capMask(names: readonly string[]): bigint {
  let mask = 0n;
  for (const raw of names) {
    const bit = CAPABILITIES.indexOf(normaliseCapability(raw) as (typeof CAPABILITIES)[number]);
    if (bit < 0) throw new Error(`unknown capability '${raw}'`);
    mask |= 1n << BigInt(bit);
  }
  return mask;
}

/** `0x0000000000000400 (NET_BIND_SERVICE)`, as /proc/self/status shows it, with names. */
export function formatCaps(mask: bigint): string {
  const hex = `0x${mask.toString(16).padStart(16, '0')}`;
  if (mask === 0n) return `${hex} (none)`;
  const names = CAPABILITIES.filter((_, i) => (mask >> BigInt(i)) & 1n);
  return names.length > 4 ? `${hex} (${names.length} caps)` : `${hex} (${names.join(', ')})`;
}

export const PROBE_BEGIN = 'HWPROBE-BEGIN';
export const PROBE_END = 'HWPROBE-END';
const TAB = '\t';

/**
 * The probe, for `sh -c PROBE_SCRIPT hwprobe <path>...`: every <path> is a declared path whose
 * writability is reported (the root `/` is always probed first). Binding :80 is tried with busybox
 * `nc -l`: if the bind succeeds nc waits and `timeout` ends it (status 143); a refused bind exits
 * at once with the kernel's message. `HWPROBE_NC` names another nc to bind with (a copy carrying a
 * file capability, executed by path). Lines are `key<TAB>value...` between the markers.
 */
export const PROBE_SCRIPT = [
  `echo ${PROBE_BEGIN}`,
  `echo "uid${TAB}$(id -u)"`,
  `echo "gid${TAB}$(id -g)"`,
  `echo "groups${TAB}$(id -G)"`,
  `grep -E '^(CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status | sed -e 's/:[[:space:]]*/${TAB}/'`,
  `echo "port_start${TAB}$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo unknown)"`,
  `for p in / "$@"; do`,
  `  f="\${p%/}/.hwprobe.$$"`,
  `  if msg=$( { echo probe > "$f"; } 2>&1 ); then rm -f "$f"; echo "write${TAB}$p${TAB}ok${TAB}"; else echo "write${TAB}$p${TAB}fail${TAB}$(echo $msg)"; fi`,
  `done`,
  `msg=$(timeout 0.5 "\${HWPROBE_NC:-nc}" -l -p 80 2>&1); rc=$?`,
  `if [ "$rc" = 143 ]; then echo "bind80${TAB}ok${TAB}"; else echo "bind80${TAB}fail${TAB}rc=$rc $(echo $msg)"; fi`,
  `echo ${PROBE_END}`,
].join('\n');

/** The container command that runs the probe over the declared paths. */
export function probeCommand(paths: readonly string[]): string[] {
  return ['/bin/sh', '-c', PROBE_SCRIPT, 'hwprobe', ...paths];
}

export interface WriteObservation {
  readonly path: string;
  readonly ok: boolean;
  /** The shell's message when the write failed, e.g. "... Read-only file system". */
  readonly detail: string;
}

/** What the probe saw inside one container. */
export interface ProbeObservation {
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
  readonly capPrm: bigint;
  readonly capEff: bigint;
  readonly capBnd: bigint;
  /** Ambient: what a non-root process keeps as effective across execve. */
  readonly capAmb: bigint;
  readonly noNewPrivs: number;
  /** 0 none, 1 strict, 2 filter. */
  readonly seccomp: number;
  /** net.ipv4.ip_unprivileged_port_start inside the container, or null when unreadable. */
  readonly unprivilegedPortStart: number | null;
  /** `/` first, then every probed path. */
  readonly writes: readonly WriteObservation[];
  readonly bind80: { readonly ok: boolean; readonly detail: string };
}

export class ProbeParseError extends Error {
  constructor(reason: string, output: string) {
    super(`cannot parse probe output: ${reason}\n--- output ---\n${output}\n--- end ---`);
    this.name = 'ProbeParseError';
  }
}

/** Parses the first probe block in `output` (container logs may hold other lines around it). */
export function parseProbeOutput(output: string): ProbeObservation {
  const lines = output.split(/\r?\n/);
  const begin = lines.indexOf(PROBE_BEGIN);
  const end = lines.indexOf(PROBE_END, begin + 1);
  if (begin < 0 || end < 0) throw new ProbeParseError(`no ${PROBE_BEGIN}/${PROBE_END} block`, output);
  const fields = new Map<string, string>();
  const writes: WriteObservation[] = [];
  let bind80: { ok: boolean; detail: string } | undefined;
  for (const line of lines.slice(begin + 1, end)) {
    const [key = '', ...rest] = line.split(TAB);
    if (key === 'write') {
      const [path, status, detail = ''] = rest;
      if (path === undefined || (status !== 'ok' && status !== 'fail'))
        throw new ProbeParseError(`bad line '${line}'`, output);
      writes.push({ path, ok: status === 'ok', detail });
    } else if (key === 'bind80') {
      const [status, detail = ''] = rest;
      if (status !== 'ok' && status !== 'fail') throw new ProbeParseError(`bad line '${line}'`, output);
      bind80 = { ok: status === 'ok', detail };
    } else if (key !== '') {
      if (fields.has(key)) throw new ProbeParseError(`duplicate '${key}'`, output);
      fields.set(key, rest.join(TAB).trim());
    }
  }
  const field = (k: string): string => {
    const v = fields.get(k);
    if (v === undefined || v === '') throw new ProbeParseError(`missing '${k}'`, output);
    return v;
  };
  const integer = (k: string): number => {
    const v = field(k);
    if (!/^\d+$/.test(v)) throw new ProbeParseError(`'${k}' is not a number: '${v}'`, output);
    return Number(v);
  };
  const caps = (k: string): bigint => {
    const v = field(k);
    if (!/^[0-9a-f]{16}$/i.test(v))
      throw new ProbeParseError(`'${k}' is not a capability mask: '${v}'`, output);
    return BigInt(`0x${v}`);
  };
  if (bind80 === undefined) throw new ProbeParseError("missing 'bind80'", output);
  if (writes[0]?.path !== '/') throw new ProbeParseError("missing the write to '/'", output);
  const portStart = field('port_start');
  return {
    uid: integer('uid'),
    gid: integer('gid'),
    groups: field('groups')
      .split(/\s+/)
      .map((g) => Number(g)),
    capPrm: caps('CapPrm'),
    capEff: caps('CapEff'),
    capBnd: caps('CapBnd'),
    capAmb: caps('CapAmb'),
    noNewPrivs: integer('NoNewPrivs'),
    seccomp: integer('Seccomp'),
    unprivilegedPortStart: /^\d+$/.test(portStart) ? Number(portStart) : null,
    writes,
    bind80,
  };
}

/** What a hardened container must show from inside. */
export interface PostureExpectation {
  readonly uid: number;
  readonly gid: number;
  readonly capEff: bigint;
  readonly capBnd: bigint;
  /** Checked only when given: engines differ here (podman sets ambient caps, Docker never does). @default - not checked */
  readonly capAmb?: bigint;
  readonly noNewPrivs: boolean;
  /** true: Seccomp 2 (a filter is loaded, e.g. Docker's default profile). */
  readonly seccompFilter: boolean;
  readonly rootReadOnly: boolean;
  readonly writablePaths: readonly string[];
  readonly readOnlyPaths: readonly string[];
  readonly canBindPort80: boolean;
  /**
   * The net.ipv4.ip_unprivileged_port_start the workload itself sets (the library's
   * `unprivilegedPortStart`): the bind check then requires exactly that value inside the container.
   * @default - not set by the workload: the check requires port_start > 80, so that a bind proves a capability
   */
  readonly unprivilegedPortStart?: number;
}

export type ControlKind =
  | 'uid'
  | 'gid'
  | 'capEff'
  | 'capBnd'
  | 'capAmb'
  | 'noNewPrivs'
  | 'seccomp'
  | 'rootReadOnly'
  | 'writablePath'
  | 'readOnlyPath'
  | 'bindPort80';

export interface CheckResult {
  readonly kind: ControlKind;
  /** Unique within one expectation, e.g. "writable /tmp". */
  readonly control: string;
  readonly expected: string;
  readonly observed: string;
  readonly pass: boolean;
}

const EROFS = /Read-only file system/;

function writeOf(obs: ProbeObservation, path: string): WriteObservation | undefined {
  return obs.writes.find((w) => w.path === path);
}
function describeWrite(w: WriteObservation | undefined): string {
  if (w === undefined) return 'not probed';
  return w.ok ? 'write succeeded' : `write failed: ${w.detail.replace(/^.*?: (?=[^:]*$)/, '')}`;
}

/** Every check of `exp` against `obs`; a check never passes on a value it cannot tell apart. */
export function checkPosture(obs: ProbeObservation, exp: PostureExpectation): CheckResult[] {
  const out: CheckResult[] = [];
  const add = (
    kind: ControlKind,
    control: string,
    expected: string,
    observed: string,
    pass: boolean,
  ): void => {
    out.push({ kind, control, expected, observed, pass });
  };
  add('uid', 'uid', String(exp.uid), String(obs.uid), obs.uid === exp.uid);
  add('gid', 'gid', String(exp.gid), String(obs.gid), obs.gid === exp.gid);
  add('capEff', 'CapEff', formatCaps(exp.capEff), formatCaps(obs.capEff), obs.capEff === exp.capEff);
  add('capBnd', 'CapBnd', formatCaps(exp.capBnd), formatCaps(obs.capBnd), obs.capBnd === exp.capBnd);
  if (exp.capAmb !== undefined) {
    add('capAmb', 'CapAmb', formatCaps(exp.capAmb), formatCaps(obs.capAmb), obs.capAmb === exp.capAmb);
  }
  add(
    'noNewPrivs',
    'NoNewPrivs',
    exp.noNewPrivs ? '1' : '0',
    String(obs.noNewPrivs),
    obs.noNewPrivs === (exp.noNewPrivs ? 1 : 0),
  );
  add(
    'seccomp',
    'Seccomp',
    exp.seccompFilter ? '2 (filter)' : '0 (none)',
    String(obs.seccomp),
    obs.seccomp === (exp.seccompFilter ? 2 : 0),
  );
  const root = writeOf(obs, '/');
  // Only EROFS proves a read-only root: a non-root user is also refused by the root dir's mode.
  add(
    'rootReadOnly',
    'read-only root (write to /)',
    exp.rootReadOnly ? 'fails with Read-only file system' : 'succeeds',
    describeWrite(root),
    root !== undefined && (exp.rootReadOnly ? !root.ok && EROFS.test(root.detail) : root.ok),
  );
  for (const p of exp.writablePaths) {
    const w = writeOf(obs, p);
    add('writablePath', `writable ${p}`, 'write succeeds', describeWrite(w), w?.ok === true);
  }
  for (const p of exp.readOnlyPaths) {
    const w = writeOf(obs, p);
    add(
      'readOnlyPath',
      `read-only ${p}`,
      'fails with Read-only file system',
      describeWrite(w),
      w !== undefined && !w.ok && EROFS.test(w.detail),
    );
  }
  const start = obs.unprivilegedPortStart;
  const set = exp.unprivilegedPortStart;
  const meaningful = set === undefined ? start !== null && start > 80 : start === set;
  add(
    'bindPort80',
    'bind :80',
    `${exp.canBindPort80 ? 'succeeds' : 'refused'} (port_start ${set === undefined ? '> 80' : `${set}, set by the workload`})`,
    `${obs.bind80.ok ? 'bound' : `refused: ${obs.bind80.detail}`} (port_start ${start ?? 'unknown'})`,
    meaningful && obs.bind80.ok === exp.canBindPort80,
  );
  return out;
}

export class PostureViolation extends Error {
  constructor(
    readonly label: string,
    readonly failed: readonly CheckResult[],
  ) {
    super(
      `${label}: ${failed.length} posture check(s) failed:\n` +
        failed.map((c) => `  - ${c.control}: expected ${c.expected}, observed ${c.observed}`).join('\n'),
    );
    this.name = 'PostureViolation';
  }
}

/** Throws a {@link PostureViolation} naming every failed check. */
export function assertPosture(label: string, obs: ProbeObservation, exp: PostureExpectation): CheckResult[] {
  const results = checkPosture(obs, exp);
  const failed = results.filter((r) => !r.pass);
  if (failed.length > 0) throw new PostureViolation(label, failed);
  return results;
}

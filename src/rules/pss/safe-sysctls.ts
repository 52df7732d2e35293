import type { PssVersion } from '../pss-version';

/** The sysctls each Pod Security version adds to the safe set, by the minor version that added them. */
const SAFE_SYSCTLS_SINCE: readonly (readonly [number, readonly string[]])[] = [
  [
    0,
    [
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    ],
  ],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [
    29,
    [
      'net.ipv4.tcp_keepalive_time',
      'net.ipv4.tcp_fin_timeout',
      'net.ipv4.tcp_keepalive_intvl',
      'net.ipv4.tcp_keepalive_probes',
    ],
  ],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

// One set per minor version, built on first use: the sysctls rule asks for it for every pod.
const byMinor = new Map<number, ReadonlySet<string>>();

/** The namespaced sysctls that Pod Security baseline allows at a version. */
export function safeSysctls(version: PssVersion): ReadonlySet<string> {
  let safe = byMinor.get(version.minor);
  if (safe === undefined) {
    safe = new Set(
      SAFE_SYSCTLS_SINCE.filter(([minor]) => version.minor >= minor).flatMap(([, names]) => names),
    );
    byMinor.set(version.minor, safe);
  }
  return safe;
}

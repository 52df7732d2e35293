/**
 * Binding a port below 1024 without any capability: the network namespace's
 * `net.ipv4.ip_unprivileged_port_start` sysctl (Linux 4.11+) lowers the first port that needs
 * `CAP_NET_BIND_SERVICE`. The sysctl is per network namespace, so it changes nothing on the host or
 * in other pods; Pod Security baseline lists it as safe since its first version (v1.0, from
 * Kubernetes 1.22's kubelet safe-sysctl list: `check_sysctls.go`), so it needs no exemption and no
 * namespace label. Docker (20.10+) already sets it to 0 in a container's own network namespace, and
 * containerd 2.0 does for CRI pods (`enable_unprivileged_ports`); CRI-O, Podman and containerd 1.x do
 * not: stating it keeps the port bindable whatever the runtime.
 */

/** The sysctl that decides which ports need `CAP_NET_BIND_SERVICE`. */
export const UNPRIVILEGED_PORT_START_SYSCTL = 'net.ipv4.ip_unprivileged_port_start';

/** The kernel's default for {@link UNPRIVILEGED_PORT_START_SYSCTL}: ports below it are privileged. */
export const KERNEL_UNPRIVILEGED_PORT_START = 1024;

/**
 * Checks an `unprivilegedPortStart` option: an integer from 0 to 1024 (higher values only make more
 * ports privileged). Throws a RangeError naming `where` otherwise.
 */
export function assertUnprivilegedPortStart(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1024) {
    throw new RangeError(
      `${where}: unprivilegedPortStart must be an integer from 0 to 1024, the lowest port the process binds ` +
        `(got ${typeof value === 'number' ? String(value) : typeof value}); e.g. 80 lets a non-root process bind :80 with no capability`,
    );
  }
  return value;
}

/**
 * The error for `unprivilegedPortStart` together with the host's network namespace: the sysctl would
 * then change the host (Docker refuses net.* sysctls with `--network host`, and Kubernetes
 * refuses them with `hostNetwork: true`).
 */
export function unprivilegedPortStartWithHostNetwork(where: string): RangeError {
  return new RangeError(
    `${where}: unprivilegedPortStart cannot be combined with a "hostNetwork" exemption: the sysctl is per ` +
      'network namespace, and with the host network it would change the host; bind a port of 1024 or more instead',
  );
}

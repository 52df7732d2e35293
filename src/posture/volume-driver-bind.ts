/**
 * Docker volumes that are host binds in disguise. The `local` driver mounts its `device` option with
 * its `type` and `o` options through mount(2): `o=bind` (or `rbind`) makes the "named volume" the
 * host directory `device`, and a local filesystem `type` with a device path mounts the host's own
 * disk. Compose top-level volumes (`driver`, `driver_opts`), `docker.Volume` (`driver`, `driverOpts`)
 * and `docker.Container` mounts (`volumeOptions.driverName`, `driverOptions`) all spell the same
 * thing; every reader asks this one function, so they refuse the same volumes.
 */

// Network filesystems whose device names a remote share (`//server/share` for CIFS), not the host.
const NETWORK_FILESYSTEMS = /^(nfs4?|cifs|smb3?|smbfs|ceph|glusterfs|9p|sshfs|fuse\.sshfs)$/i;

/**
 * The host path a volume with this driver and these driver options mounts, or undefined when it is
 * an ordinary volume. Fails closed: bind flags make a host bind whatever the driver says, since a
 * third-party driver given `o=bind` cannot be assumed to ignore it.
 */
export function volumeDriverHostPath(driver: unknown, options: unknown): string | undefined {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return undefined;
  const own = (key: string): unknown =>
    Object.prototype.hasOwnProperty.call(options, key)
      ? (options as Record<string, unknown>)[key]
      : undefined;
  const device = own('device');
  if (typeof device !== 'string' || device.trim() === '') return undefined;
  const o = own('o');
  const flags = typeof o === 'string' ? o.split(',').map((flag) => flag.trim()) : [];
  if (flags.includes('bind') || flags.includes('rbind')) return device;
  const local = driver === undefined || driver === null || driver === '' || driver === 'local';
  const type = own('type');
  // `type: ext4, device: /dev/sdb1`: the local driver mounts the host's block device.
  if (
    local &&
    typeof type === 'string' &&
    type !== 'none' &&
    type !== 'tmpfs' &&
    !NETWORK_FILESYSTEMS.test(type.trim()) &&
    device.startsWith('/') &&
    !device.startsWith('//')
  )
    return device;
  return undefined;
}

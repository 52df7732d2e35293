/**
 * A directory the workload may write to: the only writable places besides declared persistent
 * volumes, since the root filesystem is read-only.
 */
export interface WritablePath {
  /** Absolute path inside the container. */
  readonly path: string;
  /**
   * `Memory` backs it with tmpfs (the seed's "tmpfs mounts"); `Disk` with node storage.
   * Docker always uses tmpfs.
   * @default 'Disk'
   */
  readonly medium?: 'Disk' | 'Memory';
  /** Upper bound, as a Kubernetes quantity (`64Mi`). Memory-backed paths count against memory. @default - no limit */
  readonly sizeLimit?: string;
}

/** A writable path as users write it: a bare path or the full description. */
export type WritablePathInput = string | WritablePath;

/** Normalises and checks writable paths; throws a RangeError naming the bad entry. */
export function normaliseWritablePaths(
  paths: readonly WritablePathInput[] | undefined,
  where: string,
): WritablePath[] {
  const seen = new Set<string>();
  return (paths ?? []).map((input, index) => {
    const wp = typeof input === 'string' ? { path: input } : input;
    if (typeof wp.path !== 'string' || !wp.path.startsWith('/') || wp.path === '/') {
      throw new RangeError(
        `${where}: writablePaths[${index}] must be an absolute directory other than "/" (got ${JSON.stringify(wp.path)})`,
      );
    }
    const path = wp.path.length > 1 ? wp.path.replace(/\/+$/, '') : wp.path;
    if (seen.has(path)) throw new RangeError(`${where}: writablePaths[${index}] ${path} is declared twice`);
    seen.add(path);
    const medium: unknown = wp.medium; // JavaScript callers bypass the type
    if (medium !== undefined && medium !== 'Disk' && medium !== 'Memory') {
      throw new RangeError(`${where}: writablePaths[${index}].medium must be "Disk" or "Memory"`);
    }
    if (wp.sizeLimit !== undefined && !/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/.test(wp.sizeLimit)) {
      throw new RangeError(
        `${where}: writablePaths[${index}].sizeLimit ${JSON.stringify(wp.sizeLimit)} is not a quantity such as "64Mi"`,
      );
    }
    return { ...wp, path };
  });
}

/** A DNS-label volume name for a writable path of a container, stable across renders. */
export function writableVolumeName(container: string, path: string): string {
  const slug = `${container}-${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= 63) return slug;
  let hash = 0;
  for (const ch of slug) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) >>> 0;
  return `${slug.slice(0, 54).replace(/-+$/, '')}-${hash.toString(36).slice(0, 8)}`;
}

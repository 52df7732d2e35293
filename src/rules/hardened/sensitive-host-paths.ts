import { isSameOrUnder } from './host-paths';

/**
 * Host directories whose contents give a container host-level access or secrets: system
 * configuration and binaries, kernel interfaces, devices, home directories, and the state of the
 * kubelet, the container runtimes and etcd (kube-linter sensitive-host-mounts, CIS Docker 5.6,
 * plus the node state a Kubernetes host adds).
 */
export const SENSITIVE_HOST_PATHS: readonly string[] = Object.freeze([
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib64',
  '/proc',
  '/root',
  '/sbin',
  '/sys',
  '/usr',
  '/var/lib/kubelet',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/containers',
  '/var/lib/etcd',
  '/var/run/secrets',
  '/run/secrets',
]);

/** How a host path reaches a sensitive one. */
export type SensitiveExposure =
  | { readonly kind: 'is'; readonly sensitive: string }
  | { readonly kind: 'under'; readonly sensitive: string }
  | { readonly kind: 'contains'; readonly sensitive: string }
  | undefined;

/** Whether a normalised host path is, lies under, or contains a sensitive host path. */
export function sensitiveExposure(normalised: string): SensitiveExposure {
  for (const sensitive of SENSITIVE_HOST_PATHS) {
    if (normalised === sensitive) return { kind: 'is', sensitive };
    if (isSameOrUnder(normalised, sensitive)) return { kind: 'under', sensitive };
  }
  const contained = SENSITIVE_HOST_PATHS.find((sensitive) => isSameOrUnder(sensitive, normalised));
  return contained === undefined ? undefined : { kind: 'contains', sensitive: contained };
}

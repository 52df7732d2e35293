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

/** What a sensitive exposure means, for messages: `the host's root filesystem /`, `/etc/ssl, under ...`. */
export function sensitiveExposurePhrase(
  normalised: string,
  exposure: NonNullable<SensitiveExposure>,
): string {
  switch (exposure.kind) {
    case 'root':
      return "the host's root filesystem /";
    case 'is':
      return `the sensitive host path ${normalised}`;
    case 'under':
      return `${normalised}, under the sensitive host path ${exposure.sensitive}`;
    case 'contains':
      return `${normalised}, which contains the sensitive host path ${exposure.sensitive}`;
  }
}

/** How a host path reaches a sensitive one. */
export type SensitiveExposure =
  | { readonly kind: 'root'; readonly sensitive: '/' }
  | { readonly kind: 'is'; readonly sensitive: string }
  | { readonly kind: 'under'; readonly sensitive: string }
  | { readonly kind: 'contains'; readonly sensitive: string }
  | undefined;

/**
 * Whether a normalised host path is the host's root (`/`, however spelled: `//`, `/.`, `/../`), or
 * is, lies under, or contains a sensitive host path.
 */
export function sensitiveExposure(normalised: string): SensitiveExposure {
  if (normalised === '/') return { kind: 'root', sensitive: '/' };
  for (const sensitive of SENSITIVE_HOST_PATHS) {
    if (normalised === sensitive) return { kind: 'is', sensitive };
    if (isSameOrUnder(normalised, sensitive)) return { kind: 'under', sensitive };
  }
  const contained = SENSITIVE_HOST_PATHS.find((sensitive) => isSameOrUnder(sensitive, normalised));
  return contained === undefined ? undefined : { kind: 'contains', sensitive: contained };
}

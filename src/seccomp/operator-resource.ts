import type { GeneratedSeccompProfile } from './generate-profile';
import type { OciSeccompRule } from './profile-types';

/** The annotation that carries a generated profile's hash, on the operator resource and on workloads. */
export const SECCOMP_PROFILE_SHA256_ANNOTATION = 'hardened-workloads.io/seccomp-profile-sha256';

/** A Security Profiles Operator `SeccompProfile` resource (security-profiles-operator.x-k8s.io/v1beta1). */
export interface SeccompProfileResource {
  /** Always `security-profiles-operator.x-k8s.io/v1beta1`. */
  readonly apiVersion: 'security-profiles-operator.x-k8s.io/v1beta1';
  /** Always `SeccompProfile`. */
  readonly kind: 'SeccompProfile';
  /** Name, namespace and the review annotations. */
  readonly metadata: SeccompProfileMetadata;
  /** The OCI profile in the operator's schema. */
  readonly spec: SeccompProfileSpec;
}

/** The metadata of a {@link SeccompProfileResource}. */
export interface SeccompProfileMetadata {
  /** The profile's name. */
  readonly name: string;
  /** Its namespace: the workloads using it must share it. */
  readonly namespace: string;
  /** The profile's hash and its additions, for review. */
  readonly annotations: Readonly<Record<string, string>>;
}

/** The spec of a {@link SeccompProfileResource}: the OCI profile in the operator's schema. */
export interface SeccompProfileSpec {
  /** What happens to a call no rule matches. */
  readonly defaultAction: string;
  /** The architectures the filter covers. */
  readonly architectures: readonly string[];
  /** The rules, in order. */
  readonly syscalls: readonly OciSeccompRule[];
}

/**
 * The profile as a Security Profiles Operator resource: the operator writes the OCI profile onto every
 * node, under the path it reports in `.status.localhostProfile`.
 */
export function seccompOperatorResource(
  profile: GeneratedSeccompProfile,
  namespace: string,
): SeccompProfileResource {
  return {
    apiVersion: 'security-profiles-operator.x-k8s.io/v1beta1',
    kind: 'SeccompProfile',
    metadata: {
      name: profile.name,
      namespace,
      annotations: {
        [SECCOMP_PROFILE_SHA256_ANNOTATION]: profile.sha256,
        'hardened-workloads.io/seccomp-profile-additions': JSON.stringify(profile.diff.added),
      },
    },
    spec: {
      defaultAction: profile.oci.defaultAction,
      architectures: profile.oci.architectures,
      syscalls: profile.oci.syscalls,
    },
  };
}

/**
 * The `localhostProfile` a pod uses for an operator-managed profile: `operator/<namespace>/<name>.json`,
 * relative to the kubelet's seccomp directory. This is the operator's convention since v0.4; the
 * operator reports the authoritative path in the resource's `.status.localhostProfile`: check it
 * after installing (`kubectl get seccompprofile <name> -o jsonpath='{.status.localhostProfile}'`).
 */
export function operatorLocalhostProfile(name: string, namespace: string): string {
  return `operator/${namespace}/${name}.json`;
}

/**
 * The two seccomp profile formats the generator writes. The OCI runtime-spec `LinuxSeccomp` type is
 * what containerd and CRI-O read from a Kubernetes `Localhost` profile; Docker's format adds
 * `archMap` and per-rule `includes`/`excludes` conditions that only Docker evaluates.
 */

/** How a rule compares one system call argument (libseccomp's operators). */
export type SeccompOperator =
  | 'SCMP_CMP_NE'
  | 'SCMP_CMP_LT'
  | 'SCMP_CMP_LE'
  | 'SCMP_CMP_EQ'
  | 'SCMP_CMP_GE'
  | 'SCMP_CMP_GT'
  | 'SCMP_CMP_MASKED_EQ';

/** Every operator, for validating callers that bypass the compiler. */
export const SECCOMP_OPERATORS: readonly SeccompOperator[] = Object.freeze([
  'SCMP_CMP_NE',
  'SCMP_CMP_LT',
  'SCMP_CMP_LE',
  'SCMP_CMP_EQ',
  'SCMP_CMP_GE',
  'SCMP_CMP_GT',
  'SCMP_CMP_MASKED_EQ',
]);

/** A condition on one argument of a system call: the rule applies only when it holds. */
export interface SeccompArgumentFilter {
  /** Which argument, from 0 to 5. */
  readonly index: number;
  /** The value compared with (the mask, for `SCMP_CMP_MASKED_EQ`). */
  readonly value: number;
  /** The second value (the expected masked value, for `SCMP_CMP_MASKED_EQ`). @default - none */
  readonly valueTwo?: number;
  /** The comparison. */
  readonly op: SeccompOperator;
}

/** One rule of an OCI profile. */
export interface OciSeccompRule {
  /** The system calls the rule applies to. */
  readonly names: readonly string[];
  /** What happens to a matching call: `SCMP_ACT_ALLOW`, `SCMP_ACT_ERRNO`, ... */
  readonly action: string;
  /** The errno returned by an `SCMP_ACT_ERRNO` rule. @default - the profile's defaultErrnoRet */
  readonly errnoRet?: number;
  /** Argument conditions, all of which must hold. @default - none: every call matches */
  readonly args?: readonly SeccompArgumentFilter[];
}

/** An OCI runtime-spec `LinuxSeccomp` profile: no conditions left, only what the kernel filter does. */
export interface OciSeccompProfile {
  /** What happens to a call no rule matches. */
  readonly defaultAction: string;
  /** The errno of the default action. */
  readonly defaultErrnoRet?: number;
  /** The architectures (libseccomp names, e.g. `SCMP_ARCH_X86_64`) the filter covers. */
  readonly architectures: readonly string[];
  /** The rules, in order. */
  readonly syscalls: readonly OciSeccompRule[];
}

/** A condition of Docker's format, evaluated by Docker when it loads the profile. */
export interface DockerSeccompCondition {
  /** Native architecture names (`amd64`, `arm64`, ...). */
  readonly arches?: readonly string[];
  /** Capabilities, with the `CAP_` prefix. */
  readonly caps?: readonly string[];
  /** A kernel version, e.g. `4.8`. */
  readonly minKernel?: string;
}

/** One rule of a Docker-format profile. */
export interface DockerSeccompRule extends OciSeccompRule {
  /** A note for readers. */
  readonly comment?: string;
  /** The rule applies only when every listed condition holds. */
  readonly includes?: DockerSeccompCondition;
  /** The rule is skipped when any listed condition holds. */
  readonly excludes?: DockerSeccompCondition;
}

/** One entry of Docker's `archMap`: a native architecture and the compatibility ones it runs. */
export interface DockerArchitectureMap {
  /** The libseccomp name of the native architecture. */
  readonly architecture: string;
  /** Compatibility architectures included with it. */
  readonly subArchitectures: readonly string[] | null;
}

/** A Docker-format profile, as Docker's default profile is written. */
export interface DockerSeccompProfile {
  /** What happens to a call no rule matches. */
  readonly defaultAction: string;
  /** The errno of the default action. */
  readonly defaultErrnoRet?: number;
  /** The architectures, chosen by Docker for the host it runs on. */
  readonly archMap: readonly DockerArchitectureMap[];
  /** The rules, in order. */
  readonly syscalls: readonly DockerSeccompRule[];
}

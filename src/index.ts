/**
 * hardened-workloads: the secure container runtime posture as data, the rules that check it,
 * and the audit of any manifest. Framework-free: the cdk8s and Pulumi adapters live in the
 * `hardened-workloads/cdk8s` and `hardened-workloads/pulumi` subpath exports.
 */
export * from './posture';
export * from './rules';
export * from './audit';
export * from './checklist';
export * from './admission';
export * from './seccomp';

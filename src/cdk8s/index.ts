/**
 * hardened-workloads/cdk8s: cdk8s-plus-28 workloads with the secure runtime posture by default,
 * justified exemptions, a synth-time self-audit, and a cdk8s CLI validation plugin.
 */
export * from './hardened-container';
export type { HardenedPodOptions } from './pod-hardening';
export type { HardenedWorkloadProps, ReplacedPodProps } from './hardened-workload';
export * from './deployment';
export * from './stateful-set';
export * from './daemon-set';
export * from './job';
export * from './cron-job';
export * from './namespace';
export * from './admission-policy';
export { auditRenderedManifest, describeFinding } from './self-audit';
export type { ConstructJustifications, SelfAuditResult } from './self-audit';
export * from './validation-plugin';
export * from './seccomp-profile';

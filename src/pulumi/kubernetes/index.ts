/**
 * `hardened-workloads/pulumi/kubernetes`: Pulumi components over @pulumi/kubernetes that render the
 * seed's runtime posture with the same renderer as the cdk8s constructs, and audit what they render.
 */
export * from './args';
export { SELECTOR_LABEL } from './pod-template';
export * from './deployment';
export * from './stateful-set';
export * from './daemon-set';
export * from './job';
export * from './cron-job';
export * from './namespace';
export * from './seccomp-profile';
export * from './admission-policy';

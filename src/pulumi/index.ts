/**
 * `hardened-workloads/pulumi`: the Pulumi host. Kubernetes components (also at
 * `hardened-workloads/pulumi/kubernetes`), the Docker component (`hardened-workloads/pulumi/docker`)
 * and the hardening transformation. The CrossGuard policies live at `hardened-workloads/pulumi/policy`
 * so that a program never loads @pulumi/policy.
 */
export * from './kubernetes';
export * from './docker';
export * from './transformations';

/**
 * `hardened-workloads/pulumi/docker`: a Pulumi component over @pulumi/docker's `docker.Container`
 * that renders the seed's runtime posture with the core's Docker renderer.
 */
export * from './container-args';
export * from './container';

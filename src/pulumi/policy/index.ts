/**
 * `hardened-workloads/pulumi/policy`: CrossGuard policies built from the same rules as the audit CLI
 * and the components, for every Kubernetes workload kind and Docker container in a stack.
 */
export * from './policies';
export { createHardenedPolicyPack } from './pack';
export { composeServiceFromContainerArgs } from '../internal/docker-service';
export {
  DOCKER_CONTAINER_TYPE,
  isAuditedType,
  kubernetesWorkloadKind,
  workloadsOfResource,
} from '../internal/resource-workloads';

/**
 * `hardened-workloads/pulumi/policy`: CrossGuard policies built from the same rules as the audit CLI
 * and the components, for every resource that carries a pod or a container (Kubernetes workloads of
 * every API version, their Patch and List types, PersistentVolumes, Docker containers, Swarm services
 * and plugins), with Helm and other opaque packagings reported as not verifiable.
 */
export * from './policies';
export { createHardenedPolicyPack } from './pack';
export {
  composeServiceFromContainerArgs,
  composeServiceFromSwarmServiceArgs,
} from '../internal/docker-service';
export { NOT_VERIFIABLE_RULE, RESOURCE_SETTINGS_RULE } from '../internal/resource-audit';
export {
  DOCKER_CONTAINER_TYPE,
  DOCKER_PLUGIN_TYPE,
  DOCKER_SERVICE_TYPE,
  isAuditedType,
  kubernetesWorkloadKind,
  kubernetesWorkloadType,
  opaqueWorkloadSource,
  workloadsOfResource,
} from '../internal/resource-workloads';
export type { KubernetesWorkloadType } from '../internal/resource-workloads';
export type { JustificationScope } from '../internal/justification-provenance';

import type { Rule } from '../rule';
import { capabilitiesJustified } from './capabilities-justified';
import { capabilityAddBackIneffective } from './capability-add-back-ineffective';
import { customMacProfileJustified } from './custom-mac-profile-justified';
import { explicitNonRootIds } from './explicit-non-root-ids';
import { imageTagPinned } from './image-tag-pinned';
import { noContainerRuntimeSocket } from './no-container-runtime-socket';
import { noHostCgroupNamespace } from './no-host-cgroup-namespace';
import { noHostDevices } from './no-host-devices';
import { noHostPathPersistentVolume } from './no-host-path-persistent-volume';
import { noHostUserNamespace } from './no-host-user-namespace';
import { noHostUtsNamespace } from './no-host-uts-namespace';
import { noRootGroup } from './no-root-group';
import { noSensitiveHostPaths } from './no-sensitive-host-paths';
import { noSharedContainerNamespaces } from './no-shared-container-namespaces';
import { noSharedMountPropagation } from './no-shared-mount-propagation';
import { noVolumesFrom } from './no-volumes-from';
import { pidsLimit } from './pids-limit';
import { projectFileBinds } from './project-file-binds';
import { projectedServiceAccountToken } from './projected-service-account-token';
import { publishedPortsBound } from './published-ports-bound';
import { readOnlyRootFilesystem } from './read-only-root-filesystem';
import { resourceLimits } from './resource-limits';
import { seccompLocalhostJustified } from './seccomp-localhost-justified';
import { seccompProfileGenerated } from './seccomp-profile-generated';
import { serviceAccountToken } from './service-account-token';
import { tmpfsNoExec } from './tmpfs-no-exec';

export {
  capabilitiesJustified,
  capabilityAddBackIneffective,
  customMacProfileJustified,
  explicitNonRootIds,
  imageTagPinned,
  noContainerRuntimeSocket,
  noHostCgroupNamespace,
  noHostDevices,
  noHostPathPersistentVolume,
  noHostUserNamespace,
  noHostUtsNamespace,
  noRootGroup,
  noSensitiveHostPaths,
  noSharedContainerNamespaces,
  noSharedMountPropagation,
  noVolumesFrom,
  pidsLimit,
  projectFileBinds,
  projectedServiceAccountToken,
  publishedPortsBound,
  readOnlyRootFilesystem,
  resourceLimits,
  seccompLocalhostJustified,
  seccompProfileGenerated,
  serviceAccountToken,
  tmpfsNoExec,
};
export { COMPOSE_SERVICE_KEY, composeService, servicePhrase } from './compose-service';
export type {
  ComposeSeccompProfileFile,
  ComposeServiceView,
  ProjectFileBind,
  UnsetVariableUse,
} from './compose-service';
export { CONTAINER_RUNTIME_SOCKETS, socketExposure } from './container-runtime-sockets';
export { SENSITIVE_HOST_PATHS, sensitiveExposure } from './sensitive-host-paths';
export { normaliseHostPath } from './host-paths';
export { imageTag } from './image-tag-pinned';
export { publishedHostIp } from './published-ports-bound';

/**
 * The hardened level: the seed's posture beyond Pod Security "restricted" (errors), the Docker
 * controls no pod field expresses (Compose only), and best-practice warnings.
 */
export const HARDENED_RULES: readonly Rule[] = Object.freeze([
  readOnlyRootFilesystem,
  explicitNonRootIds,
  noRootGroup,
  noContainerRuntimeSocket,
  noSensitiveHostPaths,
  noHostPathPersistentVolume,
  noSharedMountPropagation,
  capabilitiesJustified,
  capabilityAddBackIneffective,
  seccompLocalhostJustified,
  seccompProfileGenerated,
  customMacProfileJustified,
  noHostUserNamespace,
  noHostUtsNamespace,
  noHostCgroupNamespace,
  noSharedContainerNamespaces,
  noVolumesFrom,
  noHostDevices,
  tmpfsNoExec,
  serviceAccountToken,
  projectedServiceAccountToken,
  resourceLimits,
  imageTagPinned,
  publishedPortsBound,
  pidsLimit,
  projectFileBinds,
]);

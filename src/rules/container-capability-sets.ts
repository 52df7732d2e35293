import type { CapabilityInputs, ContainerRuntime, EffectiveCapabilities, ProcessUser } from '../posture';
import { effectiveCapabilities } from '../posture';
import type { ContainerView, PodView } from './pod-view';
import { asArray, at } from './pod-view';

/**
 * The runtime a pod's containers are assumed to start under: Kubernetes pods under a CRI runtime
 * (containerd and CRI-O treat capabilities alike), Compose services under Docker.
 */
export function assumedRuntime(pod: PodView): ContainerRuntime {
  return pod.dialect === 'compose' ? 'docker' : 'containerd';
}

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/**
 * Who the container runs as: the container's runAsUser over the pod's; a non-zero uid or
 * runAsNonRoot (which the kubelet enforces) is non-root; without either the image decides.
 */
export function processUser(pod: PodView, container: ContainerView): ProcessUser {
  const uid = container.securityContext.runAsUser ?? pod.securityContext.runAsUser;
  if (typeof uid === 'number') return uid === 0 ? 'root' : 'non-root';
  const nonRoot = container.securityContext.runAsNonRoot ?? pod.securityContext.runAsNonRoot;
  return nonRoot === true ? 'non-root' : 'unknown';
}

/** What decides a container's capability sets, read from the pod. */
export function capabilityInputs(
  pod: PodView,
  container: ContainerView,
  runtime: ContainerRuntime = assumedRuntime(pod),
): CapabilityInputs {
  const sc = container.securityContext;
  return {
    user: processUser(pod, container),
    privileged: sc.privileged === true,
    added: strings(at(sc, 'capabilities', 'add')),
    dropped: strings(at(sc, 'capabilities', 'drop')),
    // Kubernetes sets no_new_privs only for allowPrivilegeEscalation: false (unset means allowed);
    // the Compose translation writes false for security_opt no-new-privileges:true.
    noNewPrivileges: sc.allowPrivilegeEscalation === false && sc.privileged !== true,
    runtime,
  };
}

/** A container's capability sets under the runtime its pod is assumed to run on. */
export function containerCapabilitySets(
  pod: PodView,
  container: ContainerView,
  runtime?: ContainerRuntime,
): EffectiveCapabilities {
  return effectiveCapabilities(capabilityInputs(pod, container, runtime));
}

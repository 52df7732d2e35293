import type { ExtractedWorkloads } from '../../audit';
import { workloadsFromManifest } from '../../audit';
import { workloadsFromCompose } from '../../audit/compose';
import type { JsonObject } from '../../rules';
import { asObject } from '../../rules';
import { composeServiceFromContainerArgs } from './docker-service';
import type { PendingPath } from './rendered-audit';

/** The Pulumi type token of a Docker container. */
export const DOCKER_CONTAINER_TYPE = 'docker:index/container:Container';

// Every API version @pulumi/kubernetes 4 has for the kinds that carry a pod (Patch types excluded:
// a partial object cannot be judged on its own).
const KUBERNETES_WORKLOAD_TYPE =
  /^kubernetes:(?:core|apps|batch|extensions)\/v1(?:beta\d+)?:(Pod|PodTemplate|Deployment|ReplicaSet|StatefulSet|DaemonSet|Job|CronJob|ReplicationController)$/;

/** The Kubernetes kind behind a Pulumi type token, when it carries a pod. */
export function kubernetesWorkloadKind(type: string): string | undefined {
  return KUBERNETES_WORKLOAD_TYPE.exec(type)?.[1];
}

/** Whether the policies look at resources of this type. */
export function isAuditedType(type: string): boolean {
  return type === DOCKER_CONTAINER_TYPE || kubernetesWorkloadKind(type) !== undefined;
}

/**
 * The workloads of one Pulumi resource's inputs: a Kubernetes workload read as a manifest, a Docker
 * container translated to the Compose service it is equivalent to. Never throws.
 */
export function workloadsOfResource(type: string, name: string, props: JsonObject): ExtractedWorkloads {
  if (type === DOCKER_CONTAINER_TYPE) {
    const serviceName = typeof props.name === 'string' && props.name !== '' ? props.name : name;
    return workloadsFromCompose({ services: { [serviceName]: composeServiceFromContainerArgs(props) } });
  }
  const kind = kubernetesWorkloadKind(type);
  if (kind === undefined) return { workloads: [], problems: [] };
  const metadata = asObject(props.metadata);
  return workloadsFromManifest({
    ...props,
    kind,
    metadata: { ...metadata, name: typeof metadata.name === 'string' ? metadata.name : name },
  });
}

// Docker arguments no rule reads: an unknown value there leaves every verdict intact.
const DOCKER_ARGS_WITHOUT_POSTURE = new Set([
  'command',
  'entrypoints',
  'envs',
  'hostname',
  'domainname',
  'dns',
  'dnsOpts',
  'dnsSearches',
  'hosts',
  'networksAdvanced',
  'healthcheck',
  'restart',
  'logDriver',
  'logOpts',
  'uploads',
  'workingDir',
  'destroyGraceSeconds',
  'stopSignal',
  'stopTimeout',
  'wait',
  'waitTimeout',
  'mustRun',
  'start',
]);

/**
 * Where unknown Docker arguments sit in the pod their Compose translation gives (`podPath` is the
 * pod's path, e.g. `services.api`): an unknown image is the container's image; any other argument
 * with a posture effect leaves the whole pod unknown; the others change no verdict.
 */
export function dockerPendingInPod(pendingPaths: readonly string[], podPath: string): PendingPath[] {
  const inPod: PendingPath[] = [];
  for (const path of pendingPaths) {
    const argument = path.split(/[.[]/)[0] ?? '';
    if (DOCKER_ARGS_WITHOUT_POSTURE.has(argument)) continue;
    inPod.push({ path: argument === 'image' ? `${podPath}.containers[0].image` : podPath, shown: path });
  }
  return inPod;
}

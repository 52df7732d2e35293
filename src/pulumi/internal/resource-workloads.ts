import type { ExtractedWorkloads } from '../../audit';
import { workloadsFromManifest } from '../../audit';
import { workloadsFromCompose } from '../../audit/compose';
import type { JsonObject } from '../../rules';
import { asArray, asObject } from '../../rules';
import { volumeDriverHostPath } from '../../posture/volume-driver-bind';
import { composeServiceFromContainerArgs, composeServiceFromSwarmServiceArgs } from './docker-service';
import type { PendingPath } from './rendered-audit';

/** The Pulumi type token of a Docker container. */
export const DOCKER_CONTAINER_TYPE = 'docker:index/container:Container';
/** The Pulumi type token of a Docker Swarm service. */
export const DOCKER_SERVICE_TYPE = 'docker:index/service:Service';
/** The Pulumi type token of a Docker volume. */
export const DOCKER_VOLUME_TYPE = 'docker:index/volume:Volume';
/** The Pulumi type token of a Docker engine plugin. */
export const DOCKER_PLUGIN_TYPE = 'docker:index/plugin:Plugin';

// Every group and API version, served or past, of the kinds that carry a pod; `Patch` types set part
// of one (Server-Side Apply), `List` types hold several.
const KUBERNETES_WORKLOAD_TYPE =
  /^kubernetes:(?:core|apps|batch|extensions)\/v\d+(?:(?:alpha|beta)\d+)?:(Pod|PodTemplate|Deployment|ReplicaSet|StatefulSet|DaemonSet|Job|CronJob|ReplicationController)(Patch|List)?$/;
const PERSISTENT_VOLUME_TYPE = /^kubernetes:core\/v1:PersistentVolume(Patch|List)?$/;

// Packagings whose objects this process never sees as inputs: the engine or a cluster-side tool renders them.
const OPAQUE_TYPES: Readonly<Record<string, string>> = {
  'kubernetes:helm.sh/v3:Release': 'a Helm release, rendered and installed by the provider',
  'kubernetes:helm.sh/v4:Chart': 'a Helm chart rendered by the provider',
  'kubernetes:helm.sh/v3:Chart': 'a Helm chart',
  'kubernetes:helm.sh/v2:Chart': 'a Helm chart',
  'kubernetes:yaml:ConfigFile': 'a YAML file read at run time',
  'kubernetes:yaml:ConfigGroup': 'YAML files read at run time',
  'kubernetes:yaml/v2:ConfigFile': 'a YAML file read by the provider',
  'kubernetes:yaml/v2:ConfigGroup': 'YAML files read by the provider',
  'kubernetes:kustomize:Directory': 'a kustomization built at run time',
  'kubernetes:kustomize/v2:Directory': 'a kustomization built by the provider',
};

/** How a workload-carrying Kubernetes type token is read. */
export interface KubernetesWorkloadType {
  /** The Kubernetes kind, e.g. `CronJob`. */
  readonly kind: string;
  /** `object`: a whole object; `patch`: only the fields it sets; `list`: its `items`. */
  readonly form: 'object' | 'patch' | 'list';
}

/** The Kubernetes kind behind a Pulumi type token, when it carries a pod (Patch and List types too). */
export function kubernetesWorkloadType(type: string): KubernetesWorkloadType | undefined {
  const match = KUBERNETES_WORKLOAD_TYPE.exec(type);
  if (match?.[1] === undefined) return undefined;
  return { kind: match[1], form: match[2] === 'Patch' ? 'patch' : match[2] === 'List' ? 'list' : 'object' };
}

/** The Kubernetes kind of a whole workload object type (not Patch or List), as before. */
export function kubernetesWorkloadKind(type: string): string | undefined {
  const workload = kubernetesWorkloadType(type);
  return workload?.form === 'object' ? workload.kind : undefined;
}

/** What a packaging type hides, when the type is one whose pods are not visible here. */
export function opaqueWorkloadSource(type: string): string | undefined {
  return OPAQUE_TYPES[type];
}

/** Whether the type is a Patch type: only the fields it sets are judged. */
export function isPatchType(type: string): boolean {
  return (
    type.endsWith('Patch') &&
    (kubernetesWorkloadType(type) !== undefined || PERSISTENT_VOLUME_TYPE.test(type))
  );
}

// A custom resource (a group with a dot: argoproj.io, apps.kruise.io): a workload when it holds a pod template.
const CUSTOM_RESOURCE_TYPE = /^kubernetes:[a-z0-9-]+(?:\.[a-z0-9-]+)+\/v[0-9a-z]+:([A-Za-z0-9]+)$/;

/**
 * The kind of a custom resource that carries a pod (`spec.template` or a CronJob-like
 * `spec.jobTemplate`), such as an Argo Rollout or an OpenKruise CloneSet: the audit reads any object
 * with a pod template, so the policies and the transformation judge these too.
 */
export function customPodCarrierKind(type: string, props: unknown): string | undefined {
  const kind = CUSTOM_RESOURCE_TYPE.exec(type)?.[1];
  if (kind === undefined) return undefined;
  const spec = asObject(asObject(props).spec);
  return spec.template !== undefined || spec.jobTemplate !== undefined ? kind : undefined;
}

/** Whether the policies and the transformation judge this resource: its type, or a custom resource with a pod. */
export function isAuditedResource(type: string, props: unknown): boolean {
  return isAuditedType(type) || customPodCarrierKind(type, props) !== undefined;
}

/** Whether the policies and the transformation look at resources of this type. */
export function isAuditedType(type: string): boolean {
  return (
    type === DOCKER_CONTAINER_TYPE ||
    type === DOCKER_SERVICE_TYPE ||
    type === DOCKER_PLUGIN_TYPE ||
    type === DOCKER_VOLUME_TYPE ||
    kubernetesWorkloadType(type) !== undefined ||
    PERSISTENT_VOLUME_TYPE.test(type) ||
    opaqueWorkloadSource(type) !== undefined
  );
}

/**
 * The workloads of one Pulumi resource's inputs: a Kubernetes workload read as a manifest (a List's
 * items; a Patch as far as it sets a pod), a Docker container or Swarm service translated to the
 * Compose service it is equivalent to. Never throws.
 */
export function workloadsOfResource(type: string, name: string, props: JsonObject): ExtractedWorkloads {
  if (type === DOCKER_CONTAINER_TYPE || type === DOCKER_SERVICE_TYPE) {
    const service =
      type === DOCKER_CONTAINER_TYPE
        ? composeServiceFromContainerArgs(props)
        : composeServiceFromSwarmServiceArgs(props);
    const serviceName =
      typeof service.container_name === 'string' && service.container_name !== ''
        ? service.container_name
        : name;
    return workloadsFromCompose({ services: { [serviceName]: service } });
  }
  const custom = customPodCarrierKind(type, props);
  if (custom !== undefined) {
    const metadata = asObject(props.metadata);
    return workloadsFromManifest({
      ...props,
      kind: custom,
      metadata: { ...metadata, name: typeof metadata.name === 'string' ? metadata.name : name },
    });
  }
  const workload = kubernetesWorkloadType(type);
  if (workload === undefined) return { workloads: [], problems: [] };
  const named = (item: JsonObject, fallback: string) => {
    const metadata = asObject(item.metadata);
    return {
      ...item,
      kind: workload.kind,
      metadata: { ...metadata, name: typeof metadata.name === 'string' ? metadata.name : fallback },
    };
  };
  if (workload.form === 'list') {
    return workloadsFromManifest({
      kind: 'List',
      items: asArray(props.items).map((item, index) => named(asObject(item), `${name}[${index}]`)),
    });
  }
  const extracted = workloadsFromManifest(named(props, name));
  // A patch that sets no pod spec changes no pod: nothing to judge, nothing unreadable.
  return workload.form === 'patch' ? { workloads: extracted.workloads, problems: [] } : extracted;
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

/** A setting judged on the Pulumi resource itself: no Kubernetes or Compose key expresses it. */
export interface ResourceSettingViolation {
  readonly message: string;
  /** The input path, e.g. `publishAllPorts`. */
  readonly path: string;
}

/**
 * Settings with a host-level effect that no rule of the core reads, because Compose and the pod spec
 * have no key for them: `publishAllPorts` (every exposed port on every host address), a plugin's
 * `grantAllPermissions` (whatever the plugin asks, often the host's devices and network), a
 * PersistentVolume's `hostPath` (a host directory any pod may mount through a claim), a
 * `docker.Volume` whose driver options bind a host path (a host directory any container may mount
 * by the volume's name).
 */
export function resourceSettingViolations(type: string, props: JsonObject): ResourceSettingViolation[] {
  if (type === DOCKER_CONTAINER_TYPE && isTrue(props.publishAllPorts)) {
    return [
      {
        message:
          'publishAllPorts publishes every port the image exposes on every host address: list the ports, each bound to an address, instead',
        path: 'publishAllPorts',
      },
    ];
  }
  if (type === DOCKER_PLUGIN_TYPE && isTrue(props.grantAllPermissions)) {
    return [
      {
        message:
          'grantAllPermissions grants the plugin every privilege it asks for (host devices, network, mounts): list what it needs in grantPermissions, each reviewed',
        path: 'grantAllPermissions',
      },
    ];
  }
  if (type === DOCKER_VOLUME_TYPE) {
    const device = volumeDriverHostPath(props.driver, props.driverOpts);
    if (device === undefined) return [];
    return [
      {
        message:
          `docker.Volume driverOpts make it a bind of the host path ${JSON.stringify(device)}: every container that mounts it ` +
          'gets that host directory as if it were a named volume; drop the bind options (a plain named volume), or mount ' +
          'the path through a justified "hostPath" exemption on the container',
        path: 'driverOpts',
      },
    ];
  }
  const pv = PERSISTENT_VOLUME_TYPE.exec(type);
  if (pv !== null) {
    const items = pv[1] === 'List' ? asArray(props.items).map(asObject) : [props];
    return items.flatMap((item, index) => {
      const hostPath = asObject(asObject(item.spec).hostPath);
      if (Object.keys(hostPath).length === 0 && asObject(item.spec).hostPath === undefined) return [];
      const prefix = pv[1] === 'List' ? `items[${index}].` : '';
      return [
        {
          message: `PersistentVolume hostPath ${JSON.stringify(hostPath.path ?? '')} gives every pod that claims it a host directory: use a storage class or a local volume with node affinity`,
          path: `${prefix}spec.hostPath`,
        },
      ];
    });
  }
  return [];
}

// The Docker provider (a Terraform bridge) reads the string "true" as a boolean true.
function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

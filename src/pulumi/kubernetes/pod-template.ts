import type * as pulumi from '@pulumi/pulumi';
import type { HardenedContainerSpec, RenderedPod } from '../../posture';
import { JUSTIFICATIONS_ANNOTATION, renderHardenedPod } from '../../posture';
import type { HardenedWorkloadArgs, WorkloadContainerArgs, WorkloadMetadataArgs } from './args';

/** The selector label every hardened workload puts on its pods. */
export const SELECTOR_LABEL = 'app.kubernetes.io/name';

/** A workload's metadata and pod template, as Kubernetes JSON whose leaves may be Pulumi inputs. */
export interface RenderedTemplate {
  readonly metadata: Record<string, unknown>;
  readonly selector: { readonly matchLabels: Record<string, string> };
  readonly template: { readonly metadata: Record<string, unknown>; readonly spec: Record<string, unknown> };
  readonly rendered: RenderedPod;
}

/** What a workload kind adds to the pod template. */
export interface PodTemplateExtras {
  /** Pod spec fields of the kind (a Job's restartPolicy). @default - none */
  readonly podSpec?: Readonly<Record<string, unknown>>;
  /** Volumes the kind declares itself (a StatefulSet's claim templates), which containers may mount. @default - none */
  readonly claimNames?: readonly string[];
}

/**
 * Renders the pod template of a hardened workload: every security field comes from
 * renderHardenedPod (the renderer the cdk8s constructs use), the rest from the arguments.
 * Throws (JustificationError, RangeError) naming `where` on bad arguments.
 */
export function renderPodTemplate(
  name: string,
  args: HardenedWorkloadArgs,
  where: string,
  extras: PodTemplateExtras = {},
): RenderedTemplate {
  const containers: readonly WorkloadContainerArgs[] = args.containers;
  // JavaScript callers bypass the types; Array.isArray would widen the list to any[].
  const isList = (value: unknown): boolean => Array.isArray(value);
  if (!isList(containers) || containers.length === 0) {
    throw new RangeError(`${where}: containers must list at least one container`);
  }
  rejectReplacedFields(args, where, POD_FIELD_HINTS);
  const declared = [...containers, ...(args.initContainers ?? [])];
  for (const c of declared) rejectReplacedFields(c, `${where}/${c.name}`, CONTAINER_FIELD_HINTS);
  if (
    args.metadata?.annotations !== undefined &&
    Object.hasOwn(args.metadata.annotations, JUSTIFICATIONS_ANNOTATION)
  ) {
    throw new RangeError(
      `${where}: metadata.annotations["${JUSTIFICATIONS_ANNOTATION}"] is written by the component from the exemptions; declare exemptions instead`,
    );
  }
  const initContainers = args.initContainers ?? [];
  const rendered = renderHardenedPod({
    containers: args.containers.map(toSpec),
    initContainers: initContainers.map(toSpec),
    where,
    ...(args.user !== undefined && { user: args.user }),
    ...(args.exemptions !== undefined && { exemptions: args.exemptions }),
    ...(args.userNamespaces !== undefined && { userNamespaces: args.userNamespaces }),
    ...(args.unprivilegedPortStart !== undefined && { unprivilegedPortStart: args.unprivilegedPortStart }),
    ...(args.pinAppArmorRuntimeDefault !== undefined && {
      pinAppArmorRuntimeDefault: args.pinAppArmorRuntimeDefault,
    }),
    ...(args.automountServiceAccountToken !== undefined && {
      automountServiceAccountToken: args.automountServiceAccountToken,
    }),
    ...(args.environment !== undefined && { environment: args.environment }),
    ...(args.now !== undefined && { now: args.now }),
  });

  const declaredVolumes = new Set<unknown>([
    ...(args.volumes ?? []).map((v) => v.name),
    ...(extras.claimNames ?? []),
  ]);
  const container = (c: WorkloadContainerArgs) => renderContainer(c, rendered, declaredVolumes, where);

  const matchLabels = { [SELECTOR_LABEL]: name };
  const podAnnotations = { ...rendered.annotations };
  const spec: Record<string, unknown> = {
    ...extras.podSpec,
    ...rendered.podFields,
    securityContext: rendered.securityContext,
    ...(initContainers.length > 0 && { initContainers: initContainers.map(container) }),
    containers: args.containers.map(container),
    ...(args.serviceAccountName !== undefined && { serviceAccountName: args.serviceAccountName }),
  };
  const volumes = [...rendered.volumes, ...(args.volumes ?? [])];
  if (volumes.length > 0) spec.volumes = volumes;
  return {
    metadata: workloadMetadata(args.metadata, rendered),
    selector: { matchLabels },
    template: {
      metadata: {
        labels: { ...args.podLabels, ...matchLabels },
        ...(Object.keys(podAnnotations).length > 0 && { annotations: podAnnotations }),
      },
      spec,
    },
    rendered,
  };
}

// JavaScript callers bypass the types: a security field they pass would otherwise be dropped silently.
const POD_FIELD_HINTS: Readonly<Record<string, string>> = {
  securityContext: 'set "user" for the pod ids; the rest of the posture is rendered for you',
  hostNetwork: 'host networking needs a justified { kind: "hostNetwork" } entry in "exemptions"',
  hostPID: 'the host PID namespace needs a justified { kind: "hostPID" } entry in "exemptions"',
  hostIPC: 'the host IPC namespace needs a justified { kind: "hostIPC" } entry in "exemptions"',
  podExemptions: 'pod-level exemptions are called "exemptions" on Pulumi workloads',
};
const CONTAINER_FIELD_HINTS: Readonly<Record<string, string>> = {
  securityContext: 'the security context is rendered from the posture; relax it with justified "exemptions"',
};

function rejectReplacedFields(value: object, where: string, hints: Readonly<Record<string, string>>): void {
  for (const [field, hint] of Object.entries(hints)) {
    if (Object.hasOwn(value, field)) throw new RangeError(`${where}: "${field}" is not an argument: ${hint}`);
  }
}

function toSpec(c: WorkloadContainerArgs): HardenedContainerSpec {
  return {
    name: c.name,
    ...(c.writablePaths !== undefined && { writablePaths: c.writablePaths }),
    ...(c.exemptions !== undefined && { exemptions: c.exemptions }),
  };
}

/** The workload's own metadata, with the justifications recorded (the pod template gets them too). */
export function workloadMetadata(
  metadata: WorkloadMetadataArgs | undefined,
  rendered: RenderedPod,
): Record<string, unknown> {
  const justifications = rendered.annotations[JUSTIFICATIONS_ANNOTATION];
  const annotations: Record<string, pulumi.Input<string>> = { ...metadata?.annotations };
  if (justifications !== undefined) annotations[JUSTIFICATIONS_ANNOTATION] = justifications;
  return {
    ...(metadata?.name !== undefined && { name: metadata.name }),
    ...(metadata?.namespace !== undefined && { namespace: metadata.namespace }),
    ...(metadata?.labels !== undefined && { labels: { ...metadata.labels } }),
    ...(Object.keys(annotations).length > 0 && { annotations }),
  };
}

function renderContainer(
  c: WorkloadContainerArgs,
  rendered: RenderedPod,
  declaredVolumes: ReadonlySet<unknown>,
  where: string,
): Record<string, unknown> {
  const posture = rendered.containers.get(c.name);
  if (posture === undefined)
    throw new Error(`${where}/${c.name}: the posture renderer skipped this container`);
  const ports: Record<string, unknown>[] = (c.ports ?? []).map((p, index) => {
    if (!Number.isInteger(p.containerPort) || p.containerPort < 1 || p.containerPort > 65535) {
      throw new RangeError(`${where}/${c.name}: ports[${index}].containerPort must be between 1 and 65535`);
    }
    if ((p as { hostPort?: unknown }).hostPort !== undefined) {
      throw new RangeError(
        `${where}/${c.name}: ports[${index}].hostPort is not an argument: binding a node port needs a justified "hostPort" exemption`,
      );
    }
    return { containerPort: p.containerPort, ...(p.name && { name: p.name }), protocol: p.protocol ?? 'TCP' };
  });
  for (const hp of posture.hostPorts) {
    const port = ports.find((p) => p.containerPort === hp.containerPort);
    if (port) port.hostPort = hp.hostPort;
    else ports.push({ containerPort: hp.containerPort, hostPort: hp.hostPort, protocol: 'TCP' });
  }
  const mounts = (c.volumeMounts ?? []).map((m, index) => {
    if (!declaredVolumes.has(m.volume)) {
      throw new RangeError(
        `${where}/${c.name}: volumeMounts[${index}] names volume "${m.volume}", which the workload does not declare (volumes or persistentVolumes)`,
      );
    }
    return {
      name: m.volume,
      mountPath: m.mountPath,
      ...(m.readOnly === true && { readOnly: true }),
      ...(m.subPath !== undefined && { subPath: m.subPath }),
    };
  });
  const volumeMounts = [...posture.volumeMounts, ...mounts];
  const optional = {
    command: c.command,
    args: c.args,
    workingDir: c.workingDir,
    env: c.env,
    envFrom: c.envFrom,
    livenessProbe: c.livenessProbe,
    readinessProbe: c.readinessProbe,
    startupProbe: c.startupProbe,
    resources: c.resources,
  };
  return {
    name: c.name,
    image: c.image,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(ports.length > 0 && { ports }),
    securityContext: posture.securityContext,
    ...(volumeMounts.length > 0 && { volumeMounts }),
  };
}

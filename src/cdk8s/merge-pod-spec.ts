import { k8s } from 'cdk8s-plus-28';
import type { RenderedContainer, RenderedPod, RenderedVolume } from '../posture';
import { POD_TEMPLATE_PATHS } from '../audit';

/*
 * cdk8s-plus-28 renders a pod spec in the TypeScript names of its Kubernetes 1.28 schema
 * (`hostPid`, `Quantity` objects); the generated code maps them to Kubernetes names afterwards
 * and drops every field that schema does not know. So the known fields are merged here, before
 * that mapping, and the fields newer than the schema (`appArmorProfile`, Kubernetes 1.30) are
 * added to the mapped JSON by {@link addFieldsBeyondSchema}.
 */

// Pod fields of the renderer, by Kubernetes name, and their cdk8s TypeScript names.
const POD_FIELD_NAMES: Readonly<Record<string, keyof k8s.PodSpec>> = {
  automountServiceAccountToken: 'automountServiceAccountToken',
  hostNetwork: 'hostNetwork',
  hostPID: 'hostPid',
  hostIPC: 'hostIpc',
  hostUsers: 'hostUsers',
};

const BEYOND_SCHEMA = 'appArmorProfile';

function withoutBeyondSchema(securityContext: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (!(BEYOND_SCHEMA in securityContext)) return { ...securityContext };
  return Object.fromEntries(Object.entries(securityContext).filter(([key]) => key !== BEYOND_SCHEMA));
}

/** Whether a rendered pod has fields that the cdk8s-plus-28 schema would drop. */
export function hasFieldsBeyondSchema(rendered: RenderedPod): boolean {
  if (BEYOND_SCHEMA in rendered.securityContext) return true;
  for (const container of rendered.containers.values()) {
    if (BEYOND_SCHEMA in container.securityContext) return true;
  }
  return false;
}

/**
 * Merges the rendered posture into a pod spec rendered by cdk8s-plus. Containers the renderer
 * does not know (plain cdk8s-plus containers) are left as they are: the synth-time audit reports
 * them rather than hardening them behind the user's back.
 */
export function mergeRenderedPod(spec: k8s.PodSpec, rendered: RenderedPod, where: string): k8s.PodSpec {
  const merged: Record<string, unknown> = {
    ...spec,
    securityContext: { ...spec.securityContext, ...withoutBeyondSchema(rendered.securityContext) },
    containers: spec.containers.map((c) => mergeContainer(c, rendered.containers.get(c.name))),
    volumes: mergeVolumes(spec.volumes, rendered.volumes, where),
  };
  if (spec.initContainers !== undefined) {
    merged.initContainers = spec.initContainers.map((c) =>
      mergeContainer(c, rendered.containers.get(c.name)),
    );
  }
  for (const [kubeName, tsName] of Object.entries(POD_FIELD_NAMES)) {
    merged[tsName] = rendered.podFields[kubeName];
  }
  return merged as unknown as k8s.PodSpec;
}

function mergeContainer(container: k8s.Container, rendered: RenderedContainer | undefined): k8s.Container {
  if (rendered === undefined) return container;
  const ports = [...(container.ports ?? [])];
  for (const { containerPort, hostPort } of rendered.hostPorts) {
    const index = ports.findIndex((p) => p.containerPort === containerPort);
    const existing = ports[index];
    if (existing === undefined) ports.push({ containerPort, hostPort });
    else ports[index] = { ...existing, hostPort };
  }
  const volumeMounts = [...(container.volumeMounts ?? []), ...rendered.volumeMounts];
  return {
    ...container,
    securityContext: withoutBeyondSchema(rendered.securityContext),
    ...(ports.length > 0 && { ports }),
    ...(volumeMounts.length > 0 && { volumeMounts }),
  };
}

function mergeVolumes(
  existing: readonly k8s.Volume[] | undefined,
  rendered: readonly RenderedVolume[],
  where: string,
): k8s.Volume[] | undefined {
  const volumes = [...(existing ?? [])];
  const names = new Set(volumes.map((v) => v.name));
  for (const volume of rendered) {
    if (names.has(volume.name)) {
      throw new Error(
        `${where}: volume name "${volume.name}" is used by a declared volume and by a writable path or host mount; rename the declared volume`,
      );
    }
    names.add(volume.name);
    if ('emptyDir' in volume) {
      const { medium, sizeLimit } = volume.emptyDir;
      volumes.push({
        name: volume.name,
        emptyDir: {
          ...(medium !== undefined && { medium }),
          ...(sizeLimit !== undefined && { sizeLimit: k8s.Quantity.fromString(sizeLimit) }),
        },
      });
    } else {
      volumes.push({ name: volume.name, hostPath: { ...volume.hostPath } });
    }
  }
  return volumes.length > 0 ? volumes : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Adds the rendered fields that the Kubernetes 1.28 schema of cdk8s-plus-28 would drop
 * (`appArmorProfile`) to a mapped manifest, in place. Fields a JSON patch removed stay removed:
 * only security contexts still present are completed.
 */
export function addFieldsBeyondSchema(manifest: Record<string, unknown>, rendered: RenderedPod): void {
  const templatePath = typeof manifest.kind === 'string' ? POD_TEMPLATE_PATHS[manifest.kind] : undefined;
  if (templatePath === undefined) return;
  let node: Record<string, unknown> | undefined = manifest;
  for (const key of [...templatePath, 'spec']) node = asRecord(node?.[key]);
  if (node === undefined) return;
  const podProfile = rendered.securityContext[BEYOND_SCHEMA];
  const podSecurity = asRecord(node.securityContext);
  if (podProfile !== undefined && podSecurity !== undefined) podSecurity[BEYOND_SCHEMA] = podProfile;
  for (const group of ['initContainers', 'containers']) {
    const list = node[group];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const container = asRecord(entry);
      const name = container?.name;
      const profile =
        typeof name === 'string' ? rendered.containers.get(name)?.securityContext[BEYOND_SCHEMA] : undefined;
      const security = asRecord(container?.securityContext);
      if (profile !== undefined && security !== undefined) security[BEYOND_SCHEMA] = profile;
    }
  }
}

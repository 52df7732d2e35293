import type { Workload } from 'hardened-workloads/audit';
import { workloadsFromManifest } from 'hardened-workloads/audit';
import type { HardenedPodSpec, RenderedPod } from 'hardened-workloads/posture';
import {
  JUSTIFICATIONS_ANNOTATION,
  encodeJustifications,
  renderHardenedPod,
} from 'hardened-workloads/posture';
import type { JustificationRecord } from 'hardened-workloads/posture';
import { podView } from 'hardened-workloads/rules';

/** The clock every checklist test uses, so that expiry dates are stable. */
export const NOW = new Date('2026-06-01T00:00:00Z');

const RESOURCES = { limits: { cpu: '500m', memory: '256Mi' } };

/** The one workload a document yields; fails the test if it yields anything else. */
export function onlyWorkload(document: unknown, file = 'manifests/app.yaml'): Workload {
  const { workloads, problems } = workloadsFromManifest(document, { file, line: 1 });
  expect(problems).toEqual([]);
  expect(workloads).toHaveLength(1);
  const [workload] = workloads;
  if (workload === undefined) throw new Error('no workload');
  return workload;
}

/** A Deployment whose pod is rendered by the posture core, as the cdk8s and Pulumi hosts render it. */
export function hardenedDeployment(spec: Omit<HardenedPodSpec, 'where' | 'now'>, name = 'api'): unknown {
  const rendered: RenderedPod = renderHardenedPod({ ...spec, where: name, now: NOW });
  const container = (c: { readonly name: string }) => {
    const r = rendered.containers.get(c.name);
    return {
      name: c.name,
      image: `registry.example.com/team/${c.name}:1.4.2`,
      resources: RESOURCES,
      securityContext: r?.securityContext,
      volumeMounts: r?.volumeMounts,
      ...(r !== undefined && r.hostPorts.length > 0 && { ports: r.hostPorts }),
    };
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', annotations: rendered.annotations },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: rendered.annotations },
        spec: {
          ...rendered.podFields,
          securityContext: rendered.securityContext,
          initContainers: (spec.initContainers ?? []).map(container),
          containers: spec.containers.map(container),
          volumes: rendered.volumes,
        },
      },
    },
  };
}

/** The seed's own Kubernetes example, verbatim. */
export const SEED_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api' },
  spec: {
    template: {
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
        containers: [
          {
            name: 'api',
            image: 'registry.example.com/team/api:latest',
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            },
          },
        ],
      },
    },
  },
};

/** Everything the seed warns against, in one pod. */
export const INSECURE_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'builder', namespace: 'ci' },
  spec: {
    hostNetwork: true,
    containers: [
      {
        name: 'builder',
        image: 'docker:27-cli',
        securityContext: { privileged: true, runAsUser: 0 },
        volumeMounts: [{ name: 'docker', mountPath: '/var/run/docker.sock' }],
      },
    ],
    volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }],
  },
};

/**
 * A Compose service translated to a pod, shaped as the Compose translation produces it: user ->
 * runAsUser/runAsGroup, read_only -> readOnlyRootFilesystem, cap_drop/cap_add -> capabilities,
 * no-new-privileges -> allowPrivilegeEscalation false, seccomp unset -> RuntimeDefault, binds ->
 * hostPath volumes, tmpfs -> emptyDir Memory.
 */
export function composeWorkload(
  service: string,
  container: Record<string, unknown>,
  pod: { readonly volumes?: unknown[]; readonly records?: readonly JustificationRecord[] } = {},
): Workload {
  const spec = {
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: service, image: 'registry.example.com/team/api:1.4.2', ...container }],
    volumes: pod.volumes ?? [],
  };
  return {
    file: 'compose.yaml',
    line: 2,
    kind: 'ComposeService',
    name: service,
    pod: podView(spec, `services.${service}`, {
      dialect: 'compose',
      justificationValues: pod.records ? [encodeJustifications(pod.records)] : [],
    }),
  };
}

export { JUSTIFICATIONS_ANNOTATION };

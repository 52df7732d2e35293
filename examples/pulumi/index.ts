/**
 * A hardened web API on Kubernetes, in a namespace that enforces Pod Security "restricted", and a
 * hardened Docker container, with the seed's runtime posture and nothing relaxed.
 *
 *   pulumi up        # with the Pulumi CLI, a kubeconfig and a Docker daemon
 */
import * as k8s from '@pulumi/kubernetes';
import { HardenedContainer } from 'hardened-workloads/pulumi/docker';
import { HardenedDeployment, HardenedNamespace, SELECTOR_LABEL } from 'hardened-workloads/pulumi/kubernetes';

const namespace = new HardenedNamespace('apps', { name: 'apps' });

const api = new HardenedDeployment('web-api', {
  metadata: { name: 'web-api', namespace: namespace.namespaceName, labels: { team: 'web' } },
  replicas: 2,
  containers: [
    {
      name: 'api',
      image: 'registry.example.com/team/api:1.4.2',
      ports: [{ containerPort: 8080, name: 'http' }],
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
      readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10 },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      // The only writable place: a memory-backed scratch directory (the seed's tmpfs).
      writablePaths: [{ path: '/tmp', medium: 'Memory', sizeLimit: '64Mi' }],
    },
  ],
});

const service = new k8s.core.v1.Service(
  'web-api',
  {
    metadata: { name: 'web-api', namespace: namespace.namespaceName },
    spec: { selector: { [SELECTOR_LABEL]: 'web-api' }, ports: [{ port: 80, targetPort: 'http' }] },
  },
  { parent: api },
);

const cache = new HardenedContainer('cache', {
  image: 'redis:7.4.1-alpine',
  command: ['redis-server', '--save', '', '--appendonly', 'no'],
  // Published on loopback only: Docker would otherwise bind 0.0.0.0.
  ports: [{ containerPort: 6379, hostIp: '127.0.0.1' }],
  writablePaths: [{ path: '/data', sizeLimit: '128Mi' }],
  memoryMb: 256,
  cpus: 0.5,
});

export const namespaceName = namespace.namespaceName;
export const deploymentName = api.deployment.metadata.name;
export const serviceName = service.metadata.name;
export const cacheContainer = cache.container.name;
/** The engine-level settings of the container (`docker run` vocabulary), for review and the checklist. */
export const cacheSettings = cache.settings;

import { Cron, Size } from 'cdk8s';
import type { App } from 'cdk8s';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  HardenedCronJob,
  HardenedDeployment,
  HardenedNamespace,
  HardenedStatefulSet,
} from 'hardened-workloads/cdk8s';

const NAMESPACE = 'shop';
const REGISTRY = 'registry.example.com/shop';

const resources: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};

/**
 * The example shop: a web API, a worker that binds port 80 with no capability, a nightly report, a database with a
 * persistent volume, all in a namespace where Pod Security Admission enforces restricted.
 */
export class ShopChart extends Chart {
  public constructor(scope: App, id: string) {
    super(scope, id, { namespace: NAMESPACE });

    new HardenedNamespace(this, 'namespace', { metadata: { name: NAMESPACE } });

    const api = new HardenedDeployment(this, 'api', {
      replicas: 2,
      containers: [
        {
          name: 'api',
          image: `${REGISTRY}/api:1.4.2`,
          portNumber: 8080,
          resources,
          readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
          // The API writes uploads in progress to a bounded tmpfs; nothing else is writable.
          writablePaths: [{ path: '/tmp', medium: 'Memory', sizeLimit: '64Mi' }],
        },
      ],
    });
    api.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });

    // The partner callback gateway only delivers webhooks to port 80. The worker binds it as user
    // 10001 with no capability: unprivilegedPortStart renders the safe, namespaced sysctl
    // net.ipv4.ip_unprivileged_port_start. A NET_BIND_SERVICE add-back would not take effect.
    new HardenedDeployment(this, 'worker', {
      unprivilegedPortStart: 80,
      containers: [
        {
          name: 'worker',
          image: `${REGISTRY}/worker:2.0.1`,
          portNumber: 80,
          resources,
        },
      ],
    });

    new HardenedCronJob(this, 'nightly-report', {
      schedule: Cron.daily(),
      containers: [
        {
          name: 'report',
          image: `${REGISTRY}/report:0.9.0`,
          resources,
          writablePaths: [{ path: '/var/tmp/report', sizeLimit: '256Mi' }],
        },
      ],
    });

    new HardenedStatefulSet(this, 'db', {
      containers: [
        { name: 'db', image: `${REGISTRY}/db:16.4`, portNumber: 5432, resources, writablePaths: ['/run/db'] },
      ],
      persistentVolumes: [{ name: 'data', mountPath: '/var/lib/db', storage: '10Gi' }],
    });
  }
}

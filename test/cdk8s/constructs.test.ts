/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- synthesized manifests are untyped JSON; the tests read their fields by name */
import { Cron, Duration, Size } from 'cdk8s';
import type { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  HardenedContainer,
  HardenedCronJob,
  HardenedDaemonSet,
  HardenedDeployment,
  HardenedJob,
  HardenedStatefulSet,
} from 'hardened-workloads/cdk8s';
import type { Manifest } from './helpers';
import {
  IMAGE,
  auditManifests,
  chartOf,
  container,
  only,
  podSpec,
  podTemplate,
  unjustified,
} from './helpers';

const KINDS: readonly { kind: string; build: (chart: Chart) => void }[] = [
  { kind: 'Deployment', build: (c) => new HardenedDeployment(c, 'api', { containers: [{ image: IMAGE }] }) },
  {
    kind: 'StatefulSet',
    build: (c) => new HardenedStatefulSet(c, 'db', { containers: [{ image: IMAGE, portNumber: 5432 }] }),
  },
  { kind: 'DaemonSet', build: (c) => new HardenedDaemonSet(c, 'agent', { containers: [{ image: IMAGE }] }) },
  { kind: 'Job', build: (c) => new HardenedJob(c, 'migrate', { containers: [{ image: IMAGE }] }) },
  {
    kind: 'CronJob',
    build: (c) =>
      new HardenedCronJob(c, 'report', { schedule: Cron.daily(), containers: [{ image: IMAGE }] }),
  },
];

const DEFAULT_CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};

describe.each(KINDS)('Hardened $kind with empty posture props', ({ kind, build }) => {
  const manifests = chartOf(build);
  const workload = only(manifests, kind);

  test('renders the pod-level posture', () => {
    const spec = podSpec(workload);
    expect(spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.automountServiceAccountToken).toBe(false);
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'volumes']) {
      expect(spec[field]).toBeUndefined();
    }
  });

  test('renders the container posture, field by field', () => {
    expect(container(workload).securityContext).toEqual(DEFAULT_CONTAINER_SECURITY);
  });

  test('passes the audit at restricted and at hardened', () => {
    expect(unjustified(auditManifests(manifests, 'restricted'))).toEqual([]);
    expect(unjustified(auditManifests(manifests, 'hardened'))).toEqual([]);
  });

  test('matches its snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });
});

describe('cdk8s-plus conveniences still work', () => {
  test('ports, env, probes, resources, exposeViaService and mounts', () => {
    const manifests = chartOf((chart) => {
      const config = new kplus.ConfigMap(chart, 'config', { data: { LEVEL: 'info' } });
      const api = new HardenedDeployment(chart, 'api', {
        replicas: 3,
        containers: [
          {
            image: IMAGE,
            portNumber: 8080,
            envVariables: { LOG_LEVEL: kplus.EnvValue.fromConfigMap(config, 'LEVEL') },
            liveness: kplus.Probe.fromHttpGet('/healthz'),
            resources: {
              cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
              memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
            },
            volumeMounts: [{ path: '/etc/app', volume: kplus.Volume.fromConfigMap(chart, 'cfg', config) }],
          },
        ],
      });
      api.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    });
    const deployment = only(manifests, 'Deployment');
    const main = container(deployment);
    expect(main.ports).toEqual([{ containerPort: 8080 }]);
    expect(main.env).toEqual([{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: expect.any(Object) } }]);
    expect(main.livenessProbe.httpGet.path).toBe('/healthz');
    expect(main.resources.limits.cpu).toBe('500m');
    expect(main.volumeMounts).toEqual([
      { mountPath: '/etc/app', name: expect.stringMatching(/^configmap-test-config-/) },
    ]);
    expect(only(manifests, 'Service').spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
    expect(main.securityContext).toEqual(DEFAULT_CONTAINER_SECURITY);
    expect(unjustified(auditManifests(manifests, 'hardened'))).toEqual([]);
  });

  test('addContainer, addInitContainer and attachContainer of a HardenedContainer get the posture', () => {
    const manifests = chartOf((chart) => {
      const job = new HardenedJob(chart, 'job', { ttlAfterFinished: Duration.minutes(5) });
      job.addInitContainer({ name: 'setup', image: IMAGE, writablePaths: ['/work'] });
      job.addContainer({ name: 'run', image: IMAGE });
      job.attachContainer(new HardenedContainer({ name: 'sidecar', image: IMAGE }));
    });
    const job = only(manifests, 'Job');
    for (const name of ['setup', 'run', 'sidecar']) {
      expect(container(job, name).securityContext).toEqual(DEFAULT_CONTAINER_SECURITY);
    }
    expect(unjustified(auditManifests(manifests, 'hardened'))).toEqual([]);
  });

  test('a non-root user other than the default', () => {
    const manifests = chartOf((chart) => {
      new HardenedDeployment(chart, 'api', {
        user: { uid: 20000, gid: 20001 },
        containers: [{ image: IMAGE }],
      });
    });
    expect(podSpec(only(manifests, 'Deployment')).securityContext).toMatchObject({
      runAsUser: 20000,
      runAsGroup: 20001,
      fsGroup: 10001,
    });
  });

  test('user 0 is refused at construction', () => {
    expect(() =>
      chartOf(
        (chart) => new HardenedDeployment(chart, 'api', { user: { uid: 0 }, containers: [{ image: IMAGE }] }),
      ),
    ).toThrow('test/api: user.uid must be a non-zero integer user or group id (got 0)');
  });
});

describe('writable paths and persistent volumes', () => {
  test('writable paths become emptyDir mounts, memory-backed and bounded where asked', () => {
    const manifests = chartOf((chart) => {
      new HardenedDeployment(chart, 'api', {
        containers: [
          {
            image: IMAGE,
            writablePaths: ['/var/cache/app', { path: '/tmp', medium: 'Memory', sizeLimit: '64Mi' }],
          },
        ],
      });
    });
    const deployment = only(manifests, 'Deployment');
    expect(podSpec(deployment).volumes).toEqual([
      { name: 'main-var-cache-app', emptyDir: {} },
      { name: 'main-tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
    expect(container(deployment).volumeMounts).toEqual([
      { name: 'main-var-cache-app', mountPath: '/var/cache/app' },
      { name: 'main-tmp', mountPath: '/tmp' },
    ]);
    expect(container(deployment).securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('a StatefulSet mounts its persistent volumes from volume claim templates', () => {
    const manifests = chartOf((chart) => {
      new HardenedStatefulSet(chart, 'db', {
        containers: [{ image: IMAGE, portNumber: 5432 }],
        persistentVolumes: [
          { name: 'data', mountPath: '/var/lib/db', storage: '10Gi', storageClassName: 'fast' },
        ],
      });
    });
    const statefulSet = only(manifests, 'StatefulSet');
    expect(statefulSet.spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '10Gi' } },
          storageClassName: 'fast',
        },
      },
    ]);
    expect(container(statefulSet).volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/db' }]);
    expect(unjustified(auditManifests(manifests, 'hardened'))).toEqual([]);
  });

  test('a persistent volume naming an unknown container fails the synth', () => {
    expect(() =>
      chartOf((chart) => {
        new HardenedStatefulSet(chart, 'db', {
          containers: [{ image: IMAGE, portNumber: 5432 }],
          persistentVolumes: [{ name: 'data', mountPath: '/data', storage: '1Gi', containers: ['nope'] }],
        });
      }),
    ).toThrow('persistent volume "data" names container "nope", which the pod does not have');
  });

  test('a bad storage quantity is refused at construction', () => {
    expect(() =>
      chartOf((chart) => {
        new HardenedStatefulSet(chart, 'db', {
          containers: [{ image: IMAGE, portNumber: 5432 }],
          persistentVolumes: [{ name: 'data', mountPath: '/data', storage: 'ten gigs' }],
        });
      }),
    ).toThrow('test/db: persistentVolumes[0].storage "ten gigs" is not a quantity such as "10Gi"');
  });

  test('a PVC volume mounted through cdk8s-plus passes the audit', () => {
    const manifests = chartOf((chart) => {
      const claim = new kplus.PersistentVolumeClaim(chart, 'claim', { storage: Size.gibibytes(1) });
      const api = new HardenedDeployment(chart, 'api', { containers: [{ image: IMAGE }] });
      api.containers[0]!.mount('/data', kplus.Volume.fromPersistentVolumeClaim(chart, 'vol', claim));
    });
    expect(podSpec(only(manifests, 'Deployment')).volumes[0].persistentVolumeClaim).toBeDefined();
    expect(unjustified(auditManifests(manifests, 'hardened'))).toEqual([]);
  });
});

test('the pod template carries the cdk8s-plus labels', () => {
  const manifests = chartOf(
    (chart) => new HardenedDeployment(chart, 'api', { containers: [{ image: IMAGE }] }),
  );
  const template: Manifest = podTemplate(only(manifests, 'Deployment'));
  expect(Object.keys(template.metadata.labels as object)).toContain('cdk8s.io/metadata.addr');
});

describe('bad declarations fail early and say what to fix', () => {
  test('a writable path that is not an absolute directory is refused at construction', () => {
    expect(() => new HardenedContainer({ name: 'app', image: IMAGE, writablePaths: ['tmp'] })).toThrow(
      'container "app": writablePaths[0] must be an absolute directory other than "/" (got "tmp")',
    );
  });

  test('a declared volume whose name a writable path needs fails the synth', () => {
    expect(() =>
      chartOf((chart) => {
        const api = new HardenedDeployment(chart, 'api', {
          containers: [{ image: IMAGE, writablePaths: ['/tmp'] }],
        });
        api.addVolume(kplus.Volume.fromEmptyDir(chart, 'clash', 'main-tmp'));
      }),
    ).toThrow(
      'test/api: volume name "main-tmp" is used by a declared volume and by a writable path or host mount; rename the declared volume',
    );
  });

  test('two containers with one name are refused', () => {
    expect(() =>
      chartOf((chart) => {
        new HardenedDeployment(chart, 'api', { containers: [{ image: IMAGE }, { image: IMAGE }] });
      }),
    ).toThrow('test/api: container name "main" is used twice');
  });
});

import type { ResourceValidationArgs } from '@pulumi/policy';
import * as docker from '@pulumi/docker';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { renderHardenedPod } from 'hardened-workloads';
import { hardeningTransformation } from 'hardened-workloads/pulumi';
import { HardenedDeployment } from 'hardened-workloads/pulumi/kubernetes';
import {
  NOT_VERIFIABLE_RULE,
  RESOURCE_SETTINGS_RULE,
  composeServiceFromContainerArgs,
  hardenedPolicies,
  isAuditedType,
} from 'hardened-workloads/pulumi/policy';
import type { MockRecorder } from '../pulumi-mocks';
import { installMocks, settle } from '../pulumi-mocks';

type Props = Record<string, unknown>;
const IMAGE = 'registry.example.com/team/api:1.4.2';
const policies = hardenedPolicies();

/** What every policy reports for one resource: mandatory ones and advisory ones apart. */
function judge(type: string, props: Props, name = 'r'): { mandatory: string[]; advisory: string[] } {
  const result = { mandatory: [] as string[], advisory: [] as string[] };
  const args = { type, props, name, urn: `urn:pulumi:s::p::${type}::${name}` } as ResourceValidationArgs;
  for (const policy of policies) {
    const validate = policy.validateResource;
    for (const validation of Array.isArray(validate) ? validate : validate ? [validate] : []) {
      void validation(args, (message) =>
        (policy.enforcementLevel === 'mandatory' ? result.mandatory : result.advisory).push(
          `${policy.name}: ${message}`,
        ),
      );
    }
  }
  return result;
}

/** A pod spec with the whole posture rendered: passes every rule. */
function hardenedPodSpec(extra: Props = {}): Props {
  const pod = renderHardenedPod({ containers: [{ name: 'api' }], where: 'test' });
  return {
    ...pod.podFields,
    securityContext: pod.securityContext,
    containers: [
      {
        name: 'api',
        image: IMAGE,
        securityContext: { ...pod.containers.get('api')!.securityContext, ...extra },
        resources: { limits: { cpu: '1', memory: '256Mi' } },
      },
    ],
  };
}
const privilegedPodSpec = () => hardenedPodSpec({ privileged: true });

describe('Patch types are judged on the fields they set', () => {
  test.each([
    ['kubernetes:apps/v1:DeploymentPatch', (spec: Props) => ({ spec: { template: { spec } } })],
    ['kubernetes:apps/v1:DaemonSetPatch', (spec: Props) => ({ spec: { template: { spec } } })],
    ['kubernetes:apps/v1:StatefulSetPatch', (spec: Props) => ({ spec: { template: { spec } } })],
    ['kubernetes:apps/v1:ReplicaSetPatch', (spec: Props) => ({ spec: { template: { spec } } })],
    ['kubernetes:batch/v1:JobPatch', (spec: Props) => ({ spec: { template: { spec } } })],
    [
      'kubernetes:batch/v1:CronJobPatch',
      (spec: Props) => ({ spec: { jobTemplate: { spec: { template: { spec } } } } }),
    ],
    ['kubernetes:core/v1:PodPatch', (spec: Props) => ({ spec })],
  ])('%s setting privileged: true is a violation on its own', (type, wrap) => {
    const patch = wrap({ containers: [{ name: 'api', securityContext: { privileged: true } }] });
    expect(judge(type, patch).mandatory).toEqual([
      expect.stringMatching(/^privileged: container "api" must not set securityContext\.privileged=true/),
    ]);
  });

  test('a patch that sets no security field is not blamed for the fields it leaves to the object', () => {
    expect(judge('kubernetes:apps/v1:DeploymentPatch', { spec: { replicas: 3 } })).toEqual({
      mandatory: [],
      advisory: [],
    });
    const imageOnly = { spec: { template: { spec: { containers: [{ name: 'api', image: IMAGE }] } } } };
    expect(judge('kubernetes:apps/v1:DeploymentPatch', imageOnly).mandatory).toEqual([]);
  });

  test('a patch adding a container to an object the policies cannot see is reported not verifiable, naming the container', () => {
    const sidecar = {
      metadata: { name: 'api', namespace: 'apps' },
      spec: { template: { spec: { containers: [{ name: 'sidecar', image: IMAGE }] } } },
    };
    const { mandatory, advisory } = judge('kubernetes:apps/v1:DeploymentPatch', sidecar);
    expect(mandatory).toEqual([]);
    expect(advisory).toContainEqual(
      expect.stringMatching(
        /^workload-not-verifiable: kubernetes:apps\/v1:DeploymentPatch "r" sets container "sidecar" of Deployment apps\/api, .*a new container would run without .*allow-privilege-escalation/,
      ),
    );
  });

  test('a PodPatch turning hostPID on is a violation', () => {
    expect(judge('kubernetes:core/v1:PodPatch', { spec: { hostPID: true } }).mandatory).toEqual([
      expect.stringContaining('host-namespaces: pod must not set hostPID=true'),
    ]);
  });
});

describe('List types are judged on their items', () => {
  test.each([
    ['kubernetes:core/v1:PodList', (spec: Props) => ({ spec })],
    ['kubernetes:apps/v1:DeploymentList', (spec: Props) => ({ spec: { template: { spec } } })],
    ['kubernetes:apps/v1:DaemonSetList', (spec: Props) => ({ spec: { template: { spec } } })],
  ])('%s: a privileged item fails, hardened items pass', (type, wrap) => {
    const items = [wrap(hardenedPodSpec()), wrap(privilegedPodSpec())];
    expect(judge(type, { items }).mandatory).toEqual([
      expect.stringMatching(/^privileged: .*\(items\[1\]\.spec\..*privileged\)/),
    ]);
    expect(judge(type, { items: [wrap(hardenedPodSpec())] }).mandatory).toEqual([]);
  });
});

describe('every served and past API version of each workload kind', () => {
  test.each([
    [
      'kubernetes:batch/v2alpha1:CronJob',
      (spec: Props) => ({ spec: { jobTemplate: { spec: { template: { spec } } } } }),
    ],
    [
      'kubernetes:batch/v1beta1:CronJob',
      (spec: Props) => ({ spec: { jobTemplate: { spec: { template: { spec } } } } }),
    ],
    ['kubernetes:extensions/v1beta1:Deployment', (spec: Props) => ({ spec: { template: { spec } } })],
    ['kubernetes:extensions/v1beta1:DaemonSet', (spec: Props) => ({ spec: { template: { spec } } })],
    ['kubernetes:apps/v1beta1:StatefulSet', (spec: Props) => ({ spec: { template: { spec } } })],
    ['kubernetes:apps/v1beta2:ReplicaSet', (spec: Props) => ({ spec: { template: { spec } } })],
  ])('%s: privileged fails, hardened passes', (type, wrap) => {
    expect(judge(type, wrap(privilegedPodSpec())).mandatory).toEqual([
      expect.stringMatching(/^privileged: /),
    ]);
    expect(judge(type, wrap(hardenedPodSpec())).mandatory).toEqual([]);
  });
});

describe('PersistentVolumes, Swarm services, plugins', () => {
  test('a PersistentVolume with hostPath is a mandatory violation; a CSI one passes', () => {
    const pv = { spec: { capacity: { storage: '1Gi' }, hostPath: { path: '/var/lib/docker' } } };
    expect(judge('kubernetes:core/v1:PersistentVolume', pv).mandatory).toEqual([
      expect.stringMatching(
        new RegExp(`^${RESOURCE_SETTINGS_RULE}: PersistentVolume hostPath "/var/lib/docker"`),
      ),
    ]);
    expect(judge('kubernetes:core/v1:PersistentVolumeList', { items: [pv] }).mandatory).toHaveLength(1);
    const csi = {
      spec: { capacity: { storage: '1Gi' }, csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'v' } },
    };
    expect(judge('kubernetes:core/v1:PersistentVolume', csi).mandatory).toEqual([]);
  });

  const swarm = (mounts: Props[]) => ({
    name: 'svc',
    taskSpec: {
      containerSpec: { image: IMAGE, user: '10001:10001', readOnly: true, capDrops: ['ALL'], mounts },
    },
  });
  test('a Swarm service binding the Docker socket is a mandatory violation, like a container', () => {
    const socket = swarm([{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }]);
    expect(judge('docker:index/service:Service', socket).mandatory.join('\n')).toMatch(
      /no-container-runtime-socket: service "svc" must not mount the container runtime socket/,
    );
    const volume = swarm([{ type: 'volume', source: 'data', target: '/data' }]);
    expect(judge('docker:index/service:Service', volume).mandatory.join('\n')).not.toMatch(
      /no-container-runtime-socket|restricted-volumes/,
    );
  });

  test('a plugin with grantAllPermissions is a mandatory violation; listed permissions pass', () => {
    expect(judge('docker:index/plugin:Plugin', { name: 'p', grantAllPermissions: true }).mandatory).toEqual([
      expect.stringContaining(
        `${RESOURCE_SETTINGS_RULE}: grantAllPermissions grants the plugin every privilege`,
      ),
    ]);
    const listed = { name: 'p', grantPermissions: [{ name: 'network', values: ['host'] }] };
    expect(judge('docker:index/plugin:Plugin', listed).mandatory).toEqual([]);
  });
});

describe('packagings whose pods are not visible are reported, never passed', () => {
  test.each([
    'kubernetes:helm.sh/v3:Release',
    'kubernetes:helm.sh/v4:Chart',
    'kubernetes:yaml:ConfigFile',
    'kubernetes:yaml:ConfigGroup',
    'kubernetes:yaml/v2:ConfigFile',
    'kubernetes:yaml/v2:ConfigGroup',
    'kubernetes:kustomize:Directory',
    'kubernetes:kustomize/v2:Directory',
  ])('%s: an advisory naming it', (type) => {
    expect(judge(type, { chart: 'x' }, 'vendor')).toEqual({
      mandatory: [],
      advisory: [expect.stringMatching(new RegExp(`^${NOT_VERIFIABLE_RULE}: .*"vendor" is .*not verified`))],
    });
  });

  test('a resource that carries no pod (a ConfigMap) is not looked at', () => {
    expect(isAuditedType('kubernetes:core/v1:ConfigMap')).toBe(false);
    expect(judge('kubernetes:core/v1:ConfigMap', { data: { privileged: 'true' } })).toEqual({
      mandatory: [],
      advisory: [],
    });
  });
});

describe('docker.Container arguments are judged like the engine runs them', () => {
  const base = {
    name: 'box',
    image: IMAGE,
    user: '10001:10001',
    readOnly: true,
    capabilities: { drops: ['ALL'] },
    securityOpts: ['no-new-privileges:true'],
    memory: 256,
    cpus: '0.5',
  };
  test('an absolute volumeName is a host bind: the Docker socket is a mandatory violation', () => {
    const socket = { ...base, volumes: [{ volumeName: '/var/run/docker.sock', containerPath: '/sock' }] };
    expect(judge('docker:index/container:Container', socket).mandatory.join('\n')).toMatch(
      /no-container-runtime-socket: service "box" must not mount the container runtime socket/,
    );
    const named = { ...base, volumes: [{ volumeName: 'data', containerPath: '/data' }] };
    expect(judge('docker:index/container:Container', named).mandatory).toEqual([]);
  });

  test('publishAllPorts is a mandatory violation', () => {
    expect(judge('docker:index/container:Container', { ...base, publishAllPorts: true }).mandatory).toEqual([
      expect.stringContaining(`${RESOURCE_SETTINGS_RULE}: publishAllPorts publishes every port`),
    ]);
    // The provider reads the string "true" as true.
    expect(
      judge('docker:index/container:Container', { ...base, publishAllPorts: 'true' }).mandatory,
    ).toHaveLength(1);
    expect(judge('docker:index/container:Container', { ...base, publishAllPorts: false }).mandatory).toEqual(
      [],
    );
  });

  test('the other host-level arguments reach the Compose keys the rules read', () => {
    const service = composeServiceFromContainerArgs({
      ...base,
      devices: [{ hostPath: '/dev/sda', permissions: 'rwm' }],
      groupAdds: ['0', 'disk'],
      volumes: [{ fromContainer: 'db' }, { volumeName: 'C:\\\\data', containerPath: '/d' }],
      networkMode: 'container:db',
      pidMode: 'container:db',
      ipcMode: 'container:db',
      cgroupnsMode: 'host',
      tmpfs: { '/run': 'exec,suid' },
    });
    expect(service).toMatchObject({
      devices: ['/dev/sda:/dev/sda:rwm'],
      group_add: ['0', 'disk'],
      volumes_from: ['container:db'],
      volumes: [{ type: 'bind', source: 'C:\\\\data', target: '/d' }],
      network_mode: 'container:db',
      pid: 'container:db',
      ipc: 'container:db',
      cgroup: 'host',
      tmpfs: ['/run:exec,suid'],
    });
  });
});

describe('the transformation judges the same types', () => {
  let mocks: MockRecorder;
  beforeAll(async () => {
    mocks = await installMocks();
  });
  const transformations = [hardeningTransformation()];

  test('a DeploymentPatch setting privileged is refused and never registered', async () => {
    expect(
      () =>
        new k8s.apps.v1.DeploymentPatch(
          'patch-priv',
          {
            spec: {
              template: { spec: { containers: [{ name: 'api', securityContext: { privileged: true } }] } },
            },
          },
          { transformations },
        ),
    ).toThrow(/rule privileged at spec\.template\.spec\.containers\[0\]\.securityContext\.privileged/);
    await settle();
    expect(mocks.ofType('kubernetes:apps/v1:DeploymentPatch').map((r) => r.name)).not.toContain('patch-priv');
  });

  describe('a patch of a hardened component of this program is judged with its target', () => {
    beforeAll(() => {
      new HardenedDeployment('target', {
        metadata: { name: 'target', namespace: 'apps' },
        containers: [{ name: 'api', image: IMAGE, resources: { limits: { cpu: '1', memory: '256Mi' } } }],
      });
    });
    const patchOf = (container: Props) => ({
      metadata: { name: 'target', namespace: 'apps' },
      spec: { template: { spec: { containers: [container] } } },
    });

    test('a container it adds is judged as a new container: without the posture it is refused', async () => {
      expect(
        () =>
          new k8s.apps.v1.DeploymentPatch('patch-sidecar', patchOf({ name: 'sidecar', image: IMAGE }), {
            transformations,
          }),
      ).toThrow(
        /rule allow-privilege-escalation at spec\.template\.spec\.containers\[0\]\.securityContext\.allowPrivilegeEscalation: container "sidecar"/,
      );
      await settle();
      expect(mocks.ofType('kubernetes:apps/v1:DeploymentPatch').map((r) => r.name)).not.toContain(
        'patch-sidecar',
      );
    });

    test('honest: a new image or env for the existing container registers', async () => {
      new k8s.apps.v1.DeploymentPatch(
        'patch-image',
        patchOf({ name: 'api', image: `${IMAGE}-2`, env: [{ name: 'MODE', value: 'fast' }] }),
        { transformations },
      );
      await settle();
      expect(mocks.ofType('kubernetes:apps/v1:DeploymentPatch').map((r) => r.name)).toContain('patch-image');
    });
  });

  test('a docker.Volume whose driver options bind a host path is refused; a plain one registers', async () => {
    expect(
      () =>
        new docker.Volume(
          'bind-root',
          { driver: 'local', driverOpts: { type: 'none', o: 'bind', device: '/' } },
          { transformations },
        ),
    ).toThrow(/docker\.Volume driverOpts make it a bind of the host path "\/"/);
    new docker.Volume('plain-data', { driver: 'local' }, { transformations });
    await settle();
    const volumes = mocks.ofType('docker:index/volume:Volume').map((r) => r.name);
    expect(volumes).toContain('plain-data');
    expect(volumes).not.toContain('bind-root');
  });

  test('a DeploymentPatch scaling replicas registers', async () => {
    new k8s.apps.v1.DeploymentPatch('patch-scale', { spec: { replicas: 3 } }, { transformations });
    await settle();
    expect(mocks.ofType('kubernetes:apps/v1:DeploymentPatch').map((r) => r.name)).toContain('patch-scale');
  });

  test('a batch/v2alpha1 CronJob is hardened like batch/v1', async () => {
    new k8s.batch.v2alpha1.CronJob(
      'old-cron',
      {
        spec: {
          schedule: '0 3 * * *',
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'Never',
                  containers: [
                    { name: 'job', image: IMAGE, resources: { limits: { cpu: '1', memory: '64Mi' } } },
                  ],
                },
              },
            },
          },
        },
      },
      { transformations },
    );
    await settle();
    const inputs = mocks.get('kubernetes:batch/v2alpha1:CronJob', 'old-cron').inputs as {
      spec: { jobTemplate: { spec: { template: { spec: { containers: Props[] } } } } };
    };
    expect(inputs.spec.jobTemplate.spec.template.spec.containers[0]!.securityContext).toMatchObject({
      privileged: false,
      allowPrivilegeEscalation: false,
    });
  });

  test('a PodList with a privileged item, a PV hostPath, a plugin with every permission, a Swarm socket: refused', async () => {
    expect(
      () =>
        new k8s.core.v1.PodList(
          'pods',
          { items: [{ spec: privilegedPodSpec() as never }] },
          { transformations },
        ),
    ).toThrow(/rule privileged/);
    expect(
      () =>
        new k8s.core.v1.PersistentVolume(
          'host-pv',
          { spec: { capacity: { storage: '1Gi' }, hostPath: { path: '/' } } },
          { transformations },
        ),
    ).toThrow(/PersistentVolume hostPath/);
    expect(
      () =>
        new docker.Plugin('plugin', { name: 'vieux/sshfs', grantAllPermissions: true }, { transformations }),
    ).toThrow(/grantAllPermissions/);
    expect(
      () =>
        new docker.Service(
          'swarm',
          {
            taskSpec: {
              containerSpec: {
                image: IMAGE,
                mounts: [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }],
              },
            },
          },
          { transformations },
        ),
    ).toThrow(/no-container-runtime-socket/);
    await settle();
    const names = mocks.resources.map((r) => r.name);
    for (const name of ['pods', 'host-pv', 'plugin', 'swarm']) expect(names).not.toContain(name);
  });

  test('a Helm release is registered with a warning naming it as not verifiable', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    new k8s.helm.v3.Release('vendor', { chart: 'nginx' }, { transformations });
    await settle();
    expect(mocks.ofType('kubernetes:helm.sh/v3:Release').map((r) => r.name)).toContain('vendor');
    expect(warn.mock.calls.flat().join('\n')).toMatch(
      /Release "vendor".*not verified.*status unknown, not a pass/s,
    );
    warn.mockRestore();
  });
});

test('Output-wrapped values keep the transformation honest: it refuses an Output pod spec it cannot harden', () => {
  expect(
    () =>
      new k8s.core.v1.Pod(
        'output-spec',
        { spec: pulumi.output({ containers: [{ name: 'a', image: IMAGE }] }) },
        { transformations: [hardeningTransformation()] },
      ),
  ).toThrow(/spec is a Pulumi output, so it cannot be hardened/);
});

/**
 * The same workload description rendered by the cdk8s construct and by the Pulumi component gives
 * the same pod security fields, field by field: both go through renderHardenedPod.
 */
import { Testing } from 'cdk8s';
import type { ContainerExemption, PodExemption } from 'hardened-workloads';
import * as cdk8s from 'hardened-workloads/cdk8s';
import * as pk from 'hardened-workloads/pulumi/kubernetes';
import { APPROVED, REASON } from './justifications';
import type { MockRecorder } from './pulumi-mocks';
import { installMocks, settle } from './pulumi-mocks';

let mocks: MockRecorder;
beforeAll(async () => {
  mocks = await installMocks();
});

interface Description {
  readonly containers: readonly {
    name: string;
    writablePaths?: readonly (string | { path: string; medium?: 'Memory' | 'Disk'; sizeLimit?: string })[];
    exemptions?: readonly ContainerExemption[];
  }[];
  readonly initContainers?: Description['containers'];
  readonly user?: { uid?: number; gid?: number; fsGroup?: number };
  readonly podExemptions?: readonly PodExemption[];
  readonly userNamespaces?: boolean;
  readonly unprivilegedPortStart?: number;
  readonly pinAppArmorRuntimeDefault?: 'annotation' | 'field';
}

const IMAGE = 'registry.example.com/team/api:1.4.2';

const CASES: readonly [string, Description][] = [
  ['the default posture', { containers: [{ name: 'api' }] }],
  [
    'a privileged port with no capability (unprivilegedPortStart)',
    { containers: [{ name: 'api' }], unprivilegedPortStart: 80 },
  ],
  [
    'writable paths, other ids and init containers',
    {
      containers: [
        { name: 'api', writablePaths: ['/tmp', { path: '/cache', medium: 'Memory', sizeLimit: '64Mi' }] },
      ],
      initContainers: [{ name: 'migrate', writablePaths: ['/work'] }],
      user: { uid: 20000, gid: 20001, fsGroup: 20002 },
    },
  ],
  [
    'container relaxations',
    {
      containers: [
        {
          name: 'api',
          exemptions: [
            // Root, so that the add-back takes effect (as user 10001 it would be refused as a no-op).
            { kind: 'runAsRoot', justification: REASON },
            { kind: 'capability', capability: 'NET_BIND_SERVICE', justification: REASON },
            { kind: 'seccompLocalhost', localhostProfile: 'profiles/api.json', justification: REASON },
            { kind: 'hostPath', hostPath: '/var/log/app', justification: APPROVED },
            { kind: 'writableRootFilesystem', justification: REASON },
          ],
        },
        { name: 'sidecar', exemptions: [{ kind: 'privileged', justification: APPROVED }] },
      ],
    },
  ],
  [
    'pod relaxations, user namespaces and the AppArmor annotation pin',
    {
      containers: [{ name: 'api' }],
      podExemptions: [{ kind: 'hostNetwork', justification: APPROVED }],
      userNamespaces: true,
      pinAppArmorRuntimeDefault: 'annotation',
    },
  ],
  ['the AppArmor field pin', { containers: [{ name: 'api' }], pinAppArmorRuntimeDefault: 'field' }],
];

type Json = Record<string, unknown>;

/** The pod security fields of a rendered workload, one entry per field. */
function securityFields(workload: Json): Record<string, unknown> {
  const template = (workload.spec as Json).template as Json;
  const spec = template.spec as Json;
  const fields: Record<string, unknown> = {
    'metadata.annotations': (workload.metadata as Json).annotations,
    'template.metadata.annotations': (template.metadata as Json).annotations,
  };
  for (const key of ['automountServiceAccountToken', 'hostNetwork', 'hostPID', 'hostIPC', 'hostUsers']) {
    fields[`spec.${key}`] = spec[key];
  }
  const volumes = (spec.volumes as Json[] | undefined) ?? [];
  for (const v of volumes) fields[`spec.volumes[${String(v.name)}]`] = v;
  for (const group of ['initContainers', 'containers']) {
    for (const c of (spec[group] as Json[] | undefined) ?? []) {
      fields[`spec.${group}[${String(c.name)}].securityContext`] = c.securityContext;
      const mounts = (c.volumeMounts as Json[] | undefined) ?? [];
      fields[`spec.${group}[${String(c.name)}].volumeMounts`] = [...mounts].sort((a, b) =>
        String(a.mountPath).localeCompare(String(b.mountPath)),
      );
    }
  }
  return fields;
}

function viaCdk8s(d: Description): Json {
  const chart = Testing.chart();
  new cdk8s.HardenedDeployment(chart, 'api', {
    containers: d.containers.map((c) => ({ ...c, image: IMAGE })),
    ...(d.initContainers && { initContainers: d.initContainers.map((c) => ({ ...c, image: IMAGE })) }),
    ...(d.user && { user: d.user }),
    ...(d.podExemptions && { podExemptions: d.podExemptions }),
    ...(d.userNamespaces !== undefined && { userNamespaces: d.userNamespaces }),
    ...(d.unprivilegedPortStart !== undefined && { unprivilegedPortStart: d.unprivilegedPortStart }),
    ...(d.pinAppArmorRuntimeDefault && { pinAppArmorRuntimeDefault: d.pinAppArmorRuntimeDefault }),
  });
  const manifests = Testing.synth(chart) as Json[];
  return manifests.find((m) => m.kind === 'Deployment')!;
}

async function viaPulumi(name: string, d: Description): Promise<Json> {
  new pk.HardenedDeployment(name, {
    containers: d.containers.map((c) => ({ ...c, image: IMAGE })),
    ...(d.initContainers && { initContainers: d.initContainers.map((c) => ({ ...c, image: IMAGE })) }),
    ...(d.user && { user: d.user }),
    ...(d.podExemptions && { exemptions: d.podExemptions }),
    ...(d.userNamespaces !== undefined && { userNamespaces: d.userNamespaces }),
    ...(d.unprivilegedPortStart !== undefined && { unprivilegedPortStart: d.unprivilegedPortStart }),
    ...(d.pinAppArmorRuntimeDefault && { pinAppArmorRuntimeDefault: d.pinAppArmorRuntimeDefault }),
  });
  await settle();
  return mocks.get('kubernetes:apps/v1:Deployment', name).inputs;
}

test.each(CASES.map(([title, d], index) => [title, d, index] as const))(
  '%s: identical pod security fields',
  async (_title, description, index) => {
    const fromCdk8s = securityFields(viaCdk8s(description));
    const fromPulumi = securityFields(await viaPulumi(`parity-${index}`, description));
    expect(Object.keys(fromPulumi).sort()).toEqual(Object.keys(fromCdk8s).sort());
    for (const [field, value] of Object.entries(fromCdk8s)) {
      expect([field, fromPulumi[field]]).toEqual([field, value]);
    }
  },
);

import * as pulumi from '@pulumi/pulumi';
import type { ContainerExemption, PodExemption } from 'hardened-workloads';
import { JUSTIFICATIONS_ANNOTATION, decodeJustifications } from 'hardened-workloads';
import { HardenedDeployment } from 'hardened-workloads/pulumi/kubernetes';
import { APPROVED, REASON } from '../justifications';
import type { MockRecorder } from '../pulumi-mocks';
import { installMocks, settle, valueOf } from '../pulumi-mocks';

let mocks: MockRecorder;
beforeAll(async () => {
  mocks = await installMocks();
});

const NOW = new Date('2026-01-01T00:00:00Z');
const resources = { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } };
const api = { name: 'api', image: 'registry.example.com/team/api:1.4.2', resources };

async function deploymentInputs(name: string) {
  await settle();
  const inputs = mocks.get('kubernetes:apps/v1:Deployment', name).inputs as {
    metadata: { annotations?: Record<string, string> };
    spec: {
      replicas: number;
      template: { metadata: { annotations?: Record<string, string> }; spec: PodSpec };
    };
  };
  return inputs;
}
interface PodSpec {
  securityContext: Record<string, unknown>;
  automountServiceAccountToken: boolean;
  containers: {
    name: string;
    securityContext: Record<string, unknown>;
    ports?: unknown[];
    volumeMounts?: unknown[];
  }[];
  volumes?: unknown[];
  [field: string]: unknown;
}

describe('HardenedDeployment with no relaxation', () => {
  test('renders every field of the default posture, at pod and container level', async () => {
    const component = new HardenedDeployment('plain', {
      containers: [{ ...api, writablePaths: ['/tmp'] }],
      now: NOW,
    });
    const inputs = await deploymentInputs('plain');
    const pod = inputs.spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork).toBeUndefined();
    expect(pod.containers[0]!.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.volumes).toEqual([{ name: 'api-tmp', emptyDir: {} }]);
    expect(pod.containers[0]!.volumeMounts).toEqual([{ name: 'api-tmp', mountPath: '/tmp' }]);
    expect(inputs.spec.replicas).toBe(2);
    expect(inputs.metadata.annotations).toBeUndefined();
    expect(component.justifications).toEqual([]);
    expect(await valueOf(component.findings)).toEqual([]);
  });

  test('registers its Deployment as a child under the hardened-workloads type token', async () => {
    const component = new HardenedDeployment('typed', { containers: [api] });
    await settle();
    expect(HardenedDeployment.TYPE).toBe('hardened-workloads:kubernetes:HardenedDeployment');
    expect(mocks.get(HardenedDeployment.TYPE, 'typed')).toBeDefined();
    const urn = await valueOf(component.urn);
    const childParent = await valueOf(
      (component.deployment as unknown as { __parentResource: pulumi.Resource }).__parentResource.urn,
    );
    expect(childParent).toBe(urn);
  });

  test('renders other non-root ids, init containers, user namespaces and the AppArmor pin', async () => {
    new HardenedDeployment('ids', {
      containers: [api],
      initContainers: [{ name: 'migrate', image: 'registry.example.com/team/migrate:1.0.0', resources }],
      user: { uid: 20000, gid: 20001, fsGroup: 20002 },
      userNamespaces: true,
      pinAppArmorRuntimeDefault: 'field',
    });
    const pod = (await deploymentInputs('ids')).spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsUser: 20000,
      runAsGroup: 20001,
      fsGroup: 20002,
      appArmorProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.hostUsers).toBe(false);
    const init = (pod.initContainers as PodSpec['containers'])[0]!;
    expect(init.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('refuses a root user id with an error naming the component and the field', () => {
    expect(() => new HardenedDeployment('root-id', { containers: [api], user: { uid: 0 } })).toThrow(
      /HardenedDeployment "root-id".*user\.uid must be a non-zero integer/s,
    );
  });
});

interface Relaxation {
  readonly kind: string;
  readonly container?: ContainerExemption;
  /** Exemptions the relaxation needs to take effect (an add-back needs a root container). */
  readonly alongside?: readonly ContainerExemption[];
  readonly pod?: PodExemption;
  readonly check: (pod: PodSpec) => void;
  readonly environment?: 'non-production';
}

const RELAXATIONS: readonly Relaxation[] = [
  {
    kind: 'capability',
    container: { kind: 'capability', capability: 'NET_BIND_SERVICE', justification: REASON },
    // As the default user 10001 the add-back would be a no-op (capability-add-back-ineffective).
    alongside: [{ kind: 'runAsRoot', justification: REASON }],
    check: (pod) => {
      expect(pod.containers[0]!.securityContext.capabilities).toEqual({
        drop: ['ALL'],
        add: ['NET_BIND_SERVICE'],
      });
    },
  },
  {
    kind: 'privileged',
    container: { kind: 'privileged', justification: APPROVED },
    check: (pod) => {
      expect(pod.containers[0]!.securityContext).toMatchObject({
        privileged: true,
        allowPrivilegeEscalation: true,
      });
    },
  },
  {
    kind: 'privilegeEscalation',
    container: { kind: 'privilegeEscalation', justification: REASON },
    check: (pod) => {
      expect(pod.containers[0]!.securityContext.allowPrivilegeEscalation).toBe(true);
    },
  },
  {
    kind: 'writableRootFilesystem',
    container: { kind: 'writableRootFilesystem', justification: REASON },
    check: (pod) => {
      expect(pod.containers[0]!.securityContext.readOnlyRootFilesystem).toBe(false);
    },
  },
  {
    kind: 'runAsRoot',
    container: { kind: 'runAsRoot', justification: REASON },
    check: (pod) => {
      expect(pod.containers[0]!.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
    },
  },
  {
    kind: 'seccompLocalhost',
    container: { kind: 'seccompLocalhost', localhostProfile: 'profiles/api.json', justification: REASON },
    check: (pod) => {
      expect(pod.containers[0]!.securityContext.seccompProfile).toEqual({
        type: 'Localhost',
        localhostProfile: 'profiles/api.json',
      });
    },
  },
  {
    kind: 'seccompUnconfined',
    environment: 'non-production',
    container: { kind: 'seccompUnconfined', justification: APPROVED },
    check: (pod) => {
      expect(pod.containers[0]!.securityContext.seccompProfile).toEqual({ type: 'Unconfined' });
    },
  },
  {
    kind: 'appArmorLocalhost',
    container: { kind: 'appArmorLocalhost', localhostProfile: 'api-profile', justification: REASON },
    check: (pod) => {
      expect(pod.containers[0]!.securityContext.appArmorProfile).toEqual({
        type: 'Localhost',
        localhostProfile: 'api-profile',
      });
    },
  },
  {
    kind: 'seLinuxOptions',
    container: { kind: 'seLinuxOptions', options: { level: 's0:c123,c456' }, justification: REASON },
    check: (pod) => {
      expect(pod.containers[0]!.securityContext.seLinuxOptions).toEqual({ level: 's0:c123,c456' });
    },
  },
  {
    kind: 'hostNetwork',
    pod: { kind: 'hostNetwork', justification: APPROVED },
    check: (pod) => {
      expect(pod.hostNetwork).toBe(true);
    },
  },
  {
    kind: 'hostPID',
    pod: { kind: 'hostPID', justification: APPROVED },
    check: (pod) => {
      expect(pod.hostPID).toBe(true);
    },
  },
  {
    kind: 'hostIPC',
    pod: { kind: 'hostIPC', justification: APPROVED },
    check: (pod) => {
      expect(pod.hostIPC).toBe(true);
    },
  },
  {
    kind: 'hostPath',
    container: { kind: 'hostPath', hostPath: '/var/log/app', justification: APPROVED },
    check: (pod) => {
      expect(pod.volumes).toContainEqual({
        name: 'api-host-var-log-app',
        hostPath: { path: '/var/log/app' },
      });
      expect(pod.containers[0]!.volumeMounts).toContainEqual({
        name: 'api-host-var-log-app',
        mountPath: '/var/log/app',
        readOnly: true,
      });
    },
  },
  {
    kind: 'dockerSocket',
    container: { kind: 'dockerSocket', justification: APPROVED },
    check: (pod) => {
      expect(pod.volumes).toContainEqual({
        name: 'api-host-var-run-docker-sock',
        hostPath: { path: '/var/run/docker.sock' },
      });
    },
  },
  {
    kind: 'hostPort',
    container: { kind: 'hostPort', containerPort: 8080, hostPort: 80, justification: REASON },
    check: (pod) => {
      expect(pod.containers[0]!.ports).toEqual([{ containerPort: 8080, hostPort: 80, protocol: 'TCP' }]);
    },
  },
];

describe.each(RELAXATIONS)('the $kind relaxation', (relaxation) => {
  const name = `relax-${relaxation.kind.toLowerCase()}`;
  const argsWith = (container?: unknown, pod?: unknown) => ({
    containers: [
      {
        ...api,
        ports: [{ containerPort: 8080 }],
        ...(container !== undefined && {
          exemptions: [...(relaxation.alongside ?? []), container as ContainerExemption],
        }),
      },
    ],
    ...(pod !== undefined && { exemptions: [pod as PodExemption] }),
    ...(relaxation.environment && { environment: relaxation.environment }),
    now: NOW,
  });

  test('with a justification: rendered, recorded on the workload and its pods, audited as justified', async () => {
    const component = new HardenedDeployment(name, argsWith(relaxation.container, relaxation.pod));
    const inputs = await deploymentInputs(name);
    relaxation.check(inputs.spec.template.spec);
    for (const annotations of [inputs.metadata.annotations, inputs.spec.template.metadata.annotations]) {
      const { records, problems } = decodeJustifications(annotations?.[JUSTIFICATIONS_ANNOTATION]);
      expect(problems).toEqual([]);
      expect(records.map((r) => r.exemption)).toEqual([
        ...(relaxation.alongside ?? []).map((e) => e.kind),
        relaxation.kind,
      ]);
    }
    const findings = await valueOf(component.findings);
    expect(findings.filter((f) => f.status === 'violation' && f.severity === 'error')).toEqual([]);
    expect(findings.some((f) => f.status === 'justified')).toBe(true);
  });

  test('without a justification: a ResourceError naming the component, before anything is registered', async () => {
    const bare: Record<string, unknown> = { ...(relaxation.container ?? relaxation.pod) };
    delete bare.justification;
    const before = mocks.resources.length;
    let thrown: unknown;
    try {
      // A JavaScript caller: the compiler would refuse this object.
      new HardenedDeployment(
        `${name}-bare`,
        relaxation.container ? argsWith(bare) : argsWith(undefined, bare),
      );
    } catch (error) {
      thrown = error;
    }
    expect(pulumi.ResourceError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toContain(`HardenedDeployment "${name}-bare"`);
    expect((thrown as Error).message).toContain(`"${relaxation.kind}" exemption needs a justification`);
    await settle();
    expect(mocks.resources.length).toBe(before);
  });
});

describe('type-level justification', () => {
  test('an exemption without a justification, or a high-risk one without approver, does not compile', () => {
    const make = () => [
      // @ts-expect-error a capability exemption needs a justification
      { kind: 'capability', capability: 'NET_BIND_SERVICE' } satisfies ContainerExemption,
      // @ts-expect-error privileged needs an approvedBy
      { kind: 'privileged', justification: REASON } satisfies ContainerExemption,
      // @ts-expect-error host namespaces are pod exemptions, not container ones
      { kind: 'hostPID', justification: APPROVED } satisfies ContainerExemption,
    ];
    expect(make).not.toThrow();
  });
});

describe('the audit of what the component renders', () => {
  test('a hostPath volume passed as a plain volume is refused, naming the rule and the field', () => {
    let thrown: unknown;
    try {
      new HardenedDeployment('sneaky', {
        containers: [{ ...api, volumeMounts: [{ volume: 'host', mountPath: '/host' }] }],
        volumes: [{ name: 'host', hostPath: { path: '/' } }],
      });
    } catch (error) {
      thrown = error;
    }
    expect(pulumi.ResourceError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/HardenedDeployment "sneaky"/);
    expect((thrown as Error).message).toMatch(
      /rule restricted-volumes at spec\.template\.spec\.volumes\[0\]/,
    );
  });

  test('a hostPort on a plain port is refused: it needs a hostPort exemption', () => {
    const ports = [{ containerPort: 8080, hostPort: 80 }] as unknown as { containerPort: number }[];
    expect(() => new HardenedDeployment('host-port', { containers: [{ ...api, ports }] })).toThrow(
      /ports\[0\]\.hostPort is not an argument/,
    );
  });

  test('a mount of an undeclared volume is refused', () => {
    expect(
      () =>
        new HardenedDeployment('no-volume', {
          containers: [{ ...api, volumeMounts: [{ volume: 'data', mountPath: '/data' }] }],
        }),
    ).toThrow(/volumeMounts\[0\] names volume "data", which the workload does not declare/);
  });

  test('a justification annotation cannot be forged through metadata', () => {
    const forged = JSON.stringify([{ exemption: 'hostPath', subject: '/', ...APPROVED }]);
    expect(
      () =>
        new HardenedDeployment('forged', {
          containers: [api],
          metadata: { annotations: { [JUSTIFICATIONS_ANNOTATION]: forged } },
        }),
    ).toThrow(
      /metadata\.annotations\["hardened-workloads\.io\/justifications"\] is written by the component/,
    );
  });

  test.each([
    [
      'securityContext on the workload',
      { containers: [api], securityContext: { runAsUser: 0 } },
      /"securityContext" is not an argument/,
    ],
    [
      'hostNetwork on the workload',
      { containers: [api], hostNetwork: true },
      /"hostNetwork" is not an argument: host networking needs/,
    ],
    [
      'securityContext on a container',
      { containers: [{ ...api, securityContext: { privileged: true } }] },
      /HardenedDeployment\/js\/api: "securityContext" is not an argument/,
    ],
  ])('a JavaScript caller passing %s is refused, not ignored', (_case, args, message) => {
    expect(() => new HardenedDeployment('js', args as never)).toThrow(message);
  });

  test('a missing container list is a clear error, not a crash', () => {
    expect(() => new HardenedDeployment('empty', { containers: [] })).toThrow(
      /HardenedDeployment "empty".*containers must list at least one container/s,
    );
  });
});

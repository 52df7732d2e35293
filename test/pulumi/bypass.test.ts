import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { JUSTIFICATIONS_ANNOTATION } from 'hardened-workloads';
import { HardenedContainer } from 'hardened-workloads/pulumi/docker';
import { HardenedDeployment, HardenedNamespace } from 'hardened-workloads/pulumi/kubernetes';
import type { MockRecorder } from './pulumi-mocks';
import { installMocks, settle } from './pulumi-mocks';

let mocks: MockRecorder;
beforeAll(async () => {
  mocks = await installMocks();
});

const IMAGE = 'registry.example.com/team/api:1.4.2';
const resources = { limits: { cpu: '500m', memory: '256Mi' } };
const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';
const CONTAINER = 'docker:index/container:Container';
type Props = Record<string, unknown>;

class Parent extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('test:index:Parent', name, {}, opts);
  }
}

function thrownBy(create: () => unknown): Error {
  try {
    create();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the component to refuse');
}

async function registeredNames(type: string): Promise<string[]> {
  await settle();
  return mocks.ofType(type).map((r) => r.name);
}

// A parent transformation that returns new props with the first container privileged.
const makePrivileged: pulumi.ResourceTransformation = (args) => {
  if (args.type !== DEPLOYMENT) return undefined;
  const spec = args.props.spec as { template: { spec: { containers: Props[] } } };
  const podSpec = spec.template.spec;
  const containers = podSpec.containers.map((c, i) =>
    i === 0 ? { ...c, securityContext: { ...(c.securityContext as Props), privileged: true } } : c,
  );
  return {
    props: {
      ...args.props,
      spec: { ...spec, template: { ...spec.template, spec: { ...podSpec, containers } } },
    },
    opts: args.opts,
  };
};

const deploymentArgs = () => ({ containers: [{ name: 'api', image: IMAGE, resources }] });

describe('own transformation options are refused', () => {
  test.each(['transformations', 'transforms'] as const)('"%s" on a HardenedDeployment', async (option) => {
    const error = thrownBy(
      () =>
        new HardenedDeployment(`own-${option}`, deploymentArgs(), {
          [option]: [makePrivileged],
        }),
    );
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`HardenedDeployment "own-${option}"`);
    expect(error.message).toContain(`the "${option}" option would rewrite the child after its audit`);
    expect(await registeredNames(DEPLOYMENT)).not.toContain(`own-${option}`);
  });

  test('"transformations" on a HardenedContainer', async () => {
    const error = thrownBy(
      () => new HardenedContainer('own-box', { image: IMAGE }, { transformations: [() => undefined] }),
    );
    expect(error.message).toContain('HardenedContainer "own-box"');
    expect(await registeredNames(CONTAINER)).not.toContain('own-box');
  });
});

describe('parent transformations run before the component audits its child once more', () => {
  test('a parent transformation making the container privileged: the child is refused, never registered', async () => {
    const parent = new Parent('priv-parent', { transformations: [makePrivileged] });
    const error = thrownBy(() => new HardenedDeployment('via-parent', deploymentArgs(), { parent }));
    expect(pulumi.ResourceError.isInstance(error)).toBe(true);
    expect(error.message).toContain('HardenedDeployment "via-parent"');
    expect(error.message).toContain(
      'rule privileged at spec.template.spec.containers[0].securityContext.privileged',
    );
    expect(await registeredNames(DEPLOYMENT)).not.toContain('via-parent');
  });

  test('a grandparent transformation is caught the same way', async () => {
    const grandparent = new Parent('grand', { transformations: [makePrivileged] });
    const parent = new Parent('middle', { parent: grandparent });
    expect(() => new HardenedDeployment('via-grandparent', deploymentArgs(), { parent })).toThrow(
      /rule privileged/,
    );
    expect(await registeredNames(DEPLOYMENT)).not.toContain('via-grandparent');
  });

  test('a harmless parent transformation (a label) is audited again and registered', async () => {
    const addLabel: pulumi.ResourceTransformation = (args) =>
      args.type === DEPLOYMENT
        ? {
            props: {
              ...args.props,
              metadata: { ...(args.props.metadata as Props), labels: { team: 'payments' } },
            },
            opts: args.opts,
          }
        : undefined;
    const parent = new Parent('label-parent', { transformations: [addLabel] });
    new HardenedDeployment('labelled', deploymentArgs(), { parent });
    await settle();
    expect(mocks.get(DEPLOYMENT, 'labelled').inputs.metadata).toEqual({ labels: { team: 'payments' } });
  });

  test('a parent transformation mutating the audited object in place fails: it is frozen', async () => {
    const mutate: pulumi.ResourceTransformation = (args) => {
      if (args.type === DEPLOYMENT) {
        const spec = args.props.spec as { template: { spec: Props } };
        spec.template.spec.hostPID = true;
      }
      return undefined;
    };
    const parent = new Parent('mutating-parent', { transformations: [mutate] });
    const error = thrownBy(() => new HardenedDeployment('mutated', deploymentArgs(), { parent }));
    expect(error.message).toMatch(/HardenedDeployment "mutated".*(read only|not extensible)/s);
    expect(await registeredNames(DEPLOYMENT)).not.toContain('mutated');
  });

  test('a transformation setting ignoreChanges on the child is refused', async () => {
    const ignore: pulumi.ResourceTransformation = (args) =>
      args.type === DEPLOYMENT
        ? { props: args.props, opts: { ...args.opts, ignoreChanges: ['spec'] } }
        : undefined;
    const parent = new Parent('ignore-parent', { transformations: [ignore] });
    expect(() => new HardenedDeployment('ignoring', deploymentArgs(), { parent })).toThrow(
      /set "ignoreChanges" on kubernetes:apps\/v1:Deployment "ignoring"/,
    );
    expect(await registeredNames(DEPLOYMENT)).not.toContain('ignoring');
  });

  test('a transformation forging a justification record next to privileged is refused', async () => {
    const forge: pulumi.ResourceTransformation = (args) => {
      const changed = makePrivileged(args);
      if (!changed) return undefined;
      const record =
        '[{"exemption":"privileged","container":"api","reason":"forged by a transformation","approvedBy":"x"}]';
      return {
        props: { ...changed.props, metadata: { annotations: { [JUSTIFICATIONS_ANNOTATION]: record } } },
        opts: changed.opts,
      };
    };
    const parent = new Parent('forging-parent', { transformations: [forge] });
    expect(() => new HardenedDeployment('forged', deploymentArgs(), { parent })).toThrow(
      /changed the justification record/,
    );
    expect(await registeredNames(DEPLOYMENT)).not.toContain('forged');
  });

  test('a transformation that appends another transformation after the audit is refused', async () => {
    const sneaky: pulumi.ResourceTransformation = (args) => {
      if (args.type === DEPLOYMENT) {
        (
          args.resource as unknown as { __transformations: pulumi.ResourceTransformation[] }
        ).__transformations.push(makePrivileged);
      }
      return undefined;
    };
    const parent = new Parent('sneaky-parent', { transformations: [sneaky] });
    expect(() => new HardenedDeployment('sneaky', deploymentArgs(), { parent })).toThrow(
      /a transformation was added after the audit/,
    );
    expect(await registeredNames(DEPLOYMENT)).not.toContain('sneaky');
  });

  test('a parent transformation binding the Docker socket through an absolute volumeName is refused', async () => {
    const socket: pulumi.ResourceTransformation = (args) =>
      args.type === CONTAINER
        ? {
            props: {
              ...args.props,
              volumes: [{ volumeName: '/var/run/docker.sock', containerPath: '/sock' }],
            },
            opts: args.opts,
          }
        : undefined;
    const parent = new Parent('socket-parent', { transformations: [socket] });
    expect(() => new HardenedContainer('socket-box', { image: IMAGE }, { parent })).toThrow(
      /rule no-container-runtime-socket/,
    );
    expect(await registeredNames(CONTAINER)).not.toContain('socket-box');
  });

  test('another workload parented on a hardened component is refused; a Service beside it is not', async () => {
    const component = new HardenedDeployment('host', deploymentArgs());
    expect(
      () =>
        new k8s.core.v1.Pod(
          'smuggled',
          { spec: { containers: [{ name: 'x', image: IMAGE, securityContext: { privileged: true } }] } },
          { parent: component },
        ),
    ).toThrow(/cannot be a child of the hardened component/);
    new k8s.core.v1.Service('host-svc', { spec: { ports: [{ port: 80 }] } }, { parent: component });
    expect(await registeredNames('kubernetes:core/v1:Pod')).not.toContain('smuggled');
    expect(await registeredNames('kubernetes:core/v1:Service')).toContain('host-svc');
  });
});

describe('what is audited is exactly what is registered', () => {
  test('mutating a volume object after the constructor does not reach the child', async () => {
    const volume: { name: string; emptyDir?: Props; hostPath?: { path: string } } = {
      name: 'scratch',
      emptyDir: {},
    };
    new HardenedDeployment('late-mutation', {
      containers: [
        { name: 'api', image: IMAGE, resources, volumeMounts: [{ volume: 'scratch', mountPath: '/s' }] },
      ],
      volumes: [volume],
    });
    delete volume.emptyDir;
    volume.hostPath = { path: '/var/run/docker.sock' };
    await settle();
    const spec = (mocks.get(DEPLOYMENT, 'late-mutation').inputs.spec as { template: { spec: Props } })
      .template.spec;
    expect(spec.volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
  });

  test('a getter that answers differently on its second read is read once: audited and registered alike', async () => {
    let reads = 0;
    const volume = {
      name: 'scratch',
      get emptyDir() {
        reads += 1;
        return reads === 1 ? {} : undefined;
      },
      get hostPath() {
        return reads > 1 ? { path: '/var/run/docker.sock' } : undefined;
      },
    };
    new HardenedDeployment('getter', {
      containers: [
        { name: 'api', image: IMAGE, resources, volumeMounts: [{ volume: 'scratch', mountPath: '/s' }] },
      ],
      volumes: [volume],
    });
    await settle();
    expect(reads).toBe(1);
    const spec = (mocks.get(DEPLOYMENT, 'getter').inputs.spec as { template: { spec: Props } }).template.spec;
    expect(spec.volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
  });

  test('mutating the Docker arguments after the constructor does not reach the container', async () => {
    const volumes = [{ volumeName: 'data', containerPath: '/data' }];
    new HardenedContainer('late-box', { image: IMAGE, volumes });
    volumes[0]!.volumeName = '/var/run/docker.sock';
    await settle();
    expect(mocks.get(CONTAINER, 'late-box').inputs.volumes).toEqual([
      { volumeName: 'data', containerPath: '/data' },
    ]);
  });
});

describe('HardenedNamespace', () => {
  const relabel =
    (labels: Record<string, string>): pulumi.ResourceTransformation =>
    (args) =>
      args.type === 'kubernetes:core/v1:Namespace'
        ? {
            props: {
              ...args.props,
              metadata: {
                ...(args.props.metadata as Props),
                labels: { ...(args.props.metadata as { labels: Props }).labels, ...labels },
              },
            },
            opts: args.opts,
          }
        : undefined;

  test('a parent transformation lowering Pod Security enforcement is refused', async () => {
    const parent = new Parent('ns-parent', {
      transformations: [relabel({ 'pod-security.kubernetes.io/enforce': 'privileged' })],
    });
    expect(() => new HardenedNamespace('lowered', {}, { parent })).toThrow(
      /changed the Pod Security label pod-security.kubernetes.io\/enforce/,
    );
    expect(await registeredNames('kubernetes:core/v1:Namespace')).not.toContain('lowered');
  });

  test('a parent transformation dropping the admission label of an opted-in namespace is refused', async () => {
    const dropAdmission: pulumi.ResourceTransformation = (args) => {
      if (args.type !== 'kubernetes:core/v1:Namespace') return undefined;
      const metadata = args.props.metadata as { labels: Props };
      const labels = { ...metadata.labels };
      delete labels['hardened-workloads.io/admission'];
      return { props: { ...args.props, metadata: { ...metadata, labels } }, opts: args.opts };
    };
    const parent = new Parent('ns-admission', { transformations: [dropAdmission] });
    expect(() => new HardenedNamespace('unenforced', { admissionPolicy: true }, { parent })).toThrow(
      /changed the admission label hardened-workloads.io\/admission .*removed.*keep the label, or drop admissionPolicy: true/,
    );
    expect(await registeredNames('kubernetes:core/v1:Namespace')).not.toContain('unenforced');
    // Honest: the same transformation on a namespace that never opted in changes nothing it renders.
    new HardenedNamespace('not-opted-in', {}, { parent });
    expect(await registeredNames('kubernetes:core/v1:Namespace')).toContain('not-opted-in');
  });

  test('a parent transformation adding a label registers; own transformations are refused', async () => {
    const parent = new Parent('ns-team', { transformations: [relabel({ team: 'payments' })] });
    new HardenedNamespace('team-ns', {}, { parent });
    await settle();
    expect(mocks.get('kubernetes:core/v1:Namespace', 'team-ns').inputs.metadata).toMatchObject({
      labels: { team: 'payments', 'pod-security.kubernetes.io/enforce': 'restricted' },
    });
    expect(() => new HardenedNamespace('own-ns', {}, { transformations: [relabel({})] })).toThrow(
      /the "transformations" option would rewrite the child/,
    );
  });
});

// Stack transformations: test/pulumi/registration (a failed stack program is an unhandled rejection).

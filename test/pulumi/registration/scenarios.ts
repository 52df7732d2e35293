import * as docker from '@pulumi/docker';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { hardeningTransformation } from 'hardened-workloads/pulumi';
import { HardenedContainer } from 'hardened-workloads/pulumi/docker';
import { HardenedDeployment } from 'hardened-workloads/pulumi/kubernetes';

const IMAGE = 'registry.example.com/team/api:1.4.2';
const resources = { limits: { cpu: '500m', memory: '256Mi' } };
const later = <T>(value: T): Promise<T> =>
  new Promise((resolve) => {
    setTimeout(() => {
      resolve(value);
    }, 5);
  });

// A resource whose output the mocks leave unknown at preview (no id, no such state).
class ImageBuild extends pulumi.CustomResource {
  declare public readonly imageRef: pulumi.Output<string>;
  declare public readonly socketPath: pulumi.Output<string>;
  constructor(name: string) {
    super('test:index:ImageBuild', name, { imageRef: undefined, socketPath: undefined });
  }
}

function rawDeployment(name: string, container: Record<string, unknown>, pod: Record<string, unknown> = {}) {
  return new k8s.apps.v1.Deployment(
    name,
    {
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { ...pod, containers: [{ name: 'app', image: IMAGE, resources, ...container }] },
        },
      },
    },
    { transformations: [hardeningTransformation()] },
  );
}

// A stack transformation that makes the first container of every Deployment privileged.
const makePrivileged: pulumi.ResourceTransformation = (args) => {
  if (args.type !== 'kubernetes:apps/v1:Deployment') return undefined;
  const spec = args.props.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
  const [first, ...rest] = spec.template.spec.containers;
  const containers = [{ ...first, securityContext: { privileged: true } }, ...rest];
  return {
    props: {
      ...args.props,
      spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, containers } } },
    },
    opts: args.opts,
  };
};

/** Programs by name; each registers one thing worth checking. */
export const SCENARIOS: Readonly<Record<string, () => unknown>> = {
  'deployment-output-socket': () =>
    new HardenedDeployment('output-socket', {
      containers: [{ name: 'api', image: IMAGE, resources }],
      volumes: [{ name: 'sock', hostPath: { path: pulumi.output('/var/run/docker.sock') } }],
    }),
  'deployment-promise-volume': () =>
    new HardenedDeployment('promise-volume', {
      containers: [{ name: 'api', image: IMAGE, resources }],
      volumes: [later({ name: 'etc', hostPath: { path: '/etc' } }) as never],
    }),
  'deployment-output-probe-host': () =>
    new HardenedDeployment('output-probe', {
      containers: [
        {
          name: 'api',
          image: IMAGE,
          resources,
          livenessProbe: pulumi.output({ httpGet: { host: '169.254.169.254', port: 80 } }),
        },
      ],
    }),
  'deployment-output-fine': () =>
    new HardenedDeployment('output-fine', {
      containers: [{ name: 'api', image: pulumi.output(IMAGE), resources }],
      volumes: [{ name: 'cache', emptyDir: pulumi.output({ medium: 'Memory' }) }],
    }),
  // A thenable that answers its first read (the audit) with a scratch volume and every later read
  // (the registration) with the Docker socket.
  'deployment-output-two-faced': () => {
    let reads = 0;
    const twoFaced = {
      then(resolve: (value: unknown) => void) {
        reads += 1;
        resolve(
          reads === 1
            ? { name: 'data', emptyDir: {} }
            : { name: 'data', hostPath: { path: '/var/run/docker.sock' } },
        );
      },
    };
    return new HardenedDeployment('two-faced', {
      containers: [{ name: 'api', image: IMAGE, resources }],
      volumes: [twoFaced as never],
    });
  },
  // The same through the transformation: privileged false at the first read, true at every later one.
  'transformation-output-two-faced': () => {
    let reads = 0;
    const privileged = {
      then(resolve: (value: unknown) => void) {
        reads += 1;
        resolve(reads !== 1);
      },
    };
    return rawDeployment('raw-two-faced', { securityContext: { privileged } });
  },
  'container-output-image-fine': () => new HardenedContainer('box-fine', { image: later(IMAGE) }),
  'container-output-volume-socket': () =>
    new HardenedContainer('box-socket', {
      image: IMAGE,
      volumes: [{ volumeName: pulumi.output('/var/run/docker.sock'), containerPath: '/sock' }],
    }),
  'transformation-output-privileged': () =>
    rawDeployment('raw-output-priv', { securityContext: { privileged: pulumi.output(true) } }),
  'transformation-promise-hostpid': () => rawDeployment('raw-promise-pid', {}, { hostPID: later(true) }),
  'transformation-output-fine': () =>
    rawDeployment('raw-output-fine', { securityContext: { privileged: pulumi.output(false) } }),
  'transformation-docker-output-mounts': () =>
    new docker.Container(
      'raw-box-mounts',
      {
        image: IMAGE,
        mounts: pulumi.output([{ type: 'bind', source: '/var/run/docker.sock', target: '/sock' }]),
      },
      { transformations: [hardeningTransformation()] },
    ),
  'preview-unknown-socket': () => {
    const build = new ImageBuild('build');
    return new HardenedDeployment('preview-unknown', {
      containers: [{ name: 'api', image: IMAGE, resources }],
      volumes: [{ name: 'sock', hostPath: { path: build.socketPath } }],
    });
  },
  'preview-unknown-privileged': () => {
    const build = new ImageBuild('build-2');
    return rawDeployment('raw-preview-priv', {
      securityContext: { privileged: build.imageRef.apply((ref) => ref === 'x') },
    });
  },
  // Run it last: the stack transformation stays for every later resource of the process.
  'stack-transformation-privileged': () =>
    pulumi.runtime.runInPulumiStack(() => {
      pulumi.runtime.registerStackTransformation(makePrivileged);
      new HardenedDeployment('via-stack', { containers: [{ name: 'api', image: IMAGE, resources }] });
      return Promise.resolve({});
    }),
};

import * as docker from '@pulumi/docker';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { JUSTIFICATIONS_ANNOTATION, encodeJustifications } from 'hardened-workloads';
import { hardeningTransformation } from 'hardened-workloads/pulumi';
import { APPROVED } from './justifications';
import type { MockRecorder } from './pulumi-mocks';
import { installMocks, settle } from './pulumi-mocks';

let mocks: MockRecorder;
beforeAll(async () => {
  mocks = await installMocks();
});

const transformations = [hardeningTransformation()];
const resources = { limits: { cpu: '1', memory: '256Mi' } };

function rawDeployment(
  name: string,
  container: Record<string, unknown>,
  annotations?: Record<string, string>,
  chain: pulumi.ResourceTransformation[] = transformations,
) {
  return new k8s.apps.v1.Deployment(
    name,
    {
      metadata: { name, ...(annotations && { annotations }) },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [{ name: 'app', image: 'registry.example.com/app:1.0.0', resources, ...container }],
          },
        },
      },
    },
    { transformations: chain },
  );
}

function thrownBy(create: () => unknown): Error {
  try {
    create();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the transformation to refuse the resource');
}

test('a raw Deployment gets the whole posture rendered into the fields it left unset', async () => {
  rawDeployment('raw-web', {});
  await settle();
  const spec = (
    mocks.get('kubernetes:apps/v1:Deployment', 'raw-web').inputs as {
      spec: { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } };
    }
  ).spec.template.spec;
  expect(spec.securityContext).toEqual({
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    fsGroup: 10001,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(spec.automountServiceAccountToken).toBe(false);
  expect(spec.containers[0]!.securityContext).toEqual({
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  });
});

test('privileged: true without a justification annotation is refused, naming the resource, rule and field', () => {
  const error = thrownBy(() => rawDeployment('raw-priv', { securityContext: { privileged: true } }));
  expect(pulumi.ResourceError.isInstance(error)).toBe(true);
  expect(error.message).toContain('Deployment "raw-priv" (kubernetes:apps/v1:Deployment)');
  expect(error.message).toContain(
    'rule privileged at spec.template.spec.containers[0].securityContext.privileged: container "app" must not set securityContext.privileged=true',
  );
});

const privilegedRecord = { exemption: 'privileged' as const, container: 'app', ...APPROVED };

test('privileged: true with a hand-written justification annotation is refused, naming the record not honoured', () => {
  const error = thrownBy(() =>
    rawDeployment(
      'raw-priv-record',
      { securityContext: { privileged: true, allowPrivilegeEscalation: true } },
      { [JUSTIFICATIONS_ANNOTATION]: encodeJustifications([privilegedRecord]) },
    ),
  );
  expect(error.message).toContain(
    'rule privileged at spec.template.spec.containers[0].securityContext.privileged',
  );
  expect(error.message).toContain(
    `the ${JUSTIFICATIONS_ANNOTATION} record for privileged (container "app") is not honoured: kubernetes:apps/v1:Deployment "raw-priv-record" is not the child of a hardened-workloads component`,
  );
  expect(error.message).toContain('"exemptions" of a HardenedDeployment');
  expect(error.message).toContain("justifications: 'any-resource'");
});

test("privileged: true with a justification annotation is kept with justifications: 'any-resource'", async () => {
  rawDeployment(
    'raw-priv-ok',
    { securityContext: { privileged: true, allowPrivilegeEscalation: true } },
    { [JUSTIFICATIONS_ANNOTATION]: encodeJustifications([privilegedRecord]) },
    [hardeningTransformation({ justifications: 'any-resource' })],
  );
  await settle();
  const inputs = mocks.get('kubernetes:apps/v1:Deployment', 'raw-priv-ok').inputs as {
    spec: { template: { spec: { containers: { securityContext: Record<string, unknown> }[] } } };
  };
  expect(inputs.spec.template.spec.containers[0]!.securityContext).toMatchObject({
    privileged: true,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  });
});

test('a pod template that is a Pulumi output cannot be hardened silently and is refused', () => {
  const error = thrownBy(
    () =>
      new k8s.apps.v1.Deployment(
        'raw-output',
        { spec: { selector: {}, template: pulumi.output({ spec: { containers: [] } }) } },
        { transformations },
      ),
  );
  expect(error.message).toMatch(
    /spec\.template is a Pulumi output, so it cannot be hardened before it is known/,
  );
});

test('a raw docker.Container gets the Docker posture; an added host mount is refused', async () => {
  new docker.Container(
    'raw-box',
    { image: 'registry.example.com/box:1.0.0', name: 'box' },
    { transformations },
  );
  await settle();
  expect(mocks.get('docker:index/container:Container', 'raw-box').inputs).toMatchObject({
    user: '10001:10001',
    readOnly: true,
    privileged: false,
    capabilities: { drops: ['ALL'] },
    securityOpts: ['no-new-privileges:true'],
    ipcMode: 'private',
    memory: 512,
    cpus: '1',
  });
  const error = thrownBy(
    () =>
      new docker.Container(
        'raw-sock',
        {
          image: 'registry.example.com/box:1.0.0',
          name: 'sock',
          mounts: [{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }],
        },
        { transformations },
      ),
  );
  expect(error.message).toContain('Container "raw-sock" (docker:index/container:Container)');
  expect(error.message).toMatch(/rule no-container-runtime-socket/);
});

test('other resources pass through untouched', async () => {
  new k8s.core.v1.ConfigMap('raw-config', { data: { privileged: 'true' } }, { transformations });
  await settle();
  expect(mocks.get('kubernetes:core/v1:ConfigMap', 'raw-config').inputs).toEqual({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    data: { privileged: 'true' },
  });
});

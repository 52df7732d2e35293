/**
 * hardeningTransformation as a stack transformation sees the components' children too: it honours
 * the record a component built from its validated exemptions, and no record written by hand on a
 * raw resource. Its own file: a stack transformation stays for every later resource of the process.
 */
import * as docker from '@pulumi/docker';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { JUSTIFICATIONS_ANNOTATION, encodeJustifications } from 'hardened-workloads';
import { HardenedContainer, HardenedDeployment, hardeningTransformation } from 'hardened-workloads/pulumi';
import { APPROVED } from './justifications';
import type { MockRecorder } from './pulumi-mocks';
import { installMocks, settle } from './pulumi-mocks';

let mocks: MockRecorder;
beforeAll(async () => {
  mocks = await installMocks();
});

const IMAGE = 'registry.example.com/team/api:1.4.2';
const resources = { limits: { cpu: '500m', memory: '256Mi' } };
const exemptions = [{ kind: 'privileged' as const, justification: APPROVED }];

function refusal(create: () => unknown): string {
  try {
    create();
  } catch (error) {
    return (error as Error).message;
  }
  return 'not refused';
}

test('under a stack hardeningTransformation, component children keep their validated exemptions; raw records are refused', async () => {
  const built: string[] = [];
  const refused: string[] = [];
  await pulumi.runtime.runInPulumiStack(() => {
    pulumi.runtime.registerStackTransformation(hardeningTransformation());
    built.push(
      refusal(
        () =>
          new HardenedDeployment('stack-api', {
            containers: [{ name: 'api', image: IMAGE, resources, exemptions }],
          }),
      ),
      refusal(() => new HardenedContainer('stack-box', { image: IMAGE, exemptions })),
    );
    const record = encodeJustifications([{ exemption: 'privileged', container: 'app', ...APPROVED }]);
    refused.push(
      refusal(
        () =>
          new k8s.apps.v1.Deployment('stack-raw', {
            metadata: { annotations: { [JUSTIFICATIONS_ANNOTATION]: record } },
            spec: {
              selector: { matchLabels: { app: 'raw' } },
              template: {
                metadata: { labels: { app: 'raw' } },
                spec: {
                  containers: [
                    { name: 'app', image: IMAGE, resources, securityContext: { privileged: true } },
                  ],
                },
              },
            },
          }),
      ),
      refusal(
        () =>
          new docker.Container('stack-raw-box', {
            image: IMAGE,
            privileged: true,
            labels: [
              {
                label: JUSTIFICATIONS_ANNOTATION,
                value: encodeJustifications([{ exemption: 'privileged', ...APPROVED }]),
              },
            ],
          }),
      ),
    );
    return Promise.resolve({});
  });
  await settle();
  expect(built).toEqual(['not refused', 'not refused']);
  const deployment = mocks.get('kubernetes:apps/v1:Deployment', 'stack-api').inputs as {
    spec: { template: { spec: { containers: { securityContext: Record<string, unknown> }[] } } };
  };
  expect(deployment.spec.template.spec.containers[0]!.securityContext.privileged).toBe(true);
  expect(mocks.get('docker:index/container:Container', 'stack-box').inputs.privileged).toBe(true);
  expect(refused).toEqual([
    expect.stringMatching(
      /Deployment "stack-raw".*rule privileged at .*record for privileged \(container "app"\) is not honoured: kubernetes:apps\/v1:Deployment "stack-raw" is not the child of a hardened-workloads component/s,
    ),
    expect.stringMatching(
      /Container "stack-raw-box".*rule privileged at .*record for privileged is not honoured: docker:index\/container:Container "stack-raw-box" is not the child/s,
    ),
  ]);
  expect(mocks.ofType('kubernetes:apps/v1:Deployment').map((r) => r.name)).not.toContain('stack-raw');
});

import * as pulumi from '@pulumi/pulumi';
import * as yaml from 'js-yaml';
import { auditDocuments, renderComposeService } from 'hardened-workloads';
import { composeServiceFromContainerArgs } from 'hardened-workloads/pulumi/policy';
import type { DockerContainerSettings } from 'hardened-workloads';
import type { MockRecorder } from './pulumi-mocks';
import { installMocks } from './pulumi-mocks';

let mocks: MockRecorder;
let outputs: Record<string, unknown> | undefined;
let example: { cacheSettings?: DockerContainerSettings } = {};
beforeAll(async () => {
  // Mocks first: a resource created before them would bypass the mocks.
  mocks = await installMocks();
  outputs = await pulumi.runtime.runInPulumiStack(() => {
    // Loaded here, not imported at the top: the program creates its resources when it loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    example = require('../../examples/pulumi') as typeof example;
    return Promise.resolve(example);
  });
});

/** The program's Kubernetes resources, as the YAML documents `pulumi up` would send. */
function kubernetesYaml(): string {
  return mocks.resources
    .filter((r) => r.type.startsWith('kubernetes:'))
    .map((r) => yaml.dump(r.inputs, { noRefs: true }))
    .join('---\n');
}

test('the program creates a hardened namespace, a hardened web API with its Service, and a hardened container', () => {
  expect(mocks.resources.map((r) => r.type).sort()).toEqual([
    'docker:index/container:Container',
    'hardened-workloads:docker:HardenedContainer',
    'hardened-workloads:kubernetes:HardenedDeployment',
    'hardened-workloads:kubernetes:HardenedNamespace',
    'kubernetes:apps/v1:Deployment',
    'kubernetes:core/v1:Namespace',
    'kubernetes:core/v1:Service',
    'pulumi:pulumi:Stack',
  ]);
  expect(outputs).toMatchObject({
    namespaceName: 'apps',
    deploymentName: 'web-api',
    cacheContainer: 'cache',
  });
});

test('its Kubernetes resources, rendered to YAML, pass the audit at the hardened level with no finding', () => {
  const documents = yaml.loadAll(kubernetesYaml());
  const report = auditDocuments(documents, { level: 'hardened', source: 'example.yaml' });
  expect(report.findings).toEqual([]);
  expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
  const deployment = documents.find((d) => (d as { kind?: string }).kind === 'Deployment') as {
    metadata: { namespace: string };
  };
  expect(deployment.metadata.namespace).toBe('apps');
});

test('its Docker container passes the same audit as a Compose service', () => {
  const settings = example.cacheSettings!;
  const compose = { services: { cache: renderComposeService(settings) } };
  expect(auditDocuments([compose], { level: 'hardened' }).findings).toEqual([]);
  // What docker.Container receives: the same, except the process limit it has no argument for.
  const containerArgs = mocks.get('docker:index/container:Container', 'cache').inputs;
  const fromArgs = auditDocuments([{ services: { cache: composeServiceFromContainerArgs(containerArgs) } }], {
    level: 'hardened',
  });
  expect(fromArgs.findings.map((f) => [f.rule, f.status])).toEqual([['pids-limit', 'violation']]);
});

import {
  AdmissionExemptions,
  AdmissionPolicy,
  HardenedDeployment,
  HardenedNamespace,
} from 'hardened-workloads/pulumi/kubernetes';
import type { MockRecorder } from '../pulumi/pulumi-mocks';
import { installMocks, settle, valueOf } from '../pulumi/pulumi-mocks';

let mocks: MockRecorder;
beforeAll(async () => {
  mocks = await installMocks();
});

const EXPIRES = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);

function workload(labelled: boolean, expires?: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'agent',
      namespace: 'apps',
      annotations: {
        'hardened-workloads.io/justifications': JSON.stringify([
          {
            exemption: 'hostNetwork',
            reason: 'the node agent serves metrics on the node address',
            approvedBy: 'security-team',
            ...(expires !== undefined && { expires }),
          },
        ]),
      },
    },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: {
          labels: { app: 'agent', ...(labelled && { 'hardened-workloads.io/workload': 'Deployment.agent' }) },
        },
        spec: {
          hostNetwork: true,
          containers: [{ name: 'agent', image: 'registry.example.com/agent:1.0.0' }],
        },
      },
    },
  };
}

test('AdmissionPolicy registers the policies and bindings; HardenedNamespace opts in by label', async () => {
  const policy = new AdmissionPolicy('enforce', {
    level: 'restricted',
    validationActions: ['Warn', 'Audit'],
  });
  new HardenedNamespace('team', { name: 'team', admissionPolicy: true });
  await settle();
  expect(policy.notEnforced).toEqual(['justification-valid']);
  const binding = mocks.get(
    'kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding',
    'hardened-workloads-restricted',
  ).inputs as { spec: { validationActions: string[] } };
  expect(binding.spec.validationActions).toEqual(['Warn', 'Audit']);
  const namespace = mocks.get('kubernetes:core/v1:Namespace', 'team').inputs as {
    metadata: { labels: Record<string, string> };
  };
  expect(namespace.metadata.labels['hardened-workloads.io/admission']).toBe('enforce');
});

test('AdmissionPolicy refuses options Kubernetes would refuse', () => {
  expect(() => new AdmissionPolicy('bad', { validationActions: ['Deny', 'Warn'] })).toThrow(
    /cannot combine Deny and Warn/,
  );
});

/** The node agent as a hardened component: its record is built from the exemption it validated. */
function hardenedAgent(name: string, labelled: boolean, expires?: string) {
  return new HardenedDeployment(name, {
    metadata: { name: 'agent', namespace: 'apps' },
    ...(labelled && { podLabels: { 'hardened-workloads.io/workload': 'Deployment.agent' } }),
    exemptions: [
      {
        kind: 'hostNetwork',
        justification: {
          reason: 'the node agent serves metrics on the node address',
          approvedBy: 'security-team',
          ...(expires !== undefined && { expires }),
        },
      },
    ],
    containers: [
      {
        name: 'agent',
        image: 'registry.example.com/agent:1.0.0',
        resources: { limits: { cpu: '500m', memory: '128Mi' } },
      },
    ],
  });
}

test('AdmissionExemptions writes one entry per justified finding of a hardened component, with its expiry', async () => {
  const exemptions = new AdmissionExemptions('exemptions', {
    namespace: 'platform',
    workloads: [hardenedAgent('agent-a', true, EXPIRES)],
  });
  expect(await valueOf(exemptions.data)).toEqual({
    'apps.Deployment_dagent.host-namespaces.hostNetwork': `${EXPIRES}T23:59:59.999Z`,
  });
});

test("a plain manifest's hand-written record is refused, naming the fix; opted in, it is honoured and labelled so", async () => {
  expect(
    () =>
      new AdmissionExemptions('hand-written', {
        namespace: 'platform',
        workloads: [workload(true, EXPIRES)],
      }),
  ).toThrow(
    /AdmissionExemptions "hand-written": workloads\[0\] is a plain manifest, whose justification records no hardened-workloads component validated: .*Pass the hardened component itself.*acceptManifestRecords: true/,
  );
  const reviewed = new AdmissionExemptions('reviewed', {
    namespace: 'platform',
    workloads: [workload(true, EXPIRES)],
    acceptManifestRecords: true,
  });
  expect(await valueOf(reviewed.data)).toEqual({
    'apps.Deployment_dagent.host-namespaces.hostNetwork': `${EXPIRES}T23:59:59.999Z`,
  });
  await settle();
  const configMap = mocks.get('kubernetes:core/v1:ConfigMap', 'reviewed').inputs as {
    metadata: { annotations: Record<string, string> };
  };
  expect(configMap.metadata.annotations['hardened-workloads.io/generated-from']).toContain(
    'reviewed justification annotations of 1 plain manifest(s) (acceptManifestRecords)',
  );
});

test('AdmissionExemptions reports, as errors, a justified finding it cannot write (no label, no expiry)', async () => {
  const unlabelled = new AdmissionExemptions('unlabelled', {
    namespace: 'platform',
    workloads: [hardenedAgent('agent-b', false, EXPIRES)],
  });
  expect(await valueOf(unlabelled.problems)).toEqual([
    'Deployment "agent": label its pod template hardened-workloads.io/workload: Deployment.agent; the cluster honours its exemptions only for pods carrying it',
  ]);
  expect(await valueOf(unlabelled.data)).toEqual({});
  const noExpiry = new AdmissionExemptions('no-expiry', {
    namespace: 'platform',
    workloads: [hardenedAgent('agent-c', true)],
  });
  expect((await valueOf(noExpiry.problems))[0]).toContain('has no expiry');
});

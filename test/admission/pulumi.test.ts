import {
  AdmissionExemptions,
  AdmissionPolicy,
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

test('AdmissionExemptions writes one entry per justified finding, with its expiry', async () => {
  const exemptions = new AdmissionExemptions('exemptions', {
    namespace: 'platform',
    workloads: [workload(true, EXPIRES)],
  });
  expect(await valueOf(exemptions.data)).toEqual({
    'apps.Deployment_dagent.host-namespaces.hostNetwork': `${EXPIRES}T23:59:59.999Z`,
  });
});

test('AdmissionExemptions reports, as errors, a justified finding it cannot write (no label, no expiry)', async () => {
  const unlabelled = new AdmissionExemptions('unlabelled', {
    namespace: 'platform',
    workloads: [workload(false, EXPIRES)],
  });
  expect(await valueOf(unlabelled.problems)).toEqual([
    'Deployment "agent": label its pod template hardened-workloads.io/workload: Deployment.agent; the cluster honours its exemptions only for pods carrying it',
  ]);
  expect(await valueOf(unlabelled.data)).toEqual({});
  const noExpiry = new AdmissionExemptions('no-expiry', {
    namespace: 'platform',
    workloads: [workload(true)],
  });
  expect((await valueOf(noExpiry.problems))[0]).toContain('has no expiry');
});

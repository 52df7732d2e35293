import { HardenedDeployment, HardenedNamespace } from 'hardened-workloads/pulumi/kubernetes';
import { installMocks, settle } from '../pulumi-mocks';
import type { MockRecorder } from '../pulumi-mocks';

const IMAGE = 'registry.example.com/edge/agent:1.0.0';
const APPROVED = {
  reason: 'the node agent reads host network statistics for the fleet dashboard',
  approvedBy: 'platform-security',
};

/** A Deployment whose justified hostNetwork exemption Pod Security needs "privileged" for. */
function agent(name: string, namespace: string): HardenedDeployment {
  return new HardenedDeployment(name, {
    metadata: { namespace },
    exemptions: [{ kind: 'hostNetwork', justification: APPROVED }],
    containers: [{ name: 'agent', image: IMAGE, writablePaths: ['/tmp'] }],
  });
}

describe('a workload its HardenedNamespace would reject (Pod Security has no per-workload exemptions)', () => {
  let mocks: MockRecorder;
  beforeAll(async () => {
    mocks = await installMocks();
  });

  test('namespace first: the workload fails, naming both and the fix', () => {
    new HardenedNamespace('edge-a', { name: 'edge-a' });
    expect(() => agent('agent-a', 'edge-a')).toThrow(
      /HardenedNamespace "edge-a" \("edge-a"\) enforces Pod Security "restricted", which rejects HardenedDeployment "agent-a": its justified exemptions \(hostNetwork\) need "privileged".*podSecurity: \{ level: 'privileged', justification: \{ reason, approvedBy \} \}/s,
    );
  });

  test('workload first: the namespace fails', () => {
    agent('agent-b', 'edge-b');
    expect(() => new HardenedNamespace('edge-b', { name: 'edge-b' })).toThrow(
      /rejects HardenedDeployment "agent-b"/,
    );
  });

  test('a namespace level chosen with its own justification admits it, and is labelled and recorded', async () => {
    const namespace = new HardenedNamespace('edge-c', {
      name: 'edge-c',
      podSecurity: { level: 'privileged', justification: APPROVED },
    });
    expect(() => agent('agent-c', 'edge-c')).not.toThrow();
    await settle();
    const metadata = mocks.get('kubernetes:core/v1:Namespace', 'edge-c').inputs.metadata as {
      labels: Record<string, string>;
      annotations: Record<string, string>;
    };
    expect(namespace.enforceLevel).toBe('privileged');
    expect(metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(
      JSON.parse(metadata.annotations['hardened-workloads.io/pod-security-justification'] ?? '{}'),
    ).toMatchObject({
      level: 'privileged',
      approvedBy: 'platform-security',
    });
  });

  test('privileged needs an approver; an inherited one does not count', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.approvedBy = 'nobody';
    try {
      expect(
        () =>
          new HardenedNamespace('edge-d', {
            name: 'edge-d',
            podSecurity: { level: 'privileged', justification: { reason: APPROVED.reason } },
          }),
      ).toThrow(/approvedBy is required/);
    } finally {
      delete proto.approvedBy;
    }
  });

  test('a baseline namespace still rejects what needs privileged', () => {
    new HardenedNamespace('edge-e', {
      name: 'edge-e',
      podSecurity: { level: 'baseline', justification: APPROVED },
    });
    expect(() => agent('agent-e', 'edge-e')).toThrow(/enforces Pod Security "baseline", which rejects/);
  });
});

import { hardenedPolicies } from 'hardened-workloads/pulumi/policy';

type Validate = (args: unknown, report: (message: string) => void) => void;

/** `policy: message` for every violation the policies report on one resource. */
function violations(type: string, props: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const policy of hardenedPolicies()) {
    if (!('validateResource' in policy)) continue;
    const validate = policy.validateResource as Validate;
    validate({ type, props, urn: `urn:${type}`, name: 'r', opts: {} }, (m) =>
      found.push(`${policy.name}: ${m}`),
    );
  }
  return found;
}

const privilegedPod = {
  containers: [{ name: 'app', image: 'app:1.0', securityContext: { privileged: true } }],
};

describe('CrossGuard judges custom resources that carry a pod', () => {
  test.each([
    [
      'an Argo Rollout',
      'kubernetes:argoproj.io/v1alpha1:Rollout',
      { spec: { template: { spec: privilegedPod } } },
    ],
    [
      'an OpenKruise CloneSet',
      'kubernetes:apps.kruise.io/v1alpha1:CloneSet',
      { spec: { template: { spec: privilegedPod } } },
    ],
    [
      'a CronJob-like custom kind',
      'kubernetes:example.com/v1:ScheduledTask',
      { spec: { jobTemplate: { spec: { template: { spec: privilegedPod } } } } },
    ],
  ])('%s with a privileged container is a violation', (_, type, props) => {
    expect(violations(type, props).filter((v) => v.startsWith('privileged:'))).toHaveLength(1);
  });

  test('a custom resource with an unreadable pod template is a violation, never a pass', () => {
    const found = violations('kubernetes:argoproj.io/v1alpha1:Rollout', {
      spec: { template: { spec: { containers: 'app' } } },
    });
    expect(found.some((v) => v.startsWith('workload-readable:'))).toBe(true);
  });

  test('a custom resource without a pod is not judged', () => {
    expect(violations('kubernetes:cert-manager.io/v1:Certificate', { spec: { secretName: 'tls' } })).toEqual(
      [],
    );
  });
});

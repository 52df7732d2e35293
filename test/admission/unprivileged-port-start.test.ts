/* eslint-disable @typescript-eslint/no-unsafe-member-access -- synthesized manifests are untyped JSON; the tests read their fields by name */
import { Testing } from 'cdk8s';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';
import { admissionPolicy } from 'hardened-workloads/admission';
import { CompiledPolicy } from './policy-evaluator';
import { IMAGE, only } from '../cdk8s/helpers';
import type { Manifest } from '../cdk8s/helpers';

/** Every validation of every policy of the hardened set, on one Deployment. */
function failures(deployment: Manifest): string[] {
  const failed: string[] = [];
  for (const object of admissionPolicy({ level: 'hardened' }).objects) {
    if (object.kind !== 'ValidatingAdmissionPolicy') continue;
    const outcome = new CompiledPolicy(object).evaluate({ object: deployment, namespace: 'apps' });
    expect(outcome.matched).toBe(true);
    for (const [rule, result] of outcome.byRule) if (result.result !== 'pass') failed.push(rule);
  }
  return failed;
}

function deploymentWith(unprivilegedPortStart?: number): Manifest {
  const chart = Testing.chart();
  new HardenedDeployment(chart, 'web', {
    metadata: { name: 'web', namespace: 'apps' },
    ...(unprivilegedPortStart !== undefined && { unprivilegedPortStart }),
    containers: [{ image: IMAGE, portNumber: 80 }],
  });
  // A copy: the synthesized object is frozen.
  return structuredClone(only(Testing.synth(chart) as Manifest[], 'Deployment'));
}

describe('the admission policy and unprivilegedPortStart', () => {
  test('admits the sysctl the constructs render (safe in every Pod Security version), with no exemption', () => {
    const deployment = deploymentWith(80);
    expect(deployment.spec.template.spec.securityContext.sysctls).toEqual([
      { name: 'net.ipv4.ip_unprivileged_port_start', value: '80' },
    ]);
    // resource-limits is a warning (the example sets no limits); nothing else fails.
    expect(failures(deployment).filter((rule) => rule !== 'resource-limits')).toEqual([]);
  });

  test('refuses an unsafe sysctl beside it: the admission check bites', () => {
    const deployment = deploymentWith(80);
    const sysctls = deployment.spec.template.spec.securityContext.sysctls as unknown[];
    sysctls.push({ name: 'kernel.msgmax', value: '65536' });
    expect(failures(deployment)).toContain('sysctls');
  });
});

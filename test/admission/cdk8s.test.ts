/* eslint-disable @typescript-eslint/no-unsafe-member-access -- synthesized manifests are untyped JSON; the tests read their fields by name */
import { Testing } from 'cdk8s';
import {
  AdmissionExemptions,
  AdmissionPolicy,
  HardenedDeployment,
  HardenedNamespace,
} from 'hardened-workloads/cdk8s';
import { APPROVED, IMAGE, only, podTemplate } from '../cdk8s/helpers';
import type { Manifest } from '../cdk8s/helpers';

// A year from today, so that the justification is valid whenever the test runs.
const EXPIRES = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);

describe('cdk8s admission constructs', () => {
  test('AdmissionPolicy renders the policy and binding; HardenedNamespace opts in by label', () => {
    const chart = Testing.chart();
    const policy = new AdmissionPolicy(chart, 'policy', {
      level: 'restricted',
      validationActions: ['Audit'],
    });
    new HardenedNamespace(chart, 'team', { metadata: { name: 'team' }, admissionPolicy: true });
    const manifests = Testing.synth(chart) as Manifest[];
    expect(policy.notEnforced).toEqual(['justification-valid']);
    const binding = only(manifests, 'ValidatingAdmissionPolicyBinding');
    expect(binding.spec.validationActions).toEqual(['Audit']);
    const namespace = only(manifests, 'Namespace');
    expect(binding.spec.matchResources.namespaceSelector.matchLabels).toEqual({
      'hardened-workloads.io/admission': 'enforce',
    });
    expect(namespace.metadata.labels['hardened-workloads.io/admission']).toBe('enforce');
    expect(only(manifests, 'ValidatingAdmissionPolicy').spec.validations.length).toBeGreaterThan(10);
  });

  test('a namespace is not opted in unless asked', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'team', { metadata: { name: 'team' } });
    expect(
      only(Testing.synth(chart) as Manifest[], 'Namespace').metadata.labels[
        'hardened-workloads.io/admission'
      ],
    ).toBeUndefined();
  });

  test('AdmissionExemptions writes the entries of validated justifications and labels the pod template', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', {
      metadata: { name: 'api', namespace: 'apps' },
      containers: [
        {
          image: IMAGE,
          exemptions: [{ kind: 'dockerSocket', justification: { ...APPROVED, expires: EXPIRES } }],
        },
      ],
    });
    new AdmissionExemptions(chart, 'exemptions', {
      namespace: 'platform',
      workloads: [api],
    });
    const manifests = Testing.synth(chart) as Manifest[];
    const deployment = only(manifests, 'Deployment');
    expect(podTemplate(deployment).metadata.labels['hardened-workloads.io/workload']).toBe('Deployment.api');
    const configMap = only(manifests, 'ConfigMap');
    expect(configMap.metadata).toMatchObject({
      name: 'hardened-workloads-exemptions',
      namespace: 'platform',
    });
    const keys = Object.keys(configMap.data as Record<string, string>);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith('apps.Deployment.api.'))).toBe(true);
    expect(Object.values(configMap.data as Record<string, string>)).toContain(`${EXPIRES}T23:59:59.999Z`);
  });

  test('a justification without expiry fails synth instead of vanishing from the cluster', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', {
      metadata: { name: 'api', namespace: 'apps' },
      containers: [{ image: IMAGE, exemptions: [{ kind: 'dockerSocket', justification: APPROVED }] }],
    });
    new AdmissionExemptions(chart, 'exemptions', {
      namespace: 'platform',
      workloads: [api],
    });
    expect(() => {
      Testing.synth(chart);
    }).toThrow(/has no expiry; a cluster exemption needs one/);
  });
});

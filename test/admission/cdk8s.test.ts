/* eslint-disable @typescript-eslint/no-unsafe-member-access -- synthesized manifests are untyped JSON; the tests read their fields by name */
import { ApiObject, Testing } from 'cdk8s';
import {
  AdmissionExemptions,
  AdmissionPolicy,
  HardenedDeployment,
  HardenedNamespace,
  HardenedSeccompProfile,
} from 'hardened-workloads/cdk8s';
import { admissionPolicy } from 'hardened-workloads/admission';
import { CompiledPolicy } from './policy-evaluator';
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
    expect(keys.every((k) => k.startsWith('apps.Deployment_dapi.'))).toBe(true);
    expect(Object.values(configMap.data as Record<string, string>)).toContain(`${EXPIRES}T23:59:59.999Z`);
  });

  test("a plain object's hand-written record is refused, naming the fix; opted in, it is honoured and labelled so", () => {
    const build = (acceptManifestRecords: boolean) => {
      const chart = Testing.chart();
      const raw = new ApiObject(chart, 'raw', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'raw',
          namespace: 'apps',
          annotations: {
            'hardened-workloads.io/justifications': JSON.stringify([
              {
                exemption: 'privileged',
                container: 'app',
                reason: 'hand-written to get the node agent admitted',
                approvedBy: 'security-team',
                expires: EXPIRES,
              },
            ]),
          },
        },
        spec: {
          selector: { matchLabels: { app: 'raw' } },
          template: {
            metadata: { labels: { app: 'raw' } },
            spec: { containers: [{ name: 'app', image: IMAGE, securityContext: { privileged: true } }] },
          },
        },
      });
      new AdmissionExemptions(chart, 'exemptions', {
        namespace: 'platform',
        workloads: [raw],
        ...(acceptManifestRecords && { acceptManifestRecords }),
      });
      return chart;
    };
    expect(() => build(false)).toThrow(
      /exemptions: test\/raw is not a hardened construct: .*Use a HardenedDeployment .*acceptManifestRecords: true/,
    );
    const configMap = only(Testing.synth(build(true)) as Manifest[], 'ConfigMap');
    expect(Object.keys(configMap.data as Record<string, string>)).toContain(
      'apps.Deployment_draw.privileged',
    );
    expect(configMap.metadata.annotations['hardened-workloads.io/generated-from']).toContain(
      'reviewed justification annotations of test/raw (acceptManifestRecords)',
    );
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

  test('a generated seccomp profile reaches the cluster as an entry, so only a hand-written one is warned about', () => {
    const keyring = {
      syscall: 'add_key',
      justification: { reason: 'the session cache keeps its key in the kernel keyring', expires: EXPIRES },
    };
    function warnings(generated: boolean): { entries: string[]; messages: string[] } {
      const chart = Testing.chart();
      const profile = new HardenedSeccompProfile(chart, 'keyring', { namespace: 'apps', add: [keyring] });
      const api = new HardenedDeployment(chart, 'api', {
        metadata: { name: 'api', namespace: 'apps' },
        containers: [
          {
            name: 'api',
            image: IMAGE,
            exemptions: [
              generated
                ? profile.exemption
                : {
                    kind: 'seccompLocalhost',
                    localhostProfile: 'mine.json',
                    justification: keyring.justification,
                  },
            ],
          },
        ],
      });
      new AdmissionExemptions(chart, 'exemptions', { namespace: 'platform', workloads: [api] });
      const manifests = Testing.synth(chart) as Manifest[];
      const configMap = only(manifests, 'ConfigMap');
      const deployment = only(manifests, 'Deployment');
      // The pod its ReplicaSet creates, as the API server admits it.
      const template = podTemplate(deployment) as { metadata: Record<string, unknown>; spec: unknown };
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { ...template.metadata, name: 'api-1', creationTimestamp: new Date().toISOString() },
        spec: template.spec,
      };
      const messages = admissionPolicy({ level: 'hardened', exemptions: { namespace: 'platform' } })
        .objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy')
        .flatMap((o) => [
          ...new CompiledPolicy(o).evaluate({ object: pod, params: configMap, namespace: 'apps' }).byRule,
        ])
        .filter(([rule, outcome]) => rule.startsWith('seccomp-') && outcome.result !== 'pass')
        .map(([, outcome]) => (outcome.result === 'pass' ? '' : outcome.message));
      return { entries: Object.keys(configMap.data as Record<string, string>).sort(), messages };
    }
    expect(warnings(true)).toEqual({
      entries: [
        'apps.Deployment_dapi.seccomp-localhost-justified',
        'apps.Deployment_dapi.seccomp-profile-generated.api',
      ],
      messages: [],
    });
    expect(warnings(false)).toEqual({
      entries: ['apps.Deployment_dapi.seccomp-localhost-justified'],
      messages: [
        'seccomp-profile-generated: container "api" uses the hand-written, unreviewed seccomp profile "mine.json": generate it (runtime default plus the justified system calls)',
      ],
    });
  });
});

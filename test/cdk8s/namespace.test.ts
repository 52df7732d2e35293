/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- synthesized manifests are untyped JSON; the tests read their fields by name */
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import type { App } from 'cdk8s';
import {
  HardenedDeployment,
  HardenedNamespace,
  NAMESPACE_JUSTIFICATION_ANNOTATION,
} from 'hardened-workloads/cdk8s';
import type { HardenedNamespaceProps } from 'hardened-workloads/cdk8s';
import type { Manifest } from './helpers';
import { chartOf, only } from './helpers';

describe('HardenedNamespace', () => {
  test('labels the namespace for Pod Security Admission at restricted, pinned to v1.30 by default', () => {
    const namespace = only(
      chartOf((chart) => new HardenedNamespace(chart, 'team', { metadata: { name: 'team' } })),
      'Namespace',
    );
    expect(namespace.metadata).toEqual({
      name: 'team',
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.30',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'v1.30',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'v1.30',
      },
    });
  });

  test('pins another version, or latest', () => {
    const pinned = only(
      chartOf((chart) => new HardenedNamespace(chart, 'a', { podSecurityVersion: '1.33' })),
      'Namespace',
    );
    expect(pinned.metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.33');
    const latest = only(
      chartOf((chart) => new HardenedNamespace(chart, 'b', { podSecurityVersion: 'latest' })),
      'Namespace',
    );
    expect(latest.metadata.labels['pod-security.kubernetes.io/warn-version']).toBe('latest');
  });

  test('refuses a version that is not one', () => {
    expect(() => chartOf((chart) => new HardenedNamespace(chart, 'c', { podSecurityVersion: 'v2' }))).toThrow(
      'test/c: podSecurityVersion "v2" is not a Pod Security version such as "v1.30" or "latest"',
    );
  });
});

describe('a justified exemption Pod Security Admission rejects needs a namespace that admits it', () => {
  const approved = {
    reason: 'the node agent traces host processes for incident response',
    approvedBy: 'security-review-board',
  };

  function appWith(namespaceProps: Partial<HardenedNamespaceProps>, workloadNamespace = 'ops'): App {
    const app = Testing.app();
    const chart = new Chart(app, 'chart', { namespace: workloadNamespace });
    new HardenedNamespace(chart, 'ns', { metadata: { name: 'ops' }, ...namespaceProps });
    new HardenedDeployment(chart, 'agent', {
      containers: [
        {
          name: 'agent',
          image: 'registry.example.com/team/agent:1.0.0',
          // Root, so that SYS_PTRACE takes effect (as user 10001 it would be a no-op the synth refuses).
          exemptions: [
            { kind: 'runAsRoot', justification: approved },
            { kind: 'capability', capability: 'SYS_PTRACE', justification: approved },
          ],
        },
      ],
    });
    return app;
  }

  test('a restricted HardenedNamespace of the same name fails the synth with both construct paths and the fix', () => {
    expect(() => {
      appWith({}).synth();
    }).toThrow(
      `[chart/agent] pod-security-admission: HardenedNamespace chart/ns ("ops") enforces Pod Security "restricted", which rejects this pod: ` +
        `its justified exemptions (capability (SYS_PTRACE), runAsRoot) need "privileged" (Pod Security Admission has no per-workload exemptions). ` +
        `Choose the namespace level with its own justification: podSecurity: { level: 'privileged', justification: { reason, approvedBy } } on chart/ns, ` +
        'or run the workload in a namespace at that level',
    );
  });

  test('a baseline namespace still rejects it; a justified privileged one admits it', () => {
    expect(() => {
      appWith({ podSecurity: { level: 'baseline', justification: { reason: approved.reason } } }).synth();
    }).toThrow(/enforces Pod Security "baseline", which rejects this pod/);
    const manifests = Testing.synth(
      Chart.of(
        appWith({ podSecurity: { level: 'privileged', justification: approved } }).node.findChild('chart'),
      ),
    ) as Manifest[];
    const namespace = only(manifests, 'Namespace');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/warn']).toBe('restricted');
    expect(JSON.parse(namespace.metadata.annotations[NAMESPACE_JUSTIFICATION_ANNOTATION] as string)).toEqual({
      level: 'privileged',
      ...approved,
    });
  });

  test('a workload in another namespace is not affected', () => {
    expect(() => {
      appWith({}, 'other').synth();
    }).not.toThrow();
  });

  test('a lower level needs its justification, with an approver for privileged', () => {
    expect(() =>
      appWith({ podSecurity: { level: 'privileged', justification: { reason: approved.reason } } as never }),
    ).toThrow(
      /podSecurity\.level "privileged" needs a valid justification\n {2}justification\.approvedBy is required/,
    );
    expect(() => appWith({ podSecurity: { level: 'restricted' } as never })).toThrow(
      /is not "baseline" or "privileged"/,
    );
  });
});

describe('HardenedNamespace labels are checked as written, after every hook', () => {
  const synthWith = (tamper: (namespace: HardenedNamespace, chart: Chart) => void) => {
    const chart = Testing.chart();
    const namespace = new HardenedNamespace(chart, 'team', {
      metadata: { name: 'team' },
      admissionPolicy: true,
    });
    tamper(namespace, chart);
    return () => Testing.synth(chart) as Manifest[];
  };

  test('enforce lowered to privileged with addLabel after construction fails the synth', () => {
    const synth = synthWith((namespace) => {
      namespace.metadata.addLabel('pod-security.kubernetes.io/enforce', 'privileged');
    });
    expect(synth).toThrow(
      /namespace-posture: HardenedNamespace test\/team must keep label pod-security.kubernetes.io\/enforce=restricted \(it is "privileged"\): choose the level with podSecurity/,
    );
  });

  test('the admission label removed by a JSON patch fails the synth', () => {
    const synth = synthWith((namespace) => {
      ApiObject.of(namespace).addJsonPatch(
        JsonPatch.remove('/metadata/labels/hardened-workloads.io~1admission'),
      );
    });
    expect(synth).toThrow(/must keep label hardened-workloads.io\/admission=enforce \(it is removed\)/);
  });

  test('a chart post-processor lowering enforce fails the synth', () => {
    const synth = synthWith((_namespace, chart) => {
      const render = chart.toJson.bind(chart);
      chart.toJson = () =>
        (render() as Manifest[]).map((object: Manifest): Manifest =>
          object.kind === 'Namespace'
            ? {
                ...object,
                metadata: {
                  ...object.metadata,
                  labels: { ...object.metadata.labels, 'pod-security.kubernetes.io/enforce': 'baseline' },
                },
              }
            : object,
        );
    });
    expect(synth).toThrow(/\[test\/team\] namespace-posture: .*enforce=restricted \(it is "baseline"\)/);
  });

  test('honest: extra labels, before or after construction, synthesize', () => {
    const synth = synthWith((namespace) => {
      namespace.metadata.addLabel('team', 'payments');
    });
    expect(only(synth(), 'Namespace').metadata.labels).toMatchObject({
      team: 'payments',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'hardened-workloads.io/admission': 'enforce',
    });
  });
});

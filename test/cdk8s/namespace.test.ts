/* eslint-disable @typescript-eslint/no-unsafe-member-access -- synthesized manifests are untyped JSON; the tests read their fields by name */
import { HardenedNamespace } from 'hardened-workloads/cdk8s';
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

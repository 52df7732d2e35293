import {
  imageTag,
  imageTagPinned,
  resourceLimits,
  serviceAccountToken,
} from 'hardened-workloads/rules/hardened';
import { container, findingsWith, runRule } from './helpers';

describe('the warnings are warnings', () => {
  test.each([serviceAccountToken, resourceLimits, imageTagPinned])('$id', (rule) => {
    expect(rule.severity).toBe('warning');
  });
});

describe('service-account-token', () => {
  test.each([
    [false, []],
    [undefined, [['pod must set automountServiceAccountToken=false', 'spec.automountServiceAccountToken']]],
    [
      true,
      [
        [
          'pod must set automountServiceAccountToken=false, or justify the token with a serviceAccountToken exemption',
          'spec.automountServiceAccountToken',
        ],
      ],
    ],
    ['false', [['pod must set automountServiceAccountToken=false', 'spec.automountServiceAccountToken']]],
  ])('%p', (value, expected) => {
    const spec = { automountServiceAccountToken: value, containers: [container('a')] };
    expect(runRule(serviceAccountToken, spec).map((v) => [v.message, v.path])).toEqual(expected);
  });

  // A controller that calls the API asks for its token explicitly, and says why.
  const tokenRecord = {
    exemption: 'serviceAccountToken' as const,
    reason: 'the ingress controller watches Ingresses and Services through the API',
  };

  test('an explicit true with a valid serviceAccountToken justification is justified', () => {
    const spec = { automountServiceAccountToken: true, containers: [container('a')] };
    const findings = findingsWith(serviceAccountToken, spec, [tokenRecord]);
    expect(findings.map((f) => [f.status, f.severity])).toEqual([['justified', 'warning']]);
    expect(findings[0]?.justification).toEqual(tokenRecord);
  });

  test('unset stays a warning: Kubernetes mounting the token by default is not asking for it', () => {
    const findings = findingsWith(serviceAccountToken, { containers: [container('a')] }, [tokenRecord]);
    expect(findings.map((f) => [f.status, f.severity])).toEqual([['violation', 'warning']]);
  });

  test('an explicit true without a justification, or with a placeholder or another kind, stays a warning', () => {
    const spec = { automountServiceAccountToken: true, containers: [container('a')] };
    for (const records of [
      [],
      [{ ...tokenRecord, reason: 'TODO' }],
      [{ ...tokenRecord, expires: '2026-01-01' }],
      [{ exemption: 'hostNetwork' as const, reason: tokenRecord.reason, approvedBy: 'security-team' }],
    ]) {
      const findings = findingsWith(serviceAccountToken, spec, records);
      expect(findings.map((f) => [f.status, f.severity])).toEqual([['violation', 'warning']]);
    }
  });
});

describe('resource-limits', () => {
  test.each([
    ['both set', { limits: { cpu: '500m', memory: '256Mi' } }, []],
    ['numbers count', { limits: { cpu: 1, memory: 268435456 } }, []],
    [
      'requests are not limits',
      { requests: { cpu: '1', memory: '1Gi' } },
      ['container "a" must set resources.limits.cpu and resources.limits.memory'],
    ],
    ['memory only', { limits: { memory: '1Gi' } }, ['container "a" must set resources.limits.cpu']],
    ['an empty cpu', { limits: { memory: '1Gi', cpu: '' } }, ['container "a" must set resources.limits.cpu']],
  ])('%s', (_, resources, expected) => {
    const spec = { containers: [container('a', { resources })] };
    expect(runRule(resourceLimits, spec).map((v) => v.message)).toEqual(expected);
  });

  test('ephemeral containers are not asked for limits; init containers are', () => {
    const spec = { initContainers: [container('i')], ephemeralContainers: [container('e')], containers: [] };
    expect(runRule(resourceLimits, spec).map((v) => v.path)).toEqual([
      'spec.initContainers[0].resources.limits',
    ]);
  });
});

describe('image-tag-pinned', () => {
  test.each([
    ['nginx', 'no tag'],
    ['nginx:latest', 'tag latest'],
    ['registry:5000/team/api', 'no tag'],
    ['registry.example.com/team/api:latest', 'tag latest'],
  ])('%s is refused (%s)', (image, why) => {
    expect(runRule(imageTagPinned, { containers: [container('a', { image })] })).toEqual([
      {
        message: `container "a" must pin image "${image}" to a digest or a version tag (${why})`,
        path: 'spec.containers[0].image',
        container: 'a',
      },
    ]);
  });

  test.each([
    'nginx:1.27-alpine',
    'registry:5000/team/api:2.1',
    'nginx@sha256:0123abcd',
    'nginx:latest@sha256:0123abcd',
  ])('%s passes', (image) => {
    expect(runRule(imageTagPinned, { containers: [container('a', { image })] })).toEqual([]);
  });

  test('a service that is built has no image to pin', () => {
    expect(runRule(imageTagPinned, { containers: [{ name: 'a' }] })).toEqual([]);
  });

  test('imageTag', () => {
    expect([imageTag('a/b:c'), imageTag('host:1/b'), imageTag('b@sha256:x')]).toEqual([
      'c',
      undefined,
      'digest',
    ]);
  });
});

import { seccompLocalhostJustified } from 'hardened-workloads/rules/hardened';
import { container, findingsWith, record, runRule } from './helpers';

const localhost = (profile: string) => ({ seccompProfile: { type: 'Localhost', localhostProfile: profile } });
const msg = (name: string, profile: string) =>
  `container "${name}" must not use the Localhost seccomp profile "${profile}" without a justification`;

describe('seccomp-localhost-justified', () => {
  test.each([
    [
      'RuntimeDefault',
      { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [container('a')] },
      {},
      [],
    ],
    ['unset', { containers: [container('a')] }, {}, []],
    [
      'pod-level Localhost reaches every container',
      { securityContext: localhost('p.json'), containers: [container('a'), container('b')] },
      {},
      [
        [msg('a', 'p.json'), 'spec.securityContext.seccompProfile'],
        [msg('b', 'p.json'), 'spec.securityContext.seccompProfile'],
      ],
    ],
    [
      'a container RuntimeDefault overrides a pod Localhost',
      {
        securityContext: localhost('p.json'),
        containers: [container('a', { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } })],
      },
      {},
      [],
    ],
    [
      'container-level Localhost',
      { containers: [container('a', { securityContext: localhost('c.json') })] },
      {},
      [[msg('a', 'c.json'), 'spec.containers[0].securityContext.seccompProfile']],
    ],
    [
      'the legacy pod annotation',
      { containers: [container('a')] },
      { 'seccomp.security.alpha.kubernetes.io/pod': 'localhost/legacy.json' },
      [[msg('a', 'legacy.json'), 'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]']],
    ],
    [
      'the legacy container annotation',
      { containers: [container('a')] },
      { 'container.seccomp.security.alpha.kubernetes.io/a': 'localhost/c.json' },
      [[msg('a', 'c.json'), 'metadata.annotations["container.seccomp.security.alpha.kubernetes.io/a"]']],
    ],
    [
      'a bare Localhost annotation names no profile',
      { containers: [container('a')] },
      { 'container.seccomp.security.alpha.kubernetes.io/a': 'Localhost' },
      [[msg('a', '<unnamed>'), 'metadata.annotations["container.seccomp.security.alpha.kubernetes.io/a"]']],
    ],
    [
      'a container annotation of another type wins over a Localhost pod field',
      { securityContext: localhost('p.json'), containers: [container('a')] },
      { 'container.seccomp.security.alpha.kubernetes.io/a': 'runtime/default' },
      [],
    ],
    [
      'a field wins over a legacy annotation',
      { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [container('a')] },
      { 'seccomp.security.alpha.kubernetes.io/pod': 'localhost/legacy.json' },
      [],
    ],
  ])('%s', (_, spec, annotations, expected) => {
    expect(runRule(seccompLocalhostJustified, spec, annotations).map((v) => [v.message, v.path])).toEqual(
      expected,
    );
  });

  test('a seccompLocalhost justification justifies it; a seccompUnconfined one does not', () => {
    const spec = { containers: [container('a', { securityContext: localhost('c.json') })] };
    const status = (exemption: 'seccompLocalhost' | 'seccompUnconfined') =>
      findingsWith(seccompLocalhostJustified, spec, [record({ exemption, container: 'a' })])[0]?.status;
    expect(status('seccompLocalhost')).toBe('justified');
    expect(status('seccompUnconfined')).toBe('violation');
  });
});

import { customMacProfileJustified } from 'hardened-workloads/rules/hardened';
import { container, findingsWith, record, runRule } from './helpers';

const appArmor = (name: string) =>
  `container "a" must not use the custom AppArmor profile "${name}" without a justification`;

describe('custom-mac-profile-justified', () => {
  test.each([
    ['the platform default', { containers: [container('a')] }, {}, []],
    [
      'RuntimeDefault AppArmor and an empty seLinuxOptions',
      {
        securityContext: { appArmorProfile: { type: 'RuntimeDefault' }, seLinuxOptions: {} },
        containers: [container('a')],
      },
      {},
      [],
    ],
    [
      'a Localhost AppArmor field on the pod',
      {
        securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-apparmor' } },
        containers: [container('a')],
      },
      {},
      [[appArmor('k8s-apparmor'), 'spec.securityContext.appArmorProfile', 'appArmorLocalhost']],
    ],
    [
      'the beta annotation',
      { containers: [container('a')] },
      { 'container.apparmor.security.beta.kubernetes.io/a': 'localhost/custom' },
      [
        [
          appArmor('custom'),
          'metadata.annotations["container.apparmor.security.beta.kubernetes.io/a"]',
          'appArmorLocalhost',
        ],
      ],
    ],
    [
      'a bare Localhost annotation is the type itself',
      { containers: [container('a')] },
      { 'container.apparmor.security.beta.kubernetes.io/a': 'Localhost' },
      [
        [
          appArmor('Localhost'),
          'metadata.annotations["container.apparmor.security.beta.kubernetes.io/a"]',
          'appArmorLocalhost',
        ],
      ],
    ],
    [
      'an annotation of another type wins over a Localhost pod field',
      {
        securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-apparmor' } },
        containers: [container('a')],
      },
      { 'container.apparmor.security.beta.kubernetes.io/a': 'runtime/default' },
      [],
    ],
    [
      'a container field wins over the annotation',
      { containers: [container('a', { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } })] },
      { 'container.apparmor.security.beta.kubernetes.io/a': 'localhost/custom' },
      [],
    ],
    [
      'SELinux options on the container',
      {
        containers: [
          container('a', { securityContext: { seLinuxOptions: { type: 'spc_t', level: 's0:c1' } } }),
        ],
      },
      {},
      [
        [
          'container "a" must not set seLinuxOptions (type "spc_t", level "s0:c1") without a justification',
          'spec.containers[0].securityContext.seLinuxOptions',
          'seLinuxOptions',
        ],
      ],
    ],
    [
      'unreadable SELinux options fail closed',
      { securityContext: { seLinuxOptions: 'spc_t' }, containers: [container('a')] },
      {},
      [
        [
          'container "a" must not set seLinuxOptions (unreadable) without a justification',
          'spec.securityContext.seLinuxOptions',
          'seLinuxOptions',
        ],
      ],
    ],
  ])('%s', (_, spec, annotations, expected) => {
    expect(
      runRule(customMacProfileJustified, spec, annotations).map((v) => [v.message, v.path, v.exemption]),
    ).toEqual(expected);
  });

  test('each finding is justified only by its own exemption kind', () => {
    const spec = {
      containers: [
        container('a', {
          securityContext: {
            appArmorProfile: { type: 'Localhost', localhostProfile: 'custom' },
            seLinuxOptions: { type: 'container_t' },
          },
        }),
      ],
    };
    const findings = findingsWith(customMacProfileJustified, spec, [
      record({ exemption: 'appArmorLocalhost', container: 'a' }),
    ]);
    expect(findings.map((f) => f.status)).toEqual(['justified', 'violation']);
  });
});

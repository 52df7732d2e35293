import { explicitNonRootIds } from 'hardened-workloads/rules/hardened';
import { container, findingsWith, record, runRule } from './helpers';

const MSG =
  'container "a" must set securityContext.runAsUser and securityContext.runAsGroup to non-zero numeric ids';

describe('explicit-non-root-ids', () => {
  test.each([
    [
      'pod-level ids',
      { securityContext: { runAsUser: 10001, runAsGroup: 10001 }, containers: [container('a')] },
      [],
    ],
    [
      'container-level ids on every container',
      { containers: [container('a', { securityContext: { runAsUser: 1, runAsGroup: 2 } })] },
      [],
    ],
    [
      'nothing set',
      { containers: [container('a')] },
      [[`${MSG} (runAsUser is unset, runAsGroup is unset)`, 'spec.containers[0].securityContext.runAsUser']],
    ],
    [
      'runAsNonRoot alone is not enough',
      { securityContext: { runAsNonRoot: true }, containers: [container('a')] },
      [[`${MSG} (runAsUser is unset, runAsGroup is unset)`, 'spec.containers[0].securityContext.runAsUser']],
    ],
    [
      'group 0 at pod level',
      { securityContext: { runAsUser: 10001, runAsGroup: 0 }, containers: [container('a')] },
      [[`${MSG} (runAsGroup=0)`, 'spec.securityContext.runAsGroup']],
    ],
    [
      'the container overrides a good pod value with root',
      {
        securityContext: { runAsUser: 10001, runAsGroup: 10001 },
        containers: [container('a', { securityContext: { runAsUser: 0 } })],
      },
      [[`${MSG} (runAsUser=0)`, 'spec.containers[0].securityContext.runAsUser']],
    ],
    [
      'the container fixes a bad pod value',
      {
        securityContext: { runAsUser: 0, runAsGroup: 10001 },
        containers: [container('a', { securityContext: { runAsUser: 10001 } })],
      },
      [],
    ],
    [
      'a string id is not numeric',
      { securityContext: { runAsUser: '10001', runAsGroup: -1 }, containers: [container('a')] },
      [
        [
          `${MSG} (runAsUser="10001" is not an integer, runAsGroup=-1 is negative)`,
          'spec.securityContext.runAsUser',
        ],
      ],
    ],
    [
      'only one of two containers lacks a group',
      {
        securityContext: { runAsUser: 10001 },
        containers: [container('a', { securityContext: { runAsGroup: 5 } }), container('b')],
      },
      [
        [
          'container "b" must set securityContext.runAsUser and securityContext.runAsGroup to non-zero numeric ids (runAsGroup is unset)',
          'spec.containers[1].securityContext.runAsGroup',
        ],
      ],
    ],
    [
      'a Windows pod is not asked for numeric ids, but for its user name (unset: the image decides)',
      { os: { name: 'windows' }, containers: [container('a')] },
      [
        [
          'container "a" must set securityContext.windowsOptions.runAsUserName to a non-administrator account such as ContainerUser (it is unset, so the image decides)',
          'spec.containers[0].securityContext.windowsOptions.runAsUserName',
        ],
      ],
    ],
    [
      'a Windows pod running as ContainerAdministrator (any case)',
      {
        os: { name: 'windows' },
        securityContext: { windowsOptions: { runAsUserName: 'containeradministrator' } },
        containers: [container('a')],
      },
      [
        [
          'container "a" must set securityContext.windowsOptions.runAsUserName to a non-administrator account such as ContainerUser (containeradministrator administers the container)',
          'spec.securityContext.windowsOptions.runAsUserName',
        ],
      ],
    ],
    [
      'a Windows container overriding a good pod user with NT AUTHORITY\\SYSTEM',
      {
        os: { name: 'windows' },
        securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } },
        containers: [
          container('a', { securityContext: { windowsOptions: { runAsUserName: 'NT AUTHORITY\\SYSTEM' } } }),
        ],
      },
      [
        [
          'container "a" must set securityContext.windowsOptions.runAsUserName to a non-administrator account such as ContainerUser (NT AUTHORITY\\SYSTEM administers the container)',
          'spec.containers[0].securityContext.windowsOptions.runAsUserName',
        ],
      ],
    ],
    [
      'a Windows pod running as ContainerUser passes',
      {
        os: { name: 'windows' },
        securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } },
        containers: [container('a')],
      },
      [],
    ],
  ])('%s', (_, spec, expected) => {
    expect(runRule(explicitNonRootIds, spec).map((v) => [v.message, v.path])).toEqual(expected);
  });

  test('a runAsRoot justification for the container justifies it', () => {
    const spec = { containers: [container('a', { securityContext: { runAsUser: 0, runAsGroup: 0 } })] };
    expect(
      findingsWith(explicitNonRootIds, spec, [record({ exemption: 'runAsRoot', container: 'a' })])[0]?.status,
    ).toBe('justified');
    expect(
      findingsWith(explicitNonRootIds, spec, [record({ exemption: 'privileged', container: 'a' })])[0]
        ?.status,
    ).toBe('violation');
  });
});

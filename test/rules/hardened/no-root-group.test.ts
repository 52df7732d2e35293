import { podView } from 'hardened-workloads/rules';
import { noRootGroup } from 'hardened-workloads/rules/hardened';
import { auditCompose } from '../../audit/compose/helpers';
import { CONTEXT, container, findingsWith, record, runRule } from './helpers';

const pod = (securityContext: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  securityContext: { runAsUser: 10001, runAsGroup: 10001, ...securityContext },
  containers: [container('a')],
  ...extra,
});

describe('no-root-group', () => {
  test.each([
    [
      'fsGroup 0',
      { fsGroup: 0 },
      [['pod must not set securityContext.fsGroup=0 (the root group)', 'spec.securityContext.fsGroup']],
    ],
    [
      'supplementalGroups containing 0',
      { supplementalGroups: [10002, 0] },
      [
        [
          'pod must not list 0 (the root group) in securityContext.supplementalGroups',
          'spec.securityContext.supplementalGroups[1]',
        ],
      ],
    ],
    [
      'fsGroup as a string (fail closed)',
      { fsGroup: '0' },
      [['pod must not set securityContext.fsGroup="0" (not a group id)', 'spec.securityContext.fsGroup']],
    ],
    [
      'supplementalGroups not a list (fail closed)',
      { supplementalGroups: 0 },
      [
        [
          'pod must list securityContext.supplementalGroups as an array of non-zero group ids',
          'spec.securityContext.supplementalGroups',
        ],
      ],
    ],
  ])('%s is refused', (_, securityContext, expected) => {
    expect(runRule(noRootGroup, pod(securityContext)).map((v) => [v.message, v.path])).toEqual(expected);
  });

  test.each([
    ['no group field', {}],
    ['non-zero fsGroup and supplementary groups', { fsGroup: 10001, supplementalGroups: [10002, 10003] }],
    ['empty supplementalGroups', { supplementalGroups: [] }],
  ])('%s passes', (_, securityContext) => {
    expect(runRule(noRootGroup, pod(securityContext))).toEqual([]);
  });

  test('a Windows pod is not asked: Kubernetes forbids fsGroup and supplementalGroups there', () => {
    expect(runRule(noRootGroup, pod({ fsGroup: 0 }, { os: { name: 'windows' } }))).toEqual([]);
    expect(runRule(noRootGroup, pod({ fsGroup: 0 }, { os: { name: 'linux' } }))).toHaveLength(1);
  });

  test('a rootGroup record justifies it; a runAsRoot record does not', () => {
    const spec = pod({ fsGroup: 0 });
    const statuses = (exemption: 'rootGroup' | 'runAsRoot') =>
      findingsWith(noRootGroup, spec, [record({ exemption })]).map((f) => f.status);
    expect(statuses('rootGroup')).toEqual(['justified']);
    expect(statuses('runAsRoot')).toEqual(['violation']);
  });

  test('a Compose pod view: group_add is judged where it is written, supplementalGroups without it', () => {
    const composeView = (securityContext: Record<string, unknown>, service: Record<string, unknown>) =>
      podView(
        {
          securityContext,
          containers: [container('api')],
          'x-compose-service': { name: 'api', service: { image: 'x', ...service } },
        },
        'services.api',
        { dialect: 'compose' },
      );
    // The translation carries group_add root into supplementalGroups [0]: one finding, at group_add.
    expect(
      noRootGroup
        .check(composeView({ supplementalGroups: [0] }, { group_add: ['root'] }), CONTEXT)
        .map((v) => v.path),
    ).toEqual(['services.api.group_add[0]']);
    expect(
      noRootGroup.check(composeView({ supplementalGroups: [0] }, {}), CONTEXT).map((v) => v.path),
    ).toEqual(['services.api.securityContext.supplementalGroups[0]']);
    expect(
      noRootGroup.check(composeView({ supplementalGroups: [10002] }, { group_add: ['10002'] }), CONTEXT),
    ).toEqual([]);
  });

  test.each([[0], ['0'], ['root'], [' root ']])('Compose group_add %j is refused', (group) => {
    const { findings } = auditCompose({
      services: {
        api: { image: 'registry.example.com/api:1.0', user: '10001:10001', group_add: ['10002', group] },
      },
    });
    expect(findings.filter((f) => f.rule === 'no-root-group').map((f) => [f.message, f.path])).toEqual([
      [
        `service "api" must not add the root group (group_add ${JSON.stringify(group)})`,
        'services.api.group_add[1]',
      ],
    ]);
  });

  test('Compose group_add without the root group passes', () => {
    const { findings } = auditCompose({
      services: {
        api: { image: 'registry.example.com/api:1.0', user: '10001:10001', group_add: ['10002', 'video'] },
      },
    });
    expect(findings.filter((f) => f.rule === 'no-root-group')).toEqual([]);
  });
});

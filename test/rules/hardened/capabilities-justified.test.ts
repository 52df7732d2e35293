import { capabilitiesJustified } from 'hardened-workloads/rules/hardened';
import { container, findingsWith, record, runRule } from './helpers';

const withCaps = (add: unknown) =>
  container('a', { securityContext: { capabilities: { drop: ['ALL'], add } } });
const msg = (cap: string) => `container "a" must not add capability "${cap}" without a justification`;

describe('capabilities-justified', () => {
  test.each([
    [
      'no add',
      { containers: [container('a', { securityContext: { capabilities: { drop: ['ALL'] } } })] },
      [],
    ],
    ['an empty add', { containers: [withCaps([])] }, []],
    [
      'NET_BIND_SERVICE too',
      { containers: [withCaps(['NET_BIND_SERVICE'])] },
      [[msg('NET_BIND_SERVICE'), 'NET_BIND_SERVICE']],
    ],
    [
      'names are normalised and counted once',
      { containers: [withCaps(['cap_net_raw', 'NET_RAW', 'sys_admin'])] },
      [
        [msg('NET_RAW'), 'NET_RAW'],
        [msg('SYS_ADMIN'), 'SYS_ADMIN'],
      ],
    ],
    ['ALL', { containers: [withCaps(['ALL'])] }, [[msg('ALL'), 'ALL']]],
    [
      'an unreadable add fails closed',
      { containers: [withCaps('NET_ADMIN')] },
      [['container "a" must list securityContext.capabilities.add as an array of names', undefined]],
    ],
  ])('%s', (_, spec, expected) => {
    expect(runRule(capabilitiesJustified, spec).map((v) => [v.message, v.subject])).toEqual(expected);
  });

  test('paths point at the add list of the right container', () => {
    const spec = { containers: [container('ok'), withCaps(['CHOWN'])] };
    expect(runRule(capabilitiesJustified, spec).map((v) => v.path)).toEqual([
      'spec.containers[1].securityContext.capabilities.add',
    ]);
  });

  test('each capability needs its own justification', () => {
    const spec = { containers: [withCaps(['NET_BIND_SERVICE', 'NET_RAW'])] };
    const findings = findingsWith(capabilitiesJustified, spec, [
      record({ exemption: 'capability', container: 'a', subject: 'NET_BIND_SERVICE' }),
    ]);
    expect(findings.map((f) => [f.message, f.status])).toEqual([
      [msg('NET_BIND_SERVICE'), 'justified'],
      [msg('NET_RAW'), 'violation'],
    ]);
  });

  test('an unreadable add list cannot be justified, even by a record for the container', () => {
    const spec = { containers: [withCaps('NET_ADMIN')] };
    const findings = findingsWith(capabilitiesJustified, spec, [
      record({ exemption: 'capability', container: 'a' }),
    ]);
    expect(findings.map((f) => f.status)).toEqual(['violation']);
  });
});

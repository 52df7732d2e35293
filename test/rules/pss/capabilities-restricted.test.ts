import {
  invalidRecord,
  restrictedContainer,
  restrictedSpec,
  run,
  statuses,
  summary,
  validRecord,
} from './pss-kit';

const withCapabilities = (capabilities: unknown, name = 'app') => restrictedContainer(name, { capabilities });

describe('capabilities-restricted', () => {
  it.each([
    ['drop ALL', { drop: ['ALL'] }],
    ['drop ALL and more', { drop: ['NET_RAW', 'ALL'] }],
    ['drop ALL, add NET_BIND_SERVICE', { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }],
  ])('admits %s', (_label, capabilities) => {
    expect(
      run('capabilities-restricted', restrictedSpec({ containers: [withCapabilities(capabilities)] })),
    ).toEqual([]);
  });

  it.each([
    ['no securityContext', { name: 'app', image: 'x' }],
    ['no capabilities', restrictedContainer('app', { capabilities: undefined })],
    ['an empty drop list', withCapabilities({ drop: [] })],
    ['a drop list without ALL', withCapabilities({ drop: ['NET_RAW'] })],
    ['lower-case all', withCapabilities({ drop: ['all'] })],
  ])('requires drop ALL with %s', (_label, container) => {
    expect(summary(run('capabilities-restricted', restrictedSpec({ containers: [container] })))).toEqual([
      {
        message: 'container "app" must set securityContext.capabilities.drop=["ALL"]',
        path: 'spec.containers[0].securityContext.capabilities.drop',
        container: 'app',
      },
    ]);
  });

  it('rejects every added capability but NET_BIND_SERVICE, even from the default set', () => {
    const spec = restrictedSpec({
      initContainers: [withCapabilities({ drop: ['ALL'], add: ['CHOWN'] }, 'init')],
      ephemeralContainers: [
        withCapabilities({ drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_PTRACE'] }, 'debug'),
      ],
    });
    expect(summary(run('capabilities-restricted', spec))).toEqual([
      {
        message: 'container "init" must not include "CHOWN" in securityContext.capabilities.add',
        path: 'spec.initContainers[0].securityContext.capabilities.add[0]',
        container: 'init',
      },
      {
        message: 'container "debug" must not include "SYS_PTRACE" in securityContext.capabilities.add',
        path: 'spec.ephemeralContainers[0].securityContext.capabilities.add[1]',
        container: 'debug',
      },
    ]);
  });

  it('exempts Windows pods from v1.25, not before', () => {
    const spec = restrictedSpec({ os: { name: 'windows' }, containers: [{ name: 'app', image: 'x' }] });
    expect(run('capabilities-restricted', spec, { version: 'v1.25' })).toEqual([]);
    expect(run('capabilities-restricted', spec, { version: 'v1.24' })).toHaveLength(1);
    const linux = restrictedSpec({ os: { name: 'linux' }, containers: [{ name: 'app', image: 'x' }] });
    expect(run('capabilities-restricted', linux, { version: 'v1.35' })).toHaveLength(1);
  });

  it('justifies an added capability with a valid record for it, and never a missing drop ALL', () => {
    const spec = restrictedSpec({ containers: [withCapabilities({ add: ['NET_RAW'] })] });
    const records = [
      validRecord({ exemption: 'capability', container: 'app', subject: 'NET_RAW' }),
      validRecord({ exemption: 'capability', container: 'app' }),
      validRecord({ exemption: 'capability', container: 'app', subject: 'ALL' }),
    ];
    expect(run('capabilities-restricted', spec, { records }).map((f) => [f.message, f.status])).toEqual([
      ['container "app" must set securityContext.capabilities.drop=["ALL"]', 'violation'],
      [
        'container "app" must not include "NET_RAW" in securityContext.capabilities.add; justified (the legacy agent binds the node port for the on-call health dashboard), but Pod Security Admission at restricted rejects this pod: its namespace needs pod-security.kubernetes.io/enforce=privileged',
        'justified',
      ],
    ]);
  });

  it('does not accept an invalid capability record', () => {
    const spec = restrictedSpec({ containers: [withCapabilities({ drop: ['ALL'], add: ['NET_RAW'] })] });
    const records = [invalidRecord({ exemption: 'capability', container: 'app', subject: 'NET_RAW' })];
    expect(statuses(run('capabilities-restricted', spec, { records }))).toEqual(['violation']);
  });
});

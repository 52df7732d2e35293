import {
  invalidRecord,
  restrictedContainer,
  restrictedSpec,
  run,
  statuses,
  summary,
  validRecord,
} from './pss-kit';

const escalation = (value: unknown, name = 'app') =>
  restrictedContainer(name, { allowPrivilegeEscalation: value });

describe('allow-privilege-escalation', () => {
  it('admits an explicit false', () => {
    expect(run('allow-privilege-escalation', restrictedSpec())).toEqual([]);
  });

  it.each([
    ['unset', undefined],
    ['null', null],
    ['true', true],
    ['a string', 'false'],
  ])('rejects %s', (_label, value) => {
    const spec = restrictedSpec({ containers: [escalation(value)] });
    expect(summary(run('allow-privilege-escalation', spec))).toEqual([
      {
        message: 'container "app" must set securityContext.allowPrivilegeEscalation=false',
        path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
        container: 'app',
      },
    ]);
  });

  it('reports each culprit container, in every list', () => {
    const spec = restrictedSpec({
      initContainers: [escalation(true, 'init')],
      containers: [escalation(false), escalation(undefined, 'sidecar')],
      ephemeralContainers: [{ name: 'debug', image: 'x' }],
    });
    expect(run('allow-privilege-escalation', spec).map((f) => f.message)).toEqual([
      'container "init" must set securityContext.allowPrivilegeEscalation=false',
      'container "sidecar" must set securityContext.allowPrivilegeEscalation=false',
      'container "debug" must set securityContext.allowPrivilegeEscalation=false',
    ]);
  });

  it('exempts Windows pods from v1.25', () => {
    const spec = restrictedSpec({ os: { name: 'windows' }, containers: [escalation(undefined)] });
    expect(run('allow-privilege-escalation', spec, { version: 'v1.25' })).toEqual([]);
    expect(run('allow-privilege-escalation', spec, { version: 'v1.24' })).toHaveLength(1);
  });

  it.each(['privilegeEscalation', 'privileged'] as const)(
    'is justified by a valid %s record',
    (exemption) => {
      const spec = restrictedSpec({ containers: [escalation(true)] });
      expect(
        statuses(
          run('allow-privilege-escalation', spec, {
            records: [validRecord({ exemption, container: 'app' })],
          }),
        ),
      ).toEqual(['justified']);
      expect(
        statuses(
          run('allow-privilege-escalation', spec, {
            records: [invalidRecord({ exemption, container: 'app' })],
          }),
        ),
      ).toEqual(['violation']);
    },
  );

  it('does not accept an unrelated record', () => {
    const spec = restrictedSpec({ containers: [escalation(true)] });
    const records = [validRecord({ exemption: 'runAsRoot', container: 'app' })];
    expect(statuses(run('allow-privilege-escalation', spec, { records }))).toEqual(['violation']);
  });
});

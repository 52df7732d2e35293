import {
  invalidRecord,
  restrictedContainer,
  restrictedSpec,
  run,
  statuses,
  summary,
  validRecord,
} from './pss-kit';

describe('privileged', () => {
  it('admits the minimal pod and an explicit false or null', () => {
    expect(run('privileged', restrictedSpec())).toEqual([]);
    expect(
      run('privileged', restrictedSpec({ containers: [restrictedContainer('app', { privileged: false })] })),
    ).toEqual([]);
    expect(
      run('privileged', restrictedSpec({ containers: [restrictedContainer('app', { privileged: null })] })),
    ).toEqual([]);
  });

  it('rejects privileged: true in every container list, one finding per container', () => {
    const spec = restrictedSpec({
      initContainers: [restrictedContainer('init', { privileged: true })],
      containers: [restrictedContainer('app', { privileged: true }), restrictedContainer('sidecar')],
      ephemeralContainers: [restrictedContainer('debug', { privileged: true })],
    });
    expect(summary(run('privileged', spec))).toEqual([
      {
        message: 'container "init" must not set securityContext.privileged=true',
        path: 'spec.initContainers[0].securityContext.privileged',
        container: 'init',
      },
      {
        message: 'container "app" must not set securityContext.privileged=true',
        path: 'spec.containers[0].securityContext.privileged',
        container: 'app',
      },
      {
        message: 'container "debug" must not set securityContext.privileged=true',
        path: 'spec.ephemeralContainers[0].securityContext.privileged',
        container: 'debug',
      },
    ]);
  });

  it('fails closed on a non-boolean value', () => {
    const spec = restrictedSpec({ containers: [restrictedContainer('app', { privileged: 'true' })] });
    expect(run('privileged', spec)).toHaveLength(1);
  });

  it('is justified only by a valid privileged record for that container', () => {
    const spec = restrictedSpec({ containers: [restrictedContainer('app', { privileged: true })] });
    expect(
      statuses(
        run('privileged', spec, { records: [validRecord({ exemption: 'privileged', container: 'app' })] }),
      ),
    ).toEqual(['justified']);
    expect(
      statuses(
        run('privileged', spec, { records: [invalidRecord({ exemption: 'privileged', container: 'app' })] }),
      ),
    ).toEqual(['violation']);
    expect(
      statuses(
        run('privileged', spec, { records: [validRecord({ exemption: 'privileged', container: 'other' })] }),
      ),
    ).toEqual(['violation']);
    expect(
      statuses(run('privileged', spec, { records: [validRecord({ exemption: 'privilegeEscalation' })] })),
    ).toEqual(['violation']);
  });
});

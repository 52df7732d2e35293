import {
  invalidRecord,
  restrictedContainer,
  restrictedSpec,
  run,
  statuses,
  summary,
  validRecord,
} from './pss-kit';

describe('run-as-non-root', () => {
  it('admits true at pod level, or on every container', () => {
    expect(run('run-as-non-root', restrictedSpec())).toEqual([]);
    const perContainer = restrictedSpec({
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [restrictedContainer('init', { runAsNonRoot: true })],
      containers: [restrictedContainer('app', { runAsNonRoot: true })],
    });
    expect(run('run-as-non-root', perContainer)).toEqual([]);
  });

  it('requires it where neither the pod nor the container sets it', () => {
    const spec = restrictedSpec({
      securityContext: {},
      initContainers: [restrictedContainer('init', { runAsNonRoot: true })],
    });
    expect(summary(run('run-as-non-root', spec))).toEqual([
      {
        message: 'pod or container "app" must set securityContext.runAsNonRoot=true',
        path: 'spec.containers[0].securityContext.runAsNonRoot',
        container: 'app',
      },
    ]);
  });

  it('rejects an explicit false on the pod or on a container, even when the other level says true', () => {
    const spec = restrictedSpec({ containers: [restrictedContainer('app', { runAsNonRoot: false })] });
    expect(summary(run('run-as-non-root', spec))).toEqual([
      {
        message: 'container "app" must not set securityContext.runAsNonRoot=false',
        path: 'spec.containers[0].securityContext.runAsNonRoot',
        container: 'app',
      },
    ]);
    const podFalse = restrictedSpec({
      securityContext: { runAsNonRoot: false },
      containers: [restrictedContainer('app', { runAsNonRoot: true })],
    });
    expect(run('run-as-non-root', podFalse).map((f) => f.message)).toEqual([
      'pod must not set securityContext.runAsNonRoot=false',
      'pod or container "init" must set securityContext.runAsNonRoot=true',
    ]);
  });

  it('relaxes for hostUsers: false from v1.35 only', () => {
    const spec = restrictedSpec({ hostUsers: false, securityContext: { runAsNonRoot: false } });
    expect(run('run-as-non-root', spec, { version: 'v1.35' })).toEqual([]);
    expect(run('run-as-non-root', spec, { version: 'v1.34' })).not.toEqual([]);
  });

  it('is justified by a valid runAsRoot record for the container', () => {
    const spec = restrictedSpec({ securityContext: {}, initContainers: [] });
    const valid = [validRecord({ exemption: 'runAsRoot', container: 'app' })];
    const invalid = [invalidRecord({ exemption: 'runAsRoot', container: 'app' })];
    expect(statuses(run('run-as-non-root', spec, { records: valid }))).toEqual(['justified']);
    expect(statuses(run('run-as-non-root', spec, { records: invalid }))).toEqual(['violation']);
  });
});

describe('run-as-user', () => {
  it('admits unset and non-zero UIDs', () => {
    expect(run('run-as-user', restrictedSpec())).toEqual([]);
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: true, runAsUser: 10001 },
      containers: [restrictedContainer('app', { runAsUser: 1000 })],
    });
    expect(run('run-as-user', spec)).toEqual([]);
  });

  it('rejects UID 0 on the pod and on each container', () => {
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: true, runAsUser: 0 },
      initContainers: [restrictedContainer('init', { runAsUser: 0 })],
    });
    expect(summary(run('run-as-user', spec))).toEqual([
      { message: 'pod must not set runAsUser=0', path: 'spec.securityContext.runAsUser', container: null },
      {
        message: 'container "init" must not set runAsUser=0',
        path: 'spec.initContainers[0].securityContext.runAsUser',
        container: 'init',
      },
    ]);
  });

  it('fails closed on a value that is not a number', () => {
    const spec = restrictedSpec({ containers: [restrictedContainer('app', { runAsUser: '0' })] });
    expect(run('run-as-user', spec)).toHaveLength(1);
  });

  it('exists from v1.23 and relaxes for hostUsers: false from v1.35', () => {
    const spec = restrictedSpec({ securityContext: { runAsNonRoot: true, runAsUser: 0 } });
    expect(run('run-as-user', spec, { version: 'v1.22' })).toEqual([]);
    expect(run('run-as-user', spec, { version: 'v1.23' })).toHaveLength(1);
    const userns = { ...spec, hostUsers: false };
    expect(run('run-as-user', userns, { version: 'v1.35' })).toEqual([]);
    expect(run('run-as-user', userns, { version: 'v1.34' })).toHaveLength(1);
  });

  it('is justified by a valid runAsRoot record only', () => {
    const spec = restrictedSpec({ containers: [restrictedContainer('app', { runAsUser: 0 })] });
    const valid = [validRecord({ exemption: 'runAsRoot', container: 'app' })];
    const invalid = [invalidRecord({ exemption: 'runAsRoot', container: 'app' })];
    const unrelated = [validRecord({ exemption: 'privileged', container: 'app' })];
    expect(statuses(run('run-as-user', spec, { records: valid }))).toEqual(['justified']);
    expect(statuses(run('run-as-user', spec, { records: invalid }))).toEqual(['violation']);
    expect(statuses(run('run-as-user', spec, { records: unrelated }))).toEqual(['violation']);
  });
});

import {
  baselineSpec,
  invalidRecord,
  restrictedContainer,
  restrictedSpec,
  run,
  statuses,
  summary,
  validRecord,
} from './pss-kit';

const seccomp = (type: unknown) => ({ seccompProfile: { type } });

describe('seccomp-profile-baseline', () => {
  it.each([
    ['unset', baselineSpec()],
    ['RuntimeDefault', baselineSpec({ securityContext: seccomp('RuntimeDefault') })],
    [
      'Localhost',
      baselineSpec({
        securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } },
      }),
    ],
  ])('admits %s', (_label, spec) => {
    expect(run('seccomp-profile-baseline', spec)).toEqual([]);
  });

  it('rejects an explicit Unconfined on the pod and on containers', () => {
    const spec = baselineSpec({
      securityContext: seccomp('Unconfined'),
      containers: [restrictedContainer('app', seccomp('Unconfined'))],
    });
    expect(summary(run('seccomp-profile-baseline', spec))).toEqual([
      {
        message: 'pod must not set securityContext.seccompProfile.type to "Unconfined"',
        path: 'spec.securityContext.seccompProfile.type',
        container: null,
      },
      {
        message: 'container "app" must not set securityContext.seccompProfile.type to "Unconfined"',
        path: 'spec.containers[0].securityContext.seccompProfile.type',
        container: 'app',
      },
    ]);
  });

  it('reads the alpha annotations before v1.19', () => {
    const annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' };
    expect(
      run('seccomp-profile-baseline', baselineSpec(), { annotations, version: 'v1.18' }).map(
        (f) => f.message,
      ),
    ).toEqual(['forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"']);
    expect(run('seccomp-profile-baseline', baselineSpec(), { annotations, version: 'v1.19' })).toEqual([]);
  });

  it('is justified by a valid seccompUnconfined record outside production only', () => {
    const spec = baselineSpec({ securityContext: seccomp('Unconfined') });
    const records = [validRecord({ exemption: 'seccompUnconfined' })];
    expect(statuses(run('seccomp-profile-baseline', spec, { records }))).toEqual(['justified']);
    expect(statuses(run('seccomp-profile-baseline', spec, { records, environment: 'production' }))).toEqual([
      'violation',
    ]);
    const invalid = [invalidRecord({ exemption: 'seccompUnconfined' })];
    expect(statuses(run('seccomp-profile-baseline', spec, { records: invalid }))).toEqual(['violation']);
  });
});

describe('seccomp-profile-restricted', () => {
  it('admits a profile on the pod, or on every container', () => {
    expect(run('seccomp-profile-restricted', restrictedSpec())).toEqual([]);
    const perContainer = restrictedSpec({
      securityContext: { runAsNonRoot: true },
      initContainers: [restrictedContainer('init', seccomp('Localhost'))],
      containers: [restrictedContainer('app', seccomp('RuntimeDefault'))],
    });
    expect(run('seccomp-profile-restricted', perContainer)).toEqual([]);
  });

  it('says plainly that an unset profile means Unconfined', () => {
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: true },
      containers: [restrictedContainer('app', seccomp('RuntimeDefault')), restrictedContainer('sidecar')],
    });
    expect(summary(run('seccomp-profile-restricted', spec))).toEqual([
      {
        message:
          'pod or container "init" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" ' +
          '(unset means Unconfined in Kubernetes: no system call is filtered)',
        path: 'spec.initContainers[0].securityContext.seccompProfile.type',
        container: 'init',
      },
      {
        message:
          'pod or container "sidecar" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost" ' +
          '(unset means Unconfined in Kubernetes: no system call is filtered)',
        path: 'spec.containers[1].securityContext.seccompProfile.type',
        container: 'sidecar',
      },
    ]);
  });

  it('rejects an explicit Unconfined anywhere, and a forbidden pod value leaves unset containers unprotected', () => {
    const spec = restrictedSpec({
      securityContext: { runAsNonRoot: true, ...seccomp('Unconfined') },
      containers: [restrictedContainer('app', seccomp('RuntimeDefault'))],
    });
    expect(run('seccomp-profile-restricted', spec).map((f) => f.path)).toEqual([
      'spec.securityContext.seccompProfile.type',
      'spec.initContainers[0].securityContext.seccompProfile.type',
    ]);
  });

  it('exempts Windows pods from v1.25', () => {
    const spec = restrictedSpec({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true } });
    expect(run('seccomp-profile-restricted', spec, { version: 'v1.25' })).toEqual([]);
    expect(run('seccomp-profile-restricted', spec, { version: 'v1.24' })).toHaveLength(2);
  });

  it('is justified by a valid seccompUnconfined record, not by an invalid one', () => {
    const spec = restrictedSpec({ securityContext: { runAsNonRoot: true, ...seccomp('Unconfined') } });
    const valid = [validRecord({ exemption: 'seccompUnconfined' })];
    const invalid = [invalidRecord({ exemption: 'seccompUnconfined' })];
    expect(statuses(run('seccomp-profile-restricted', spec, { records: valid }))).toEqual([
      'justified',
      'justified',
      'justified',
    ]);
    expect(statuses(run('seccomp-profile-restricted', spec, { records: invalid }))).toEqual([
      'violation',
      'violation',
      'violation',
    ]);
  });
});

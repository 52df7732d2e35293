import { baselineSpec, restrictedContainer, run, summary, validRecord } from './pss-kit';

const unmasked = (overrides: Record<string, unknown> = {}) =>
  baselineSpec({
    initContainers: [restrictedContainer('init', { procMount: 'Unmasked' })],
    containers: [restrictedContainer('app', { procMount: 'Default' })],
    ...overrides,
  });

describe('proc-mount', () => {
  it('admits unset and Default', () => {
    expect(run('proc-mount', baselineSpec())).toEqual([]);
    expect(
      run('proc-mount', baselineSpec({ containers: [restrictedContainer('app', { procMount: 'Default' })] })),
    ).toEqual([]);
  });

  it('rejects Unmasked per container', () => {
    expect(summary(run('proc-mount', unmasked()))).toEqual([
      {
        message: 'container "init" must not set securityContext.procMount to "Unmasked"',
        path: 'spec.initContainers[0].securityContext.procMount',
        container: 'init',
      },
    ]);
  });

  it('relaxes for hostUsers: false from v1.35 only', () => {
    const userns = unmasked({ hostUsers: false });
    expect(run('proc-mount', userns, { version: 'v1.35' })).toEqual([]);
    expect(run('proc-mount', userns, { version: 'v1.34' })).toHaveLength(1);
    expect(run('proc-mount', unmasked({ hostUsers: true }), { version: 'v1.35' })).toHaveLength(1);
  });

  it('is not justifiable', () => {
    const findings = run('proc-mount', unmasked(), { records: [validRecord({ exemption: 'privileged' })] });
    expect(findings.map((f) => f.status)).toEqual(['violation']);
  });
});

describe('proc-mount-restricted', () => {
  it('rejects Unmasked even in a user-namespace pod', () => {
    expect(
      summary(run('proc-mount-restricted', unmasked({ hostUsers: false }), { version: 'v1.35' })),
    ).toEqual([
      {
        message: 'container "init" must not set securityContext.procMount to "Unmasked"',
        path: 'spec.initContainers[0].securityContext.procMount',
        container: 'init',
      },
    ]);
  });

  it('replaces proc-mount at restricted from v1.35', () => {
    expect(run('proc-mount-restricted', unmasked(), { version: 'v1.34' })).toEqual([]);
    expect(run('proc-mount-restricted', baselineSpec(), { version: 'v1.35' })).toEqual([]);
  });
});

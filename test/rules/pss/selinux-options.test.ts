import {
  baselineSpec,
  invalidRecord,
  restrictedContainer,
  run,
  statuses,
  summary,
  validRecord,
} from './pss-kit';

const podOptions = (seLinuxOptions: unknown) => baselineSpec({ securityContext: { seLinuxOptions } });

describe('selinux-options', () => {
  it.each([
    ['no type', { level: 's0:c123,c456' }],
    ['container_t', { type: 'container_t' }],
    ['container_init_t', { type: 'container_init_t' }],
    ['container_kvm_t', { type: 'container_kvm_t' }],
    ['an empty user and role', { type: 'container_t', user: '', role: '' }],
  ])('admits %s', (_label, options) => {
    expect(run('selinux-options', podOptions(options))).toEqual([]);
  });

  it('admits container_engine_t from v1.31 only', () => {
    const spec = podOptions({ type: 'container_engine_t' });
    expect(run('selinux-options', spec, { version: 'v1.31' })).toEqual([]);
    expect(messagesAt(spec, 'v1.30')).toEqual([
      'pod must not set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
    ]);
  });

  it('names every problem of a pod-level setting', () => {
    expect(
      summary(run('selinux-options', podOptions({ type: 'spc_t', user: 'system_u', role: 'system_r' }))),
    ).toEqual([
      {
        message:
          'pod must not set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set',
        path: 'spec.securityContext.seLinuxOptions',
        container: null,
      },
    ]);
  });

  it('rejects container-level settings per container, in every list', () => {
    const spec = baselineSpec({
      initContainers: [restrictedContainer('init', { seLinuxOptions: { user: 'unconfined_u' } })],
      ephemeralContainers: [restrictedContainer('debug', { seLinuxOptions: { type: 'unconfined_t' } })],
    });
    expect(summary(run('selinux-options', spec))).toEqual([
      {
        message:
          'container "init" must not set forbidden securityContext.seLinuxOptions: user may not be set',
        path: 'spec.initContainers[0].securityContext.seLinuxOptions',
        container: 'init',
      },
      {
        message:
          'container "debug" must not set forbidden securityContext.seLinuxOptions: type "unconfined_t"',
        path: 'spec.ephemeralContainers[0].securityContext.seLinuxOptions',
        container: 'debug',
      },
    ]);
  });

  it('is justified by a valid seLinuxOptions record for that type only', () => {
    const spec = podOptions({ type: 'spc_t' });
    expect(
      statuses(
        run('selinux-options', spec, {
          records: [validRecord({ exemption: 'seLinuxOptions', subject: 'spc_t' })],
        }),
      ),
    ).toEqual(['justified']);
    // A record that does not name the forbidden type cannot justify it (it would dodge the approver).
    expect(
      statuses(run('selinux-options', spec, { records: [validRecord({ exemption: 'seLinuxOptions' })] })),
    ).toEqual(['violation']);
    expect(
      statuses(run('selinux-options', spec, { records: [invalidRecord({ exemption: 'seLinuxOptions' })] })),
    ).toEqual(['violation']);
  });
});

function messagesAt(spec: Record<string, unknown>, version: string): string[] {
  return run('selinux-options', spec, { version }).map((f) => f.message);
}

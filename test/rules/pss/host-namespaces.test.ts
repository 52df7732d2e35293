import { baselineSpec, invalidRecord, run, statuses, summary, validRecord } from './pss-kit';

describe('host-namespaces', () => {
  it.each([
    ['unset', {}],
    ['explicit false', { hostNetwork: false, hostPID: false, hostIPC: false }],
    ['null', { hostNetwork: null }],
  ])('admits %s', (_label, fields) => {
    expect(run('host-namespaces', baselineSpec(fields))).toEqual([]);
  });

  it.each(['hostNetwork', 'hostPID', 'hostIPC'])('rejects %s=true at pod level', (field) => {
    expect(summary(run('host-namespaces', baselineSpec({ [field]: true })))).toEqual([
      { message: `pod must not set ${field}=true`, path: `spec.${field}`, container: null },
    ]);
  });

  it('reports each shared namespace separately, so each is justified on its own', () => {
    const spec = baselineSpec({ hostNetwork: true, hostPID: true, hostIPC: true });
    const findings = run('host-namespaces', spec, {
      records: [validRecord({ exemption: 'hostNetwork' }), invalidRecord({ exemption: 'hostPID' })],
    });
    expect(findings.map((f) => [f.path, f.status])).toEqual([
      ['spec.hostNetwork', 'justified'],
      ['spec.hostPID', 'violation'],
      ['spec.hostIPC', 'violation'],
    ]);
  });

  it.each(['hostNetwork', 'hostPID', 'hostIPC'] as const)(
    'justifies %s with a valid record of that kind only',
    (field) => {
      const spec = baselineSpec({ [field]: true });
      expect(
        statuses(run('host-namespaces', spec, { records: [validRecord({ exemption: field })] })),
      ).toEqual(['justified']);
      expect(
        statuses(run('host-namespaces', spec, { records: [invalidRecord({ exemption: field })] })),
      ).toEqual(['violation']);
    },
  );

  it('does not let one namespace justify another', () => {
    const findings = run('host-namespaces', baselineSpec({ hostPID: true }), {
      records: [validRecord({ exemption: 'hostNetwork' })],
    });
    expect(statuses(findings)).toEqual(['violation']);
  });

  it('applies to a Compose service translated to a pod', () => {
    expect(run('host-namespaces', baselineSpec({ hostNetwork: true }), { dialect: 'compose' })).toHaveLength(
      1,
    );
  });
});

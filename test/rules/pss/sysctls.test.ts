import { baselineSpec, run, summary, validRecord } from './pss-kit';

const withSysctls = (...names: unknown[]) =>
  baselineSpec({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } });

describe('sysctls', () => {
  it('admits the v1.0 safe set at every version', () => {
    const spec = withSysctls(
      'kernel.shm_rmid_forced',
      'net.ipv4.ip_local_port_range',
      'net.ipv4.tcp_syncookies',
      'net.ipv4.ping_group_range',
      'net.ipv4.ip_unprivileged_port_start',
    );
    expect(run('sysctls', spec, { version: 'v1.0' })).toEqual([]);
  });

  it.each([
    ['net.ipv4.ip_local_reserved_ports', 27],
    ['net.ipv4.tcp_keepalive_time', 29],
    ['net.ipv4.tcp_fin_timeout', 29],
    ['net.ipv4.tcp_keepalive_intvl', 29],
    ['net.ipv4.tcp_keepalive_probes', 29],
    ['net.ipv4.tcp_rmem', 32],
    ['net.ipv4.tcp_wmem', 32],
    ['net.ipv4.tcp_slow_start_after_idle', 37],
    ['net.ipv4.tcp_notsent_lowat', 37],
  ])('allows %s from v1.%i, not before', (name, minor) => {
    expect(run('sysctls', withSysctls(name), { version: `v1.${minor}` })).toEqual([]);
    expect(run('sysctls', withSysctls(name), { version: `v1.${minor - 1}` })).toHaveLength(1);
  });

  it('rejects each unsafe sysctl, by index', () => {
    expect(
      summary(run('sysctls', withSysctls('net.ipv4.tcp_syncookies', 'kernel.msgmax', 'vm.swappiness'))),
    ).toEqual([
      {
        message: 'pod must not set forbidden sysctl "kernel.msgmax"',
        path: 'spec.securityContext.sysctls[1].name',
        container: null,
      },
      {
        message: 'pod must not set forbidden sysctl "vm.swappiness"',
        path: 'spec.securityContext.sysctls[2].name',
        container: null,
      },
    ]);
  });

  it('fails closed on a sysctl without a name', () => {
    expect(run('sysctls', withSysctls(undefined))).toHaveLength(1);
  });

  it('is not justifiable', () => {
    const findings = run('sysctls', withSysctls('kernel.msgmax'), {
      records: [validRecord({ exemption: 'privileged' })],
    });
    expect(findings.map((f) => f.status)).toEqual(['violation']);
  });
});

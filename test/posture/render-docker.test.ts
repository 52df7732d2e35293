import { JUSTIFICATIONS_ANNOTATION, renderComposeService, renderDockerContainer } from 'hardened-workloads';

const now = new Date('2026-06-01T00:00:00Z');
const reason = 'binds port 80 for the legacy load balancer health check';

describe('renderDockerContainer', () => {
  it('renders the seed posture by default, with CIS limits', () => {
    expect(renderDockerContainer({ name: 'api', image: 'api:1.2.3', writablePaths: ['/tmp'], now })).toEqual({
      name: 'api',
      image: 'api:1.2.3',
      user: '10001:10001',
      readOnly: true,
      tmpfs: { '/tmp': 'rw,noexec,nosuid,nodev' },
      capDrop: ['ALL'],
      capAdd: [],
      securityOpt: ['no-new-privileges:true'],
      privileged: false,
      binds: [],
      ports: [],
      memoryMb: 512,
      cpus: 1,
      pidsLimit: 256,
      labels: {},
      justifications: [],
      sysctls: {},
    });
  });

  it('renders unprivilegedPortStart as the namespaced sysctl, refused beside the host network', () => {
    const settings = renderDockerContainer({ name: 'web', image: 'web:1', unprivilegedPortStart: 80 });
    expect(settings.sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '80' });
    expect(settings.capAdd).toEqual([]);
    expect(() =>
      renderDockerContainer({
        name: 'web',
        image: 'web:1',
        now,
        unprivilegedPortStart: 80,
        exemptions: [{ kind: 'hostNetwork', justification: { reason, approvedBy: 'platform-security' } }],
      }),
    ).toThrow(/unprivilegedPortStart cannot be combined with a "hostNetwork" exemption/);
    expect(() => renderDockerContainer({ name: 'web', image: 'web:1', unprivilegedPortStart: 2048 })).toThrow(
      'web: unprivilegedPortStart must be an integer from 0 to 1024',
    );
  });

  it('adds back a justified capability and records it in a label', () => {
    const settings = renderDockerContainer({
      name: 'web',
      image: 'web:1',
      now,
      exemptions: [{ kind: 'capability', capability: 'NET_BIND_SERVICE', justification: { reason } }],
    });
    expect(settings.capAdd).toEqual(['NET_BIND_SERVICE']);
    expect(JSON.parse(settings.labels[JUSTIFICATIONS_ANNOTATION] ?? '[]')).toEqual([
      { exemption: 'capability', container: 'web', subject: 'NET_BIND_SERVICE', reason },
    ]);
  });

  it('requires an explicit bind address for published ports (Docker binds 0.0.0.0 otherwise)', () => {
    expect(() =>
      renderDockerContainer({ name: 'api', image: 'a:1', ports: [{ containerPort: 8080, hostIp: '' }] }),
    ).toThrow('api: ports[0].hostIp is required: Docker would otherwise bind 0.0.0.0 (CIS Docker 5.14)');
  });

  it('maps size limits to Docker tmpfs sizes and relaxations to engine options', () => {
    const approved = { reason, approvedBy: 'security-team' };
    const settings = renderDockerContainer({
      name: 'agent',
      image: 'agent:1',
      now,
      environment: 'non-production',
      writablePaths: [{ path: '/cache', sizeLimit: '64Mi' }],
      exemptions: [
        { kind: 'privilegeEscalation', justification: { reason } },
        { kind: 'seccompUnconfined', justification: approved },
        { kind: 'dockerSocket', justification: approved },
        { kind: 'hostNetwork', justification: approved },
      ],
    });
    expect(settings.tmpfs).toEqual({ '/cache': 'rw,noexec,nosuid,nodev,size=64m' });
    expect(settings.securityOpt).toEqual(['seccomp=unconfined']);
    expect(settings.binds).toEqual([
      { source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false },
    ]);
    expect(settings.networkMode).toBe('host');
  });

  it('refuses an unjustified relaxation', () => {
    expect(() =>
      renderDockerContainer({ name: 'api', image: 'a:1', exemptions: [{ kind: 'dockerSocket' }] as never }),
    ).toThrow(
      'api: invalid exemption\n  exemptions[0]: a "dockerSocket" exemption needs a justification { reason, approvedBy }',
    );
  });
});

describe('renderComposeService', () => {
  it('renders the seed Compose example posture plus explicit limits and bind addresses', () => {
    const settings = renderDockerContainer({
      name: 'api',
      image: 'registry.example.com/team/api:1.0.0',
      writablePaths: ['/tmp'],
      ports: [
        { containerPort: 8080, hostIp: '127.0.0.1' },
        { containerPort: 9090, hostPort: 19090, hostIp: '::1' },
      ],
    });
    expect(renderComposeService(settings)).toEqual({
      image: 'registry.example.com/team/api:1.0.0',
      container_name: 'api',
      user: '10001:10001',
      read_only: true,
      tmpfs: ['/tmp:rw,noexec,nosuid,nodev'],
      cap_drop: ['ALL'],
      security_opt: ['no-new-privileges:true'],
      privileged: false,
      ports: ['127.0.0.1:8080:8080/tcp', '[::1]:19090:9090/tcp'],
      mem_limit: '512m',
      cpus: 1,
      pids_limit: 256,
    });
  });
});

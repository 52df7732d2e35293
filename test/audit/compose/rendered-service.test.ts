import { generateSeccompProfile } from '../../../src/seccomp';
import type { Exemption, HardenedDockerSpec } from 'hardened-workloads/posture';
import { renderComposeService, renderDockerContainer } from 'hardened-workloads/posture';
import { NOW, auditCompose } from './helpers';

// A profile generated in this program: the only kind whose hash an exemption may record.
const GENERATED_PROFILE_SHA256 = generateSeccompProfile({
  name: 'api',
  add: [
    { syscall: 'add_key', justification: { reason: 'the api keeps its session key in the kernel keyring' } },
  ],
}).sha256;

const approved = { reason: 'reviewed by the platform team for this service', approvedBy: 'security-team' };

function renderedCompose(spec: Partial<HardenedDockerSpec> = {}, serviceKey = 'api') {
  const settings = renderDockerContainer({
    name: 'api',
    image: 'registry.example.com/team/api:1.4.2',
    writablePaths: ['/tmp'],
    ports: [{ containerPort: 8080, hostIp: '127.0.0.1' }],
    now: NOW,
    ...spec,
  });
  return { services: { [serviceKey]: renderComposeService(settings) } };
}

describe('renderComposeService(renderDockerContainer(...))', () => {
  test('passes the hardened level without a single finding, warnings included', () => {
    const { findings, problems } = auditCompose(renderedCompose());
    expect(problems).toEqual([]);
    expect(findings).toEqual([]);
  });

  // An add-back takes effect only for root: as user 10001 it is a no-op (capability-add-back-ineffective).
  const root: Exemption = { kind: 'runAsRoot', justification: approved };
  const exemptions: [string, Exemption | Exemption[], 'production' | 'non-production'][] = [
    [
      'capability (on a root container)',
      [root, { kind: 'capability', capability: 'NET_BIND_SERVICE', justification: approved }],
      'production',
    ],
    [
      'capability outside the baseline set (on a root container)',
      [root, { kind: 'capability', capability: 'NET_ADMIN', justification: approved }],
      'production',
    ],
    ['privileged', { kind: 'privileged', justification: approved }, 'production'],
    ['privilegeEscalation', { kind: 'privilegeEscalation', justification: approved }, 'production'],
    ['writableRootFilesystem', { kind: 'writableRootFilesystem', justification: approved }, 'production'],
    ['runAsRoot', { kind: 'runAsRoot', justification: approved }, 'production'],
    [
      'seccompLocalhost',
      {
        kind: 'seccompLocalhost',
        localhostProfile: '/etc/docker/seccomp/api.json',
        profileSha256: GENERATED_PROFILE_SHA256,
        justification: approved,
      },
      'production',
    ],
    ['seccompUnconfined', { kind: 'seccompUnconfined', justification: approved }, 'non-production'],
    [
      'appArmorLocalhost',
      { kind: 'appArmorLocalhost', localhostProfile: 'api-profile', justification: approved },
      'production',
    ],
    [
      'seLinuxOptions',
      { kind: 'seLinuxOptions', options: { user: 'system_u', type: 'container_t' }, justification: approved },
      'production',
    ],
    ['hostNetwork', { kind: 'hostNetwork', justification: approved }, 'production'],
    ['hostPID', { kind: 'hostPID', justification: approved }, 'production'],
    ['hostIPC', { kind: 'hostIPC', justification: approved }, 'production'],
    ['hostPath', { kind: 'hostPath', hostPath: '/etc/ssl/certs', justification: approved }, 'production'],
    ['dockerSocket', { kind: 'dockerSocket', justification: approved }, 'production'],
  ];

  test.each(exemptions)(
    'a justified %s exemption comes back as justified, never as a violation',
    (_, exemption, environment) => {
      const list = Array.isArray(exemption) ? exemption : [exemption];
      const { findings, problems } = auditCompose(renderedCompose({ exemptions: list, environment }), {
        environment,
      });
      expect(problems).toEqual([]);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.filter((f) => f.status !== 'justified').map((f) => f.message)).toEqual([]);
    },
  );

  test('a justified add-back as user 10001 under no-new-privileges is an error in Compose terms, with sysctls as the fix', () => {
    const exemption: Exemption = {
      kind: 'capability',
      capability: 'NET_BIND_SERVICE',
      justification: approved,
    };
    const { findings } = auditCompose(renderedCompose({ exemptions: [exemption] }));
    const open = findings.filter((f) => f.status !== 'justified');
    expect(open.map((f) => [f.rule, f.severity, f.path])).toEqual([
      ['capability-add-back-ineffective', 'error', 'services.api.cap_add'],
    ]);
    expect(open[0]?.message).toMatch(
      /^service "api" adds cap_add "NET_BIND_SERVICE", which cannot take effect: .*Docker/,
    );
    expect(open[0]?.message).toContain('sysctls: {net.ipv4.ip_unprivileged_port_start: 80}');
  });

  test('unprivilegedPortStart renders sysctls: and passes without a finding', () => {
    const compose = renderedCompose({ unprivilegedPortStart: 80 });
    expect(compose.services.api).toMatchObject({ sysctls: { 'net.ipv4.ip_unprivileged_port_start': '80' } });
    const { findings, problems } = auditCompose(compose);
    expect(problems).toEqual([]);
    expect(findings).toEqual([]);
  });

  test('a hostPort exemption only renumbers a bound published port: nothing to justify', () => {
    const exemption: Exemption = {
      kind: 'hostPort',
      containerPort: 8080,
      hostPort: 80,
      justification: approved,
    };
    expect(auditCompose(renderedCompose({ exemptions: [exemption] })).findings).toEqual([]);
  });

  test('justifications match the container even when the service key differs from container_name', () => {
    const exemption: Exemption = { kind: 'writableRootFilesystem', justification: approved };
    const { findings } = auditCompose(renderedCompose({ exemptions: [exemption] }, 'web'));
    expect(findings.map((f) => [f.name, f.container, f.status])).toEqual([['web', 'api', 'justified']]);
  });

  test('the justification label is what justifies: without it the same service fails', () => {
    const doc = renderedCompose({ exemptions: [{ kind: 'privileged', justification: approved }] });
    const service = doc.services.api as Record<string, unknown>;
    delete service.labels;
    const statuses = auditCompose(doc).findings.map((f) => [f.rule, f.status]);
    expect(statuses).toEqual([
      ['privileged', 'violation'],
      ['allow-privilege-escalation', 'violation'],
    ]);
  });
});

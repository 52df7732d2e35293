import { generateSeccompProfile } from '../../../src/seccomp';
import type { Workload } from 'hardened-workloads/audit';
import { evaluateWorkload, resolveAudit } from 'hardened-workloads/audit';
import type { ContainerExemption, HardenedPodSpec, PodExemption } from 'hardened-workloads/posture';
import { JUSTIFICATIONS_ANNOTATION, renderHardenedPod } from 'hardened-workloads/posture';
import { podView } from 'hardened-workloads/rules';
import { HARDENED_RULES } from 'hardened-workloads/rules/hardened';
import { NOW } from './helpers';

const approved = { reason: 'reviewed by the platform team for this workload', approvedBy: 'security-team' };

/** A Kubernetes pod spec assembled from the core renderer's output, as the cdk8s and Pulumi hosts do. */
function renderedWorkload(spec: Partial<HardenedPodSpec> = {}): Workload {
  const rendered = renderHardenedPod({
    containers: [{ name: 'app', writablePaths: ['/tmp'] }],
    where: 'test',
    now: NOW,
    ...spec,
  });
  const containers = [...rendered.containers].map(([name, c]) => ({
    name,
    image: 'registry.example.com/app:1.0',
    securityContext: c.securityContext,
    volumeMounts: c.volumeMounts,
    resources: { limits: { cpu: '1', memory: '256Mi' } },
  }));
  const podSpec = {
    ...rendered.podFields,
    securityContext: rendered.securityContext,
    containers,
    volumes: rendered.volumes,
  };
  return {
    kind: 'Pod',
    name: 'p',
    pod: podView(podSpec, 'spec', {
      annotations: rendered.annotations,
      justificationValues: [rendered.annotations[JUSTIFICATIONS_ANNOTATION]],
    }),
  };
}

const audit = resolveAudit({ rules: HARDENED_RULES, now: NOW });
/** The hash a generated profile records (the audit cannot read the node's file; the renderer asks for a generated one). */
const GENERATED_SHA256 = generateSeccompProfile({
  name: 'api',
  add: [
    { syscall: 'add_key', justification: { reason: 'the api keeps its session key in the kernel keyring' } },
  ],
}).sha256;

describe('the hardened rules on renderHardenedPod output', () => {
  test('the default posture has no hardened finding', () => {
    expect(evaluateWorkload(renderedWorkload(), audit)).toEqual([]);
  });

  test.each<[string, ContainerExemption]>([
    ['writableRootFilesystem', { kind: 'writableRootFilesystem', justification: approved }],
    ['runAsRoot', { kind: 'runAsRoot', justification: approved }],
    [
      'seccompLocalhost',
      {
        kind: 'seccompLocalhost',
        localhostProfile: 'profiles/app.json',
        profileSha256: GENERATED_SHA256,
        justification: approved,
      },
    ],
    ['appArmorLocalhost', { kind: 'appArmorLocalhost', localhostProfile: 'app', justification: approved }],
    ['seLinuxOptions', { kind: 'seLinuxOptions', options: { type: 'container_t' }, justification: approved }],
    ['hostPath', { kind: 'hostPath', hostPath: '/etc/ssl/certs', justification: approved }],
    ['dockerSocket', { kind: 'dockerSocket', justification: approved }],
  ])('a %s exemption yields only justified hardened findings', (_, exemption) => {
    const findings = evaluateWorkload(
      renderedWorkload({ containers: [{ name: 'app', exemptions: [exemption] }] }),
      audit,
    );
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.status !== 'justified').map((f) => f.message)).toEqual([]);
  });

  test('a capability exemption on a root container takes effect: only justified hardened findings', () => {
    const exemptions: ContainerExemption[] = [
      { kind: 'runAsRoot', justification: approved },
      { kind: 'capability', capability: 'NET_BIND_SERVICE', justification: approved },
    ];
    const findings = evaluateWorkload(renderedWorkload({ containers: [{ name: 'app', exemptions }] }), audit);
    expect(findings.map((f) => f.rule)).toContain('capabilities-justified');
    expect(findings.filter((f) => f.status !== 'justified').map((f) => f.message)).toEqual([]);
  });

  test('a capability exemption on the non-root default is a no-op: an error naming the working alternative', () => {
    const exemption: ContainerExemption = {
      kind: 'capability',
      capability: 'NET_BIND_SERVICE',
      justification: approved,
    };
    const findings = evaluateWorkload(
      renderedWorkload({ containers: [{ name: 'app', exemptions: [exemption] }] }),
      audit,
    );
    const open = findings.filter((f) => f.status !== 'justified');
    expect(open).toEqual([
      expect.objectContaining({
        rule: 'capability-add-back-ineffective',
        severity: 'error',
        container: 'app',
        subject: 'NET_BIND_SERVICE',
        message: expect.stringContaining('net.ipv4.ip_unprivileged_port_start') as unknown,
      }),
    ]);
  });

  test('unprivilegedPortStart renders the safe sysctl and yields no finding', () => {
    const workload = renderedWorkload({ unprivilegedPortStart: 80 });
    expect(workload.pod.securityContext.sysctls).toEqual([
      { name: 'net.ipv4.ip_unprivileged_port_start', value: '80' },
    ]);
    expect(evaluateWorkload(workload, resolveAudit({ now: NOW }))).toEqual([]);
  });

  test('a hand-written Localhost profile (no generated-profile hash) is reported as unreviewed', () => {
    const handWritten: ContainerExemption = {
      kind: 'seccompLocalhost',
      localhostProfile: 'profiles/app.json',
      justification: approved,
    };
    const findings = evaluateWorkload(
      renderedWorkload({ containers: [{ name: 'app', exemptions: [handWritten] }] }),
      audit,
    );
    expect(findings.filter((f) => f.status !== 'justified').map((f) => [f.rule, f.severity])).toEqual([
      ['seccomp-profile-generated', 'warning'],
    ]);
  });

  test('pod exemptions raise no hardened finding (Pod Security reports host namespaces)', () => {
    const exemptions: PodExemption[] = [{ kind: 'hostNetwork', justification: approved }];
    expect(evaluateWorkload(renderedWorkload({ exemptions }), audit)).toEqual([]);
  });
});

import { generateSeccompProfile } from '../../src/seccomp';
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- synthesized manifests are untyped JSON; the tests read their fields by name */
import { JUSTIFICATIONS_ANNOTATION, JustificationError, decodeJustifications } from 'hardened-workloads';
import type { ContainerExemption } from 'hardened-workloads';
import { HardenedContainer, HardenedDeployment, HardenedJob } from 'hardened-workloads/cdk8s';
import type { HardenedDeploymentProps } from 'hardened-workloads/cdk8s';
import { Testing } from 'cdk8s';
import {
  APPROVED,
  IMAGE,
  REASON,
  auditManifests,
  chartOf,
  container,
  only,
  podSpec,
  podTemplate,
  unjustified,
} from './helpers';
import type { Manifest } from './helpers';

// A profile generated in this program: the only kind whose hash an exemption may record.
const GENERATED_PROFILE_SHA256 = generateSeccompProfile({
  name: 'api',
  add: [
    { syscall: 'add_key', justification: { reason: 'the api keeps its session key in the kernel keyring' } },
  ],
}).sha256;

function deploymentWith(props: HardenedDeploymentProps): Manifest[] {
  return chartOf((chart) => new HardenedDeployment(chart, 'api', props));
}

function withExemption(
  exemption: ContainerExemption | readonly ContainerExemption[],
  extra: Partial<HardenedDeploymentProps> = {},
): Manifest {
  const exemptions: readonly ContainerExemption[] = Array.isArray(exemption) ? exemption : [exemption];
  return only(deploymentWith({ containers: [{ image: IMAGE, exemptions }], ...extra }), 'Deployment');
}

describe('container exemptions render their field and are reported as justified', () => {
  const cases: readonly {
    name: string;
    exemption: ContainerExemption | readonly ContainerExemption[];
    expected: Record<string, unknown>;
  }[] = [
    {
      // An add-back takes effect only for root: as user 10001 it is a no-op the synth refuses.
      name: 'capability (on a root container)',
      exemption: [
        { kind: 'runAsRoot', justification: REASON },
        { kind: 'capability', capability: 'NET_BIND_SERVICE', justification: REASON },
      ],
      expected: { capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, runAsUser: 0 },
    },
    {
      name: 'privileged (implies allowPrivilegeEscalation)',
      exemption: { kind: 'privileged', justification: APPROVED },
      expected: { privileged: true, allowPrivilegeEscalation: true },
    },
    {
      name: 'privilegeEscalation',
      exemption: { kind: 'privilegeEscalation', justification: REASON },
      expected: { allowPrivilegeEscalation: true, privileged: false },
    },
    {
      name: 'writableRootFilesystem',
      exemption: { kind: 'writableRootFilesystem', justification: REASON },
      expected: { readOnlyRootFilesystem: false },
    },
    {
      name: 'runAsRoot',
      exemption: { kind: 'runAsRoot', justification: REASON },
      expected: { runAsNonRoot: false, runAsUser: 0 },
    },
    {
      name: 'seccompLocalhost',
      // A generated profile (its hash recorded); a hand-written one is also reported unreviewed.
      exemption: {
        kind: 'seccompLocalhost',
        localhostProfile: 'profiles/api.json',
        profileSha256: GENERATED_PROFILE_SHA256,
        justification: REASON,
      },
      expected: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/api.json' } },
    },
    {
      name: 'seLinuxOptions',
      exemption: { kind: 'seLinuxOptions', options: { level: 's0:c123,c456' }, justification: REASON },
      expected: { seLinuxOptions: { level: 's0:c123,c456' } },
    },
  ];

  test.each(cases)('$name', ({ exemption, expected }) => {
    const manifests = [withExemption(exemption)];
    expect(container(manifests[0]!).securityContext).toMatchObject(expected);
    const findings = auditManifests(manifests, 'hardened');
    expect(findings.filter((f) => f.status === 'justified').length).toBeGreaterThan(0);
    expect(unjustified(findings)).toEqual([]);
  });

  test('hostPath, Docker socket and hostPort render volumes, mounts and ports', () => {
    const deployment = withExemption({ kind: 'dockerSocket', justification: APPROVED });
    expect(podSpec(deployment).volumes).toEqual([
      { name: 'main-host-var-run-docker-sock', hostPath: { path: '/var/run/docker.sock' } },
    ]);
    expect(container(deployment).volumeMounts).toEqual([
      { name: 'main-host-var-run-docker-sock', mountPath: '/var/run/docker.sock' },
    ]);
    const hostPort = withExemption({
      kind: 'hostPort',
      containerPort: 8080,
      hostPort: 80,
      justification: REASON,
    });
    expect(container(hostPort).ports).toEqual([{ containerPort: 8080, hostPort: 80 }]);
    const hostPath = withExemption({ kind: 'hostPath', hostPath: '/var/log', justification: APPROVED });
    expect(container(hostPath).volumeMounts).toEqual([
      { name: 'main-host-var-log', mountPath: '/var/log', readOnly: true },
    ]);
    for (const manifest of [deployment, hostPort, hostPath]) {
      expect(unjustified(auditManifests([manifest], 'hardened'))).toEqual([]);
    }
  });
});

describe('pod exemptions', () => {
  test.each(['hostNetwork', 'hostPID', 'hostIPC'] as const)('%s renders with its Kubernetes name', (kind) => {
    const deployment = only(
      deploymentWith({ containers: [{ image: IMAGE }], podExemptions: [{ kind, justification: APPROVED }] }),
      'Deployment',
    );
    expect(podSpec(deployment)[kind]).toBe(true);
    const findings = auditManifests([deployment], 'hardened');
    expect(findings.some((f) => f.rule === 'host-namespaces' && f.status === 'justified')).toBe(true);
    expect(unjustified(findings)).toEqual([]);
    // Pod Security Admission has no per-workload exemptions: at restricted it stays a violation.
    const restricted = auditManifests([deployment], 'restricted').find((f) => f.rule === 'host-namespaces');
    expect(restricted?.status).toBe('violation');
    expect(restricted?.namespaceEnforce).toBe('privileged');
  });

  test('a container exemption given to the pod is refused', () => {
    expect(() =>
      deploymentWith({
        containers: [{ image: IMAGE }],
        podExemptions: [{ kind: 'privileged', justification: APPROVED } as never],
      }),
    ).toThrow(JustificationError);
  });
});

describe('add-backs that take effect', () => {
  test('a justified add-back on the non-root default fails the synth, naming the working alternative', () => {
    expect(() =>
      withExemption({ kind: 'capability', capability: 'NET_BIND_SERVICE', justification: REASON }),
    ).toThrow(/capability-add-back-ineffective[\s\S]*cannot take effect[\s\S]*ip_unprivileged_port_start/);
  });

  test('unprivilegedPortStart renders the safe sysctl, passes the audit and needs no exemption', () => {
    const manifests = deploymentWith({
      unprivilegedPortStart: 80,
      containers: [{ image: IMAGE, portNumber: 80 }],
    });
    const deployment = only(manifests, 'Deployment');
    expect(podSpec(deployment).securityContext.sysctls).toEqual([
      { name: 'net.ipv4.ip_unprivileged_port_start', value: '80' },
    ]);
    expect(container(deployment).securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(auditManifests(manifests, 'hardened')).toEqual([]);
  });

  test.each([-1, 1025, 80.5, '80'])('unprivilegedPortStart %p is refused where it is written', (value) => {
    expect(() =>
      deploymentWith({ unprivilegedPortStart: value as number, containers: [{ image: IMAGE }] }),
    ).toThrow(/unprivilegedPortStart must be an integer from 0 to 1024/);
  });

  test('unprivilegedPortStart with the host network is refused: the sysctl would change the host', () => {
    expect(() =>
      deploymentWith({
        unprivilegedPortStart: 80,
        podExemptions: [{ kind: 'hostNetwork', justification: APPROVED }],
        containers: [{ image: IMAGE }],
      }),
    ).toThrow(/unprivilegedPortStart cannot be combined with a "hostNetwork" exemption/);
  });
});

describe('justification records', () => {
  test('are written on the workload and on its pod template, in the format the audit reads', () => {
    const deployment = withExemption(
      { kind: 'hostPort', containerPort: 8080, hostPort: 80, justification: { ...REASON, ticket: 'SEC-42' } },
      { podExemptions: [{ kind: 'hostNetwork', justification: APPROVED }] },
    );
    const onWorkload = deployment.metadata.annotations[JUSTIFICATIONS_ANNOTATION] as string;
    expect(podTemplate(deployment).metadata.annotations[JUSTIFICATIONS_ANNOTATION]).toBe(onWorkload);
    expect(decodeJustifications(onWorkload)).toEqual({
      records: [
        { exemption: 'hostNetwork', reason: APPROVED.reason, approvedBy: APPROVED.approvedBy },
        {
          exemption: 'hostPort',
          container: 'main',
          subject: '80',
          reason: REASON.reason,
          ticket: 'SEC-42',
        },
      ],
      problems: [],
    });
  });

  test('follow containers added after construction', () => {
    const manifests = chartOf((chart) => {
      const job = new HardenedJob(chart, 'job', { containers: [{ image: IMAGE }] });
      job.addContainer({
        name: 'late',
        image: IMAGE,
        exemptions: [{ kind: 'writableRootFilesystem', justification: REASON }],
      });
    });
    const job = only(manifests, 'Job');
    expect(job.metadata.annotations[JUSTIFICATIONS_ANNOTATION]).toContain('"container":"late"');
    expect(unjustified(auditManifests(manifests, 'hardened'))).toEqual([]);
  });

  test('no exemption, no annotation', () => {
    const deployment = only(deploymentWith({ containers: [{ image: IMAGE }] }), 'Deployment');
    expect(deployment.metadata.annotations).toBeUndefined();
    expect(podTemplate(deployment).metadata.annotations).toBeUndefined();
  });
});

describe('a missing justification', () => {
  test('does not compile', () => {
    const chart = Testing.chart();
    expect(() => {
      new HardenedDeployment(chart, 'a', {
        // @ts-expect-error a capability exemption without a justification
        containers: [{ image: IMAGE, exemptions: [{ kind: 'capability', capability: 'NET_ADMIN' }] }],
      });
    }).toThrow(JustificationError);
    expect(() => {
      new HardenedDeployment(chart, 'b', {
        containers: [{ image: IMAGE }],
        // @ts-expect-error host networking needs an approver
        podExemptions: [{ kind: 'hostNetwork', justification: REASON }],
      });
    }).toThrow(JustificationError);
    expect(
      () =>
        new HardenedContainer({
          image: IMAGE,
          // @ts-expect-error privileged needs an approver
          exemptions: [{ kind: 'privileged', justification: REASON }],
        }),
    ).toThrow(JustificationError);
  });

  test('is a clear error at construction for JavaScript callers', () => {
    const untyped = { kind: 'capability', capability: 'SYS_ADMIN' } as unknown as ContainerExemption;
    expect(() =>
      deploymentWith({ containers: [{ name: 'app', image: IMAGE, exemptions: [untyped] }] }),
    ).toThrow(
      'container "app": invalid exemption\n  exemptions[0]: a "capability" exemption needs a justification { reason, approvedBy }',
    );
    const placeholder = {
      kind: 'capability',
      capability: 'CHOWN',
      justification: { reason: 'TODO' },
    } as const;
    expect(() => deploymentWith({ containers: [{ image: IMAGE, exemptions: [placeholder] }] })).toThrow(
      /justification.reason must be at least 20 characters/,
    );
  });

  test('a JavaScript caller cannot set the security context directly', () => {
    const props = { image: IMAGE, securityContext: { privileged: true } } as never;
    expect(() => new HardenedContainer(props)).toThrow(
      'HardenedContainer: the "securityContext" prop is not accepted: the posture is rendered for you; relax it with a justified entry in "exemptions"',
    );
    expect(() => deploymentWith({ containers: [{ image: IMAGE }], hostNetwork: true } as never)).toThrow(
      'HardenedDeployment: the "hostNetwork" prop is not accepted',
    );
  });

  test('seccomp Unconfined is refused in production, justified or not', () => {
    const unconfined: ContainerExemption = { kind: 'seccompUnconfined', justification: APPROVED };
    expect(() => withExemption(unconfined)).toThrow(/seccomp Unconfined is refused in production/);
    const relaxed = withExemption(unconfined, { environment: 'non-production' });
    expect(container(relaxed).securityContext.seccompProfile).toEqual({ type: 'Unconfined' });
  });

  test('a profile hash written by hand is refused: only a profile generated in the program earns it', () => {
    const claimed: ContainerExemption = {
      kind: 'seccompLocalhost',
      localhostProfile: 'profiles/api.json',
      profileSha256: 'ab'.repeat(32),
      justification: REASON,
    };
    expect(() => withExemption(claimed)).toThrow(
      /profileSha256 is not the hash of a profile generateSeccompProfile\(\) made in this program/,
    );
    const handWritten: ContainerExemption = {
      kind: 'seccompLocalhost',
      localhostProfile: 'profiles/api.json',
      justification: REASON,
    };
    expect(container(withExemption(handWritten)).securityContext.seccompProfile).toEqual({
      type: 'Localhost',
      localhostProfile: 'profiles/api.json',
    });
  });
});

describe('AppArmor, SELinux and user namespaces', () => {
  test('AppArmor stays at the platform default unless pinned', () => {
    const deployment = only(deploymentWith({ containers: [{ image: IMAGE }] }), 'Deployment');
    expect(podSpec(deployment).securityContext.appArmorProfile).toBeUndefined();
    expect(container(deployment).securityContext.seLinuxOptions).toBeUndefined();
  });

  test('pinned with the annotation (Kubernetes 1.28)', () => {
    const deployment = only(
      deploymentWith({ containers: [{ image: IMAGE }], pinAppArmorRuntimeDefault: 'annotation' }),
      'Deployment',
    );
    expect(podTemplate(deployment).metadata.annotations).toEqual({
      'container.apparmor.security.beta.kubernetes.io/main': 'runtime/default',
    });
  });

  test('pinned with the field (Kubernetes 1.30), which the cdk8s-plus-28 schema does not know', () => {
    const deployment = only(
      deploymentWith({
        containers: [
          { image: IMAGE },
          {
            name: 'custom',
            image: IMAGE,
            exemptions: [{ kind: 'appArmorLocalhost', localhostProfile: 'k8s-api', justification: REASON }],
          },
        ],
        pinAppArmorRuntimeDefault: 'field',
      }),
      'Deployment',
    );
    expect(podSpec(deployment).securityContext.appArmorProfile).toEqual({ type: 'RuntimeDefault' });
    expect(container(deployment, 'custom').securityContext.appArmorProfile).toEqual({
      type: 'Localhost',
      localhostProfile: 'k8s-api',
    });
    expect(container(deployment).securityContext.appArmorProfile).toBeUndefined();
    expect(unjustified(auditManifests([deployment], 'hardened'))).toEqual([]);
  });

  test('user namespaces are opt-in: hostUsers false', () => {
    const plain = only(deploymentWith({ containers: [{ image: IMAGE }] }), 'Deployment');
    expect(podSpec(plain).hostUsers).toBeUndefined();
    const isolated = only(
      deploymentWith({ containers: [{ image: IMAGE }], userNamespaces: true }),
      'Deployment',
    );
    expect(podSpec(isolated).hostUsers).toBe(false);
    expect(unjustified(auditManifests([isolated], 'hardened'))).toEqual([]);
  });
});

import type { HardenedPodSpec } from 'hardened-workloads';
import {
  DEFAULT_POSTURE,
  JUSTIFICATIONS_ANNOTATION,
  JustificationError,
  decodeJustifications,
  renderHardenedPod,
} from 'hardened-workloads';

const now = new Date('2026-06-01T00:00:00Z');
const reason = 'binds port 80 for the legacy load balancer health check';
const approved = { reason, approvedBy: 'security-team', ticket: 'SEC-7' };

function render(spec: Partial<HardenedPodSpec> = {}) {
  return renderHardenedPod({ where: 'app/api', now, containers: [{ name: 'api' }], ...spec });
}

describe('renderHardenedPod with no exemption', () => {
  const pod = render({ initContainers: [{ name: 'migrate' }] });

  it('renders the pod-level posture from DEFAULT_POSTURE', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: DEFAULT_POSTURE.user.uid,
      runAsGroup: DEFAULT_POSTURE.user.gid,
      fsGroup: DEFAULT_POSTURE.user.fsGroup,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.podFields).toEqual({ automountServiceAccountToken: false });
    expect(pod.annotations).toEqual({});
    expect(pod.justifications).toEqual([]);
  });

  it.each(['api', 'migrate'])('hardens container %s, init containers included', (name) => {
    expect(pod.containers.get(name)).toEqual({
      securityContext: {
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      },
      volumeMounts: [],
      hostPorts: [],
    });
  });
});

describe('writable paths', () => {
  it('become emptyDir mounts, memory-backed with a size limit where asked', () => {
    const pod = render({
      containers: [
        {
          name: 'api',
          writablePaths: ['/tmp/', { path: '/var/cache/nginx', medium: 'Memory', sizeLimit: '64Mi' }],
        },
      ],
    });
    expect(pod.volumes).toEqual([
      { name: 'api-tmp', emptyDir: {} },
      { name: 'api-var-cache-nginx', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
    expect(pod.containers.get('api')?.volumeMounts).toEqual([
      { name: 'api-tmp', mountPath: '/tmp' },
      { name: 'api-var-cache-nginx', mountPath: '/var/cache/nginx' },
    ]);
  });

  it.each([
    [['relative'], 'writablePaths[0] must be an absolute directory other than "/"'],
    [['/'], 'writablePaths[0] must be an absolute directory other than "/"'],
    [['/tmp', '/tmp/'], 'writablePaths[1] /tmp is declared twice'],
    [
      [{ path: '/tmp', sizeLimit: 'lots' }],
      'writablePaths[0].sizeLimit "lots" is not a quantity such as "64Mi"',
    ],
  ])('rejects %p', (writablePaths, message) => {
    expect(() => render({ containers: [{ name: 'api', writablePaths }] })).toThrow(`app/api/api: ${message}`);
  });

  it('keeps volume names valid DNS labels for long paths', () => {
    const pod = render({
      containers: [{ name: 'api', writablePaths: [`/${'very-long-directory-name/'.repeat(5)}x`] }],
    });
    const name = pod.volumes[0]?.name ?? '';
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('exemptions', () => {
  it('adds back a justified capability and records the justification on the pod', () => {
    const pod = render({
      containers: [
        {
          name: 'api',
          exemptions: [
            {
              kind: 'capability',
              capability: 'NET_BIND_SERVICE',
              justification: { reason, ticket: 'SEC-1' },
            },
          ],
        },
      ],
    });
    expect(pod.containers.get('api')?.securityContext.capabilities).toEqual({
      drop: ['ALL'],
      add: ['NET_BIND_SERVICE'],
    });
    const records = [
      { exemption: 'capability', container: 'api', subject: 'NET_BIND_SERVICE', reason, ticket: 'SEC-1' },
    ];
    expect(pod.justifications).toEqual(records);
    expect(decodeJustifications(pod.annotations[JUSTIFICATIONS_ANNOTATION])).toEqual({
      records,
      problems: [],
    });
  });

  it('renders privileged with allowPrivilegeEscalation true, as the Kubernetes API requires', () => {
    const pod = render({
      containers: [{ name: 'api', exemptions: [{ kind: 'privileged', justification: approved }] }],
    });
    expect(pod.containers.get('api')?.securityContext).toMatchObject({
      privileged: true,
      allowPrivilegeEscalation: true,
    });
  });

  it('renders each container relaxation only where it is justified', () => {
    const pod = render({
      containers: [
        {
          name: 'api',
          exemptions: [
            { kind: 'writableRootFilesystem', justification: { reason } },
            { kind: 'runAsRoot', justification: { reason } },
            { kind: 'seccompLocalhost', localhostProfile: 'profiles/api.json', justification: { reason } },
            { kind: 'seLinuxOptions', options: { level: 's0:c123,c456' }, justification: { reason } },
            { kind: 'appArmorLocalhost', localhostProfile: 'api-profile', justification: { reason } },
            { kind: 'hostPort', containerPort: 8080, hostPort: 80, justification: { reason } },
            { kind: 'hostPath', hostPath: '/var/log', mountPath: '/host/log', justification: approved },
            { kind: 'dockerSocket', justification: approved },
          ],
        },
        { name: 'sidecar' },
      ],
    });
    expect(pod.containers.get('api')).toEqual({
      securityContext: {
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: false,
        runAsNonRoot: false,
        runAsUser: 0,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/api.json' },
        seLinuxOptions: { level: 's0:c123,c456' },
        appArmorProfile: { type: 'Localhost', localhostProfile: 'api-profile' },
      },
      volumeMounts: [
        { name: 'api-host-var-log', mountPath: '/host/log', readOnly: true },
        { name: 'api-host-var-run-docker-sock', mountPath: '/var/run/docker.sock' },
      ],
      hostPorts: [{ containerPort: 8080, hostPort: 80 }],
    });
    expect(pod.volumes).toEqual([
      { name: 'api-host-var-log', hostPath: { path: '/var/log' } },
      { name: 'api-host-var-run-docker-sock', hostPath: { path: '/var/run/docker.sock' } },
    ]);
    expect(pod.containers.get('sidecar')?.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
    expect(pod.justifications.map((r) => [r.exemption, r.container, r.subject])).toEqual([
      ['writableRootFilesystem', 'api', undefined],
      ['runAsRoot', 'api', undefined],
      ['seccompLocalhost', 'api', undefined],
      ['seLinuxOptions', 'api', undefined],
      ['appArmorLocalhost', 'api', undefined],
      ['hostPort', 'api', '80'],
      ['hostPath', 'api', '/var/log'],
      ['dockerSocket', 'api', '/var/run/docker.sock'],
    ]);
  });

  it('puts host namespaces on the pod, and only there', () => {
    const pod = render({ exemptions: [{ kind: 'hostNetwork', justification: approved }] });
    expect(pod.podFields).toEqual({ automountServiceAccountToken: false, hostNetwork: true });
    expect(pod.justifications).toEqual([{ exemption: 'hostNetwork', ...approved }]);
    expect(() =>
      render({
        containers: [{ name: 'api', exemptions: [{ kind: 'hostPID', justification: approved } as never] }],
      }),
    ).toThrow('app/api/api: exemption "hostPID" belongs on the workload (pod), not on the container');
  });

  it('refuses an exemption without a justification at run time (JavaScript callers)', () => {
    const exemptions = [{ kind: 'capability', capability: 'NET_ADMIN' }] as never;
    expect(() => render({ containers: [{ name: 'api', exemptions }] })).toThrow(JustificationError);
    expect(() => render({ containers: [{ name: 'api', exemptions }] })).toThrow(
      'app/api/api: invalid exemption\n  exemptions[0]: a "capability" exemption needs a justification { reason, approvedBy }',
    );
  });

  it('refuses Unconfined seccomp in production and renders it elsewhere', () => {
    const containers = [
      { name: 'api', exemptions: [{ kind: 'seccompUnconfined' as const, justification: approved }] },
    ];
    expect(() => render({ containers })).toThrow('seccomp Unconfined is refused in production');
    const pod = render({ containers, environment: 'non-production' });
    expect(pod.containers.get('api')?.securityContext.seccompProfile).toEqual({ type: 'Unconfined' });
  });

  it('refuses an expired justification', () => {
    const containers = [
      {
        name: 'api',
        exemptions: [
          {
            kind: 'capability' as const,
            capability: 'NET_BIND_SERVICE' as const,
            justification: { reason, expires: '2026-01-01' },
          },
        ],
      },
    ];
    expect(() => render({ containers })).toThrow('justification expired on 2026-01-01');
  });
});

describe('options', () => {
  it('accepts other non-zero ids and refuses root or invalid ids', () => {
    expect(render({ user: { uid: 2000, gid: 3000, fsGroup: 4000 } }).securityContext).toMatchObject({
      runAsUser: 2000,
      runAsGroup: 3000,
      fsGroup: 4000,
    });
    expect(() => render({ user: { uid: 0 } })).toThrow(
      'app/api: user.uid must be a non-zero integer user or group id (got 0)',
    );
    expect(() => render({ user: { gid: 1.5 } })).toThrow('user.gid must be a non-zero integer');
  });

  it('pins AppArmor RuntimeDefault as the 1.28 annotation or the 1.30 field', () => {
    expect(render({ pinAppArmorRuntimeDefault: 'annotation' }).annotations).toEqual({
      'container.apparmor.security.beta.kubernetes.io/api': 'runtime/default',
    });
    expect(render({ pinAppArmorRuntimeDefault: 'field' }).securityContext.appArmorProfile).toEqual({
      type: 'RuntimeDefault',
    });
    expect(render().securityContext.appArmorProfile).toBeUndefined();
  });

  it('renders hostUsers: false for user namespaces on request', () => {
    expect(render({ userNamespaces: true }).podFields).toEqual({
      automountServiceAccountToken: false,
      hostUsers: false,
    });
  });

  it('refuses a container name used twice', () => {
    expect(() => render({ initContainers: [{ name: 'api' }] })).toThrow(
      'app/api: container name "api" is used twice',
    );
  });
});

import { capabilityAddBackIneffective } from 'hardened-workloads/rules/hardened';
import { podView } from 'hardened-workloads/rules';
import { CONTEXT, container, findingsWith, record, runRule } from './helpers';

const nonRootPod = (securityContext: Record<string, unknown>, podSecurity: Record<string, unknown> = {}) => ({
  securityContext: { runAsNonRoot: true, runAsUser: 10001, ...podSecurity },
  containers: [container('proxy', { securityContext })],
});
const addBack = (extra: Record<string, unknown> = {}) => ({
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
  ...extra,
});

describe('capability-add-back-ineffective', () => {
  test('a non-root add-back under allowPrivilegeEscalation: false is reported, with the sysctl as the fix', () => {
    const violations = runRule(capabilityAddBackIneffective, nonRootPod(addBack()));
    expect(violations).toEqual([
      expect.objectContaining({
        container: 'proxy',
        subject: 'NET_BIND_SERVICE',
        severity: 'warning',
        exemption: null,
        path: 'spec.containers[0].securityContext.capabilities.add',
      }),
    ]);
    expect(violations[0]?.message).toMatch(
      /^container "proxy" adds capability "NET_BIND_SERVICE", which cannot take effect/,
    );
    expect(violations[0]?.message).toContain('net.ipv4.ip_unprivileged_port_start');
  });

  test.each([
    ['root (runAsUser 0 on the container)', nonRootPod(addBack({ runAsUser: 0 }))],
    [
      'escalation allowed (a file capability can raise it)',
      nonRootPod(addBack({ allowPrivilegeEscalation: true })),
    ],
    [
      'escalation unset (Kubernetes allows it)',
      nonRootPod({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }),
    ],
    [
      'an unknown user (the image decides)',
      { containers: [container('proxy', { securityContext: addBack() })] },
    ],
    ['no add-back', nonRootPod({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } })],
  ])('no finding for %s', (_, spec) => {
    expect(runRule(capabilityAddBackIneffective, spec)).toEqual([]);
  });

  test('runAsNonRoot alone (no uid) is known to be non-root, and the container overrides the pod', () => {
    const spec = {
      securityContext: { runAsUser: 0 },
      containers: [container('proxy', { securityContext: addBack({ runAsUser: 10001 }) })],
    };
    expect(runRule(capabilityAddBackIneffective, spec)).toHaveLength(1);
    const nonRootOnly = {
      containers: [container('proxy', { securityContext: addBack({ runAsNonRoot: true }) })],
    };
    expect(runRule(capabilityAddBackIneffective, nonRootOnly)).toHaveLength(1);
  });

  test('a justified no-op is an error: the reviewer approved nothing real', () => {
    const findings = findingsWith(capabilityAddBackIneffective, nonRootPod(addBack()), [
      record({ exemption: 'capability', container: 'proxy', subject: 'NET_BIND_SERVICE' }),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'capability-add-back-ineffective',
        severity: 'error',
        status: 'violation',
      }),
    ]);
    expect(findings[0]?.message).toContain('approves a change that does nothing');
  });

  test("another container's or capability's record leaves it a warning", () => {
    const findings = findingsWith(capabilityAddBackIneffective, nonRootPod(addBack()), [
      record({ exemption: 'capability', container: 'other', subject: 'NET_BIND_SERVICE' }),
      record({ exemption: 'capability', container: 'proxy', subject: 'CHOWN' }),
    ]);
    expect(findings.map((f) => [f.severity, f.status])).toEqual([['warning', 'violation']]);
  });

  test('Compose: a numeric non-root user with no-new-privileges names cap_add and sysctls', () => {
    const spec = {
      securityContext: {},
      containers: [
        container('api', {
          securityContext: {
            runAsUser: 10001,
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'], add: ['CHOWN'] },
          },
        }),
      ],
    };
    const violations = capabilityAddBackIneffective.check(
      podView(spec, 'services.api', { dialect: 'compose' }),
      CONTEXT,
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toContain('Docker gives a non-root process no ambient capabilities');
    expect(violations[0]?.message).toContain('COPY --chown');
  });
});

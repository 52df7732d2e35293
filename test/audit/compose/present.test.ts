import type { Workload } from 'hardened-workloads/audit';
import { evaluateWorkload, resolveAudit } from 'hardened-workloads/audit';
import { COMPOSE_PRESENTERS, workloadsFromCompose } from 'hardened-workloads/audit/compose';
import { ALL_RULES, defineRule } from 'hardened-workloads/rules';
import { auditCompose } from './helpers';

const HARDENED_SERVICE = {
  image: 'registry.example.com/api:1.0',
  user: '10001:10001',
  read_only: true,
  cap_drop: ['ALL'],
  security_opt: ['no-new-privileges:true'],
  mem_limit: '256m',
  cpus: 1,
  pids_limit: 100,
};

/** The findings of one rule for a hardened service changed by `edit`. */
function findingsOf(rule: string, edit: Record<string, unknown>) {
  const { findings } = auditCompose({ services: { api: { ...HARDENED_SERVICE, ...edit } } });
  return findings.filter((f) => f.rule === rule).map((f) => [f.message, f.path]);
}

describe('Compose presentation', () => {
  test('every rule that applies to Compose has an entry', () => {
    const missing = ALL_RULES.filter(
      (r) => r.dialects.includes('compose') && !(r.id in COMPOSE_PRESENTERS),
    ).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  test('the baseline service has no finding at all, so each case below shows one rule biting', () => {
    expect(auditCompose({ services: { api: HARDENED_SERVICE } }).findings).toEqual([]);
  });

  test.each([
    ['host-namespaces', { pid: 'host' }, 'service "api" must not set pid: host', 'services.api.pid'],
    ['host-namespaces', { ipc: 'host' }, 'service "api" must not set ipc: host', 'services.api.ipc'],
    [
      'privileged',
      { privileged: true },
      'service "api" must not set privileged: true',
      'services.api.privileged',
    ],
    [
      'capabilities-restricted',
      { cap_drop: ['NET_RAW'] },
      'service "api" must set cap_drop: [ALL]',
      'services.api.cap_drop',
    ],
    [
      'capabilities-restricted',
      { cap_add: ['CHOWN'] },
      'service "api" must not set cap_add "CHOWN"',
      'services.api.cap_add',
    ],
    [
      'capabilities-justified',
      { cap_add: ['net_bind_service'] },
      'service "api" must not set cap_add "NET_BIND_SERVICE" without a justification',
      'services.api.cap_add',
    ],
    [
      'restricted-volumes',
      { volumes: [{ type: 'bind', source: '/srv', target: '/srv' }] },
      'service "api" must not bind-mount host path "/srv" (volumes[0])',
      'services.api.volumes[0]',
    ],
    [
      'apparmor-profile',
      { security_opt: ['no-new-privileges:true', 'apparmor:unconfined'] },
      'service "api" must not set security_opt "apparmor:unconfined"',
      'services.api.security_opt[1]',
    ],
    [
      'selinux-options',
      { security_opt: ['no-new-privileges:true', 'label=disable'] },
      'service "api" must not set security_opt "label=disable"',
      'services.api.security_opt[1]',
    ],
    [
      'proc-mount-restricted',
      { security_opt: ['no-new-privileges:true', 'systempaths=unconfined'] },
      'service "api" must not set security_opt "systempaths=unconfined"',
      'services.api.security_opt[1]',
    ],
    [
      'seccomp-profile-restricted',
      { security_opt: ['seccomp=unconfined', 'no-new-privileges'] },
      'service "api" must not set security_opt "seccomp=unconfined"',
      'services.api.security_opt[0]',
    ],
    [
      'sysctls',
      { sysctls: { 'kernel.msgmax': 65536 } },
      'service "api" must not set sysctl "kernel.msgmax" in sysctls',
      'services.api.sysctls',
    ],
    [
      'allow-privilege-escalation',
      { security_opt: [] },
      'service "api" must set security_opt "no-new-privileges:true"',
      'services.api.security_opt',
    ],
    [
      'run-as-non-root',
      { user: 'app:10001' },
      'service "api" must set user to a numeric non-zero uid, e.g. "10001:10001": the name "app" cannot be verified as non-root',
      'services.api.user',
    ],
    [
      'run-as-non-root',
      { user: undefined },
      'service "api" must set user to a numeric non-zero uid, e.g. "10001:10001" (no user)',
      'services.api.user',
    ],
    [
      'run-as-user',
      { user: '0:10001' },
      'service "api" must not run as uid 0 (user "0:10001")',
      'services.api.user',
    ],
    [
      'read-only-root-filesystem',
      { read_only: false },
      'service "api" must set read_only: true',
      'services.api.read_only',
    ],
    [
      'explicit-non-root-ids',
      { user: '10001' },
      'service "api" must set user to non-zero numeric ids "uid:gid", e.g. "10001:10001" (user "10001")',
      'services.api.user',
    ],
    [
      'no-container-runtime-socket',
      { volumes: ['/run/containerd:/run/containerd'] },
      'service "api" must not mount /run/containerd, which contains the container runtime socket /run/containerd/containerd.sock (volumes[0])',
      'services.api.volumes[0]',
    ],
    [
      'no-container-runtime-socket',
      { use_api_socket: true },
      'service "api" must not mount the container runtime socket /var/run/docker.sock (use_api_socket: true)',
      'services.api.use_api_socket',
    ],
    [
      'no-sensitive-host-paths',
      { volumes: ['/etc/ssl:/etc/ssl:ro'] },
      'service "api" must not mount /etc/ssl, under the sensitive host path /etc (volumes[0])',
      'services.api.volumes[0]',
    ],
    [
      'no-shared-mount-propagation',
      { volumes: ['cache:/cache:rshared'] },
      'service "api" must not mount "cache:/cache:rshared" with shared propagation (volumes[0])',
      'services.api.volumes[0]',
    ],
    [
      'seccomp-localhost-justified',
      { security_opt: ['no-new-privileges:true', 'seccomp=/etc/seccomp/api.json'] },
      'service "api" must not set security_opt "seccomp=/etc/seccomp/api.json" without a justification',
      'services.api.security_opt[1]',
    ],
    [
      'seccomp-profile-generated',
      { security_opt: ['seccomp=builtin', 'no-new-privileges:true', 'seccomp=/etc/seccomp/api.json'] },
      'service "api" uses the hand-written, unreviewed seccomp profile "seccomp=/etc/seccomp/api.json": generate it (runtime default plus the justified system calls)',
      'services.api.security_opt[2]',
    ],
    [
      'custom-mac-profile-justified',
      { security_opt: ['no-new-privileges:true', 'apparmor=api-profile'] },
      'service "api" must not set security_opt "apparmor=api-profile" without a justification',
      'services.api.security_opt[1]',
    ],
    [
      'custom-mac-profile-justified',
      { security_opt: ['no-new-privileges:true', 'label=type:container_t', 'label=level:s0:c1'] },
      'service "api" must not set security_opt "label=type:container_t", "label=level:s0:c1" without a justification',
      'services.api.security_opt[1]',
    ],
    [
      'resource-limits',
      { mem_limit: undefined },
      'service "api" must set mem_limit (or deploy.resources.limits)',
      'services.api.mem_limit',
    ],
    [
      'image-tag-pinned',
      { image: 'nginx' },
      'service "api" must pin image "nginx" to a digest or a version tag (no tag)',
      'services.api.image',
    ],
    [
      'justification-valid',
      { labels: { 'hardened-workloads.io/justifications': 'not json' } },
      expect.stringMatching(
        /^service "api": annotation hardened-workloads\.io\/justifications is not valid JSON/,
      ) as string,
      'services.api.labels["hardened-workloads.io/justifications"]',
    ],
  ])('%s speaks Compose (%p)', (rule, edit, message, path) => {
    expect(findingsOf(rule, edit)).toEqual([[message, path]]);
  });

  test('a non-hostPath volume type refused by restricted-volumes is named by its type', () => {
    const presenter = COMPOSE_PRESENTERS['restricted-volumes'];
    if (presenter === undefined || presenter === 'native')
      throw new Error('restricted-volumes must have a presenter');
    const context = {
      name: 'api',
      service: {},
      path: 'services.api',
      volumeOrigins: ['services.api.volumes[0]'],
    };
    const violation = {
      message: 'volume "x" must not use restricted volume type "gitRepo"',
      path: 'services.api.volumes[0].gitRepo',
    };
    expect(presenter(violation, context)).toEqual({
      message: 'service "api" must not mount a volume of type "gitRepo" (volumes[0])',
      path: 'services.api.volumes[0]',
    });
  });

  test('a rule missing from the table keeps its Kubernetes message, prefixed with the service, at the service', () => {
    const unknownRule = defineRule({
      id: 'test-only-rule',
      title: 'Always finds something',
      severity: 'error',
      level: 'baseline',
      pssCheck: null,
      dialects: ['compose'],
      restrictedFields: [],
      allowedValues: '',
      references: {},
      rationale: '',
      remediation: '',
      exampleFix: '',
      justifiedBy: [],
      check: (pod) => [{ message: 'container "api" must do something', path: `${pod.path}.containers[0].x` }],
    });
    const workload = workloadsFromCompose({ services: { api: {} } }).workloads[0] as Workload;
    const [finding] = evaluateWorkload(workload, resolveAudit({ rules: [unknownRule] }));
    expect([finding?.message, finding?.path]).toEqual([
      'service "api": container "api" must do something',
      'services.api',
    ]);
  });
});

